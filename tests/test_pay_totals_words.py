"""What 拨付's totals and `pay list` say, worded so the numbers add up: 已逾期 and 退汇待重拨
are parts of 待拨付 (其中), 暂缓拨付 is outside it (另) — "待拨付 6 笔；已逾期 2 笔；…；暂缓拨付
1 笔" read as buckets counted the overdue twice. `pay list` names a paid line's day and
voucher, and `pay mark` of several payers' lines under one voucher says so, as 登记拨付 does."""

from __future__ import annotations

import html
import re
from datetime import date

from test_finance_screen import ctx, screen
from test_payments_totals_by_bucket import every_state

from boostdesk.cli import main
from boostdesk.finance.lines import HELD, RETURNED
from boostdesk.finance.read_lines import payment_lines
from boostdesk.printing.samples import YEAR, fill_sample

__all__ = ["ctx", "screen"]  # the fixtures


def plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def top_level(text: str) -> str:
    """``text`` without what its brackets hold (nested ones too): the buckets side by side."""
    while True:
        bare = re.sub(r"（[^（）]*）", "", text)
        if bare == text:
            return bare
        text = bare


def counts(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"(\d+) 笔", text)]


def test_the_totals_line_says_overdue_is_part_of_due_and_held_is_apart(screen):
    screen.lines = every_state(screen.lines, screen.today)
    screen._prepare()
    screen._show()
    text = plain(screen.summary.text())
    due = [x for x in screen.lines if x.state(screen.today) in ("待拨付", "已逾期", RETURNED)]
    overdue = [x for x in due if x.overdue(screen.today)]
    assert re.match(rf"待拨付 {len(due)} 笔 ¥[\d,.]+（其中已逾期 {len(overdue)} 笔 ¥[\d,.]+"
                    rf"，含{RETURNED} 1 笔；{RETURNED} 2 笔 ¥[\d,.]+）；待验收", text), text
    held = [x for x in screen.lines if x.held]
    assert f"；另{HELD} {len(held)} 笔 " in text and "（未计入待拨付：" in text
    # the buckets side by side add up to the lines listed
    assert sum(counts(top_level(text))) == len(screen.lines)


def test_pay_list_s_totals_say_the_same(screen):
    from boostdesk.commands.print_cmds import pay_list_totals

    lines = every_state(screen.lines, screen.today)
    text = pay_list_totals(lines, screen.today)
    due = [x for x in lines if not x.paid and x.released and not x.held]
    held = [x for x in lines if x.held]
    assert text.startswith(f"共 {len(lines)} 笔；待拨付 {len(due)} 笔 ")
    assert re.search(rf"（其中已逾期 \d+ 笔 ¥[\d,.]+，含{RETURNED} 1 笔；{RETURNED} 2 笔 ¥[\d,.]+）",
                     text), text
    assert text.endswith(f"；另{HELD} {len(held)} 笔 "
                         f"¥{sum(x.amount_fen for x in held) / 100:,.2f}（未计入待拨付）")


def sample_db(reg):
    reg.close()
    return str(reg.path)


def test_pay_list_shows_a_paid_line_s_day_and_voucher(reg, capsys):
    fill_sample(reg)
    paid = [x for x in payment_lines(reg, YEAR) if x.paid]
    db = sample_db(reg)
    assert main(["--db", db, "pay", "list", "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    for x in paid:
        row = next(s for s in out.splitlines() if s.strip().startswith(f"{x.id} "))
        assert f"{x.paid_date.isoformat()} 拨付，凭证 {x.voucher}" in row
    assert re.search(r"^共 \d+ 笔；待拨付 \d+ 笔 ¥[\d,.]+（其中已逾期 \d+ 笔 ¥[\d,.]+）"
                     r"(；待验收 \d+ 笔 ¥[\d,.]+)?；已拨付 \d+ 笔 ¥[\d,.]+$", out,
                     re.MULTILINE), out


def test_pay_mark_of_several_payers_under_one_voucher_says_so(reg, capsys):
    fill_sample(reg)
    unpaid = [x for x in payment_lines(reg, YEAR) if not x.paid and x.released]
    two = [next(x for x in unpaid if x.payer_name == name)
           for name in dict.fromkeys(x.payer_name for x in unpaid)][:2]
    one_payer = [x for x in unpaid if x.payer_name == two[0].payer_name and x not in two][:1]
    assert len(two) == 2 and two[0].payer_name != two[1].payer_name and one_payer
    day = date(2024, 2, 26).isoformat()
    db = sample_db(reg)
    assert main(["--db", db, "pay", "mark", *(str(x.id) for x in two), "--date", day,
                 "--voucher", "朝海经-2024-03"]) == 0
    out = capsys.readouterr().out
    assert (f"注意：各付款单位记同一凭证号 朝海经-2024-03（2 个付款单位：{two[0].payer_name}、"
            f"{two[1].payer_name}）") in out
    assert f"boostdesk --db {db} pay cancel {two[0].id} {two[1].id} --reason 理由" in out, out
    assert out.count("已登记：") == 2  # a warning, not a refusal
    assert main(["--db", db, "pay", "mark", str(one_payer[0].id), "--date", day,
                 "--voucher", "记-2024-0001"]) == 0
    assert "同一凭证号" not in capsys.readouterr().out


def test_returned_lines_all_overdue_are_said_once_inside_the_overdue(screen):
    lines = every_state(screen.lines, screen.today)
    back = next(x for x in lines if x.returned_date and not x.overdue(screen.today))
    lines = [x for x in lines if x.id != back.id]  # the returned line within its term gone
    screen.lines = lines
    screen._prepare()
    screen._show()
    text = plain(screen.summary.text())
    [returned] = [x for x in lines if x.state(screen.today) == RETURNED]
    assert re.search(rf"（其中已逾期 \d+ 笔 ¥[\d,.]+，含{RETURNED} 1 笔 "
                     rf"¥{returned.amount_fen / 100:,.2f}）；待验收", text), text
    assert text.count(RETURNED) == 1
