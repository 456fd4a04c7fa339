"""How long 待办 takes on the generated registers (``boostdesk.todo.todo_list``).

    python benchmarks/todo_trial.py [--apps N] [--cache DIR] [--day YYYY-MM-DD]

On a copy of the large register (one year) and of the history register (ten years), whose
payment plans are first brought in line with their awards as 拨付 does (``catch_up``: the
generator writes awards without lines), it times, median of five, a fresh process's first
call aside: the full list (each kind's first 200 items read) and the status bar's count
(no items). Prints ``NAME VALUE UNIT`` lines. No Qt.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import CACHE, cached_history_register, cached_register  # noqa: E402

from boostdesk.finance.payment_plan import catch_up  # noqa: E402
from boostdesk.models.register import Register  # noqa: E402
from boostdesk.todo import todo_list  # noqa: E402

TURNS = 5


def timed(reg: Register, day: date, limit: int | None) -> tuple[float, float, int]:
    """(first call, median of the next ``TURNS``) in seconds, and the items counted."""
    start = time.perf_counter()
    todo = todo_list(reg, day, limit=limit)
    first = time.perf_counter() - start
    runs = []
    for _ in range(TURNS):
        start = time.perf_counter()
        todo_list(reg, day, limit=limit)
        runs.append(time.perf_counter() - start)
    return first, statistics.median(runs), todo.count


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--apps", type=int, default=100_000)
    p.add_argument("--cache", type=Path, default=CACHE)
    p.add_argument("--day", default="2023-03-20")
    args = p.parse_args(argv)
    day = date.fromisoformat(args.day)
    with tempfile.TemporaryDirectory() as work:
        for name, source in (("register", cached_register(args.apps, args.cache)),
                             ("history", cached_history_register(args.apps, args.cache))):
            copy = Path(work) / f"{name}.db"
            shutil.copyfile(source, copy)
            with Register.open(copy, "benchmark") as reg:
                for year in reg.campaign_years():
                    catch_up(reg, year)
                for what, limit in (("list", 200), ("count", 0)):
                    first, median, count = timed(reg, day, limit)
                    print(f"todo_{what}_{name}_{args.apps} {median:.3f} s"
                          f"  (first {first:.3f} s; {count} items)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
