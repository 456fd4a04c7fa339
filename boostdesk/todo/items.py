"""What a 待办 item is, the kinds of them in the order the office takes them, and a
group's words. No Qt: the 待办 screen, the status bar's line and `boostdesk todo` read
these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from boostdesk.money import format_money

# The screens an item sends the clerk to, by their navigation labels (ui.main_window.SCREENS).
PATENTS, PROJECTS, PANEL, PUBLICITY, PAYMENTS = "专利助推", "创新项目", "专家评审", "公示", "拨付"
STUDIOS = "工作室"


@dataclass(frozen=True)
class Kind:
    """One kind of open work: its name in the list and where it is done."""

    key: str
    label: str
    screen: str  # the navigation label of the screen it is done on
    tab: str = ""  # 专家评审's tab, when the screen has tabs
    urgent: bool = False  # every item of it is overdue (逾期)


# In the order a clerk back from leave takes them: money and dates already missed, then
# what blocks the next step of the year, then the papers waiting at the desk.
KINDS: tuple[Kind, ...] = (
    Kind("payment_overdue", "逾期未拨付", PAYMENTS, urgent=True),
    Kind("payment_returned", "退汇待重拨", PAYMENTS),
    # an approved patent paid to the inventor's union card (一（四）3), none registered:
    # the money cannot leave until the card is filled in on the paper
    Kind("payment_no_card", "待补卡号", PATENTS),
    # a patent's transfer the bank sent back from the card still on the paper: sent again
    # it would go where it came back from, so the card is corrected (or confirmed) first
    Kind("payment_card_stale", "待更正卡号（退汇后未更正）", PATENTS),
    Kind("completion_overdue", "逾期未结题验收", PAYMENTS, urgent=True),
    Kind("objection_open", "异议待处理", PUBLICITY),
    Kind("publicity_ended", "公示期满待结束", PUBLICITY),
    Kind("award_held", "暂缓拨付待决定", PAYMENTS),
    # short: the 类别 column is as wide as its longest label (the words say the decision)
    Kind("paid_refused", "已拨付现不合格待决定", PATENTS),
    Kind("to_recover", "撤销助推待追回", PAYMENTS),
    Kind("payment_due_soon", "即将到期的款项", PAYMENTS),
    Kind("completion_due_soon", "即将到结题期限", PAYMENTS),
    Kind("adopted_unpublished", "拟助推名单待公示", PUBLICITY),
    Kind("scores_complete", "评分已齐待采纳", PANEL, tab="排名与档次"),
    Kind("scores_missing", "评分未交回", PANEL, tab="评分包"),
    Kind("experts_unassigned", "待分配评审专家", PANEL, tab="分配专家"),
    # past 资格审核, on the way to an award (二（四）4: paid to it), 回避 unchecked
    Kind("no_enterprise", "所在单位未登记", STUDIOS),
    Kind("awaiting_approval", "资格审核通过待核准", PATENTS),
    # 已登记 and refused by the rules (as `boostdesk check` says 不合格): the reviewer
    # decides it (资格审核不通过) and the union is told; never 待补材料, no paper makes it good
    Kind("refused_undecided", "核对不合格待审核决定", PATENTS),
    Kind("late_papers", "逾期报送待审核人决定", PATENTS),
    # lacking only the day the office received it: the office's own work, no union's
    Kind("no_received", "待填收件日期", PATENTS),
    Kind("incomplete", "待补材料", PATENTS),
    Kind("awaiting_qualification", "待资格审核", PATENTS),
    Kind("payment_due", "待拨付（未到期）", PAYMENTS),
)
KIND = {k.key: k for k in KINDS}

DUE_SOON_DAYS = 14  # a payment due within two weeks (a leave's length) is said due soon
COMPLETION_SOON_DAYS = 60  # a project's latest completion date within two months
ITEMS_SHOWN = 200  # items listed a kind; the count and the money are of them all


@dataclass(frozen=True)
class TodoItem:
    """One open piece of work: which paper, line or batch, what to do and where."""

    kind: str
    year: int
    ref: str  # 专利12, 项目6, 第2批公示, an expert's name
    title: str  # the paper's title, the payee, the batch's dates
    todo: str  # what to do, with the facts it needs (what is lacking, since when)
    where: str  # where it is done: screen → tab → button, or the command
    stream: str = ""  # patent / project, when it is one paper's
    app_id: int | None = None
    line_id: int | None = None  # a payment line's
    period_id: int | None = None  # a publicity batch's
    amount_fen: int | None = None
    day: date | None = None  # the day it is counted from: due, received, ended
    days: int | None = None  # days overdue (> 0) or left (≤ 0)
    overdue: bool = False
    screen_label: str = ""  # where it is done when not its kind's screen (a project's 资格审核)
    tab_label: str = ""

    @property
    def screen(self) -> str:
        return self.screen_label or KIND[self.kind].screen

    @property
    def tab(self) -> str:
        return self.tab_label or ("" if self.screen_label else KIND[self.kind].tab)

    @property
    def when(self) -> str:
        """The item's day in words: 已逾期 12 天, 还有 8 天, 2022-11-05 收件."""
        if self.days is None:
            return self.day.isoformat() if self.day else ""
        if self.days > 0:
            return f"已逾期 {self.days} 天"
        if self.days == 0:
            return "今天到期"
        return f"还有 {-self.days} 天"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "kind_label": KIND[self.kind].label, "year": self.year,
                "ref": self.ref, "title": self.title, "todo": self.todo, "where": self.where,
                "screen": self.screen, "tab": self.tab or None, "stream": self.stream or None, "app_id": self.app_id,
                "line_id": self.line_id, "period_id": self.period_id,
                "amount_fen": self.amount_fen,
                "amount": None if self.amount_fen is None else format_money(self.amount_fen),
                "day": self.day.isoformat() if self.day else None, "days": self.days,
                "overdue": self.overdue}


