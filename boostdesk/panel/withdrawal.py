"""撤回申报: an application its recommending union withdraws by letter (the applicant's
own wish goes through it: 二（四）1 / 一（四）1, the union recommends and so withdraws).

A project may be withdrawn at any stage from 已登记 up to 核准 while none of its money is
paid: 已登记, 资格审核通过, 专家评审, 拟助推, 公示 or 核准 → 未获助推; a patent from 已登记,
资格审核通过 or 核准 → 资格审核不通过 (its workflow has no 未获助推). The move's reason,
kept on the paper, in its status history and in the trail, says 推荐单位撤回 with the
letter's day and writer (:func:`withdrawal_reason`, read back by :func:`withdrawn`): the
publicity list (更正) and the detail pane say 推荐单位撤回, not 异议成立 or 不通过.

What goes with it: an approval's unpaid payment lines (``Register._withdraw_award``,
audited); a proposal adopted and not yet published (its row, audited: the project leaves
the ranking and 撤回拟助推名单 cannot bring it back). A published proposal stays: it is
what was posted, the 更正 lists it as withdrawn. The tier place it held is not given to
anyone: the plan sets the quotas 原则上 and says nothing of filling one freed after the
review, so :data:`PLACE_RULE` says the office decides, and who the ranking would put in it
(``freed_places``). Once any money stands paid the withdrawal is refused: recovering it
is the office's and finance's, not this move's.

Taken back (:mod:`.withdrawal_restore`): the clerk's slip by Ctrl+Z right after, the
union's second letter (撤销撤回) by 恢复申报 — the paper back in the status it had, what
this move took put back as it was, while nothing done since stands in the way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from boostdesk.models.records import PATENT, PROJECT, ProjectApplication, id_ref
from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.said_where import way
from boostdesk.validate import after_today

from .errors import PanelError

WITHDRAWN_ZH = "推荐单位撤回"
CHOICE_ZH = "撤回申报（推荐单位来函）"  # as 改变状态 offers it
STEP_ZH = f"“改变状态”→“{CHOICE_ZH}”"  # where a hint sends the clerk
ACTION = "withdraw_application"  # its audit line's action
WITHDRAWABLE = {PATENT: ("registered", "qualified", "approved"),
                PROJECT: ("registered", "qualified", "review", "proposed", "publicized",
                          "approved")}
TARGET = {PATENT: "refused", PROJECT: "not_awarded"}
# an example for the question and the refusal
REASON_HINT = "如：推荐单位来函撤回该项目申报（项目已终止）"

# What becomes of the tier place a withdrawn proposal or award held: the office's
# decision, said once, with the window's place (改变状态's 撤回申报 says it before the move);
# :func:`place_rule` names the command on the command line instead.
_PLACE_RULE = ("空出的档次名额不自动递补（方案的各档名额为“原则上”，对评审后空出的名额未作递补规定），"
               "是否按排名递补由市总工会研究决定：决定递补的，{how}；不递补的，该档名额留空")
PLACE_RULE = _PLACE_RULE.format(how="在“专家评审 → 排名与档次”中重新采纳后另批公示")


def place_rule() -> str:
    """:data:`PLACE_RULE` for this process's reader (said_where.way)."""
    return _PLACE_RULE.format(how=way(
        "在“专家评审 → 排名与档次”中重新采纳后另批公示",
        "重新采纳（boostdesk panel adopt）后另批公示（boostdesk publicity start）"))


def proposed_rule() -> str:
    """The same for a place in the adopted list not yet published."""
    return ("拟助推名单尚未公示，是否按排名递补由市总工会研究决定：决定递补的，开始公示前"
            + way("在“专家评审 → 排名与档次”中撤回拟助推名单后重新采纳",
                  "撤回拟助推名单（boostdesk panel withdraw --reason 理由）后重新采纳"
                  "（boostdesk panel adopt）")
            + "；不递补的，对按排名递补的项目人工调整档次（不予助推）并写明理由")


_REASON = re.compile(rf"^{WITHDRAWN_ZH}（(?P<by>.*) (?P<on>\d{{4}}-\d{{2}}-\d{{2}}) 来函）："
                     r"(?P<why>.*)$", re.S)


