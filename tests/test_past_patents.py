"""补录往年专利核准 (panel.past_patents): an earlier year's awarded patents recorded from the
list the office kept — 已登记 → 资格审核通过 → 核准 at the year's patent amount, 历史补录,
paid as history when the list says so — all or nothing, every wrong line named."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from boostdesk import award_holds
from boostdesk.cli import main
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.models import Register
from boostdesk.models.records import PATENT
from boostdesk.panel.errors import PanelError
from boostdesk.panel.past import RECORD_PAST
from boostdesk.panel.past_close import close_year, reopen_year
from boostdesk.panel.past_patents import read_patent_list, record_past_patents
from boostdesk.panel.past_settle import SETTLED_VOUCHER
from tests.test_past_awards import past, project  # noqa: F401 - fixture
from tests.test_rules_years import _number, patent

FIRST, SECOND, THIRD = (_number(f"2015106543{i:02d}") for i in (1, 2, 3))


@pytest.fixture
def ids(past):  # noqa: F811 - fixture
    """Three 2016 papers (the third's inventor not at the front line: 不合格 by the rules)
    and one 2022 paper with the first's number."""
    return [past.save_patent(patent(2016, patent_number_raw=FIRST)),
            past.save_patent(patent(2016, patent_number_raw=SECOND, inventor_name="李四",
                                    id_number="110108198503070031")),
            past.save_patent(patent(2016, patent_number_raw=THIRD, inventor_name="王五",
                                    id_number="11010819900101005X", frontline=False)),
            past.save_patent(patent(2022, patent_number_raw=_number("202110654399")))]


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _statuses(reg: Register, ids: list[int]) -> list[str]:
    return [reg.patent(i).status for i in ids]


def test_a_years_list_walks_each_patent_to_its_award_and_a_paid_one_is_history(
        past, ids, tmp_path):  # noqa: F811
    path = _csv(tmp_path / "2016专利.csv",
                "专利号,核准日期,拨付日期,说明\n"
                f"{FIRST},2016-12-20,2017-03-01,京工发〔2016〕15号\n"
                f"专利{ids[1]},2016-12-20,,\n"
                f"{THIRD.replace('.', '')},2017-01-05,,\n")
    lines = read_patent_list(past, 2016, path)
    assert [(x.line, x.patent_id, x.approved_on, x.paid_on, x.note) for x in lines] == [
        (2, ids[0], date(2016, 12, 20), date(2017, 3, 1), "京工发〔2016〕15号"),
        (3, ids[1], date(2016, 12, 20), None, ""),
        (4, ids[2], date(2017, 1, 5), None, "")]
    done = record_past_patents(past, lines)
    fen = past.campaign(2016).patent_award_fen
    assert [(x.amount_fen, x.paid_on) for x in done] == [
        (fen, date(2017, 3, 1)), (fen, None), (fen, None)]
    assert _statuses(past, ids) == ["paid", "approved", "approved", "registered"]
    first = past.patent(ids[0])
    assert (first.award_fen, first.approved_date) == (fen, date(2016, 12, 20))
    walk = [(h["from_status"], h["to_status"]) for h in past.status_history(PATENT, ids[0])]
    assert walk[-3:] == [("registered", "qualified"), ("qualified", "approved"),
                         ("approved", "paid")]
    assert all(h["reason"].startswith("历史补录") for h in past.status_history(PATENT, ids[0])[-3:])
    # paid as history: every row paid that day, voucher 历史补录, as the year's plan splits it
    rows = past.query("SELECT payer, amount_fen, paid_date, voucher FROM payments"
                      " WHERE stream = 'patent' AND application_id = ? ORDER BY payer", (ids[0],))
    assert sum(r["amount_fen"] for r in rows) == fen and len(rows) == 2  # 1:1 split
    assert {(r["paid_date"], r["voucher"]) for r in rows} == {("2017-03-01", SETTLED_VOUCHER)}
    sync_plan(past, 2016)
    owed = past.query("SELECT application_id, SUM(amount_fen) AS fen FROM payments"
                      " WHERE stream = 'patent' AND paid_date IS NULL GROUP BY application_id")
    assert {(r["application_id"], r["fen"]) for r in owed} == {(ids[1], fen), (ids[2], fen)}
    # the findings of the day taken on record: the 不合格 paper is not held from payment
    events = past.query("SELECT entity_id, after FROM audit_events WHERE action = ?"
                        " AND entity = 'patent_applications' ORDER BY entity_id", (RECORD_PAST,))
    assert [e["entity_id"] for e in events] == ids[:3]
    assert "taken_findings" in events[2]["after"] and "一线" in events[2]["after"]
    assert not award_holds.held_ids(past, PATENT, 2016)


def test_every_wrong_line_is_named_and_nothing_is_stored(past, ids, tmp_path):  # noqa: F811
    later = (date.today() + timedelta(days=3)).isoformat()
    path = _csv(tmp_path / "错.csv",
                f"{FIRST},2016-12-20\n"
                f"{FIRST},2016-12-21\n"                      # the same patent twice
                f"{_number('202110654399')},2016-12-20\n"    # 2022's paper
                f"专利{ids[3]},2016-12-20\n"                  # 2022's, by 登记号
                f"{_number('201510999999')},2016-12-20\n"    # no such number
                f"{SECOND},2018-01-10\n"                     # outside 2016 and 2017
                f"{THIRD},2016-12-20,{later}\n"              # paid in the future
                "项目3,2016-12-20\n")
    with pytest.raises(PanelError) as caught:
        read_patent_list(past, 2016, path)
    text = str(caught.value)
    assert "8 行有误" not in text and "7 行有误，全部未保存" in text
    for expected in ("第 2 行：专利号", "与第 1 行是同一专利", "第 3 行：专利号", "是 2022 年度",
                     f"第 4 行：专利{ids[3]} 是 2022 年度的申报", "第 5 行：登记册中没有专利号",
                     "第 6 行：核准日期 2018-01-10 不在 2016 年或 2017 年内",
                     f"第 7 行：拨付日期 {later} 在今天之后", "第 8 行：“项目3”是创新项目的登记号"):
        assert expected in text, (expected, text)
    assert _statuses(past, ids) == ["registered"] * 4
    assert not past.scalar("SELECT COUNT(*) FROM audit_events WHERE action = ?", (RECORD_PAST,))


def test_the_newest_year_is_refused_and_a_list_recorded_twice_says_so(past, ids, tmp_path):  # noqa: F811
    path = _csv(tmp_path / "2016.csv", f"{FIRST},2016-12-20\n{SECOND},2016-12-20\n")
    with pytest.raises(PanelError, match="2022 年度是登记册中最新的年度"):
        read_patent_list(past, 2022, path)
    record_past_patents(past, read_patent_list(past, 2016, path))
    with pytest.raises(PanelError, match="2 项专利均已核准：这份名单已补录过"):
        read_patent_list(past, 2016, path)


def test_a_workbook_with_a_header_placing_its_columns_and_excels_dates(past, ids, tmp_path):  # noqa: F811
    wb = Workbook()
    for row in (["专利号", "核准日期", "备注", "拨付日期"],
                [FIRST, datetime(2016, 12, 20), "京工发〔2016〕15号", datetime(2017, 2, 1)],
                [ids[1], "2016年12月20日", None, None]):  # a 登记号 Excel keeps as a number
        wb.active.append(row)
    wb.save(tmp_path / "名单.xlsx")
    lines = read_patent_list(past, 2016, tmp_path / "名单.xlsx")
    assert [(x.patent_id, x.paid_on, x.note) for x in lines] == [
        (ids[0], date(2017, 2, 1), "京工发〔2016〕15号"), (ids[1], None, "")]


def test_a_patent_closed_with_its_year_is_recorded_after_the_close_is_taken_back(
        past, ids, tmp_path):  # noqa: F811
    path = _csv(tmp_path / "2016.csv", f"{FIRST},2016-12-20\n")
    close_year(past, 2016, patents=True)
    with pytest.raises(PanelError, match="结年时记为“资格审核不通过”：请先撤销结年"):
        read_patent_list(past, 2016, path)
    reopen_year(past, 2016, "先补录专利")
    record_past_patents(past, read_patent_list(past, 2016, path))
    assert past.patent(ids[0]).status == "approved"


# -- the command line -------------------------------------------------------------------
def _cli(db: Path, args: list[str], capsys: Any) -> tuple[int, str, str]:
    code = main([*args, "--db", str(db), "--operator", "测试员"])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line_records_a_years_patents_and_the_close_names_it(tmp_path, capsys):
    from boostdesk.models import plan_2022

    db = tmp_path / "register.db"
    reg = Register.open(db, "测试员")
    reg.save_campaign(plan_2022().for_year(2016))
    first = reg.save_patent(patent(2016, patent_number_raw=FIRST))
    second = reg.save_patent(patent(2016, patent_number_raw=SECOND, inventor_name="李四",
                                    id_number="110108198503070031"))
    reg.close()
    code, out, err = _cli(db, ["panel", "close-year", "--year", "2016", "--patents"], capsys)
    assert "record-past --patents --year 2016 --list" in out, out
    path = _csv(tmp_path / "2016.csv", f"{FIRST},2016-12-20,2017-03-01\n")
    code, out, err = _cli(db, ["panel", "record-past", "--patents", "--year", "2016",
                               "--list", str(path)], capsys)
    assert code == 0, err
    assert "已补录 2016 年度 1 项专利核准，合计 ¥3,000.00（历史补录）" in out
    assert "1 项按往年已拨付记" in out and "close-year --year 2016 --patents" in out
    reg = Register.open(db, "测试员")
    assert [reg.patent(i).status for i in (first, second)] == ["paid", "registered"]
    reg.close()
    code, out, err = _cli(db, ["panel", "record-past", "--patents", "--year", "2022",
                               "--list", str(path)], capsys)
    assert code == 1 and "最新的年度" in err
    code, out, err = _cli(db, ["panel", "record-past", "--patents", "--year", "2016"], capsys)
    assert code == 1 and "--patents --list" in err


def test_the_close_preview_with_patents_says_the_patents_count_too(tmp_path, capsys):
    """`close-year --patents` of a year whose patents were all recorded said only “36 个项目”:
    the patents' count is said as well, those moved and those kept."""
    from boostdesk.models import plan_2022

    db = tmp_path / "register.db"
    reg = Register.open(db, "测试员")
    reg.save_campaign(plan_2022().for_year(2016))
    reg.save_patent(patent(2016, patent_number_raw=FIRST))
    reg.save_project(project(2016))
    reg.close()
    code, out, err = _cli(db, ["panel", "close-year", "--year", "2016", "--patents"], capsys)
    assert code == 0, err
    assert ("1 个项目记为“未获助推”（理由：往年未获助推（补录时结年））；专利：尚未核准的 1 项记为"
            "“资格审核不通过”，已核准的 0 项不变") in out
    path = _csv(tmp_path / "2016.csv", f"{FIRST},2016-12-20\n")
    assert _cli(db, ["panel", "record-past", "--patents", "--year", "2016", "--list", str(path)],
                capsys)[0] == 0
    code, out, err = _cli(db, ["panel", "close-year", "--year", "2016", "--patents"], capsys)
    assert ("将把 2016 年度尚未结论的 1 个项目记为“未获助推”（理由：往年未获助推（补录时结年））；"
            "专利：没有尚未核准的，已核准的 1 项不变（未改动）") in out
    code, out, err = _cli(db, ["panel", "close-year", "--year", "2016", "--patents", "--yes"],
                          capsys)
    assert code == 0 and "已结年：" in out and "已核准的 1 项不变" in out
