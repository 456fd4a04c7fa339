"""How a project's publicity ended, in words: the one wording of its approval's reason
(状态历史, 修改记录, ``audit``) and of its approval sheet (审批表's 评审与公示 line).

An award has only objections found groundless (异议不成立) behind it: one upheld leaves
no award (未获助推; the office keeping the project after looking into it enters it as
不成立 with its reason), and one entered by mistake and taken back (误登记撤销) is no
longer an objection. There is no withdrawal by the objector: a letter taken back is
settled as 不成立 with that as its reason.
"""

from __future__ import annotations


def publicity_outcome(dismissed: int) -> str:
    """The publicity of an award against which ``dismissed`` objections received in its
    period were found groundless (0: none received)."""
    if dismissed <= 0:
        return "公示期满无异议"
    if dismissed == 1:
        return "公示期内收到异议，经核实异议不成立"
    return f"公示期内收到 {dismissed} 件异议，经核实均不成立"
