"""Later years' verdicts kept current by every write to an earlier paper, in the write's
own transaction (``rules.check.rejudge_later``, from ``Register``), citing each later
year's own clause numbers: a patent's status move (一（三）: one award per patent, and the
person's one award of the year that turns on it); a project's or a patent's title, studio
or patent number edited, the paper deleted or brought back, moved to another year — the
later papers of its key before the write and after it. No re-check is run here: what is
asserted is what the write itself stored (the lists, award holds and statistics read it)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from test_project_repeat import STUDIO, TITLE, paper
from test_rules_years import EARLY, _number, patent

from boostdesk.campaign_settings import apply_settings
from boostdesk.models import PatentApplication, ProjectApplication, Register, plan_2022
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.models.register import RegisterError
from boostdesk.models.workflow import NEEDS_REASON, TRANSITIONS
from boostdesk.rules import check_campaign, recheck
from boostdesk.rules.findings import is_eligible, is_incomplete, stored_findings, to_json

LI_SI = "110105198507070024"
OTHER = _number("202210654321")  # another patent granted in 2022 (2023's window)


def stored(reg: Register, stream: str, app_id: int) -> tuple[bool, list[str]]:
    """As stored: eligible, the findings' messages."""
    table = "patent_applications" if stream == PATENT else "project_applications"
    eligible, text = reg.conn.execute(
        f"SELECT eligible, findings FROM {table} WHERE id = ?", (app_id,)).fetchone()
    return bool(eligible), [f.message for f in stored_findings(text)]


def duplicate(number: str, app_id: int, held: str = "申报", clause: str = "方案一（四）",
              by: str = "") -> str:
    """``by``: the paper's first inventor, another than 2022's 张三 (a rival claim, named)."""
    return (f"专利 {number} 已于 2022 年度{held}（专利{app_id}），同一专利不能重复申报（{clause}）"
            + (rival(app_id, by) if by else ""))


def rival(app_id: int, by: str) -> str:
    return (f"：登记册中专利{app_id}的第一发明人为张三，本申报为{by}，"
            "两人都称是该专利的第一发明人，请按专利证书核定")


@pytest.fixture
def years(reg: Register) -> Register:
    """2022's plan and 2023's, re-issued with 一（三） renumbered 一（四） (and 一（四）1 一（五）1),
    二（二） 二（三）."""
    reg.save_campaign(apply_settings(plan_2022().for_year(2023), [
        ("clause_patent_award", "一（四）"), ("clause_patent_materials", "一（五）1"),
        ("clause_project_conditions", "二（一）（三）"), ("clause_project_approval", "二（三）1"),
        ("clause_project_studio", "二（三）2")]))
    return reg


def early(year: int, **over) -> object:
    """A paper of the patent granted 2022-03-01: 2023's window, a year too early for 2022's."""
    return patent(year, patent_number_raw=EARLY, grant_date=date(2022, 3, 1), **over)


# -- 1. a patent's status move re-judges later years' papers of its number ---------------
@pytest.fixture
def sent_early(years):
    """2022's paper of a patent sent a year too early (claiming nothing while registered),
    and 2023's paper of it by another inventor, 合格."""
    reg = years
    first = reg.save_patent(early(2022))
    again = reg.save_patent(early(2023, inventor_name="李四", id_number=LI_SI))
    recheck(reg)
    assert stored(reg, PATENT, again) == (True, [])
    return reg, first, again


def test_2022s_paper_passed_makes_2023s_a_duplicate_in_the_move(sent_early):
    reg, first, again = sent_early
    with reg.transaction():
        reg.set_status(PATENT, first, "qualified", "经核实按例通过")
        said = stored(reg, PATENT, again)  # before the commit: the move's own
    assert said == (False, [duplicate(EARLY, first, by="李四")])


def test_2022s_paper_refused_then_reopened_moves_2023s_verdict_each_time(sent_early):
    reg, first, again = sent_early
    reg.set_status(PATENT, first, "qualified", "经核实按例通过")
    reg.set_status(PATENT, first, "refused", "授权日不在期间内")
    assert stored(reg, PATENT, again) == (True, [])
    reg.set_status(PATENT, first, "registered", "重新审核")  # registered, a year too early
    assert stored(reg, PATENT, again) == (True, [])
    reg.set_status(PATENT, first, "qualified", "经核实按例通过")
    assert stored(reg, PATENT, again) == (False, [duplicate(EARLY, first, by="李四")])


