"""A project paper whose 工作室名称 is blank (left so, or cleared by mistake) is stored as it
was reported: 待补材料 for the missing name (缺少“工作室名称”…请补充), with the studio's level, 示范性 flag and 所在单位
it gives. Those are the studio's facts and the register makes no studio without a name,
so they went nowhere, the audit trail included (migration 21 keeps them on the paper, as
20 keeps a nameless patent paper's ID number and phone)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet

from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table
from boostdesk.models import ProjectApplication
from boostdesk.rules import refresh
from boostdesk.rules.check import check_project_draft
from boostdesk.ui import queries

ENTERPRISE = "北京华信数控技术有限公司"
STUDIO = "李四职工创新工作室"


def _paper(**over: object) -> ProjectApplication:
    values: dict[str, object] = {
        "title": "数控机床精度补偿", "studio_name": "", "studio_level": "city",
        "model_studio": True, "leader": "李四", "unit_name": "北京市朝阳区总工会",
        "enterprise_name": ENTERPRISE, "approval_date": date(2022, 3, 1),
        "startup_funds_paid": True, "planned_completion": date(2023, 12, 31),
        "total_budget_fen": 300_000_00, "requested_fen": 100_000_00}
    values.update(over)
    return ProjectApplication(2022, **values)  # type: ignore[arg-type]


def _codes(reg, app_id: int) -> set[str]:
    text = reg.scalar("SELECT findings FROM project_applications WHERE id = ?", (app_id,))
    return {f["code"] for f in json.loads(text)}


def _reported(reg, app_id: int) -> tuple[object, ...]:
    return reg.conn.execute(
        "SELECT reported_level, reported_model_studio, reported_enterprise_id"
        " FROM project_applications WHERE id = ?", (app_id,)).fetchone()


def _studio_facts(app: ProjectApplication) -> tuple[object, ...]:
    return (app.studio_name, app.studio_level, app.model_studio, app.enterprise_name)


def test_a_paper_without_its_studio_keeps_the_level_model_flag_and_enterprise_it_gives(reg):
    typed = _paper()
    draft = check_project_draft(reg, typed)
    app_id = reg.save_project(typed)
    refresh(reg)

    stored = reg.project(app_id)
    assert stored.studio_id is None
    assert _studio_facts(stored) == ("", "city", True, ENTERPRISE)
    [created] = reg.audit_trail("project_applications", app_id)
    after = created["after"]
    assert (after["studio_level"], after["model_studio"], after["enterprise_name"]) == (
        "city", True, ENTERPRISE)
    # judged as the form judged it: 待补材料 for the name, not 缺少“工作室级别” besides
    assert _codes(reg, app_id) == {f.code for f in draft.findings}
    assert "STUDIO_MISSING" in _codes(reg, app_id)
    assert "STUDIO_LEVEL_MISSING" not in _codes(reg, app_id)
    assert reg.conn.execute("SELECT eligible, incomplete FROM project_applications WHERE id = ?",
                            (app_id,)).fetchone() == (1, 1)
    assert reg.scalar("SELECT COUNT(*) FROM studios") == 0  # no studio counted or made


def test_the_list_shows_the_level_a_paper_without_its_studio_gives(reg):
    nameless = reg.save_project(_paper())
    named = reg.save_project(_paper(studio_name=STUDIO, studio_level="district",
                                    title="另一个项目"))
    rows = queries.load_rows(reg, queries.PROJECT_SPEC, [nameless, named])
    assert [(rows[i].values["studio"], rows[i].values["level"]) for i in (nameless, named)] == [
        (None, "city"), (STUDIO, "district")]


def test_its_studio_named_later_takes_those_facts_and_the_paper_drops_its_own(reg):
    app_id = reg.save_project(_paper())
    reg.save_project(replace(reg.project(app_id), studio_name=STUDIO))

    named = reg.project(app_id)
    assert named.studio_id is not None
    assert _studio_facts(named) == (STUDIO, "city", True, ENTERPRISE)
    studio = reg.studio(STUDIO)
    assert studio is not None
    assert (studio.level, studio.model_studio, studio.enterprise_name) == ("city", True, ENTERPRISE)
    assert _reported(reg, app_id) == (None, None, None)


def test_a_studio_name_cleared_on_a_saved_paper_keeps_its_facts_on_it(reg):
    app_id = reg.save_project(_paper(studio_name=STUDIO))
    reg.save_project(replace(reg.project(app_id), studio_name=""))

    cleared = reg.project(app_id)
    assert cleared.studio_id is None
    assert _studio_facts(cleared) == ("", "city", True, ENTERPRISE)
    assert reg.studio(STUDIO) is None  # named by nothing now: gone, as before


def test_the_enterprise_it_gives_is_corrected_with_the_others(reg):
    """The 所在单位 is a register row (the save makes it): a misspelling corrected on
    单位与人员 reaches the nameless paper, its search text and trail as every other's."""
    app_id = reg.save_project(_paper(enterprise_name="北京华信数空技术有限公司"))
    ent_id = reg.scalar("SELECT id FROM enterprises WHERE name = ?", ("北京华信数空技术有限公司",))
    assert reg.enterprise_papers(ent_id)["projects"] == [app_id]
    reg.correct_enterprise_name(ent_id, ENTERPRISE, "营业执照为“数控”")

    assert reg.project(app_id).enterprise_name == ENTERPRISE
    assert "数控" in reg.scalar("SELECT search_text FROM project_applications WHERE id = ?",
                               (app_id,))
    assert any((e["after"] or {}).get("enterprise_name") == ENTERPRISE
               for e in reg.audit_trail("project_applications", app_id))


