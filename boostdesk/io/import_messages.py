"""What an import says of a table's problems: the refusal listing the unreadable cells, an
empty table and what to send back of a table refused whole (the rows' list for the union is
``union_problems``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .import_preview import ImportPreview

MAX_LISTED_ERRORS = 30


def refusal_message(
    preview: ImportPreview,
    advice: str = "请改正这些行后重新导入，或选择跳过无法读取的行、导入其余各行",
) -> str:
    rows = preview.refused_rows
    lines = [f"{preview.path.name} 中有 {len(rows)} 行无法读取，未导入任何数据："]
    lines += [str(e) for e in preview.errors[:MAX_LISTED_ERRORS]]
    if len(preview.errors) > MAX_LISTED_ERRORS:
        lines.append(f"……另有 {len(preview.errors) - MAX_LISTED_ERRORS} 处问题未列出")
    lines.append(advice)
    return "\n".join(lines)


def empty_table_text(preview: ImportPreview) -> str:
    """A table with its header and nothing under it (a blank template sent back, or the
    wrong sheet), as the command line and the import dialog say it."""
    return (f"{preview.path.name} 中没有可导入的数据：表头在“{preview.sheet_name}”工作表第 "
            f"{preview.header_rows_text} 行，其下没有填写任何一行"
            + "".join(f"；{text}" for text in preview.passed_over))


# the rules' 提示 on a paper whose studio is near one barred by 二（一） (rules.check)
NEAR_BARRED = "NEAR_STUDIO_HAS_UNFINISHED_AWARD"


def near_barred_lines(verdicts: Sequence[Any]) -> list[str]:
    """The rows (``import_verdicts.RowVerdict``) whose studio is near a registered studio
    barred under 二（一）, as ``check`` cautions them: 合格 by the rules, yet not if the two
    are one studio — said in the import's summary, not only when `check` is run."""
    rows = [(v, f) for v in verdicts for f in v.findings if f.code == NEAR_BARRED]
    if not rows:
        return []
    return [f"提示 {len(rows)} 行（工作室与未完成结题验收的已登记工作室相近）：",
            *(f"  {v.listed}：{f.message}" for v, f in rows)]


# the rules' 请核对 提示 of a paper probably of a registered person, studio or project under
# another name (rules.near_people, rules.near_studios): 合格 by the rules, said at import
ASKED = {"PERSON_NEAR_REGISTERED": "申报人可能与已登记的人为同一人",
         "NEAR_TITLE": "项目名称与已登记的项目相近",
         "SAME_TITLE_OTHER_STUDIO": "本年度已有同名项目",
         "INVENTOR_NAME_LATIN": "第一发明人姓名是拼音或外文字母，身份证上的姓名是汉字"}


def asked_lines(verdicts: Sequence[Any]) -> list[str]:
    """The rows (``import_verdicts.RowVerdict``) with a :data:`ASKED` 提示, one list a kind."""
    out: list[str] = []
    for code, what in ASKED.items():
        rows = [(v, f) for v in verdicts for f in v.findings if f.code == code]
        if rows:
            out += [f"请核对 {len(rows)} 行（{what}）：",
                    *(f"  {v.listed}：{f.message}" for v, f in rows)]
    return out


def refused_file_problem(name: str, why: str) -> str:
    """What to send back to the union whose table could not be read at all (no table's
    header, a key column missing, an empty sheet): the file and why, for an e-mail, as
    ``union_problems.union_problem_list`` says a table's rows."""
    return f"{name}：整张表无法导入\n{why}"