def test_a_patent_move_rolled_back_leaves_2023s_verdict_as_it_was(sent_early):
    reg, first, again = sent_early
    with pytest.raises(RuntimeError), reg.transaction():
        reg.set_status(PATENT, first, "qualified", "经核实按例通过")
        raise RuntimeError
    assert stored(reg, PATENT, again) == (True, [])


def test_a_refusal_in_2022_takes_the_duplicate_off_2023s_paper_and_a_reopening_puts_it_back(years):
    """A patent of 2022's window sent again in 2023: refused there for its grant date, and
    as a duplicate only while 2022's paper claims the number."""
    reg = years
    first = reg.save_patent(patent(2022))
    number = reg.patent(first).patent_number
    again = reg.save_patent(patent(2023, patent_number_raw=number, grant_date=date(2021, 6, 15)))
    recheck(reg)
    ok, said = stored(reg, PATENT, again)
    assert not ok and said[-1] == duplicate(number, first)
    reg.set_status(PATENT, first, "refused", "非职务发明")
    ok, said = stored(reg, PATENT, again)
    assert not ok and not any("同一专利" in s for s in said)
    reg.set_status(PATENT, first, "registered", "重新审核")
    assert stored(reg, PATENT, again)[1][-1] == duplicate(number, first)


def test_2022s_approval_is_named_on_2023s_paper_with_the_move(sent_early):
    reg, first, again = sent_early
    reg.set_status(PATENT, first, "qualified", "经核实按例通过")
    reg.set_status(PATENT, first, "approved", award_fen=3000_00, approved_date=date(2022, 12, 20))
    assert stored(reg, PATENT, again) == (False, [duplicate(EARLY, first, "获助推", by="李四")])


def test_the_persons_other_2023_paper_is_judged_again_with_the_move(sent_early):
    """一（三）每人每年最多享受一次: 李四's second 2023 paper is refused while his first is
    合格; once 2022's move makes the first a duplicate, the second is his one — at once."""
    reg, first, again = sent_early
    second = reg.save_patent(patent(2023, patent_number_raw=OTHER, grant_date=date(2022, 5, 1),
                                    inventor_name="李四", id_number=LI_SI))
    recheck(reg)
    ok, [said] = stored(reg, PATENT, second)
    assert not ok and said.startswith("李四 本年度") and said.endswith("（方案一（四））")
    reg.set_status(PATENT, first, "qualified", "经核实按例通过")
    assert stored(reg, PATENT, second) == (True, [])
    reg.set_status(PATENT, first, "refused", "授权日不在期间内")
    assert stored(reg, PATENT, second)[0] is False


def test_any_later_year_of_the_number_is_judged_again(years):
    reg = years
    reg.save_campaign(plan_2022().for_year(2024))
    first = reg.save_patent(early(2022))
    later = reg.save_patent(early(2024, inventor_name="李四", id_number=LI_SI))
    recheck(reg)
    reg.set_status(PATENT, first, "qualified", "经核实按例通过")
    assert duplicate(EARLY, first, clause="方案一（三）", by="李四") in stored(reg, PATENT, later)[1]


# -- 2. other writes to an earlier patent ---------------------------------------------------
@pytest.fixture
def claimed(years):
    """2022's paper claiming EARLY (passed) and 2023's paper of it, a duplicate; 2023's
    paper of OTHER, 合格."""
    reg = years
    first = reg.save_patent(early(2022))
    reg.set_status(PATENT, first, "qualified", "经核实按例通过")
    again = reg.save_patent(early(2023, inventor_name="李四", id_number=LI_SI))
    other = reg.save_patent(patent(2023, patent_number_raw=OTHER, grant_date=date(2022, 5, 1),
                                   inventor_name="王五", id_number="11010519491231002X"))
    recheck(reg)
    assert stored(reg, PATENT, again) == (False, [duplicate(EARLY, first, by="李四")])
    assert stored(reg, PATENT, other) == (True, [])
    return reg, first, again, other


