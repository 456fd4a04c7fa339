"""收件日期 given to many papers at once: the day the office received them (方案三's 报送时限).

It is the office's own fact — the day the paper came through its door — so no union is asked
for it (``rules.findings.asked_of_union``); a table imported with its box left empty leaves
every paper waiting for it. The window's 填写收件日期 (several rows selected), ``boostdesk
review received`` and a re-import with ``--received`` all end here: each paper saved as the
form saves an edit of its 收件日期 alone (``Register.save_patent`` / ``save_project``,
audited), then the year re-checked. Undone (Ctrl+Z) by :func:`put_back`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from boostdesk.models.records import PATENT, PatentApplication, ProjectApplication, id_ref
from boostdesk.models.register import Register, RegisterError

Application = PatentApplication | ProjectApplication
# What a change gave: each paper -> the 收件日期 it had (None: none)
Was = dict[int, date | None]


def lacking(reg: Register, stream: str, app_ids: Iterable[int]) -> list[int]:
    """Those of ``app_ids`` with no 收件日期."""
    table = _table(stream)
    ids = list(dict.fromkeys(app_ids))
    if not ids:
        return []
    found = {int(r[0]) for r in reg.conn.execute(
        f"SELECT id FROM {table} WHERE received_date IS NULL"
        f" AND id IN ({','.join('?' * len(ids))})", ids)}
    return [i for i in ids if i in found]


def set_received(reg: Register, stream: str, app_ids: Sequence[int], day: date, *,
                 missing_only: bool = False, today: date | None = None) -> Was:
    """``day`` as the 收件日期 of ``app_ids``, all or none; ``missing_only``: only those
    with none (the others left as they are). A day to come is refused (the paper is not
    in yet). Returns what each paper changed had (one already dated ``day`` is left)."""
    from boostdesk.models import clock

    if day > (today or clock.today()):
        raise RegisterError(f"收件日期 {day.isoformat()} 还没到：收件日期是本办收到纸质申报的"
                            "日期，不能晚于今天")
    ids = list(dict.fromkeys(app_ids))
    with reg.transaction():
        apps = [reg.application(stream, i) for i in ids]
        return _put(reg, {_id(a): day for a in apps
                          if a.received_date != day
                          and not (missing_only and a.received_date is not None)}, apps)


def still_registered(reg: Register, stream: str, app_ids: Iterable[int]) -> list[int]:
    """Those of ``app_ids`` still 已登记 with no 收件日期: what a table sent again with a
    date fills (``boostdesk import --received``). A decided paper is left as it was judged:
    a date given now could make an approved award late (方案三) and hold its payment."""
    ids = lacking(reg, stream, app_ids)
    if not ids:
        return []
    found = {int(r[0]) for r in reg.conn.execute(
        f"SELECT id FROM {_table(stream)} WHERE status = 'registered'"
        f" AND id IN ({','.join('?' * len(ids))})", ids)}
    return [i for i in ids if i in found]


def fill_registered(reg: Register, stream: str, app_ids: Iterable[int], day: date) -> Was:
    """``day`` as the 收件日期 of those of ``app_ids`` :func:`still_registered`."""
    ids = still_registered(reg, stream, app_ids)
    return set_received(reg, stream, ids, day, missing_only=True) if ids else {}


def refs_text(stream: str, ids: Iterable[int], most: int = 10) -> str:
    """专利1、专利2 等 12 份."""
    ids = list(ids)
    shown = "、".join(id_ref(stream, i) for i in ids[:most])
    return shown + (f" 等 {len(ids)} 份" if len(ids) > most else "")


def put_back(reg: Register, stream: str, was: Was, put: date) -> None:
    """Undo :func:`set_received` (``was`` what it returned, ``put`` the day it put), all or
    none; refused, naming the paper, when one's 收件日期 is no longer ``put`` (changed since):
    undoing would overwrite that later change."""
    with reg.transaction():
        apps = [reg.application(stream, i) for i in was]
        for a in apps:
            if a.received_date != put:
                now = a.received_date.isoformat() if a.received_date else "未填"
                raise RegisterError(f"不能撤销：{id_ref(stream, _id(a))}的收件日期已改为 {now}"
                                    f"（不是这次填写的 {put.isoformat()}），撤销会覆盖这次之后的修改")
        _put(reg, was, apps)


def _put(reg: Register, days: Mapping[int, date | None], apps: list[Application]) -> Was:
    from boostdesk.rules import recheck

    changed: Was = {}
    for a in apps:
        if _id(a) not in days:
            continue
        changed[_id(a)] = a.received_date
        saved = replace(a, received_date=days[_id(a)])
        if isinstance(saved, PatentApplication):
            reg.save_patent(saved)
        else:
            reg.save_project(saved, studio_facts=())
    if changed:
        recheck(reg)
    return changed


def _id(app: Application) -> int:
    assert app.id is not None  # (read from the register)
    return app.id


def _table(stream: str) -> str:
    return "patent_applications" if stream == PATENT else "project_applications"
