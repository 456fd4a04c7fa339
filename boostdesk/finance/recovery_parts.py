"""A revoked award's payer parts (finance.recovery) and what each has recovered, in
instalments (已追回, migration 26): read from the register, said in words (应追回 / 已追回 /
尚欠), and spread over the payer's paid lines so that every list's 已追回 and 尚欠 add up to
the fen. No Qt.

Why spread: a payer's part is the sum of its paid lines (a project's two tranches), but the
money comes back as the payer returns it, not line by line. Each list (拨付, the printed
payment lists, `pay list`, the statistics by paid date) counts lines, so each line takes
its share of the part's recovered money, the oldest tranche first: the shares add up to
the part's 已追回 exactly, and a line reads 已追回 once its own share is whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from boostdesk.money import format_money

if TYPE_CHECKING:
    from boostdesk.models.register import Register


@dataclass(frozen=True)
class Instalment:
    """One sum a payer returned: its day, voucher and note."""

    id: int
    payer: str
    amount_fen: int
    day: date
    voucher: str
    note: str = ""

    @property
    def said(self) -> str:
        """2024-02-01，凭证 收-7，余款下月退回 (what the sum came with)."""
        return (self.day.isoformat() + (f"，凭证 {self.voucher}" if self.voucher else "")
                + (f"，{self.note}" if self.note else ""))

    @property
    def text(self) -> str:
        """¥1,200.00（2024-02-01，凭证 收-7）."""
        return f"{format_money(self.amount_fen)}（{self.said}）"


@dataclass(frozen=True)
class PayerPart:
    """One payer's part of a revoked award: what it paid (应追回), and what it has returned
    so far, in instalments."""

    payer: str  # FEDERATION or RECOMMENDING_UNION
    payer_name: str
    amount_fen: int
    instalments: tuple[Instalment, ...] = ()

    @property
    def recovered_fen(self) -> int:
        """已追回: the instalments' sum."""
        return sum(i.amount_fen for i in self.instalments)

    @property
    def owing_fen(self) -> int:
        """尚欠: what the payer has still to return."""
        return self.amount_fen - self.recovered_fen

    @property
    def recovered(self) -> bool:
        """Recovered whole: nothing owed."""
        return self.owing_fen <= 0

    @property
    def recovered_date(self) -> date | None:
        """The day the part was recovered whole (its last instalment's), else None."""
        return max(i.day for i in self.instalments) if self.recovered and self.instalments \
            else None

    @property
    def figures(self) -> str:
        """应追回 ¥1,800.00，已追回 ¥1,200.00，尚欠 ¥600.00."""
        return (f"应追回 {format_money(self.amount_fen)}，已追回 {format_money(self.recovered_fen)}"
                f"，尚欠 {format_money(self.owing_fen)}")

    @property
    def text(self) -> str:
        """The part in words: 北京市总工会 应追回 ¥1,500.00; once money is back, 海淀区总工会
        应追回 ¥1,800.00，已追回 ¥1,200.00（2024-02-01，凭证 收-7），尚欠 ¥600.00 — several
        instalments each with its sum (…已追回 ¥1,500.00（2024-02-01 ¥1,200.00，凭证 收-7；
        2024-03-01 ¥300.00，凭证 收-9）…) — or …，已全部追回."""
        text = f"{self.payer_name} 应追回 {format_money(self.amount_fen)}"
        if not self.instalments:
            return text
        if len(self.instalments) == 1:
            said = self.instalments[0].said
        else:
            said = "；".join(f"{i.day.isoformat()} {format_money(i.amount_fen)}"
                            + (f"，凭证 {i.voucher}" if i.voucher else "")
                            + (f"，{i.note}" if i.note else "") for i in self.instalments)
        text += f"，已追回 {format_money(self.recovered_fen)}（{said}）"
        return text + ("，已全部追回" if self.recovered
                       else f"，尚欠 {format_money(self.owing_fen)}")


