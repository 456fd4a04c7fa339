"""A campaign's parameters as people type them, parsed and checked alike for 设置 and
``boostdesk campaign set``: a plan whose parameters contradict each other (shares not
adding up to 100 %, a window ending before it starts) is refused before it is stored.
A new year made from another (设置's 新建下一年度, ``campaign new``): :func:`new_year`."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from boostdesk.clause_tree import check_outline
from boostdesk.models.campaign import (
    ATTACHMENTS,
    CALENDAR_DAYS,
    CITY,
    CLAUSES,
    DAY_UNITS,
    DISTRICT,
    LEVEL_ZH,
    LEVELS,
    OWN_CHOICE,
    TIE_STEPS,
    WORKING_DAYS,
    Campaign,
    Tier,
    lowest_terms,
    title_head,
)
from boostdesk.money import format_money
from boostdesk.validate import ValidationError, parse_amount_fen, parse_date

if TYPE_CHECKING:
    from boostdesk.models.register import Register

_RATIO = re.compile(r"^\s*(\d+)\s*[:：比]\s*(\d+)\s*$")
LEVEL_BY_TEXT = {**{v: k for k, v in LEVEL_ZH.items()}, "市级": CITY, "区级": DISTRICT,
                 CITY: CITY, DISTRICT: DISTRICT}

# What each parameter is called on the plan and in 设置.
LABELS = {
    "title": "计划名称", "issued_date": "印发日期",
    "grant_window_start": "专利授权期间起", "grant_window_end": "专利授权期间止",
    "patent_award": "每项专利助推金额", "patent_split": "专利分担比例",
    "max_patent_awards_per_person": "专利助推每人每年最多享受（次）",
    "tiers": "项目档次", "city_split": "市级工作室分担比例",
    "district_split": "区/局/集团级工作室分担比例", "budget_cap_percent": "助推资金上限",
    "approval_year": "立项年度", "completion_years": "完成时限（年）",
    "latest_completion": "最晚结题日期",
    "max_applications_per_studio": "每个工作室最多申报",
    "max_awards_per_studio": "每个工作室最多获助推", "submission_deadline": "报送截止日",
    "tranche_shares": "分期拨付比例", "patent_payment_months": "专利核准后拨付时限（月）",
    "first_tranche_months": "公示期满后首笔拨付时限（月）",
    "final_tranche_months": "验收后尾款拨付时限（月）", "publicity_days": "公示期（天）",
    "publicity_day_unit": "公示期计日方式（自然日或工作日）",
    "priority_industries": "重点产业领域",
    "extra_patent_materials": "专利申报另需材料", "extra_project_materials": "项目申报另需材料",
    "omitted_patent_materials": "专利申报不再要求的材料",
    "omitted_project_materials": "项目申报不再要求的材料",
    "notice_reply_days": "核对意见回复期限（天，0 为不写）",
    "notice_contact": "核对意见联系人及电话", "notice_email": "核对意见联系邮箱",
    "paper_address": "纸质材料报送单位及地址",
    "tie_break": "同分规则（依次，用、分开）",
    "personal_info_retention_years": "未获助推者个人信息保存期限（年度结束后，年）",
    # clause_<key>: the number the year's plan gives a clause (一（二）3), cited by the findings
    **{f"clause_{key}": f"条款编号：{what}" for key, (_, what) in CLAUSES.items()},
    # attachment_<key>: the number the year's plan gives a form or table (附件3)
    **{f"attachment_{key}": f"附件编号：{what}" for key, (_, what) in ATTACHMENTS.items()},
}

# Whole-number parameters and the range 设置's spin boxes allow.
INT_RANGES = {
    "budget_cap_percent": (1, 100), "approval_year": (2000, 2100), "completion_years": (1, 10),
    "max_applications_per_studio": (1, 20), "max_awards_per_studio": (1, 20),
    "max_patent_awards_per_person": (1, 20),
    "patent_payment_months": (1, 24), "first_tranche_months": (1, 24),
    "final_tranche_months": (1, 24),
    "publicity_days": (1, 60), "notice_reply_days": (0, 90),
    "personal_info_retention_years": (1, 30),
}
_DATES = ("issued_date", "grant_window_start", "grant_window_end", "latest_completion",
          "submission_deadline")


def parse_ratio(text: str, what: str) -> tuple[int, int]:
    """A split as typed, in lowest terms: 60:40 is stored and printed 3:2."""
    m = _RATIO.match(text)
    if not m or int(m.group(1)) <= 0 or int(m.group(2)) <= 0:
        raise ValidationError(f"{what}应写成两个正整数之比，如 1:1")
    a, b = lowest_terms((int(m.group(1)), int(m.group(2))))
    return a, b


_DAY_UNIT_WORDS = {"自然日": CALENDAR_DAYS, "日历日": CALENDAR_DAYS, "天": CALENDAR_DAYS,
                   "calendar": CALENDAR_DAYS, "工作日": WORKING_DAYS, "working": WORKING_DAYS}


def parse_day_unit(text: str) -> str:
    """公示期's unit as typed: 自然日 (日历日, 天) or 工作日."""
    unit = _DAY_UNIT_WORDS.get(text.strip().lower())
    if unit is None:
        raise ValidationError(f"应为“自然日”或“工作日”，而不是“{text.strip()}”")
    return unit


