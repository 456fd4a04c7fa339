"""A voucher number (凭证号) recorded before for another day or another payer: said before
a payment is recorded under it (asked in 登记拨付, ``pay mark`` wants ``--yes``), never
refused — one voucher rightly covers one batch, paid one day by one payer, of many lines.
A recovery's receipt voucher (追回, :mod:`.recovery`) is another kind of voucher: a payment
recorded under one, or a recovery under a payment's voucher or another payer's receipt, is
said the same way (登记已追回 asks, ``pay recovered`` wants ``--yes``).

Where it was used: the marks standing (payments.voucher) and the transfers the bank sent
back since (their voucher is in the trail: :mod:`.movements`). Compared as typed apart
from width, case and spaces (记－2301－015 is 记-2301-015). A mark cancelled as recorded by
mistake is no use; but a payer whose mark under it that day was cancelled, marked again
under it that day, restores the batch first recorded: its other payers are not said."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from boostdesk.models.campaign import FEDERATION
from boostdesk.models.register import Register
from boostdesk.money import format_money

from .lines import CANCELLED, PaymentLine
from .movements import SENT, read_trail
from .terms import NO_UNION, federation_name


def voucher_key(text: str) -> str:
    """A voucher as compared: full-width folded, no spaces, one case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


@dataclass(frozen=True)
class VoucherUse:
    day: date
    payer: str  # FEDERATION or RECOMMENDING_UNION
    payer_name: str
    lines: int
    amount_fen: int
    returned: int = 0  # of the lines, transfers sent back since

    @property
    def text(self) -> str:
        back = f"，其中 {self.returned} 笔其后退汇" if self.returned else ""
        return (f"{self.day.isoformat()} {self.payer_name} {self.lines} 笔 "
                f"{format_money(self.amount_fen)}{back}")


def voucher_uses(reg: Register, voucher: str) -> list[VoucherUse]:
    """Every recorded use of ``voucher``, by paid day and payer, oldest first."""
    key = voucher_key(voucher)
    if not key:
        return []
    typed = [v for (v,) in reg.conn.execute(
        "SELECT DISTINCT voucher FROM payments WHERE paid_date IS NOT NULL AND voucher != ''")
        if voucher_key(v) == key]
    found: dict[tuple[date, str, str], list[int]] = {}  # -> [lines, fen, returned]

    def add(day: date, payer: str, name: str, fen: int, returned: bool) -> None:
        use = found.setdefault((day, payer, name), [0, 0, 0])
        use[0] += 1
        use[1] += fen
        use[2] += int(returned)

    names = _payer_names(reg)
    if typed:
        for day, payer, stream, app_id, fen in reg.conn.execute(
                "SELECT paid_date, payer, stream, application_id, amount_fen FROM payments"
                f" WHERE paid_date IS NOT NULL AND voucher IN ({','.join('?' * len(typed))})",
                typed):
            add(date.fromisoformat(day), payer, names(stream, app_id, payer), fen, False)
    trail = read_trail(reg)
    sent_back: list[tuple[int, str, int, str, int, date]] = []  # payment, stream, app, payer
    if trail.replayed:
        rows = {r[0]: r[1:] for r in reg.conn.execute(
            "SELECT id, stream, application_id, payer, amount_fen, paid_date FROM payments"
            f" WHERE id IN ({','.join('?' * len(trail.replayed))})", list(trail.replayed))}
        for pid, steps in trail.replayed.items():
            if pid not in rows:
                continue
            stream, app_id, payer, fen, paid = rows[pid]
            sent = [s for s in steps if s[0] == SENT]
            if paid is not None and sent:
                sent = sent[:-1]  # the standing mark is counted from the row itself
            sent_back += [(pid, stream, app_id, payer, fen, s[1]) for s in sent
                          if voucher_key(s[2]) == key]
    for row in trail.gone:
        sent_back += [(row.payment_id, row.stream, row.app_id, row.payer, row.amount_fen, m.day)
                      for m in row.movements if m.kind == SENT and voucher_key(m.voucher) == key]
    for _pid, stream, app_id, payer, fen, day in sent_back:
        add(day, payer, names(stream, app_id, payer), fen, True)
    return [VoucherUse(day, payer, name, *counts)
            for (day, payer, name), counts in sorted(found.items())]


@dataclass(frozen=True)
class ReceiptUse:
    """A voucher recorded for recovered money (one payer's instalments of one day)."""

    day: date
    payer: str
    payer_name: str
    lines: int
    amount_fen: int

    @property
    def text(self) -> str:
        return (f"{self.day.isoformat()} {self.payer_name} 追回 {self.lines} 笔 "
                f"{format_money(self.amount_fen)}")


