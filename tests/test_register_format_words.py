"""The register's schema number is named 登记册格式 in every message (the README: 版本 is a
release, 0.18.0); a message says 磁盘空间已满 once (IT's tester, stop 39: 「…而登记册所在磁盘
空间已满：磁盘空间已满：请腾出空间…」 and 「登记册版本为 28，高于本程序支持的 27」)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from boostdesk import __version__
from boostdesk.models import Register
from boostdesk.models.register import RegisterError
from boostdesk.models.schema import SCHEMA_VERSION
from boostdesk.safety.session import FULL_CAUSE, open_read_only


def _numbered(tmp_path, version):
    path = tmp_path / "reg.db"
    Register.open(path, operator="录入员").close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    return path


def test_a_newer_register_is_said_to_be_of_a_newer_register_format(tmp_path):
    path = _numbered(tmp_path, SCHEMA_VERSION + 1)
    said = (f"登记册格式为 {SCHEMA_VERSION + 1}，高于本程序支持的格式 {SCHEMA_VERSION}"
            f"（本机的 BoostDesk 是 {__version__}）")
    with pytest.raises(RegisterError) as writer:
        Register.open(path, operator="录入员")
    with pytest.raises(RegisterError) as reader:
        open_read_only(path, "录入员", None)
    for caught in (writer, reader):
        text = str(caught.value)
        assert said in text and "版本为" not in text
        # no release recorded the upgrade to it: any release later than this one
        assert f"比 {__version__} 新的 BoostDesk" in text and "未作任何改动" in text


def test_a_register_a_later_release_upgraded_names_that_release_to_install(tmp_path):
    """IT's tester, stop 47: a register the other PC's newer release had upgraded was
    refused with 请升级 BoostDesk alone; the trail's upgrade line names that release."""
    path = _numbered(tmp_path, SCHEMA_VERSION)
    conn = sqlite3.connect(path)
    with conn:  # as that release's ``_audit_upgrade`` writes it, and an older one before
        for version, program in ((SCHEMA_VERSION, __version__), (SCHEMA_VERSION + 1, "9.1.0")):
            conn.execute(
                "INSERT INTO audit_events (at, operator, action, entity, before, after)"
                " VALUES ('2027-03-01T09:00:00', '录入员', 'upgrade', 'register', ?, ?)",
                (json.dumps({"version": version - 1}),
                 json.dumps({"version": version, "program": program})))
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(RegisterError) as writer:
        Register.open(path, operator="录入员")
    with pytest.raises(RegisterError) as reader:
        open_read_only(path, "录入员", None)
    for caught in (writer, reader):
        text = str(caught.value)
        assert "它已由 BoostDesk 9.1.0 升级，请在本机安装 BoostDesk 9.1.0" in text
        assert f"（本机的 BoostDesk 是 {__version__}）" in text and "未作任何改动" in text


def test_an_older_register_on_a_full_disk_says_the_disk_is_full_once(tmp_path):
    path = _numbered(tmp_path, SCHEMA_VERSION - 1)
    with pytest.raises(RegisterError) as caught:
        open_read_only(path, "录入员", None, reason="磁盘满", cause=FULL_CAUSE)
    text = str(caught.value)
    assert f"是旧版 BoostDesk 留下的（登记册格式 {SCHEMA_VERSION - 1}）" in text
    assert text.count("磁盘空间已满") == 1 and "请腾出空间" in text
