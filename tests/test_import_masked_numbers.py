"""A masked patent summary (IDs 110105********0012, cards 6217********1234) sent back to
fill a column and imported with --update-registered: a masked ID or card whose visible
digits are the registered row's (found by its patent number) is read as unchanged; one
that fits none (a changed digit, a new row) is refused by row; none is ever stored."""

from __future__ import annotations

import openpyxl
from fixtures.summary_sheets import (
    CARD_2,
    ID_2,
    INVENTION_2,
    PATENT_HEADERS,
    UTILITY,
    patent_row,
    write_sheet,
)

from boostdesk.cli import main
from boostdesk.io.duplicates import without_rows
from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table
from boostdesk.models import Register

TITLE = ["2022年职工发明专利助推汇总表"]
SECOND = {"序号": 2, "专利名称": "一种焊接夹具", "专利号": INVENTION_2, "第一发明人": "李四",
          "身份证号": ID_2, "工会会员互助服务卡号": CARD_2, "联系电话": "13900139000"}


def _people(db) -> list[tuple[str, str, str]]:
    with Register.open(db) as reg:
        return [(p.id_number, p.card_number, p.enterprise_name)
                for p in sorted(reg.patents(2022), key=lambda p: p.id)]


def _exported(tmp_path, capsys):
    """Two patents imported, then the year's summary exported masked (the default)."""
    db = tmp_path / "r.db"
    first = write_sheet(tmp_path / "海淀区专利.xlsx",
                        [TITLE, PATENT_HEADERS, patent_row(), patent_row(**SECOND)])
    assert main(["import", str(first), "--db", str(db)]) == 0, capsys.readouterr().err
    out = tmp_path / "汇总表.xlsx"
    assert main(["export", "summary", "patent", "--year", "2022", "--db", str(db),
                 "--out", str(out)]) == 0
    capsys.readouterr()
    return db, out


def _cells(path) -> tuple[openpyxl.Workbook, int, dict[str, int]]:
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    header_row = next(r for r in range(1, 6)
                      if any(c.value == "推荐单位" for c in ws[r]))
    return wb, header_row, {c.value: c.column for c in ws[header_row] if c.value}


def _read(path, column: str) -> list[str]:
    wb, header_row, cols = _cells(path)
    return [wb.active.cell(header_row + i, cols[column]).value for i in (1, 2)]


def _edit(path, column: str, values: dict[int, str]) -> None:
    """Type into ``column`` of the sheet's data rows (1-based, under the header)."""
    wb, header_row, cols = _cells(path)
    for index, text in values.items():
        wb.active.cell(header_row + index, cols[column]).value = text
    wb.save(path)


def test_a_masked_patent_copy_with_its_enterprise_filled_in_updates_the_register(
        tmp_path, capsys):
    db, out = _exported(tmp_path, capsys)
    before = _people(db)
    ids, cards = _read(out, "身份证号"), _read(out, "工会会员互助服务卡号")
    assert all("*" in text for text in [*ids, *cards]), (ids, cards)  # the copy masks them
    _edit(out, "所在单位", {1: "北京第一机床厂", 2: "北京焊接研究所"})
    assert main(["import", str(out), "--db", str(db), "--update-registered"]) == 0, \
        capsys.readouterr().err
    assert _people(db) == [(before[0][0], before[0][1], "北京第一机床厂"),
                           (before[1][0], before[1][1], "北京焊接研究所")]
    assert "*" not in "".join(i + c for i, c, _e in _people(db))


def test_a_masked_id_or_card_that_is_no_registered_one_is_refused(tmp_path, capsys):
    db, out = _exported(tmp_path, capsys)
    before = _people(db)
    masked_id = _read(out, "身份证号")[0]
    changed = ("2" if masked_id[0] != "2" else "3") + masked_id[1:]  # a digit it shows differs
    _edit(out, "身份证号", {1: changed})
    _edit(out, "专利号", {2: UTILITY})  # now a new row: no registered ID or card to fit
    card = _read(out, "工会会员互助服务卡号")[1]
    _edit(out, "所在单位", {1: "北京第一机床厂", 2: "北京焊接研究所"})
    assert main(["import", str(out), "--db", str(db), "--update-registered"]) == 1
    err = capsys.readouterr().err
    assert (f"“身份证号”：身份证号 {changed} 中间已用 * 隐去，与登记册中专利1的身份证号不符，"
            "无法登记") in err, err
    assert f"“工会会员互助服务卡号”：卡号 {card.replace(' ', '')} 中间已用 * 隐去，是导出时部分隐去的号码" in err
    assert _people(db) == before  # nothing taken


def test_commit_never_stores_a_masked_number(tmp_path, capsys):
    """The guard: a preview given to commit as read (the masked copy's new row, no
    registered number to fit) stores no masked ID or card."""
    db, out = _exported(tmp_path, capsys)
    _edit(out, "专利号", {2: UTILITY})
    with Register.open(db) as reg:
        preview = read_table(out, 2022, campaign=reg.campaign(2022))
        preview = without_rows(preview, preview.rows[:1])  # the new row alone
        assert "*" in preview.records[0].id_number  # read as masked
        assert commit(reg, preview, skip_bad_rows=True, backup=False) == []
    stored = _people(db)
    assert len(stored) == 2
    assert "*" not in "".join(i + c for i, c, _e in stored)


