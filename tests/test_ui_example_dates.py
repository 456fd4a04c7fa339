"""The dates a form offers as examples are the open year's (or today's, for a payment made
today), not 2022's: 2023's 开始公示 said 如 2022-12-20 when its start was cleared."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings

from boostdesk.models.campaign import plan_2022
from boostdesk.ui.context import AppContext
from boostdesk.ui.form_widgets import DateField
from boostdesk.ui.publicity_screen import PublicityScreen
from tests.test_publicity_screen import _answer


def test_2023s_publicity_start_gives_a_2023_example(reg, tmp_path, qtbot):
    reg.save_campaign(plan_2022().for_year(2023))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(reg, 2023, settings=settings)
    ctx.set_operator("刘建国")
    screen = PublicityScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    seen: dict[str, str] = {}

    def cleared(dialog) -> None:
        dialog.start_field.clear()
        seen["placeholder"] = dialog.start_field.placeholderText()
        dialog._try_accept()
        seen["error"] = dialog.error.text()

    _answer(qtbot, screen, cleared)
    screen.ask_start()
    assert seen == {"placeholder": "如 2023-12-20", "error": "请填写公示开始日期，如 2023-12-20"}


def test_a_date_field_with_no_year_of_its_own_gives_todays_date_as_its_example(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    assert field.placeholderText() == f"如 {date.today().isoformat()}"  # was 如 2021-03-05


def test_a_payment_is_offered_this_years_voucher_and_date_as_examples(qtbot):
    from types import SimpleNamespace

    from boostdesk.ui.payments_screen import PayDialog

    line = SimpleNamespace(payer_name="北京市总工会", payee="张建华", tranche_name="一次拨付",
                           amount_fen=500_000, resent_unchanged=False)
    dialog = PayDialog([line], None)  # type: ignore[list-item]
    qtbot.addWidget(dialog)
    year = date.today().year
    assert dialog.voucher_field.placeholderText() == f"如 记-{year}-0012"  # was 记-2023-0012
    dialog.date_field.clear()
    assert dialog.check() == f"请填写日期，如 {date.today().isoformat()}"  # was 2023-01-10
