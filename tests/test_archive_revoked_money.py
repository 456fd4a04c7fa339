"""The year's archive accounts for all the money that moved, a revoked award's too (the
audit bureau's finding: after `pay revoke` and three `pay recovered` the payments and the
recoveries were in the 修改记录 alone — no 拨付清单 for the union whose only transfer was
the revoked one, the federation's list saying 已拨付 6 笔 9,000.00 against 7 paid lines
¥10,500 in the register and the bank, the 审批表 the money was paid on dropped, no list
of what came back)."""

from __future__ import annotations

import sqlite3

import openpyxl
import pytest
from test_year_archive import demo, demo_master, text_of

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.records import PATENT
from boostdesk.year_archive import plan

__all__ = ["demo", "demo_master"]
YEAR = 2022

PAID = """SELECT COUNT(*), COALESCE(SUM(p.amount_fen), 0) FROM payments p
    LEFT JOIN patent_applications a ON p.stream = 'patent' AND a.id = p.application_id
    LEFT JOIN project_applications b ON p.stream = 'project' AND b.id = p.application_id
    JOIN units u ON u.id = COALESCE(a.unit_id, b.unit_id)
    JOIN campaigns c ON c.id = COALESCE(a.campaign_id, b.campaign_id)
    WHERE c.year = ? AND p.tranche = 1 AND p.paid_date IS NOT NULL AND p.payer = ?
    AND (p.payer = 'federation' OR u.name = ?)"""


def _paid(db, payer: str, union: str = "") -> tuple[int, str]:
    """What the register says was paid in the first batch by one payer: every transfer
    standing, (count, ¥ amount as the lists write it)."""
    conn = sqlite3.connect(db)
    try:
        n, fen = conn.execute(PAID, (YEAR, payer, union)).fetchone()
    finally:
        conn.close()
    return n, f"¥{fen // 100:,}.{fen % 100:02d}"


@pytest.fixture
def revoked(demo):
    """A paid 2022 patent revoked (2023-09-01), the federation's part recovered whole, the
    union's 1,000 of 1,500: (db, 登记号, its union)."""
    conn = sqlite3.connect(demo)
    try:
        app_id, union = conn.execute(
            "SELECT a.id, u.name FROM patent_applications a JOIN units u ON u.id = a.unit_id"
            " JOIN campaigns c ON c.id = a.campaign_id WHERE c.year = 2022 AND"
            " a.status = 'paid' ORDER BY a.id").fetchone()
    finally:
        conn.close()
    ref, db = f"专利{app_id}", ["--db", str(demo)]
    with Register.open(demo) as reg:
        assert "追回清单" not in [d.stem for d in plan(reg, YEAR)]  # none before
    assert main(["pay", "revoke", ref, "--date", "2023-09-01", "--reason", "专利被宣告无效",
                 "--document", "京工发〔2023〕12号", *db]) == 0
    assert main(["pay", "recovered", ref, "--payer", "federation", "--date", "2023-10-10",
                 "--voucher", "收-2023-0001", "--note", "全额退回", *db]) == 0
    assert main(["pay", "recovered", ref, "--payer", "union", "--amount", "1000",
                 "--date", "2023-10-20", "--voucher", "收-2023-0002", *db]) == 0
    return demo, ref, union


