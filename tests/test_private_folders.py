"""The folders BoostDesk makes for what it exports are the owner's alone (0700), as its
files (0600): `panel export`'s folder was 0755 beside 0600 packages (the privacy
officer's finding; the year archive's is in test_year_archive)."""

from __future__ import annotations

import os

import pytest
from test_year_archive import demo, demo_master  # noqa: F401 - its demo register in data/

from boostdesk.cli import main

__all__ = ["demo", "demo_master"]


@pytest.mark.skipif(os.name != "posix", reason="file modes: POSIX")
def test_panel_export_makes_its_folder_the_owner_s_alone(demo, tmp_path):
    out = tmp_path / "评分包"
    assert main(["panel", "export", "--db", str(demo), "--out", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o700
    assert {p.stat().st_mode & 0o777 for p in out.iterdir()} == {0o600}
    # a folder the office chose that already exists keeps its own mode
    shared = tmp_path / "共享"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    assert main(["panel", "export", "--db", str(demo), "--out", str(shared)]) == 0
    assert shared.stat().st_mode & 0o777 == 0o755
