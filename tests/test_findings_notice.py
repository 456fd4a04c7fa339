"""核对意见: each recommending union told which of its papers are 不合格 or 待补材料, and why
(boostdesk.io.findings_notice, `export notices`, 文件 → 导出核对意见（按推荐单位）…)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.cli import main
from boostdesk.io.errors import ExportCancelled
from boostdesk.io.findings_notice import (
    ALL_CLEAR,
    ELIGIBLE,
    INCOMPLETE,
    LEFT_BLANK,
    REFUSED,
    TYPED_WRONG,
    current_findings,
    file_name,
    gather_notices,
    write_notices,
)
from boostdesk.models import Register
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.printing.common import cn_dates
from boostdesk.rules.findings import Finding, stored_findings
from boostdesk.ui.help_dialogs import shown_text

__all__ = ["answers", "ctx", "qsettings", "window"]

FULL_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
FULL_CARD = re.compile(r"(?<!\d)\d{16,19}(?!\d)")
DAY = date(2022, 12, 5)


@pytest.fixture
def demo(tmp_path):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


@pytest.fixture
def demo_reg(demo):
    reg = Register.open(demo, operator="测试员")
    yield reg
    reg.close()


def _stored(reg, year=2022):
    """(stream, id) -> (union, seq, eligible, incomplete, findings, status) as stored."""
    out = {}
    for stream, table in ((PATENT, "patent_applications"), (PROJECT, "project_applications")):
        for row in reg.conn.execute(
                f"SELECT a.id, COALESCE(u.name, ''), a.seq, a.eligible, a.incomplete, a.findings,"
                f" a.status"
                f" FROM {table} a JOIN campaigns c ON c.id = a.campaign_id"
                f" LEFT JOIN units u ON u.id = a.unit_id WHERE c.year = ?", (year,)):
            out[(stream, row[0])] = row[1:]
    return out


def _folder(tmp_path: Path) -> Path:
    """An empty folder to write into (the demo register is in ``tmp_path``)."""
    out = tmp_path / "核对意见"
    out.mkdir(exist_ok=True)
    return out


def _cells(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    return [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.value is not None]


# -- the domain: who is told what ------------------------------------------------------
def test_each_union_is_told_exactly_its_refused_and_incomplete_papers(demo_reg):
    stored = _stored(demo_reg)
    # papers still awaiting a decision: one refused at 资格审核 is not asked about again
    to_tell = {k: v for k, v in stored.items()
               if (v[2] == 0 or (v[2] == 1 and v[3] == 1)) and v[5] != "refused"}
    assert to_tell, "the demo has papers 不合格 and 待补材料"
    notices = gather_notices(demo_reg, 2022, day=DAY)
    listed = {}
    for notice in notices.notices:
        for stream, items in notice.items.items():
            for item in items:
                listed[(stream, item.app_id)] = (notice.union, item.verdict)
    # and, in the letters written, the 合格 papers with a 提示 (a late receipt to decide
    # on); a union with nothing but 提示 to be told gets no letter
    told = {n.union for n in notices.notices}
    hinted = {k for k, v in stored.items() if v[2] == 1 and not v[3] and v[0] in told
              and any(not f.blocking and not f.missing for f in stored_findings(v[4]))}
    assert hinted and set(listed) == set(to_tell) | hinted
    for key, (union, verdict) in listed.items():
        assert union == stored[key][0]
        assert verdict == (REFUSED if stored[key][2] == 0 else INCOMPLETE if stored[key][3]
                           else ELIGIBLE)
    # a union whose papers are all 合格 gets no notice and is named as such
    assert notices.quiet and not told & set(notices.quiet)
    for union in notices.quiet:
        assert all(v[2] == 1 and not v[3] for v in stored.values() if v[0] == union)


def test_papers_are_listed_in_the_unions_own_numbering_with_counts(demo_reg):
    notices = gather_notices(demo_reg, 2022, day=DAY)
    stored = _stored(demo_reg)
    for notice in notices.notices:
        for stream, items in notice.items.items():
            seqs = [i.seq for i in items]
            assert seqs == sorted(seqs, key=lambda s: (s is None, s or 0))
            for item in items:
                assert item.seq == stored[(stream, item.app_id)][1]
            sent = sum(1 for (s, _), v in stored.items() if s == stream and v[0] == notice.union)
            assert notice.received[stream] == sent
            assert notice.summary(stream).startswith(f"报送 {sent} 项，")


def test_every_finding_is_quoted_with_the_plan_clause_it_cites(demo_reg):
    notices = gather_notices(demo_reg, 2022, day=DAY)
    stored = _stored(demo_reg)
    seen_missing = False
    for notice in notices.notices:
        for stream, items in notice.items.items():
            for item in items:
                findings = stored_findings(stored[(stream, item.app_id)][4])
                assert len(item.opinions) == len(findings)
                for opinion, f in zip(item.opinions, findings, strict=True):
                    label = ("填写有误" if f.code in TYPED_WRONG else "未填写"
                             if f.code in LEFT_BLANK else "不符合") if f.blocking else (
                        "未填写，待补" if f.missing and f.code in LEFT_BLANK
                        else "待补材料" if f.missing else "提示")
                    # the rule's words, their days as a letter writes them (2023年3月15日)
                    assert opinion.startswith(f"【{label}】{cn_dates(f.message)}")
                    assert re.search(r"方案[一二三四五六七八九十]", opinion), opinion
                    seen_missing |= f.missing
    assert seen_missing


def test_id_and_card_numbers_are_masked_in_the_columns_and_inside_the_findings(
        demo_reg, tmp_path):
    out = _folder(tmp_path)
    app = next(a for a in demo_reg.patents(2022) if a.id_number and a.card_number)
    full_id, full_card = "".join(app.id_number.split()), "".join(app.card_number.split())
    quoting = Finding("TEST", "blocking",
                      f"身份证号 {full_id} 与卡号 {full_card} 户名不符（方案一（二）3）")
    findings = {(PATENT, app.id): (quoting,)}
    notices = gather_notices(demo_reg, 2022, [PATENT], findings=findings, day=DAY)
    item = next(i for n in notices.notices for i in n.items[PATENT] if i.app_id == app.id)
    assert item.id_masked == f"{full_id[:6]}********{full_id[-4:]}"
    assert item.card_masked.startswith(full_card[:4]) and item.card_masked.endswith(full_card[-4:])
    assert "*" in item.card_masked
    assert full_id not in item.opinions[0] and full_card not in item.opinions[0]
    assert f"{full_id[:6]}********{full_id[-4:]}" in item.opinions[0]
    written = write_notices(notices, out)
    text = "\n".join(c for w in written for c in _cells(w.path))
    assert app.inventor_name in text
    assert not FULL_ID.search(text) and not FULL_CARD.search(text.replace(" ", ""))


def test_all_lists_every_paper_and_flags_those_to_act_on(demo_reg, tmp_path):
    out = _folder(tmp_path)
    plain = gather_notices(demo_reg, 2022, day=DAY)
    every = gather_notices(demo_reg, 2022, include_all=True, day=DAY)
    assert {n.union for n in every.notices} == (
        {n.union for n in plain.notices} | set(plain.quiet) | set(plain.decided))
    assert every.quiet == []
    total = sum(len(v) for n in every.notices for v in n.items.values())
    # every paper, those refused at 资格审核 named under the table, not asked about
    decided = sum(len(v) for n in every.notices for v in n.decided.values())
    assert decided and total + decided == len(_stored(demo_reg))
    clear = [i for n in every.notices for v in n.items.values() for i in v if not i.to_tell]
    assert clear and all(i.opinions in ((ALL_CLEAR,),) or i.opinions[0].startswith("【提示】")
                         for i in clear)
    written = write_notices(every, out)
    union = next(n.union for n in every.notices if n.count(REFUSED, PATENT))
    path = next(w.path for w in written if w.union == union)
    ws = openpyxl.load_workbook(path)["发明专利助推"]
    fills = {}
    for row in ws.iter_rows(min_row=4):
        if row[8].value in ("合格", "不合格", "待补材料"):
            fills[row[8].value] = row[0].fill.fgColor.rgb
    assert fills["不合格"].endswith("FCE4E4")
    assert fills.get("合格", "00000000") in ("00000000", None)


def test_verdicts_are_made_again_and_stored_before_the_letters(demo_reg):
    """A stored verdict gone stale (a crash lost the re-check its write noted) would have
    told a union nothing about a paper the rules refuse."""
    stored = _stored(demo_reg)
    key = next(k for k, v in stored.items() if k[0] == PATENT and v[2] == 0 and v[5] != "refused")
    demo_reg.conn.execute("UPDATE patent_applications SET eligible = 1, incomplete = 0,"
                          " findings = '[]' WHERE id = ?", (key[1],))
    demo_reg.conn.commit()
    stale = gather_notices(demo_reg, 2022, day=DAY)
    assert key[1] not in {i.app_id for n in stale.notices for i in n.items.get(PATENT, [])}

    unsaved = current_findings(demo_reg, 2022, store=False)
    assert unsaved.changed == 1 and not unsaved.stored
    assert _stored(demo_reg)[key][2] == 1  # a read-only register: nothing written
    rechecked = current_findings(demo_reg, 2022)
    assert rechecked.changed == 1 and rechecked.stored
    assert _stored(demo_reg)[key] == stored[key]  # what `boostdesk check` stores
    fresh = gather_notices(demo_reg, 2022, findings=rechecked.findings, day=DAY)
    assert key[1] in {i.app_id for n in fresh.notices for i in n.items.get(PATENT, [])}
    assert current_findings(demo_reg, 2022).changed == 0


def test_a_cancelled_check_stores_nothing(demo_reg):
    demo_reg.conn.execute("UPDATE patent_applications SET eligible = NULL")
    demo_reg.conn.commit()
    with pytest.raises(ExportCancelled):
        current_findings(demo_reg, 2022, cancelled=lambda: True)
    assert demo_reg.scalar("SELECT count(*) FROM patent_applications WHERE eligible IS NOT NULL") == 0
    unchecked = gather_notices(demo_reg, 2022, [PATENT], include_all=True, day=DAY)
    assert unchecked.unchecked == len(demo_reg.patents(2022))


# -- the workbooks ----------------------------------------------------------------------
def test_one_workbook_a_union_titled_dated_and_counted(demo_reg, tmp_path):
    out = _folder(tmp_path)
    notices = gather_notices(demo_reg, 2022, day=DAY)
    written = write_notices(notices, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"2022年核对意见-{n.union}.xlsx" for n in notices.notices)
    for w, notice in zip(written, notices.notices, strict=True):
        wb = openpyxl.load_workbook(w.path)
        assert wb.sheetnames == [s for s, k in (("发明专利助推", PATENT), ("创新项目助推", PROJECT))
                                 if notice.items.get(k) or notice.clear.get(k)
                                 or notice.decided.get(k)]
        for ws in wb.worksheets:
            stream = PATENT if ws.title == "发明专利助推" else PROJECT
            items = notice.items.get(stream, [])
            assert ws["A1"].value == f"2022年度职工创新助推计划（{ws.title}）申报核对意见"
            line = ws["A2"].value
            assert f"推荐单位：{notice.union}" in line and "核对日期：2022年12月5日" in line
            refused = sum(i.verdict == REFUSED for i in items)
            assert f"报送 {notice.received[stream]} 项" in line
            assert (f"不合格 {refused} 项" in line) == bool(refused)
            header = [c.value for c in ws[3]]
            assert header[:2] == ["序号", "登记号"] and header[-2:] == ["核对结论", "核对意见（方案条款）"]
            rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4, max_row=3 + len(items))]
            # 专利12 / 项目6, as the union is asked to quote it and every command takes it
            word = "专利" if stream == PATENT else "项目"
            assert [r[1] for r in rows] == [f"{word}{i.app_id}" for i in items]
            assert [r[0] for r in rows] == [i.seq for i in items]
            assert [r[-2] for r in rows] == [i.verdict_zh for i in items]
            for r, item in zip(rows, items, strict=True):
                assert all(text in r[-1] for text in item.opinions)
            assert ws.print_title_rows == "$1:$3"
            assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
            assert not items or ws.cell(4, len(header)).alignment.wrap_text
            below = ws.cell(4 + len(items) + 1, 1).value
            if notice.clear.get(stream):  # the papers not listed, named as 合格
                assert re.match(rf"(其余 )?{len(notice.clear[stream])} 项核对合格（", below), below
                below = ws.cell(4 + len(items) + 2, 1).value
            if notice.decided.get(stream):  # refused at 资格审核: named, not asked about
                assert re.match(rf"(另有 )?{len(notice.decided[stream])} 项已资格审核不通过，无需补报：",
                                below), below
                below = ws.cell(ws.max_row, 1).value
            assert below.startswith("说明：")
        assert w.refused == notice.count(REFUSED) and w.incomplete == notice.count(INCOMPLETE)


def test_a_cancel_leaves_the_folder_as_it_was(demo_reg, tmp_path):
    out = _folder(tmp_path)
    notices = gather_notices(demo_reg, 2022, day=DAY)
    first = out / file_name(2022, notices.notices[0].union)
    first.write_bytes(b"earlier notice")
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 3  # after some files were made

    with pytest.raises(ExportCancelled):
        write_notices(notices, out, cancelled=cancelled)
    assert [p.name for p in out.iterdir()] == [first.name]  # no .part left either
    assert first.read_bytes() == b"earlier notice"


def test_a_union_name_a_file_cannot_hold_is_made_safe():
    assert file_name(2022, "北京市朝阳区总工会") == "2022年核对意见-北京市朝阳区总工会.xlsx"
    assert file_name(2022, "中铁/六局:工会?") == "2022年核对意见-中铁_六局_工会_.xlsx"


# -- the command line -------------------------------------------------------------------
def test_export_notices_writes_a_file_a_union_and_says_what(demo, tmp_path, capsys):
    out = tmp_path / "核对意见"
    out.mkdir()
    assert main(["export", "notices", "--db", str(demo), "--year", "2022", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    files = sorted(p.name for p in out.iterdir())
    assert "2022年核对意见-朝阳区总工会.xlsx" in files
    assert f"已在文件夹 {out} 生成 {len(files)} 个推荐单位的核对意见" in said
    for name in files:
        assert re.search(rf"  {re.escape(name)}：(不合格|待补材料) ", said)
    assert "申报均合格，无需告知，未生成文件：" in said and "丰台区总工会" in said
    assert "核对结论与此前保存的相同" in said


def test_export_notices_for_one_union_and_one_stream(demo, tmp_path, capsys):
    out = _folder(tmp_path)
    db = ["--db", str(demo)]
    assert main(["export", "notices", *db, "--union", "朝阳", "--stream", "patent",
                 "--out", str(out)]) == 0
    # one stream's alone: named so, not written over the union's whole letter
    assert [p.name for p in out.iterdir()] == ["2022年核对意见（发明专利助推）-朝阳区总工会.xlsx"]
    wb = openpyxl.load_workbook(out / "2022年核对意见（发明专利助推）-朝阳区总工会.xlsx")
    assert wb.sheetnames == ["发明专利助推"]
    capsys.readouterr()
    assert main(["export", "notices", *db, "--union", "北京", "--out", str(out)]) == 1
    assert "请写全称" in capsys.readouterr().err
    assert main(["export", "notices", *db, "--union", "丰台区总工会", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "无需告知，未生成文件：丰台区总工会" in said
    assert main(["export", "notices", *db, "--stream", "both", "--all", "--union", "丰台",
                 "--out", str(out)]) == 0
    assert (out / "2022年核对意见-丰台区总工会.xlsx").is_file()


def test_export_notices_refuses_a_missing_register_or_folder(tmp_path, capsys, demo):
    missing = tmp_path / "登记册2022.db"
    assert main(["export", "notices", "--db", str(missing), "--out", str(tmp_path)]) == 2
    assert f"登记册文件不存在：{missing}" in capsys.readouterr().err
    assert not missing.exists()
    stick = tmp_path / "U盘"  # not plugged in: its folder is not made on the local disk
    assert main(["export", "notices", "--db", str(demo), "--out", str(stick / "核对意见")]) == 1
    assert f"文件夹 {stick} 不存在（U 盘或网络盘是否已接好？）；核对意见未生成" in capsys.readouterr().err
    assert not stick.exists()
    assert main(["export", "notices", "--db", str(demo), "--stream", "x",
                 "--out", str(tmp_path)]) == 1
    assert "--stream 应为" in capsys.readouterr().err


def test_export_notices_makes_its_folder_as_panel_export_does(tmp_path, capsys, demo):
    """`export notices --out 核对意见` refused a folder not made yet, where `panel export
    --out 评分包` made its own."""
    out = tmp_path / "核对意见"
    capsys.readouterr()
    assert main(["export", "notices", "--db", str(demo), "--year", "2022", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"已新建文件夹 {out}\n"), said
    assert f"已在文件夹 {out} 生成" in said and (out / "2022年核对意见-朝阳区总工会.xlsx").is_file()
    assert main(["export", "notices", "--db", str(demo), "--year", "2022", "--out", str(out)]) == 0
    assert "新建" not in capsys.readouterr().out  # there now
    # nothing to tell: no folder made for nothing
    empty = tmp_path / "丰台"
    assert main(["export", "notices", "--db", str(demo), "--union", "丰台区总工会",
                 "--out", str(empty)]) == 0
    said = capsys.readouterr().out
    assert "无需告知，未生成文件" in said and "新建" not in said and not empty.exists()


def test_an_earlier_file_of_a_union_now_clear_is_pointed_out(demo, tmp_path, capsys):
    out = _folder(tmp_path)
    stale = out / "2022年核对意见-丰台区总工会.xlsx"
    stale.write_bytes(b"last week's")
    assert main(["export", "notices", "--db", str(demo), "--out", str(out)]) == 0
    assert f"注意：文件夹中的 {stale.name} 是此前生成的" in capsys.readouterr().out
    assert stale.read_bytes() == b"last week's"  # the clerk's file, not ours to delete


# -- the window -----------------------------------------------------------------------------
def test_the_window_exports_the_notices_into_a_chosen_folder(
        ctx, window, qtbot, tmp_path, answers, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from boostdesk.demo import fill_demo

    fill_demo(ctx.reg)
    ctx.set_year(2022)
    folder = tmp_path / "发给各单位"
    folder.mkdir()
    asked = []

    def choose(*args, **_kw):
        asked.append(args[1])
        return str(folder)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", choose)
    menu = window.menuBar().actions()[0].menu()
    action = next(a for a in menu.actions() if shown_text(a.text()) == "导出核对意见（按推荐单位）…")
    changed = []
    ctx.changed.connect(changed.append)
    # a verdict gone stale: the letters say the rules' verdict, and the register takes it
    stale = ctx.reg.scalar("SELECT min(id) FROM patent_applications WHERE eligible = 0"
                           " AND campaign_id = (SELECT id FROM campaigns WHERE year = 2022)")
    ctx.reg.conn.execute("UPDATE patent_applications SET eligible = 1, findings = '[]'"
                         " WHERE id = ?", (stale,))
    ctx.reg.conn.commit()
    menu.popup(window.mapToGlobal(window.rect().topLeft()))
    qtbot.waitUntil(menu.isVisible)
    menu.setActiveAction(action)
    from PySide6.QtCore import Qt

    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(answers.infos) or bool(answers.errors), timeout=20_000)
    assert answers.errors == []
    assert asked == ["导出 2022 年度核对意见：选择存放的文件夹"]
    title, text = answers.infos[0]
    files = sorted(p.name for p in folder.iterdir())
    assert files and all(p.startswith("2022年核对意见-") for p in files)
    assert f"已在文件夹 {folder} 生成 {len(files)} 个推荐单位的核对意见" in text
    for name in files:
        assert name in text
    assert re.search(r"朝阳区总工会\.xlsx：不合格 \d+ 项、待补材料 \d+ 项", text)
    assert "无需告知，未生成文件：" in text and "丰台区总工会" in text
    assert "1 项的核对结论与此前保存的不同（已保存）" in text
    assert ctx.reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (stale,)) == 0
    assert "all" in changed
    assert "已导出 2022 年度核对意见" in window.statusBar().currentMessage()


def test_the_window_asks_for_no_folder_twice_and_writes_nothing_when_none_is_chosen(
        ctx, window, qtbot, tmp_path, answers, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")
    assert window.export_notices() is None
    assert answers.infos == [] and answers.errors == []


def test_the_message_names_so_many_files_and_counts_the_rest(demo_reg, tmp_path):
    from boostdesk.io.findings_notice import report_lines

    notices = gather_notices(demo_reg, 2022, day=DAY)
    written = write_notices(notices, tmp_path)
    assert len(written) > 5
    lines = report_lines(notices, written, tmp_path, most=5)
    named = [line for line in lines if line.startswith("  2022年核对意见-")]
    assert [line.split("：")[0].strip() for line in named] == [w.path.name for w in written[:4]]
    rest = written[4:]
    assert lines[len(named) + 1] == (
        f"  ……另有 {len(rest)} 个文件（不合格 {sum(w.refused for w in rest)} 项、"
        f"待补材料 {sum(w.incomplete for w in rest)} 项），均在该文件夹中")
    assert len(report_lines(notices, written, tmp_path)) == len(written) + 2 + bool(notices.decided)


def test_a_unions_sheet_asks_whether_to_tint_once_and_makes_each_style_once(
        demo_reg, tmp_path, monkeypatch):
    """A year's 64 unions' notices at 100,000 applications took a minute: every row asked
    again whether the sheet tints its rows (each time reading all the sheet's papers: a
    union of 2,000 findings, four million looks), and each cell's Border, Alignment, Font and
    fill were made and looked up among the workbook's styles. Now once a sheet, and a style
    made once for each of the few a sheet has; the cells read as before (the test above)."""
    import openpyxl.styles

    from boostdesk.io import findings_notice

    every = gather_notices(demo_reg, 2022, include_all=True, day=DAY)
    notice = max(every.notices, key=lambda n: sum(len(v) for v in n.items.values()))
    for stream in list(notice.items):  # a big union: its papers listed over and over
        notice.items[stream] = [item for _ in range(50) for item in notice.items[stream]]
    rows = sum(len(v) for v in notice.items.values())
    asked, fonts = [0], [0]
    real_flags, real_font = findings_notice.notice_flags, openpyxl.styles.Font

    def flags(items):
        asked[0] += 1
        return real_flags(items)

    class Counted(real_font):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs):
            fonts[0] += 1
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(findings_notice, "notice_flags", flags)
    monkeypatch.setattr(openpyxl.styles, "Font", Counted)
    findings_notice.write_notice_xlsx(tmp_path / "n.xlsx", notice, DAY)
    sheets = len([v for v in notice.items.values() if v])
    assert rows >= 500 and asked[0] <= sheets, (rows, asked[0])
    # the title, its line, each heading, the verdict bold or not: none a row
    assert fonts[0] <= sheets * 20, (rows, fonts[0])


# -- papers already decided: not asked about again ----------------------------------------
def _refuse_incomplete_patent(reg: Register, union: str, on: date) -> tuple[int, int | None]:
    """``union``'s 2022 patent 待补材料, refused at 资格审核 on ``on`` as the clerk refuses
    one (its verdict stays 待补材料, migration 22); its id and 序号."""
    app_id, seq = reg.conn.execute(
        "SELECT a.id, a.seq FROM patent_applications a JOIN campaigns c ON c.id = a.campaign_id"
        " JOIN units u ON u.id = a.unit_id WHERE c.year = 2022 AND u.name = ?"
        " AND a.status = 'registered' AND a.eligible = 1 AND a.incomplete = 1", (union,)).fetchone()
    reg.set_status(PATENT, app_id, "refused", "材料不全", decided_on=on)
    return app_id, seq


def test_a_paper_refused_at_qualification_is_named_as_decided_not_asked_for(demo_reg, tmp_path):
    union = "朝阳区总工会"  # two more patents 不合格 to be told about
    app_id, seq = _refuse_incomplete_patent(demo_reg, union, date(2022, 11, 20))
    rechecked = current_findings(demo_reg, 2022)
    assert rechecked.findings[(PATENT, app_id)]  # the register still says 待补材料
    notices = gather_notices(demo_reg, 2022, findings=rechecked.findings, day=DAY)
    notice = next(n for n in notices.notices if n.union == union)
    assert app_id not in {i.app_id for i in notice.items[PATENT]}
    assert [i.app_id for i in notice.decided[PATENT]] == [app_id]
    assert f"{PATENT}-{app_id}" not in notice.told  # nor noted as told
    written = write_notices(notices, _folder(tmp_path))
    path = next(w.path for w in written if w.union == union)
    assert next(w for w in written if w.union == union).incomplete == 0
    ws = openpyxl.load_workbook(path)["发明专利助推"]
    assert [c.value for c in ws[3]][-2:] == ["核对结论", "核对意见（方案条款）"]  # as unions know it
    refs = [c.value for c in ws["B"]]
    assert f"专利{app_id}" not in refs and "专利44" in refs  # asked about: only the undecided
    cells = _cells(path)
    assert f"另有 1 项已资格审核不通过，无需补报：序号 {seq}（2022年11月20日）" in cells, cells
    assert any(c.startswith(f"推荐单位：{union}") and c.endswith("；1 项已有审核结果，无需补报")
               and "待补材料" not in c for c in cells)


def test_an_earlier_years_refused_paper_writes_no_letter_and_says_the_year_is_decided(
        demo, tmp_path, capsys):
    """2021 is earlier than the register's newest and every paper of it is decided
    (拨付, or refused at 资格审核 with its verdict 不合格 kept): no union is asked anything."""
    reg = Register.open(demo, operator="测试员")
    assert reg.scalar("SELECT count(*) FROM patent_applications a JOIN campaigns c"
                      " ON c.id = a.campaign_id WHERE c.year = 2021 AND a.status = 'refused'"
                      " AND a.eligible = 0") == 1
    reg.close()
    out = tmp_path / "2021核对意见"
    assert main(["export", "notices", "--db", str(demo), "--year", "2021", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert not out.exists()  # no letter: no folder made
    assert "2021 年度（发明专利助推、创新项目助推）的申报均已有审核结果" in said
    assert "未生成文件" in said and "申报均合格" not in said
    # the letter an earlier export wrote, asking for that paper's materials: pointed out
    out.mkdir()
    stale = out / "2021年核对意见-北京市建设工会.xlsx"
    stale.write_bytes(b"before the fix")
    assert main(["export", "notices", "--db", str(demo), "--year", "2021", "--out", str(out)]) == 0
    assert f"注意：文件夹中的 {stale.name} 是此前生成的" in capsys.readouterr().out
    assert [p.name for p in out.iterdir()] == [stale.name]


def test_an_earlier_years_paper_still_undecided_is_still_asked_about(demo_reg):
    """Only decided papers leave the letter: an earlier year's paper still at 已登记
    awaits a decision, and its union is asked for what it lacks."""
    app_id = demo_reg.scalar("SELECT a.id FROM patent_applications a JOIN campaigns c"
                             " ON c.id = a.campaign_id WHERE c.year = 2021 AND a.status = 'refused'")
    demo_reg.set_status(PATENT, app_id, "registered", "重新审核")
    notices = gather_notices(demo_reg, 2021, findings=current_findings(demo_reg, 2021).findings,
                             day=DAY)
    assert not notices.all_decided
    assert app_id in {i.app_id for n in notices.notices for i in n.items.get(PATENT, [])}


def test_the_window_says_a_decided_year_has_no_letters(
        ctx, window, qtbot, tmp_path, answers, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    from boostdesk.demo import fill_demo

    fill_demo(ctx.reg)
    ctx.set_year(2021)
    folder = tmp_path / "发给各单位"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(folder))
    menu = window.menuBar().actions()[0].menu()
    action = next(a for a in menu.actions() if shown_text(a.text()) == "导出核对意见（按推荐单位）…")
    menu.popup(window.mapToGlobal(window.rect().topLeft()))
    qtbot.waitUntil(menu.isVisible)
    menu.setActiveAction(action)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(answers.infos) or bool(answers.errors), timeout=20_000)
    assert answers.errors == []
    _title, text = answers.infos[0]
    assert "2021 年度（发明专利助推、创新项目助推）的申报均已有审核结果" in text
    assert list(folder.iterdir()) == []
    assert window.statusBar().currentMessage() == "2021 年度的申报均已有审核结果，无需补报材料，未生成文件"


def _notices(demo, out, *more: str) -> None:
    assert main(["export", "notices", "--db", str(demo), "--out", str(out),
                 "--union", "首钢集团工会", *more]) == 0


def _names(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir())


def test_a_look_at_one_stream_or_every_paper_is_no_new_letter(demo, tmp_path, capsys):
    """首钢集团工会 is told of two patents; a look at its projects (--stream project --all)
    tells it nothing new: the next ordinary letter is the same one, not （第3次）; nor is
    the whole letter written over by the look."""
    out = _folder(tmp_path)
    _notices(demo, out)
    _notices(demo, out, "--stream", "project", "--all")
    _notices(demo, out, "--all")  # every paper listed: the same verdicts told
    said = capsys.readouterr().out
    assert "  2022年核对意见-首钢集团工会.xlsx：不合格 1 项、待补材料 1 项" in said, said
    assert _names(out) == ["2022年核对意见-首钢集团工会.xlsx",
                           "2022年核对意见（创新项目助推）-首钢集团工会.xlsx"]
    assert "第2次" not in said and "第3次" not in said
    _notices(demo, out)
    assert "  2022年核对意见-首钢集团工会.xlsx：不合格 1 项、待补材料 1 项" in capsys.readouterr().out
    with Register.open(demo) as reg:
        from boostdesk.io.findings_notice import previous_letters

        told = previous_letters(reg, 2022)["首钢集团工会"]
    assert told.number == 1 and sorted(told.told.values()) == ["incomplete", "refused"]
    assert main(["audit", "--db", str(demo)]) == 0
    assert "核对意见：首钢集团工会（仅创新项目助推），文件 2022年核对意见（创新项目助推）-" in \
        capsys.readouterr().out


def test_a_union_told_of_the_other_stream_keeps_its_letter_unwarned(demo, tmp_path, capsys):
    """--stream project: 首钢集团工会 has nothing of its projects to be told, but its
    patents' letter in the folder still stands — no 请勿误发."""
    out = _folder(tmp_path)
    _notices(demo, out)
    capsys.readouterr()
    _notices(demo, out, "--stream", "project")
    said = capsys.readouterr().out
    assert "无需告知，未生成文件：首钢集团工会" in said, said
    assert "请勿误发" not in said
    assert ("其中 首钢集团工会 的发明专利助推仍有不合格或待补材料的申报（本次只导出创新项目助推）："
            "此前给该单位的核对意见仍有效") in said


def test_the_stale_letter_warning_names_the_newest_file(demo, tmp_path, capsys):
    """A union with nothing to be told now (丰台区总工会), two letters of earlier exports in
    the folder: the warning names the newest, counting the older."""
    import os

    out = _folder(tmp_path)
    first, second = (out / "2022年核对意见-丰台区总工会.xlsx",
                     out / "2022年核对意见（第2次）-丰台区总工会.xlsx")
    first.write_bytes(b"x")
    second.write_bytes(b"x")
    os.utime(first, (1_600_000_000, 1_600_000_000))
    assert main(["export", "notices", "--db", str(demo), "--out", str(out),
                 "--union", "丰台区总工会"]) == 0
    said = capsys.readouterr().out
    assert (f"注意：文件夹中的 {second.name}（及更早的 1 份） 是此前生成的，该单位现已无需告知，"
            "请勿误发") in said, said