def publicity_text(c: Campaign) -> str:
    """公示期 as campaign show and 设置 say it, with how its days are counted."""
    if c.publicity_day_unit == WORKING_DAYS:
        return (f"{c.publicity_length}{OWN_CHOICE[:-1]}；按周一至周五计，首尾两日都算；"
                "法定节假日和调休本程序不知道，开始公示时请核对结束日期）")
    return f"{c.publicity_length}{OWN_CHOICE[:-1]}；按日历日计，首尾两日都算）"


def parse_shares(text: str) -> tuple[int, ...]:
    # as typed, or as campaign show and 设置 write them back (60%、40%; full-width too)
    parts = [p for p in re.split(r"[\s,，、/;；%％]+", text.strip()) if p]
    if not parts or not all(p.isdecimal() for p in parts):
        raise ValidationError("分期比例应写成百分数，用逗号分开，如 60,40")
    return _checked_shares(tuple(int(p) for p in parts))


def _checked_shares(shares: tuple[int, ...]) -> tuple[int, ...]:
    """方案二（四）4 pays in two tranches: the first after publicity, the rest (余款) after
    acceptance. Release, labels, lists and acceptance know only those two."""
    if not shares or any(s <= 0 for s in shares):
        raise ValidationError("分期比例的每一期都应大于 0，如 60,40")
    if len(shares) != 2:
        raise ValidationError("分期比例应为两期（公示期满后首笔、验收后尾款），如 60,40")
    if sum(shares) != 100:
        raise ValidationError(f"分期比例之和应为 100，现为 {sum(shares)}")
    return shares


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_contact(text: str, email: bool = False) -> str:
    """核对意见's contact as typed ("" none), tidied as the 2022 preset is
    (:func:`tidy_contact`); an e-mail address checked for its @ and domain."""
    text = " ".join(text.split())
    if email and text and not _EMAIL.match(text):
        raise ValidationError(f"邮箱应写成 name@example.com 的样式，而不是“{text}”")
    return text if email else tidy_contact(text)


_HAN = "\u4e00-\u9fff·"
# one contact: a name (its characters maybe spaced out, as the plan's 高  珊), a colon or
# none, a phone (010-83570885, 13800138000, 83570885转2)
_CONTACT = re.compile(f"([{_HAN}](?:\\s*[{_HAN}])*)\\s*[:：]?\\s*(\\d[\\d\\-－()（）]*\\d(?:转\\d+)?)")
_CONTACT_GAP = re.compile(r"[\s、,，;；/]*")


