"""One reading of an application's reference for every command (app_refs.find_application):
`withdraw`, `pay revoke`, `pay recovered`, `audit --ref` and `print approval` take 专利N /
项目N / a patent number / a title alike, and a bare number both streams have is asked
about in the same words, never taken for one of them."""

from __future__ import annotations

from datetime import date

from test_finance import add_patent, add_project, lines_of

from boostdesk.cli import main
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.models.records import PATENT, PROJECT

QUESTION = "“{0}”：专利、项目都有登记号 {0} 的申报，请写“专利{0}”或“项目{0}”"


def _both(reg) -> tuple[int, int]:
    p, q = add_patent(reg), add_project(reg)
    assert p == q  # one 登记号, two streams
    sync_plan(reg, 2022)
    mark_all_paid(reg, [x.id for x in lines_of(reg, PATENT, p)] + [
        x.id for x in lines_of(reg, PROJECT, q) if x.tranche == 1], date(2023, 2, 20), "记-1")
    return p, q


def test_withdraw_asks_which_a_bare_number_of_both_streams_is(reg, capsys):
    p, q = add_patent(reg), add_project(reg)
    path = str(reg.path)
    reg.close()
    base = ["--db", path, "withdraw", "--date", "2023-01-05", "--reason", "推荐单位来函撤回"]
    assert main([*base[:3], str(p), *base[3:]]) == 1
    assert QUESTION.format(p) in capsys.readouterr().err
    assert main(["--db", path, "print", "approval", "--ref", str(p), "--out",
                 str(reg.path.parent / "a.pdf")]) == 1
    assert QUESTION.format(p) in capsys.readouterr().err  # the same question
    assert main([*base[:3], f"专利{p}", *base[3:]]) == 0
    capsys.readouterr()
    from boostdesk.models.register import Register

    with Register.open(path) as again:
        assert again.patent(p).status == "refused"
        assert again.project(q).status == "approved"  # untouched


def test_pay_revoke_and_recovered_take_a_stream_written_ref(reg, capsys):
    p, q = _both(reg)
    path = str(reg.path)
    reg.close()
    revoke = ["--db", path, "pay", "revoke", "--date", "2024-01-05", "--reason", "不符合申报条件"]
    assert main([*revoke[:4], str(q), *revoke[4:]]) == 1
    assert QUESTION.format(q) in capsys.readouterr().err
    assert main([*revoke[:4], f"项目{q}", *revoke[4:]]) == 0
    assert "应追回 ¥30,000.00" in capsys.readouterr().out
    # a bare number with --stream as before; a patent number too
    assert main([*revoke[:4], "ZL202110123456.7", *revoke[4:]]) == 0
    assert "应追回 ¥1,500.00" in capsys.readouterr().out
    recovered = ["--db", path, "pay", "recovered", "--payer", "federation",
                 "--date", "2024-02-01", "--voucher", "收-1"]
    assert main([*recovered[:4], str(q), "--stream", "project", *recovered[4:]]) == 0
    assert "已追回 ¥30,000.00" in capsys.readouterr().out
    assert main([*recovered[:4], f"专利{p}", *recovered[4:]]) == 0
    assert "已追回 ¥1,500.00" in capsys.readouterr().out
    assert main([*recovered[:4], f"专利{p}", "--stream", "project", *recovered[4:]]) == 1
    assert "是专利的登记号" in capsys.readouterr().err
