"""Whose package a returned file is when the register's own key does not say: a signature
no key checks, said with what the office can do; one signed by the register a restore
replaced, taken only while this register names its expert and projects alike; an expert
removed and added again since the export, taken only with the same assignments."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from boostdesk.models.register import Register
from boostdesk.said_where import way

from .errors import PackageRefused
from .experts import Expert, assignments, experts, same_name
from .package_format import cell_text, sheet_digest, shown_time
from .package_keys import EarlierKeys
from .package_projects import PackageProject, summary_rows

REEXPORT = "请重新导出该专家的评分包交其填写（原评分包中已填的评分可照抄），交回后导入新的评分包"


def unverified(file: str, keyed: bool, earlier: EarlierKeys) -> str:
    """Why a package whose signature neither this register's key nor a replaced
    register's checks is refused, and what the office does about it."""
    if earlier.missing:
        return (f"{file} 的签名无法核对：本登记册曾从导出评分包之前的备份恢复，评分包可能由恢复前的"
                "登记册导出，但恢复前的登记册备份（" + "、".join(earlier.missing) + "）已不在备份"
                "文件夹中或无法读取。请把该备份文件放回登记册的 backups 文件夹后再导入；找不到时，"
                + REEXPORT)
    if earlier.restored:
        return (f"{file} 的签名不符：评分包既不是由本登记册导出的，也不是由它恢复前的登记册导出的，"
                "或其签名页被改动；请用本登记册导出的原评分包重新填写，或" + REEXPORT.removeprefix("请"))
    if not keyed:
        return (f"{file} 的签名无法核对：本登记册还没有导出过评分包（没有签名密钥），这个评分包不是"
                "由本登记册导出的。请在导出它的登记册中导入；如果本登记册是从导出评分包之前的备份恢复的"
                "（未经本程序的“从备份恢复”" + way("", "或 boostdesk restore")
                + "，恢复前的登记册没有留下），原签名已无法"
                "核对，" + REEXPORT)
    return (f"{file} 的签名不符：评分包不是由本登记册导出的，或其签名页被改动；"
            "请用本登记册导出的原评分包重新填写")


def same_as_exported(reg: Register, file: str, year: int, payload: Mapping[str, Any],
                      e: Expert | None, restored_from: str) -> None:
    """Refuse (PackageRefused) a package signed by the register a restore replaced when
    this register now names its expert or projects otherwise, or holds other facts of
    them than its 项目概况 showed: a number taken since the restore by another expert or
    project would carry the scores to them."""
    signed_name = str(payload["expert"]["name"])
    problems = []
    if e is None:
        problems.append(f"专家“{signed_name}”不在本登记册 {year} 年度的评审组中")
    elif not same_name(e.name, signed_name):
        problems.append(f"评分包的专家“{signed_name}”在本登记册中是另一位专家“{e.name}”")
    projects = []
    for project_id, title in payload["projects"]:
        now = reg.scalar("SELECT p.title FROM project_applications p JOIN campaigns c"
                         " ON c.id = p.campaign_id WHERE p.id = ? AND c.year = ?",
                         (int(project_id), year))
        if now is None:
            problems.append(f"项目“{title}”不在本登记册 {year} 年度中")
        elif cell_text(sheet_text_of(now)) != cell_text(title):
            problems.append(f"评分包的项目“{title}”在本登记册中是“{now}”")
        else:
            projects.append(PackageProject(int(project_id), str(now)))
    if not problems and sheet_digest([[sheet_text_of(v) for v in row] for row in summary_rows(
            reg, projects)]) != payload.get("summary_sha256"):
        problems.append("评分包“项目概况”中的项目信息与本登记册现有的不同（恢复后有改动）")
    if problems:
        raise PackageRefused([
            f"{file} 由恢复前的登记册导出（签名已按恢复前的登记册 {restored_from} 核对），但"
            + "；".join(problems) + "：评分不能对应到本登记册的专家和项目，未导入。" + REEXPORT])


def sheet_text_of(value: object) -> object:
    """A value as the package writes it (:func:`boostdesk.io.xlsx_layout.sheet_text`)."""
    from boostdesk.io.xlsx_layout import sheet_text

    return sheet_text(value)


def readded_expert(reg: Register, year: int, payload: Mapping[str, Any],
             path: Path) -> tuple[Expert, tuple[str, ...]]:
    """The expert a package names who was removed from the panel after its export (删除专家
    takes their assignments and drafts with them) and added again, a new row: the package
    is theirs when they are assigned again exactly the projects it holds, at the same
    工作单位 (one removed and re-added by mistake, the reviewer filling in meanwhile);
    otherwise PackageRefused, saying that the package predates the re-adding and to
    export a new one. Also refused, with when, when the expert was not added again."""
    old_id, signed_name = payload["expert"]["id"], payload["expert"]["name"]
    removal = reg.query(
        "SELECT at, json_extract(before, '$.name') AS name,"
        " json_extract(before, '$.organisation') AS organisation FROM audit_events"
        " WHERE entity = 'experts' AND entity_id = ? AND action = 'delete'"
        " ORDER BY id DESC LIMIT 1", (old_id,))
    name = removal[0]["name"] if removal and removal[0]["name"] else signed_name
    removed = f"于 {shown_time(removal[0]['at'])[:16]} " if removal else ""
    now = next((x for x in experts(reg, year) if same_name(x.name, name)), None)
    if now is None or not removal:
        raise PackageRefused([f"专家“{name}”已{removed}从 {year} 年度评审组中删除，评分包不能导入"])
    added = reg.scalar("SELECT at FROM audit_events WHERE entity = 'experts' AND entity_id = ?"
                       " AND action = 'create' ORDER BY id DESC LIMIT 1", (now.id,))
    history = (f"{path.name} 导出于 {shown_time(str(payload.get('exported_at', '')))}，之后专家“{name}”"
               f"{removed}被删除，又于 {shown_time(str(added or ''))[:16]} 重新加入评审组")
    signed = {int(i): str(t) for i, t in payload["projects"]}
    assigned = {a.project_id for a in assignments(reg, year) if a.expert_id == now.id}
    differs = _assignment_change(reg, signed, assigned)
    if (removal[0]["organisation"] or "") != now.organisation:
        differs.append(f"工作单位由“{removal[0]['organisation'] or '（空）'}”改为“{now.organisation}”")
    if differs:
        raise PackageRefused([f"{history}（删除专家时其分配已取消），此后" + "；".join(differs)
                              + "：评分包早于专家重新加入，不能导入。请重新导出该专家的评分包交其"
                              "填写（原评分包中已填的评分可照抄）"])
    return now, (f"{history}；其分配与评分包相同，评分按重新加入的专家“{now.name}”导入",)


def _assignment_change(reg: Register, signed: Mapping[int, str], assigned: set[int]) -> list[str]:
    """How an expert's assignments now differ from a package's projects, or []."""
    out = []
    gone = [t for pid, t in signed.items() if pid not in assigned]
    if gone:
        out.append("评分包中的" + "、".join(f"“{t}”" for t in gone) + "已不再分配给该专家")
    new = [reg.project(pid).title for pid in sorted(assigned) if pid not in signed]
    if new:
        out.append("新分配了" + "、".join(f"“{t}”" for t in new))
    return out