def tidy_contact(text: str) -> str:
    """Contacts pasted from the plan (“高  珊83570885    李梦遥83570883”) written as the
    preset is: 高珊 83570885、李梦遥 83570883. A text that is not names with phones only
    (a note beside them) is kept as typed, its spaces collapsed."""
    text = " ".join(text.split())
    pairs, at = [], 0
    while at < len(text):
        at = _CONTACT_GAP.match(text, at).end()  # type: ignore[union-attr]  # matches ""
        m = _CONTACT.match(text, at)
        if m is None:
            break
        name = m.group(1)
        parts = name.split()
        if len(parts) > 1 and any(len(p) > 1 for p in parts):
            return text  # two names side by side (高珊 李梦遥 8357…): not one spaced name
        pairs.append(f"{''.join(parts)} {m.group(2)}")
        at = m.end()
    if not pairs or at < len(text):
        return text
    return "、".join(pairs)


def tie_steps_text(steps: tuple[str, ...]) -> str:
    """A year's tie-break steps by their short names, as typed: 平均分、标准差、报送日期、登记号."""
    return "、".join(TIE_STEPS[k][1] for k in steps)


def tie_rule_text(steps: tuple[str, ...]) -> str:
    """The steps in words, numbered: 1. 全体专家平均分高者在前；2. …"""
    return "；".join(f"{n}. {TIE_STEPS[k][0]}" for n, k in enumerate(steps, start=1))


def parse_tie_steps(text: str) -> tuple[str, ...]:
    """The tie-break steps as typed, 、-separated, by short name, key or words (平均分、
    登记号; mean,number; 全体专家平均分高者在前); the register number last."""
    names = {alias: key for key, (words, short) in TIE_STEPS.items()
             for alias in (key, words, short)}
    out: list[str] = []
    for word in (w for w in re.split(r"[、,，;；\s]+", text) if w):
        key = names.get(word.rstrip("。"))
        if key is None:
            raise ValidationError(f"“{word}”不是可选的同分规则步骤（可选："
                                  + "、".join(short for _, short in TIE_STEPS.values()) + "）")
        if key in out:
            raise ValidationError(f"“{TIE_STEPS[key][1]}”写了两次")
        out.append(key)
    return _checked_tie_steps(tuple(out))


def _checked_tie_steps(steps: tuple[str, ...]) -> tuple[str, ...]:
    if not steps or steps[-1] != "number":
        raise ValidationError("最后一步应为“登记号”（申报登记编号小者在前）：登记号各不相同，"
                              "没有它同分项目的先后无从确定，放在中间则其后的步骤用不上")
    if any(k not in TIE_STEPS for k in steps) or len(set(steps)) != len(steps):
        raise ValidationError("同分规则的步骤应为" + "、".join(s for _, s in TIE_STEPS.values())
                              + "中的几项，各一次")
    return steps


def parse_industries(text: str) -> tuple[str, ...]:
    return tuple(p for p in re.split(r"[、,，;；\s]+", text) if p)


def parse_materials(text: str, stream: str) -> tuple[str, ...]:
    """Extra materials, 、-separated; one of 2022's own checklist is already asked for."""
    from boostdesk.models.records import PATENT, PATENT_MATERIALS, PROJECT_MATERIALS

    base = set((PATENT_MATERIALS if stream == PATENT else PROJECT_MATERIALS).values())
    out: list[str] = []
    for label in (p for p in re.split(r"[、,，;；\n]+", text) if p.strip()):
        label = label.strip()
        if label in base:
            raise ValidationError(f"“{label}”已在材料清单中，不必另加")
        if label not in out:
            out.append(label)
    return tuple(out)


