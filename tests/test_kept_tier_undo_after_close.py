"""撤销维持公示档次 of a decision recorded after its batch closed (stop 35 refused it, saying
the close had approved the award on it — it had not: the place was freed later, by 排名复核).
It is withdrawn as one in publicity is, the ranking asking again whether to raise the award,
until something rests on it: the award's money paid, or a list adopted after it. Each
refusal says why in Chinese and records nothing."""

from __future__ import annotations

from datetime import date

import pytest
from test_freed_places import published
from test_kept_tier_undo import KEEP, UNDO, said
from test_panel_support import YEAR

from boostdesk import audit_log
from boostdesk.finance.paying import mark_paid
from boostdesk.models.records import PROJECT
from boostdesk.panel.adopt_proposal import adopt, withdraw
from boostdesk.panel.errors import PanelError
from boostdesk.panel.experts import declare_conflict
from boostdesk.panel.publicity import close_publicity, settle_rerank, start_publicity
from boostdesk.panel.ranking import rank
from boostdesk.panel.tier_overrides import keep_published_tier, undo_kept_tier

GUO = "郭敏团队安全防护装置研发"


def free_after_close(reg) -> dict[str, int]:
    """Batch 1 closed (吴强 10万, 王芳 10万, 郭敏 5万 approved); then 吴强's only score is
    found conflicted and 排名复核 revokes his approval: 郭敏 is next in line for the 10万."""
    ids = published(reg)
    close_publicity(reg, YEAR, date(2022, 12, 27))
    expert = reg.scalar("SELECT id FROM experts")
    declare_conflict(reg, expert, ids["wu"], "专家与吴强工作室存在竞争关系")
    settle_rerank(reg, ids["wu"], True, "不计该评分后无有效评分，经研究撤销核准")
    assert rank(reg, YEAR).raised_amounts == {ids["guo"]: (5 * 10**6, 10 * 10**6)}
    assert reg.project(ids["guo"]).status == "approved"
    return ids


@pytest.fixture
def closed(reg):
    """free_after_close, then the office keeps 郭敏 at 5万 (recorded after the close)."""
    ids = free_after_close(reg)
    ids["before"] = said(reg)  # type: ignore[assignment]
    keep_published_tier(reg, ids["guo"], KEEP)
    assert ids["guo"] in rank(reg, YEAR).kept_published
    return ids


def _undone(reg, project_id: int) -> list:
    return [e for e in reg.audit_trail("project_applications", project_id)
            if e["action"] == "undo_keep_published_tier"]


def test_recorded_after_the_close_it_is_withdrawn_and_the_ranking_asks_again(reg, closed):
    reg.operator = "刘建国"
    kept = undo_kept_tier(reg, closed["guo"], UNDO)
    assert kept.reason == KEEP
    assert said(reg) == closed["before"]  # asked again, as before the decision
    note = rank(reg, YEAR).row(closed["guo"]).full_reason
    assert "按现有排名本项目可列入10万元档（公示为5万元档）：公示无异议的按公示档次核准，是否调高请报请研究" in note
    assert reg.project(closed["guo"]).status == "approved"  # the approval is not touched
    [line] = [x for x in audit_log.trail(reg, application=(PROJECT, closed["guo"]))
              if x.action == "撤销维持公示档次"]
    assert line.operator == "刘建国" and f"理由：{UNDO}" in line.details
    assert "撤销的决定：经研究维持公示档次（测试员，" in line.details


def test_refused_once_its_money_stands_paid(reg, closed):
    for (line,) in reg.conn.execute(
            "SELECT id FROM payments WHERE stream = ? AND application_id = ? AND tranche = 1",
            (PROJECT, closed["guo"])).fetchall():  # every payer's part of the first tranche
        mark_paid(reg, line, date(2023, 1, 10), "记-2023-0001")
    assert reg.project(closed["guo"]).status == "paid_first"
    with pytest.raises(PanelError) as refused:
        undo_kept_tier(reg, closed["guo"], UNDO)
    assert str(refused.value).startswith(
        f"不能撤销：项目“{GUO}”的助推款已按公示档次（5万元档）登记拨付 ¥")
    assert "（现为“首笔拨付”），已拨付的助推不再变动，维持公示档次的决定不能再撤销" in str(refused.value)
    assert not _undone(reg, closed["guo"])
    assert closed["guo"] in rank(reg, YEAR).kept_published  # the decision stands


def test_refused_while_a_list_adopted_after_it_stands(reg, closed):
    adopt(reg, YEAR)  # 吴强's second project into the 5万 place: the 10万 one left open
    assert reg.project(closed["wu2"]).status == "proposed"
    with pytest.raises(PanelError) as refused:
        undo_kept_tier(reg, closed["guo"], UNDO)
    assert str(refused.value).startswith("不能撤销：该决定之后于 ")
    assert (f"重新采纳了拟助推名单（尚未公示），采纳时以该决定为准（空出的10万元档名额留空、“{GUO}”"
            "不调高）：请先在“专家评审 → 排名与档次”中撤回拟助推名单") in str(refused.value)
    assert not _undone(reg, closed["guo"])
    # the list withdrawn, nothing rests on the decision: withdrawn
    withdraw(reg, YEAR, "复议维持公示档次的决定")
    undo_kept_tier(reg, closed["guo"], UNDO)
    assert len(_undone(reg, closed["guo"])) == 1


def test_refused_once_a_list_adopted_after_it_is_published(reg, closed):
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2023, 1, 5))
    with pytest.raises(PanelError) as refused:
        undo_kept_tier(reg, closed["guo"], UNDO)
    assert str(refused.value) == (
        "不能撤销：该决定之后重新采纳的拟助推名单已作为第2批公示（2023-01-05 起），采纳时以该决定为准"
        f"（空出的10万元档名额留空、“{GUO}”不调高），撤销会使已公示的名单不再是排名的结果；"
        "是否另作调整，请报请研究")
    assert not _undone(reg, closed["guo"])


def _cli(reg, *args: str) -> tuple[int, str, str]:
    import contextlib
    import io

    from boostdesk.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--db", str(reg.path), "--year", str(YEAR)])
    return code, out.getvalue(), err.getvalue()


def test_the_command_line_withdraws_it_after_the_close(reg):
    free_after_close(reg)
    reg.close()
    assert _cli(reg, "panel", "keep-tier", GUO, "--reason", KEEP, "--operator", "刘建国")[0] == 0
    code, out, err = _cli(reg, "panel", "keep-tier", GUO, "--withdraw", "--reason", UNDO,
                          "--operator", "王主任")
    assert code == 0, err
    assert out.startswith(f"已撤销：项目“{GUO}”经研究维持公示档次（刘建国，")
    assert "10万元档名额 2 项，已有 1 项：按排名已公示的“郭敏团队安全防护装置研发”" in out
    code, out, err = _cli(reg, "audit")
    [undone] = [x for x in out.splitlines() if "撤销维持公示档次" in x]
    assert "王主任" in undone and UNDO in undone and GUO in undone
    # decided again, then a list adopted after it: refused, in Chinese, nothing recorded
    assert _cli(reg, "panel", "keep-tier", GUO, "--reason", KEEP)[0] == 0
    assert _cli(reg, "panel", "adopt")[0] == 0
    code, out, err = _cli(reg, "panel", "keep-tier", GUO, "--withdraw", "--reason", UNDO)
    assert code != 0 and "不能撤销：该决定之后于 " in err
    assert f"撤回拟助推名单（命令行 boostdesk --db {reg.path} panel withdraw）" in err, err
