"""Rules of the patent stream (plan part 一).

Each function enforces one clause and returns findings; none reads the
register. Cross-application rules (one award per person, duplicates) live in
:mod:`boostdesk.rules.check`, which knows the whole campaign.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from boostdesk.models.campaign import Campaign
from boostdesk.models.records import PATENT, PatentApplication, erased
from boostdesk.validate import (
    PatentNumber,
    ValidationError,
    check_resident_id,
    check_union_card,
    lacking_check_char,
    parse_patent_number,
)

from .findings import WARNING, Finding, blocking, missing, warning

LATIN_NAME = "INVENTOR_NAME_LATIN"
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

# The clauses cited are the campaign's (Campaign.clause): a re-issued plan renumbers them.


def patent_number(c: Campaign, app: PatentApplication) -> list[Finding]:
    """一（二）1: a CNIPA-granted *invention* patent — the number must be valid and of type 1 or 8."""
    clause = c.clause("patent_grant")
    if not app.patent_number_raw.strip():
        return [missing("PATENT_NUMBER_INVALID", "专利号", f"发明专利（{clause}）",
                        "patent_number_raw")]
    try:
        number = parse_patent_number(app.patent_number_raw)
    except ValidationError as exc:
        completed = lacking_check_char(app.patent_number_raw)
        if completed is None:
            return [blocking("PATENT_NUMBER_INVALID", f"专利号无效：{exc.message}（{clause}）",
                             "patent_number_raw")]
        number = completed
        if number.is_invention:  # the digits name the patent: its check digit is to send
            return [check_char_missing(number, clause)]
    if not number.is_invention:
        return [blocking(
            "PATENT_NOT_INVENTION",
            f"{number.patent_number} 是{number.kind_zh}专利，只有发明专利可获助推（{clause}）",
            "patent_number_raw",
        )]
    return []


@lru_cache(maxsize=1024)
def check_char_missing(number: PatentNumber, clause: str) -> Finding:
    """A number lacking only its check character (小数点后的一位): the 12 digits name the
    patent, so it is a missing fact (待补材料), not a refusal; the digit they give is said,
    to be checked against the certificate."""
    return Finding("PATENT_NUMBER_INVALID", WARNING,
                   f"专利号缺少校验位（小数点后的一位）：按前 {len(number.digits)} 位算应为 "
                   f"{number.check}，即 {number.patent_number}，请照专利证书核对后补上（{clause}）",
                   "patent_number_raw", True)


def shared_card(c: Campaign, app: PatentApplication,
                holders: Mapping[str, Mapping[str, str]]) -> list[Finding]:
    """一（二）2, 一（四）3: the award is paid to the first inventor's own card. A card
    registered to (or given in the same table for) another person would pay one of them
    the other's award. ``holders`` lists each shared card's people in the order they gave
    it: a later one claims another's card — 不合格 until the card is checked (an approved
    award is held, ``award_holds``); the first keeps it, told only that the card is being
    checked (a note: his award is neither refused nor held for another's paper)."""
    from boostdesk.validate import person_key, tidy_card, tidy_name

    card = tidy_card(app.card_number) if app.card_number else ""
    who = holders.get(card)
    if not who:
        return []
    me = person_key(app.id_number) or tidy_name(app.inventor_name)
    if not me:  # whose paper it is, not known: INVENTOR_MISSING says so
        return []
    others = [name for key, name in sorted(who.items()) if key != me]
    if not others:
        return []
    from boostdesk.safety.privacy import mask_card_grouped

    shown = mask_card_grouped(card)  # as the documents group it
    clause = c.clause("patent_service")
    if next(iter(who)) == me:
        return [warning("UNION_CARD_SHARED",
                        f"另有申报填写了同一互助服务卡号 {shown}，正在核对（{clause}）",
                        "card_number")]
    many = f"等 {len(others)} 人" if len(others) > 1 else ""
    return [blocking(
        "UNION_CARD_SHARED",
        f"互助服务卡号 {shown} 也登记为“{others[0]}”{many}的卡号：请核对；助推资金发放至本人的卡，"
        f"卡号更正前不能核准、拨付（{clause}）",
        "card_number")]


def grant_date(c: Campaign, app: PatentApplication) -> list[Finding]:
    """一（二）1: 授权公告日在 window start 至 window end 期间 (both inclusive)."""
    clause = c.clause("patent_grant")
    if app.grant_date is None:
        return [missing("GRANT_DATE_OUTSIDE_WINDOW", "授权公告日", f"授权期间（{clause}）",
                        "grant_date")]
    if not c.grant_window_start <= app.grant_date <= c.grant_window_end:
        return [blocking(
            "GRANT_DATE_OUTSIDE_WINDOW",
            f"授权公告日 {app.grant_date.isoformat()} 不在 {c.grant_window_start.isoformat()} 至 "
            f"{c.grant_window_end.isoformat()} 期间（{clause}）",
            "grant_date",
        )]
    return []


def applied_in_production(c: Campaign, app: PatentApplication) -> list[Finding]:
    """一（二）1: 此项发明专利已在企业生产中得到应用."""
    clause = c.clause("patent_production")
    if app.applied_in_production is None:
        return [missing("NOT_APPLIED_IN_PRODUCTION", "是否已在生产中应用",
                        f"生产应用（{clause}）", "applied_in_production")]
    if not app.applied_in_production:
        return [blocking("NOT_APPLIED_IN_PRODUCTION",
                         f"专利尚未在企业生产中应用（{clause}）", "applied_in_production")]
    return []


def service_invention(c: Campaign, app: PatentApplication) -> list[Finding]:
    """一（二）2: 发明专利应为基于岗位创新的职务发明."""
    clause = c.clause("patent_service")
    if app.service_invention is None:
        return [missing("NOT_SERVICE_INVENTION", "是否职务发明", f"职务发明（{clause}）",
                        "service_invention")]
    if not app.service_invention:
        return [blocking("NOT_SERVICE_INVENTION",
                         f"非职务发明，不在助推范围（{clause}）", "service_invention")]
    return []


def frontline(c: Campaign, app: PatentApplication) -> list[Finding]:
    """一（二）2: 第一发明人应为一线职工."""
    clause = c.clause("patent_service")
    if app.frontline is None:
        return [missing("NOT_FRONTLINE", "是否一线职工", f"一线职工（{clause}）", "frontline")]
    if not app.frontline:
        return [blocking("NOT_FRONTLINE",
                         f"第一发明人不是一线职工（{clause}）", "frontline")]
    return []


def union_card(c: Campaign, app: PatentApplication) -> list[Finding]:
    """一（二）2 and 一（四）3: 持有工会会员互助服务卡; the award is paid to that card.

    A blank card cell says nothing of whether he holds a card: a fact to supply (待补材料,
    as every other blank), not a failed condition. A card given and failing its checks is."""
    clause = c.clause("patent_service")
    if not app.card_number.strip() and erased(app.inventor_name):
        return []  # cleared by 删除个人信息: nothing to supply
    if not app.card_number.strip():
        return [missing("NO_UNION_CARD", "工会会员互助服务卡号",
                        f"第一发明人是否持有工会会员互助服务卡（{clause}），助推资金发放至该卡",
                        "card_number")]
    try:
        _, notes = check_union_card(app.card_number)
    except ValidationError as exc:
        return [blocking("UNION_CARD_INVALID",
                         f"工会会员互助服务卡号无效：{exc.message}（{clause}）",
                         "card_number")]
    return [warning("UNION_CARD_INVALID", f"{note}（{clause}）", "card_number")
            for note in notes]


def inventor(c: Campaign, app: PatentApplication) -> list[Finding]:
    """一（一）: the applicant is the first inventor, identified by name and resident ID."""
    out: list[Finding] = []
    award = c.clause("patent_award")
    # 一（三）: the year's awards a person (2022's 一次)
    n = c.max_patent_awards_per_person
    times = "一次" if n == 1 else f"至多 {n} 次"
    if not app.inventor_name.strip():
        out.append(blocking("INVENTOR_MISSING", f"未填写第一发明人姓名（{c.clause('patent_subject')}）", "inventor_name"))
    if not app.id_number.strip():
        if not erased(app.inventor_name):  # (cleared by 删除个人信息: nothing to supply)
            out.append(missing("PERSON_ID_INVALID", "身份证号", f"一人一年{times}助推（{award}）",
                               "id_number"))
    else:
        try:
            check_resident_id(app.id_number)
        except ValidationError as exc:
            out.append(blocking("PERSON_ID_INVALID",
                                f"身份证号无效：{exc.message}（{award}每人每年{times}，凭身份证号核对）",
                                "id_number"))
    out.extend(latin_name(app.inventor_name, app.id_number))
    return out


def latin_name(name: str, id_number: str) -> list[Finding]:
    """A first inventor's name in Latin letters (Shao Min) beside a resident ID: the card
    writes the name in hanzi (a minority's too, its parts parted by the dot ·), and the
    award goes to the union card in that name. A 提示, not a refusal: the paper is his, the
    name to be written as on the card; a foreigner's permanent residence ID (9…) has a
    Latin name. Shao Min was paid beside the paid 邵敏 with no word."""
    if not any("a" <= ch.lower() <= "z" for ch in unicodedata.normalize("NFKC", name)) \
            or id_number.strip().upper().translate(_FULL_WIDTH).startswith("9"):
        return []
    return [warning(LATIN_NAME,
                    f"第一发明人姓名“{name.strip()}”是拼音或外文字母：居民身份证上的姓名是汉字"
                    "（少数民族姓名也写汉字，以间隔号“·”分开），助推资金按此姓名发放至其会员卡；"
                    "请按身份证填写姓名", "inventor_name")]


def enterprise(c: Campaign, app: PatentApplication) -> list[Finding]:
    """一（四）1: the 申报表 is reviewed and stamped by the 所在单位工会. A paper without its
    所在单位 is 待补材料 (as a project's, rules.project.enterprise); the award goes to the
    card, so an approved one is marked where printed, not held (:mod:`boostdesk.no_enterprise`)."""
    if (app.enterprise_name or "").strip():
        return []
    return [missing("PATENT_NO_ENTERPRISE", "所在单位",
                    f"申报表经所在单位工会审核盖章（{c.clause('patent_materials')}）",
                    "enterprise_name")]


def materials(c: Campaign, app: PatentApplication) -> list[Finding]:
    """一（四）1: 申报表、专利证书复印件、企业应用证明，两级工会审核盖章."""
    return materials_findings(app.materials, c.materials(PATENT), c.clause("patent_materials"))


def judged_once(cache: dict[tuple[object, ...], tuple[Finding, ...]],
                key: Callable[[Any], tuple[object, ...]],
                judge: Callable[[Campaign, Any], tuple[Finding, ...]],
                c: Campaign, app: Any) -> tuple[Finding, ...]:
    """``judge(c, app)``, made once per ``key(app)`` in ``cache`` (a campaign's few-valued
    facts: the checklist and receipt date of thousands of papers take a handful of values)."""
    try:
        k = key(app)
        found = cache.get(k)
        if found is None:
            found = cache[k] = judge(c, app)
    except TypeError:  # a value that cannot be a key: judged as it is
        found = judge(c, app)
    return found


def paper_key(app: Any) -> tuple[object, ...]:
    """What the materials and submission rules read of a paper, of either stream."""
    return (tuple(app.materials.items()), app.received_date)


def _papers(c: Campaign, app: PatentApplication) -> tuple[Finding, ...]:
    return (*materials(c, app), *submission(c, app))


def submission(c: Campaign, app: PatentApplication) -> list[Finding]:
    return submission_findings(c, app.received_date)


def materials_findings(
    have: dict[str, bool], needed: Mapping[str, str], clause: str
) -> list[Finding]:
    # A register holds a handful of distinct checklists (most often none ticked yet):
    # each judged once. Findings are frozen, so the applications can share them.
    try:
        return list(_materials_findings(tuple(have.items()), tuple(needed.items()), clause))
    except TypeError:  # a checklist value that cannot be a key
        return list(_materials_findings.__wrapped__(
            tuple(have.items()), tuple(needed.items()), clause))


@lru_cache(maxsize=256)
def _materials_findings(
    have: tuple[tuple[str, bool], ...], needed: tuple[tuple[str, str], ...], clause: str
) -> tuple[Finding, ...]:
    ticked = dict(have)
    lacking = [label for key, label in needed if not ticked.get(key)]
    if not lacking:
        return ()
    return (Finding("MATERIALS_MISSING", "warning",
                    f"材料未齐：缺{'、'.join(lacking)}（{clause}）", "materials", True),)


def submission_findings(c: Campaign, received: object) -> list[Finding]:
    """三: 各单位需于 deadline 前完成材料报送 (the deadline day itself is on time)."""
    clause = c.clause("deadline")
    if received is None or type(received) is date:  # a few distinct days: each judged once
        found = list(_submission_findings(c.submission_deadline, received, clause))
    else:
        found = list(_submission_findings.__wrapped__(c.submission_deadline, received, clause))
    if type(received) is date and (wrong := _impossible_day(c.year, c.issued_date, received)):
        found.append(wrong)
    return found


def _impossible_day(year: int, issued: date, received: date) -> Finding | None:
    """A stored 收件日期 no paper can have — before the year's plan was issued (no paper is
    sent before the call for it) or to come: a slip to correct (an earlier import
    took 9月1日 so), named by `check` and the list; the form, Ctrl+D and the import refuse it."""
    from boostdesk.models import clock

    if received < issued:
        return _wrong_day(received.isoformat(), f"早于{year} 年度实施方案的印发日期 {issued.isoformat()}")
    if received > clock.today():
        return _wrong_day(received.isoformat(), "还没到（晚于今天）")
    return None


@lru_cache(maxsize=256)
def _wrong_day(day: str, why: str) -> Finding:
    return warning(WRONG_RECEIVED, f"收件日期 {day} {why}：不可能是本办收到申报的日期，"
                   "请按收件登记更正", "received_date")


WRONG_RECEIVED = "RECEIVED_IMPOSSIBLE"  # a 收件日期 before the plan's issue or to come


@lru_cache(maxsize=1024)
def _submission_findings(deadline: date, received: object, clause: str) -> tuple[Finding, ...]:
    if received is None:
        return (missing("LATE_SUBMISSION", "收件日期", f"报送时限（{clause}）",
                        "received_date"),)
    if received > deadline:  # type: ignore[operator]
        return (warning(
            "LATE_SUBMISSION",
            f"收件日期 {received.isoformat()} 晚于报送截止日 "  # type: ignore[attr-defined]
            f"{deadline.isoformat()}（{clause}），是否受理由审核人决定",
            "received_date",
        ),)
    return ()


RULES = (patent_number, grant_date, applied_in_production, service_invention, frontline,
         union_card, inventor, enterprise, materials, submission)


def intrinsic_findings(c: Campaign, app: PatentApplication) -> list[Finding]:
    """Every rule that looks at this application alone."""
    out: list[Finding] = []
    for rule in RULES:
        out.extend(rule(c, app))
    return out


def campaign_judge(c: Campaign) -> Callable[[PatentApplication], list[Finding]]:
    """:func:`intrinsic_findings` of ``c`` for a whole campaign's applications, one by one.

    The same findings in the same order. The rules of facts that take a few values across a
    campaign (grant dates and the yes/no answers; checklists and receipt dates: a few hundred
    of each at 100,000 applications) are judged once per distinct value and found again in a
    dict: a third of the ≈ 18 µs an application took; the patent number, the ID and the card
    are each an application's own, judged as they are.
    """
    facts: dict[tuple[object, ...], tuple[Finding, ...]] = {}
    papers: dict[tuple[object, ...], tuple[Finding, ...]] = {}

    def judge(app: PatentApplication) -> list[Finding]:
        out = patent_number(c, app)
        try:
            key: tuple[object, ...] = (app.grant_date, app.applied_in_production,
                                       app.service_invention, app.frontline)
            found = facts.get(key)
            if found is None:
                found = facts[key] = (*grant_date(c, app), *applied_in_production(c, app),
                                      *service_invention(c, app), *frontline(c, app))
        except TypeError:  # a value that cannot be a key: judged as it is
            found = (*grant_date(c, app), *applied_in_production(c, app),
                     *service_invention(c, app), *frontline(c, app))
        out.extend(found)
        out.extend(union_card(c, app))
        out.extend(inventor(c, app))
        out.extend(enterprise(c, app))
        out.extend(judged_once(papers, paper_key, _papers, c, app))
        return out

    return judge