def parse_omitted(text: str, stream: str) -> tuple[str, ...]:
    """2022's checklist items a year's plan no longer asks for: their labels (one of them,
    区、局、集团（公司）工会盖章, has 、 inside, so labels are found whole first) or keys."""
    from boostdesk.models.records import PATENT, PATENT_MATERIALS, PROJECT_MATERIALS

    base = PATENT_MATERIALS if stream == PATENT else PROJECT_MATERIALS
    found: set[str] = set()
    rest = text
    for key, label in sorted(base.items(), key=lambda kv: -len(kv[1])):
        if label in rest:
            found.add(key)
            rest = rest.replace(label, " ")
    for word in (w for w in re.split(r"[、,，;；\s]+", rest) if w):
        if word not in base:
            raise ValidationError(f"“{word}”不是 2022 年方案材料清单中的一项（"
                                  + "、".join(f"“{v}”" for v in base.values()) + "）")
        found.add(word)
    if "form" in found:
        raise ValidationError(f"“{base['form']}”是申报本身，不能不要求")
    return tuple(k for k in base if k in found)


def omitted_labels(c: Campaign, stream: str) -> str:
    """The year's omitted 2022 checklist items as 、-joined labels ("" none)."""
    from boostdesk.models.records import PATENT, PATENT_MATERIALS, PROJECT_MATERIALS

    base = PATENT_MATERIALS if stream == PATENT else PROJECT_MATERIALS
    keys = c.omitted_patent_materials if stream == PATENT else c.omitted_project_materials
    return "、".join(base[k] for k in keys if k in base)


# 一（二）1, 二（一）（二）, 三, 四: a part's numeral, then bracketed numerals, then an item number
_CLAUSE = re.compile(r"^[一二三四五六七八九十]+(（[一二三四五六七八九十]+）)*\d*$")


def parse_clause(text: str) -> str:
    """A clause number as the plan prints it; 方案 in front and half-width brackets taken."""
    number = text.strip().removeprefix("方案").replace("(", "（").replace(")", "）")
    number = re.sub(r"\s+", "", number)
    if not _CLAUSE.match(number):
        raise ValidationError(f"条款编号应照方案写，如 一（二）1、二（三）、三，而不是“{text.strip()}”")
    return number


def clause_changes(campaign: Campaign, numbers: dict[str, str]) -> dict[str, str]:
    """The campaign's clause numbers with ``numbers`` (key -> typed number; blank: 2022's)
    applied; only those differing from 2022's are kept, so an unchanged plan stores none."""
    merged = {**campaign.clauses}
    for key, text in numbers.items():
        merged[key] = parse_clause(text) if text.strip() else CLAUSES[key][0]
    return {k: v for k, v in merged.items() if v != CLAUSES[k][0]}


_ATTACHMENT = re.compile(r"^(?:附件)?\s*(\d{1,2})$")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def parse_attachment(text: str) -> str:
    """An attachment's number as the plan prints it (附件3); a bare 3 or full-width ３ taken."""
    m = _ATTACHMENT.match(text.strip().translate(_FULL_WIDTH_DIGITS))
    if not m or int(m.group(1)) == 0:
        raise ValidationError(f"附件编号应照方案写，如 附件3 或 3，而不是“{text.strip()}”")
    return f"附件{int(m.group(1))}"


def attachment_changes(campaign: Campaign, numbers: dict[str, str]) -> dict[str, str]:
    """The campaign's attachment numbers with ``numbers`` (key -> typed number; blank:
    2022's) applied; only those differing from 2022's are kept. Two attachments of one
    number are refused: the clerk would send the wrong form."""
    merged = {**campaign.attachments}
    for key, text in numbers.items():
        merged[key] = parse_attachment(text) if text.strip() else ATTACHMENTS[key][0]
    final = {k: merged.get(k) or default for k, (default, _) in ATTACHMENTS.items()}
    seen: dict[str, str] = {}
    for key, number in final.items():
        if number in seen:
            raise ValidationError(
                f"{ATTACHMENTS[seen[number]][1]}和{ATTACHMENTS[key][1]}都编为{number}")
        seen[number] = key
    return {k: v for k, v in final.items() if v != ATTACHMENTS[k][0]}


