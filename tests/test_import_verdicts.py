"""The verdict each row of a summary table will be stored with, said before the import
(``import_verdicts.preview_verdicts``) and named by row after it (``ImportSummary.lines``).

An intake clerk's preview marked the utility model, the 2022 grant date, the wrong check
digit, the inventor off the front line and a person's second patent 可导入 with no word of
what the rules would say; the import then said only "不合格 5" without a row number."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import (
    ID_1,
    ID_2,
    PATENT_HEADERS,
    PROJECT_HEADERS,
    UTILITY,
    counts,
    own_card,
    patent_no,
    patent_row,
    project_row,
    resident_id,
    write_sheet,
)

from boostdesk.cli import main
from boostdesk.io.import_commit import commit, summarize
from boostdesk.io.import_verdicts import INCOMPLETE, REFUSED, preview_verdicts
from boostdesk.io.importer import read_table
from boostdesk.models import Register

ID_3 = resident_id("11010119900101003")


def _register_rivals(reg, tmp_path) -> None:
    """乙 (ID_2) has an eligible patent this year already; 丙 (ID_3) a card in the register
    and a utility model (refused: it claims nothing)."""
    path = write_sheet(tmp_path / "earlier.xlsx", [
        PATENT_HEADERS,
        patent_row(第一发明人="乙", 身份证号=ID_2, 专利号=patent_no("202110000001")),
        patent_row(第一发明人="丙", 身份证号=ID_3, 专利号=patent_no("202120000002")),
    ])
    commit(reg, read_table(path, 2022))


def _table(tmp_path):
    return write_sheet(tmp_path / "t.xlsx", [
        PATENT_HEADERS,
        patent_row(第一发明人="甲", 身份证号=ID_1),                                   # 2
        patent_row(第一发明人="丁", 身份证号=resident_id("11010119900101011"),
                   专利号=UTILITY),                                                  # 3 utility
        patent_row(第一发明人="戊", 身份证号=resident_id("11010119900101020"),
                   专利号=patent_no("202110000003"), 授权公告日=date(2022, 2, 1)),  # 4 too late
        patent_row(第一发明人="己", 身份证号=resident_id("11010119900101038"),
                   专利号="ZL202110000004.0"),                                        # 5 check digit
        patent_row(第一发明人="庚", 身份证号=resident_id("11010119900101046"),
                   专利号=patent_no("202110000005"), 是否一线职工="否"),              # 6 not frontline
        patent_row(第一发明人="乙", 身份证号=ID_2, 专利号=patent_no("202110000006")),  # 7 second
        patent_row(第一发明人="丙", 身份证号=ID_3, 专利号=patent_no("202110000007"),
                   工会会员互助服务卡号=""),                                           # 8 card known
    ])


def test_each_rows_verdict_in_preview_is_what_the_import_stores(tmp_path, reg):
    _register_rivals(reg, tmp_path)
    preview = read_table(_table(tmp_path), 2022)
    before = counts(reg), reg.scalar("SELECT COUNT(*) FROM audit_events")

    said = preview_verdicts(reg, preview, received_date=date(2022, 10, 20))

    assert (counts(reg), reg.scalar("SELECT COUNT(*) FROM audit_events")) == before  # untouched
    assert {row: v.verdict for row, v in said.items()} == {
        2: INCOMPLETE, 3: REFUSED, 4: REFUSED, 5: REFUSED, 6: REFUSED, 7: REFUSED,
        8: INCOMPLETE}  # 丙's card is the register's: the import stores it, no refusal
    assert "实用新型专利" in said[3].text and "不在 2021-01-01 至 2021-12-31 期间" in said[4].text
    assert "校验位" in said[5].text and "不是一线职工" in said[6].text
    assert "乙 本年度已有在先申报的专利" in said[7].text
    assert said[2].text == "待补材料：缺材料"  # the 收件日期 given: only the checklist
    assert "（方案一（二）1）" in said[3].text  # the clause, as `boostdesk check` says it

    ids = commit(reg, preview, received_date=date(2022, 10, 20))
    stored = summarize(reg, "patent", ids, preview)
    assert [(v.row, v.findings) for v in stored.verdicts] == [
        (row, v.findings) for row, v in said.items()]
    assert reg.patent(ids[-1]).card_number == own_card(ID_3)  # 丙's, as registered


def test_a_projects_verdict_is_judged_by_the_studio_facts_the_import_keeps(tmp_path, reg):
    """李四's studio is 市级 in the register; the table says 区级 with 8 万元 in all. Kept at
    市级 (the box not ticked), even its lowest tier (5 万元) is over half the budget: 不合格.
    Taken from the table (ticked), 区级's 3 万元 fits: 待补材料. The preview said neither."""
    from boostdesk.models.records import ProjectApplication

    path = write_sheet(tmp_path / "p.xlsx", [
        PROJECT_HEADERS, project_row(工作室级别="区级", **{"项目总投入（万元）": 8,
                                                        "申请助推金额（万元）": 3})])
    for update, verdict in ((False, REFUSED), (True, INCOMPLETE)):
        with Register.open(tmp_path / f"{update}.db", operator="测试员") as one:
            one.save_project(ProjectApplication(
                2022, title="已登记项目", studio_name="李四职工创新工作室", studio_level="city",
                leader="李四", total_budget_fen=3_000_000_00))
            preview = read_table(path, 2022)
            [said] = preview_verdicts(one, preview, update_studios=update).values()
            assert said.verdict == verdict, said.text
            ids = commit(one, preview, update_studios=update)
            [stored] = summarize(one, "project", ids, preview).verdicts
            assert stored.findings == said.findings


