"""How a project's publicity ended, in words: the one wording of its approval's reason
(状态历史, 修改记录, ``audit``) and of its approval sheet (审批表's 评审与公示 line).

An award has only objections found groundless (异议不成立) behind it: one upheld leaves
no award (未获助推; the office keeping the project after looking into it enters it as
不成立 with its reason), and one entered by mistake and taken back (误登记撤销) is no
longer an objection. There is no withdrawal by the objector: a letter taken back is
settled as 不成立 with that as its reason. One received in the period and entered after
the close (a late objection) holds the award while it is looked into (尚在核实).
"""

from __future__ import annotations

import re

PENDING = "公示期内收到的异议尚在核实"


def publicity_outcome(dismissed: int, pending: int = 0) -> str:
    """The publicity of an award against which ``dismissed`` objections received in its
    period were found groundless (0: none received); ``pending``: how many are still
    being looked into (entered after the close: the award is held meanwhile)."""
    if pending > 0:
        return PENDING
    if dismissed <= 0:
        return "公示期满无异议"
    if dismissed == 1:
        return "公示期内收到异议，经核实异议不成立"
    return f"公示期内收到 {dismissed} 件异议，经核实均不成立"


# Any of the wordings above, inside a longer reason (“…：处理意见”, “…（误登记的异议已撤销：…）”).
_SAID = re.compile("|".join(
    [re.escape(publicity_outcome(n)) for n in (0, 1)] + [re.escape(PENDING)]
    + [re.escape(publicity_outcome(10**6)).replace("1000000", r"\d+")]))


def reworded(reason: str, outcome: str) -> str:
    """An approval's ``reason`` saying ``outcome`` for how its publicity ended: the wording
    it gives replaced, else ``outcome`` added after it. A reason that says nothing of the
    publicity is left so when there is nothing to say (无异议)."""
    if _SAID.search(reason):
        return _SAID.sub(outcome, reason, count=1)
    if outcome == publicity_outcome(0):
        return reason
    return f"{reason}；{outcome}" if reason else outcome