def tier_from_texts(number: int, name: str, amount: str, quota: str, level: str) -> Tier:
    """Tier ``number`` (from 1) as typed: a name, an amount in 元, a quota, a studio level."""
    where = f"第 {number} 档"
    try:
        fen = parse_amount_fen(amount)
    except ValidationError as exc:
        raise ValidationError(f"{where}金额：{exc.message}") from None
    quota = quota.strip()
    if not quota.isdecimal():
        raise ValidationError(f"{where}名额应为整数，而不是“{quota}”")
    if level.strip() not in LEVEL_BY_TEXT:
        raise ValidationError(f"{where}工作室级别应为“市级”或“区/局/集团级”")
    if not name.strip():
        raise ValidationError(f"{where}未填写档次名称")
    return Tier(name.strip(), fen, int(quota), LEVEL_BY_TEXT[level.strip()])


def parse_tiers(text: str) -> tuple[Tier, ...]:
    """``10万元:100000:10:市级；5万元:50000:20:市级`` (name:amount in 元:quota:level)."""
    parts = [p for p in re.split(r"[;；\n]+", text) if p.strip()]
    out = []
    for i, part in enumerate(parts, start=1):
        cells = re.split(r"\s*[:：]\s*", part.strip())
        if len(cells) != 4:
            # tiers run together with commas (10万元:100000:10:市级,5万元:…): said as such
            comma = len(cells) > 4 and re.search(r"[,，、]", part)
            raise ValidationError(
                f"第 {i} 档应写成“名称:金额（元）:名额:级别”，如 10万元:100000:10:市级，"
                f"而不是“{part.strip()}”。" + ("档次之间请用分号隔开，不用逗号" if comma else "多个档次之间用分号隔开")
                + "（; 或 ；），如 10万元:100000:10:市级;5万元:50000:20:市级")
        out.append(tier_from_texts(i, *cells))
    return tuple(out)


def apply_settings(campaign: Campaign, pairs: list[tuple[str, str]]) -> Campaign:
    """``campaign`` with each (key, text) applied; keys as in :data:`LABELS`. Raises
    ValidationError naming the key and why, and for an unknown key the known ones."""
    changes: dict[str, Any] = {}
    split = dict(campaign.project_split)
    attachments: dict[str, str] = {}  # applied together: two numbers may be swapped
    for key, text in pairs:
        label = LABELS.get(key)
        if label is None:
            raise ValidationError(f"没有参数“{key}”；可设置的参数：{'、'.join(LABELS)}")
        try:
            if key == "title":
                changes[key] = text.strip()
            elif key in ("notice_contact", "notice_email"):
                changes[key] = parse_contact(text, key == "notice_email")
            elif key == "paper_address":
                changes[key] = " ".join(text.split())
            elif key in _DATES:
                changes[key] = parse_date(text)
            elif key == "patent_award":
                changes["patent_award_fen"] = parse_amount_fen(text)
            elif key == "patent_split":
                changes[key] = parse_ratio(text, "")
            elif key in ("city_split", "district_split"):
                split[CITY if key == "city_split" else DISTRICT] = parse_ratio(text, "")
                changes["project_split"] = dict(split)
            elif key == "tiers":
                changes[key] = parse_tiers(text)
            elif key == "tranche_shares":
                changes[key] = parse_shares(text)
            elif key == "priority_industries":
                changes[key] = parse_industries(text)
            elif key == "publicity_day_unit":
                changes[key] = parse_day_unit(text)
            elif key == "tie_break":
                changes["tie_break_steps"] = parse_tie_steps(text)
            elif key in ("extra_patent_materials", "extra_project_materials"):
                changes[key] = parse_materials(text, key.split("_")[1])
            elif key in ("omitted_patent_materials", "omitted_project_materials"):
                changes[key] = parse_omitted(text, key.split("_")[1])
            elif key.startswith("clause_"):
                changes["clauses"] = clause_changes(
                    campaign.with_changes(**changes), {key.removeprefix("clause_"): text})
            elif key.startswith("attachment_"):
                if text.strip():
                    parse_attachment(text)
                attachments[key.removeprefix("attachment_")] = text
            else:
                stripped = text.strip().rstrip("%％")
                if not stripped.isdecimal():
                    raise ValidationError(f"应为正整数，而不是“{text}”")
                changes[key] = int(stripped)
        except ValidationError as exc:
            raise ValidationError(f"{key}（{label}）：{exc.message}") from None
    if attachments:
        try:
            changes["attachments"] = attachment_changes(campaign, attachments)
        except ValidationError as exc:
            raise ValidationError(f"附件编号：{exc.message}") from None
    return validate_campaign(campaign.with_changes(**changes))


