"""A large campaign's patent applications checked on two processes.

Every rule across patent applications compares one person's applications (one award a
year) or a patent number with the claims read from the register (one award a patent),
so the applications split by person are two campaigns of their own. A second process
checks one half from its own read-only connection while this one checks the other half
and the projects; this one has the storing and the report still to do after, so the
other is not given the projects too (tried: it then made this one wait ≈ 1 s). What
both halves read of the whole register (``check.register_wide``) the second reads first
and hands to this one, which checks the projects meanwhile: each read it before.
A second process takes ≈ 0.3 s to start, more than it saves below ``SPLIT_FROM``.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from boostdesk.models.campaign import Campaign
    from boostdesk.models.register import Register

    from .check import Claim, Verdict
    from .findings import Finding

log = logging.getLogger(__name__)

SPLIT_FROM = 20_000  # patent applications in the campaign


def worth_splitting(reg: Register, year: int, only_campaign_uncommitted: bool = False) -> bool:
    """A second process pays: the campaign is large, the register a file, and nothing is
    uncommitted on this connection (the other process would not see it) — or nothing but
    the campaign's parameters, which it is given (``only_campaign_uncommitted``: the
    caller's word, as when a campaign's new parameters are saved and checked at once)."""
    if reg.path is None or (reg.conn.in_transaction and not only_campaign_uncommitted):
        return False
    count = reg.conn.execute(
        "SELECT COUNT(*) FROM patent_applications a JOIN campaigns c ON c.id = a.campaign_id"
        " WHERE c.year = ?", (year,)).fetchone()[0]
    return count >= SPLIT_FROM


Other = tuple[ProcessPoolExecutor, Future, Future]  # (the half's verdicts, the whole read)


def start_other_half(reg: Register, campaign: Campaign,
                     first: dict[str, Claim] | None = None) -> Other | None:
    """Half 1 of the campaign's patent applications, being checked in a second process
    with these parameters and these claims on patent numbers (``check._first_by_patent_number``
    read by this connection, which may have the parameters uncommitted: the second
    would read the old ones; None: it reads them), after it has read what both halves
    need of the whole register (:func:`take_whole`); None when no process could be
    started (this one then checks both halves)."""
    import multiprocessing

    try:
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_end_with_parent)
        # (one worker: the two run in turn, the second on the first's connection)
        whole = pool.submit(_read_whole, str(reg.path), reg.operator)
        return pool, pool.submit(_check_half, str(reg.path), reg.operator, campaign.to_json(), 1,
                                 first), whole
    except Exception:  # noqa: BLE001 - no second process: the same result, only slower
        log.warning("no second process for the check", exc_info=True)
        return None


def take_whole(reg: Register, other: Other) -> None:
    """What the second process has read of the whole register, kept by ``reg`` as if read
    here (``RegisterBase.kept``); if it could not, ``reg`` reads it when asked."""
    try:
        whole = other[2].result()
    except Exception:  # noqa: BLE001 - as in finish
        log.warning("the second process could not read the register", exc_info=True)
        return
    for key, value in whole.items():
        reg.kept(key, _given(value))


def _given(value: Any) -> Callable[[], Any]:
    return lambda: value


def finish(reg: Register, campaign: Campaign, mine: list[Verdict],
           other: Other | None, first: dict[str, Claim] | None = None) -> list[Verdict]:
    """Half 0's verdicts (``mine``) and half 1's, in id order as ``check_patents`` of the
    whole campaign gives them; half 1 checked here if the second process failed."""
    from .check import check_patents

    theirs = None
    if other is not None:
        pool, future, _ = other
        try:
            theirs = unpack(future.result())
        except Exception:  # noqa: BLE001 - as above
            log.warning("the second process's check failed", exc_info=True)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
    if theirs is None:
        half = reg.patents(campaign.year, people_half=1, for_rules=True)
        theirs = check_patents(reg, campaign, half, first)
    # stored: each has its id. The two halves are two sorted runs, which sort() merges in C
    # (heapq.merge took a Python call per verdict).
    merged = [*mine, *theirs]
    merged.sort(key=_app_id)
    return merged


def _app_id(v: Verdict) -> int:
    return v.app_id or 0


def abandon(other: Other | None) -> None:
    """Stop waiting for the second process (the check was cancelled or failed)."""
    if other is not None:
        other[0].shutdown(wait=False, cancel_futures=True)


# What the second process sends back: each distinct findings list once, and per verdict
# (id, ref, name, index of its list). Pickling 40,000 Verdict dataclasses went through
# copyreg object by object (0.2–0.5 s in that process, 0.1 s more unpickling here).
Packed = tuple[list[tuple["Finding", ...]], list[tuple[int | None, str, str, int]]]


def pack(verdicts: list[Verdict]) -> Packed:
    lists: list[tuple[Finding, ...]] = []
    index: dict[tuple[int, ...], int] = {}  # a list by its findings' identities (shared)
    rows = []
    for v in verdicts:
        key = tuple(map(id, v.findings))
        i = index.get(key)
        if i is None:
            i = index[key] = len(lists)
            lists.append(tuple(v.findings))
        rows.append((v.app_id, v.ref, v.name, i))
    return lists, rows


def unpack(packed: Packed) -> list[Verdict]:
    from boostdesk.models.records import PATENT

    from .check import Verdict

    lists, rows = packed
    return [Verdict(PATENT, app_id, ref, list(lists[i]), name) for app_id, ref, name, i in rows]


def _end_with_parent() -> None:
    """In the second process: end when the first does. A pool's worker waits on queues it
    holds both ends of, so it never learns that its parent was killed (the power cut,
    Windows ending a hung BoostDesk): it stayed, blocked, for good — a process and its
    memory left behind at every kill of a large check or a large campaign's save."""
    import multiprocessing
    import os
    import threading

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # its sentinel: a pipe on POSIX, its process handle on Windows
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


# The second process's read-only connection, from :func:`_read_whole` to :func:`_check_half`
_reader: Any = None


def _read_whole(path: str, operator: str) -> dict[str, Any]:
    """In the second process: ``check.register_wide``, first (its connection kept for the
    half, which finds it kept)."""
    from boostdesk.gc_pause import collector_paused
    from boostdesk.safety import open_read_only

    from .check import register_wide

    global _reader
    _reader = open_read_only(Path(path), operator, None)
    with collector_paused():
        return register_wide(_reader)


def _check_half(path: str, operator: str, params: str, half: int,
                first: dict[str, Claim] | None = None) -> Packed:
    """In the second process: one half's verdicts, from a read-only connection (the one
    :func:`_read_whole` opened, when it did)."""
    from boostdesk.gc_pause import collector_paused
    from boostdesk.models.campaign import Campaign
    from boostdesk.safety import open_read_only

    from .check import check_patents

    global _reader
    reg, _reader = _reader or open_read_only(Path(path), operator, None), None
    try:
        with collector_paused():
            campaign = Campaign.from_json(params)
            return pack(check_patents(reg, campaign, reg.patents(
                campaign.year, people_half=half, for_rules=True), first))
    finally:
        reg.close()
