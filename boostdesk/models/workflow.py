"""Status workflow of each stream: which moves are legal."""

from __future__ import annotations

from .records import PATENT, PROJECT

STATUS_ZH = {
    "registered": "已登记",
    "qualified": "资格审核通过",
    "refused": "资格审核不通过",
    "review": "专家评审",
    "proposed": "拟助推",
    "publicized": "公示",
    "approved": "核准",
    "paid": "已拨付",
    "paid_first": "首笔拨付",
    "accepted": "结题验收",
    "acceptance_failed": "验收未通过",
    "paid_final": "尾款拨付",
    "not_awarded": "未获助推",
    "revoked": "撤销助推",
}

# The statuses of a paper whose year's outcome is not recorded yet. Past them (核准, 拨付,
# 验收, 未获助推; 补录往年结果, 往年结年) an earlier year's paper waits for no material: old
# tables have none, and 2013 read 待补材料 331 beside 核准 331 (rules.check settles its
# missing facts, findings.settled). 资格审核不通过: see :func:`outcome_recorded`.
UNDECIDED = ("registered", "qualified", "review", "proposed", "publicized")

# The reason 往年结年 (panel.past_close) gives every paper it closes. Its patents become
# 资格审核不通过 as a clerk's refusal does (the patent workflow has no 未获助推): the
# reason, kept on the row, is what tells the two apart.
CLOSE_REASON = "往年未获助推（补录时结年）"
# The reasons 结年 gives the papers of a year run in the register (its qualification,
# panel and publicity done here, not typed in afterwards: panel.past_close.run_here), by
# the stage each had reached: what happened, not 补录. A patent is stored 资格审核不通过
# (its workflow has no 未获助推), but the reason says whether it had passed 资格审核, and
# the statistics count these apart from the office's refusals (as 推荐单位撤回 is), the
# ones past 资格审核 still in 通过资格审核.
SEASON_CLOSE_REASONS: dict[str, dict[str, str]] = {
    PATENT: {"registered": "年度结束未核准（未经资格审核）",
             "qualified": "年度结束未核准（资格审核已通过）"},
    PROJECT: {"registered": "年度结束未获助推（未经资格审核）",
              "qualified": "年度结束未获助推（资格审核已通过，未进入专家评审）",
              "review": "年度结束未获助推（专家评审中）"},
}
SEASON_CLOSED_ZH = {PATENT: "年度结束未核准", PROJECT: "年度结束未获助推"}
# every reason a close gives (往年结年's and a season's)
YEAR_CLOSE_REASONS: tuple[str, ...] = (CLOSE_REASON, *(
    r for by_stage in SEASON_CLOSE_REASONS.values() for r in by_stage.values()))


def season_closed(stream: str, reason: str) -> str | None:
    """The status a season's close (:data:`SEASON_CLOSE_REASONS`) found a paper in, from
    the reason it gave it; None for any other reason."""
    return next((was for was, why in SEASON_CLOSE_REASONS[stream].items() if why == reason),
                None)


def outcome_recorded(status: str, reason: str) -> bool:
    """Is a paper in ``status`` (moved there for ``reason``) past its year's outcome, so
    that in an earlier year it waits for no material? Every status past :data:`UNDECIDED`
    is, but 资格审核不通过 only as a close (往年结年, a season's) left it: a paper the clerk
    refused at 资格审核 was refused for what it lacked or broke, and keeps saying so (待补材料
    or 不合格 with its clause) once its year is decided — settled, it read 合格 beside its
    refusal."""
    if status == "refused":
        return reason in YEAR_CLOSE_REASONS
    return status not in UNDECIDED


def outcome_recorded_sql(alias: str = "") -> str:
    """:func:`outcome_recorded` of a row as an SQL condition (``alias``: the table's)."""
    a = f"{alias}." if alias else ""
    statuses = ", ".join(f"'{s}'" for s in UNDECIDED)
    closes = ", ".join(f"'{r}'" for r in YEAR_CLOSE_REASONS)
    return (f"({a}status NOT IN ({statuses}, 'refused')"
            f" OR ({a}status = 'refused' AND {a}status_reason IN ({closes})))")

# The statuses of a paper not past 资格审核: every other one passed it (资格审核通过 and on).
NOT_QUALIFIED = ("registered", "refused")


def qualification_decision(status: str | None) -> str | None:
    """The 资格审核 decision a paper's status records, as a verdict key: ``"refused"`` for
    资格审核不通过, ``"eligible"`` for 资格审核通过 and every stage after it (as the
    statistics' 通过资格审核 counts them); None while undecided (已登记, or a status the
    workflow does not know): the rules' automatic verdict is its standing then."""
    if status == "refused":
        return "refused"
    return "eligible" if status in STATUS_ZH and status not in NOT_QUALIFIED else None


