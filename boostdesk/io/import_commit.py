"""A read summary table stored: its records in one transaction with their verdicts, a
backup first, the chosen registered rows updated, one ``import`` event naming the file;
then the verdicts counted (合格 / 不合格 / 待补)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from boostdesk.models.batch_insert import REGISTER, TABLE
from boostdesk.models.records import PATENT, PROJECT

from .errors import ImportCancelled, ImportRefused
from .import_messages import refusal_message
from .import_preview import ImportPreview

if TYPE_CHECKING:
    from boostdesk.rules.check import VerdictRow

    from .import_verdicts import RowVerdict

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def commit(
    reg: Any, preview: ImportPreview, skip_bad_rows: bool = False, *,
    received_date: date | None = None, progress: Progress | None = None,
    cancelled: Cancelled | None = None, update_studios: bool = False,
    updates: dict[int, Any] | None = None, backup: bool = True,
    registered: dict[int, Any] | None = None, refused: list[dict[str, Any]] | None = None,
    judged: Judged | None = None,
) -> list[int]:
    """Store the records of a preview in one transaction, with their verdicts.

    Refuses (:class:`ImportRefused`, nothing stored) when some rows could not be
    read, unless ``skip_bad_rows``. ``received_date`` fills 收件日期 where the
    table gave none. Returns the new application ids in sheet order. A studio already
    registered keeps its facts (level, 示范性, leader, units) unless ``update_studios``; the
    first row giving a fact of a studio settles it for the table
    (``duplicates.studio_notes`` lists every fact given otherwise, by row).

    The records go in with ``Register.insert_patents`` / ``insert_projects``
    (executemany, audited as ``save_patent`` would, each create event naming the
    file), their verdicts computed by ``rules.check.judge_new`` and written with
    the rows; the applications already stored that share a patent number, a person
    or a studio with them are checked again (and only those). One ``import`` event
    records the file, its SHA-256 and the ids, the sheet row of each record without a 序号,
    and ``refused`` (``refused_rows.refused_entries``: the rows skipped, unreadable or
    registered already, each with why), for the union's 核对意见 to list them.

    ``updates`` (``io.resend.compare`` of a table sent again, the rows the clerk chose to
    take): the registered applications take those rows' differing values in the same
    transaction (``io.resend.apply``), named in the ``import`` event.

    ``registered`` (``io.resend.compare``'s matches the clerk chose to take, a project
    table's): their rows' studio facts are taken as the new rows' are (``update_studios``
    deciding whether they overwrite the register's, an awarded studio keeping its level),
    in the table's order with them; each studio update audited naming the file.

    The register is backed up first (``safety.backup.backed_up_write``: the backup taken
    back when the import fails having stored nothing, a full disk say). ``backup=False``:
    the caller backed the register up already (one backup before a morning's thirty files,
    not thirty rotating last week's away).

    ``judged``: the preview's judging of these rows (``judge_import``'s ``kept``), made when
    the register was as it is now — the caller vouches that nothing was written since
    (the window: its connection's ``journal.change_token`` unmoved). Its verdicts are stored
    without judging the rows again, when it judged these very rows with these choices on
    this day (``rules.check.judged_again``); else they are judged as without it.
    """
    from .resend import unmask

    # a masked phone stored is a number nobody can call, a masked ID or card no person's
    preview = unmask(reg, preview)
    if updates and (masked := _masked_takes(updates)):  # compared before it was unmasked
        raise ImportRefused(f"第 {masked} 行的号码中间已用 * 隐去，不能按表更新登记册，未导入任何数据")
    if preview.errors and not skip_bad_rows:
        raise ImportRefused(refusal_message(preview))
    reg.campaign(preview.year)  # a missing campaign is refused before anything is written
    if not backup:
        return _store(reg, preview, received_date, progress, cancelled, update_studios,
                      updates, registered, refused, judged)
    from boostdesk.safety.backup import BackupCancelled, backed_up_write

    try:  # the backup taken back if nothing is stored (a full disk: each try left one)
        with backed_up_write(reg, "import", cancelled):
            return _store(reg, preview, received_date, progress, cancelled, update_studios,
                          updates, registered, refused, judged)
    except BackupCancelled:  # 取消 pressed while it was backed up (seconds on a large register)
        raise ImportCancelled() from None


def _store(reg: Any, preview: ImportPreview, received_date: date | None,
           progress: Progress | None, cancelled: Cancelled | None, update_studios: bool,
           updates: dict[int, Any] | None, registered: dict[int, Any] | None,
           refused: list[dict[str, Any]] | None = None,
           judged: Judged | None = None) -> list[int]:
    """``commit``'s transaction, after its backup."""
    from boostdesk.rules.check import judge_new, judged_again

    records = _with_received(preview, received_date)
    table = _TABLE[preview.stream]

    def step(done: int, of: int) -> None:
        if cancelled is not None and cancelled():
            raise ImportCancelled()
        if progress is not None:
            progress(done, of)

    from boostdesk.gc_pause import collector_paused

    # the preview's judging, when it was made with these choices: done again, not judged
    again = (judged.judged if judged is not None and judged.stream == preview.stream
             and judged.update_studios == update_studios
             and judged.registered == _placed(preview.rows, registered or {}) else None)

    def judge(new: list[Any]) -> list[VerdictRow]:
        if again is not None and (columns := judged_again(reg, new, again)) is not None:
            return columns
        return judge_new(reg, new)

    restudied: list[int] = []  # studios only the registered rows changed: named in the event
    with reg.transaction(), collector_paused():
        noted = set(reg.changes.studios)
        stored = _insert(reg, preview, records, step, judge, update_studios, registered)
        if preview.stream == PROJECT:
            restudied = sorted(reg.changes.studios - noted)
        updated: list[int] = []
        if updates:
            from .resend import apply

            updated = apply(reg, preview.stream, updates, preview.path.name)
        _judge_written(reg)
        if stored or updated or restudied or refused:  # (refused: a table none of whose
            # rows was read is kept too, for its union's letter to say why)
            reg.audit("import", table, None, None, {
                "file": preview.path.name, "sha256": preview.sha256,
                "sheet": preview.sheet_name, "applications": len(stored),
                **({"first_id": stored[0].id, "last_id": stored[-1].id} if stored else {}),
                **({"updated": updated} if updated else {}),
                **({"studios": restudied} if restudied else {}),
                **_asked(preview, stored),
                "year": preview.year,
                # a row whose 序号 is blank (a formula without its value) or another row's
                # too (a second table's 1, 2 taken as the table's) is named by its row
                **({"rows": unnumbered} if (unnumbered := _rows_named(preview, stored)) else {}),
                **({"refused": refused} if refused else {}),
            })
    return [r.id for r in stored]


def _rows_named(preview: ImportPreview, stored: list[Any]) -> dict[str, int]:
    """Paper id -> its sheet row, for each paper stored whose 序号 does not name it alone in
    its table: blank, or another stored row's too (附：本单位撤回的申报 numbered 1, 2 again,
    taken with ``--import-set-aside``): the union's letter names it by its row as well."""
    pairs = list(zip(preview.rows, stored, strict=False))
    seqs = Counter(r.seq for _row, r in pairs if r.seq is not None)
    return {str(r.id): row for row, r in pairs if r.seq is None or seqs[r.seq] > 1}


def _asked(preview: ImportPreview, stored: list[Any]) -> dict[str, Any]:
    """The import event's note of the papers whose row gave another name than the one
    stored for its ID (asked): paper id -> the table's name, for its resend
    (``resend.id_correction``)."""
    names = getattr(preview, "asked_names", None) or {}
    if not names or len(stored) != len(preview.rows):
        return {}
    asked = {str(record.id): names[row] for row, record in zip(preview.rows, stored, strict=True)
             if row in names}
    return {"asked": asked} if asked else {}


def _judge_written(reg: Any) -> None:
    """The verdicts the import's other writes can have changed, stored in its transaction:
    the registered rows it updated (a corrected 授权公告日 is 合格 now), the other projects
    of a studio the table updated. The new rows were judged as they went in. Done here, not
    left to whoever closes the connection: the command line re-checked as it closed, the
    window's worker connection closed with the changes noted and never re-checked them, the
    old verdicts staying until the next write."""
    if reg.changes:
        from boostdesk.rules import recheck

        recheck(reg)


def _with_received(preview: ImportPreview, received_date: date | None) -> list[Any]:
    """The records as stored: 收件日期 ``received_date`` where the table gave none."""
    if received_date is None:
        return preview.records
    return [r if r.received_date else replace(r, received_date=received_date)
            for r in preview.records]


def _insert(reg: Any, preview: ImportPreview, records: list[Any], step: Progress,
            judge: Callable[[list[Any]], list[VerdictRow]], update_studios: bool,
            registered: dict[int, Any] | None, dry_run: bool = False) -> list[Any]:
    """The records inserted as ``commit`` stores them, ``judge`` giving their verdicts;
    ``dry_run``: only as far as the verdicts, ``judge`` ending it (see insert_patents)."""
    if preview.stream == PATENT:
        stored: list[Any] = reg.insert_patents(records, source=preview.path.name,
                                               progress=step, judge=judge, dry_run=dry_run)
        return stored
    stored = reg.insert_projects(records, source=preview.path.name, progress=step,
                                 judge=judge, studio_facts=TABLE if update_studios else REGISTER,
                                 registered=_placed(preview.rows, registered or {}),
                                 dry_run=dry_run)
    return stored


class _Judged(Exception):
    """Raised by the dry run: the verdicts, and the writes before them undone."""

    def __init__(self, verdicts: list[VerdictRow],
                 updated: dict[int, VerdictRow] | None = None) -> None:
        super().__init__("judged")
        self.verdicts = verdicts
        self.updated = updated or {}


def judge_rows(
    reg: Any, preview: ImportPreview, *, received_date: date | None = None,
    update_studios: bool = False, registered: dict[int, Any] | None = None,
    cancelled: Cancelled | None = None,
) -> list[VerdictRow]:
    """The verdict columns (eligible, incomplete, findings) ``commit`` would store for each
    record of ``preview``, in its order, the register left as it was.

    ``commit``'s own steps are taken, in a transaction rolled back once the verdicts are
    made: the units, people and studios written as the import writes them (a person's
    card a row leaves blank taken from the register, a studio's facts kept or updated),
    then ``rules.check.judge_new`` as ``commit`` calls it; no application is stored, and no
    audit trail is built for what is rolled back. So the preview says what the import will
    store, not a guess at it. Raises what a write raises
    on a register that cannot be written (``RegisterReadOnly``), and
    :class:`ImportCancelled` when ``cancelled()`` turns true.
    """
    return judge_import(reg, preview, received_date=received_date,
                        update_studios=update_studios, registered=registered,
                        cancelled=cancelled)[0]


def judge_import(
    reg: Any, preview: ImportPreview, *, received_date: date | None = None,
    update_studios: bool = False, registered: dict[int, Any] | None = None,
    updates: dict[int, Any] | None = None, cancelled: Cancelled | None = None,
    kept: list[Judged] | None = None,
) -> tuple[list[VerdictRow], dict[int, VerdictRow]]:
    """``judge_rows``, and with ``updates`` (the registered rows the clerk takes, as
    ``commit`` gets them) each of those rows -> the verdict columns its application would
    have once updated: then ``commit``'s steps go on, the rows stored and the updates
    applied and re-judged (``_judge_written``), before all is rolled back.

    ``kept``: a :class:`Judged` appended to it, for ``commit`` to store these verdicts
    without judging the rows again (10,000 rows: ≈ 0.5 s of the import) while nothing is
    written meanwhile."""
    from boostdesk.gc_pause import collector_paused
    from boostdesk.rules.check import judge_new

    if not preview.records and not updates:
        return [], {}
    reg.campaign(preview.year)  # a missing campaign: refused as commit refuses it

    def step(_done: int, _of: int) -> None:
        if cancelled is not None and cancelled():
            raise ImportCancelled()

    judged: list[VerdictRow] = []
    made: list[Any] = [] if kept is not None else None  # type: ignore[assignment]
    placed = _placed(preview.rows, registered or {})

    def judge(new: list[Any]) -> list[VerdictRow]:
        columns = judge_new(reg, new, made)
        if kept is not None and made:
            kept.append(Judged(made[-1], preview.stream, update_studios, placed))
        if not updates:  # the rest of the import changes nothing these verdicts show
            raise _Judged(columns)
        judged[:] = columns
        return judged

    try:
        with reg.transaction(), collector_paused():
            # no updates: the verdicts end the steps (judge raises), and what was written
            # before them, its audit trail too, is rolled back: the trail is not built
            _insert(reg, preview, _with_received(preview, received_date), step, judge,
                    update_studios, registered, dry_run=not updates)
            if updates:
                from .resend import apply

                apply(reg, preview.stream, updates, preview.path.name)
                step(0, 0)
                _judge_written(reg)
                after = stored_verdicts(reg, preview.stream,
                                        [m.app_id for m in updates.values()])
                raise _Judged(judged, {row: after[m.app_id] for row, m in updates.items()
                                       if m.app_id in after})
    except _Judged as done:
        return done.verdicts, done.updated
    raise AssertionError("the insert never asked for the verdicts")  # pragma: no cover


def stored_verdicts(reg: Any, stream: str, ids: list[int]) -> dict[int, VerdictRow]:
    """Application id -> its stored verdict columns (eligible, incomplete, findings)."""
    from boostdesk.models.record_rows import select_in

    return {app_id: (ok, missing, findings) for app_id, ok, missing, findings in select_in(
        reg.conn, f"SELECT id, eligible, incomplete, findings FROM {_TABLE[stream]} WHERE id IN",
        ids)}


@dataclass(frozen=True)
class Judged:
    """An import preview's judging (``judge_import``'s ``kept``): ``rules.check.judge_new``'s
    work (``check.Judged``) and the choices it was made with, for ``commit``'s ``judged``."""

    judged: Any  # rules.check.Judged
    stream: str
    update_studios: bool
    registered: list[tuple[int, Any]]  # _placed: the registered rows' studio facts


def _placed(rows: list[int], registered: dict[int, Any]) -> list[tuple[int, Any]]:
    """Each registered row's record with the index of the first new row below it in the
    sheet: where its studio facts come among theirs."""
    from bisect import bisect_left

    return [(bisect_left(rows, row), match.record) for row, match in sorted(registered.items())]


_TABLE = {PATENT: "patent_applications", PROJECT: "project_applications"}


@dataclass(frozen=True)
class ImportSummary:
    imported: int
    eligible: int  # 合格: no blocking finding, nothing missing
    refused: int  # 不合格: some blocking finding
    incomplete: int  # 待补: no blocking finding but a fact missing
    verdicts: tuple[RowVerdict, ...] = ()  # each sheet row's, when the rows were given
    stream: str = PATENT

    def __str__(self) -> str:
        return (f"导入 {self.imported} 行：合格 {self.eligible}、不合格 {self.refused}、"
                f"待补 {self.incomplete}")

    def lines(self) -> list[str]:
        """The rows by verdict, each 不合格 one with why (``import_verdicts.verdict_lines``),
        then those near a studio barred by 二（一） (``import_messages.near_barred_lines``)."""
        from .import_messages import asked_lines, near_barred_lines
        from .import_verdicts import verdict_lines

        # and each row whose studio is near one barred by 二（一）, as check cautions it
        return [*verdict_lines(self.verdicts, self.stream), *near_barred_lines(self.verdicts),
                *asked_lines(self.verdicts)]


def summarize(reg: Any, stream: str, ids: list[int],
              preview: ImportPreview | None = None) -> ImportSummary:
    """Count the stored verdicts of freshly imported applications; given the ``preview``
    they were stored from (its records in the order of ``ids``), each row's verdict too."""
    from .import_verdicts import from_columns, named

    eligible = refused = incomplete = 0
    wanted = set(ids)
    stored: dict[int, str] = {}
    for app_id, ok, missing, findings in reg.conn.execute(
        f"SELECT id, eligible, incomplete, findings FROM {_TABLE[stream]}"
        " WHERE id BETWEEN ? AND ?",
        (min(wanted, default=0), max(wanted, default=-1)),
    ):
        if app_id not in wanted:
            continue
        if preview is not None:
            stored[app_id] = findings
        if not ok:
            refused += 1
        elif missing:
            incomplete += 1
        else:
            eligible += 1
    verdicts = () if preview is None else tuple(
        from_columns(row, stored.get(app_id, "[]"), named(record), app_id, stream)
        for row, record, app_id in zip(preview.rows, preview.records, ids, strict=True))
    return ImportSummary(len(ids), eligible, refused, incomplete, verdicts, stream)


def _masked_takes(updates: dict[int, Any]) -> int | None:
    """The first row whose update would store a masked number (``cell_readers.Masked``)."""
    from .cell_readers import Masked

    return next((row for row, match in sorted(updates.items())
                 if any(isinstance(d.table, Masked) for d in match.takes)), None)
