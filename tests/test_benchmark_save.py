"""The save figure of benchmarks/run.py: one save through the intake desk's path on a
generated register (a patent's, a project's), each next to a plain UPDATE, in the
runner's line format."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
LINE = re.compile(r"^(\S+) (\d+\.\d+) (s|ms|MB) baseline (\d+\.\d+) ratio (\d+\.\d\d)$")


def test_run_prints_the_save_figure_in_the_agreed_format(tmp_path):
    out = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--only", "save", "--apps", "120",
         "--cache", str(tmp_path), "--repeat", "1"],
        capture_output=True, text=True, timeout=300, check=True,
    )
    lines = out.stdout.strip().splitlines()
    assert [LINE.match(text).group(1) for text in lines] == ["save_120", "save_project_120"]
    for text in lines:
        name, value, unit, base, ratio = LINE.match(text).groups()
        assert unit == "ms"
        assert float(value) > 0 and float(base) > 0
        # the figures are printed rounded to 0.1 ms; the ratio is of the unrounded ones
        v, b, r = float(value), float(base), float(ratio)
        assert (v - 0.05) / (b + 0.05) - 0.01 <= r <= (v + 0.05) / max(b - 0.05, 1e-9) + 0.01


def test_the_save_probe_changes_the_application_it_names(tmp_path):
    sys.path.insert(0, str(BENCH))
    try:
        import generate
        import run
    finally:
        sys.path.remove(str(BENCH))
    from boostdesk.models import Register
    from boostdesk.rules import check_campaign
    from boostdesk.rules.findings import to_json

    db = tmp_path / "r.db"
    generate.generate_register(db, 60)
    reg = Register.open(db)
    app_id, number = run._save_target(reg.conn)
    reg.close()
    result = run.probe("save", str(db), str(tmp_path), env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.result["seconds"] > 0
    reg = Register.open(db)
    assert reg.patent(app_id).patent_number == number
    # and the save left the stored verdicts as a full check sees them
    for v in check_campaign(reg, 2022):
        table = "patent_applications" if v.stream == "patent" else "project_applications"
        stored = reg.scalar(f"SELECT findings FROM {table} WHERE id = ?", (v.app_id,))
        assert stored == to_json(v.findings)
    reg.close()


def test_the_project_save_probe_corrects_the_title_it_names(tmp_path):
    sys.path.insert(0, str(BENCH))
    try:
        import generate
        import run
    finally:
        sys.path.remove(str(BENCH))
    from boostdesk.models import Register
    from boostdesk.rules.check import title_key

    db = tmp_path / "r.db"
    generate.generate_register(db, 60)
    with Register.open(db) as reg:
        app_id, title = run._project_target(reg.conn)
    result = run.probe("save_project", str(db), str(tmp_path),
                       env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.result["seconds"] > 0
    with Register.open(db) as reg:
        assert reg.project(app_id).title == title and title.endswith("（二期）")
        assert reg.scalar("SELECT title_key FROM project_applications WHERE id = ?",
                          (app_id,)) == title_key(title)