def standing(status: str | None, verdict: str) -> str:
    """A paper's standing as the clerk sees it (the status bar's counts): the recorded
    decision (:func:`qualification_decision`), else the rules' ``verdict`` (eligible,
    refused, incomplete, unchecked). Passed, a paper whose materials were never ticked is
    合格, not 待补材料; refused, one the rules find in order is 不合格."""
    return qualification_decision(status) or verdict


# from -> allowed targets. A refusal can be reopened for a new review; an
# objection upheld in publicity ends in not_awarded.
TRANSITIONS: dict[str, dict[str, tuple[str, ...]]] = {
    PATENT: {
        "registered": ("qualified", "refused"),
        "qualified": ("approved", "refused"),
        "refused": ("registered",),
        # An approval found wrong (a fact corrected after it) is withdrawn before payment.
        "approved": ("paid", "refused"),
        "paid": ("approved",),  # a payment recorded by mistake, cancelled
    },
    PROJECT: {
        # → 未获助推 before the review: only as 撤回申报 (WITHDRAWAL_ONLY)
        "registered": ("qualified", "refused", "not_awarded"),
        "qualified": ("review", "refused", "not_awarded"),
        "refused": ("registered",),
        "review": ("proposed", "not_awarded"),
        "proposed": ("publicized", "review", "not_awarded"),
        "publicized": ("approved", "not_awarded"),
        # an objection received in publicity, entered after the close and upheld before
        # any payment, withdraws the approval
        # 二（四）4 ties only the rest to the acceptance: it is recorded on its day whether
        # the first tranche is paid yet or not (finance.acceptance)
        "approved": ("paid_first", "not_awarded", "accepted", "acceptance_failed"),
        "paid_first": ("accepted", "acceptance_failed", "approved"),
        # 排名复核 and 撤销补录 withdraw an award none of whose money stands paid: its every
        # transfer sent back by the bank (退汇) after the acceptance (panel.publicity
        # .settle_rerank, panel.past.withdraw_past_award). An acceptance recorded in error
        # is withdrawn (撤销结题验收) back to where it found the project, its rest unpaid
        # (finance.acceptance_withdraw).
        "accepted": ("paid_final", "not_awarded", "paid_first", "approved", "acceptance_failed"),
        "paid_final": ("accepted",),
        # 二（四）4 pays the rest once a project passes: a failed one may still pass later
        "acceptance_failed": ("accepted", "not_awarded", "paid_first", "approved"),
        # an objection upheld against the wrong project, taken back before its freed place
        # is re-adopted: back in publicity, or approved as it was (panel.publicity)
        "not_awarded": ("review", "publicized", "approved"),
    },
}

# 撤销助推（已拨付，应追回） (finance.recovery): an award whose money stands paid, found
# afterwards not to be one (专利权被宣告无效, 经核实为实用新型); undone back to the status
# it found while nothing is recorded as recovered. Made by its own choice of 改变状态 (with
# its day, reason and document), never as a plain move (``by_hand``).
REVOKED = "revoked"
# 核准 too: an award one payer of which has paid (the other not yet) stays 核准, and its
# paid part is as much money to recover as a whole one (finance.recovery decides by the
# paid lines, not by the status).
REVOCABLE: dict[str, tuple[str, ...]] = {
    PATENT: ("approved", "paid"),
    PROJECT: ("approved", "paid_first", "accepted", "acceptance_failed", "paid_final")}
for _stream, _froms in REVOCABLE.items():
    for _from in _froms:
        TRANSITIONS[_stream][_from] += (REVOKED,)
    TRANSITIONS[_stream][REVOKED] = _froms

# 撤销拨付登记 takes a payment's mark off as never sent: said so, so that a clerk with a
# paid award found ineligible is not sent there (the money left: 撤销助推, REVOKED)
MISTAKEN_PAYMENT = ("“拨付”撤销拨付登记（仅用于拨付登记错了、款并未汇出；款已汇出、后发现不应助推的，"
                    "请选“撤销助推（已拨付，应追回）”）")