@dataclass(frozen=True)
class Withdrawn:
    """A withdrawal as its status reason records it."""

    on: date
    by: str
    why: str

    @property
    def text(self) -> str:
        return withdrawal_reason(self.on, self.by, self.why)


def withdrawal_reason(on: date, by: str, why: str) -> str:
    """推荐单位撤回（北京经济技术开发区总工会 2022-12-30 来函）：……"""
    return f"{WITHDRAWN_ZH}（{by.strip()} {on.isoformat()} 来函）：{why.strip()}"


def withdrawn(status: str, reason: str) -> Withdrawn | None:
    """The withdrawal a paper in ``status`` moved there for ``reason`` records, or None."""
    if status not in TARGET.values():
        return None
    m = _REASON.match(reason or "")
    if m is None:
        return None
    return Withdrawn(date.fromisoformat(m["on"]), m["by"], m["why"])


# Which papers are withdrawn is read from their status and status reason only
# (:func:`withdrawn`), never from the trail: the reason moves with the status in one write
# (``Register.set_status``, which also logs it in status_history), is not an editable field
# (``ui.operations.NOT_EDITED``), and the two rewordings the app does touch 资格审核不通过
# projects and 核准 ones, never a withdrawn paper (a patent's 资格审核不通过 cannot be
# re-decided in place, only reopened to 已登记, which drops the withdrawal with its reason).
# The audit line would keep saying 撤回 after a patent reopened and refused again.
_SQL_PREFIX = f"{WITHDRAWN_ZH}（%来函）：%"


@dataclass(frozen=True)
class WithdrawnPaper:
    """A withdrawn paper as the statistics count it."""

    app_id: int
    unit_id: int | None
    qualified: bool  # it had passed 资格审核 when withdrawn (资格审核通过 or a later stage)


def withdrawn_papers(reg: Register, stream: str, campaign_id: int) -> list[WithdrawnPaper]:
    """The year's papers of ``stream`` its unions withdrew (:func:`withdrawn`), with the stage
    each left: the statistics count them as 推荐单位撤回, not as 资格审核不通过 / 未获助推."""
    table = "patent_applications" if stream == PATENT else "project_applications"
    out = []
    # status_reason LIKE narrows by index to the year's refused / not awarded papers first;
    # the pattern then decides, as everywhere else
    for app_id, unit_id, status, reason, was in reg.conn.execute(
            f"SELECT a.id, a.unit_id, a.status, a.status_reason, (SELECT h.from_status"
            " FROM status_history h WHERE h.stream = ? AND h.application_id = a.id"
            f" ORDER BY h.id DESC LIMIT 1) FROM {table} a WHERE a.campaign_id = ?"
            " AND a.status = ? AND a.status_reason LIKE ?",
            (stream, campaign_id, TARGET[stream], _SQL_PREFIX)):
        if withdrawn(status, reason) is not None:
            out.append(WithdrawnPaper(app_id, unit_id, was not in (None, "registered", "refused")))
    return out


def _paid(reg: Register, stream: str, app_id: int) -> tuple[int, str]:
    """What of the award stands paid (fen) and the first day it was."""
    row = reg.conn.execute(
        "SELECT COALESCE(SUM(amount_fen), 0), MIN(paid_date) FROM payments"
        " WHERE stream = ? AND application_id = ? AND paid_date IS NOT NULL",
        (stream, app_id)).fetchone()
    return int(row[0]), str(row[1] or "")[:10]


def refusal(reg: Register, stream: str, app_id: int) -> str:
    """Why this application cannot be withdrawn now, in Chinese, or "" when it can."""
    from boostdesk.money import format_money

    app = reg.application(stream, app_id)
    name = f"{id_ref(stream, app_id)}“{app.title}”"
    status = STATUS_ZH.get(app.status, app.status)
    paid, since = _paid(reg, stream, app_id)
    if paid or (app.status not in WITHDRAWABLE[stream] and app.status not in (
            "refused", "not_awarded")):
        said = f"已登记拨付 {format_money(paid)}（{since} 起）" if paid else "已登记拨付"
        return (f"{name}的助推款{said}，现为“{status}”，不能撤回申报：撤回只用于尚未拨付的申报，"
                "已拨付款项的追回不在此办理。请把推荐单位来函记入该申报的备注，报请研究是否追回、"
                "由财务办理；如是拨付登记有误，先在“拨付”中撤销拨付登记，再撤回申报")
    if (w := withdrawn(app.status, app.status_reason)) is not None:
        return f"{name}已于 {w.on.isoformat()} 由{w.by}来函撤回，无需再撤回"
    if app.status in ("refused", "not_awarded"):
        return (f"{name}已是“{status}”，不在评审或助推中，无需撤回申报："
                "推荐单位来函可记入该申报的备注")
    return ""


