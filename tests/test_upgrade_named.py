"""An upgrade from 0.15.0 (schema 21) or 0.14.0 (18) names what it changed and what it
leaves to put right (an IT tester's findings at stop 36):

- an approval 0.15.0's 结束公示 made after an objection found groundless read 公示期满无异议
  (detail pane, 状态历史, ``audit --ref``) while 0.16.0's 审批表 prints 公示期内收到异议，经核实
  异议不成立: migration 24 rewords it as the sheet does, with a line in the trail, counted;
- migration 22's papers (an earlier year's clerk refusal given its verdict back) are named
  with the verdict each shows, each with its line in the trail (there was only 版本 21 → 23);
- migration 23's 资格审核日期: the approved papers whose sheet prints （…补录） are counted,
  with the way to give the real day, the window's or the command line's.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from boostdesk import said_where
from boostdesk.cli import main
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.models.register import migrate, open_connection
from boostdesk.models.schema import MIGRATIONS
from boostdesk.panel.publicity import close_publicity, record_objection, resolve_objection
from boostdesk.safety import open_register
from tests.test_migrations import as_version
from tests.test_panel_support import YEAR
from tests.test_publicity_outcome import ONE, TWO, proposed  # noqa: F401 - fixture

OLD = "公示期满无异议"


def _aged(path: Path, version: int) -> None:
    conn = sqlite3.connect(path)
    as_version(conn, version)
    conn.commit()
    conn.close()


def _upgrade_lines(reg: Any) -> list[tuple[int, dict, dict]]:
    return [(i, json.loads(b), json.loads(a)) for i, b, a in reg.conn.execute(
        "SELECT entity_id, before, after FROM audit_events WHERE note = '登记册升级'"
        " AND action = 'update' AND entity = 'project_applications' ORDER BY id")]


def _upgraded(path: Path) -> tuple[Any, str]:
    opened = open_register(path, "IT升级", start_backup=False)
    [said] = [w for w in opened.warnings if "已升级" in w]
    return opened.reg, said


def _approval(reg: Any, app_id: int) -> str:
    [h] = [h for h in reg.status_history(PROJECT, app_id) if h["to_status"] == "approved"]
    return h["reason"]


@pytest.mark.parametrize("version", [21, 18])
def test_an_approval_after_a_groundless_objection_reads_as_the_sheet_once_upgraded(
        reg, proposed, version, capsys):  # noqa: F811
    """The tester's 项目16: 登记异议, 异议不成立, 结束公示 on 0.15.0."""
    a, c = proposed["a"], proposed["c"]
    oid = record_objection(reg, a, date(2022, 11, 24), "某职工（来电）", "装调平台为外购设备")
    resolve_objection(reg, oid, upheld=False, note="核心算法为自主开发", on=date(2022, 11, 25))
    close_publicity(reg, YEAR, date(2022, 11, 28))
    path = reg.path
    reg.close()
    _aged(path, version)  # as 0.15.0 (or 0.14.0) stored it: 公示期满无异议 for both
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT status_reason FROM project_applications WHERE id = ?",
                        (a,)).fetchone() == (OLD,)
    conn.close()

    up, said = _upgraded(path)
    try:
        assert up.project(a).status_reason == ONE  # the detail pane's 核准（…）
        assert _approval(up, a) == ONE  # 状态历史
        assert (up.project(c).status_reason, _approval(up, c)) == (OLD, OLD)  # none received
        assert _upgrade_lines(up) == [(a, {"approval_reason": OLD}, {
            "approval_reason": ONE,
            "note": "核准前收到的异议经核实不成立，原记录的理由与审批表不符，升级时按审批表更正"})]
        assert f"1 个核准项目（项目{a}）的核准理由由“公示期满无异议”更正为审批表的写法" in said, said
        # the step again changes nothing: no approval reads 公示期满无异议 beside a dismissal
        cur = [up.conn.execute(s).rowcount for s in MIGRATIONS[23].split(";") if s.strip()]
        assert sum(max(n, 0) for n in cur) == 0 and len(_upgrade_lines(up)) == 1
    finally:
        up.close()
    assert main(["audit", "--ref", f"项目{a}", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"修改（登记册升级）  核准理由：{OLD} → {ONE}；说明：" in out, out


def test_two_objections_found_groundless_are_counted_as_the_sheet_counts(reg, proposed):  # noqa: F811
    a = proposed["a"]
    for day, who in ((24, "匿名来信"), (25, "某职工")):
        oid = record_objection(reg, a, date(2022, 11, day), who, f"异议{day}")
        resolve_objection(reg, oid, upheld=False, note="不成立", on=date(2022, 11, 26))
    close_publicity(reg, YEAR, date(2022, 11, 28))
    path = reg.path
    reg.close()
    _aged(path, 21)
    conn = open_connection(path)
    assert conn.execute("SELECT status_reason FROM project_applications WHERE id = ?",
                        (a,)).fetchone() == (OLD,)
    migrate(conn)
    assert conn.execute("SELECT status_reason FROM project_applications WHERE id = ?",
                        (a,)).fetchone() == (TWO,)
    conn.close()


# -- migration 22's papers named ------------------------------------------------------------
def test_the_refusals_given_their_verdict_back_are_named_each_with_its_line(
        tmp_path, monkeypatch):
    from tests.test_past_refusals import _stop_35_register

    path = tmp_path / "v21.db"
    ids = _stop_35_register(path, monkeypatch)
    up, said = _upgraded(path)
    try:
        lines = [(i, json.loads(b), json.loads(x)["verdict"]) for i, b, x in up.conn.execute(
            "SELECT entity_id, before, after FROM audit_events WHERE note = '登记册升级'"
            " AND entity = 'patent_applications' AND action = 'update' ORDER BY id")]
    finally:
        up.close()
    lacking, broke = ids["lacking"], ids["broke"]
    assert lines == [(lacking, {"verdict": "合格"}, "待补材料"),
                     (broke, {"verdict": "不合格"}, "不合格")]
    assert "往年“资格审核不通过”的 2 份申报恢复原核对结论" in said
    assert f"专利{lacking} 由“合格”改为“待补材料”" in said, said
    assert f"专利{broke} 仍为“不合格”，所缺材料重新列出" in said, said


def test_an_upgrade_from_18_names_no_refusal_and_writes_it_no_line(tmp_path, monkeypatch):
    """From 18, 19 settled them a moment before 22 took it back: the office never saw it."""
    from tests.test_past_refusals import _stop_35_register

    path = tmp_path / "v18.db"
    _stop_35_register(path, monkeypatch, 18)
    up, said = _upgraded(path)
    try:
        assert not up.scalar("SELECT COUNT(*) FROM audit_events WHERE note = '登记册升级'"
                             " AND entity = 'patent_applications'")
    finally:
        up.close()
    assert "往年已定结果的 1 份申报由“待补材料”改为“合格”。" in said and "恢复" not in said


def test_many_papers_are_named_up_to_ten_then_counted():
    from boostdesk.safety.upgrade_notice import _asked

    asked = [(f"专利{i}", "合格", "待补材料") for i in range(1, 13)]
    text = _asked(asked)
    assert text.startswith("专利1、专利2、") and "专利10 等 12 份 由" in text
    assert "专利11" not in text


# -- migration 23: the sheets printing 补录 ---------------------------------------------------
def _undated_register(reg: Any) -> tuple[Path, int]:
    from tests.test_qualified_date_correction import _approved_patent_qualified_undated

    app_id = _approved_patent_qualified_undated(reg)
    path = reg.path
    reg.close()
    _aged(path, 21)
    return path, app_id


@pytest.mark.parametrize("cli", [False, True])
def test_the_notice_counts_the_sheets_printing_late_and_says_how_to_date_them(reg, cli):
    path, app_id = _undated_register(reg)
    said_where.set_cli(cli)
    try:
        up, said = _upgraded(path)
        up.close()
    finally:
        said_where.set_cli(False)
    assert f"已核准的 1 份申报（2022 年度 专利{app_id}）在核准之后才录入资格审核" in said, said
    if cli:
        assert "运行 boostdesk correct qualified-date 登记号 --date 日期 --reason 原因" in said
        assert "改状态" not in said
    else:
        assert "点“改状态”（Ctrl+M）选“更正资格审核日期（不改状态）”" in said, said
        assert "boostdesk" not in said.split("已备份为")[0]


def test_a_sheet_dated_since_is_no_longer_counted(reg):
    """Once the real day is given (更正资格审核日期), the sheet prints it: not counted."""
    from boostdesk.rules.qualified_day import correct_qualified_date
    from boostdesk.safety.upgrade_papers import undated_qualified

    path, app_id = _undated_register(reg)
    up, _said = _upgraded(path)
    try:
        assert undated_qualified(up) == {2022: [f"专利{app_id}"]}
        correct_qualified_date(up, PATENT, [app_id], date(2022, 11, 10), "按审核记录补记")
        assert undated_qualified(up) == {}
    finally:
        up.close()
