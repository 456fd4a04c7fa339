"""拨付's totals line (待拨付 N 笔 ¥…, 已拨付 …) of the lines a search found, taken from the
search's mask (``SearchRowsModel.found_mask``) with whole-mask operations: walking the
lines found in Python took 15–30 ms of each keystroke at 100,000 lines
(``benchmarks/run.py --only lists``).

The lines shown are grouped once a load or a filter by bucket and amount (a year's
amounts are a few tranche shares: tens of groups), each group a bit mask; a search's
count and sum of a group are then one AND and a popcount. More groups than a byte
numbers (amounts all different) fall back to one group a bucket, its amounts summed
through the mask (``itertools.compress``, still C).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

_MAX_GROUPS = 256  # a group's number is one byte of the line's code


@dataclass(frozen=True)
class Sums:
    """Per bucket (the screen's BUCKETS) the lines counted and their amount in fen; the ids
    of the lines in ``listed`` buckets (in the order shown); what ``recovered`` says the
    payers of the lines in ``returned`` buckets returned."""

    count: list[int]
    fen: list[int]
    listed: list[int]
    back: int


class ShownTally:
    """The totals of the lines shown (``ids``, in the order the list was given them), or of
    those a search's mask marks among them."""

    def __init__(self, ids: Sequence[int], tally: dict[int, tuple[int, int]],
                 recovered: dict[int, int], buckets: int, *, listed: frozenset[int],
                 returned: frozenset[int]) -> None:
        self._ids = list(ids)
        self._n = len(self._ids)
        self._tally, self._recovered = tally, recovered
        self._buckets, self._listed, self._returned = buckets, listed, returned
        pairs = list(map(tally.__getitem__, self._ids))  # (bucket, amount) a line
        kinds = dict.fromkeys(pairs)
        # per group: its bucket and the amount of each of its lines (None: ``_amounts``'s)
        self._by_amount = len(kinds) <= _MAX_GROUPS
        keys: list[object] = (list(pairs) if self._by_amount
                              else [b for b, _ in pairs])  # a line's group
        groups: list[tuple[int, int | None]] = (
            [(b, a) for b, a in kinds] if self._by_amount
            else [(b, None) for b in dict.fromkeys(b for b, _ in kinds)])
        number: dict[object, int] = {(g if self._by_amount else g[0]): n
                                     for n, g in enumerate(groups)}
        codes = bytes(map(number.__getitem__, keys))
        self._amounts = [a for _, a in pairs] if not self._by_amount else []
        self._groups = []  # (bucket, amount or None, mask as an int, lines)
        for n, (bucket, amount) in enumerate(groups):
            table = bytearray(256)
            table[n] = 1
            bits = int.from_bytes(codes.translate(table), "big")
            self._groups.append((bucket, amount, bits, bits.bit_count()))
        self._all = self._sums(None)

    def sums(self, mask: bytes | None) -> Sums:
        """The totals of the lines ``mask`` marks (one byte, 0 or 1, a line; None: all)."""
        return self._all if mask is None else self._sums(mask)

    def of_ids(self, ids: Sequence[int]) -> Sums:
        """The totals of the lines ``ids`` (a search still counting: its first rows)."""
        count, fen = [0] * self._buckets, [0] * self._buckets
        listed: list[int] = []
        back = 0
        tally = self._tally
        for i in ids:
            bucket, amount = tally[i]
            count[bucket] += 1
            fen[bucket] += amount
            if bucket in self._listed:
                listed.append(i)
            if bucket in self._returned:
                back += self._recovered.get(i, 0)
        return Sums(count, fen, listed, back)

    def _sums(self, mask: bytes | None) -> Sums:
        count, fen = [0] * self._buckets, [0] * self._buckets
        found = int.from_bytes(mask, "big") if mask is not None else None
        chosen: dict[int, int] = {}  # bucket → the mask of its lines found
        for bucket, amount, bits, lines in self._groups:
            if found is not None:
                bits = bits & found
                lines = bits.bit_count()
            if not lines:
                continue
            count[bucket] += lines
            if amount is not None:
                fen[bucket] += amount * lines
            else:
                fen[bucket] += sum(compress(self._amounts, self._bytes(bits)))
            if bucket in self._listed or bucket in self._returned:
                chosen[bucket] = chosen.get(bucket, 0) | bits
        listed: list[int] = []
        back = 0
        if chosen:
            for bucket in sorted(self._listed & chosen.keys()):
                listed.extend(compress(self._ids, self._bytes(chosen[bucket])))
            if len(self._listed & chosen.keys()) > 1:  # in the order shown, as one walk had
                wanted = set(listed)
                order = {i: p for p, i in enumerate(self._ids) if i in wanted}
                listed.sort(key=order.__getitem__)
            for bucket in self._returned & chosen.keys():
                found_ids = compress(self._ids, self._bytes(chosen[bucket]))
                back += sum(self._recovered.get(i, 0) for i in found_ids)
        return Sums(count, fen, listed, back)

    def _bytes(self, bits: int) -> bytes:
        """A mask back as one byte a line."""
        return bits.to_bytes(self._n, "big")
