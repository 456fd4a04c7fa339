"""How soon the import preview's checking stops after 取消, on a large table.

    PYTHONPATH=. python benchmarks/preview_cancel.py TABLE.xlsx REGISTER.db [--year 2022]

The table is read once, then checked as the import window checks it (``analyse``, on a
copy of REGISTER.db): once to warm up, once to the end (its time), then again with 取消 pressed from
another thread at points through the checking; each line says how long the checking went
on after it (the window waits that long for 已取消读取, or to close). Last, the longest
stretch between two looks at the flag (where it could be pressed and not heard).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("table", type=Path)
    ap.add_argument("register", type=Path)
    ap.add_argument("--year", type=int, default=2022)
    args = ap.parse_args()

    from boostdesk.io.importer import read_table
    from boostdesk.models import Register
    from boostdesk.ui.import_dialog import analyse

    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "register.db"
        shutil.copy(args.register, db)
        reg = Register.open(db, create=False)
        preview = read_table(args.table, args.year, campaign=reg.campaign(args.year))
        looks: list[float] = []

        def counted() -> bool:
            looks.append(time.perf_counter())
            return False

        analyse(reg, preview, False)  # warmed: the register's pages read, numbers parsed
        start = time.perf_counter()
        analyse(reg, preview, False)
        whole = time.perf_counter() - start
        start = time.perf_counter()
        analyse(reg, preview, False, counted)
        gaps = [b - a for a, b in zip([start, *looks], [*looks, time.perf_counter()], strict=True)]
        print(f"{len(preview.records)} rows checked in {whole:.2f} s; "
              f"{len(looks)} looks at 取消, longest stretch without {max(gaps):.3f} s")
        for share in (0.1, 0.3, 0.5, 0.7, 0.9):
            flag = threading.Event()
            timer = threading.Timer(whole * share, flag.set)
            start = time.perf_counter()
            timer.start()
            try:
                analyse(reg, preview, False, flag.is_set)
                print(f"取消 at {share:.0%}: " + ("not heard, checked to the end" if flag.is_set()
                                                 else "the checking ended before it"))
            except Exception as exc:  # noqa: BLE001 - a cancellation is what is timed
                if "Cancel" not in type(exc).__name__:
                    raise
                after = time.perf_counter() - start - whole * share
                print(f"取消 at {share:.0%} ({whole * share:.2f} s): stopped {after:.3f} s after")
            timer.cancel()
        reg.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
