"""修改记录 on screen: the trail newest first, a page at a time, for the window's view of
the whole register's changes (查看 → 修改记录). The export reads the trail oldest first
and streams it into a file; a clerk back from leave wants this week's changes first, and
the whole trail (a million lines after ten years) is never read to show them: the events
are read backwards by id, a page of them a query, each line made as
:mod:`boostdesk.audit_log` makes it (the same words as the export and ``boostdesk
audit``). An operator and a range of days are chosen in SQL; a year is judged as the
year's export judges it. One paper's or one person's trail is small: read whole, as
``boostdesk audit --ref`` reads it, and turned round.
"""

from __future__ import annotations

import copy
import json
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from boostdesk import audit_log, audit_picks
from boostdesk.audit_log import (
    _YEAR_WHERE,
    APP_TABLES,
    NO_YEAR_OF_ITS_OWN,
    SEAL,
    ExportCancelled,
    Line,
    _Context,
    _event_apps,
    _events,
    _line,
    _shared_apps,
    _subject,
)

PAGE = 200  # lines a scroll to the end of the list asks for
Key = tuple[str, int]  # an application: (stream, id)
History = dict[Key, tuple[list[int], list[dict[str, Any]]]]
Moves = dict[Key, list[tuple[int, Any, Any]]]
# What a reading learns of the register once, kept for the next choice's: the context the
# lines are made in, the deleted papers' documents, the moves, each paper's first event
Known = tuple[_Context, "_DocsAsOf", Moves, dict[Key, int]]


@dataclass(frozen=True)
class Chosen:
    """Which lines: one operator's (""; everyone's), from ``first`` to ``last`` (days by the
    times the lines bear), of one year (None: every year's and the shared names'), or of
    one paper or person (``whose``, every year's: the year is not asked then)."""

    operator: str = ""
    first: date | None = None
    last: date | None = None
    year: int | None = None
    whose: audit_picks.Whose | None = None

    def choice(self) -> audit_picks.Choice:
        """The same lines as the export picks them (导出… from the view): oldest first."""
        return audit_picks.Choice(self.whose or audit_picks.Whose(year=self.year),
                                  first=self.first, last=self.last, operator=self.operator)


class _DocsAsOf(dict):  # type: ignore[type-arg]
    """A deleted application's documents as the trail had them when the event being made
    was written (the oldest-first reading merges them as it goes): its subject then
    names it as it was then."""

    def __init__(self, history: History) -> None:
        super().__init__()
        self.history = history
        self.at = 0

    def get(self, key: Any, default: Any = None) -> Any:
        found = self.history.get(key)
        if found is None:
            return default
        ids, docs = found
        i = bisect_right(ids, self.at) - 1
        return docs[i] if i >= 0 else default