def validate_campaign(c: Campaign) -> Campaign:
    """``c`` when its parameters make a plan; else ValidationError naming the first at fault."""
    if not c.title.strip():
        raise ValidationError("请填写计划名称")
    _check_title(c)
    for name in _DATES:
        if not isinstance(getattr(c, name), date):
            raise ValidationError(f"请填写{LABELS[name]}")
    if c.grant_window_start > c.grant_window_end:
        raise ValidationError("专利授权期间的起日晚于止日")
    if c.issued_date > c.submission_deadline:  # no paper could be sent in time
        raise ValidationError(
            f"印发日期 {c.issued_date.isoformat()} 晚于材料报送截止日"
            f" {c.submission_deadline.isoformat()}：方案印发后才能报送申报，请核对两个日期"
            "（常见为年份或月份填错）")
    if c.patent_award_fen <= 0:
        raise ValidationError("每项专利助推金额应大于 0")
    for what, ratio in (("专利分担比例", c.patent_split),
                        *((f"{LEVEL_ZH[level]}工作室分担比例", c.project_split.get(level))
                          for level in LEVELS)):
        if ratio is None or len(ratio) != 2 or min(ratio) <= 0:
            raise ValidationError(f"{what}应写成两个正整数之比，如 1:1")
    if not c.tiers:
        raise ValidationError("项目档次：至少要有一档")
    for i, t in enumerate(c.tiers, start=1):
        if not t.name.strip() or t.amount_fen <= 0 or t.quota < 0 or t.level not in LEVELS:
            raise ValidationError(f"第 {i} 档应有名称、大于 0 的金额、不小于 0 的名额和工作室级别")
    _checked_shares(c.tranche_shares)
    if c.publicity_day_unit not in DAY_UNITS:
        raise ValidationError("公示期计日方式应为自然日或工作日")
    try:
        _checked_tie_steps(c.tie_break_steps)
    except ValidationError as exc:
        raise ValidationError(f"同分规则：{exc.message}") from None
    for name, (low, high) in INT_RANGES.items():
        value = getattr(c, name)
        if not low <= value <= high:
            raise ValidationError(f"{LABELS[name]}应在 {low} 至 {high} 之间，现为 {value}")
    check_outline({key: c.clause_number(key) for key in CLAUSES})
    if c.max_awards_per_studio > c.max_applications_per_studio:
        raise ValidationError(f"每个工作室最多获助推的项数（{c.max_awards_per_studio}）"
                              f"多于最多申报的项数（{c.max_applications_per_studio}）")
    return c


def _check_title(c: Campaign) -> None:
    """The approval sheets, payment lists and publicity list are headed and stamped with the
    federation and the year the title opens with (三、附件: 北京市总工会2022年职工创新助推计划)."""
    federation, year = title_head(c.title)
    if not federation.endswith("工会"):
        raise ValidationError(
            f"计划名称应以发文的总工会名称开头、后接年度，如“××市总工会{c.year}年职工创新助推计划”："
            "审批表、拨付清单和公示名单上的单位名称取自这里")
    if year != c.year:
        raise ValidationError(
            f"计划名称中的年度为 {year}，与本年度 {c.year} 不符：审批表、拨付清单和公示名单的"
            "标题取自计划名称")


