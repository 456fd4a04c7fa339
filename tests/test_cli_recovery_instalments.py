"""`boostdesk pay recovered` in instalments: --amount (元) a sum of the payer's part, with
its --date, --voucher and --note; more than remains refused saying how much remains; REF
alone lists each payer's 应追回 / 已追回 / 尚欠 and every sum; --undo takes one sum back
(--voucher naming which); `pay list` says a line partly back."""

from __future__ import annotations

from test_recovery_instalments import _revoked_patent

from boostdesk.cli import main


def test_pay_recovered_takes_a_sum_lists_the_parts_and_takes_one_back(reg, capsys):
    p = _revoked_patent(reg)  # ¥1,800.00 each payer
    base = ["--db", str(reg.path), "pay", "recovered", f"专利{p}"]
    reg.close()
    assert main([*base, "--payer", "union", "--amount", "1,200.00", "--date", "2024-02-01",
                 "--voucher", "收-7", "--note", "余款下月退回"]) == 0
    out = capsys.readouterr().out
    assert "已登记追回：海淀区总工会 ¥1,200.00（2024-02-01，凭证 收-7，余款下月退回）" in out
    assert "海淀区总工会：应追回 ¥1,800.00，已追回 ¥1,200.00，尚欠 ¥600.00" in out
    assert "北京市总工会：应追回 ¥1,800.00，已追回 ¥0.00，尚欠 ¥1,800.00" in out
    assert "合计：应追回 ¥3,600.00，已追回 ¥1,200.00，尚欠 ¥2,400.00" in out
    # more than remains: refused, saying how much remains
    assert main([*base, "--payer", "union", "--amount", "700", "--date", "2024-03-01",
                 "--voucher", "收-9"]) == 1
    assert "追回金额 ¥700.00 超过海淀区总工会尚欠的 ¥600.00" in capsys.readouterr().err
    assert main([*base, "--payer", "union", "--amount", "6.005", "--date", "2024-03-01",
                 "--voucher", "收-9"]) == 1
    assert "追回金额写得不对" in capsys.readouterr().err
    # no --amount: all that remains
    assert main([*base, "--payer", "union", "--date", "2024-03-01", "--voucher", "收-9"]) == 0
    assert "已登记追回：海淀区总工会 ¥600.00（2024-03-01，凭证 收-9）" in capsys.readouterr().out
    # REF alone: the parts, every sum, nothing written
    assert main(base) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1:5] == ["  北京市总工会：应追回 ¥1,800.00，已追回 ¥0.00，尚欠 ¥1,800.00",
                        "  海淀区总工会：应追回 ¥1,800.00，已追回 ¥1,800.00，尚欠 ¥0.00（已全部追回）",
                        "    2024-02-01 追回 ¥1,200.00，凭证 收-7，余款下月退回",
                        "    2024-03-01 追回 ¥600.00，凭证 收-9"]
    # one sum taken back: two stand, so which is asked for
    undo = [*base, "--payer", "union", "--undo", "--reason", "凭证号登记错了"]
    assert main(undo) == 1
    assert "请指明撤销哪一笔" in capsys.readouterr().err
    assert main([*undo, "--voucher", "收-8"]) == 1
    assert "没有符合 --voucher、--date 的追回登记" in capsys.readouterr().err
    assert main([*undo, "--voucher", "收-9"]) == 0
    out = capsys.readouterr().out
    assert "已撤销“已追回”登记" in out
    assert "海淀区总工会：应追回 ¥1,800.00，已追回 ¥1,200.00，尚欠 ¥600.00" in out
    # pay list: the line partly back says so, the totals too
    assert main(["--db", base[1], "pay", "list", "--year", "2022"]) == 0
    out = capsys.readouterr().out
    assert "（已追回 ¥1,200.00，尚欠 ¥600.00）" in out
    assert ("另撤销助推 2 笔（已汇出，不计为助推）：应追回 ¥3,600.00，已追回 ¥1,200.00，"
            "尚欠 ¥2,400.00") in out