class NewestFirst:
    """The lines chosen, newest first: :meth:`more` gives the next ones (``done`` once the
    oldest has been given). :meth:`again` another choice's, on what this one read of the
    register once (its applications, payments, deletions: a second on a register of ten
    years of 10,000 papers), while the register is unchanged."""

    def __init__(self, reg: Any, chosen: Chosen,
                 cancelled: Callable[[], bool] | None = None,
                 known: NewestFirst | None = None, lines: list[Line] | None = None,
                 read: Known | None = None) -> None:
        """``lines``: a paper's or a person's, oldest first, read beforehand (off the UI
        thread: a second at 100,000 papers) — not read again here. ``read``: what the
        lines are made in, read beforehand (:func:`read_known`, off the UI thread: seconds
        at 100,000 papers), unless ``known`` has it."""
        self.reg = reg
        self.chosen = chosen
        self.done = False
        self._ready: Iterator[Line] | None = None
        self._known: Known | None = known._known if known is not None else None
        if chosen.whose is not None:  # a paper's or a person's: read whole, turned round
            if lines is None:
                lines = whose_lines(reg, chosen, cancelled)
            self._ready = iter(lines[::-1])
            return
        if self._known is None and read is not None:
            # read on a worker's connection, closed since: what the context reads on
            # demand (names, a year's plan) is read on this one
            read[0].reg = reg
            self._known = read
        if self._known is None:
            self._known = read_known(reg, cancelled)
        self.ctx, self._docs, self._moves, self._first = self._known
        if chosen.year is not None and not self._first:
            self._first.update(self._firsts(reg))
        self._below: int | None = None  # the lowest id read so far
        self._made_ahead: list[Line] = []  # read with a page, not yet asked for
        self._read_all = False
        where: list[str] = []
        params: list[Any] = []
        if chosen.operator:
            where.append("operator = ?")
            params.append(chosen.operator)
        if chosen.first is not None:
            where.append("substr(at, 1, 10) >= ?")
            params.append(chosen.first.isoformat())
        if chosen.last is not None:
            where.append("substr(at, 1, 10) <= ?")
            params.append(chosen.last.isoformat())
        if chosen.year is not None:
            where.append(f"({_YEAR_WHERE})")
            params += [chosen.year, chosen.year]
        self._where, self._params = where, params

    @property
    def knows(self) -> bool:
        """It has read what the lines are made in (a paper's or a person's may not have):
        :meth:`again` reads nothing more of it."""
        return self._known is not None

    def again(self, chosen: Chosen, cancelled: Callable[[], bool] | None = None) -> NewestFirst:
        """Another choice's lines (the register unchanged since this one was made)."""
        return NewestFirst(self.reg, chosen, cancelled, known=self)

    # -- what the oldest-first reading learns as it goes, read beforehand ---------------
    @staticmethod
    def _moved(reg: Any) -> Moves:
        """Each application moved between years: its moves (event id, year before, after)."""
        moves: Moves = {}
        for e in _events(reg, "action = 'move_year' AND entity_id IS NOT NULL"):
            if e["entity"] in APP_TABLES:
                moves.setdefault((APP_TABLES[e["entity"]], e["entity_id"]), []).append(
                    (e["id"], (e["before"] or {}).get("campaign_year"),
                     (e["after"] or {}).get("campaign_year")))
        return moves

    @staticmethod
    def _firsts(reg: Any) -> dict[Key, int]:
        """Each application's first event (its entry), by id (the index's)."""
        return {(APP_TABLES[r[0]], r[1]): r[2] for r in reg.conn.execute(
            "SELECT entity, entity_id, MIN(id) FROM audit_events WHERE entity IN"
            " ('patent_applications', 'project_applications') AND entity_id IS NOT NULL"
            " GROUP BY entity, entity_id")}

    @staticmethod
    def _deleted(reg: Any) -> History:
        """The deleted applications' documents that name them, merged in order."""
        history: History = {}
        for table, stream in APP_TABLES.items():
            for r in reg.conn.execute(
                    "SELECT id, entity_id, before, after FROM audit_events WHERE entity = ?"
                    f" AND entity_id IS NOT NULL AND entity_id NOT IN (SELECT id FROM {table})"
                    " ORDER BY id", (table,)):
                doc = (json.loads(r[3]) if r[3] else None) or (
                    json.loads(r[2]) if r[2] else None) or {}
                if not isinstance(doc, dict) or "campaign_year" not in doc:
                    continue
                ids, docs = history.setdefault((stream, r[1]), ([], []))
                ids.append(r[0])
                docs.append({**(docs[-1] if docs else {}), **doc})
        return history

    def _year_then(self, key: Key, e: dict[str, Any]) -> set[int | None]:
        """The year(s) an application's event is of: the year it was in then (both, for
        its move), as the oldest-first reading tracks it."""
        moves = self._moves.get(key)
        if moves:
            later = [m for m in moves if m[0] >= e["id"]]
            if later and later[0][0] == e["id"]:  # the move itself: both years'
                return {later[0][1], later[0][2]}
            if later:
                return {later[0][1]}
            return {moves[-1][2]}
        if key in self.ctx.apps:
            return {self.ctx.apps[key][0]}
        doc = self._docs.get(key) or {}
        return {doc.get("campaign_year")}

    # -- reading ---------------------------------------------------------------------
    def more(self, n: int = PAGE) -> list[Line]:
        """Up to ``n`` lines more, newer ones first; fewer (or none) once the oldest is given."""
        if self._ready is not None:
            out = [x for _, x in zip(range(n), self._ready, strict=False)]
            self.done = len(out) < n
            return out
        self.read_ahead(n)
        out, self._made_ahead = self._made_ahead[:n], self._made_ahead[n:]
        self.done = self._read_all and not self._made_ahead
        return out

    def read_ahead(self, n: int = PAGE, cancelled: Callable[[], bool] | None = None) -> None:
        """``n`` lines made (fewer at the oldest), not yet given: :meth:`more` gives them
        without a read (a year's page may scan thousands of events, a worker's then).
        ``cancelled()`` turning true stops it between pages with ExportCancelled."""
        if self._ready is not None:
            return
        while len(self._made_ahead) < n and not self._read_all:
            if cancelled is not None and cancelled():
                raise ExportCancelled
            events = self._page(PAGE)
            self._read_all = len(events) < PAGE
            self._made_ahead += [x for x in map(self._made, events) if x is not None]

    def moved(self, reg: Any) -> NewestFirst:
        """This reader, made and read ahead on a worker's connection (closed since), on
        ``reg``'s from now on: its later pages are read there."""
        self.reg = reg
        self.ctx.reg = reg
        return self

    def _page(self, n: int) -> list[dict[str, Any]]:
        where = list(self._where)
        params: list[Any] = list(self._params)
        if self._below is not None:
            where.insert(0, "id < ?")
            params.insert(0, self._below)
        rows = list(_events_desc(self.reg, " AND ".join(where), params, n))
        if rows:
            self._below = rows[-1]["id"]
        return rows

    def _made(self, e: dict[str, Any]) -> Line | None:
        """The event's line, or None when it is not of the year chosen (as
        :func:`audit_log._chosen_lines` judges it)."""
        ctx, year = self.ctx, self.chosen.year
        self._docs.at = e["id"]
        years: set[int | None] | None = None
        if e["entity"] in APP_TABLES and e["entity_id"] is not None:
            years = self._year_then((APP_TABLES[e["entity"]], e["entity_id"]), e)
        if year is not None:
            own = _event_apps(ctx, e)
            if years is not None:
                if year not in years:
                    return None
            elif e["entity"] not in ("register", SEAL) or e["action"] in NO_YEAR_OF_ITS_OWN:
                shared = {a for a in _shared_apps(ctx, e)
                          if a in self._first and e["id"] >= self._first[a]}
                own_year, _subject_text = _subject(ctx, e)
                if own_year != year and not any(ctx.apps.get(a, (None,))[0] == year
                                                for a in own | shared):
                    return None
        line = _line(ctx, e)
        if years is not None and line.year not in years:  # the year it was in then
            line = replace(line, year=year if year in years else min(years, key=str))
        return line