def test_the_import_window_reads_the_masked_copy_as_the_registered_rows(tmp_path, capsys):
    """The window's analysis: each row the registered one, only 所在单位 differing."""
    from boostdesk.ui.import_dialog import analyse

    db, out = _exported(tmp_path, capsys)
    _edit(out, "所在单位", {1: "北京第一机床厂", 2: "北京焊接研究所"})
    with Register.open(db) as reg:
        read = analyse(reg, read_table(out, 2022, campaign=reg.campaign(2022)), False)
    assert read.preview.errors == []
    assert [[d.field for d in m.differences] for m in read.matches.values()] == [
        ["enterprise_name"], ["enterprise_name"]]


def test_commit_takes_no_masked_number_into_a_registered_row(tmp_path, capsys):
    """The guard, for --update-registered: rows compared before their numbers were
    unmasked would write the masked ID over the registered one."""
    import pytest

    from boostdesk.io.errors import ImportRefused
    from boostdesk.io.resend import compare

    db, out = _exported(tmp_path, capsys)
    before = _people(db)
    with Register.open(db) as reg:
        preview = read_table(out, 2022, campaign=reg.campaign(2022))
        updates = {row: m for row, m in compare(reg, preview).items() if m.takes}
        assert {d.field for m in updates.values() for d in m.takes} >= {"id_number"}
        with pytest.raises(ImportRefused, match="第 3 行的号码中间已用 \\* 隐去"):
            commit(reg, without_rows(preview, preview.rows), updates=updates, backup=False)
    assert _people(db) == before


def _phones(db) -> list[str]:
    with Register.open(db) as reg:
        return [p.phone for p in sorted(reg.patents(2022), key=lambda p: p.id)]


def test_the_finance_copy_imports_into_a_new_register_without_its_masked_phones(
        tmp_path, capsys):
    """The 财务联 holds whole IDs and cards but masks phones, as every copy does: a phone
    is contact data, not a fact the paper is judged on, so its rows are imported without
    it (not refused with advice to export the very copy being imported), each said."""
    db, _out = _exported(tmp_path, capsys)
    finance = tmp_path / "财务联.xlsx"
    assert main(["export", "summary", "patent", "--year", "2022", "--db", str(db),
                 "--unmasked", "--out", str(finance)]) == 0
    capsys.readouterr()
    finance = next(tmp_path.glob("财务联*.xlsx"))
    phones = _read(finance, "联系电话")
    assert all("*" in p for p in phones), phones
    new = tmp_path / "new.db"
    assert main(["import", str(finance), "--db", str(new)]) == 0, capsys.readouterr().err
    err = capsys.readouterr().err
    assert "导出汇总表时选财务联" not in err
    assert (f"提示：第 3–4 行“联系电话”中间已用 * 隐去（如 {phones[0]}），是导出时部分隐去的号码"
            "（汇总表各联的电话均部分隐去），不是完整号码：这些号码未登记，电话留空") in err, err
    assert _people(new) == _people(db)  # whole IDs and cards
    assert _phones(new) == ["", ""]


def test_a_masked_phone_not_the_registered_one_keeps_the_registered_phone(tmp_path, capsys):
    db, out = _exported(tmp_path, capsys)
    before = _phones(db)
    phone = _read(out, "联系电话")[0]
    changed = phone[:-1] + ("1" if phone[-1] != "1" else "2")
    _edit(out, "联系电话", {1: changed})
    _edit(out, "所在单位", {1: "北京第一机床厂"})
    assert main(["import", str(out), "--db", str(db), "--update-registered"]) == 0, \
        capsys.readouterr().err
    err = capsys.readouterr().err
    assert (f"第 3 行“联系电话”：电话 {changed} 中间已用 * 隐去，与登记册中专利1的电话不符，"
            "未按表更新，保留登记册中的电话") in err, err
    assert _phones(db) == before
    assert _people(db)[0][2] == "北京第一机床厂"


def test_the_masked_copys_id_advice_is_true_the_finance_copy_holds_whole_ids(
        tmp_path, capsys):
    """A masked ID is still refused (it is the paper's person), its advice the 财务联:
    which holds it whole."""
    db, out = _exported(tmp_path, capsys)
    _edit(out, "专利号", {2: UTILITY})
    assert main(["import", str(out), "--db", str(tmp_path / "new.db")]) == 1
    assert "（导出汇总表时选财务联可得完整号码）" in capsys.readouterr().err
    assert main(["export", "summary", "patent", "--year", "2022", "--db", str(db),
                 "--unmasked", "--out", str(tmp_path / "f.xlsx")]) == 0
    capsys.readouterr()
    finance = next(tmp_path.glob("f*财务联*.xlsx"))
    assert not any("*" in (t or "") for t in [*_read(finance, "身份证号"),
                                              *_read(finance, "工会会员互助服务卡号")])
