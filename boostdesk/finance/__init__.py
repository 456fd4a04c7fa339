"""Payments: who pays how much of which award, when it is due, and what has been paid; a
module a step (:mod:`.terms`, :mod:`.payment_plan`, :mod:`.read_lines`, :mod:`.paying`,
:mod:`.returns`, :mod:`.cancel`, :mod:`.acceptance` …: docs/architecture.md). Each name is
imported from its own module."""
