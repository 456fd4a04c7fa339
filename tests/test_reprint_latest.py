"""A reprint is judged against the document's LATEST print, for the 审批表 and the 拨付清单
alike (print_log.latest_versions): a name changed and changed back read 补打（首次打印于 the
first day）, though the sheet printed in between — the one in hand — was never declared
void; and an unchanged reprint right after a 重新打印 said 重新打印…请收回 again. Same as the
latest print: 补打（首次打印于 that version's first print）; otherwise 重新打印（内容已变更，
that day 打印的原件作废）."""

from __future__ import annotations

from test_campaign_set import _approved_patent
from test_list_reprint_changed import print_list, run, text_of

from boostdesk.models import Register
from boostdesk.printing import print_log

NEW_CARD = "6214682601815908315"


def _dated(db, day: str) -> None:
    """The print just recorded as made on ``day`` (each print a day of its own)."""
    with Register.open(db) as reg:
        reg.conn.execute("UPDATE audit_events SET at = ? || substr(at, 11) WHERE id ="
                         " (SELECT MAX(id) FROM audit_events WHERE action = ?)",
                         (day, print_log.ACTION))
        reg.conn.commit()


def _sheet(capsys, db, pdf, day: str) -> tuple[str, str]:
    code, out, err = run(capsys, "print", "approval", "--db", str(db), "--ref", "专利1",
                         "--out", str(pdf))
    assert code == 0, err
    _dated(db, day)
    return out, text_of(pdf)


def _rename(capsys, db, old: str, new: str) -> None:
    code, _out, err = run(capsys, "correct", "name", old, new, "--reason", "录入错误",
                          "--db", str(db))
    assert code == 0, err


def test_a_name_changed_and_changed_back_voids_the_sheet_in_between(capsys, tmp_path):
    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        _approved_patent(reg)
        name = reg.patent(1).inventor_name
    _sheet(capsys, db, tmp_path / "a.pdf", "2026-01-05")
    _rename(capsys, db, name, name + "伟")
    _out, text = _sheet(capsys, db, tmp_path / "b.pdf", "2026-01-06")
    assert "重新打印（内容已变更，2026年1月5日打印的原件作废）" in text, text
    _rename(capsys, db, name + "伟", name)
    out, text = _sheet(capsys, db, tmp_path / "c.pdf", "2026-01-07")
    assert "重新打印（内容已变更，2026年1月6日打印的原件作废）" in text, text  # not 补打
    assert "请收回作废的原件" in out, out
    out, text = _sheet(capsys, db, tmp_path / "d.pdf", "2026-01-08")
    assert "补打（首次打印于2026年1月7日）" in text and "重新打印" not in text, text
    assert "请收回" not in out and "此前已打印过" in out, out
    out, text = _sheet(capsys, db, tmp_path / "e.pdf", "2026-01-09")  # a copy of a copy
    assert "补打（首次打印于2026年1月7日）" in text, text


def test_a_list_reprinted_unchanged_after_a_reprint_is_a_copy_of_that(capsys, tmp_path):
    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        _approved_patent(reg)
    print_list(capsys, db, tmp_path / "a.pdf")
    _dated(db, "2026-01-05")
    code, _out, err = run(capsys, "correct", "card", "专利1", NEW_CARD, "--reason", "本人换卡",
                            "--db", str(db))
    assert code == 0, err
    out = print_list(capsys, db, tmp_path / "b.pdf")
    _dated(db, "2026-01-06")
    assert "重新打印（内容已变更，2026年1月5日打印的原件作废）" in text_of(tmp_path / "b.pdf")
    assert "请收回作废的原件" in out
    out = print_list(capsys, db, tmp_path / "c.pdf")
    text = text_of(tmp_path / "c.pdf")
    assert "补打（首次打印于2026年1月6日）" in text and "重新打印" not in text, text
    assert "请收回" not in out, out
