"""Whether a returned package may hold another expert's scores rather than its own expert's.

孙国华 filled 李文静's package by mistake and sent it as 孙国华_评分.xlsx: it was stored at
once as 李文静's, the ranking counting 孙国华's numbers twice, with one log line to say so.
Two signs make the office confirm before such a package is stored (``panel import
--confirm-expert``; the window asks, 不导入 by default): the file's name names another expert
of the year, or its scores are, criterion by criterion on every project, those another
expert already submitted (:func:`.same_sheets.identical_to`)."""

from __future__ import annotations

from boostdesk.models.register import Register
from boostdesk.said_where import aside

from .package_read import PackageContent
from .package_replace import other_expert_named
from .same_sheets import identical_to

# how the command line confirms that the scores are the package's own expert's
CLI_CONFIRM = "--confirm-expert"


def doubts(reg: Register, content: PackageContent) -> list[str]:
    """Why the package may not hold its own expert's scores (a line each), or []."""
    own = content.expert.name
    out = []
    other = other_expert_named(reg, content)
    if other is not None:
        out.append(f"{content.path.name} 是专家“{own}”的评分包，但文件名中有另一位专家“{other}”的"
                   f"姓名：可能是{other}误用了{own}的评分包填写")
    for name, n in identical_to(reg, content.year, content.expert.id or 0, content.entries):
        out.append(f"评分包中 {n} 个项目的评分与专家“{name}”已提交的评分逐项完全相同：很可能是"
                   f"误把{name}的评分填进了专家“{own}”的评分包，或把{name}的评分表当作{own}的交回")
    return out


def confirm_hint(expert: str, replacing: bool, option: str = "--replace") -> str:
    """How the command line confirms a doubted package (``option``: the one confirming the
    replacement, --replace-with-older for an earlier save)."""
    more = f"（并加 {option} 确认替换其已提交的评分）" if replacing else " "
    return (f"如核实其中的评分确为专家“{expert}”本人所评，请加 {CLI_CONFIRM}{more}重新导入；"
            f"否则请让{expert}用本人的评分包填写交回")


def question_tail(expert: str) -> str:
    """The window's question after the reasons."""
    return (f"导入前请向专家核实。确认其中的评分是专家“{expert}”本人所评，仍要导入吗？"
            + aside(CLI_CONFIRM, "命令行加 "))