LETTERHEAD = "北京市"  # a district union's letterhead puts the city before its name


def letter_union(reg: Register, stream: str, app_id: int, by: str) -> str:
    """The registered name of the union ``by`` names (:func:`read_letter`): what the status
    reason, the trail and 撤回名单 keep — 朝阳区总工会, not the 朝阳 typed; ``by`` as typed
    when it names none (no union recorded for the paper)."""
    return _read_letter(reg, stream, app_id, by)[0]


def letter_refusal(reg: Register, stream: str, app_id: int, by: str,
                   what: str = "撤回申报") -> str:
    """Why a letter written by ``by`` cannot withdraw (or take back the withdrawal of) this
    paper, in Chinese, or "" when it can: the paper's recommending union recommended it, so
    only its letter withdraws it (the applicant's own wish goes through that union). Names
    compared as stored (brackets, spaces: ``tidy_name``): the union's whole name, the
    letterhead's 北京市 before it, or a part of it no other registered union's name holds
    (海淀区总工会 for 北京市海淀区总工会, as ``--payer`` reads one); a part several unions'
    names hold is ambiguous, naming them; a paper with no union recorded has none to compare
    with."""
    return _read_letter(reg, stream, app_id, by, what)[1]


def _read_letter(reg: Register, stream: str, app_id: int, by: str, what: str = "撤回申报"
                 ) -> tuple[str, str]:
    """(the registered union name ``by`` stands for, or ``by`` stripped; the refusal or "")."""
    from boostdesk.validate import normalize_text, tidy_name

    union = reg.application(stream, app_id).unit_name or ""
    typed = by.strip()
    if not union.strip() or not typed:
        return typed, ""
    key, own = normalize_text(tidy_name(by)), normalize_text(tidy_name(union))
    if key in (own, normalize_text(LETTERHEAD) + own):
        return union, ""
    names = [str(n) for (n,) in reg.conn.execute("SELECT name FROM units ORDER BY name")]
    holding = [n for n in names if key in normalize_text(tidy_name(n))]
    if key in own and all(n == union for n in holding):
        return union, ""
    if key in own and len(holding) > 1:
        shown = "、".join(holding[:8]) + (f"等 {len(holding)} 个单位" if len(holding) > 8 else "")
        return typed, (f"来函单位“{typed}”不明确：{shown}的名称中都有“{typed}”。"
                       f"{id_ref(stream, app_id)}由{union}推荐；确是{union}的来函，"
                       f"来函单位请写“{union}”")
    return typed, (f"来函单位“{typed}”不是{id_ref(stream, app_id)}的推荐单位：该申报由{union}推荐，"
                   f"{what}须由{union}来函（申报人本人放弃的，也经{union}来函）。"
                   f"请核对来函；确是{union}的来函，来函单位请写“{union}”")


def _freed(reg: Register, app: ProjectApplication, proposal: list[dict]) -> int | None:
    """The tier the project held: its proposal's, its award's, or its requested one's."""
    from .publicity import tier_by_request

    if proposal and proposal[0]["amount_fen"]:
        return int(proposal[0]["amount_fen"])
    return app.award_fen or tier_by_request(reg, app)


