"""A new office PC in the window: the first start, screens with nothing in them yet, actions
on nothing, a new year (QA pass "empty")."""

from __future__ import annotations

from test_ui_app import user_settings_in
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.panel import grid as gr

__all__ = ["answers", "ctx", "qsettings", "user_settings_in", "window"]


def test_next_year_in_settings_keeps_the_panel_rules_of_the_year_it_copies(window, reg, ctx):
    gr.save_settings(reg, 2022, gr.PanelSettings(7, 2, 80, 7))
    gr.save_grid(reg, 2022, [gr.Criterion("创新性", 50, 50), gr.Criterion("效益", 50, 50)])
    assert window.screen_named("设置").new_campaign()
    assert ctx.year == 2023
    assert gr.settings(reg, 2023) == gr.PanelSettings(7, 2, 80, 7)
    assert [c.name for c in gr.criteria(reg, 2023)] == ["创新性", "效益"]
    panel = window.screen_named("专家评审")
    assert panel.show_tab("评审组与评分细则").trim_each.value() == 2


def test_the_first_start_says_a_new_register_was_made_where_and_what_next(
        tmp_path, qapp, qtbot, answers, monkeypatch, user_settings_in):
    """A new office PC (or a mistyped --db): the window used to open on an empty register
    made silently, as if the office's applications had gone."""
    from PySide6.QtWidgets import QApplication
    from test_ui_app import opened_or_closed, shown_window

    from boostdesk.cli import main

    def fake_exec() -> int:  # instead of waiting for the clerk to close the window
        window = shown_window()
        opened_or_closed(qtbot, window)
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    answers.text = "王秀兰"
    db = tmp_path / "办公室" / "register.db"
    db.parent.mkdir()  # (a folder not there is refused: test_data_folder_missing.py)
    assert main(["gui", "--db", str(db)]) == 0, answers.errors
    assert db.exists()
    told = "\n".join(text for _title, text in answers.infos)
    assert "新建" in told and str(db) in told
    assert "设置" in told and "Ctrl+I" in told  # what to do next
    answers.infos.clear()
    assert main(["gui", "--db", str(db)]) == 0  # the second start: nothing to say
    assert not answers.infos


def test_a_table_with_its_header_only_is_said_to_hold_nothing(window, qtbot, answers, tmp_path):
    """A union sends back next year's blank template: the window showed "0 行：可导入 0 行"
    over a blank grid after asking which year to judge nothing under; the command line
    says what it is."""
    from boostdesk.io.template import write_template
    from boostdesk.ui.import_dialog import ImportDialog

    path = write_template(tmp_path / "海淀区总工会.xlsx", "patent", 2023)
    dialog = ImportDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(path))
    dialog.read()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    text = dialog.summary.text()
    assert "没有可导入的数据" in text and "第 2 行" in text and "专利汇总表" in text, text
    assert answers.questions == []  # no year to choose for nothing
    assert not dialog.import_all.isEnabled() and not dialog.import_rest.isEnabled()


def hint_over(view) -> str:
    """The text a clerk reads in the middle of an empty list, if any."""
    from PySide6.QtWidgets import QLabel

    shown = [w.text() for w in view.viewport().findChildren(QLabel)
             if w.isVisibleTo(view) and w.text()]  # (a tab not in front counts as shown)
    return "\n".join(shown)


def test_an_empty_year_says_on_the_register_screens_how_applications_get_in(window, ctx, qtbot):
    for label, table in (("专利助推", "附件2"), ("创新项目", "附件4")):
        screen = window.screen_named(label)
        hint = hint_over(screen.table)
        assert "2022 年度还没有" in hint and "Ctrl+N" in hint and table in hint, hint
        assert "Ctrl+I" in screen.detail.toPlainText()  # the pane beside it too


def test_an_action_on_an_empty_list_says_why_nothing_happened(window, ctx, qtbot):
    screen = window.screen_named("专利助推")
    told: list[str] = []
    ctx.notice.connect(told.append)
    for action in (screen.edit_current, screen.change_status, screen.delete_current,
                   screen.move_to_year, screen.print_selected):
        told.clear()
        action()
        assert told and "还没有专利申报" in told[0], action


def test_every_empty_list_of_a_new_office_says_what_it_is_for(window, ctx, qtbot):
    """Blank grids with no word on how anything gets into them: each now says it."""
    from PySide6.QtWidgets import QAbstractItemView

    expected = {
        ("工作室", "studio_table"): "还没有工作室",
        ("单位与人员", "unit_table"): "还没有推荐单位",
        ("单位与人员", "enterprise_table"): "还没有所在单位",
        ("单位与人员", "people_table"): "还没有人员",
        ("公示", "publicity_table"): "排名与档次",
        ("拨付", "payments_table"): "还没有应拨款项",
    }
    for (label, name), words in expected.items():
        screen = window.screen_named(label)
        view = screen.findChild(QAbstractItemView, name)
        assert words in hint_over(view), (label, name, hint_over(view))
    panel = window.screen_named("专家评审")
    for tab, words in (("资格审核", "还没有创新项目申报"), ("评审组与评分细则", "添加专家"),
                       ("分配专家", "尚无评审专家"), ("评分包", "尚无评审专家"),
                       ("排名与档次", "还没有可排名的项目")):
        page = panel.show_tab(tab)
        assert words in hint_over(page.table), (tab, hint_over(page.table))


def test_a_hint_goes_once_the_list_has_rows(window, reg, ctx, qtbot):
    from boostdesk.panel import experts as ex

    setup = window.screen_named("专家评审").show_tab("评审组与评分细则")
    assert "添加专家" in hint_over(setup.table)
    ex.save_expert(reg, 2022, ex.Expert("张教授", "北京工业大学"))
    ctx.changed.emit("panel")
    qtbot.waitUntil(lambda: setup.model.rowCount() == 1)
    assert hint_over(setup.table) == ""


def test_the_blank_table_of_a_year_whose_deadline_has_passed_says_so(window, tmp_path):
    from boostdesk.ui.import_dialog import ImportDialog

    dialog = ImportDialog(window.ctx, window)
    assert dialog.save_template("patent", str(tmp_path / "附件2.xlsx")) is not None
    text = dialog.summary.text()
    assert "2022-11-01 已过" in text and "按本年度新建下一年度" in text, text
