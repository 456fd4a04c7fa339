"""A year's award amounts as typed against what they most likely mean (方案一（三）、二（三）).

The plan writes its amounts in words a clerk copies by hand: 每项…给予3000元, 10万元、5万元
两个等级. Typed into 设置 or ``campaign set`` they go wrong by a unit: 「3万」 typed for
3000元 (¥30,000.00), 10 typed under 金额（元） for a tier named 10万元 (¥10.00). Neither is
refused — a re-issued plan may really raise an award tenfold — so each is asked, as the
grant window's clashes are (``grant_window_neighbours``): said by ``campaign set`` and
stored only with ``--yes``; 设置's 保存 asks 仍然保存 / 返回修改. An amount left as it was
is not asked again at every save.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from boostdesk.money import format_money
from boostdesk.validate import ValidationError, parse_amount_fen

if TYPE_CHECKING:
    from boostdesk.models.campaign import Campaign, Tier
    from boostdesk.models.register import Register

# An amount changed by this factor or more (up or down) from the value before it, or from
# the year before's, is asked: a unit slip is ×10,000 (万 for 元) and the plans' real
# changes are small steps (3000 → 5000 元; a tier of 5万 added).
JUMP_FACTOR = 5
# Bounds past which an award reads as a unit slip whatever it was before.
PATENT_MAX_FEN = 100_000_00  # one patent's award above ¥100,000.00
AWARD_MIN_FEN = 100_00  # a patent's award or a tier below ¥100.00
TIER_MAX_FEN = 1_000_000_00  # a project tier above ¥1,000,000.00

# An amount written inside a tier's name: 10万元, 5万, 3000元, 三万元, 叁万元 (a 档 alone —
# 一档 — states none).
_NAMED = re.compile(r"([0-9０-９][0-9０-９.,，]*|[〇零一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟]+"
                    r"[万萬]?)\s*(万元|万|元)")

UP = "是否把元填成了万元？"
DOWN = "是否把万元填成了元？"
ASK_ADVICE = "方案原文确实如此的，可仍然保存；填错的，请改正。"


def named_amount(name: str) -> int | None:
    """The amount (fen) a tier's name states — 10万元 → ¥100,000.00; None when it states
    none (一档, 市级)."""
    for m in _NAMED.finditer(name):
        try:
            return parse_amount_fen(m.group(1) + m.group(2))
        except ValidationError:
            continue
    return None


@dataclass(frozen=True)
class AmountDoubt:
    """One amount as typed and why it is asked about (each reason a clause)."""

    what: str  # 每项专利助推金额, 第 1 档“10万元”
    amount_fen: int
    reasons: tuple[str, ...]
    up: bool  # larger than it most likely means: 元 typed as 万元

    def line(self) -> str:
        return (f"{self.what}为 {format_money(self.amount_fen)}：" + "；".join(self.reasons)
                + "。" + (UP if self.up else DOWN))


def _ratio_words(old: int, new: int) -> str:
    if new >= old:
        return f"是其 {_times(new / old)} 倍"
    return f"只有其 1/{_times(old / new)}"


def _times(x: float) -> str:
    return f"{x:.0f}" if x >= 10 or x == int(x) else f"{x:.1f}"


def _jump(old: int | None, new: int) -> bool:
    if not old or new <= 0:
        return False
    return new >= JUMP_FACTOR * old or old >= JUMP_FACTOR * new


def _doubt(what: str, new: int, checks: list[tuple[str, int | None]],
           low: int, high: int) -> AmountDoubt | None:
    """``new`` against each (how it is said, reference amount) and the bounds."""
    reasons: list[str] = []
    up: bool | None = None
    for said, ref in checks:
        if ref is None:
            continue
        if said == "名称" and ref != new:
            reasons.append(f"与名称所写的 {format_money(ref)} 不符")
        elif said != "名称" and _jump(ref, new):
            reasons.append(f"{said} {format_money(ref)}，{_ratio_words(ref, new)}")
        else:
            continue
        up = new > ref if up is None else up
    if new > high:
        reasons.append(f"高于 {format_money(high)}，不像一项助推的金额")
        up = True if up is None else up
    elif 0 < new < low:
        reasons.append(f"低于 {format_money(low)}，不像一项助推的金额")
        up = False if up is None else up
    if not reasons or up is None:
        return None
    return AmountDoubt(what, new, tuple(reasons), up)


def _tier_match(tier: Tier, index: int, others: tuple[Tier, ...]) -> Tier | None:
    """The tier of ``others`` that is ``tier``: of its name, else at its place."""
    for other in others:
        if other.name == tier.name:
            return other
    return others[index] if index < len(others) else None


def _last(last_year: Campaign | None, amount: int | None,
          before: int | None) -> tuple[str, int | None]:
    """The year before's amount as a check, unless it is the value before (said once)."""
    if last_year is None or amount == before:
        return "", None
    return f"{last_year.year} 年度为", amount


def amount_doubts(before: Campaign | None, after: Campaign,
                  last_year: Campaign | None = None) -> list[AmountDoubt]:
    """The award amounts of ``after`` to ask about: each one changed from ``before`` (all
    of them when there is no before) that differs from what its tier's name states, moved
    by :data:`JUMP_FACTOR` or more from ``before``'s or ``last_year``'s, or lies past the
    bounds a plan's award keeps to."""
    out: list[AmountDoubt] = []
    award = after.patent_award_fen
    if before is None or award != before.patent_award_fen:
        doubt = _doubt("每项专利助推金额", award, [
            ("原为", before.patent_award_fen if before else None),
            _last(last_year, last_year.patent_award_fen if last_year else None,
                  before.patent_award_fen if before else None)],
            AWARD_MIN_FEN, PATENT_MAX_FEN)
        if doubt:
            out.append(doubt)
    for i, tier in enumerate(after.tiers):
        old = _tier_match(tier, i, before.tiers) if before else None
        if old is not None and (old.name, old.amount_fen) == (tier.name, tier.amount_fen):
            continue  # as it was: asked, if ever, when it was typed
        past = _tier_match(tier, i, last_year.tiers) if last_year else None
        doubt = _doubt(f"第 {i + 1} 档“{tier.name}”的金额", tier.amount_fen, [
            ("名称", named_amount(tier.name)),
            ("原为", old.amount_fen if old is not None else None),
            _last(last_year, past.amount_fen if past else None,
                  old.amount_fen if old is not None else None)],
            AWARD_MIN_FEN, TIER_MAX_FEN)
        if doubt:
            out.append(doubt)
    return out


def year_before(reg: Register, year: int) -> Campaign | None:
    """The nearest earlier year's plan in ``reg`` (None when ``year`` is its first)."""
    earlier = [y for y in reg.campaign_years() if y < year]
    return reg.campaign(max(earlier)) if earlier else None


def register_doubts(reg: Register, before: Campaign | None, after: Campaign) -> list[AmountDoubt]:
    """:func:`amount_doubts` with the year before ``after``'s as ``reg`` holds it."""
    return amount_doubts(before, after, year_before(reg, after.year))


def doubt_question(year: int, doubts: list[AmountDoubt], advice: str = ASK_ADVICE) -> str:
    """What 设置 asks and ``campaign set`` prints before storing such amounts."""
    return (f"{year} 年度计划的金额请核对：\n" + "\n".join(f"  {d.line()}" for d in doubts)
            + f"\n{advice}")
