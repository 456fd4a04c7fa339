"""A few short monkey walks of the whole window (tests/monkey.py): no exception, no Qt
warning, no traceback logged, no 程序出错 message, no dialog that will not close, and a
register that passes its integrity checks, whose stored verdicts are the rules' own.
``tools/monkey.py`` walks longer and with more seeds."""

from __future__ import annotations

import pytest
from monkey import walk


@pytest.mark.parametrize("seed", [11, 23, 37])
def test_a_monkey_walk_leaves_no_trace_of_a_fault(seed, tmp_path, qapp, monkeypatch):
    findings, problems = walk(seed, 300, tmp_path / "walk", patches=monkeypatch)
    assert not findings, "\n\n".join(str(f) for f in findings)
    assert not problems, "\n\n".join(problems)
