"""`stats --year 2022 --compare 2021 --as-of 2022-10-25`, mid-intake on the demo register,
counted every paper of the year as received (收到申报 58 patents, 40 projects; the stage
table 已登记 58) where only 23 and 16 had arrived by then (2021: 4 and 3 for 1 and 2). As of
a day only the papers received by then count, in every table: 收件日期 on or before the day,
or with none, the first status-history line; a paper with neither dated counts, said."""

from __future__ import annotations

from datetime import date

from boostdesk.models.records import PATENT, PROJECT
from boostdesk.statistics import NO_UNIT, reasons_table, stream_table, year_statistics
from boostdesk.stats_overview import overview_table
from boostdesk.year_compare import compare_table, compared_statistics
from tests.test_statistics import demo, demo_file, demo_reg

__all__ = ["demo", "demo_file", "demo_reg"]

TABLE = {PATENT: "patent_applications", PROJECT: "project_applications"}
MID_INTAKE = date(2022, 10, 25)


def _received(reg, stream: str, year: int, day: date) -> dict[str, int]:
    """{union: papers received by the end of ``day``}, counted straight from the tables."""
    out: dict[str, int] = {}
    for unit, received, first in reg.conn.execute(
            f"SELECT u.name, a.received_date, (SELECT MIN(COALESCE(h.decided_on,"
            " substr(h.at, 1, 10))) FROM status_history h WHERE h.stream = ?"
            f" AND h.application_id = a.id) FROM {TABLE[stream]} a"
            " JOIN campaigns c ON c.id = a.campaign_id LEFT JOIN units u ON u.id = a.unit_id"
            " WHERE c.year = ?", (stream, year)):
        when = received or first
        if when is None or when[:10] <= day.isoformat():
            out[unit or NO_UNIT] = out.get(unit or NO_UNIT, 0) + 1
    return out


def test_mid_intake_every_table_counts_only_the_papers_received_by_then(demo_reg):
    reg = demo_reg
    stats = year_statistics(reg, 2022, cutoff=MID_INTAKE)
    old = compared_statistics(reg, stats, 2021)
    for s in (stats, old):
        day = s.cutoff
        assert day is not None
        for stream in (PATENT, PROJECT):
            want = _received(reg, stream, s.year, day)
            everyone = sum(_received(reg, stream, s.year, date.max).values())
            assert 0 < sum(want.values()) < everyone  # mid-intake: some in, some not yet
            total = s.totals[stream]
            assert {r.unit: r.received for r in s.rows[stream]} == want
            assert total.received == sum(want.values())
            # the stages: every paper received then, none decided yet
            assert total.statuses == {"registered": total.received}
            assert total.eligible + total.refused + total.incomplete + total.unchecked \
                == total.received
            assert (total.approved, total.award_fen, total.paid_total) == (0, 0, 0)
            key = "patents" if stream == PATENT else "projects"
            assert sum(getattr(r, key) for r in s.industries) == total.received
            assert sum(getattr(r, key) for r in s.kinds) == total.received
            if stream == PROJECT:
                assert sum(total.levels.values()) == total.received
            # the rules' 不合格 of the papers in, none refused yet
            groups = s.reasons[stream]
            assert sum(g.undecided for g in groups) == total.refused
            assert sum(g.refused + g.withdrawn for g in groups) == 0
            table = stream_table(s, stream)
            assert table.rows[-1][table.columns.index(
                next(c for c in table.columns if c.key == "received"))] == total.received
            assert f"只计{day.year}年{day.month}月{day.day}日及以前收件的申报" in table.note
    assert (stats.totals[PATENT].received, stats.totals[PROJECT].received) == (23, 16)
    assert (old.totals[PATENT].received, old.totals[PROJECT].received) == (1, 2)
    overview = overview_table(stats, old)
    assert [r[2] for r in overview.rows] == [1, 23, 22, 2, 16, 14, 3, 39, 36]
    assert "各年度只计截至统计日收件的申报" in overview.note
    compared = compare_table(old, stats)
    assert [r[2:4] for r in compared.rows if r[1] in ("小计", "两类合计")] \
        == [[1, 23], [2, 16], [3, 39]]
    assert reasons_table(stats).rows[-1][2:] == [0, stats.totals[PATENT].refused
                                                 + stats.totals[PROJECT].refused]


def test_a_paper_without_a_received_day_is_placed_by_its_first_status_line(demo_reg):
    """No 收件日期: its first status line says when it came; with neither dated it is
    counted whatever the day, and the handout says how many."""
    reg = demo_reg
    ids = [i for (i,) in reg.conn.execute(
        "SELECT a.id FROM patent_applications a JOIN campaigns c ON c.id = a.campaign_id"
        " WHERE c.year = 2022 AND a.received_date > ? ORDER BY a.id LIMIT 2",
        (MID_INTAKE.isoformat(),))]
    late, undated = ids
    early = reg.scalar("SELECT a.id FROM patent_applications a JOIN campaigns c"
                       " ON c.id = a.campaign_id WHERE c.year = 2022 AND a.received_date <= ?"
                       " ORDER BY a.id LIMIT 1", (MID_INTAKE.isoformat(),))
    with reg.conn:
        reg.conn.execute("UPDATE patent_applications SET received_date = NULL WHERE id IN (?, ?, ?)",
                         (late, undated, early))
        reg.conn.execute("DELETE FROM status_history WHERE stream = 'patent' AND application_id = ?",
                         (undated,))
        # the early one's first line by then, the late one's after it
        reg.conn.execute("UPDATE status_history SET decided_on = ? WHERE stream = 'patent'"
                         " AND application_id = ?", ("2022-10-21", early))
        reg.conn.execute("UPDATE status_history SET decided_on = ? WHERE stream = 'patent'"
                         " AND application_id = ?", ("2022-11-02", late))
    stats = year_statistics(reg, 2022, cutoff=MID_INTAKE)
    # 23 received by the day: the early one still in (its line), the undated one added
    assert stats.totals[PATENT].received == 23 + 1
    assert stats.undated == {PATENT: 1, PROJECT: 0}
    said = "另有 1 件申报既无收件日期也无状态记录，无从判断收件日，按已收件计入"
    assert said in stream_table(stats, PATENT).note
    assert said not in stream_table(stats, PROJECT).note
    assert "2022年度另有 1 件申报既无收件日期" in overview_table(stats).note
    assert year_statistics(reg, 2022, cutoff=date(2022, 11, 2)).totals[PATENT].received == \
        sum(_received(reg, PATENT, 2022, date(2022, 11, 2)).values())
