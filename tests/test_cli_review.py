"""`boostdesk review`: a paper's materials ticked and its 资格审核 / 核准 decided on the
command line, as the window does them (testers asked: stop 42's README said only the window
could). The same saves, status history and trail lines; a refusal says what is wrong and
changes nothing."""

from __future__ import annotations

import json
from datetime import date

import pytest
from fixtures.summary_sheets import CARD_1, ID_1, INVENTION

from boostdesk.cli import main
from boostdesk.models.records import PATENT, PATENT_MATERIALS, PatentApplication
from boostdesk.models.register import Register
from boostdesk.models.workflow import CLOSE_REASON
from boostdesk.rules import refresh
from tests.test_panel_support import make_project

OPERATOR = "录入员甲"


def a_patent(reg: Register, **over) -> int:
    """A patent the rules find whole but for what ``over`` takes away."""
    values = dict(title="一种焊缝检测装置", patent_number_raw=INVENTION, inventor_name="张三",
                  id_number=ID_1, card_number=CARD_1, unit_name="北京市海淀区总工会",
                  enterprise_name="北京某某科技有限公司", grant_date=date(2021, 5, 11),
                  frontline=True, service_invention=True, applied_in_production=True,
                  received_date=date(2022, 10, 25),
                  materials=dict.fromkeys(PATENT_MATERIALS, True))
    values.update(over)
    app_id = reg.save_patent(PatentApplication(2022, **values))
    refresh(reg, 2022)
    return app_id


@pytest.fixture
def db(tmp_path):
    return tmp_path / "register.db"


def _open(db) -> Register:
    return Register.open(db, operator=OPERATOR)


def review(db, *words: str) -> int:
    return main(["review", *words, "--db", str(db), "--operator", OPERATOR])


def _state(db, app_id: int) -> tuple:
    """Everything a review step may change: the paper's row, its history, the trail."""
    reg = _open(db)
    try:
        row = reg.query("SELECT status, status_reason, materials, award_fen, approved_date,"
                        " eligible, incomplete FROM patent_applications WHERE id = ?",
                        (app_id,))[0]
        return (row, reg.status_history(PATENT, app_id),
                reg.scalar("SELECT count(*) FROM audit_events"))
    finally:
        reg.close()


def _trail(db, since: int) -> list[tuple]:
    reg = _open(db)
    try:
        return [(r["operator"], r["action"], r["entity"], r["entity_id"],
                 json.loads(r["before"] or "null"), json.loads(r["after"] or "null"))
                for r in reg.query("SELECT * FROM audit_events WHERE id > ? ORDER BY id",
                                   (since,))]
    finally:
        reg.close()


def _newest_line(db) -> int:
    reg = _open(db)
    try:
        return reg.scalar("SELECT max(id) FROM audit_events")
    finally:
        reg.close()


def test_ticking_the_missing_material_saves_the_checklist_as_the_form_does(db, capsys):
    reg = _open(db)
    app_id = a_patent(reg, materials={**dict.fromkeys(PATENT_MATERIALS, True),
                                      "production_proof": False})
    reg.close()
    assert _state(db, app_id)[0]["incomplete"] == 1  # 待补材料
    mark = _newest_line(db)
    assert review(db, "materials", "专利1", "--tick", "企业应用证明") == 0
    out = capsys.readouterr().out
    assert "3. √ 企业应用证明" in out and "已保存：勾选 企业应用证明" in out
    assert "核对结果：合格" in out
    row = _state(db, app_id)[0]
    # every item of the year's checklist stored, as the form's boxes are
    assert json.loads(row["materials"]) == dict.fromkeys(PATENT_MATERIALS, True)
    assert row["incomplete"] == 0
    lines = _trail(db, mark)
    assert [(who, action, entity) for who, action, entity, *_ in lines] == [
        (OPERATOR, "update", "patent_applications")]
    assert lines[0][4]["materials"]["production_proof"] is False
    assert lines[0][5]["materials"]["production_proof"] is True


def test_unticking_by_number_and_listing_alone_change_nothing_else(db, capsys):
    reg = _open(db)
    app_id = a_patent(reg)
    reg.close()
    before = _state(db, app_id)
    assert review(db, "materials", "专利1") == 0  # only listed
    assert "5. √ 区、局、集团（公司）工会盖章" in capsys.readouterr().out
    assert _state(db, app_id) == before
    assert review(db, "materials", "专利1", "--untick", "2,5") == 0
    out = capsys.readouterr().out
    assert "已保存：取消 专利证书复印件、区、局、集团（公司）工会盖章" in out
    assert "待补材料" in out
    assert review(db, "materials", "专利1", "--none") == 0
    assert json.loads(_state(db, app_id)[0]["materials"]) == dict.fromkeys(PATENT_MATERIALS, False)


