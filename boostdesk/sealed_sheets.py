"""Approved awards whose 审批表 was printed — signed and sealed — and whose amounts a plan
change alters (the patent award, a split, the tranche shares).

Such a change is no silent follow-up: ``plan_change_effects.save_plan`` asks first (设置's
question, ``campaign set``'s ``--yes``), and once agreed it is one line in the trail
(:data:`ACTION`, the sheets' ``print_log.sheet_key`` in ``keys``). A sheet printed again
after such a line is footed 重新打印（内容已变更，…打印的原件作废）, not 补打 (``print_log.marks``):
补打 tells the reader the copies are the same."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from boostdesk.finance.terms import split_ratio, tranche_shares
from boostdesk.models.records import PATENT, PROJECT, STREAM_WORDS, id_ref
from boostdesk.money import format_money, payer_tranche_matrix
from boostdesk.printing import print_log

if TYPE_CHECKING:
    from boostdesk.models.campaign import Campaign
    from boostdesk.models.register import Register

ACTION = print_log.CHANGED_ACTION  # the trail's line of an agreed change to printed sheets
Money = tuple[int, tuple[tuple[int, ...], ...]]  # the award, its tranche × payer matrix


@dataclass(frozen=True)
class SealedChange:
    """An approved award whose printed 审批表 no longer reads what it will."""

    stream: str
    app_id: int
    title: str
    old: Money
    new: Money

    @property
    def key(self) -> str:
        return print_log.sheet_key(self.stream, self.app_id)

    @property
    def name(self) -> str:
        return f"{STREAM_WORDS[self.stream]}“{self.title}”（{id_ref(self.stream, self.app_id)}）"

    def line(self) -> str:
        return f"{self.name}：{money_text(self.old)} → {money_text(self.new)}"


def money_text(money: Money) -> str:
    """¥5,000.00（市总工会 ¥2,000.00、推荐工会 ¥3,000.00）; a project's tranches each."""
    award, matrix = money
    if len(matrix) == 1:
        city, union = (matrix[0] + (0, 0))[:2]
        return f"{format_money(award)}（市总工会 {format_money(city)}、推荐工会 {format_money(union)}）"
    parts = [f"第{k}期 {format_money(row[0])}/{format_money(row[1])}"
             for k, row in enumerate(matrix, 1) if len(row) >= 2]
    return f"{format_money(award)}（市总工会/推荐工会：{'；'.join(parts)}）"


def printed_money(reg: Register, year: int, campaign: Campaign | None = None) -> dict[
        tuple[str, int], tuple[str, Money]]:
    """The year's approved, unpaid awards whose 审批表 was printed, with what their sheets
    read under ``campaign`` (the stored one when None): title, award and matrix."""
    if campaign is None:
        if year not in reg.campaign_years():
            return {}
        campaign = reg.campaign(year)
    rows: list[tuple[str, int, str, int, str | None]] = []
    for stream, sql in (
            (PATENT, "SELECT a.id, a.title, a.award_fen, NULL FROM patent_applications a"
                     " JOIN campaigns c ON c.id = a.campaign_id"
                     " WHERE c.year = ? AND a.status = 'approved'"),
            (PROJECT, "SELECT a.id, a.title, a.award_fen, s.level FROM project_applications a"
                      " JOIN campaigns c ON c.id = a.campaign_id"
                      " LEFT JOIN studios s ON s.id = a.studio_id"
                      " WHERE c.year = ? AND a.status = 'approved'")):
        rows.extend((stream, i, t or "", int(f or 0), lv)
                    for i, t, f, lv in reg.conn.execute(sql, (year,)))
    printed = print_log.first_printed(reg, [print_log.sheet_key(s, i) for s, i, *_ in rows])
    out = {}
    for stream, app_id, title, award, level in rows:
        if print_log.sheet_key(stream, app_id) in printed:
            matrix = payer_tranche_matrix(award, split_ratio(campaign, stream, level),
                                          tranche_shares(campaign, stream))
            out[(stream, app_id)] = (title, (award, matrix))
    return out


def changes(before: Mapping[tuple[str, int], tuple[str, Money]],
            after: Mapping[tuple[str, int], tuple[str, Money]]) -> tuple[SealedChange, ...]:
    """The printed sheets whose amounts differ between ``before`` and ``after``."""
    return tuple(SealedChange(stream, app_id, title, old, after[(stream, app_id)][1])
                 for (stream, app_id), (title, old) in sorted(before.items())
                 if (stream, app_id) in after and after[(stream, app_id)][1] != old)


def record(reg: Register, year: int, sealed: Sequence[SealedChange]) -> None:
    """The agreed change's line in the trail (in the plan's transaction)."""
    reg.audit(ACTION, print_log.ENTITY, None, None, {
        "document": print_log.APPROVAL, "year": year, "keys": [s.key for s in sealed],
        "papers": [id_ref(s.stream, s.app_id) for s in sealed],
        "lines": [s.line() for s in sealed]})


def details(after: Mapping[str, Any]) -> str:
    """The trail's words: 2023 年度 3 份已打印的审批表金额改变（原件作废，须重新打印）：…"""
    lines = [str(x) for x in after.get("lines") or ()]
    return (f"{after.get('year', '')} 年度 {len(lines)} 份已打印的审批表金额改变"
            f"（原件作废，须重新打印）：" + "；".join(lines))
