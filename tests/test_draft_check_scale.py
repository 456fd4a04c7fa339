"""The entry form re-checks its paper as the clerk types: what that reads must not grow with
the register (at 100,000 applications it read every patent's claim, ≈ 1.4 s a pause)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fixtures.summary_sheets import own_card
from stdnum.cn import ric

from boostdesk.models.records import PatentApplication, ProjectApplication
from boostdesk.rules import check_patent_draft, check_project_draft
from boostdesk.ui.entry_checks import person_already_applied
from boostdesk.validate import patent_check_char

PATENT = PatentApplication(
    2022, title="一种公交车辆制动系统故障预警装置", patent_number_raw="",
    grant_date=date(2021, 6, 15), inventor_name="张三", id_number="",
    card_number="6214680000000000008", phone="13800138000", frontline=True,
    service_invention=True, applied_in_production=True, unit_name="海淀区总工会",
    enterprise_name="北京中科智测科技有限公司", received_date=date(2022, 10, 25),
)
PROJECT = ProjectApplication(
    2022, title="连铸坯质量在线判定", studio_name="", studio_level="city", leader="李红兵",
    unit_name="首钢集团工会", enterprise_name="首钢特钢材料有限公司",
    approval_date=date(2022, 3, 5), startup_funds_paid=True,
    planned_completion=date(2024, 3, 5), total_budget_fen=400_000_00,
    requested_fen=100_000_00, contact_name="王五", contact_phone="13900139000",
    received_date=date(2022, 10, 30),
)


def _number(n: int) -> str:
    digits = f"20201{n:07d}"
    return f"ZL{digits}.{patent_check_char(digits)}"


def _id(n: int) -> str:
    body = f"11010819800101{n:03d}"
    return body + ric.calc_check_digit(body)


def _fill(reg, count: int) -> None:
    with reg.transaction():
        for n in range(count):
            # each his own phone (the first the fixture's): since stop 45 one of another name
            # with the same phone and birth date is near (rules.near_people) — 400 such would
            # be near each other, every draft reading them all
            reg.save_patent(replace(PATENT, patent_number_raw=_number(n), id_number=_id(n),
                                    inventor_name=f"发明人{n}", card_number=own_card(_id(n)),
                                    phone=PATENT.phone if n == 0 else f"139{n:08d}"))
            # studios of their own leaders and enterprises (the first the fixture's): one
            # leader's studios in one enterprise are counted as one studio since stop 44, and
            # a leader's studios are read to compare their enterprises (studio_names) — 400
            # of one leader would be read at every draft
            reg.save_project(replace(
                PROJECT, title=f"项目{n}", studio_name=f"第{n}创新工作室",
                leader=PROJECT.leader if n == 0 else f"领衔人{n}",
                enterprise_name=PROJECT.enterprise_name if n == 0 else f"北京第{n}机械有限公司"))


def _steps(reg, check, draft, per: int = 100) -> int:
    """SQLite's work for one draft check, in ``per`` VM instructions (hundreds)."""
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    reg.conn.set_progress_handler(count, per)
    try:
        check(reg, draft)
    finally:
        reg.conn.set_progress_handler(None, 0)
    return steps[0]


def _drafts():
    # a paper as typed so far: a known person, a new patent; a known studio's new project
    patent = replace(PATENT, patent_number_raw=_number(900), id_number=_id(3))
    return ((check_patent_draft, patent), (person_already_applied, patent),
            (check_project_draft, replace(PROJECT, title="新项目", studio_name="第3创新工作室")))


def test_a_draft_check_reads_no_more_in_a_large_register_than_in_a_small_one(tmp_path):
    from boostdesk.models.register import Register

    small, large = (Register.open(tmp_path / f"{n}.db", "测试") for n in (10, 400))
    _fill(small, 10)
    _fill(large, 400)
    for check, draft in _drafts():
        for reg in (small, large):  # the first pause after a write reads the year's titles once
            check(reg, draft)
        in_small, in_large = _steps(small, check, draft), _steps(large, check, draft)
        assert in_large <= in_small + 10, (check.__name__, in_small, in_large)
        if check is not person_already_applied:  # the same verdict in either register
            assert [f.code for f in check(large, draft).findings] == [
                f.code for f in check(small, draft).findings]