@pytest.mark.parametrize(("words", "said"), [
    (["materials", "专利1", "--tick", "发票"], "2022 年度的材料清单中没有“发票”：可写 1. 申报表"),
    (["materials", "专利1", "--tick", "申报表", "--untick", "1"], "同一材料不能既勾选又取消：申报表"),
    (["materials", "专利9"], "没有编号为 9 的专利申报"),
    (["decide", "专利9", "--pass"], "没有编号为 9 的专利申报"),
    (["decide", "专利1", "--refuse"], "改为“资格审核不通过”须填写理由（用 --reason 写明"),
    (["decide", "专利1", "--approve"], "不能从“已登记”改为“核准”：此处可办的下一步为 资格审核通过、资格审核不通过"),
    (["decide", "专利1", "--reopen", "--reason", "x"], "现已是“已登记”，无需再改"),
    (["decide", "专利1", "--pass", "--date", "2022-13-01"], "没有 13 月"),
    (["decide", "专利1", "--pass", "--date", "2030-01-01"], "资格审核日期"),
])
def test_a_wrong_request_is_refused_in_words_and_changes_nothing(db, capsys, words, said):
    reg = _open(db)
    app_id = a_patent(reg, materials={})  # 待补材料 too
    reg.close()
    before = _state(db, app_id)
    assert review(db, *words) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：") and said in err, err
    assert _state(db, app_id) == before


def test_a_pass_against_the_findings_needs_a_reason_and_records_it(db, capsys):
    reg = _open(db)
    app_id = a_patent(reg, materials={})
    reg.close()
    before = _state(db, app_id)
    assert review(db, "decide", "专利1", "--pass", "--date", "2022-11-10") == 1
    err = capsys.readouterr().err
    assert "自动核对发现不符合项或待补材料" in err and "须用 --reason 写明理由" in err
    assert "请须" not in err
    assert "“说明”" not in err  # the window's field is not the command's
    assert _state(db, app_id) == before
    mark = _newest_line(db)
    assert review(db, "decide", "专利1", "--pass", "--date", "2022-11-10",
                  "--reason", "材料已补交，原件待核") == 0
    out = capsys.readouterr().out
    assert "已记录资格审核通过：专利1“一种焊缝检测装置”（2022 年度），已登记 → 资格审核通过" in out
    assert "资格审核日期 2022-11-10" in out
    row, history, _ = _state(db, app_id)
    assert row["status"] == "qualified" and row["status_reason"] == "材料已补交，原件待核"
    assert history[-1]["decided_on"] == "2022-11-10" and history[-1]["operator"] == OPERATOR
    assert [action for _w, action, *_ in _trail(db, mark)] == ["accept_findings", "status"]


def test_approval_pays_the_year_s_award_and_a_refusal_withdraws_it(db, capsys):
    reg = _open(db)
    app_id = a_patent(reg)
    reg.close()
    assert review(db, "decide", "专利1", "--pass", "--date", "2022-11-10") == 0
    assert review(db, "decide", "专利1", "--approve", "--date", "2022-11-01") == 1
    assert "核准须在资格审核通过之后" in capsys.readouterr().err
    assert review(db, "decide", "专利1", "--approve", "--date", "2022-11-20") == 0
    row = _state(db, app_id)[0]
    assert (row["status"], row["award_fen"], row["approved_date"]) == ("approved", 300000,
                                                                      "2022-11-20")
    assert "核准日期 2022-11-20" in capsys.readouterr().out
    assert review(db, "decide", "专利1", "--refuse", "--reason", "经核实为实用新型") == 0
    row = _state(db, app_id)[0]
    assert (row["status"], row["award_fen"], row["approved_date"]) == ("refused", None, None)
    assert review(db, "decide", "专利1", "--reopen", "--reason", "更正后重新审核") == 0
    assert _state(db, app_id)[0]["status"] == "registered"


def test_a_paid_paper_s_refusal_lists_only_what_review_does_and_where_the_rest_is_done():
    from boostdesk.paper_review import next_steps

    said = next_steps(PATENT, "paid")
    assert said.startswith("此处没有可办的下一步；其余在别处办理：改为“核准”到“拨付”撤销拨付登记")
    assert "；撤销助推：" in said and "下一步为 核准" not in said


