"""Long monkey walks of the window, outside the test suite.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/monkey.py --seeds 1-20 --steps 3000 \
        --out /tmp/monkey

Each seed walks a fresh demo register in OUT/seed-N and prints what it found (exceptions,
Qt warnings, tracebacks the window logged, 程序出错 messages, frozen dialogs, and what the
register checks after the walk say). Exit status 1 when anything was found.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def seeds(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        out += list(range(int(first), int(last or first) + 1))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", default="1-5")
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    os.environ.setdefault("BOOSTDESK_DATA", str(args.out / "data"))
    from monkey import walk

    bad = 0
    for seed in seeds(args.seeds):
        start = time.monotonic()
        findings, problems = walk(seed, args.steps, args.out / f"seed-{seed}")
        took = time.monotonic() - start
        print(f"== seed {seed}: {len(findings)} findings, {len(problems)} register problems,"
              f" {took:.0f} s", flush=True)
        for f in findings:
            print(f, flush=True)
        for p in problems:
            print(f"[register] {p}", flush=True)
        bad += bool(findings or problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