def test_the_archive_lists_a_revoked_awards_transfers_keeps_its_sheet_and_its_recoveries(
        revoked, tmp_path):
    db, ref, union = revoked
    fed_paid, union_paid = _paid(db, "federation"), _paid(db, "union", union)
    out = tmp_path / "归档"
    assert main(["archive", "--year", str(YEAR), "--db", str(db), "--out", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())

    def one(stem: str):
        (name,) = [n for n in names if n.endswith(stem)]
        return out / name

    # each payer's first batch says 已拨付 what the register (and the bank) says it paid,
    # the revoked transfer among them, marked
    for pdf, (n, amount) in ((one("拨付清单-第1批-北京市总工会.pdf"), fed_paid),
                             (one(f"拨付清单-第1批-{union}.pdf"), union_paid)):
        text = text_of(pdf)
        assert f"已拨付：{amount}（{n}笔，其中其后撤销助推1笔¥1,500.00，见备注" in text, pdf.name
        assert "其后撤销助推，应追回¥1,500.00" in text and "不列入本清单" not in text
    assert "尚欠¥0.00" in text_of(one("拨付清单-第1批-北京市总工会.pdf"))
    assert "已追回¥1,000.00，尚欠¥500.00" in text_of(one(f"拨付清单-第1批-{union}.pdf"))
    # the sheet the money was paid on, kept, saying the revocation
    sheets = text_of(one("审批表.pdf"))
    page = sheets[sheets.index(f"登记号：{ref}"):]
    page = page[:page.find("登记号：", 5) if "登记号：" in page[5:] else None]
    assert "本项助推已于2023年9月1日撤销（专利被宣告无效，京工发〔2023〕12号）" in page
    assert "本项助推已撤销（见注）" in page
    # the recoveries: each sum with its day and voucher, what is still owed, to the fen
    listed = text_of(one("追回清单.pdf"))
    assert all(x in listed for x in ("收-2023-0001", "全额退回", "收-2023-0002", "尚欠（元）"))
    # signed for and marked as the archive's copy, as the 拨付清单 beside it
    assert "制表：" in listed and "审核：" in listed and "负责人：" in listed
    assert "存档副本" in listed
    rows = list(openpyxl.load_workbook(one("追回清单.xlsx")).active.iter_rows(values_only=True))
    assert rows[-1][0].startswith("制表：") and not any(rows[-2])
    assert rows[-3][0].startswith("合计：应追回 ¥3,000.00（大写：") and not any(rows[-4])
    rows = rows[:-4]
    shown = [(r[1], r[7] and r[7].date().isoformat(), r[8],
              *(None if x is None else float(x) for x in (r[6], r[9], r[10]))) for r in rows[3:]]
    assert shown == [
        ("北京市总工会", "2023-10-10", "收-2023-0001\n全额退回", 1500.0, 1500.0, 0.0),
        ("北京市总工会", None, None, 1500.0, 1500.0, 0.0),  # 小计
        (union, "2023-10-20", "收-2023-0002", 1500.0, 1000.0, 500.0),
        (union, None, None, 1500.0, 1000.0, 500.0),
        ("2 个付款单位", None, None, 3000.0, 2500.0, 500.0)], shown  # 合计
    assert [r[0] for r in rows[3:]] == [1, "小计", 2, "小计", "合计"]
    assert ref in rows[3][2] and rows[3][4] == "2023年9月1日撤销助推：专利被宣告无效（京工发〔2023〕12号）"
    assert "记-" in rows[3][5] and rows[3][5].endswith(" 1,500.00")  # the transfer that left
    index = (out / f"{YEAR}-00-目录.txt").read_text(encoding="utf-8-sig")
    assert "追回清单" in index and "其中 1 项其后撤销助推" in index



def test_a_revoked_sheet_with_nothing_back_yet_says_each_part_once_and_what_is_owed(demo):
    """The tester's: a revoked sheet's 注 read 已拨付 ¥1,500.00 应追回：北京市总工会 应追回
    ¥1,500.00。 — 应追回 twice, nothing of 已追回 and 尚欠. Worded as the sheets with money back."""
    from boostdesk.printing.approval import revoked_note

    with Register.open(demo) as reg:
        app_id = reg.scalar(
            "SELECT a.id FROM patent_applications a JOIN campaigns c ON c.id = a.campaign_id"
            " WHERE c.year = 2022 AND a.status = 'paid' ORDER BY a.id")
    ref, db = f"专利{app_id}", ["--db", str(demo)]
    assert main(["pay", "revoke", ref, "--date", "2023-09-01", "--reason", "专利被宣告无效",
                 *db]) == 0
    assert main(["pay", "recovered", ref, "--payer", "union", "--amount", "1000",
                 "--date", "2023-10-20", "--voucher", "收-2023-0002", *db]) == 0
    with Register.open(demo) as reg:
        note = revoked_note(reg, PATENT, app_id)
    assert note.count("应追回") == 2  # once a payer, not a third time before them
    assert "已拨付 ¥3,000.00：北京市总工会 应追回 ¥1,500.00，已追回 ¥0.00，尚欠 ¥1,500.00；" in note
    assert "应追回 ¥1,500.00，已追回 ¥1,000.00（" in note and note.endswith("尚欠 ¥500.00")
