"""The ranking's names as ``ui/panel_rank_tab.py`` imports them, being edited elsewhere now,
until it imports them from their own module
(:mod:`.ranking`, :mod:`.ranking_rows`, :mod:`.tie_break`, :mod:`.tier_places`,
:mod:`.published_rerank`, :mod:`.tier_overrides`, :mod:`.adopt_proposal`); nothing else
should import from here."""

from .adopt_proposal import CONFLICT_ADVICE, adopt, short_message, withdraw
from .published_rerank import RAISED_ADVICE, STALE_ADVICE
from .ranking import rank
from .ranking_rows import Ranking, RankRow
from .tie_break import tie_break_rule
from .tier_overrides import TierChange, clear_override, override_effects, set_override
from .tier_places import tier_name

__all__ = [
    "CONFLICT_ADVICE", "RAISED_ADVICE", "STALE_ADVICE", "RankRow", "Ranking", "TierChange",
    "adopt", "clear_override", "override_effects", "rank", "set_override", "short_message",
    "tie_break_rule", "tier_name", "withdraw",
]
