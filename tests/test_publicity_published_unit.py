"""A 公示名单 reprinted is the list that was posted: a project's 所在单位 is the one it was
published under (kept at 开始公示, migration 35), not its payee after a 改汇 or its
studio's enterprise after a move; the payment lists pay the new one."""

from __future__ import annotations

import subprocess
from datetime import date

import openpyxl
from test_printing import squash
from test_printing_tall_rows import edges, words

from boostdesk.cli import main
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.redirect import redirect_payee
from boostdesk.finance.returns import return_payments
from boostdesk.models.records import PROJECT
from boostdesk.panel.publicity import close_publicity, publicity_rows, start_publicity
from boostdesk.panel.publicity_docs import pdf_columns, write_publicity_pdf, write_publicity_xlsx
from boostdesk.printing.payments import build_payment_lists
from tests.test_panel_support import CITY, YEAR, make_project, to_review

OLD = "首钢智能装备制造有限公司"
NEW = "首钢智能装备（北京）有限公司"
STUDIO = "李红兵劳模创新工作室"
OTHER = "精密仪器项目"  # a second project of the batch, never redirected
OTHER_UNIT = "北京中科精密仪器有限公司"


def published_and_returned(reg) -> int:
    """Two city projects posted 2022-12-20 under their studios' enterprises and approved at
    the close; the first's first tranche paid to OLD and sent back by the bank."""
    pid = make_project(reg, "转炉炼钢终点碳温预测模型开发", STUDIO, CITY, enterprise=OLD)
    other = make_project(reg, OTHER, "精密测量创新工作室", CITY, enterprise=OTHER_UNIT)
    to_review(reg, pid, other)
    for i in (pid, other):
        reg.set_status(PROJECT, i, "proposed")
    start_publicity(reg, YEAR, date(2022, 12, 20))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    sync_plan(reg, YEAR)
    first = [x.id for x in payment_lines(reg, YEAR, stream=PROJECT, app_ids=[pid])
             if x.tranche == 1]
    mark_all_paid(reg, first, date(2023, 1, 10), "记-2023-0110")
    return_payments(reg, first, date(2023, 1, 20), "收款单位账户名称不符")
    return pid


def _pdf_text(pdf) -> str:
    return squash(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                 capture_output=True, text=True).stdout)


def units_printed(pdf) -> str:
    """The 所在单位 column of the list's page, top to bottom (a name wraps in its cell)."""
    xs = edges(pdf_columns())
    inside = [w for w in words(pdf, 1) if xs[4] <= w.x0 and w.x1 <= xs[5] + 1]
    return "".join(w.text for w in sorted(inside, key=lambda w: (w.y0, w.x0)))


def test_the_reprinted_list_names_the_unit_it_was_published_under_after_a_redirect(
        reg, tmp_path):
    pid = published_and_returned(reg)
    redirect_payee(reg, pid, NEW, "企业更名后账户名称已变更", date(2023, 2, 1))
    # the money goes to the new payee: the 拨付清单 of the tranche pays it there
    assert {x.payee for x in payment_lines(reg, YEAR, app_ids=[pid])} == {NEW}
    lists = build_payment_lists(reg, YEAR, 1)
    assert {x.payee for pl in lists for x in pl.projects if x.app_id == pid} == {NEW}
    # … the list posted said OLD, and says it reprinted, on screen, PDF and xlsx
    rows = publicity_rows(reg, YEAR)
    units = {r.project_id: r.enterprise for r in rows}
    assert units[pid] == OLD and OTHER_UNIT in units.values()
    # the 公示 screen lists it so, its cell saying who is paid now
    from boostdesk.ui.publicity_screen import PublicityScreen

    shown = [PublicityScreen._row(n, r) for n, r in enumerate(rows, start=1)]
    assert [x.cells[4] for x in shown] == [OLD, OTHER_UNIT]
    assert f"现收款单位为“{NEW}”" in shown[0].cell_tips[4]
    assert shown[1].cell_tips is None  # never redirected: nothing to say
    pdf = tmp_path / "公示.pdf"
    write_publicity_pdf(reg, YEAR, pdf, printed_on=date(2023, 2, 2))
    assert units_printed(pdf) == f"所在单位{OLD}{OTHER_UNIT}"
    assert "北京）" not in _pdf_text(pdf)  # NEW's, wrapped or not
    ws = openpyxl.load_workbook(write_publicity_xlsx(reg, YEAR, tmp_path / "公示.xlsx")).active
    assert {ws.cell(r, 2).value: ws.cell(r, 5).value for r in (4, 5)} == {
        "转炉炼钢终点碳温预测模型开发": OLD, OTHER: OTHER_UNIT}


