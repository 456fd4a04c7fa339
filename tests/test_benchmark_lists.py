"""``benchmarks/run.py --only lists``: the searched lists' figures, in the agreed format."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
LINE = re.compile(r"^(\S+) (\d+\.\d+) (s|ms) baseline (\d+\.\d+) ratio (\d+\.\d\d)$")


def test_run_times_each_searched_list_against_the_register_view(tmp_path):
    out = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--only", "lists", "--apps", "120",
         "--cache", str(tmp_path), "--repeat", "1", "--qt", "offscreen"],
        capture_output=True, text=True, timeout=300, check=True)
    lines = out.stdout.strip().splitlines()
    names = [text.split()[0] for text in lines]
    for screen in ("payments", "qualification", "payments_lines", "payments_lines_after_1s"):
        assert [n for n in names if n.startswith(f"{screen}_120")] == [
            f"{screen}_120_{what}" for what in ("search_first", "search_key_median",
                                               "search_key_worst", "open")
        ] + ([f"{screen}_120_stall"] if screen.endswith("1s") else []), names
    # no project proposed in the generated register: 公示's list is empty, said so
    assert "publicity_120_search n/a the list is empty on this register" in lines
    assert "publicity_120_open" in names
    for text in lines:
        if " n/a " not in text:
            assert LINE.match(text), text
    assert "payments_lines: 120 rows in the list" in out.stderr