def test_2022s_patent_number_corrected_moves_both_numbers_2023_papers(claimed):
    reg, first, again, other = claimed
    reg.save_patent(replace(reg.patent(first), patent_number_raw=OTHER))
    assert stored(reg, PATENT, again) == (True, [])  # the old number's
    assert stored(reg, PATENT, other) == (False, [duplicate(OTHER, first, by="王五")])  # the new one's


def test_2022s_patent_paper_deleted_then_brought_back(claimed):
    reg, first, again, _other = claimed
    gone = reg.patent(first)
    reg.delete_application(PATENT, first)
    assert stored(reg, PATENT, again) == (True, [])
    reg.save_patent(replace(gone, id=None), restore_id=first)  # the deletion undone
    assert stored(reg, PATENT, again) == (False, [duplicate(EARLY, first, by="李四")])


def test_2022s_patent_paper_moved_into_2023(sent_early):
    """Sent a year too early and typed under 2022 (claiming nothing there): moved into 2023,
    whose window its grant is in, it is the year's first paper of the number (registered
    earlier), 2023's other one the year's second — and back in 2022, 合格 again."""
    reg, first, again = sent_early
    reg.move_to_year(PATENT, first, 2023)
    assert stored(reg, PATENT, again) == (False, [
        f"专利 {EARLY} 本年度已有申报（专利{first}），同一专利不能重复申报（方案一（四））"
        + rival(first, "李四")])
    reg.move_to_year(PATENT, first, 2022)
    assert stored(reg, PATENT, again) == (True, [])


# -- 2. other writes to an earlier project --------------------------------------------------
def repeat(app_id: int, state: str = "拟助推") -> str:
    return (f"工作室“{STUDIO}”的项目“{TITLE}”已列入 2022 年度拟助推项目（项目{app_id}，{state}），"
            "同一项目不能重复申报（方案二（三）2）")


def caution(app_id: int) -> str:
    return (f"工作室的同名项目正在 2022 年度评审中（项目{app_id}，已登记）："
            "如获助推，本项目按方案二（三）2 不能再获助推")


@pytest.fixture
def listed(years):
    """2022's project on the 拟助推 list and 2023's paper of it, a repeat."""
    reg = years
    first, again = reg.save_project(paper(2022)), reg.save_project(paper(2023))
    for target in ("qualified", "review", "proposed"):
        reg.set_status(PROJECT, first, target)
    assert stored(reg, PROJECT, again) == (False, [repeat(first)])
    return reg, first, again


def test_2022s_title_corrected_unbars_2023s_paper_and_back(listed):
    reg, first, again = listed
    reg.save_project(replace(reg.project(first), title="数控机床热误差补偿"))
    assert stored(reg, PROJECT, again) == (True, [])
    reg.save_project(replace(reg.project(first), title=TITLE))
    assert stored(reg, PROJECT, again) == (False, [repeat(first)])


def test_2022s_studio_corrected_moves_both_studios_2023_papers(listed):
    reg, first, again = listed
    elsewhere = reg.save_project(paper(2023, studio_name="王五劳模创新工作室", leader="王五"))
    recheck(reg)

    def same_title(app_id: int, studio: str) -> str:  # two studios' papers of one title
        return f"本年度已有同名项目：项目{app_id}（{studio}）。请核对是否同一项目重复申报"

    assert stored(reg, PROJECT, elsewhere) == (True, [same_title(again, STUDIO)])
    reg.save_project(replace(reg.project(first), studio_name="王五劳模创新工作室", leader="王五"))
    # the old studio's
    assert stored(reg, PROJECT, again) == (True, [same_title(elsewhere, "王五劳模创新工作室")])
    ok, [said, also] = stored(reg, PROJECT, elsewhere)  # the new one's
    assert not ok and said.startswith("工作室“王五劳模创新工作室”的项目") and said.endswith(
        f"已列入 2022 年度拟助推项目（项目{first}，拟助推），同一项目不能重复申报（方案二（三）2）")
    assert also == same_title(again, STUDIO)


