"""The expert panel (plan 二（四）2–3): qualification, scoring, ranking, tiers, publicity.

No Qt here. Modules:

* :mod:`.qualification` — the clerk's pass/refuse beside the rules' findings;
* :mod:`.grid` — scoring grid (criteria, maxima, weights) and rule parameters per campaign;
* :mod:`.experts` — experts, conflicts of interest, assignments (by hand or balanced);
* :mod:`.scoring` — scores typed on screen or imported, and the panel's aggregates;
* :mod:`.packages` — offline scoring packages (.xlsx) with a signature over fixed content;
* :mod:`.tiers` — ranking per studio level, tiers under quotas, cap and one award per studio;
* :mod:`.publicity` / :mod:`.publicity_docs` — the publicity period, objections, approval.
"""

from .errors import PackageRefused, PanelError

__all__ = ["PackageRefused", "PanelError"]
