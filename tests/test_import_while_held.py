"""``boostdesk import`` while the window holds the register: the table was read and
judged first, its per-row notes printed (≈ 800 lines for 3,000 rows), and only then
错误：登记册只读，未做任何修改（原因见上）, the reason 800 lines up. The hold is said at once
now, naming who holds it, before the table is read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet

from boostdesk.cli import main
from boostdesk.io import importer
from boostdesk.models import Register

ROOT = Path(__file__).resolve().parent.parent
HOLD = ("import sys, time\n"
        "from boostdesk.safety import acquire\n"
        "acquire(sys.argv[1], '王会计')\n"
        "print('held', flush=True)\n"
        "time.sleep(60)\n")


def test_the_hold_is_said_before_the_table_is_read(tmp_path, capsys, monkeypatch):
    db = tmp_path / "register.db"
    Register.open(db, operator="王会计").close()
    table = tmp_path / "海淀.xlsx"
    write_sheet(table, [PATENT_HEADERS, patent_row(推荐单位="北京市海淀区总工会")])
    read: list[Path] = []
    real = importer.read_table
    monkeypatch.setattr(importer, "read_table",
                        lambda path, *a, **kw: read.append(path) or real(path, *a, **kw))
    window = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert window.stdout is not None and window.stdout.readline().strip() == "held"
        assert main(["import", str(table), "--db", str(db)]) == 1
    finally:
        window.kill()
        window.wait()
    out, err = capsys.readouterr()
    assert read == []  # not read, nor judged row by row
    last = err.strip().splitlines()[-1]
    assert "海淀.xlsx 未导入任何数据" in last and "正由 王会计" in last and "原因见上" not in last
