"""一（三）每人每年最多享受一次助推 as the year's parameter (`max_patent_awards_per_person`):
2022's plan allows one award a person a year; a re-issued plan may allow more. The first N
of a person's otherwise eligible patents (awarded first, then first come) keep; the others
are refused with the year's number stated."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from test_ui_support import answers, ctx, qsettings, type_text, window

from boostdesk.campaign_settings import apply_settings, campaign_lines, validate_campaign
from boostdesk.cli import main
from boostdesk.models import Campaign, PatentApplication, Register, plan_2022
from boostdesk.models.records import PATENT_MATERIALS
from boostdesk.rules import check_campaign, check_patent_draft, refresh
from boostdesk.rules.patent import intrinsic_findings
from boostdesk.ui.entry_checks import person_already_applied
from boostdesk.validate import ValidationError

__all__ = ["answers", "ctx", "qsettings", "window"]

ID_ZHANG = "110108198001010015"
CARD = "6214680000000000008"
NUMBERS = ("ZL202110123456.7", "ZL202110654321.3", "ZL202110777777.9")
TWICE = "每人每年最多享受 2 次助推"


def _app(number: str, **over: object) -> PatentApplication:
    base = PatentApplication(
        campaign_year=2022, title=f"一种焊缝缺陷识别方法{number[-3:]}",
        patent_number_raw=number, grant_date=date(2021, 6, 15), inventor_name="张三",
        id_number=ID_ZHANG, card_number=CARD, phone="13800138000", frontline=True,
        service_invention=True, applied_in_production=True, unit_name="海淀区总工会",
        enterprise_name="北京中科智测科技有限公司", received_date=date(2022, 10, 25),
        materials=dict.fromkeys(PATENT_MATERIALS, True))
    return replace(base, **over)


def _allow(reg: Register, n: int) -> None:
    reg.save_campaign(reg.campaign(2022).with_changes(max_patent_awards_per_person=n))


def _verdicts(reg: Register) -> dict[int | None, object]:
    return {v.app_id: v for v in check_campaign(reg, 2022) if v.stream == "patent"}


# -- the campaign parameter ------------------------------------------------------------------
def test_2022s_plan_allows_one_award_a_person_a_year():
    assert plan_2022().max_patent_awards_per_person == 1


def test_a_campaign_stored_before_the_parameter_existed_reads_one():
    stored = json.loads(plan_2022().for_year(2023).to_json())
    del stored["max_patent_awards_per_person"]
    assert Campaign.from_json(json.dumps(stored)).max_patent_awards_per_person == 1


def test_the_parameter_round_trips_through_the_register(reg):
    changed = plan_2022().with_changes(max_patent_awards_per_person=2)
    reg.save_campaign(changed)
    assert reg.campaign(2022).max_patent_awards_per_person == 2
    assert reg.campaign(2022) == changed


def test_fewer_than_one_is_refused():
    with pytest.raises(ValidationError, match="应在 1 至"):
        validate_campaign(plan_2022().with_changes(max_patent_awards_per_person=0))
    with pytest.raises(ValidationError, match="专利助推每人每年最多享受（次）应在 1 至 20 之间，现为 0"):
        apply_settings(plan_2022(), [("max_patent_awards_per_person", "0")])
    with pytest.raises(ValidationError, match="max_patent_awards_per_person.*应为正整数"):
        apply_settings(plan_2022(), [("max_patent_awards_per_person", "两")])
    c = apply_settings(plan_2022(), [("max_patent_awards_per_person", "3")])
    assert c.max_patent_awards_per_person == 3


def test_the_parameter_is_listed_as_the_plan_words_it():
    assert "专利助推每人每年最多享受：1 次" in campaign_lines(plan_2022())
    two = plan_2022().with_changes(max_patent_awards_per_person=2)
    assert "专利助推每人每年最多享受：2 次" in campaign_lines(two)


# -- the rule ---------------------------------------------------------------------------------
def test_two_allowed_keeps_a_persons_second_patent_and_refuses_the_third(reg):
    _allow(reg, 2)
    ids = [reg.save_patent(_app(n)) for n in NUMBERS]
    v = _verdicts(reg)
    assert [v[i].eligible for i in ids] == [True, True, False]
    [f] = v[ids[2]].findings
    assert f.code == "PERSON_ALREADY_AWARDED_THIS_YEAR"
    assert TWICE in f.message and "方案一（三）" in f.message
    assert "一次" not in f.message
    # names both patents that keep the person's awards
    assert NUMBERS[0] in f.message and NUMBERS[1] in f.message
    assert f"专利{ids[0]}" in f.message and f"专利{ids[1]}" in f.message


def test_with_two_allowed_the_awarded_patents_keep_theirs(reg):
    _allow(reg, 2)
    ids = [reg.save_patent(_app(n)) for n in NUMBERS]
    for app_id in ids[1:]:
        reg.set_status("patent", app_id, "qualified")
        reg.set_status("patent", app_id, "approved", award_fen=3000_00)
    v = _verdicts(reg)
    assert [v[i].eligible for i in ids] == [False, True, True]
    assert "本年度已获助推的专利" in v[ids[0]].findings[0].message


def test_a_draft_third_patent_is_told_and_a_second_is_not(reg):
    _allow(reg, 2)
    reg.save_patent(_app(NUMBERS[0]))
    assert check_patent_draft(reg, _app(NUMBERS[1])).eligible
    reg.save_patent(_app(NUMBERS[1]))
    draft = check_patent_draft(reg, _app(NUMBERS[2]))
    assert [f.code for f in draft.findings] == ["PERSON_ALREADY_AWARDED_THIS_YEAR"]
    assert TWICE in draft.findings[0].message


def test_the_entry_forms_hint_counts_the_years_number(reg):
    _allow(reg, 2)
    reg.save_patent(_app(NUMBERS[0]))
    assert person_already_applied(reg, _app(NUMBERS[1])) is None  # room for a second
    reg.save_patent(_app(NUMBERS[1]))
    hint = person_already_applied(reg, _app(NUMBERS[2]))
    assert hint is not None and TWICE in hint and "方案一（三）" in hint
    assert NUMBERS[0] in hint and NUMBERS[1] in hint
    assert "保存后核对时只有 2 项可以合格" in hint


def test_the_entry_forms_hint_with_one_allowed_is_2022s(reg):
    reg.save_patent(_app(NUMBERS[0]))
    hint = person_already_applied(reg, _app(NUMBERS[1]))
    assert hint is not None and "每人每年最多享受一次助推（方案一（三））" in hint
    assert hint.endswith("保存后核对时只有一项可以合格")


def test_a_missing_id_number_names_the_years_number():
    plan = plan_2022()
    one = next(f for f in intrinsic_findings(plan, _app(NUMBERS[0], id_number=""))
               if f.code == "PERSON_ID_INVALID")
    assert "一人一年一次助推" in one.message
    two = plan.with_changes(max_patent_awards_per_person=2)
    told = next(f for f in intrinsic_findings(two, _app(NUMBERS[0], id_number=""))
                if f.code == "PERSON_ID_INVALID")
    assert "一人一年至多 2 次助推" in told.message


# -- campaign set / show / new ------------------------------------------------------------------
def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_campaign_set_stores_it_and_re_checks_the_year(capsys, tmp_path):
    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        first, second = (reg.save_patent(_app(n)) for n in NUMBERS[:2])
        refresh(reg, 2022)
        assert reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (second,)) == 0
    code, out, err = run(capsys, "campaign", "set", "--db", str(db),
                         "max_patent_awards_per_person=2")
    assert code == 0, err
    assert "专利助推每人每年最多享受：1 次 → 2 次" in out
    with Register.open(db) as reg:
        assert reg.campaign(2022).max_patent_awards_per_person == 2
        assert [reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (i,))
                for i in (first, second)] == [1, 1]
    code, out, err = run(capsys, "campaign", "show", "--db", str(db))
    assert code == 0 and "专利助推每人每年最多享受：2 次" in out
    code, out, err = run(capsys, "campaign", "set", "--db", str(db),
                         "max_patent_awards_per_person=0")
    assert code == 1 and "专利助推每人每年最多享受（次）应在 1 至 20 之间" in err
    with Register.open(db) as reg:
        assert reg.campaign(2022).max_patent_awards_per_person == 2


def test_campaign_new_carries_it_over(capsys, tmp_path):
    db = str(tmp_path / "r.db")
    assert run(capsys, "campaign", "set", "--db", db, "max_patent_awards_per_person=2")[0] == 0
    assert run(capsys, "campaign", "new", "--db", db, "--year", "2023")[0] == 0
    with Register.open(db) as reg:
        assert reg.campaign(2023).max_patent_awards_per_person == 2


# -- 设置 ---------------------------------------------------------------------------------------
def test_settings_shows_types_and_saves_it(window, reg, qtbot, answers):
    from PySide6.QtCore import Qt

    first, second = (reg.save_patent(_app(n)) for n in NUMBERS[:2])
    refresh(reg, 2022)
    screen = window.screen_named("设置")
    assert screen.max_patent_awards.value() == 1
    screen.max_patent_awards.setFocus()
    screen.max_patent_awards.selectAll()
    type_text(qtbot, "2", screen.max_patent_awards)
    qtbot.keyClick(screen.max_patent_awards, Qt.Key.Key_Tab)
    assert screen.save_campaign(), screen.campaign_message.text()
    assert reg.campaign(2022).max_patent_awards_per_person == 2
    assert reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (second,)) == 1
    screen.load()
    assert screen.max_patent_awards.value() == 2
    window.ctx.undo_stack.undo()
    assert reg.campaign(2022).max_patent_awards_per_person == 1
