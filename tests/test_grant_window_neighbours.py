"""方案一（二）1's 授权公告日期间 against the other years': an overlap (a patent granted then
could be claimed in two years) or a gap to the year before or after (one granted then in
none) is said and stored only once agreed — `campaign set --yes`, 设置's question."""

from __future__ import annotations

from datetime import date

from boostdesk.cli import main
from boostdesk.grant_window_neighbours import GAP, OVERLAP, window_clashes
from boostdesk.models import Register, plan_2022

D = date.fromisoformat
WINDOW_2023 = (2023, D("2022-10-01"), D("2023-09-30"))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_window_overlapping_the_year_befores_names_the_days_shared():
    clashes = window_clashes(2024, D("2023-01-01"), D("2023-12-31"), [WINDOW_2023])
    assert [(c.kind, c.other_year, c.start, c.end, c.days) for c in clashes] == [
        (OVERLAP, 2023, D("2023-01-01"), D("2023-09-30"), 273)]
    assert "与 2023 年度的专利授权期间（2022-10-01 至 2023-09-30）重叠 2023-01-01 至 2023-09-30" \
        in clashes[0].line()


def test_a_window_following_the_year_befores_day_for_day_is_no_clash():
    assert window_clashes(2024, D("2023-10-01"), D("2024-09-30"), [WINDOW_2023]) == []


def test_days_left_between_consecutive_years_are_a_gap_either_side():
    after = window_clashes(2024, D("2024-01-01"), D("2024-12-31"), [WINDOW_2023])
    assert [(c.kind, c.start, c.end) for c in after] == [(GAP, D("2023-10-01"), D("2023-12-31"))]
    before = window_clashes(2022, D("2021-01-01"), D("2021-12-31"), [WINDOW_2023])
    assert [(c.kind, c.start, c.end) for c in before] == [(GAP, D("2022-01-01"), D("2022-09-30"))]
    assert "在哪个年度都不能申报" in before[0].line()


def test_a_year_not_set_up_in_between_leaves_the_gap_to_its_own_window():
    assert window_clashes(2025, D("2024-10-01"), D("2025-09-30"), [WINDOW_2023]) == []


def _register(db) -> None:
    with Register.open(db) as reg:  # 2022's window: 2021; 2023's as the office set it
        reg.save_campaign(plan_2022().for_year(2023).with_changes(
            grant_window_start=D("2022-01-01"), grant_window_end=D("2022-12-31")))


def test_campaign_set_says_an_overlap_and_stores_it_only_with_yes(capsys, tmp_path):
    db = tmp_path / "r.db"
    _register(db)
    code, out, err = run(capsys, "campaign", "set", "--db", str(db), "--year", "2023",
                         "grant_window_start=2021-10-01")
    assert code == 1 and "未保存：2023 年度计划未改动" in err and "请加 --yes" in err, err
    assert ("2023 年度的专利授权期间与 2022 年度的专利授权期间（2021-01-01 至 2021-12-31）重叠"
            " 2021-10-01 至 2021-12-31（92 天）") in out, out
    with Register.open(db) as reg:
        assert reg.campaign(2023).grant_window_start == D("2022-01-01")
    code, out, err = run(capsys, "campaign", "set", "--db", str(db), "--year", "2023",
                         "grant_window_start=2021-10-01", "--yes")
    assert code == 0, err
    assert "重叠 2021-10-01 至 2021-12-31" in out and "已修改 2023 年度助推计划" in out
    with Register.open(db) as reg:
        assert reg.campaign(2023).grant_window_start == D("2021-10-01")


def test_campaign_set_says_a_gap_and_other_changes_ask_nothing(capsys, tmp_path):
    db = tmp_path / "r.db"
    _register(db)
    code, out, err = run(capsys, "campaign", "set", "--db", str(db), "--year", "2023",
                         "grant_window_start=2022-03-01")
    assert code == 1 and "请加 --yes" in err, err
    assert "之间空出 2022-01-01 至 2022-02-28（59 天）" in out, out
    code, out, err = run(capsys, "campaign", "set", "--db", str(db), "--year", "2023",
                         "publicity_days=9")  # the window untouched: nothing said
    assert code == 0, err
    assert "授权期间" not in out


def test_campaign_new_notes_a_window_that_clashes(capsys, tmp_path):
    db = tmp_path / "r.db"
    _register(db)
    with Register.open(db) as reg:
        reg.save_campaign(reg.campaign(2023).with_changes(grant_window_start=D("2022-10-01"),
                                                          grant_window_end=D("2023-09-30")))
    code, out, err = run(capsys, "campaign", "new", "--db", str(db), "--year", "2024",
                         "--from", "2022")  # 2022's window two years on: 2023's calendar year
    assert code == 0, err
    assert "注意：2024 年度的专利授权期间与 2023 年度的专利授权期间（2022-10-01 至 2023-09-30）重叠" \
        " 2023-01-01 至 2023-09-30" in out, out
    assert "campaign set --year 2024 grant_window_start=" in out
