"""撤销维持公示档次: a keep-tier decision withdrawn before its publicity closes (stop 34 left
it without undo): the freed place names the project next in line again, exactly as before
the decision; once the publicity is closed the withdrawal is refused. The trail keeps both."""

from __future__ import annotations

from datetime import date

import pytest
from test_freed_places import published
from test_kept_tier_leaves_places_open import ids, uphold  # noqa: F401 - ids: a fixture
from test_panel_support import YEAR

from boostdesk import audit_log
from boostdesk.panel.errors import PanelError
from boostdesk.panel.freed_places import open_place_lines, raised_place
from boostdesk.panel.publicity import close_publicity, record_objection, resolve_objection
from boostdesk.panel.ranking import rank
from boostdesk.panel.tier_overrides import keep_published_tier, undo_kept_tier

KEEP = "经主任办公会研究，按公示档次核准"
UNDO = "主任办公会复议：按排名调高档次"


@pytest.fixture
def freed(reg):
    """吴强's 10万 upheld: 郭敏, published at 5万, next in line for the freed 10万 place."""
    out = published(reg)
    oid = record_objection(reg, out["wu"], date(2022, 12, 22), "吴某", "属重复申报")
    resolve_objection(reg, oid, upheld=True, note="属实", on=date(2022, 12, 26))
    return out


def said(reg) -> tuple:
    """What the ranking says of the published list and its open places."""
    ranking = rank(reg, YEAR)
    return (dict(ranking.raised_amounts), list(ranking.raised), dict(ranking.left_open),
            {r.project_id: r.full_reason for r in ranking.rows},
            open_place_lines(reg.campaign(YEAR), ranking))


def test_withdrawn_the_place_names_the_next_in_line_again_as_before(reg, freed):
    before = said(reg)
    assert "按排名已公示的“郭敏团队安全防护装置研发”（公示为5万元档" in before[4][0]
    keep_published_tier(reg, freed["guo"], KEEP)
    assert said(reg) != before  # left open by the decision
    reg.operator = "刘建国"
    kept = undo_kept_tier(reg, freed["guo"], UNDO)
    assert kept.reason == KEEP
    assert said(reg) == before
    place = raised_place(reg, YEAR, rank(reg, YEAR), freed["guo"])
    assert place.place == "“吴强团队智能检测装置研制”空出的10万元档名额（本档 2 项，已有 1 项）"
    # decided again: the trail's latest decision counts
    keep_published_tier(reg, freed["guo"], KEEP)
    assert freed["guo"] in rank(reg, YEAR).kept_published
    lines = [x for x in audit_log.trail(reg, application=("project", freed["guo"]))
             if "维持公示档次" in x.action]
    assert [x.action for x in lines] == ["维持公示档次", "撤销维持公示档次", "维持公示档次"]
    assert lines[1].operator == "刘建国"
    assert f"理由：{UNDO}" in lines[1].details
    assert "撤销的决定：经研究维持公示档次（测试员，" in lines[1].details
    assert lines[1].details.endswith(f"：{KEEP}）")


def test_withdrawn_the_places_it_left_open_are_asked_about_again(reg, ids):  # noqa: F811
    uphold(reg, ids["wu"], date(2022, 12, 22))
    uphold(reg, ids["wang"], date(2022, 12, 23))
    before = said(reg)
    assert set(before[0]) == {ids["guo"], ids["liu"]}
    keep_published_tier(reg, ids["guo"], KEEP)
    ranking = rank(reg, YEAR)
    assert ranking.left_open == {ids["liu"]: (5 * 10**6, 10 * 10**6, ids["guo"])}
    place = raised_place(reg, YEAR, ranking, ids["guo"])
    assert place.others == ("微小型无人机结构件轻量化设计",)
    assert place.freed_by == ("吴强团队智能检测装置研制", "王芳团队自动化改造")
    undo_kept_tier(reg, ids["guo"], UNDO)
    assert said(reg) == before


def test_refused_without_a_reason_without_a_decision_and_after_the_close(reg, freed):
    with pytest.raises(PanelError, match="没有经研究维持公示档次的决定"):
        undo_kept_tier(reg, freed["guo"], UNDO)
    keep_published_tier(reg, freed["guo"], KEEP)
    with pytest.raises(PanelError, match="请填写撤销维持公示档次的理由"):
        undo_kept_tier(reg, freed["guo"], " ")
    close_publicity(reg, YEAR, date(2022, 12, 27))
    assert reg.project(freed["guo"]).status == "approved"
    with pytest.raises(PanelError) as refused:
        undo_kept_tier(reg, freed["guo"], UNDO)
    assert str(refused.value) == (
        "不能撤销：项目“郭敏团队安全防护装置研发”所在的第1批公示已于 2022年12月27日结束，"
        "结束公示时已按该决定以公示档次（5万元档）核准。结束公示前登记的维持公示档次决定只能在"
        "结束公示前撤销；调高档次须按新档次另行公示，本软件不能登记调高，确需调整已核准的助推，"
        "请报请研究后另行办理")
    assert freed["guo"] in rank(reg, YEAR).kept_published  # the decision stands
    assert not [e for e in reg.audit_trail("project_applications", freed["guo"])
                if e["action"] == "undo_keep_published_tier"]


def _cli(reg, *args: str) -> tuple[int, str, str]:
    import contextlib
    import io

    from boostdesk.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--db", str(reg.path), "--year", str(YEAR)])
    return code, out.getvalue(), err.getvalue()


def test_the_command_line_withdraws_it_before_the_close_not_after(reg, freed):
    reg.close()
    title = "郭敏团队安全防护装置研发"
    code, out, err = _cli(reg, "panel", "keep-tier", title, "--reason", KEEP,
                          "--operator", "刘建国")
    assert code == 0, err
    code, out, err = _cli(reg, "panel", "keep-tier", title, "--withdraw", "--reason", UNDO,
                          "--operator", "王主任")
    assert code == 0, err
    assert out.startswith(f"已撤销：项目“{title}”经研究维持公示档次（刘建国，")
    assert f"（撤销理由：{UNDO}）" in out
    assert ("名额未满：10万元档名额 2 项，已有 1 项：按排名已公示的“郭敏团队安全防护装置研发”"
            "（公示为5万元档") in out and "是否调高，待研究决定" in out
    code, out, _ = _cli(reg, "rank")
    assert "是否调高请报请研究" in out and "经研究维持公示档次（刘建国，" not in out
    code, out, err = _cli(reg, "audit")
    assert code == 0, err
    [undone] = [x for x in out.splitlines() if "撤销维持公示档次" in x]
    assert "王主任" in undone and UNDO in undone and title in undone
    # decided again and closed: refused, in Chinese, with nothing recorded
    assert _cli(reg, "panel", "keep-tier", title, "--reason", KEEP)[0] == 0
    assert _cli(reg, "publicity", "close", "--date", "2022-12-27")[0] == 0
    code, out, err = _cli(reg, "panel", "keep-tier", title, "--withdraw", "--reason", UNDO)
    assert code != 0
    assert "不能撤销：项目“郭敏团队安全防护装置研发”所在的第1批公示已于 2022年12月27日结束" in err
