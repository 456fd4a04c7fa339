"""What a save says of the unions and enterprises it registered as new ones.

The form's side panel says 保存时将新登记 beforehand; once saved, the message (status
bar, the form's banner) names them again with the kind stored for a new union (guessed
from its name), so the clerk checks both at a glance instead of in 单位与人员.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

WHAT = {"units": "推荐单位", "enterprises": "所在单位"}


def made_line(reg: Any, created: Sequence[tuple[str, str]]) -> str:
    """已新登记推荐单位“…”（类别：…）、所在单位“…” for those of ``created`` ((table, name),
    as ``Register.new_names`` gave them before the save) that the save did register ("" when
    none: a project's studio may keep the register's enterprise)."""
    said = []
    for table, name in created:
        if table not in WHAT:
            continue
        row = reg.conn.execute(
            f"SELECT {'kind' if table == 'units' else 'name'} FROM {table} WHERE name = ?",
            (name,)).fetchone()
        if row is None:
            continue
        said.append(f"{WHAT[table]}“{name}”" + (f"（类别：{row[0]}）" if table == "units" else ""))
    return "已新登记" + "、".join(said) if said else ""