def question(reg: Register, stream: str, app_id: int, on: date, by: str) -> str:
    """确定撤回？ as asked before the move: the paper, the letter, and what goes with it —
    its award, its unpaid payment lines, an unpublished proposal — and how it is undone."""
    from boostdesk.money import format_money

    app = reg.application(stream, app_id)
    by = letter_union(reg, stream, app_id, by)
    lines, fen = reg.conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(amount_fen), 0) FROM payments WHERE stream = ?"
        " AND application_id = ?", (stream, app_id)).fetchone()
    said = [f"按{by.strip()} {on.isoformat()} 来函，改为“{STATUS_ZH[TARGET[stream]]}”"
            f"（{WITHDRAWN_ZH}）"]
    if app.award_fen:
        said.append(f"取消核准的助推金额 {format_money(app.award_fen)}")
    if lines:
        said.append(f"删除未拨付的应拨款项 {lines} 笔，共 {format_money(fen)}（记入修改记录）")
    if stream == PROJECT and reg.scalar("SELECT 1 FROM proposals WHERE project_id = ?"
                                        " AND period_id IS NULL", (app_id,)):
        said.append("从拟助推名单中删除该项目（尚未公示；撤回拟助推名单也不能恢复）")
    if stream == PROJECT and app.status in ("proposed", "publicized", "approved"):
        said.append("空出的档次名额不自动递补，由市总工会研究决定")
    return (f"确定撤回{id_ref(stream, app_id)}“{app.title}”的申报？\n\n"
            + "；\n".join(said) + "。\n\n撤回后可按 Ctrl+Z 撤销；推荐单位再次来函撤销撤回的，"
            "在“改变状态”中选“恢复申报（推荐单位来函撤销撤回）”（撤回前自动备份登记册）。")


@dataclass(frozen=True)
class WithdrawResult:
    status_zh: str  # the status it is in now
    payments_deleted: int  # unpaid payment lines that went
    place: str  # what becomes of the tier place it held ("" when it held none)


def withdraw_application(reg: Register, stream: str, app_id: int, on: date, by: str,
                         why: str, *, cancelled: Callable[[], bool] | None = None
                         ) -> WithdrawResult:
    """Record the recommending union's withdrawal dated ``on`` (its letter's day), written
    by ``by``, for ``why``: refused in words when :func:`refusal` says so. The register is
    backed up first (a refusal takes none); taken back by :mod:`.withdrawal_restore`."""
    from boostdesk.safety.backup import backed_up_write

    from .freed_places import freed_place_notice, waiting
    from .ranking import rank

    if not by.strip():
        raise PanelError("请填写来函单位（推荐单位，或申报人经推荐单位来函）")
    if not why.strip():
        raise PanelError(f"请填写撤回理由（{REASON_HINT}）")
    if future := after_today(on, "来函日期"):
        raise PanelError(future)
    if why_not := refusal(reg, stream, app_id) or letter_refusal(reg, stream, app_id, by):
        raise PanelError(why_not)
    by = letter_union(reg, stream, app_id, by)  # kept as registered, not as typed
    app = reg.application(stream, app_id)
    was = app.status
    year = app.campaign_year
    proposal = (reg.query("SELECT * FROM proposals WHERE project_id = ?", (app_id,))
                if stream == PROJECT else [])
    held_place = stream == PROJECT and was in ("proposed", "publicized", "approved")
    freed = _freed(reg, reg.project(app_id), proposal) if held_place else None
    before = waiting(rank(reg, year)) if held_place else None
    reason = withdrawal_reason(on, by, why)
    unpublished = bool(proposal) and proposal[0]["period_id"] is None
    with backed_up_write(reg, "withdrawal", cancelled), reg.transaction():
        lines, owed = reg.conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(amount_fen), 0) FROM payments WHERE stream = ?"
            " AND application_id = ?", (stream, app_id)).fetchone()
        if unpublished:  # adopted, never posted: out of the ranking and the adoption
            reg.conn.execute("DELETE FROM proposals WHERE project_id = ?", (app_id,))
            reg.audit("delete", "proposals", app_id, dict(proposal[0]), {"reason": reason})
        reg.set_status(stream, app_id, TARGET[stream], reason)
        reg.audit(ACTION, "patent_applications" if stream == PATENT
                  else "project_applications", app_id, {"status": was},
                  {"status": TARGET[stream], "letter_date": on.isoformat(),
                   "by": by.strip(), "reason": why.strip(), "payments_deleted": lines,
                   "payments_deleted_fen": owed})
    place = ""
    if held_place:
        # who the ranking would put in it, then the rule once (it says how to re-adopt)
        moved = (freed_place_notice(reg, year, app_id, before, freed_fen=freed, say_adopt=False)
                 if freed else "")
        place = "。".join(x for x in (moved, proposed_rule() if unpublished and moved
                                      else place_rule()) if x)
    now = reg.application(stream, app_id).status
    return WithdrawResult(STATUS_ZH.get(now, now), lines, place)
