"""A 审批表 printed again after what it says changed — a card corrected, an acceptance
failed, a name — is footed 重新打印（内容已变更…，原件作废）, not 补打: its print line keeps
a fingerprint of everything the sheet draws (``approval.sheet_content``), as a payment
list's keeps its lines'. A first print from before fingerprints were kept is compared with
the first print since that kept one: an upgrade turns no old sheet 重新打印 by itself."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from test_campaign_set import _approved_patent
from test_finance import add_project
from test_list_reprint_changed import run, text_of, trail

from boostdesk.finance.acceptance import record_failed_acceptance
from boostdesk.models import Register
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.printing import print_log
from boostdesk.printing.approval import load_sheets, sheet_content, sheet_marks

NEW_CARD = "6214682601815908315"
CHANGED = "重新打印（内容已变更，"


def print_sheet(capsys, db, pdf, ref: str = "专利1", *more: str) -> str:
    code, out, err = run(capsys, "print", "approval", "--db", str(db), "--ref", ref,
                         "--out", str(pdf), *more)
    assert code == 0, err
    return out


def test_a_sheet_reprinted_after_its_card_was_corrected_is_no_reprint(capsys, tmp_path):
    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        _approved_patent(reg)
    print_sheet(capsys, db, tmp_path / "a.pdf")
    print_sheet(capsys, db, tmp_path / "b.pdf")  # the same sheet: 补打
    assert "补打（首次打印于" in text_of(tmp_path / "b.pdf")
    code, out, err = run(capsys, "correct", "card", "专利1", NEW_CARD, "--reason", "本人换卡",
                         "--db", str(db))
    assert code == 0, err
    out = print_sheet(capsys, db, tmp_path / "c.pdf")
    text = text_of(tmp_path / "c.pdf")
    assert CHANGED in text and "原件作废" in text and "补打" not in text, text
    assert "上次打印后所载内容已改变" in out and "请收回作废的原件" in out, out
    assert "其中内容变更后重新打印 1 份" in trail(capsys, db)
    # finance's copy is a document of its own: its first print is no reprint at all
    print_sheet(capsys, db, tmp_path / "d.pdf", "专利1", "--unmasked")
    assert "补打" not in text_of(tmp_path / "d-财务联.pdf")


def test_a_failed_acceptance_changes_the_sheet_it_was_printed_as(reg):
    q = add_project(reg)
    sheets = load_sheets(reg, 2022, ["项目1"])
    keys = [print_log.sheet_key(PROJECT, q)]
    marks, contents = sheet_marks(reg, sheets)
    assert marks == {}
    print_log.record(reg, print_log.PrintJob(print_log.APPROVAL, 2022, keys, ["项目1"],
                                             contents=contents))
    assert sheet_marks(reg, load_sheets(reg, 2022, ["项目1"]))[0][keys[0]].startswith("补打")
    record_failed_acceptance(reg, q, date(2023, 12, 20), "关键指标未达到立项要求")
    marks, again = sheet_marks(reg, load_sheets(reg, 2022, ["项目1"]))
    assert marks[keys[0]].startswith(CHANGED) and again != contents


def test_the_fingerprint_is_of_what_the_sheet_draws(reg):
    """Not a list of fields: any value the sheet prints changes it."""
    _approved_patent(reg)
    sheet = load_sheets(reg, 2022)[0]
    before = sheet_content(sheet)
    assert before == sheet_content(load_sheets(reg, 2022)[0])
    for field, value in (("inventor_name", "张三峰"), ("enterprise_name", "另一家企业"),
                         ("industry", "新材料")):
        changed = replace(sheet, app=replace(sheet.app, **{field: value}))
        assert sheet_content(changed) != before, field
    assert sheet_content(replace(sheet, hold="专利已被宣告无效")) != before


def test_a_sheet_first_printed_before_fingerprints_stays_a_reprint_on_upgrade(reg):
    """Its first print line kept no content: the reprint after the upgrade is 补打 as it
    was (no change line names it), and is the baseline from then on."""
    app_id = _approved_patent(reg)
    key = print_log.sheet_key(PATENT, app_id)
    print_log.record(reg, print_log.PrintJob(print_log.APPROVAL, 2022, [key], ["专利1"]))
    marks, contents = sheet_marks(reg, load_sheets(reg, 2022))
    assert marks[key].startswith("补打")
    print_log.record(reg, print_log.PrintJob(print_log.APPROVAL, 2022, [key], ["专利1"],
                                             reprinted=[key], contents=contents))
    assert sheet_marks(reg, load_sheets(reg, 2022))[0][key].startswith("补打")
    reg.conn.execute("UPDATE patent_applications SET card_number = ? WHERE id = ?",
                     (NEW_CARD, app_id))
    marks, _ = sheet_marks(reg, load_sheets(reg, 2022))
    assert marks[key].startswith(CHANGED)
    # the mark names the first print's day, the old line's
    first = reg.conn.execute("SELECT substr(at, 1, 10) FROM audit_events WHERE action = ?"
                             " ORDER BY id LIMIT 1", (print_log.ACTION,)).fetchone()[0]
    assert f"{int(first[:4])}年" in marks[key]


def test_a_fingerprint_of_another_version_is_compared_as_none(reg):
    """A release that rewords every sheet bumps ``CONTENT_VERSION``: the prints before it
    are not all 重新打印 after the upgrade."""
    app_id = _approved_patent(reg)
    key = print_log.sheet_key(PATENT, app_id)
    print_log.record(reg, print_log.PrintJob(print_log.APPROVAL, 2022, [key], ["专利1"],
                                             contents={key: "审批表0:0123456789abcdef"}))
    marks, _ = sheet_marks(reg, load_sheets(reg, 2022))
    assert marks[key].startswith("补打"), marks
    kept = reg.conn.execute("SELECT after FROM audit_events WHERE action = ?",
                            (print_log.ACTION,)).fetchone()[0]
    assert json.loads(kept)["contents"][key].startswith("审批表0:")
