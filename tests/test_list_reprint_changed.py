"""A 拨付清单 printed again after what it asks to pay changed (a plan change of the split,
a card corrected) is footed 重新打印（内容已变更…，原件作废）, as the 审批表 is, not 补打
(the old list, with other amounts, would still look valid); the print's trail line counts
补打 and 重新打印 apart."""

from __future__ import annotations

import subprocess

from test_campaign_set import _approved_patent

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.printing import print_log


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def text_of(pdf) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return "".join(out.split())


def print_list(capsys, db, pdf) -> str:
    code, out, err = run(capsys, "print", "payments", "--db", str(db), "--year", "2022",
                         "--tranche", "1", "--out", str(pdf))
    assert code == 0, err
    return out


def trail(capsys, db) -> str:
    code, out, err = run(capsys, "audit", "--db", str(db))
    assert code == 0, err
    return out


def test_a_list_reprinted_after_the_split_changed_says_so_and_the_trail_counts_it(
        capsys, tmp_path):
    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        _approved_patent(reg)
    print_list(capsys, db, tmp_path / "a.pdf")
    assert run(capsys, "print", "approval", "--db", str(db), "--year", "2022",
               "--out", str(tmp_path / "s.pdf"))[0] == 0
    code, out, err = run(capsys, "campaign", "set", "--db", str(db), "patent_split=1:2",
                         "--yes")
    assert code == 0, err
    out = print_list(capsys, db, tmp_path / "b.pdf")
    text = text_of(tmp_path / "b.pdf")
    assert "重新打印（内容已变更，" in text and "原件作废" in text, text
    assert "补打" not in text
    assert "2 份清单上次打印后金额或收款人、卡号已改变" in out and "补打" not in out, out
    # the 审批表 reprinted too: its line says what it is, not 补打
    assert run(capsys, "print", "approval", "--db", str(db), "--year", "2022",
               "--out", str(tmp_path / "t.pdf"))[0] == 0
    said = trail(capsys, db)
    assert said.count("其中内容变更后重新打印 2 份") == 1, said  # the two payers' lists
    assert said.count("其中内容变更后重新打印 1 份") == 1, said  # the sheet
    assert "其中补打" not in said, said


def test_a_list_reprinted_with_the_same_content_is_still_a_reprint(capsys, tmp_path):
    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        _approved_patent(reg)
    print_list(capsys, db, tmp_path / "a.pdf")
    assert run(capsys, "campaign", "set", "--db", str(db), "publicity_days=6")[0] == 0
    out = print_list(capsys, db, tmp_path / "b.pdf")
    text = text_of(tmp_path / "b.pdf")
    assert "补打（首次打印于" in text and "重新打印" not in text, text
    assert "此前已打印过" in out and "已改变" not in out, out
    assert "其中补打 2 份" in trail(capsys, db)


def test_a_card_corrected_since_the_first_print_makes_the_list_a_changed_one(capsys,
                                                                             tmp_path):
    """No plan change, no change line: the list's content kept with its print says it."""
    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        app_id = _approved_patent(reg)
    print_list(capsys, db, tmp_path / "a.pdf")
    code, out, err = run(capsys, "correct", "card", f"专利{app_id}", "6222020812345678906",
                         "--reason", "推荐单位补报卡号", "--db", str(db))
    assert code == 0, err
    print_list(capsys, db, tmp_path / "b.pdf")
    text = text_of(tmp_path / "b.pdf")
    assert "重新打印（内容已变更" in text and "补打" not in text, text


def test_a_list_printed_before_its_content_was_kept_reads_the_change_lines(capsys,
                                                                           tmp_path):
    """A print line of an earlier version keeps no content: a plan change line naming one
    of the list's papers after it says the list changed."""
    from boostdesk.printing.payments import build_payment_lists

    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        _approved_patent(reg)
    print_list(capsys, db, tmp_path / "a.pdf")  # (makes the payment lines)
    assert run(capsys, "print", "approval", "--db", str(db), "--year", "2022",
               "--out", str(tmp_path / "s.pdf"))[0] == 0
    with Register.open(db) as reg:
        reg.conn.execute("DELETE FROM audit_events WHERE action = ? AND"  # as if never printed
                         " json_extract(after, '$.document') = ?",
                         (print_log.ACTION, print_log.PAYMENTS))
        lists = build_payment_lists(reg, 2022, 1)
        keys = [print_log.list_key(pl) for pl in lists]
        assert print_log.first_printed(reg, keys) == {}
        print_log.record(reg, print_log.PrintJob(print_log.PAYMENTS, 2022, keys))  # old shape
    assert run(capsys, "campaign", "set", "--db", str(db), "patent_split=1:2",
               "--yes")[0] == 0
    print_list(capsys, db, tmp_path / "b.pdf")
    text = text_of(tmp_path / "b.pdf")
    assert "重新打印（内容已变更" in text and "补打" not in text, text


def test_the_trail_words_count_reprints_and_changed_reprints_apart():
    job = print_log.PrintJob(print_log.APPROVAL, 2022, ["a", "b", "c", "d", "e", "f"],
                             reprinted=["a", "b", "c", "d", "e", "f"], changed=["e", "f"])
    assert "其中补打 4 份、内容变更后重新打印 2 份" in print_log.details(job.doc())
    only = print_log.PrintJob(print_log.APPROVAL, 2022, ["a"], reprinted=["a"], changed=["a"])
    assert "；其中内容变更后重新打印 1 份" in print_log.details(only.doc())
    assert "补打" not in print_log.details(only.doc())


def test_the_window_s_print_job_keeps_the_content_and_marks_a_changed_list(capsys, tmp_path):
    """打印 → 拨付清单 (printing.jobs): the same rule, its print line counting apart."""
    from boostdesk.printing.jobs import PAYMENTS
    from boostdesk.printing.jobs import PrintJob as Job

    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        _approved_patent(reg)
        official: list[print_log.PrintJob] = []
        (tmp_path / "a").mkdir()
        Job(PAYMENTS, 2022).run(reg, tmp_path / "a", official=official)
        assert official[0].contents and print_log.record(reg, official[0])
    assert run(capsys, "campaign", "set", "--db", str(db), "patent_split=1:2", "--yes")[0] == 0
    with Register.open(db) as reg:
        official = []
        (tmp_path / "b").mkdir()
        pdf, _ = Job(PAYMENTS, 2022).run(reg, tmp_path / "b", official=official)
        doc = official[0].doc()
    assert "重新打印（内容已变更" in text_of(pdf) and "补打" not in text_of(pdf)
    assert doc.get("changed") == 2 and "reprinted" not in doc
