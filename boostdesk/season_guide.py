"""帮助 → 工作流程: the year's work in the plan's order, for each stream, each step naming
where in the window it is done and what must be done before it.

Plain Python (no Qt): the dialog only shows it. Every date, amount, share and quota is
read from the campaign in view, so a re-issued plan (2023's) reads its own figures. The
places (screen → tab → button) are the window's own words; a test finds each of them in
the window, so a renamed button cannot leave this guide naming one that is gone. A list's
column is named as :func:`column` writes it (列表“资格”栏), and the test finds it among the
headers of the list at the step's place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from boostdesk.models.campaign import CITY, DISTRICT, LEVEL_ZH, PAYER_ZH, Campaign, tier_label
from boostdesk.models.records import PATENT, PROJECT, STREAM_ZH
from boostdesk.money import format_money, split_by_ratio
from boostdesk.panel.publicity import CLOSE_RULE_ZH


@dataclass(frozen=True)
class Place:
    """Where a step is done: a screen of the navigation (or a menu, ``menu``), its tab, a
    box chosen first (``field``, "label：item": 打印's 文件：审批表) or an entry filled
    first (``field`` without "：", its label: 资格审核日期), the button or entry as its
    text reads (mnemonic taken out), its key, and what is chosen in the dialog it opens
    (改状态's 核准)."""

    screen: str
    tab: str = ""
    field: str = ""
    control: str = ""
    keys: str = ""
    choice: str = ""
    menu: bool = False

    def text(self, screen_keys: Mapping[str, str] | None = None) -> str:
        """专家评审（Ctrl+5）→ 资格审核 → 通过资格审核（Alt+P）."""
        key = (screen_keys or {}).get(self.screen, "")
        parts = [f"{self.screen}（{key}）" if key else self.screen]
        if self.tab:
            parts.append(self.tab)
        if self.field:
            parts.append(self.field)
        if self.control:
            parts.append(f"{self.control}（{self.keys}）" if self.keys else self.control)
        if self.choice:
            parts.append(self.choice)
        return " → ".join(parts)


_COLUMN = re.compile(r"列表“([^”]+)”栏")


def column(header: str) -> str:
    """A list's column as the guide names it: 列表“资格”栏 (``header`` as the list heads it)."""
    return f"列表“{header}”栏"


@dataclass(frozen=True)
class Step:
    name: str
    places: tuple[Place, ...]
    before: str  # what must be done first ("" for the first step)
    facts: tuple[str, ...] = ()  # the year's figures that govern it, from the campaign

    @property
    def columns(self) -> list[str]:
        """The headers of the list columns its words name (in the list at its places)."""
        return [m for text in (self.before, *self.facts) for m in _COLUMN.findall(text)]


def day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _split_words(total_fen: int, ratio: tuple[int, int]) -> str:
    """市总工会 ¥1,500.00、推荐工会 ¥1,500.00（1:1）."""
    federation, union = split_by_ratio(total_fen, ratio)
    return (f"{PAYER_ZH['federation']} {format_money(federation)}、"
            f"{PAYER_ZH['union']} {format_money(union)}（{ratio[0]}:{ratio[1]}）")


# Places named by more than one step.
_IMPORT = Place("文件", control="导入汇总表…", keys="Ctrl+I", menu=True)
FIRST_BATCH = "批次：第一批（专利、项目首笔）"
FINAL_BATCH = "批次：第二批（项目尾款）"


def _pay(batch: str) -> Place:
    return Place("拨付", field=batch, control="登记拨付…", keys="Enter")


def _status(screen: str, target: str) -> tuple[Place, Place]:
    """The list's 改状态 button, and the same dialog from the menu (编辑 → 改变状态…)."""
    return (Place(screen, control="改状态", keys="Ctrl+M", choice=target),
            Place("编辑", control="改变状态…", keys="Ctrl+M", choice=target, menu=True))


# 改状态's last choice: not a move, the day of a standing 资格审核通过 put right
# (boostdesk.rules.qualified_day; the dialog's REDATE_ZH).
REDATE = "更正资格审核日期（不改状态）"
_QUALIFIED_DAY = "资格审核日期"


def _redate(screen: str) -> Place:
    return Place(screen, control="改状态", keys="Ctrl+M", choice=REDATE)


_REDATE_FACT = (f"已通过资格审核的（核准、拨付后也可）{_QUALIFIED_DAY}录错的，用“{REDATE}”"
                "改正并写明更正原因：审核结论和状态不变，日期不能晚于核准日期")


def _adopt_facts() -> tuple[str, ...]:
    """Decisions 采纳为拟助推名单 asks a written reason for (boostdesk.panel.adopt_proposal:
    short_message, tie_message, over_request_message, the against-plan question), said before
    the clerk meets them."""
    from boostdesk.rules.passed_against import MARK as AGAINST_MARK

    return ("评审专家不足：计入评分的专家少于“评审参数”中每个项目的专家人数的项目（"
            + column("专家数") + "），不能直接采纳：先在“分配专家”中补派专家并交回评分；"
            "经研究按现有评分采纳的，再点“采纳为拟助推名单”时须写明理由（记入修改记录）",
            "档次分界处同分、仅按材料报送日期或申报登记编号排定先后的（同分规则方案未定，本办在"
            "“设置”中自定），采纳时也须写明理由（或人工调整档次）",
            "拟助推金额超过项目申请金额的（“排名与档次”档次一栏注“超申请”），采纳时也须写明理由"
            "（或人工调整档次）",
            f"资格审核时经研究通过、但不符合方案某条的项目（档次一栏注“{AGAINST_MARK}”）得到档次的，"
            "采纳时也须写明理由，审批表写明所不符合的条款和理由")


def setup_steps(c: Campaign) -> tuple[Step, ...]:
    """Before either stream: the year's plan in 设置 — every figure below is read from it."""
    return (Step("录入本年度计划",
                 (Place("设置", control="按本年度新建下一年度…", keys="Alt+N"),
                  Place("设置", control="保存本年度计划", keys="Ctrl+S")),
                 "收到本年度的实施方案（新的一年：先选上一年度，再新建下一年度，按新方案改日期、金额、名额）",
                 (f"本年度：{c.title}，印发日期 {day(c.issued_date)}",
                  "以下各步的日期、金额、比例、名额均取自这里保存的计划")),
            # the season's first job: the units fill the office's own table, read back whole
            Step("下发空白汇总表",
                 (Place("文件", control="导入汇总表…", keys="Ctrl+I", choice="空白汇总表…",
                        menu=True),),
                 "本年度计划已在“设置”中保存",
                 (f"空白汇总表（专利：{c.attachment('patent_summary')}；"
                  f"项目：{c.attachment('project_summary')}）发给各推荐单位填写",
                  f"汇总表连同纸质申报表于 {day(c.submission_deadline)}（{c.clause('deadline')}）前报送",
                  "表头与本程序一致，填表说明的示例按本年度计划；报来后按表头自动识别导入",
                  "收到的纸质申报表按收到的日期填写收件日期（本办填写，推荐单位不填）："
                  "选中（可多选）→ 编辑 → 填写收件日期（Ctrl+D），待办的“待填收件日期”中同样可按")),
            )


def _print(what: str) -> Place:
    return Place("打印", field=f"文件：{what}", control="生成预览")


def patent_steps(c: Campaign) -> tuple[Step, ...]:
    """方案一（四）: 申报, 核准, 资金划拨 — no expert review and no publicity."""
    award = c.patent_award_fen
    return (
        Step("报送", (_IMPORT, Place("专利助推", control="新建", keys="Ctrl+N")),
             "本年度计划已在“设置”中保存，年度栏选的是本年度",
             (f"报送截止：{day(c.submission_deadline)}（{c.clause('deadline')}）",
              f"汇总表为{c.attachment('patent_summary')}，申报表为{c.attachment('patent_form')}",
              f"授权公告日须在 {day(c.grant_window_start)} 至 {day(c.grant_window_end)}"
              f"（{c.clause('patent_grant')}）",
              "申报材料：" + "、".join(c.materials(PATENT).values()))),
        Step("资格审核", (*_status("专利助推", "资格审核通过"), _redate("专利助推")),
             f"申报已登记；{column('资格')}为不合格、待补材料的已处理（F5 重新核对）",
             (f"助推条件见{c.clause('patent_conditions')}；不符合的改为“资格审核不通过”并写明理由",
              f"{_QUALIFIED_DAY}：改状态时填写作出审核结论的日期（默认今天），打印在审批表上",
              _REDATE_FACT)),
        Step("核准", _status("专利助推", "核准"),
             "资格审核通过（专利助推没有专家评审和公示：第二次改状态即核准）",
             (f"每项助推 {format_money(award)}：{_split_words(award, c.patent_split)}",
              c.per_person_limit)),
        Step("拨付（一次拨付）",
             (_pay(FIRST_BATCH),),
             "核准",
             (f"核准后 {c.patent_payment_months} 个月内拨付",
              "款项拨到第一发明人的工会会员互助服务卡（申报表上的卡号）",
              "市总工会与推荐工会两方都登记拨付后，状态即为“已拨付”")),
        Step("打印审批表、拨付清单",
             (_print("审批表"), _print("拨付清单"), Place("打印", control="打印…")),
             "核准（审批表列本年度已核准的申报；拨付清单列应拨款项，可在登记拨付前打出交财务）"),
    )


def _tier_lines(c: Campaign) -> tuple[str, ...]:
    lines = []
    for level in (CITY, DISTRICT):
        tiers = c.tiers_for(level)
        if not tiers:
            continue
        ratio = c.project_split[level]
        named = "、".join(f"{tier_label(t.name)} {format_money(t.amount_fen)} × {t.quota} 项"
                         for t in tiers)
        lines.append(f"{LEVEL_ZH[level]}工作室：{named}（市总工会与推荐工会 {ratio[0]}:{ratio[1]}）")
    return tuple(lines)


def project_steps(c: Campaign) -> tuple[Step, ...]:
    """方案二（四）: 申报, 专业评审 (after 资格), 公示, 资金划拨 in two tranches."""
    first, rest = c.tranche_shares[0], c.tranche_shares[-1]
    panel = "专家评审"
    return (
        Step("报送", (_IMPORT, Place("创新项目", control="新建", keys="Ctrl+N")),
             "本年度计划已在“设置”中保存，年度栏选的是本年度",
             (f"报送截止：{day(c.submission_deadline)}（{c.clause('deadline')}）",
              f"汇总表为{c.attachment('project_summary')}，申报书为{c.attachment('project_form')}",
              f"项目须于 {c.approval_year} 年内立项，立项之日起 {c.completion_years} 年内完成，"
              f"最晚结题 {day(c.latest_completion)}（{c.clause('project_approval')}）",
              f"每个工作室最多申报 {c.max_applications_per_studio} 项"
              f"（{c.clause('project_studio')}）",
              "申报材料：" + "、".join(c.materials(PROJECT).values()))),
        Step("填写工作室的所在单位（收款单位）",
             (Place("工作室", control="修改工作室", keys="Enter", choice="所在单位"),),
             "申报已登记（工作室随申报登记）",
             ("项目助推款拨给工作室的所在单位：未填写时不能登记拨付，分配专家时也无法核对回避",)),
        Step("资格审核",
             (Place(panel, tab="资格审核", field=_QUALIFIED_DAY, control="通过资格审核",
                    keys="Alt+P"),
              Place(panel, tab="资格审核", field=_QUALIFIED_DAY, control="不通过…", keys="Alt+R"),
              _redate("创新项目")),
             f"申报已登记；{column('自动核对')}为不符合、待补材料的已处理（仍要通过的须写明理由）",
             (f"助推范围与条件见{c.clause('project_conditions')}：往年获助推未结题验收的工作室不能申报",
              f"{_QUALIFIED_DAY}：作出审核结论的日期（默认今天，逐项审核时沿用上一项的），"
              "打印在审批表上",
              _REDATE_FACT)),
        Step("专家评审：评审组",
             (Place(panel, tab="评审组与评分细则", control="添加专家"),
              Place(panel, tab="评审组与评分细则", control="保存评分细则"),
              Place(panel, tab="评审组与评分细则", control="保存评审参数")),
             "无（可提前做）", (f"专业评审见{c.clause('project_review')}",)),
        Step("专家评审：分配专家",
             (Place(panel, tab="分配专家", control="自动均衡分配"),
              Place(panel, tab="分配专家", control="登记回避…")),
             "资格审核通过；评审组已添加专家；工作室已填所在单位（核对回避）",
             ("在格中按空格逐格分配或取消",)),
        Step("专家评审：评分包",
             (Place(panel, tab="评分包", control="导出全部评分包…"),
              Place(panel, tab="评分包", control="导入交回的评分包…")),
             "已分配专家（未分配的专家没有评分包可导出）"),
        Step("专家评审：评分录入",
             (Place(panel, tab="评分录入", control="提交评分"),),
             "已分配专家（纸面评分在此录入，代替评分包；Alt+Z 选专家，Ctrl+S 保存草稿）"),
        Step("专家评审：排名与档次",
             (Place(panel, tab="排名与档次", control="人工调整档次…"),),
             "各专家的评分已提交或导入",
             (*_tier_lines(c),
              f"助推资金总额不超过项目所需资金总额的 {c.budget_cap_percent}%",
              f"每个工作室最多获助推 {c.max_awards_per_studio} 项")),
        Step("采纳拟助推名单",
             (Place(panel, tab="排名与档次", control="采纳为拟助推名单"),),
             "排名与档次已核对（需要时人工调整档次）；各项目的评审专家人数已够，不够的写明理由",
             _adopt_facts()),
        Step("公示（异议）",
             (Place("公示", control="开始公示…"), Place("公示", control="登记异议…"),
              Place("公示", control="处理异议…")),
             "已采纳拟助推名单",
             (f"公示期 {c.publicity_length}；异议成立的项目不予助推",)),
        Step("核准", (Place("公示", control="结束公示…"),),
             "公示期满（期满次日起可结束公示）；公示期内收到的异议已登记",
             (CLOSE_RULE_ZH,)),
        Step(f"首笔拨付（{first}%）",
             (_pay(FIRST_BATCH),),
             "核准；工作室已填所在单位",
             (f"公示期满后 {c.first_tranche_months} 个月内拨付助推资金的 {first}%"
              f"（{c.clause('project_payment')}）",)),
        Step("结题验收", (Place("拨付", control="登记结题验收…"),),
             "核准（首笔是否已拨付均可登记）",
             (f"最晚结题 {day(c.latest_completion)}；验收由市总工会与企业进行",)),
        Step(f"尾款拨付（{rest}%）",
             (_pay(FINAL_BATCH),),
             "结题验收通过",
             (f"验收后 {c.final_tranche_months} 个月内拨付余下的 {rest}%",)),
        Step("打印审批表、拨付清单",
             (_print("审批表"), _print("拨付清单"), Place("打印", control="打印…")),
             "核准（拨付清单按批次：第一批为首笔，第二批为尾款）"),
    )


SETUP = "setup"
PART_ZH = {SETUP: "开始之前（两项助推共用）", **STREAM_ZH}


def season_guide(campaign: Campaign) -> dict[str, tuple[Step, ...]]:
    """The year's plan first, then each stream's steps in the plan's order, with the
    campaign's figures; keys of :data:`PART_ZH`."""
    return {SETUP: setup_steps(campaign), PATENT: patent_steps(campaign),
            PROJECT: project_steps(campaign)}


def guide_text(campaign: Campaign, screen_keys: Mapping[str, str] | None = None) -> str:
    """The whole guide as plain text (the dialog's HTML follows the same lines)."""
    lines = [f"{campaign.year} 年度工作顺序 — {campaign.title}"]
    for stream, steps in season_guide(campaign).items():
        lines += ["", PART_ZH[stream]]
        for n, step in enumerate(steps, 1):
            lines.append(f"{n}. {step.name}")
            lines += [f"   在哪里：{p.text(screen_keys)}" for p in step.places]
            if step.before:
                lines.append(f"   先要：{step.before}")
            lines += [f"   · {fact}" for fact in step.facts]
    return "\n".join(lines)

