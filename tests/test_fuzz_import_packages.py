"""Bad score packages never crash the app: an expert's returned workbook, altered every way.

A package goes out signed and comes back from a laptop; whatever comes back ends
in stored scores or in PackageRefused with Chinese reasons and nothing stored.
"""

from __future__ import annotations

import time
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import MergedCell

from boostdesk.demo import fill_demo
from boostdesk.models import Register
from boostdesk.panel.errors import PanelError
from boostdesk.panel.experts import Expert, auto_assign, experts, save_expert
from boostdesk.panel.package_export import export_packages
from boostdesk.panel.package_import import import_package
from boostdesk.panel.package_sheets import SCORE_SHEET, SUMMARY_SHEET
from tests.test_fuzz_import import HOSTILE, SLOW, cell_values, clear, hostile_files

TABLES = ("scores", "assignments", "audit_events", "project_applications", "status_history")


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    folder = tmp_path_factory.mktemp("panel")
    reg = Register.open(folder / "register.db", operator="测试员")
    fill_demo(reg)
    if not experts(reg, 2022):
        for name in ("专家甲", "专家乙", "专家丙"):
            save_expert(reg, 2022, Expert(name, organisation="北京某大学", field="机械"))
    auto_assign(reg, 2022)
    expert = experts(reg, 2022)[0]
    (package,) = export_packages(reg, 2022, folder / "out", [expert.name])
    yield reg, package
    reg.close()


def counts(reg: Register) -> dict[str, int]:
    return {t: reg.scalar(f"SELECT count(*) FROM {t}") for t in TABLES}


def import_checked(reg: Register, path: Path) -> str:
    before = counts(reg)
    try:
        import_package(reg, path)
    except PanelError as exc:
        clear(str(exc))
        assert counts(reg) == before, "a refused package must store nothing"
        return "refused"
    return "stored"


def fill_scores(path: Path, out: Path, value: object = 8) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb[SCORE_SHEET]
    for row in ws.iter_rows(min_row=2, max_row=ws.max_row):
        if row[0].value is None or not str(row[0].value).isdigit():
            continue
        for c in row[2:-1]:
            c.value = value
    wb.save(out)
    return out


def test_a_filled_package_is_stored(panel, tmp_path):
    """The harness itself: an honest package goes in, so refusals below are for their faults."""
    reg, package = panel
    assert import_checked(reg, fill_scores(package, tmp_path / "ok.xlsx")) == "stored"


@st.composite
def edits(draw: st.DrawFn) -> list[tuple[str, int, int, object]]:
    where = st.one_of(
        st.tuples(st.just(SCORE_SHEET), st.integers(2, 8), st.integers(3, 11)),  # scores, 评语
        st.tuples(st.just(SCORE_SHEET), st.integers(1, 8), st.integers(1, 2)),  # fixed cells
        st.tuples(st.just(SUMMARY_SHEET), st.integers(1, 8), st.integers(1, 14)),
        st.tuples(st.just(SCORE_SHEET), st.integers(1, 4999), st.integers(1, 40)),  # far away
    )
    spots = draw(st.lists(where, min_size=1, max_size=6))
    return [(sheet, row, col, draw(cell_values)) for sheet, row, col in spots]


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(changes=edits(), base_score=st.sampled_from([None, 8, 15.5, "10", -1, 99]))
def test_altered_packages_are_stored_or_refused_cleanly(panel, tmp_path_factory, changes,
                                                         base_score):
    reg, package = panel
    folder = tmp_path_factory.mktemp("pkg")
    path = fill_scores(package, folder / "filled.xlsx", base_score)
    wb = openpyxl.load_workbook(path)
    for sheet, row, col, value in changes:
        _as_typed(wb[sheet], row, col).value = value
    wb.save(path)
    import_checked(reg, path)


def _as_typed(ws, row: int, col: int):
    """The cell a reviewer's typing there lands in: a merged area's (the package's notes
    under the table span its width) is its top-left cell, as in Excel."""
    cell = ws.cell(row, col)
    for area in ws.merged_cells.ranges if isinstance(cell, MergedCell) else ():
        if cell.coordinate in area:
            return ws.cell(area.min_row, area.min_col)
    return cell


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_bytes_of_a_package(panel, tmp_path_factory, data):
    reg, package = panel
    content = bytearray(package.read_bytes())
    for _ in range(data.draw(st.integers(1, 6))):
        i = data.draw(st.integers(0, len(content) - 1))
        content[i] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        content = content[: data.draw(st.integers(0, len(content)))]
    path = tmp_path_factory.mktemp("bytes") / "评分包.xlsx"
    path.write_bytes(bytes(content))
    import_checked(reg, path)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    return hostile_files(tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_files_as_packages_are_refused(panel, hostile, kind):
    reg, _ = panel
    start = time.perf_counter()
    assert import_checked(reg, hostile[kind]) == "refused"
    assert time.perf_counter() - start < SLOW


def test_a_genuine_package_with_a_cell_at_xfd1048576_is_refused_at_once(panel, tmp_path):
    """Signature intact, one stray cell at the last row and column: openpyxl would walk
    17 billion empty cells (it hung for minutes before the guard)."""
    reg, package = panel
    path = fill_scores(package, tmp_path / "far.xlsx")
    wb = openpyxl.load_workbook(path)
    wb[SCORE_SHEET]["XFD1048576"] = "x"
    wb.save(path)
    start = time.perf_counter()
    assert import_checked(reg, path) == "refused"
    assert time.perf_counter() - start < 2