def receipt_uses(reg: Register, voucher: str) -> list[ReceiptUse]:
    """Every recovered instalment recorded under ``voucher``, by day and payer."""
    key = voucher_key(voucher)
    if not key:
        return []
    names = _payer_names(reg)
    found: dict[tuple[date, str, str], list[int]] = {}
    for day, payer, stream, app_id, fen, typed in reg.conn.execute(
            "SELECT i.recovered_date, i.payer, r.stream, r.application_id, i.amount_fen,"
            " i.voucher FROM recovery_instalments i JOIN recoveries r ON r.id = i.recovery_id"):
        if voucher_key(typed) == key:
            use = found.setdefault((date.fromisoformat(day), payer,
                                    names(stream, app_id, payer)), [0, 0])
            use[0] += 1
            use[1] += fen
    return [ReceiptUse(day, payer, name, *counts)
            for (day, payer, name), counts in sorted(found.items())]


def _listed(uses: list[VoucherUse] | list[ReceiptUse]) -> str:
    return "；".join(u.text for u in uses[:5]) + (f"；等 {len(uses)} 处" if len(uses) > 5 else "")


def recovery_voucher_caution(reg: Register, stream: str, app_id: int, payer: str,
                             voucher: str) -> str:
    """What to say before a recovered sum of ``payer``'s part (FEDERATION or
    RECOMMENDING_UNION) of the award is recorded under ``voucher``: a payment's voucher
    (money out, not in), or another payer's receipt; "" when neither."""
    name = _payer_names(reg)(stream, app_id, payer)
    paid = voucher_uses(reg, voucher)
    other = [u for u in receipt_uses(reg, voucher) if (u.payer, u.payer_name) != (payer, name)]
    said = ([f"已登记为拨付的付款凭证：{_listed(paid)}"] if paid else []) + (
        [f"已登记为别的付款单位的追回凭证：{_listed(other)}"] if other else [])
    if not said:
        return ""
    return (f"凭证号 {voucher.strip()} " + "；又".join(said)
            + f"。追回登记的是{name}收回款项的凭证：请核对凭证号是否写错")


def _cancelled_payers(reg: Register, voucher: str, day: date) -> set[tuple[str, str]]:
    """The payers (payer, name) whose marks under ``voucher`` on ``day`` were cancelled
    as recorded by mistake (撤销拨付登记): the voucher's batch that day had them."""
    key, names = voucher_key(voucher), _payer_names(reg)
    rows = reg.conn.execute(
        "SELECT json_extract(e.before, '$.voucher'), p.payer, p.stream, p.application_id"
        " FROM audit_events e JOIN payments p ON p.id = e.entity_id WHERE e.entity = 'payments'"
        " AND json_extract(e.before, '$.paid_date') = ? AND json_extract(e.after, '$.reason')"
        f" LIKE '{CANCELLED}%'", (day.isoformat(),))
    return {(payer, names(stream, app_id, payer)) for typed, payer, stream, app_id in rows
            if key and voucher_key(typed or "") == key}


def _payer_names(reg: Register) -> Callable[[str, int, str], str]:
    """A payment's payer by name, as its line says it: the federation's, or the union's."""
    cache: dict[tuple[str, int, str], str] = {}

    def name(stream: str, app_id: int, payer: str) -> str:
        key = (stream, app_id, payer)
        if key not in cache:
            table = "patent_applications" if stream == "patent" else "project_applications"
            row = reg.conn.execute(
                f"SELECT c.year, u.name FROM {table} a JOIN campaigns c ON c.id = a.campaign_id"
                " LEFT JOIN units u ON u.id = a.unit_id WHERE a.id = ?", (app_id,)).fetchone()
            if payer == FEDERATION:
                cache[key] = federation_name(reg.campaign(row[0])) if row else "市总工会"
            else:
                cache[key] = (row[1] if row else "") or NO_UNION
        return cache[key]
    return name


def voucher_caution(reg: Register, lines: Iterable[PaymentLine], day: date,
                    voucher: str) -> str:
    """What to say before ``lines`` are recorded paid on ``day`` under ``voucher``, where
    that voucher was recorded for another day or another payer; "" when it was not."""
    payers = {(x.payer, x.payer_name) for x in lines}
    # every payer's mark under it that day cancelled (a wrong line of the batch): recorded
    # again, the batch is the one first recorded, its other payers no news
    again = payers <= _cancelled_payers(reg, voucher, day)
    other = [u for u in voucher_uses(reg, voucher)
             if u.day != day or ((u.payer, u.payer_name) not in payers and not again)]
    received = receipt_uses(reg, voucher)  # money in: a receipt, not a payment's voucher
    if received:
        return (f"凭证号 {voucher.strip()} 已登记为追回款项的收款凭证：{_listed(received)}"
                + (f"；又已登记用于别的日期或付款单位：{_listed(other)}" if other else "")
                + "。拨付登记的是付款凭证：请核对凭证号是否写错")
    if not other:
        return ""
    return (f"凭证号 {voucher.strip()} 已登记用于别的日期或付款单位：{_listed(other)}。一张凭证通常只记一天、"
            "一个付款单位的一批拨付：请核对凭证号是否写错")