def test_2022s_project_deleted_then_brought_back(years):
    reg = years
    first, again = reg.save_project(paper(2022)), reg.save_project(paper(2023))
    recheck(reg)
    assert stored(reg, PROJECT, again) == (True, [caution(first)])
    gone = reg.project(first)
    with reg.transaction():
        reg.delete_application(PROJECT, first)
        assert stored(reg, PROJECT, again) == (True, [])
    reg.save_project(replace(gone, id=None), restore_id=first)
    assert stored(reg, PROJECT, again) == (True, [caution(first)])


def test_2022s_project_moved_into_2023_is_the_years_first_paper_of_it(years):
    reg = years
    first, again = reg.save_project(paper(2022)), reg.save_project(paper(2023))
    recheck(reg)
    reg.move_to_year(PROJECT, first, 2023)
    assert stored(reg, PROJECT, again) == (False, [
        f"工作室“{STUDIO}”的项目“{TITLE}”已申报（项目{first}），同一项目不能重复申报（方案二（三）2）"])
    reg.move_to_year(PROJECT, first, 2022)
    assert stored(reg, PROJECT, again) == (True, [caution(first)])


def test_a_save_changing_nothing_a_later_paper_reads_leaves_it(listed):
    """The contact's phone corrected: 2023's paper is not judged (nor rewritten) again."""
    reg, first, again = listed
    reg.conn.execute("UPDATE project_applications SET findings = '[]', eligible = 1 WHERE id = ?",
                     (again,))
    reg.save_project(replace(reg.project(first), contact_phone="010-83570883"))
    assert stored(reg, PROJECT, again) == (True, [])


# -- random writes to the earlier year: the later year's verdicts stay a full check's ------
YEARS = (2021, 2022)
NUMBERS = [EARLY, OTHER, _number("202110123456"), _number("202010777777")]
GRANTED = st.sampled_from([date(2020, 6, 15), date(2021, 6, 15), date(2022, 3, 1)])
PEOPLE = [{"inventor_name": "张三", "id_number": "110108198001010015"},
          {"inventor_name": "李四", "id_number": LI_SI},
          {"inventor_name": "王五", "id_number": "11010519491231002X"}]
STUDIOS = [STUDIO, "王五劳模创新工作室"]
TITLES = [TITLE, "数控机床热误差补偿"]