def test_an_enterprise_a_nameless_paper_gives_is_not_deleted_as_unused(reg):
    """Another enterprise corrected to its name is refused (two enterprises made one), not
    made by deleting the one the paper refers to (the foreign key would refuse it in
    SQLite's English)."""
    import pytest

    from boostdesk.models import RegisterError

    reg.save_project(_paper())
    reg.save_project(_paper(studio_name=STUDIO, enterprise_name="北京华信数空技术有限公司",
                            title="另一个项目"))
    other = reg.scalar("SELECT id FROM enterprises WHERE name = ?", ("北京华信数空技术有限公司",))
    with pytest.raises(RegisterError, match="项目 1 项"):
        reg.correct_enterprise_name(other, ENTERPRISE, "误作")
    assert reg.project(1).enterprise_name == ENTERPRISE


def test_an_imported_row_without_its_studio_is_stored_with_the_facts_it_gives(tmp_path, reg):
    """A project table's row is keyed by its 项目名称, not its studio (the patent table's by
    its 第一发明人, refused without): a row with no 工作室名称 is stored 待补材料, as the form
    stores one, with the level, 示范性 and 所在单位 it gives."""
    headers = [*PROJECT_HEADERS, "所在单位", "是否示范性工作室"]
    path = write_sheet(tmp_path / "t.xlsx", [
        headers, [*project_row(工作室名称=""), ENTERPRISE, "是"],
        [*project_row(工作室名称=STUDIO, 项目名称="另一个项目", 工作室级别="区级"),
         "北京某某科技有限公司", "否"]])
    preview = read_table(path, 2022)
    assert preview.errors == []
    nameless, named = commit(reg, preview)

    for app in (reg.project(nameless), reg.insert_projects([_paper()], source="t.xlsx")[0]):
        assert _studio_facts(app) == ("", "city", True, ENTERPRISE)
    assert "STUDIO_MISSING" in _codes(reg, nameless)
    [created] = reg.audit_trail("project_applications", nameless)
    assert (created["after"]["studio_level"], created["after"]["enterprise_name"]) == (
        "city", ENTERPRISE)
    assert _reported(reg, named) == (None, None, None)
    assert _studio_facts(reg.project(named)) == (STUDIO, "district", False, "北京某某科技有限公司")
    assert reg.scalar("SELECT COUNT(*) FROM studios") == 1