# Steps taken on their own screens, where what the plan asks of each is checked (the
# ranking under quotas and the cap, publicity and objections, payments, acceptance):
# 改变状态 does not offer them and says where they are taken. (from, to) -> where.
FLOW_STEPS: dict[str, dict[tuple[str, str], str]] = {
    PATENT: {("approved", "paid"): "“拨付”登记拨付（两方都拨付后即为已拨付）",
             ("paid", "approved"): MISTAKEN_PAYMENT},
    PROJECT: {
        ("qualified", "review"): "“专家评审”分配评审专家",
        ("review", "proposed"): "“专家评审”采纳为拟助推名单",
        ("review", "not_awarded"): "“专家评审”采纳为拟助推名单（名额外的即未获助推）",
        ("proposed", "review"): "“专家评审”撤回拟助推名单",
        ("not_awarded", "review"): "“专家评审”撤回拟助推名单",
        ("proposed", "not_awarded"): "“专家评审”人工调整档次后重新采纳",
        ("proposed", "publicized"): "“公示”开始公示",
        ("publicized", "approved"): "“公示”结束公示（期满无异议即核准）",
        ("publicized", "not_awarded"): "“公示”处理异议（异议成立即不予助推）",
        ("approved", "not_awarded"): ("“公示”处理异议（结束公示后登记的公示期内异议成立，即撤销核准），"
                                      "或排名复核（公示后有评分不再计入、排名已变化）；"
                                      "往年补录错的：“创新项目”补录往年结果…（撤销补录）"),
        ("not_awarded", "publicized"): "“公示”处理异议（异议成立的处理有误：复核更正，或登记错了项目的撤销误登记）",
        ("not_awarded", "approved"): "“公示”处理异议（异议成立的处理有误：复核更正，或登记错了项目的撤销误登记）",
        ("approved", "paid_first"): "“拨付”登记首笔拨付",
        ("paid_first", "accepted"): "“拨付”登记结题验收",
        ("paid_first", "acceptance_failed"): "“拨付”登记结题验收",
        ("approved", "accepted"): "“拨付”登记结题验收",
        ("approved", "acceptance_failed"): "“拨付”登记结题验收",
        ("acceptance_failed", "accepted"): "“拨付”登记结题验收",
        ("accepted", "paid_first"): "“拨付”撤销结题验收（尾款未拨付时）",
        ("accepted", "approved"): "“拨付”撤销结题验收（尾款未拨付时）",
        ("accepted", "acceptance_failed"): "“拨付”撤销结题验收（尾款未拨付时）",
        ("acceptance_failed", "paid_first"): "“拨付”撤销结题验收",
        ("acceptance_failed", "approved"): "“拨付”撤销结题验收",
        ("accepted", "paid_final"): "“拨付”登记尾款拨付",
        ("paid_first", "approved"): MISTAKEN_PAYMENT,
        ("paid_final", "accepted"): MISTAKEN_PAYMENT,
        ("accepted", "not_awarded"): ("“公示”排名复核（已汇出的款项均被银行退回、排名已变化），"
                                   "或往年补录错的：“创新项目”补录往年结果…（撤销补录）"),
        ("acceptance_failed", "not_awarded"): ("“公示”排名复核（已汇出的款项均被银行退回、排名已变化），"
                                   "或往年补录错的：“创新项目”补录往年结果…（撤销补录）"),
    },
}

# Moves made one application at a time, never for several selected at once: withdrawing
# an approval is a decision about that one award.
ONE_AT_A_TIME: dict[str, set[tuple[str, str]]] = {PATENT: {("approved", "refused")},
                                                  PROJECT: set()}

# Moves that need a reason typed by the operator.
NEEDS_REASON = {"refused", "not_awarded", "registered", "acceptance_failed"}


class IllegalTransition(ValueError):
    def __init__(self, stream: str, current: str, target: str):
        self.message = (
            f"不能从“{STATUS_ZH.get(current, current)}”改为“{STATUS_ZH.get(target, target)}”："
            f"允许的下一步为 {'、'.join(STATUS_ZH[s] for s in allowed(stream, current)) or '无'}"
        )
        super().__init__(self.message)


def allowed(stream: str, current: str) -> tuple[str, ...]:
    return TRANSITIONS[stream].get(current, ())


def check_transition(stream: str, current: str, target: str, reason: str = "",
                     restoring: bool = False) -> None:
    """Refuse a move the workflow does not allow (``restoring``: 恢复申报's own moves
    back, :data:`RESTORE_ONLY`, allowed too), or one needing a reason given none."""
    if target not in allowed(stream, current) and not (
            restoring and (current, target) in RESTORE_ONLY[stream]):
        raise IllegalTransition(stream, current, target)
    if target in NEEDS_REASON and not reason.strip():
        raise ValueError(f"改为“{STATUS_ZH[target]}”须填写理由")


def statuses(stream: str) -> tuple[str, ...]:
    return tuple(TRANSITIONS[stream])


# Moves made only by 撤回申报 (panel.withdrawal: the recommending union's letter, its day
# and reason): 改变状态 offers them under that name, never as a plain move.
WITHDRAWAL_ONLY: dict[str, set[tuple[str, str]]] = {
    PATENT: set(), PROJECT: {("registered", "not_awarded"), ("qualified", "not_awarded")}}