class EarlierYearWrites(RuleBasedStateMachine):
    """Papers of 2021 and 2022 from small pools (patent numbers, people, studios, titles),
    so that they collide across the years; every write to a 2021 paper through the
    register (a status move, its number, grant date, title or studio edited, deleted and
    brought back, moved into 2022) is made with no re-check after it, and 2022's stored
    verdicts must still be what ``check_campaign`` says of 2022. (A person's or a studio's
    own facts are the same on every paper here: those are the re-check's.)"""

    def __init__(self) -> None:
        super().__init__()
        self.reg = Register.open(":memory:", operator="测试员")
        self.reg.save_campaign(self.reg.campaign(2022).for_year(2021))
        recheck(self.reg)
        self.gone: list[PatentApplication | ProjectApplication] = []

    def teardown(self) -> None:
        self.reg.close()

    def earlier(self, stream: str) -> list[int]:
        table = "patent_applications" if stream == PATENT else "project_applications"
        return [i for (i,) in self.reg.conn.execute(
            f"SELECT a.id FROM {table} a JOIN campaigns c ON c.id = a.campaign_id"
            " WHERE c.year = 2021 ORDER BY a.id")]

    @rule(year=st.sampled_from(YEARS), number=st.sampled_from(NUMBERS), who=st.integers(0, 2),
          granted=GRANTED, status=st.sampled_from(["registered", "registered", "approved"]))
    def new_patent(self, year: int, number: str, who: int, granted: date, status: str) -> None:
        with self.reg.transaction():
            self.reg.save_patent(patent(year, patent_number_raw=number, grant_date=granted,
                                        status=status, **PEOPLE[who]))
            if year == 2022:  # a write to 2022's own papers: its re-check
                recheck(self.reg)

    @rule(year=st.sampled_from(YEARS), studio=st.sampled_from(STUDIOS),
          title=st.sampled_from(TITLES))
    def new_project(self, year: int, studio: str, title: str) -> None:
        with self.reg.transaction():
            self.reg.save_project(paper(year, studio_name=studio, title=title))
            if year == 2022:
                recheck(self.reg)

    def _pick(self, stream: str, pick: int) -> int | None:
        ids = self.earlier(stream)
        return ids[pick % len(ids)] if ids else None

    @rule(stream=st.sampled_from([PATENT, PROJECT]), pick=st.integers(0, 10**6),
          choice=st.integers(0, 10))
    def move_status(self, stream: str, pick: int, choice: int) -> None:
        app_id = self._pick(stream, pick)
        if app_id is None:
            return
        targets = TRANSITIONS[stream][self.reg.application(stream, app_id).status]
        target = targets[choice % len(targets)]
        fields: dict = {}
        if target == "approved":
            fields = {"award_fen": 3000_00, "approved_date": date(2021, 12, 5)}
        if target == "accepted":
            fields = {"accepted_date": date(choice % 2 + 2022, 3, 1)}
        self.reg.set_status(stream, app_id, target, "测试" if target in NEEDS_REASON else "",
                            **fields)

    @rule(pick=st.integers(0, 10**6), number=st.sampled_from(NUMBERS), granted=GRANTED)
    def edit_patent(self, pick: int, number: str, granted: date) -> None:
        app_id = self._pick(PATENT, pick)
        if app_id is None:
            return
        try:
            self.reg.save_patent(replace(self.reg.patent(app_id), patent_number_raw=number,
                                         grant_date=granted))
        except RegisterError as exc:  # a paid paper keeps the number it was paid on, an
            # approved one changes it only with a reason (印在已签批的审批表上): rolled back,
            # nothing saved (as test_recheck)
            assert "登记拨付" in str(exc) or "印在已签批的审批表上" in str(exc), str(exc)

    @rule(pick=st.integers(0, 10**6), studio=st.sampled_from(STUDIOS),
          title=st.sampled_from(TITLES))
    def edit_project(self, pick: int, studio: str, title: str) -> None:
        app_id = self._pick(PROJECT, pick)
        if app_id is None:
            return
        try:
            self.reg.save_project(replace(self.reg.project(app_id), studio_name=studio,
                                          title=title))
        except RegisterError as exc:  # an approved award's title or studio needs a reason
            assert "印在已签批的审批表上" in str(exc) or "登记拨付" in str(exc), str(exc)

    @rule(stream=st.sampled_from([PATENT, PROJECT]), pick=st.integers(0, 10**6))
    def delete(self, stream: str, pick: int) -> None:
        app_id = self._pick(stream, pick)
        if app_id is not None:
            self.gone.append(self.reg.application(stream, app_id))
            self.reg.delete_application(stream, app_id)

    @precondition(lambda self: self.gone)
    @rule()
    def bring_back(self) -> None:
        app = self.gone.pop()
        with self.reg.transaction():
            if isinstance(app, PatentApplication):
                self.reg.save_patent(replace(app, id=None), restore_id=app.id)
            else:
                self.reg.save_project(replace(app, id=None), restore_id=app.id)

    @rule(stream=st.sampled_from([PATENT, PROJECT]), pick=st.integers(0, 10**6))
    def move_into_2022(self, stream: str, pick: int) -> None:
        app_id = self._pick(stream, pick)
        if app_id is not None and self.reg.application(stream, app_id).status in (
                "registered", "refused"):
            self.reg.move_to_year(stream, app_id, 2022)

    @invariant()
    def later_years_verdicts_are_a_full_checks(self) -> None:
        for v in check_campaign(self.reg, 2022):
            table = "patent_applications" if v.stream == PATENT else "project_applications"
            stored_row = self.reg.conn.execute(
                f"SELECT eligible, incomplete, findings FROM {table} WHERE id = ?",
                (v.app_id,)).fetchone()
            assert tuple(stored_row) == (int(is_eligible(v.findings)),
                                         int(is_incomplete(v.findings)), to_json(v.findings))


EarlierYearWrites.TestCase.settings = settings(
    max_examples=60, stateful_step_count=20, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestLaterYearsKeptCurrent = EarlierYearWrites.TestCase