def instalments_of(reg: Register, recovery_ids: Iterable[int]
                   ) -> dict[tuple[int, str], tuple[Instalment, ...]]:
    """Each payer part's instalments, by (recovery id, payer), in the order they came
    back (by day, then as recorded)."""
    ids = list(dict.fromkeys(recovery_ids))
    out: dict[tuple[int, str], list[Instalment]] = {}
    for start in range(0, len(ids), 500):  # SQLite's bound-parameter limit
        chunk = ids[start:start + 500]
        for r in reg.conn.execute(
                "SELECT id, recovery_id, payer, amount_fen, recovered_date, voucher, note"
                " FROM recovery_instalments"
                f" WHERE recovery_id IN ({','.join('?' * len(chunk))})"
                " ORDER BY recovered_date, id", chunk):
            out.setdefault((r[1], r[2]), []).append(
                Instalment(r[0], r[2], r[3], date.fromisoformat(r[4]), r[5], r[6]))
    return {k: tuple(v) for k, v in out.items()}


def spread(paid: Sequence[tuple[int, int]], instalments: Sequence[Instalment]
           ) -> dict[int, tuple[int, date | None]]:
    """A payer's recovered money over its paid lines, the oldest tranche first: ``paid``
    is (line id, amount) in tranche order, ``instalments`` in the order they came back.
    Returns each line's (recovered fen, the day its share was recovered whole or None)."""
    back = [0]  # the recovered total after each instalment
    for i in instalments:
        back.append(back[-1] + i.amount_fen)
    out: dict[int, tuple[int, date | None]] = {}
    start = 0
    for line_id, amount in paid:
        end = start + amount
        share = min(max(back[-1] - start, 0), amount)
        whole = next((instalments[k - 1].day for k in range(1, len(back)) if back[k] >= end),
                     None) if share == amount else None
        out[line_id] = (share, whole)
        start = end
    return out


def spread_by_day(paid: Sequence[tuple[int, int]], instalments: Sequence[Instalment]
                  ) -> dict[int, list[tuple[date, int]]]:
    """Each paid line's share of each instalment, by the instalment's day (as :func:`spread`
    fills the oldest tranche first): the money back on the day it came, line by line."""
    out: dict[int, list[tuple[date, int]]] = {line_id: [] for line_id, _ in paid}
    before = {line_id: 0 for line_id, _ in paid}
    for k, instalment in enumerate(instalments, 1):
        now = spread(paid, instalments[:k])
        for line_id, _ in paid:
            if share := now[line_id][0] - before[line_id]:
                out[line_id].append((instalment.day, share))
            before[line_id] = now[line_id][0]
    return out


@dataclass(frozen=True)
class LineRecovery:
    """What a paid line of a revoked award reads: its share of its payer's recovered
    money, the day that share was whole, and its payer's part."""

    recovered_fen: int
    recovered_date: date | None
    part: PayerPart


def line_recoveries(reg: Register, awards: Iterable[tuple[str, int]],
                    names: dict[tuple[str, int, str], str]) -> dict[int, LineRecovery]:
    """The paid lines of the revoked ``awards`` ((stream, application id)), by payment id;
    ``names`` gives each (stream, app id, payer)'s payer name as its lines show it."""
    wanted = set(awards)
    if not wanted:
        return {}
    parts: dict[tuple[str, int, str], tuple[int, int]] = {}  # -> (recovery id, fen)
    for stream, app_id, rid, payer, fen in reg.conn.execute(
            "SELECT r.stream, r.application_id, r.id, rp.payer, rp.amount_fen"
            " FROM recoveries r JOIN recovery_payers rp ON rp.recovery_id = r.id"):
        if (stream, app_id) in wanted:
            parts[(stream, app_id, payer)] = (rid, fen)
    if not parts:
        return {}
    backs = instalments_of(reg, (rid for rid, _ in parts.values()))
    out: dict[int, LineRecovery] = {}
    for (stream, app_id, payer), (rid, fen) in parts.items():
        part = PayerPart(payer, names.get((stream, app_id, payer), payer), fen,
                         backs.get((rid, payer), ()))
        paid = reg.conn.execute(
            "SELECT id, amount_fen FROM payments WHERE stream = ? AND application_id = ?"
            " AND payer = ? AND paid_date IS NOT NULL ORDER BY tranche, id",
            (stream, app_id, payer)).fetchall()
        for line_id, (share, whole) in spread(paid, part.instalments).items():
            out[line_id] = LineRecovery(share, whole, part)
    return out
