"""Near-copy 提示 the office looked at and cleared (no Qt).

Two 王伟 of one enterprise give its office telephone: rules.near_people asks whether they
are one person (可能…为同一人) at every check, for ever, as rules.near_titles asks of two
neighbouring projects. Once the clerk has looked (`correct people-distinct`,
`correct titles-distinct`), the pair is kept in ``register_settings`` and asked no more;
a pair of studios is near_studios' (`correct studios-distinct`). People are kept by their
ID numbers (a paper being typed has no person yet), titles by their papers' ids.
"""

from __future__ import annotations

import json
from typing import Any

PEOPLE_KEY = "people_distinct"  # [[ID number, ID number], ...]
TITLES_KEY = "titles_distinct"  # [[project id, project id], ...]
# the near-copy 提示 a decision asks about until cleared (rules.near_people, near_titles;
# the same title in another studio: check.same_title_finding)
NEAR_CODES = ("PERSON_NEAR_REGISTERED", "NEAR_TITLE", "SAME_TITLE_OTHER_STUDIO")


def cleared(conn: Any, key: str) -> set[frozenset[Any]]:
    """The pairs cleared under ``key``."""
    row = conn.execute("SELECT value FROM register_settings WHERE key = ?", (key,)).fetchone()
    try:
        return {frozenset(pair) for pair in json.loads(row[0]) if len(pair) == 2} if row else set()
    except (TypeError, ValueError):
        return set()


def clear(conn: Any, key: str, a: Any, b: Any) -> bool:
    """Keep ``a`` and ``b`` as cleared under ``key``; False if they were already."""
    pairs = cleared(conn, key)
    if frozenset((a, b)) in pairs:
        return False
    pairs.add(frozenset((a, b)))
    value = json.dumps(sorted(sorted(p) for p in pairs), ensure_ascii=False)
    conn.execute("INSERT INTO register_settings (key, value) VALUES (?, ?)"
                 " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))
    return True
