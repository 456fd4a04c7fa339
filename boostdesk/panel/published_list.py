"""The projects an adoption left out of a list since published: settled with it.

Adopting writes a proposal row for every project ranked, the ones left out of the tiers
too (未获助推); only the ones on the list go into a publicity period. Those left out kept
no period, so after the list was published — and closed, every award 核准 — they still
looked adoptable: 排名与档次 kept the orange 档次分界处同分…采纳时须写明理由 line, 采纳为拟助推
名单 asked for that reason again and `panel adopt --tie-reason` wrote an empty adoption
(0 项拟助推，7 项未获助推) to the trail, and 撤回拟助推名单 offered to send the 7 back to
review. A project left out by an adoption that was then published (its row adopted no later
than the latest published row) is settled with that list: the ranking holds it, adopting
and withdrawing refuse when nothing else is left, saying why and what the ways are. One
the ranking now puts into a tier (a place an upheld objection freed) is adoptable again."""

from __future__ import annotations

from collections.abc import Mapping

from boostdesk.models.register import Register
from boostdesk.said_where import way


def ways(reg: Register, year: int) -> str:
    """What the office does about a published list instead of adopting or withdrawing it
    again (worded for the window or the command line, as the caller runs): while a batch
    is in publicity, a score slip is corrected (更正评分) and an objection handled; after
    the close, an approved award the ranking no longer gives is reviewed (排名复核)."""
    from .publicity import periods

    review = ("已核准、尚未拨付的助推与按现有评分的排名不符的，"
              + way("在“公示”中用“排名复核…”", "用 boostdesk publicity review 排名复核"))
    if not any(p.is_open for p in periods(reg, year)):
        return review
    return ("公示期内发现评分有误的，" + way("在“评分录入”中用“更正评分…”",
                                       "用 boostdesk panel correct-score 更正评分")
            + "；对公示项目的异议" + way("在“公示”中登记处理", "用 boostdesk publicity object 登记处理"))


def _published_at(taken: Mapping[int, Mapping[str, object]]) -> str | None:
    """When the latest adoption that went into publicity was made, or None."""
    return max((str(r["adopted_at"]) for r in taken.values() if r["period_id"] is not None),
               default=None)


def settled_not_awarded(reg: Register, year: int,
                        taken: Mapping[int, Mapping[str, object]] | None = None) -> set[int]:
    """The projects left out of the tiers by an adoption since published (no later than
    the latest proposal that went into publicity), once no batch is in publicity (while
    one is, the office may still withdraw them to correct a score and adopt again).
    ``taken``: the year's proposals by project (ranking_rows.adopted), as the ranking has
    them."""
    from .publicity import periods

    if taken is None:
        from .ranking_rows import adopted

        taken = adopted(reg, year)
    published = _published_at(taken)
    if published is None or any(p.is_open for p in periods(reg, year)):
        return set()
    return {pid for pid, r in taken.items() if r["period_id"] is None
            and r["amount_fen"] is None and str(r["adopted_at"]) <= published}


def published_line(reg: Register, year: int) -> str:
    """The year's batches as said in a refusal: 第1批公示已于 2022年12月18日结束."""
    from boostdesk.printing.common import cn_date as _cn

    from .publicity import periods

    batches = periods(reg, year)
    many = len(batches) > 1
    return "，".join(f"第{p.batch}批" * many + ("公示中" if p.is_open else
                                              f"公示已于 {_cn(p.closed)}结束")
                     for p in batches)


def adopt_refusal(reg: Register, year: int, settled: int) -> str:
    """Why adopting again is refused when every project left to adopt is settled with a
    published list (``settled`` of them)."""
    return (f"{year} 年度的拟助推名单已公示（{published_line(reg, year)}），未列入名单的 {settled} 项"
            "已随名单定为未获助推，按现有评分也没有项目可列入空出的名额，不能再次采纳。" + ways(reg, year))


def withdraw_refusal(reg: Register, year: int) -> str:
    """Why the list cannot be withdrawn once published, or "": an adoption not yet
    published stands (a batch re-adopted for a freed place), or a project it left out the
    ranking now puts in a tier (a place freed: withdrawn to correct it and adopt again)."""
    from .ranking import rank
    from .ranking_rows import adopted

    taken = adopted(reg, year)
    live = {pid for pid, r in taken.items() if r["period_id"] is None}
    if not live:
        if _published_at(taken) is None:
            return f"{year} 年度还没有采纳拟助推名单，无可撤回"
        return f"{year} 年度的拟助推名单已公示（{published_line(reg, year)}），不能撤回。" + ways(reg, year)
    if not settled_not_awarded(reg, year, taken) or live - set(rank(reg, year).settled):
        return ""
    return (f"{year} 年度的拟助推名单已公示（{published_line(reg, year)}），不能撤回：未列入名单的 "
            f"{len(live)} 项已随名单定为未获助推。" + ways(reg, year))