@dataclass
class Group:
    """One kind's items: all counted, the first ``ITEMS_SHOWN`` listed, oldest first."""

    kind: Kind
    count: int = 0
    amount_fen: int | None = None  # None: a kind without money
    overdue: int = 0
    items: list[TodoItem] = field(default_factory=list)

    @property
    def more(self) -> int:
        """Items counted and not listed."""
        return self.count - len(self.items)

    @property
    def heading(self) -> str:
        """逾期未拨付 3 项 · ¥9,000.00 (其中逾期 …)."""
        text = f"{self.kind.label} {self.count} 项"
        if self.amount_fen is not None:
            text += f" · {format_money(self.amount_fen)}"
        if self.overdue and not self.kind.urgent:
            text += f"（其中逾期 {self.overdue} 项）"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.key, "label": self.kind.label, "screen": self.kind.screen,
                "count": self.count, "overdue": self.overdue, "amount_fen": self.amount_fen,
                "amount": None if self.amount_fen is None else format_money(self.amount_fen),
                "items": [i.to_dict() for i in self.items], "more": self.more}


@dataclass
class TodoList:
    """Every kind with open work as of ``today``, in :data:`KINDS`' order."""

    today: date
    groups: list[Group]
    # a register with no paper yet: what to do first (nothing being open is no news then)
    first_steps: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return sum(g.count for g in self.groups)

    @property
    def overdue(self) -> int:
        return sum(g.overdue for g in self.groups)

    def group(self, key: str) -> Group | None:
        return next((g for g in self.groups if g.kind.key == key), None)

    def status_line(self, key: str = "Ctrl+0") -> str:
        """The status bar's line: 待办 12 项，其中逾期 3 项（Ctrl+0）."""
        if not self.count and self.first_steps:  # a new register: not "none" above its steps
            return f"待办：新登记册，从第一步开始{f'（{key}）' if key else ''}"
        if not self.count:
            return "待办：暂无"
        text = f"待办 {self.count} 项"
        if self.overdue:
            text += f"，其中逾期 {self.overdue} 项"
        return text + (f"（{key}）" if key else "")

    def to_dict(self) -> dict[str, Any]:
        return {"today": self.today.isoformat(), "count": self.count,
                "overdue": self.overdue, "groups": [g.to_dict() for g in self.groups],
                "first_steps": list(self.first_steps)}


def first_steps(years: list[int]) -> tuple[str, ...]:
    """A register without a paper, as its first start says (``ui.launch.made_text``): the
    season's first jobs in order, each where it is done (window or command line)."""
    from boostdesk.said_where import on_cli, way

    year = max(years) if years else None
    plan = f" {year} 年度" if year else "本年度"
    project = way("", f"boostdesk template project 项目汇总表.xlsx --year {year}")
    return (
        "登记册中还没有申报。开始本年度的工作：",
        f"1. 核对{plan}的助推计划（报送截止日、授权期间、金额、名额）："
        + way("设置（Ctrl+9）", f"boostdesk campaign show --year {year}"),
        "2. 下发空白汇总表给各推荐单位填写："
        + way("文件 → 导入汇总表…（Ctrl+I）→ 空白汇总表…",
              f"boostdesk template patent 专利汇总表.xlsx --year {year}")
        + (f"；{project}" if on_cli() else ""),
        "3. 收到的纸质申报表逐份录入、报来的汇总表导入，并填写收件日期（本办收到的日期）："
        + way("新建申报（Ctrl+N）、导入汇总表（Ctrl+I）",
              f"boostdesk import 汇总表.xlsx --year {year} --received YYYY-MM-DD"),
    )