def test_the_year_s_archive_keeps_the_published_unit(reg, tmp_path, capsys):
    pid = published_and_returned(reg)
    redirect_payee(reg, pid, NEW, "企业更名后账户名称已变更", date(2023, 2, 1))
    reg.close()
    out = tmp_path / "归档"
    assert main(["archive", "--year", str(YEAR), "--db", str(reg.path), "--out", str(out)]) == 0, \
        capsys.readouterr().err
    [pdf] = out.glob("*公示名单-第1批.pdf")
    assert units_printed(pdf) == f"所在单位{OLD}{OTHER_UNIT}"


def _move_studio(reg, enterprise: str) -> None:
    """工作室 → 修改: its 所在单位 retyped (studio_screen's put)."""
    s = reg.studio(STUDIO)
    with reg.transaction():
        unit_id = reg.ensure_unit(s.unit_name)
        reg.ensure_studio(STUDIO, s.level, unit_id, reg.ensure_enterprise(enterprise, unit_id),
                          s.leader, s.model_studio, exact=True)


def test_a_studio_moved_after_the_posting_keeps_its_published_unit_on_the_list(reg):
    """Not yet paid, a project follows its studio: moved to another enterprise after the
    list was posted, its money goes there, its list still reads where it was posted."""
    pid = make_project(reg, "转炉炼钢终点碳温预测模型开发", STUDIO, CITY, enterprise=OLD)
    to_review(reg, pid)
    reg.set_status(PROJECT, pid, "proposed")
    start_publicity(reg, YEAR, date(2022, 12, 20))
    _move_studio(reg, NEW)
    assert reg.project(pid).enterprise_name == NEW
    assert [r.enterprise for r in publicity_rows(reg, YEAR)] == [OLD]


def test_a_misspelt_unit_corrected_since_reads_as_corrected(reg):
    """A misspelling is the same company (correct enterprise): every list reads it as it
    is spelt now, the posted one too."""
    pid = published_and_returned(reg)
    right = "首钢智能装备制造股份有限公司"
    old_id = reg.scalar("SELECT id FROM enterprises WHERE name = ?", (OLD,))
    reg.correct_enterprise_name(old_id, right, "营业执照为股份有限公司")
    units = {r.project_id: r.enterprise for r in publicity_rows(reg, YEAR)}
    assert units[pid] == right


def test_a_correction_onto_a_name_only_a_posted_list_uses_keeps_that_list(reg):
    """Posted under the right name, the studio then retyped with a slip (a new enterprise
    row) and the slip corrected back to the right name: the right name's row, used by the
    posted list alone, is the same company — the correction went through (it was refused
    with SQLite's FOREIGN KEY error) and the list still reads the right name."""
    slip = "首钢智能装备制适有限公司"
    pid = make_project(reg, "转炉炼钢终点碳温预测模型开发", STUDIO, CITY, enterprise=OLD)
    to_review(reg, pid)
    reg.set_status(PROJECT, pid, "proposed")
    start_publicity(reg, YEAR, date(2022, 12, 20))
    _move_studio(reg, slip)
    reg.correct_enterprise_name(reg.scalar("SELECT id FROM enterprises WHERE name = ?", (slip,)),
                                OLD, "营业执照为制造，录入时误作制适")
    assert reg.project(pid).enterprise_name == OLD
    assert [r.enterprise for r in publicity_rows(reg, YEAR)] == [OLD]
