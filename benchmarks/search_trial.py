"""Why the register's search runs from memory and not on SQLite's full-text index.

    python benchmarks/search_trial.py [--apps N] [--cache DIR]

The issue suggested FTS "with a tokenizer that works for Chinese" for the search box. This
trial answers the 50 keystrokes of ``run.py``'s search figure (the text in the box after
each one, as ``queries.search_terms`` splits it) at 100,000 applications four ways, on a
copy of the large register, and prints ``NAME VALUE UNIT baseline VALUE ratio R`` lines
against what the screen does (``search_keys.Searcher``, from memory):

- ``like``: ``queries.search_ids``, ``LIKE '%…%'`` over each ``search_text`` (the screen's
  SQL path, used inside an open transaction);
- ``trigram``: an FTS5 table with SQLite's ``trigram`` tokenizer; a fragment of fewer than
  three characters cannot be looked up in it (most Chinese searches: 张, 王芳) and falls
  back to ``LIKE``;
- ``unigram``: FTS5 ``unicode61`` over the text with a space after every character, each
  fragment a phrase of its characters: every Chinese fragment is an index look-up, but a
  digit is in nearly every row, so patent numbers walk long lists.

A way that finds other applications than the screen for some text says so. Building each index and the
size it adds are printed too. No Qt.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from run import BACK, CACHE, KEYSTROKES, LARGE, YEAR, line, size_label  # noqa: E402

Search = Callable[[str], list[int]]


def texts_typed() -> list[str]:
    """The search box's text after each keystroke."""
    out, text = [], ""
    for key in KEYSTROKES:
        text = text[:-1] if key == BACK else text + key
        out.append(text)
    return out


def build_indexes(conn: sqlite3.Connection) -> dict[str, tuple[float, int]]:
    """Both FTS5 tables over the patent applications' ``search_text``: seconds and bytes."""
    out = {}
    for name, create, fill in (
        ("trigram",
         "CREATE VIRTUAL TABLE fts_trigram USING fts5(t, tokenize = 'trigram')",
         "INSERT INTO fts_trigram (rowid, t) SELECT id, search_text FROM patent_applications"),
        ("unigram",
         "CREATE VIRTUAL TABLE fts_unigram USING fts5(t, tokenize = 'unicode61')",
         None),
    ):
        before = _size(conn)
        start = time.perf_counter()
        conn.execute(create)
        if fill:
            conn.execute(fill)
        else:
            rows = conn.execute("SELECT id, search_text FROM patent_applications")
            conn.executemany("INSERT INTO fts_unigram (rowid, t) VALUES (?, ?)",
                             ((i, " ".join(text or "")) for i, text in rows))
        conn.commit()
        out[name] = (time.perf_counter() - start, _size(conn) - before)
    return out


def _size(conn: sqlite3.Connection) -> int:
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    return int(pages * conn.execute("PRAGMA page_size").fetchone()[0])


def fts_search(conn: sqlite3.Connection, campaign: int, table: str, shortest: int,
               phrase: Callable[[str], str]) -> Search:
    from boostdesk.ui import queries

    def search(text: str) -> list[int]:
        where, params = ["a.campaign_id = ?"], [campaign]
        for term in queries.search_terms(text):
            if len(term) >= shortest:
                where.append(f"a.id IN (SELECT rowid FROM {table} WHERE {table} MATCH ?)")
                params.append('"' + phrase(term).replace('"', '""') + '"')
            else:
                where.append("a.search_text LIKE ? ESCAPE '\\'")
                params.append(queries.like_pattern(term))
        sql = f"SELECT a.id FROM patent_applications a WHERE {' AND '.join(where)} ORDER BY a.id"
        return [row[0] for row in conn.execute(sql, params)]

    return search


def timed(search: Search, texts: list[str]) -> tuple[list[float], list[list[int]]]:
    times, found = [], []
    for text in texts:
        start = time.perf_counter()
        found.append(search(text))
        times.append((time.perf_counter() - start) * 1000)
    return times, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=LARGE)
    parser.add_argument("--cache", type=Path, default=CACHE)
    args = parser.parse_args(argv)

    import generate

    from boostdesk.models import Register
    from boostdesk.ui import queries
    from boostdesk.ui.queries import Filters
    from boostdesk.ui.search_keys import Searcher

    work = Path(tempfile.mkdtemp(prefix="boostdesk-search-"))
    try:
        db = work / "register.db"
        shutil.copyfile(generate.cached_register(args.apps, args.cache), db)
        conn = sqlite3.connect(db)
        register_mb = _size(conn) / 1e6
        built = build_indexes(conn)
        conn.close()
        reg = Register.open(db, operator="基准")
        spec = queries.PATENT_SPEC
        campaign = queries.campaign_id(reg, YEAR)
        memory = Searcher(reg, spec)
        memory.search_ids(YEAR, Filters())  # the keys, read when the view opens
        texts = texts_typed()
        base, expected = timed(lambda t: memory.search_ids(YEAR, Filters(text=t)), texts)
        label = size_label(args.apps)
        ways: dict[str, Search] = {
            "like": lambda t: queries.search_ids(reg, spec, YEAR, Filters(text=t)),
            "trigram": fts_search(reg.conn, campaign, "fts_trigram", 3, str),
            "unigram": fts_search(reg.conn, campaign, "fts_unigram", 1, " ".join),
        }
        print(f"# baseline: the screen's Searcher, from memory, over {len(texts)} keystrokes")
        for name, search in ways.items():
            times, found = timed(search, texts)
            print(line(f"search_{name}_median_{label}", statistics.median(times), "ms",
                       statistics.median(base)))
            print(line(f"search_{name}_worst_{label}", max(times), "ms", max(base)))
            wrong = [t for t, f, e in zip(texts, found, expected, strict=True) if f != e]
            if wrong:
                print(f"# {name}: {len(wrong)} of {len(texts)} searches found other applications"
                      f" than the screen, e.g. {wrong[0]!r}")
        for name, (seconds, size) in built.items():
            print(f"fts_{name}_build_{label} {seconds:.3f} s")
            print(line(f"fts_{name}_size_{label}", size / 1e6, "MB", register_mb))
        reg.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
