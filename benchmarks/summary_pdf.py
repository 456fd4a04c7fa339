"""The summary table PDF (附件2 专利汇总表) at a year's size: rows a second.

    PYTHONPATH=. python benchmarks/summary_pdf.py [--rows 2000,20000] [--db REGISTER.db]

prints one line per size, ``summary_pdf_N SECONDS s rows/s R pages P``. The rows are the
patents of the cached 100,000-application register (``--db`` another; a copy is read, the
register itself never opened), taken again from the first when a size asks for more, and
printed with ``write_summary_pdf`` in this process, the fonts registered beforehand (once
a process, as the window does). Figures are reported, not checked against a target.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

LARGE = 100_000
YEAR = 2022


def summary_rows(db: Path, work: Path) -> object:
    """The year's patent summary of a copy of ``db``."""
    from boostdesk.io.export_summary import build_summary
    from boostdesk.models import Register

    copy = work / "register.db"
    shutil.copyfile(db, copy)
    reg = Register.open(copy, operator="基准")
    try:
        return build_summary(reg, "patent", YEAR)
    finally:
        reg.close()


def timed(summary: object, rows: int, out: Path) -> tuple[float, int]:
    """Seconds to print ``rows`` rows of ``summary``, and the pages printed."""
    from boostdesk.printing.summary import write_summary_pdf

    have = summary.rows  # type: ignore[attr-defined]
    taken = [have[i % len(have)] for i in range(rows)]
    start = time.perf_counter()
    pages = write_summary_pdf(out, replace(summary, rows=taken),  # type: ignore[type-var]
                              printed_on=date(2022, 12, 20), invariant=True)
    return time.perf_counter() - start, pages


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", default="2000,20000", help="sizes, comma-separated")
    p.add_argument("--db", type=Path, help="a register (default: the cached 100,000)")
    args = p.parse_args(argv)
    from boostdesk.printing.fonts import register_fonts

    if args.db is None:
        import generate

        args.db = generate.cached_register(LARGE)
    register_fonts()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        summary = summary_rows(args.db, work)
        for n in (int(x) for x in args.rows.split(",")):
            seconds, pages = timed(summary, n, work / f"summary-{n}.pdf")
            print(f"summary_pdf_{n} {seconds:.2f} s rows/s {n / seconds:.0f} pages {pages}",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