def new_year(reg: Register, year: int, source_year: int | None = None,
             pairs: list[tuple[str, str]] | None = None) -> Campaign:
    """The campaign of ``year`` made from ``source_year``'s (default: the newest), stored
    with its panel rules in one transaction: the plan's dates moved on by the years between
    (``Campaign.for_year``; amounts, quotas, shares, clause and attachment numbers and
    materials as they were), and its scoring grid and panel settings carried over
    (``panel.grid.carry_over``: the program's defaults would change how the new year's
    scores are trimmed and ranked). 设置's 新建下一年度 and ``campaign new`` both make a
    year so. ``pairs`` (``campaign new`` KEY=VALUE, as ``campaign set`` takes them) are
    applied to the new year before it is stored, in the same transaction: a year whose plan
    differs (2014's tiers) is one command, not a year stored with the source's plan first.
    Refused (``RegisterError``) when ``year`` exists or ``source_year`` does not; a wrong
    pair (``ValidationError``) stores nothing."""
    from boostdesk.models.register import RegisterError
    from boostdesk.panel.grid import carry_over

    if year in reg.campaign_years():
        raise RegisterError(f"{year} 年度的助推计划已存在")
    source = reg.campaign(source_year)
    campaign = source.for_year(year)
    if pairs:
        campaign = apply_settings(campaign, pairs)
    with reg.transaction():
        reg.save_campaign(campaign)
        carry_over(reg, source.year, year)
    return campaign



def new_year_terms(source: Campaign, year: int) -> str:
    """What a year made from ``source`` keeps (``Campaign.for_year``), as 设置's 新建年度
    says it before and ``campaign new`` after: the clerk checks each against the year's
    own plan. The letters' contact is named with the rest: a 2024 made from 2022 printed
    2022's contacts on every 核对意见 when only amounts and clauses were said."""
    shift = year - source.year
    moved = f"顺延 {shift} 年" if shift > 0 else f"提前 {-shift} 年"
    return (f"按 {source.year} 年度计划新建 {year} 年度：各日期{moved}，金额、名额、比例、条款编号、"
            f"申报材料、核对意见联系人和邮箱、评审参数和评分细则照抄 {source.year} 年度")


def contacts_kept(source: Campaign, made: Campaign, how: str) -> str:
    """A line naming the 核对意见联系人 and 邮箱 the new year ``made`` took unchanged from
    ``source`` (they print on every letter of the year), with ``how`` to change them;
    "" when the new year was given its own."""
    if (made.notice_contact, made.notice_email) != (source.notice_contact, source.notice_email):
        return ""
    return (f"核对意见联系人及电话、联系邮箱仍是 {source.year} 年度的：{made.notice_contact or '无'}；"
            f"{made.notice_email or '无'}（{made.year} 年度的核对意见都印这些，换了人的{how}）")

# The plan's quotas are 原则上 (二（三）: 原则上助推10万元项目10项…): the program applies them as
# caps, said wherever the quotas are shown (campaign show, 设置).
QUOTA_NOTE = ("方案写“原则上”，本程序按上限执行：某档名额满后排名在后的项目不再列入该档，"
              "人工调整也不超出；确需超出的，先在此调整名额")
QUOTA_SHORT = "名额为方案的“原则上”数，按上限执行"
# 二（四）3 says only 在北京市总工会网站进行公示: the length is the office's.
PUBLICITY_NOTE = "方案只说“在北京市总工会网站进行公示”，未定天数"


# How an award becomes whole-fen payments (money.split_by_ratio, tranche_amounts,
# payer_tranche_matrix), in one sentence the office can check each list against: said
# by ``campaign show`` and the 设置 screen beside the split settings.
ROUNDING_RULE = (
    "金额取整到分：核准金额按分担比例拆分，零头的分按最大余数分配（余数相同的归市总工会）；"
    "项目首笔按比例四舍五入到分，再按各付款单位尚应分担的金额比例拆分，尾款为余下的全部，"
    "各笔合计与核准金额分毫不差；与按比例直接计算相差的分，在拨付清单备注中注明“含尾差”")


