"""A payer's 拨付清单 whose unpaid lines now ask other amounts, another card, or are held,
voids the list printed before — even when a line was paid in between (print_log.list_key
tells a list with a line paid since from the old one: it was reprinted as a new document,
with neither 补打 nor 原件作废, the old paper still asking the old amounts). A list that only
lost lines paid since is no void one: paid lines leave the list of what is left to pay."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date

from fixtures.summary_sheets import CARD_2, ID_2, INVENTION_2
from test_campaign_set import _patent

from boostdesk.cli import main
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models import Register
from boostdesk.models.records import PATENT
from boostdesk.printing import print_log
from boostdesk.printing.common import cn_date

NEW_CARD = "6222020812345678906"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def text_of(pdf) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return "".join(out.split())


def two_patents(db, approved: int = 2, unit: str = "北京市海淀区总工会") -> tuple[int, int]:
    """Two patents of one union (the first ``approved`` of them approved), so each payer's
    list has two lines."""
    with Register.open(db) as reg:
        ids = []
        for app in (_patent("2021-12-20"), replace(
                _patent("2021-11-20"), title="一种管道焊接机器人", patent_number_raw=INVENTION_2,
                inventor_name="李四", id_number=ID_2, card_number=CARD_2, unit_name=unit)):
            app_id = reg.save_patent(app)
            reg.set_status(PATENT, app_id, "qualified")
            if len(ids) < approved:
                approve(reg, app_id)
            ids.append(app_id)
    return ids[0], ids[1]


def approve(reg, app_id: int) -> None:
    reg.set_status(PATENT, app_id, "approved", award_fen=reg.campaign(2022).patent_award_fen,
                   approved_date=date(2022, 12, 15))


def print_list(capsys, db, pdf) -> str:
    code, out, err = run(capsys, "print", "payments", "--db", str(db), "--year", "2022",
                         "--tranche", "1", "--out", str(pdf))
    assert code == 0, err
    return out


def pay(capsys, db, app_id: int) -> None:
    with Register.open(db) as reg:
        ids = [str(x.id) for x in payment_lines(reg, 2022, tranche=1) if x.app_id == app_id]
    code, out, err = run(capsys, "pay", "mark", *ids, "--date", date.today().isoformat(),
                         "--voucher", "PZ1", "--yes", "--db", str(db))
    assert code == 0, err


def correct_card(capsys, db, app_id: int) -> None:
    code, out, err = run(capsys, "correct", "card", f"专利{app_id}", NEW_CARD,
                         "--reason", "推荐单位补报卡号", "--db", str(db))
    assert code == 0, err


def as_printed_before_lines_were_kept(db) -> None:
    """The print lines as the previous version wrote them: contents, no lines."""
    with Register.open(db) as reg:
        reg.conn.execute("UPDATE audit_events SET after = json_remove(after, '$.lines')"
                         " WHERE action = ?", (print_log.ACTION,))
        reg.conn.commit()


def void() -> str:
    """The foot of a list voiding today's print (read when asked: a run crossing midnight
    printed on the next day)."""
    return f"重新打印（内容已变更，{cn_date(date.today())}打印的原件作废）".replace(" ", "")


def test_a_list_paid_in_part_then_changed_voids_the_list_printed_before(capsys, tmp_path):
    db = tmp_path / "r.db"
    a, b = two_patents(db)
    print_list(capsys, db, tmp_path / "a.pdf")
    pay(capsys, db, a)
    correct_card(capsys, db, b)  # the other line's card: the first list names the old one
    out = print_list(capsys, db, tmp_path / "b.pdf")
    text = text_of(tmp_path / "b.pdf")
    assert text.count(void()) == 2, text  # the federation's list and the union's
    assert "补打" not in text
    assert "2 份清单上次打印后金额或收款人、卡号已改变" in out and "请收回作废的原件" in out, out
    assert "北京市总工会" in out.split("上次打印后")[0]  # every void list's payer named


def test_a_list_that_only_lost_its_paid_lines_is_no_void_one(capsys, tmp_path):
    db = tmp_path / "r.db"
    a, _ = two_patents(db)
    print_list(capsys, db, tmp_path / "a.pdf")
    pay(capsys, db, a)
    out = print_list(capsys, db, tmp_path / "b.pdf")
    text = text_of(tmp_path / "b.pdf")
    assert "重新打印" not in text and "作废" not in text and "已改变" not in out, out
    out = print_list(capsys, db, tmp_path / "c.pdf")  # the rest printed again: 补打
    assert "补打（首次打印于" in text_of(tmp_path / "c.pdf") and "已改变" not in out


def test_a_list_printed_by_the_previous_version_is_voided_too(capsys, tmp_path):
    """Its print line kept the lines' digest and the content's, not each line's: the lines
    are told from its papers, the change from its content digest."""
    db = tmp_path / "r.db"
    a, b = two_patents(db)
    print_list(capsys, db, tmp_path / "a.pdf")
    as_printed_before_lines_were_kept(db)
    pay(capsys, db, a)
    correct_card(capsys, db, b)
    print_list(capsys, db, tmp_path / "b.pdf")
    assert text_of(tmp_path / "b.pdf").count(void()) == 2


def test_a_list_of_the_previous_version_only_paid_in_part_is_no_void_one(capsys, tmp_path):
    db = tmp_path / "r.db"
    a, _ = two_patents(db)
    print_list(capsys, db, tmp_path / "a.pdf")
    as_printed_before_lines_were_kept(db)
    pay(capsys, db, a)
    out = print_list(capsys, db, tmp_path / "b.pdf")
    assert "作废" not in text_of(tmp_path / "b.pdf") and "已改变" not in out, out


def test_a_line_held_since_the_print_voids_it_in_the_window_s_job_too(reg, tmp_path):
    """An objection holds one of the union's two projects (暂缓拨付): the list printed with
    it is void, though the list now is another set of lines (no 补打 to tell)."""
    from boostdesk.finance.payment_plan import sync_plan
    from boostdesk.panel.adopt_proposal import adopt
    from boostdesk.panel.publicity import close_publicity, record_objection, start_publicity
    from boostdesk.printing.jobs import PAYMENTS
    from boostdesk.printing.jobs import PrintJob as Job
    from tests.test_panel_support import (
        CITY,
        YEAR,
        add_experts,
        make_project,
        score_all,
        to_review,
    )

    p = make_project(reg, "市级甲项目", "工作室甲", CITY, unit="朝阳区总工会")
    q = make_project(reg, "市级乙项目", "工作室乙", CITY, unit="朝阳区总工会")
    to_review(reg, p, q)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {p: 90, q: 85})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    sync_plan(reg, YEAR)

    def printed(name: str) -> tuple[str, print_log.PrintJob]:
        official: list[print_log.PrintJob] = []
        (tmp_path / name).mkdir()
        pdf, _ = Job(PAYMENTS, YEAR).run(reg, tmp_path / name, official=official)
        assert print_log.record(reg, official[0])
        return text_of(pdf), official[0]

    printed("a")
    record_objection(reg, q, date(2022, 12, 26), "某职工", "项目数据不实")
    text, job = printed("b")
    assert text.count(void()) == 2, text  # the federation's and the union's list
    assert job.doc().get("changed") == 2
    assert all(job.doc()["lines"][k] for k in job.keys)  # each list's unpaid lines kept


def test_a_period_list_s_recoveries_line_is_part_of_its_content():
    """撤销助推另计（…追回清单） is printed under a period's list: a reprint saying another
    sum come back is no copy of the first. A list without it keeps the old fingerprint."""
    from boostdesk.printing.payments import PaymentList

    plain = PaymentList(2022, "t", 1, "union", "海淀区总工会", period="2023年1月")
    back = replace(plain, recovered_in=(1, 1500_00))
    more = replace(plain, recovered_in=(2, 3000_00))
    assert print_log.list_content(back) != print_log.list_content(more)
    assert print_log.list_content(back) != print_log.list_content(plain)
    assert print_log.list_content(plain) == print_log.list_content(replace(plain, period=""))


def test_a_list_back_to_the_lines_of_an_older_print_names_the_void_one(capsys, tmp_path):
    """Printed with one patent (P0), then with the second approved too (P1); the second is
    held since (its grant date now outside the window): the list reads as P0 again, but
    P1 is void — 补打（首次打印于 P0's day） would say nothing of it."""
    db = tmp_path / "r.db"
    _, b = two_patents(db, approved=1)
    print_list(capsys, db, tmp_path / "a.pdf")
    with Register.open(db) as reg:  # P0 printed some days before; b approved since
        reg.conn.execute("UPDATE audit_events SET at = '2022-12-20T10:00:00' WHERE action = ?",
                         (print_log.ACTION,))
        approve(reg, b)
    print_list(capsys, db, tmp_path / "b.pdf")
    code, out, err = run(capsys, "campaign", "set", "--db", str(db),
                         "grant_window_start=2021-12-01", "--yes")
    assert code == 0, err
    print_list(capsys, db, tmp_path / "c.pdf")
    text = text_of(tmp_path / "c.pdf")
    assert "暂缓拨付" in text and text.count(void()) == 2, text
    assert "2022年12月20日" not in text


def test_a_payer_printed_before_with_no_list_now_is_named(capsys, tmp_path):
    """The union's only award is no longer approved: no page of it to foot; the command
    says its earlier list is void."""
    from boostdesk.finance.payment_plan import sync_plan

    db = tmp_path / "r.db"
    _, b = two_patents(db, unit="北京市朝阳区总工会")  # b recommended by another union
    print_list(capsys, db, tmp_path / "a.pdf")
    out = print_list(capsys, db, tmp_path / "b.pdf")
    assert "原件作废，请收回" not in out  # printed again: each payer has its list
    with Register.open(db) as reg:
        reg.set_status(PATENT, b, "refused", reason="核准后发现不符合条件")
        sync_plan(reg, 2022)
    out = print_list(capsys, db, tmp_path / "c.pdf")
    assert (f"注意：北京市朝阳区总工会 {cn_date(date.today())}打印的清单所列款项现已不应拨付"
            "（本次无该单位的清单），原件作废，请收回") in out, out
    assert out.count("本次无该单位的清单") == 1, out
    assert text_of(tmp_path / "c.pdf").count(void()) == 1  # the federation's list named b too