def test_a_pause_in_typing_a_new_studio_name_reads_no_more_in_a_large_register(tmp_path):
    """The project form asks, at every pause, whether a new studio's name means a known one
    (赵永刚创新工作室 for 赵永刚职工创新工作室): at 14,000 studios each pause went through
    every studio (0.2–0.5 s, 2.6 s when the studios were read afresh)."""
    from boostdesk.intake import known_studio_for, name_core
    from boostdesk.models.register import Register

    small, large = (Register.open(tmp_path / f"{n}.db", "测试") for n in (10, 400))
    _fill(small, 10)
    _fill(large, 400)

    def pause(reg, typed: str, *who: str):
        return known_studio_for(reg, typed, *who, year=2022)

    for reg in (small, large):
        pause(reg, "第3职工工作室")  # the first pause after a write reads the names once
    in_small, in_large = (_steps(reg, lambda r, t: pause(r, t), "第3劳模工作室")
                          for reg in (small, large))
    assert in_large <= in_small + 5, (in_small, in_large)

    for reg in (small, large):
        found = pause(reg, "第3职工工作室")
        assert found is not None and found.studio.name == "第3创新工作室" and found.by_name
        # what a scan of every studio in pinyin order finds first
        scan = next(s for s in reg.studios() if s.leader == "李红兵"
                    and s.enterprise_name == "首钢特钢材料有限公司")
        alike = pause(reg, "全新名称的工作室", "李红兵", "首钢特钢材料有限公司")
        assert alike is not None and alike.studio == scan and not alike.by_name
        assert pause(reg, "全新名称的工作室", "李红兵", "另一家公司") is None
        assert name_core("第3 劳模创新工作室") == "第3"


def test_the_panel_reads_its_projects_not_the_campaigns(tmp_path):
    """专家评审's 分配 and 排名与档次 tabs, and the assignment, read the projects before the
    panel: at 20,000 projects of which a few hundred are in review, every project was
    built to be filtered (2–3.5 s a tab)."""
    from boostdesk.models.records import PROJECT as PROJECT_STREAM
    from boostdesk.models.register import Register
    from boostdesk.panel.experts import panel_projects
    from boostdesk.panel.ranking import rank

    small, large = (Register.open(tmp_path / f"{n}.db", "测试") for n in (10, 400))
    _fill(small, 10)
    _fill(large, 400)
    for reg in (small, large):
        with reg.transaction():
            for app_id in (1, 2, 3):
                reg.set_status(PROJECT_STREAM, app_id, "qualified")
            for app_id in (1, 2):
                reg.set_status(PROJECT_STREAM, app_id, "review")

    def steps(reg, read) -> int:  # in thousands of instructions
        return _steps(reg, lambda r, _d: read(r), None, per=1000)

    for read in (lambda r: panel_projects(r, 2022), lambda r: rank(r, 2022)):
        in_small, in_large = steps(small, read), steps(large, read)
        assert in_large <= in_small + 5, (in_small, in_large)
    for reg in (small, large):
        assert [p.id for p in panel_projects(reg, 2022)] == [1, 2, 3]
        # the qualified project not yet sent to the experts is listed, unscored
        assert sorted(r.project_id for r in rank(reg, 2022).rows) == [1, 2, 3]


def test_the_live_checks_seek_the_person_or_studio_not_walk_the_campaign(tmp_path):
    """Without statistics SQLite found “this person's applications of the year” by walking
    the year's every application (its campaign index) instead of seeking the person's: the
    patent form's 本年度已有申报 note took 0.2–0.45 s at every pause at 80,000 patents.
    Counted in hundreds of SQLite instructions: a walk of 400 applications shows."""
    from boostdesk.intake import known_studio_for
    from boostdesk.models.register import Register
    from boostdesk.ui.entry_checks import person_already_applied

    small, large = (Register.open(tmp_path / f"{n}.db", "测试") for n in (10, 400))
    _fill(small, 10)
    _fill(large, 400)
    (check_patent, patent), _, (check_project, project) = _drafts()

    def fine(reg, work) -> int:
        steps = [0]

        def count() -> int:
            steps[0] += 1
            return 0

        reg.conn.set_progress_handler(count, 100)
        try:
            work(reg)
        finally:
            reg.conn.set_progress_handler(None, 0)
        return steps[0]

    for reg in (small, large):
        known_studio_for(reg, "第3职工工作室", year=2022)  # its names read once until a write
        check_project(reg, project)  # and the year's titles
    for work in (lambda r: person_already_applied(r, patent),
                 lambda r: check_patent(r, patent), lambda r: check_project(r, project),
                 lambda r: known_studio_for(r, "第3职工工作室", year=2022)):
        in_small, in_large = fine(small, work), fine(large, work)
        assert in_large <= in_small + 3, (in_small, in_large)
    assert "本年度已有申报" in person_already_applied(large, patent)
    assert known_studio_for(large, "第3职工工作室", year=2022).this_year == 1
