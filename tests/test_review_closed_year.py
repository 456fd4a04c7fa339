"""The tester's open question: after `panel close-year --year 2023`, `review decide 专利65
--reopen` then `--pass` went through with no word of the close. A paper its year's close
decided, or a 重新登记 in a closed year, is now said and asked as 撤销结年 is: a reason and
--yes (the window: a question, 取消 the default); without them nothing changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from boostdesk.cli import main
from boostdesk.models import Register, plan_2022
from tests.test_rules_years import _number, patent


def _cli(db: Path, capsys: Any, *args: str) -> tuple[int, str]:
    code = main([*args, "--db", str(db), "--operator", "测试员"])
    out, err = capsys.readouterr()
    return code, out + err


def _closed(tmp_path: Path, capsys: Any) -> tuple[Path, int]:
    db = tmp_path / "register.db"
    reg = Register.open(db, "测试员")
    reg.save_campaign(plan_2022().for_year(2016))
    app_id = reg.save_patent(patent(2016, patent_number_raw=_number("201510654301")))
    reg.close()
    code, said = _cli(db, capsys, "panel", "close-year", "--year", "2016", "--patents", "--yes")
    assert code == 0, said
    return db, app_id


def _status(db: Path, app_id: int) -> tuple[str, str]:
    reg = Register.open(db, "测试员")
    try:
        app = reg.patent(app_id)
        return app.status, app.status_reason
    finally:
        reg.close()


def test_reopening_a_paper_the_close_decided_is_said_and_needs_reason_and_yes(
        tmp_path, capsys):
    db, app_id = _closed(tmp_path, capsys)
    closed = _status(db, app_id)
    ref = f"专利{app_id}"
    code, said = _cli(db, capsys, "review", "decide", ref, "--reopen", "--reason", "补正")
    assert code == 1 and "2016 年度已结年（" in said and "该申报为结年结果" in said
    assert "结年仍有效" in said and "加 --yes 重新运行" in said and "未作改动" in said
    assert "panel close-year --year 2016 --reopen --reason 理由 --yes" in said
    code, said = _cli(db, capsys, "review", "decide", ref, "--reopen", "--yes")
    assert code == 1 and "须写明理由（--reason）" in said
    assert "须写明理由（--reason）；" in said, said  # --yes given: not asked for again
    code, said = _cli(db, capsys, "review", "decide", ref, "--reopen")
    assert code == 1 and "须写明理由（--reason）并确认（--yes）" in said
    assert _status(db, app_id) == closed
    code, said = _cli(db, capsys, "review", "decide", ref, "--reopen", "--reason", "补正",
                      "--yes")
    assert code == 0, said
    assert _status(db, app_id) == ("registered", "补正")
    # back at 已登记 in a closed year: passing it is that paper's own decision, said no more
    code, said = _cli(db, capsys, "review", "decide", ref, "--pass", "--reason", "材料已补")
    assert code == 0, said
