"""Studios with no 所在单位 registered: whether an expert comes from a project's enterprise
(回避, 二（四）2) cannot be checked for their projects until it is filled on 工作室.

A 附件4 table has no 所在单位 column, so every studio it makes has none; assigning then
checked only the studio, union and leader, with no word of it until 拨付 (未登记所在单位).
The rules make such a paper 待补材料 at intake (``rules.project.enterprise``); an award made
without it says so where it is printed or waits (:data:`UNPAYABLE`, :data:`SHEET_MARK`).
One wording here for the import (preview, 导入完成, `boostdesk import`), 分配专家,
`panel assign`, and the scoring packages (the export's result, the expert's 填写说明).

A patent's 申报表 is reviewed and stamped by the 所在单位工会 (一（四）1): a paper without
its 所在单位 is 待补材料 too (``rules.patent.enterprise``), named by row at the import
(:func:`patent_import_line`). Its award goes to the inventor's card, not to the unit: an
award made without it is marked where printed or waits (:data:`PATENT_MARK`), not held.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from boostdesk.validate import tidy_name

UNCHECKED = "工作室未登记所在单位，无法核对专家回避"
FILL = "请在“工作室”中填写所在单位"
# An award's line or sheet printed while its studio has none (付款清单's 备注, 待办,
# 审批表): said there, not left blank for finance to find out (paying refuses it)
UNPAYABLE = "未登记所在单位，补填前不能拨付"
SHEET_MARK = "（未登记，待补）"
NAMES_SHOWN = 5  # studios or projects named in a line, before "等 N 个"
PATENT_CODE = "PATENT_NO_ENTERPRISE"  # rules.patent.enterprise's finding
PATENT_FILL = "补填所在单位"
# An approved patent's payment line, 待办 line: paid to the card all the same
PATENT_WHY = "申报表须经所在单位工会审核盖章"
PATENT_MARK = f"未登记所在单位（{PATENT_WHY}），请{PATENT_FILL}"


def unchecked(app: Any) -> bool:
    """Whether a project's conflicts cannot be checked against its enterprise: it has none
    (its studio's, or the payee it was paid to)."""
    return not (getattr(app, "enterprise_name", "") or "").strip()


def _listed(names: Sequence[str], unit: str) -> str:
    shown = "、".join(f"“{n}”" for n in names[:NAMES_SHOWN])
    return shown + (f"等 {len(names)} {unit}" if len(names) > NAMES_SHOWN else "")


def import_line(studios: Sequence[str]) -> str:
    """What the import says of the studios it leaves with no 所在单位 ("" when none)."""
    if not studios:
        return ""
    return (f"未登记所在单位的工作室：{_listed(studios, '个')}（表中没有所在单位）；"
            f"{FILL}，填写前无法核对专家回避（专家是否来自其项目的所在单位）")


def panel_line(apps: Sequence[Any]) -> str:
    """What 分配专家 and `panel assign` say of the year's projects under review whose
    studio has no 所在单位 ("" when none)."""
    titles = [a.title for a in apps if unchecked(a)]
    if not titles:
        return ""
    return (f"{len(titles)} 个项目的{UNCHECKED}（{_listed(titles, '项')}）：{FILL}，"
            "填写后自动核对，分配了该单位专家的显示为“冲突”")


def package_line(titles: Sequence[str]) -> str:
    """What an export of scoring packages (评分包 tab, `panel export`) says of the projects
    in its packages whose studio has no 所在单位 ("" when none)."""
    if not titles:
        return ""
    return (f"评分包中 {len(titles)} 个项目的{UNCHECKED}（{_listed(titles, '项')}）："
            f"{FILL}，填写后重新导出；包内“填写说明”已请专家对这些项目自行声明回避")


def guide_line(titles: Sequence[str]) -> str:
    """The line of an expert's 填写说明 naming every such project of the package, for the
    expert to declare 回避 themselves ("" when none). All named: the expert has no
    register to look the rest up in."""
    if not titles:
        return ""
    shown = "、".join(f"“{t}”" for t in titles)
    return (f"以下项目的{UNCHECKED}，请您自行判断：{shown}。如您任职于其所在单位或与其有其他"
            "利益关系，请按上条回避：不要为其打分，该行留空，并在交回时说明原因。")


def project_tip(app: Any) -> str:
    """A cell's word on one such project ("" when its enterprise is known)."""
    return f"{UNCHECKED}：{FILL}" if unchecked(app) else ""


def preview_studios(reg: Any, records: Iterable[Any]) -> list[str]:
    """The studios of a project table's rows that will have no 所在单位 once imported: the
    rows give none and the register has none for the studio (a known studio keeps its
    enterprise, which its projects then have)."""
    wanted = list(dict.fromkeys(
        tidy_name(r.studio_name) for r in records
        if tidy_name(getattr(r, "studio_name", "") or "")
        and not tidy_name(getattr(r, "enterprise_name", "") or "")))
    with_enterprise = {n for n in wanted if n in _registered_with_enterprise(reg, wanted)}
    # a row of the same studio giving it an enterprise gives it to all its rows
    given = {tidy_name(r.studio_name) for r in records
             if tidy_name(getattr(r, "enterprise_name", "") or "")}
    return [n for n in wanted if n not in with_enterprise and n not in given]


def _registered_with_enterprise(reg: Any, names: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(names), 500):  # SQLite's bound variables
        part = names[i:i + 500]
        marks = ",".join("?" * len(part))
        found.update(n for (n,) in reg.conn.execute(
            f"SELECT name FROM studios WHERE enterprise_id IS NOT NULL AND name IN ({marks})",
            part))
    return found


def imported_studios(reg: Any, project_ids: Iterable[int]) -> list[str]:
    """The studios of these (just imported) projects that have no 所在单位."""
    return list(dict.fromkeys(a.studio_name for a in reg.projects_by_id(project_ids)
                              if a.studio_name and unchecked(a)))


def patent_rows(verdicts: Iterable[Any]) -> list[int]:
    """The sheet rows of these verdicts (``io.import_verdicts.RowVerdict``) whose patent
    paper has no 所在单位."""
    return sorted(v.row for v in verdicts
                  if any(f.code == PATENT_CODE for f in v.findings))


def patent_import_line(rows: Sequence[int], clause: str) -> str:
    """What the import says of its patent rows with no 所在单位 ("" when none); ``clause``
    the campaign's 一（四）1 (申报表 stamped by the 所在单位工会)."""
    if not rows:
        return ""
    shown = "、".join(str(r) for r in rows[:NAMES_SHOWN])
    more = f"等 {len(rows)} " if len(rows) > NAMES_SHOWN else " "
    return (f"未填所在单位的专利申报：第 {shown}{more}行（表中“所在单位”列为空）；{PATENT_WHY}"
            f"（{clause}）：请{PATENT_FILL}，补填前为待补材料")
