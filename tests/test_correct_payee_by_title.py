"""Finance's finding: `correct payee` refused a project's title (不是项目的登记号) while
`pay accept`, `pay postpone` and `print approval` take it: it reads the project as they
do — 项目38, 38 or its title — and a patent's 登记号 is refused in words."""

from __future__ import annotations

from test_payee_redirect import NEW, WHY, _rest_returned

from boostdesk.cli import main
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models.records import PROJECT

TITLE = "转炉炼钢终点碳温预测模型开发"  # add_project's


def test_correct_payee_takes_the_projects_title(reg, capsys):
    app_id, _first, rest = _rest_returned(reg)
    assert main(["--db", str(reg.path), "correct", "payee", TITLE, NEW, "--reason", WHY,
                 "--new"]) == 0, capsys.readouterr().err
    assert f"已将项目{app_id}“{TITLE}”的收款单位由" in capsys.readouterr().out
    assert {x.payee for x in payment_lines(reg, 2022, stream=PROJECT, app_ids=[app_id])
            if x.id in rest} == {NEW}


def test_a_title_not_registered_and_a_patents_number_are_refused_in_words(reg, capsys):
    _rest_returned(reg)
    db = str(reg.path)
    assert main(["--db", db, "correct", "payee", "没有这个项目", NEW, "--reason", WHY]) == 1
    assert "没有名为“没有这个项目”的项目" in capsys.readouterr().err
    assert main(["--db", db, "correct", "payee", "专利3", NEW, "--reason", WHY]) == 1
    assert "是专利的登记号，这里要的是创新项目" in capsys.readouterr().err