def test_a_project_s_qualification_goes_through_the_panel_s_decision(db, capsys):
    reg = _open(db)
    project = make_project(reg, "焊接机器人攻关", "李四职工创新工作室")
    refresh(reg, 2022)
    reg.close()
    before = _state_project(db, project)
    assert review(db, "decide", f"项目{project}", "--refuse") == 1  # 资格审核's own refusal
    assert "自动核对未发现项目“焊接机器人攻关”有不符合项，不通过须填写理由" in capsys.readouterr().err
    assert _state_project(db, project) == before
    mark = _newest_line(db)
    assert review(db, "decide", f"项目{project}", "--refuse", "--reason", "非企业立项") == 0
    assert [action for _w, action, *_ in _trail(db, mark)] == ["status", "qualify"]
    assert review(db, "decide", f"项目{project}", "--approve") == 1
    assert "不能从“资格审核不通过”改为“核准”" in capsys.readouterr().err


def _state_project(db, app_id: int) -> tuple:
    reg = _open(db)
    try:
        return (reg.query("SELECT status, status_reason FROM project_applications WHERE id = ?",
                          (app_id,))[0], reg.scalar("SELECT count(*) FROM audit_events"))
    finally:
        reg.close()


def test_a_paper_its_year_s_close_decided_says_so(db, capsys):
    reg = _open(db)
    app_id = a_patent(reg)
    reg.set_status(PATENT, app_id, "refused", CLOSE_REASON)
    reg.close()
    before = _state(db, app_id)
    assert review(db, "decide", "专利1", "--pass") == 1
    err = capsys.readouterr().err
    assert "不能从“资格审核不通过”改为“资格审核通过”" in err
    assert "该申报已随 2022 年度结年" in err and "未作改动" in err
    assert _state(db, app_id) == before


def test_todo_names_the_review_commands_and_they_run_as_printed(db, capsys):
    """`todo` on the command line sent a patent to 改变状态（Ctrl+M）, a window's place."""
    reg = _open(db)
    app_id = a_patent(reg)
    reg.close()
    assert main(["todo", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"boostdesk --db {db} review decide 专利1 --pass 或 --refuse --reason 理由" in out
    assert "Ctrl+M" not in out
    assert review(db, "decide", "专利1", "--pass") == 0
    capsys.readouterr()
    assert main(["todo", "--db", str(db)]) == 0
    assert f"boostdesk --db {db} review decide 专利1 --approve" in capsys.readouterr().out
    assert review(db, "decide", "专利1", "--approve") == 0
    assert _state(db, app_id)[0]["status"] == "approved"


def test_a_reopened_patent_s_verdict_is_the_one_stored_and_its_rival_s_change_is_said(
        db, capsys):
    """Testers (stop 44): 专利63 refused, then reopened, printed 不合格 for 在先申报 专利64 —
    the verdict of the refusal, before the person's papers were ranked again — while the
    lists said 63 待补材料 and 64 不合格 (在先：专利63), and nothing told of 64."""
    from fixtures.summary_sheets import INVENTION_2

    reg = _open(db)
    first, second = a_patent(reg), a_patent(reg, patent_number_raw=INVENTION_2,
                                            title="一种焊缝打磨装置")
    reg.close()
    assert review(db, "decide", f"专利{first}", "--refuse", "--reason", "企业应用证明不实",
                  "--date", "2022-11-05") == 0
    out = capsys.readouterr().out
    assert f"专利{second} 的核对结果随之改变：不合格 → 合格（不再：张三 本年度已有在先申报的专利" in out
    assert review(db, "decide", f"专利{first}", "--reopen", "--reason", "补交企业应用证明") == 0
    said = capsys.readouterr().out.splitlines()
    assert said[1] == "状态：已登记；核对结果：合格"
    assert said[2].startswith(f"专利{second} 的核对结果随之改变：合格 → 不合格（张三 本年度已有在先申报的专利"
                              f"（{INVENTION}，专利{first}）")
    assert len(said) == 3
    for app_id, verdict in ((first, said[1]), (second, "状态：已登记；核对结果：不合格")):
        assert review(db, "materials", f"专利{app_id}") == 0  # as stored, as the lists say
        assert capsys.readouterr().out.splitlines()[-1].startswith(verdict)
