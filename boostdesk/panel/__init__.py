"""The expert panel (plan 二（四）2–3): qualification, scoring, ranking, tiers, publicity.

No Qt here. Modules:

* :mod:`.qualification` — the clerk's pass/refuse beside the rules' findings;
* :mod:`.grid` — scoring grid (criteria, maxima, weights) and rule parameters per campaign;
* :mod:`.experts` — experts, conflicts of interest, assignments (by hand or balanced);
* :mod:`.scoring` — scores typed on screen or imported, and the panel's aggregates;
* offline scoring packages (.xlsx) with a signature over fixed content: :mod:`.package_format`
  (what a package is), :mod:`.package_export` / :mod:`.package_writer` (out),
  :mod:`.package_read` / :mod:`.package_import` (back in), and the parts they check with;
* ranking per studio level, tiers under quotas, cap and one award per studio: :mod:`.ranking`
  (the ranking now), :mod:`.tier_places` (a level placed), :mod:`.tie_break`,
  :mod:`.published_rerank` (the published list against it), :mod:`.tier_overrides` (a tier
  set by hand), :mod:`.adopt_proposal` (采纳拟助推名单);
* :mod:`.publicity` / :mod:`.publicity_docs` — the publicity period, objections, approval;
  :mod:`.publicity_outcome` says how a publicity ended (the approval's reason, the 审批表),
  :mod:`.approval_reason` keeps an approval's reason to it when a late objection moves it.
"""

from .errors import PackageRefused, PanelError

__all__ = ["PackageRefused", "PanelError"]
