"""核对意见 as a union reads it, and the second one after it sends its table corrected:
typing slips told from papers that fail the plan, the reply-by date and the office's
contact, the papers that were fine, what was corrected since the previous letter, and a
studio's projects counted before the one too many named by the union's 序号."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import openpyxl
from fixtures.summary_sheets import (
    PATENT_HEADERS,
    PROJECT_HEADERS,
    patent_no,
    patent_row,
    project_row,
    resident_id,
    write_sheet,
)
from test_ui_support import answers, ctx, qsettings, type_text, window

from boostdesk.campaign_settings import apply_settings, campaign_lines
from boostdesk.cli import main
from boostdesk.io.findings_notice import gather_notices
from boostdesk.models import Register
from boostdesk.models.campaign import plan_2022
from boostdesk.models.records import PATENT_MATERIALS, PROJECT, PROJECT_MATERIALS

__all__ = ["answers", "ctx", "qsettings", "window"]

TITLE = ["2022年职工创新发明专利助推汇总表"]
UNION = "北京市朝阳区总工会"
LETTER = f"2022年核对意见-{UNION}.xlsx"
SECOND = f"2022年核对意见（第2次）-{UNION}.xlsx"


def _id(n: int) -> str:
    return resident_id(f"11010519800101{n:02d}1")


def _wrong_check_digit(number: str) -> str:
    return number[:-1] + ("0" if number[-1] != "0" else "1")


def _row(seq: int, **over: object) -> list[object]:
    # each his own telephone: five of one phone, born one day, IDs a digit apart, are asked
    # as one person (near_people), and the letter lists every row for it
    return patent_row(**{"序号": seq, "推荐单位": UNION, "第一发明人": f"职工{'甲乙丙丁戊'[seq - 1]}",
                         "专利号": patent_no(f"2021100000{seq:02d}"), "身份证号": _id(seq),
                         "专利名称": f"一种装置{seq}", "联系电话": f"138001380{seq:02d}", **over})


def _table(path: Path, *, corrected: bool) -> Path:
    """序号 1 and 5 fine; 2 an ID's check digit typed wrong, 3 a grant date typed a year
    late, 4 no card number — the first two corrected in the table sent again."""
    return write_sheet(path, [
        TITLE, PATENT_HEADERS, _row(1),
        _row(2, 身份证号=_id(2) if corrected else _wrong_check_digit(_id(2))),
        _row(3, 授权公告日=date(2021, 2, 15) if corrected else date(2022, 2, 15)),
        _row(4, 工会会员互助服务卡号=""), _row(5)])


def _papers_in(db: Path) -> None:
    """The papers came in, every material ticked: what is left is what the table says."""
    with Register.open(db, operator="收件员") as reg:
        for app in reg.patents(2022):
            reg.save_patent(replace(app, materials=dict.fromkeys(PATENT_MATERIALS, True)))


def _cells(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows()
                     for c in row if c.value is not None)


def _export(db: Path, out: Path, capsys) -> str:
    assert main(["export", "notices", "--db", str(db), "--out", str(out)]) == 0
    return capsys.readouterr().out


def _first_letter(tmp_path: Path, capsys) -> tuple[Path, Path]:
    db, out = tmp_path / "r.db", tmp_path / "letters"
    out.mkdir()
    assert main(["import", str(_table(tmp_path / "朝阳区.xlsx", corrected=False)), "--db", str(db),
                 "--received", "2022-10-28"]) == 0
    _papers_in(db)
    assert main(["campaign", "set", "--db", str(db), "--year", "2022",
                 "notice_reply_days=10"]) == 0
    capsys.readouterr()
    _export(db, out, capsys)
    return db, out


def test_the_letter_tells_typing_slips_from_rule_failures_and_how_to_answer(tmp_path, capsys):
    """The note told the union to withdraw every 不合格 row — most were its own typing."""
    _db, out = _first_letter(tmp_path, capsys)
    text = _cells(out / LETTER)
    assert "【填写有误】身份证号无效" in text  # 序号 2: the check digit
    assert "【未填写，待补】缺少“工会会员互助服务卡号”" in text  # 序号 4: a blank, not a refusal
    assert "【不符合】授权公告日 2022年2月15日不在" in text  # 序号 3: a rule, or a date typed wrong
    assert "改正汇总表后重新报送" in text and "与已登记的逐项比对" in text
    assert "确不符合的，请告知申报人撤回" in text


def test_the_letter_has_a_reply_date_and_the_offices_contact(tmp_path, capsys):
    _db, out = _first_letter(tmp_path, capsys)
    text = _cells(out / LETTER)
    reply = date.today() + timedelta(days=10)
    assert f"请于 {reply.year}年{reply.month}月{reply.day}日前回复" in text
    assert "联系人：高珊 83570885、李梦遥 83570883；邮箱：jscxfwb@163.com" in text
    # 待补材料 are paper items (申报表, 盖章): where the plan's 三 sends paper, not the e-mail
    assert ("补齐的纸质材料（申报表、证明、盖章等）请报送至 北京市职工技术协会（北京市西城区虎坊路13号"
            "北京职工服务中心南配楼2104室）") in text


def test_the_letter_names_the_rows_that_were_fine(tmp_path, capsys):
    _db, out = _first_letter(tmp_path, capsys)
    assert "其余 2 项核对合格（序号 1、5）" in _cells(out / LETTER)


def test_a_second_letter_after_a_resend_says_what_was_corrected(tmp_path, capsys):
    """The letter exported after the corrected table was taken had the first's name (it
    overwrote it) and did not say that 序号 2 and 3 were now 合格."""
    db, out = _first_letter(tmp_path, capsys)
    again = _table(tmp_path / "朝阳区（修改后）.xlsx", corrected=True)
    assert main(["import", str(again), "--db", str(db), "--update-registered"]) == 0
    said = _export(db, out, capsys)
    assert SECOND in said
    assert {p.name for p in out.iterdir()} == {SECOND, LETTER}  # the first one kept
    text = _cells(out / SECOND)
    assert "申报核对意见（第2次）" in text
    assert text.count("已更正，核对合格（上次核对意见：不合格）") == 2
    assert "2 项已更正，核对合格" in text and "上次核对意见：" in text
    assert "其余 2 项核对合格（序号 1、5）" in text  # 2 and 3 listed as corrected
    assert "【未填写，待补】缺少“工会会员互助服务卡号”" in text  # 序号 4 still to answer
    # exported again with nothing changed: the same second letter, not a third
    assert "第3次" not in _export(db, out, capsys)
    assert {p.name for p in out.iterdir()} == {SECOND, LETTER}


def test_one_project_too_many_names_the_studios_others_by_the_unions_numbers(reg, tmp_path):
    """"本年度已申报 2 项，此为第 3 项": which two, the union had to work out."""
    from boostdesk.io.import_commit import commit
    from boostdesk.io.importer import read_table
    from boostdesk.rules import refresh

    rows = [project_row(序号=n, 项目名称=f"攻关项目{n}") for n in (1, 2, 3)]
    commit(reg, read_table(write_sheet(tmp_path / "项目.xlsx", [PROJECT_HEADERS, *rows]), 2022))
    for app in reg.projects(2022):
        reg.save_project(replace(app, materials=dict.fromkeys(PROJECT_MATERIALS, True)))
    refresh(reg, 2022)
    notices = gather_notices(reg, 2022, [PROJECT])
    [third] = [i for n in notices.notices for i in n.items[PROJECT] if i.seq == 3]
    [opinion] = [o for o in third.opinions if "此为第 3 项" in o]
    assert opinion.endswith("；已申报的为：序号 1（项目1）、序号 2（项目2）"), opinion


def test_the_contact_and_reply_days_are_the_years_settings():
    plan = plan_2022()
    assert (plan.notice_contact, plan.notice_email) == ("高珊 83570885、李梦遥 83570883",
                                                        "jscxfwb@163.com")
    c = apply_settings(plan, [("notice_reply_days", "7"), ("notice_contact", " 李梦遥  83570883 "),
                              ("notice_email", "ask@example.com")])
    assert (c.notice_reply_days, c.notice_contact, c.notice_email) == (
        7, "李梦遥 83570883", "ask@example.com")
    assert "核对意见回复期限：核对日期后 7 天" in campaign_lines(c)
    import pytest

    from boostdesk.validate import ValidationError

    with pytest.raises(ValidationError, match="notice_email"):
        apply_settings(plan, [("notice_email", "jscxfwb163.com")])


def test_settings_shows_and_saves_the_letters_contact(window, reg, qtbot, answers):
    from PySide6.QtCore import Qt

    screen = window.screen_named("设置")
    assert screen.notice_email.text() == "jscxfwb@163.com"
    screen.notice_reply_days.setFocus()
    screen.notice_reply_days.selectAll()
    type_text(qtbot, "10", screen.notice_reply_days)
    qtbot.keyClick(screen.notice_reply_days, Qt.Key.Key_Tab)
    screen.notice_contact.setFocus()
    screen.notice_contact.selectAll()
    type_text(qtbot, "高珊 83570885", screen.notice_contact)
    assert screen.save_campaign(), screen.campaign_message.text()
    c = reg.campaign(2022)
    assert (c.notice_reply_days, c.notice_contact) == (10, "高珊 83570885")


def test_a_2022_plan_stored_before_the_contact_was_kept_reads_the_plans_own():
    import json

    from boostdesk.models.campaign import Campaign

    stored = json.loads(plan_2022().to_json())
    for key in ("notice_contact", "notice_email", "notice_reply_days"):
        del stored[key]
    old = Campaign.from_json(json.dumps(stored))
    assert (old.notice_contact, old.notice_email, old.notice_reply_days) == (
        "高珊 83570885、李梦遥 83570883", "jscxfwb@163.com", 0)
    later = json.loads(plan_2022().for_year(2023).to_json())
    del later["notice_contact"]
    assert Campaign.from_json(json.dumps(later)).notice_contact == ""  # not 2022's office


def test_the_trail_names_a_written_letter_in_chinese(tmp_path, capsys):
    """Each letter leaves an audit line (what it told, for the next letter): `audit` said it
    by its code name, export_notices."""
    db, _out = _first_letter(tmp_path, capsys)
    assert main(["audit", "--db", str(db), "--year", "2022"]) == 0
    said = capsys.readouterr().out
    assert "导出核对意见" in said and "export_notices" not in said


def test_the_trail_says_what_each_letter_told_in_chinese(tmp_path, capsys):
    """Its details read 「letters：北京城建集团工会 文件 …xlsx，day 2026-12-05，number 1，told
    project-38 refused，project-43 incomplete」, in `audit` and in its workbook."""
    db, out = _first_letter(tmp_path, capsys)
    again = _table(tmp_path / "朝阳区（修改后）.xlsx", corrected=True)
    assert main(["import", str(again), "--db", str(db), "--update-registered"]) == 0
    _export(db, out, capsys)
    book = tmp_path / "修改 记录.xlsx"
    assert main(["audit", "--db", str(db), "--year", "2022"]) == 0
    said = capsys.readouterr().out
    assert main(["audit", "--db", str(db), "--year", "2022", "--out", str(book)]) == 0
    cells = _cells(book)
    today = date.today().isoformat()
    for text in (said, cells):
        first = f"核对意见：{UNION}，文件 {LETTER}，日期 {today}，第1次，告知 专利2 不合格、专利3 不合格、专利4 待补材料"
        assert first in text, text
        assert f"核对意见：{UNION}，文件 {SECOND}，日期 {today}，第2次，告知 专利4 待补材料" in text
        for key in ("letters", "told", "number", "day", "refused", "incomplete", "patent-"):
            assert key not in text