def test_the_summary_names_the_rows_by_verdict(tmp_path, reg):
    _register_rivals(reg, tmp_path)
    preview = read_table(_table(tmp_path), 2022)
    ids = commit(reg, preview)
    summary = summarize(reg, "patent", ids, preview)
    assert str(summary) == "导入 7 行：合格 0、不合格 5、待补 2"
    lines = summary.lines()
    assert lines[0] == "不合格 5 行："
    assert lines[1].startswith(f"  第 3 行（丁，专利{ids[1]}）：") and "实用新型专利" in lines[1]
    assert [line.split("（")[0].strip() for line in lines[1:6]] == [
        "第 3 行", "第 4 行", "第 5 行", "第 6 行", "第 7 行"]
    # the same gap for every 待补 row, said once with what to do
    assert lines[6] == ("待补材料 2 行（第 2、8 行）：汇总表没有收件日期和材料勾选，导入后请在"
                        "“专利助推”中逐份填写收件日期、勾选已收到的材料（收件日期是本办收到纸质申报的"
                        "日期，由本办填写：可选中多份后按 Ctrl+D 一次填写）")
    assert ID_2 not in "\n".join(lines)


def test_cli_import_prints_the_rows_by_verdict(tmp_path, capsys):
    path = write_sheet(tmp_path / "ok.xlsx", [
        PATENT_HEADERS, patent_row(第一发明人="甲"),
        patent_row(第一发明人="乙", 专利号=UTILITY, 身份证号=ID_2),
    ])
    code = main(["import", str(path), "--db", str(tmp_path / "x.db"), "--received", "2022-10-31"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "导入 2 行：合格 0、不合格 1、待补 1" in out
    assert "不合格 1 行：\n  第 3 行（乙，专利2）：" in out and "实用新型专利" in out
    assert "待补材料 1 行（第 2 行）：汇总表没有材料勾选" in out


def test_the_previews_verdicts_build_no_audit_trail_and_are_the_imports(tmp_path, reg,
                                                                      monkeypatch):
    """The preview takes the import's steps as far as the verdicts and rolls them back: the
    audit trail of what it rolls back was written (every BATCH_STEP rows, their documents
    made) for nothing. Not written now; the verdicts are still those the import stores."""
    from boostdesk.models import batch_insert

    monkeypatch.setattr(batch_insert, "BATCH_STEP", 2)  # a round of the trail every 2 rows
    _register_rivals(reg, tmp_path)
    preview = read_table(_table(tmp_path), 2022)
    written: list[str] = []
    reg.conn.set_trace_callback(written.append)
    said = preview_verdicts(reg, preview, received_date=date(2022, 10, 20))
    reg.conn.set_trace_callback(None)
    assert not [s for s in written if s.startswith("INSERT INTO audit_events")]
    assert any(s.startswith("INSERT INTO people") for s in written)  # the steps were taken

    ids = commit(reg, preview, received_date=date(2022, 10, 20))
    stored = summarize(reg, "patent", ids, preview)
    assert [(v.row, v.findings) for v in stored.verdicts] == [
        (row, v.findings) for row, v in said.items()]
    assert reg.scalar("SELECT COUNT(*) FROM audit_events WHERE entity = 'patent_applications'"
                      " AND action = 'create'") == len(ids) + 2  # and 乙's and 丙's


def test_a_dry_run_whose_judge_returns_stores_nothing(tmp_path, reg):
    import pytest

    preview = read_table(_table(tmp_path), 2022)
    before = counts(reg), reg.scalar("SELECT COUNT(*) FROM audit_events")
    with pytest.raises(RuntimeError):
        reg.insert_patents(preview.records, judge=lambda new: [(1, 0, "[]")] * len(new),
                           dry_run=True)
    assert (counts(reg), reg.scalar("SELECT COUNT(*) FROM audit_events")) == before
