"""A computer whose clock was set back (a flat CMOS battery, a year typed wrong): the
register, changed on later days than the clock now reads, says so when it is opened."""

from __future__ import annotations

from datetime import datetime, timedelta

import boostdesk.models.clock as clock
from boostdesk.cli import main
from boostdesk.models import PatentApplication, Register
from boostdesk.safety import open_register

WARNING = "本机日期可能不对"


def _changed_on(path, when: datetime, monkeypatch, **fields) -> None:
    """A paper saved with the clock reading ``when`` (a colleague's right clock)."""
    with monkeypatch.context() as m:
        m.setattr(clock, "now", lambda: when.isoformat(timespec="seconds"))
        with Register.open(path, operator="录入员") as reg:
            reg.save_patent(PatentApplication(2022, inventor_name="张三", title="昨天录入",
                                              **fields))


def test_a_register_changed_later_than_the_clock_reads_says_the_clock_is_behind(
        tmp_path, monkeypatch):
    path = tmp_path / "register.db"
    later = datetime.now() + timedelta(days=40)
    _changed_on(path, later, monkeypatch)
    opened = open_register(path, "录入员", start_backup=False)
    try:
        assert WARNING in opened.warnings[0]
        assert f"{later:%Y-%m-%d %H:%M}" in opened.warnings[0]  # what the register says
        assert f"{datetime.now():%Y-%m-%d}" in opened.warnings[0]  # what the clock says
    finally:
        opened.reg.close()


def test_the_command_line_says_it_too(tmp_path, monkeypatch, capsys):
    path = tmp_path / "register.db"
    _changed_on(path, datetime.now() + timedelta(days=366), monkeypatch)
    assert main(["audit", "--db", str(path)]) == 0
    assert f"提示：{WARNING}" in capsys.readouterr().err


def test_a_right_clock_or_one_a_few_hours_off_is_not_warned_about(tmp_path, monkeypatch):
    """Another office computer in UTC (eight hours behind Beijing) or a minute off."""
    path = tmp_path / "register.db"
    _changed_on(path, datetime.now() + timedelta(hours=8), monkeypatch)
    opened = open_register(path, "录入员", start_backup=False)
    try:
        assert not any(WARNING in w for w in opened.warnings)
    finally:
        opened.reg.close()


def test_a_real_payment_day_refused_by_a_clock_set_back_names_the_computers_date(
        reg, monkeypatch, capsys):
    """The voucher's day, typed as it is, was refused as 在今天之后 with nothing saying
    the computer believed it was a year earlier."""
    from datetime import date

    import boostdesk.validate as validate
    from boostdesk.finance.payment_plan import sync_plan
    from boostdesk.finance.read_lines import payment_lines
    from boostdesk.printing.samples import YEAR, fill_sample

    fill_sample(reg)
    sync_plan(reg, YEAR)
    line = next(x for x in payment_lines(reg, YEAR) if not x.paid and x.released and not x.held)
    path = reg.path
    reg.close()
    real_today = date.today()

    class SetBack(date):
        @classmethod
        def today(cls):
            return real_today - timedelta(days=365)

    monkeypatch.setattr(validate, "date", SetBack)
    assert main(["pay", "mark", str(line.id), "--date", real_today.isoformat(),
                 "--voucher", "记-0012", "--db", str(path)]) != 0
    err = capsys.readouterr().err
    assert f"拨付日期 {real_today.isoformat()} 在今天之后" in err
    assert f"本机日期为 {(real_today - timedelta(days=365)).isoformat()}" in err
    assert "校正电脑的日期" in err


def _entered_then_changed_on_a_clock_set_back(path, monkeypatch) -> int:
    """A paper entered while the clock read a month ahead; the clock set right, then its
    union renamed and its inventor's name corrected: later changes, dated earlier."""
    _changed_on(path, datetime.now() + timedelta(days=30), monkeypatch,
                unit_name="海淀区总工会", id_number="110105198001010016")
    with Register.open(path, operator="审核员乙") as reg:
        (app_id,) = [r["id"] for r in reg.query("SELECT id FROM patent_applications")]
        reg.rename_unit("海淀区总工会", "北京市海淀区总工会", "全称")
        reg.correct_person_name(reg.patent(app_id).person_id, "张叁", "按证书更正")
    return app_id


def test_changes_after_the_entry_stay_in_its_trail_when_the_clock_was_set_back(
        tmp_path, monkeypatch, capsys, qapp):
    from boostdesk.ui.detail import DetailPane

    path = tmp_path / "register.db"
    app_id = _entered_then_changed_on_a_clock_set_back(path, monkeypatch)
    assert main(["audit", "--db", str(path), "--ref", f"专利{app_id}"]) == 0
    out = capsys.readouterr().out
    assert "海淀区总工会 → 北京市海淀区总工会" in out and "张三 → 张叁" in out
    with Register.open(path, operator="审核员乙") as reg:
        pane = DetailPane(reg)
        pane.show_application("patent", app_id)
        text = pane.toPlainText()
    assert "海淀区总工会 → 北京市海淀区总工会" in text and "张三 → 张叁" in text