def campaign_lines(c: Campaign) -> list[str]:
    """Every rule parameter of a campaign, labelled as the plan words it."""
    split = "，".join(f"{LEVEL_ZH.get(k, k)} {a}:{b}" for k, (a, b) in c.project_split.items())
    tiers = "；".join(
        f"{t.name}（{format_money(t.amount_fen)}，{LEVEL_ZH.get(t.level, t.level)}，"
        f"原则上 {t.quota} 项）" for t in c.tiers
    ) + f"（{QUOTA_NOTE}）"
    return [
        f"年度：{c.year}",
        f"名称：{c.title}",
        f"印发日期：{c.issued_date.isoformat()}",
        f"专利授权公告日期间：{c.grant_window_start.isoformat()} 至 {c.grant_window_end.isoformat()}"
        "（含首尾两日）",
        f"每项专利助推金额：{format_money(c.patent_award_fen)}",
        f"专利助推分担比例（市总工会:推荐工会）：{c.patent_split[0]}:{c.patent_split[1]}",
        f"专利助推每人每年最多享受：{c.max_patent_awards_per_person} 次",
        f"项目助推档次：{tiers}",
        f"项目助推分担比例（市总工会:推荐工会）：{split}",
        f"助推资金上限：项目所需资金总额的 {c.budget_cap_percent}%",
        f"立项年度：{c.approval_year}",
        f"完成时限：立项之日起 {c.completion_years} 年内，最晚 {c.latest_completion.isoformat()}",
        f"每个工作室最多申报：{c.max_applications_per_studio} 项；最多获助推：{c.max_awards_per_studio} 项",
        f"材料报送截止日：{c.submission_deadline.isoformat()}（含当日）",
        "项目资金分期拨付比例：" + "、".join(f"{s}%" for s in c.tranche_shares),
        f"分担与分期的取整：{ROUNDING_RULE}",
        f"专利核准后拨付时限：{c.patent_payment_months} 个月",
        f"项目公示期满后首笔拨付时限：{c.first_tranche_months} 个月",
        f"项目验收后尾款拨付时限：{c.final_tranche_months} 个月{OWN_CHOICE}",
        f"公示期：{publicity_text(c)}",
        f"同分规则：得分相同时依次按 {tie_rule_text(c.tie_break_steps)}{OWN_CHOICE[:-1]}："
        "档次分界处仅按材料报送日期或申报登记编号定下的，采纳时须写明理由）",
        "核对意见回复期限：" + (f"核对日期后 {c.notice_reply_days} 天" if c.notice_reply_days
                            else "不写"),
        f"核对意见联系人及电话：{c.notice_contact or '无'}",
        f"核对意见联系邮箱：{c.notice_email or '无'}",
        f"纸质材料报送至：{c.paper_address or '无'}",
        f"未获助推者个人信息保存期限：年度结束后 {c.personal_info_retention_years} 年"
        "（本办自定；期满可“删除个人信息”）",
        "重点产业领域：" + "、".join(c.priority_industries),
        "专利申报另需材料：" + ("、".join(c.extra_patent_materials) or "无"),
        "项目申报另需材料：" + ("、".join(c.extra_project_materials) or "无"),
        "专利申报不再要求的材料：" + (omitted_labels(c, "patent") or "无"),
        "项目申报不再要求的材料：" + (omitted_labels(c, "project") or "无"),
        "方案条款编号（与 2022 年方案不同的）：" + ("；".join(
            f"{CLAUSES[k][1]} {CLAUSES[k][0]} → {v}" for k, v in sorted(c.clauses.items()))
            or "无"),
        "附件编号（与 2022 年方案不同的）：" + ("；".join(
            f"{ATTACHMENTS[k][1]} {ATTACHMENTS[k][0]} → {v}"
            for k, v in sorted(c.attachments.items())) or "无"),
    ]