def read_known(reg: Any, cancelled: Callable[[], bool] | None = None) -> Known:
    """What every choice's lines are made in, read once: every application, payment and
    review row, the deletions, the moves (6 s at 100,000 papers on a loaded machine, the
    window's 修改记录 reads it off the UI thread). ``cancelled()`` turning true stops it
    between its reads with :class:`~boostdesk.audit_log.ExportCancelled`."""
    def check() -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled

    ctx = _Context(reg, cancelled=cancelled)
    check()
    ctx.note_ended(_events(reg, "action IN ('delete', 'merge')"))
    check()
    docs = _DocsAsOf(NewestFirst._deleted(reg))
    ctx.docs = docs
    check()
    return ctx, docs, NewestFirst._moved(reg), {}


def begun(reg: Any, chosen: Chosen, known: NewestFirst | None = None,
          cancelled: Callable[[], bool] | None = None) -> NewestFirst:
    """A choice's reader made on a worker's connection ``reg``, its first page read ahead:
    what the lines are made in (unless ``known``, the UI's reader, has read it), a year's
    applications' first events and the scan for the year's newest lines (seconds at
    100,000 papers on a loaded machine). :meth:`NewestFirst.moved` hands it to the UI
    thread's connection. ``known``'s context is copied, not shared: the UI thread may use
    it meanwhile."""
    if known is not None and known._known is not None:
        ctx, docs, moves, firsts = known._known
        mine = copy.copy(ctx)
        mine._names, mine._tranches = dict(ctx._names), dict(ctx._tranches)
        mine_docs = _DocsAsOf(docs.history)
        mine.docs = mine_docs
        read: Known = (mine, mine_docs, moves, dict(firsts))
    else:
        read = read_known(reg, cancelled)
    reader = NewestFirst(reg, chosen, cancelled, read=read)
    reader.read_ahead(PAGE, cancelled)
    return reader


def whose_lines(reg: Any, chosen: Chosen,
                cancelled: Callable[[], bool] | None = None) -> list[Line]:
    """A paper's or a person's lines (``chosen.whose``), oldest first, read whole."""
    return list(chosen.choice().trail(reg, cancelled)[2])


def _events_desc(reg: Any, where: str, params: list[Any], n: int) -> Iterator[dict[str, Any]]:
    """``n`` events, the newest first (by id: a clock set back dates later ones earlier)."""
    for r in reg.conn.execute(
            "SELECT id, at, operator, action, entity, entity_id, before, after, computer, note"
            f" FROM audit_events{' WHERE ' + where if where else ''} ORDER BY id DESC LIMIT ?",
            (*params, n)):
        yield {"id": r[0], "at": r[1], "operator": r[2], "action": r[3], "entity": r[4],
               "entity_id": r[5], "before": audit_log._load(r[6]),
               "after": audit_log._load(r[7]), "computer": r[8], "note": r[9]}
