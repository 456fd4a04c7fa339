"""One project's 修改记录 at ten years of history: the detail pane reads it each time a row is
chosen (a search, ↓ through the list). It read every year's expert and adoption events (an
adoption names every project ranked that year): ≈ 0.13 s a row at ten years, growing yearly."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from test_finance import add_project

from boostdesk import audit_log
from boostdesk.models import plan_2022
from boostdesk.models.records import PROJECT


def _loads(monkeypatch) -> list[int]:
    """How many audit documents are parsed from now on."""
    seen = [0]
    real = audit_log._load

    def counting(text):
        seen[0] += 1
        return real(text)

    monkeypatch.setattr(audit_log, "_load", counting)
    return seen


def _other_years(reg, years: range) -> None:
    """Earlier years' panels as the trail holds them: experts and their adoptions."""
    with reg.transaction():
        for year in years:
            cid = reg.save_campaign(plan_2022().for_year(year))
            for n in range(7):
                reg.audit("create", "experts", year * 10 + n, None,
                          {"name": f"专家{year}{n}", "organisation": "北京工业大学"})
            reg.audit("adopt", "proposals", cid, None, {"proposals": [
                {"project_id": 10_000 + n, "rank": n, "amount_fen": 3_000_000}
                for n in range(300)]})


def test_a_projects_trail_reads_none_of_other_years_panels(reg, monkeypatch):
    project = add_project(reg, status="approved", approved=date(2022, 12, 28))
    reg.audit("adopt", "proposals", reg.campaign_id(2022), None,
              {"proposals": [{"project_id": project, "rank": 1, "amount_fen": 10_000_000}]})
    loads = _loads(monkeypatch)
    alone = audit_log.trail(reg, application=(PROJECT, project))
    read_alone = loads[0]
    _other_years(reg, range(2012, 2022))
    loads[0] = 0
    among = audit_log.trail(reg, application=(PROJECT, project))
    assert among == alone  # the same lines: its adoption among them
    assert any(x.entity == "proposals" for x in among)
    assert loads[0] <= read_alone, (read_alone, loads[0])


def _papers(reg, year: int, count: int) -> list[int]:
    from fixtures.summary_sheets import patent_no, resident_id

    from boostdesk.models.records import PatentApplication

    ids = []
    for n in range(count):
        app = PatentApplication(year, title=f"{year}年专利{n}",
                                patent_number_raw=patent_no(f"2021101{year % 100:02d}{n:03d}"),
                                id_number=resident_id(f"11010519800101{year % 100:02d}{n:02d}"),
                                inventor_name=f"发明人{year}{n}", unit_name="北京市海淀区总工会")
        app_id = reg.save_patent(app)
        for k in range(3):  # its corrections, as a year's intake makes them
            reg.save_patent(replace(reg.patent(app_id), remarks=f"更正{k}"))
        ids.append(app_id)
    return ids


def test_a_years_trail_reads_no_other_years_papers(reg, monkeypatch):
    """A year's trail (导出本年度修改记录, ``audit --year``) read every event of the register
    and dropped other years' in Python: at ten years of 100,000 applications and 1.2 million
    audit lines, 2.3 million documents parsed for 122,000 lines of one year. The events of
    other years' papers never moved between years are no longer read; the lines are the same
    (a paper moved in or out of the year, a deleted one, shared names' changes kept)."""
    from boostdesk.models.records import PATENT

    reg.save_campaign(plan_2022().for_year(2021))
    old = _papers(reg, 2021, 12)
    new = _papers(reg, 2022, 3)
    reg.move_to_year(PATENT, old[0], 2022)  # typed under the wrong year: in both years' trails
    reg.delete_application(PATENT, old[1])  # deleted: named by its documents
    reg.correct_person_name(reg.patent(new[0]).person_id, "发明人改", "身份证为准")
    loads = _loads(monkeypatch)
    lines = audit_log.trail(reg, year=2022)
    read = loads[0]
    monkeypatch.setattr(audit_log, "_YEAR_WHERE", "? IS NOT NULL AND ? IS NOT NULL", raising=False)
    loads[0] = 0
    every = audit_log.trail(reg, year=2022)
    assert lines == every
    assert any(f"专利{old[0]} " in x.subject for x in lines)  # moved in
    assert any("发明人改" in x.details for x in lines)
    # 2021's ten papers left there, four events each (entry and three corrections), unread
    assert read <= loads[0] - 10 * 4, (read, loads[0])
    assert audit_log.trail(reg, year=2021) != []


def test_a_trail_line_carries_no_dictionary_of_its_own():
    """``boostdesk audit`` of a whole register holds every line (the title counts them): at
    1.2 million audit lines the trail's process peaked at 967 MB, the lines' own attribute
    dictionaries 256 bytes each of it. Slotted lines keep only their eight texts: 891 MB."""
    line = audit_log.Line("2022-11-10 09:30:00", "录入员", 2022, "专利1", "修改", "名称：甲 → 乙",
                          "patent_applications", "PC-1")
    assert not hasattr(line, "__dict__")
    assert replace(line, year=2021).year == 2021  # the trail moves a line's year so
