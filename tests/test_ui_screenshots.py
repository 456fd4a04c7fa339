"""`boostdesk screenshots OUTDIR`: every screen and form as a PNG, Chinese in the shipped font."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QFontMetrics, QImage
from PySide6.QtWidgets import QApplication

from boostdesk.cli import main
from boostdesk.ui.main_window import SCREENS, module_available
from boostdesk.ui.screenshots import SCREEN_FILES

OWN = ("专利助推", "创新项目", "工作室", "单位与人员", "设置")
FORMS = ("form-patent-new.png", "form-patent-edit.png", "form-project-edit.png",
         "dialog-status.png", "dialog-import.png", "dialog-help-guide.png")


def test_screenshots_of_every_screen_and_form(tmp_path, qapp, capsys):
    out = tmp_path / "shots"
    status = main(["screenshots", str(out)])
    printed = capsys.readouterr()
    expected = [f"{i + 1:02d}-{SCREEN_FILES[label]}.png" for i, (label, module, _c)
                in enumerate(SCREENS) if module_available(module)]
    for name in expected:
        if any(name.endswith(f"-{SCREEN_FILES[label]}.png") for label in OWN):
            image = QImage(str(out / name))
            assert (image.width(), image.height()) == (1366, 768), name
    for name in FORMS:
        image = QImage(str(out / name))
        assert not image.isNull(), (name, printed.err)
        assert image.width() >= 400 and image.height() >= 250
    assert not QImage(str(out / "dialog-status-batch.png")).isNull()  # the demo's registered rows
    assert status == 0 or "未能截图" in printed.err
    # Chinese is drawn with the font shipped in resources/, whatever the machine has.
    font = QApplication.font()
    assert font.family() == "WenQuanYi Micro Hei"
    assert "WenQuanYi Micro Hei" in QFontDatabase.families()
    metrics = QFontMetrics(font)
    text = "".join(label for label, _m, _c in SCREENS) + "登记合格不合格待补材料推荐单位第一发明人"
    assert all(metrics.inFontUcs4(ord(ch)) for ch in text)


def test_screenshots_of_a_register_leave_it_as_it_was(tmp_path, qapp, capsys):
    """Pictures of somebody's register are taken from a copy: an older register is not
    upgraded (its own release could no longer open it) and nothing is written to it."""
    import sqlite3

    from boostdesk.demo import fill_demo
    from boostdesk.models import Register
    from tests.test_migrations import as_version

    db = tmp_path / "register.db"
    reg = Register.open(db, "王秀兰")
    fill_demo(reg)
    reg.close()
    conn = sqlite3.connect(db, isolation_level=None)
    as_version(conn, 9)
    audit_lines = conn.execute("SELECT COUNT(*) FROM audit_events").fetchone()[0]
    conn.close()

    status = main(["screenshots", str(tmp_path / "shots"), "--db", str(db)])
    assert status == 0 or "未能截图" in capsys.readouterr().err
    assert (tmp_path / "shots" / "01-patents.png").exists()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 9
    assert conn.execute("SELECT COUNT(*) FROM audit_events").fetchone()[0] == audit_lines
    conn.close()


def test_screenshots_of_an_empty_register_say_in_chinese_what_could_not_be_pictured(
        tmp_path, qapp, capsys):
    """A new office's register (nothing in it): the import dialog is pictured with the
    table's own rows (it was "list index out of range"), the rest named as having nothing
    to show."""
    from boostdesk.models import Register

    db = tmp_path / "empty.db"
    Register.open(db, operator="测试员").close()  # (a command that reads refuses a register not there)
    assert main(["check", "--db", str(db)]) == 0
    capsys.readouterr()
    out = tmp_path / "shots"
    main(["screenshots", str(out), "--db", str(db)])
    err = capsys.readouterr().err
    assert not QImage(str(out / "dialog-import.png")).isNull(), err
    failures = [line for line in err.splitlines() if line.startswith("未能截图")]
    assert failures and all(line.endswith("没有可显示的数据") for line in failures), err


def test_the_demo_is_pictured_as_of_a_day_of_its_season(tmp_path, qapp, monkeypatch):
    """The committed pictures must not change with this computer's date, nor look alarming:
    拨付 pictured against today's showed the 2022–23 demo's awards 已逾期 20 笔 and a project
    已逾期 1378 天. As of a day of its season: nothing paid or accepted after that day, some
    awards falling due within the fortnight, none overdue, a late acceptance late by days."""
    import re
    from datetime import timedelta

    from boostdesk.ui import screenshots
    from boostdesk.ui.payments_screen import PaymentsScreen

    seen = {}
    save = screenshots._save

    def noting(widget, path, app):
        if path.name == "07-payments.png":
            screen = widget.findChild(PaymentsScreen)
            seen.update(summary=screen.summary.text(), flags=screen.flags.text(),
                        lines=list(screen.lines), today=screen.today)
        return save(widget, path, app)

    monkeypatch.setattr(screenshots, "_save", noting)
    screenshots.take_screenshots(tmp_path / "shots")
    day = screenshots.DEMO_DAY
    assert seen["today"] == day
    assert "已逾期 <b>0</b> 笔" in seen["summary"], seen["summary"]
    lines = seen["lines"]
    assert all(x.paid_date <= day for x in lines if x.paid_date)
    assert not [x for x in lines if x.overdue(day)]
    soon = [x for x in lines if not x.paid_date and x.due_date
            and day <= x.due_date <= day + timedelta(days=14)]
    assert soon, "some awards fall due within the fortnight"
    late = [int(n) for n in re.findall(r"已逾期 (\d+) 天", seen["flags"])]
    assert late and max(late) < 60, seen["flags"]


def test_every_window_picture_shows_the_todo_count(tmp_path, qapp, monkeypatch):
    """The status bar's 待办 line was counted 1.5 s after the start, racing the grabs: one
    run's 08-print had it, another's not. Each picture of the window now waits for it."""
    from PySide6.QtWidgets import QWidget

    from boostdesk.ui import screenshots

    seen: dict[str, str] = {}
    save = screenshots._save

    def spied(widget: QWidget, path, app):
        done = save(widget, path, app)
        line = getattr(widget, "todo_label", None)
        if line is not None:
            seen[path.name] = line.text()
        return done

    monkeypatch.setattr(screenshots, "_save", spied)
    written, failures = screenshots.take_screenshots(tmp_path / "shots")
    assert written and not failures, failures
    assert {"01-patents.png", "08-print.png", "10-todo.png"} <= set(seen), seen
    assert set(seen.values()) == {"待办 79 项，其中逾期 3 项（Ctrl+0）"}, seen
