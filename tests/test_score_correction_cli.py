"""`panel export --expert` for an expert whose projects are in publicity says why and what
to do; `panel correct-score` corrects a slip with its reason and prints what the ranking
now says of the published list."""

from __future__ import annotations

from boostdesk.cli import main
from boostdesk.panel.experts import assignments, expert
from boostdesk.panel.scoring import panel_scores
from tests.test_panel_support import YEAR, one_place_two_publicized


def _setup(reg, tmp_path):
    a, _b = one_place_two_publicized(reg)
    name = expert(reg, assignments(reg, YEAR)[0].expert_id).name
    reg.close()
    return a, name, ["--db", str(tmp_path / "register.db"), "--year", str(YEAR)]


def test_export_says_why_the_expert_has_nothing_and_how_to_correct(reg, tmp_path, capsys):
    _a, name, args = _setup(reg, tmp_path)
    assert main(["panel", "export", *args, "--expert", name, "--out", str(tmp_path / "out")]) != 0
    err = capsys.readouterr().err
    assert "分配的项目都已结束评审：没有待评审的项目，未生成评分包" in err
    assert "正在公示（现为“公示”1 项、“未获助推”（未列入公示名单）1 项），专家评分不再录入或导入" in err
    assert (f"boostdesk --db {tmp_path / 'register.db'} panel correct-score 项目 --expert 专家 "
            "--score 细则=分数 --reason 理由") in err, err


def test_correct_score_takes_the_slip_with_its_reason_and_says_the_ranking(reg, tmp_path,
                                                                          capsys):
    from boostdesk.models.register import Register

    a, name, args = _setup(reg, tmp_path)
    base = ["panel", "correct-score", "区级甲项目", *args, "--expert", name]
    assert main([*base, "--score", "1=1"]) != 0  # no reason
    assert "须写明理由" in capsys.readouterr().err
    assert main([*base, "--score", "1=1", "--reason", "纸质评分表为1分"]) == 0
    out = capsys.readouterr().out
    assert "已更正专家" in out and "理由：纸质评分表为1分" in out
    assert "公示为3万元档，按现有评分为未获助推" in out
    again = Register.open(tmp_path / "register.db", operator="测试员")
    try:
        assert panel_scores(again, YEAR)[a].totals[0] < 90
    finally:
        again.close()


def test_correct_score_takes_a_project_left_out_of_the_batch_in_publicity(reg, tmp_path,
                                                                          capsys):
    """区级乙项目, 未获助推 by the adoption published, just below the cut-off: corrected,
    and the ranking's change is said (it was refused as “已列入…尚未公示”)."""
    _a, name, args = _setup(reg, tmp_path)
    assert main(["panel", "correct-score", "区级乙项目", *args, "--expert", name,
                 "--score", "1=20", "--score", "2=15", "--score", "3=15", "--score", "4=15",
                 "--reason", "纸质评分表录入有误"]) == 0
    out = capsys.readouterr().out
    assert "已更正专家" in out and "对项目“区级乙项目”的评分" in out
    assert "“区级甲项目”：公示为3万元档，按现有评分为未获助推" in out
    assert "“区级乙项目”：现为未获助推，按现有评分为3万元档" in out
