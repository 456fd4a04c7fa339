"""Prove that two versions of BoostDesk give the same `boostdesk check`, verdict by verdict.

    python benchmarks/check_same.py OLD_ROOT NEW_ROOT REGISTER.db [--work DIR]

OLD_ROOT and NEW_ROOT are checkouts (a `git worktree` or `git archive` of the commit
before, and this one). Each runs `python -m boostdesk check` from its root on its own copy
of REGISTER.db (the register itself is never written), first with one stored verdict in
seven spoiled the same way in both copies (so that storing what changed is compared too,
not only the judging), then again with `--json`. The report's text, the JSON (every
verdict, finding, message and field) and every application's stored eligible, incomplete
and findings columns must be equal; the first difference is printed and the exit status
is 1. Speed is not measured here (benchmarks/run.py --only check does).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

TABLES = ("patent_applications", "project_applications")


def spoil(db: Path) -> None:
    """Change one stored verdict in seven, the same way in every copy, so that the check
    has verdicts to store (an unchanged register would only be compared)."""
    conn = sqlite3.connect(db)
    with conn:
        for table in TABLES:
            conn.execute(f"UPDATE {table} SET eligible = 1 - COALESCE(eligible, 0),"
                         " incomplete = NULL, findings = '[]' WHERE id % 7 = 3")
    conn.close()


def stored(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return [(table, *row) for table in TABLES for row in conn.execute(
            f"SELECT id, eligible, incomplete, findings FROM {table} ORDER BY id")]
    finally:
        conn.close()


def run_check(root: Path, db: Path, *extra: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "boostdesk", "check", "--db", str(db), "--operator", "核对", *extra],
        cwd=root, capture_output=True, text=True, encoding="utf-8", check=False)
    if done.returncode != 0:
        raise SystemExit(f"{root}: exit {done.returncode}\n{done.stderr[-2000:]}")
    return done.stdout


def first_difference(name: str, old: list, new: list) -> str | None:
    for i, (a, b) in enumerate(zip(old, new, strict=False)):
        if a != b:
            return f"{name}: item {i} differs\n  old: {a!r}\n  new: {b!r}"
    if len(old) != len(new):
        return f"{name}: {len(old)} items before, {len(new)} now"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("register", type=Path)
    parser.add_argument("--work", type=Path, help="a folder for the copies (default: a temporary one)")
    args = parser.parse_args(argv)
    # absolute: each version runs from its own root
    work = Path(tempfile.mkdtemp(dir=args.work)).resolve()
    try:
        results = {}
        for label, root in (("old", args.old.resolve()), ("new", args.new.resolve())):
            db = work / f"{label}.db"
            shutil.copyfile(args.register.resolve(), db)
            spoil(db)
            text = run_check(root, db)
            results[label] = (text.splitlines(), stored(db),
                              run_check(root, db, "--json").splitlines())
        checks = (("report", 0), ("stored verdicts", 1), ("JSON", 2))
        differences = [d for name, i in checks
                       if (d := first_difference(name, results["old"][i], results["new"][i]))]
        for d in differences:
            print(d)
        old_lines, old_rows, _ = results["old"]
        print(f"{'DIFFERENT' if differences else 'same'}: {len(old_rows)} applications,"
              f" {len(old_lines)} report lines")
        return 1 if differences else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