# Moves made only by 恢复申报 (panel.withdrawal_restore: a withdrawal taken back, by the
# clerk's Ctrl+Z or the union's second letter): the paper back to the status it had. Not
# in TRANSITIONS: ``Register.set_status(..., restoring=True)`` alone makes them, so no batch
# move or hand move takes a refused paper to 资格审核通过 unasked. (未获助推 → 专家评审 /
# 公示 / 核准 are the workflow's own already, other screens' steps.)
RESTORE_ONLY: dict[str, set[tuple[str, str]]] = {
    PATENT: {("refused", "qualified"), ("refused", "approved")},
    PROJECT: {("not_awarded", "registered"), ("not_awarded", "qualified"),
              ("not_awarded", "proposed")}}


def by_hand(stream: str, current: str) -> tuple[str, ...]:
    """The moves 改变状态 offers: the workflow's, less the steps of their own screens."""
    return tuple(t for t in allowed(stream, current) if (current, t) not in FLOW_STEPS[stream]
                 and (current, t) not in WITHDRAWAL_ONLY[stream]
                 and REVOKED not in (current, t))


def elsewhere(stream: str, current: str) -> list[str]:
    """Where the workflow's other next steps from ``current`` are taken, each once."""
    places = (FLOW_STEPS[stream].get((current, t)) for t in allowed(stream, current))
    return list(dict.fromkeys(p for p in places if p))


# A project an open objection of its publicity concerns (公示 says 有异议待处理): an award
# it holds from payment (finance.HELD, PaymentLine.held: entered after the close) is still
# 核准, one kept in publicity at the close still 公示, but the list says so, and its 状态
# sorts and filters as a status of its own, just after the plain one (``approved_held`` >
# ``approved``).
def open_objection_sql(project: str = "a") -> str:
    """SQL true when the project under alias ``project`` has an objection still open."""
    return (f"EXISTS (SELECT 1 FROM objections o WHERE o.project_id = {project}.id"
            " AND o.resolution IS NULL)")


_OPEN_OBJECTION = open_objection_sql()
HELD_STATUS = "approved_held"
HELD_SQL = f"a.status = 'approved' AND {_OPEN_OBJECTION}"
OBJECTED_STATUS = "publicized_objected"
OBJECTED_SQL = f"a.status = 'publicized' AND {_OPEN_OBJECTION}"
PROJECT_STATUS_SQL = (f"CASE WHEN {HELD_SQL} THEN '{HELD_STATUS}'"
                      f" WHEN {OBJECTED_SQL} THEN '{OBJECTED_STATUS}' ELSE a.status END")
HELD_STATUS_ZH = "核准（暂缓拨付）"  # finance.HELD, not imported: the list opens at start-up
# the plain status each follows, its label and filter condition
SHOWN_STATUSES = {
    "approved": (HELD_STATUS, HELD_STATUS_ZH, HELD_SQL),
    "publicized": (OBJECTED_STATUS, "公示（有异议待处理）", OBJECTED_SQL),
}


def shown_status_zh(status: str, held: bool = False) -> str:
    """A status as the lists show it: ``PROJECT_STATUS_SQL``'s held and objected included,
    and an award held from payment since its approval (``award_holds``: ``held``) named
    so after its status (核准（暂缓拨付）, 首笔拨付（暂缓拨付）)."""
    if held and status in STATUS_ZH:
        return f"{STATUS_ZH[status]}（{ON_HOLD_ZH}）"
    return _SHOWN_ZH.get(status) or STATUS_ZH.get(status, status)


# The lists' 状态 filter of every award held from payment, whatever its status and
# whatever holds it: an open objection of its publicity, or ``award_holds`` (a verdict
# now 不合格, a published ranking changed).
ON_HOLD = "on_hold"
ON_HOLD_ZH = "暂缓拨付"


# An approved patent whose money waits for its inventor's card (拨付's 待补卡号 / 待更正卡号,
# ``finance.card_waits``): still 核准, but the lists say so, and its 状态 sorts and filters
# as a value of its own just after 核准 (finance's words, not imported: see HELD_STATUS_ZH).
CARD_MISSING_STATUS = "approved_card_missing"
CARD_STALE_STATUS = "approved_card_stale"
CARD_WAIT_ZH = {CARD_MISSING_STATUS: "核准（待补卡号）", CARD_STALE_STATUS: "核准（待更正卡号）"}
_SHOWN_ZH = {key: label for key, label, _sql in SHOWN_STATUSES.values()} | CARD_WAIT_ZH
