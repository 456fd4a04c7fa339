"""The register's schema number is named 登记册格式 in every message (the README: 版本 is a
release, 0.18.0); a message says 磁盘空间已满 once (IT's tester, stop 39: 「…而登记册所在磁盘
空间已满：磁盘空间已满：请腾出空间…」 and 「登记册版本为 28，高于本程序支持的 27」)."""

from __future__ import annotations

import sqlite3

import pytest

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
    said = f"登记册格式为 {SCHEMA_VERSION + 1}，高于本程序支持的格式 {SCHEMA_VERSION}，请升级 BoostDesk"
    with pytest.raises(RegisterError) as writer:
        Register.open(path, operator="录入员")
    with pytest.raises(RegisterError) as reader:
        open_read_only(path, "录入员", None)
    for caught in (writer, reader):
        assert said in str(caught.value) and "版本为" not in str(caught.value)


def test_an_older_register_on_a_full_disk_says_the_disk_is_full_once(tmp_path):
    path = _numbered(tmp_path, SCHEMA_VERSION - 1)
    with pytest.raises(RegisterError) as caught:
        open_read_only(path, "录入员", None, reason="磁盘满", cause=FULL_CAUSE)
    text = str(caught.value)
    assert f"是旧版 BoostDesk 留下的（登记册格式 {SCHEMA_VERSION - 1}）" in text
    assert text.count("磁盘空间已满") == 1 and "请腾出空间" in text
