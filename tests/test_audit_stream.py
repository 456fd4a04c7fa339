"""`boostdesk audit` writes each line as it is read: the whole register's trail held every
line (891 MB at 1.2 million lines). Its output is what the held list gave, in every form;
a year's or one application's, whose count the title needs first, waits on the disk."""

from __future__ import annotations

import gc
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from boostdesk import audit_log
from boostdesk.cli import main
from boostdesk.models import Register

SCOPES = {  # the options, and the title's scope as it names it
    "all": ([], "全部年度"), "2021": (["--year", "2021"], "2021 年度"),
    "2022": (["--year", "2022"], "2022 年度"), "ref": (["--ref", "专利1"], "专利1"),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The demo register, restored once from its backup (a restore is every year's)."""
    db = tmp_path_factory.mktemp("stream") / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    assert main(["backup", "--db", str(db)]) == 0
    assert main(["restore", "1", "--db", str(db), "--operator", "主任钱"]) == 0
    return db


def held(db: Path, opts: list[str]) -> list[audit_log.Line]:
    """The trail as the command held it before: one list."""
    reg = Register.open(db, operator="x")
    try:
        year = int(opts[1]) if opts[:1] == ["--year"] else None
        app = ("patent", 1) if opts[:1] == ["--ref"] else None
        return audit_log.trail(reg, year=year, application=app)
    finally:
        reg.close()


def members(path: Path) -> dict[str, bytes]:
    """A workbook's parts but its creation time."""
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def live_lines() -> int:
    gc.collect()
    return sum(type(o) is audit_log.Line for o in gc.get_objects())


class Screen:
    """stdout, calling ``seen(n)`` as each n-th line is printed."""

    def __init__(self, seen: Any) -> None:
        self.text: list[str] = []
        self.lines = 0
        self.seen = seen

    def write(self, text: str) -> int:
        self.text.append(text)
        if text.endswith("\n"):
            self.lines += text.count("\n")
            self.seen(self.lines)
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("scope", SCOPES)
def test_the_trail_on_screen_is_the_held_lists(demo, capsys, scope):
    opts, named = SCOPES[scope]
    lines = held(demo, opts)
    assert len(lines) > 2
    capsys.readouterr()
    assert main(["audit", "--db", str(demo), *opts]) == 0
    assert capsys.readouterr().out == (f"修改记录（{named}，共 {len(lines)} 条）\n"
                                       + "".join(x.text() + "\n" for x in lines))


@pytest.mark.parametrize("scope", SCOPES)
def test_the_trails_workbook_is_the_held_lists(demo, capsys, tmp_path, scope, monkeypatch):
    opts, named = SCOPES[scope]
    lines = held(demo, opts)
    title = f"修改记录（{named}，共 {len(lines)} 条）"
    monkeypatch.setattr(audit_log, "export_note", lambda register, operator, covers="": "导出说明")
    audit_log.write_xlsx(lines, tmp_path / "held.xlsx", title, note="导出说明")
    assert main(["audit", "--db", str(demo), *opts, "--out", str(tmp_path / "out.xlsx")]) == 0
    assert capsys.readouterr().out == f"已导出{title}：{tmp_path / 'out.xlsx'}\n"
    assert members(tmp_path / "out.xlsx") == members(tmp_path / "held.xlsx")


def counting_reads(monkeypatch) -> list[int]:
    """How many of the whole trail's events have been read so far."""
    read = [0]
    real = audit_log._events

    def counted(reg: Register, where: str = "", params: Any = ()) -> Any:
        for e in real(reg, where, params):
            read[0] += not where  # the whole trail's query (not the deletions' first read)
            yield e

    monkeypatch.setattr(audit_log, "_events", counted)
    return read


def events(db: Path) -> int:
    reg = Register.open(db, operator="x")
    try:
        return reg.scalar("SELECT COUNT(*) FROM audit_events")
    finally:
        reg.close()


def test_the_whole_trail_is_printed_while_it_is_read(demo, monkeypatch):
    total = events(demo)
    read = counting_reads(monkeypatch)
    at_print: list[int] = []
    screen = Screen(lambda n: at_print.append(read[0]))
    monkeypatch.setattr(sys, "stdout", screen)
    assert main(["audit", "--db", str(demo)]) == 0
    monkeypatch.undo()
    assert len(at_print) == total + 1 and at_print[-1] == total
    assert at_print[1] < total / 10  # the first line out long before the last is read


def test_the_whole_trails_workbook_is_written_while_it_is_read(demo, monkeypatch, tmp_path):
    total = events(demo)
    read = counting_reads(monkeypatch)
    at_row: list[int] = []
    real = WriteOnlyWorksheet.append

    def append(self: WriteOnlyWorksheet, row: Any) -> None:
        at_row.append(read[0])
        real(self, row)

    monkeypatch.setattr(WriteOnlyWorksheet, "append", append)
    assert main(["audit", "--db", str(demo), "--out", str(tmp_path / "all.xlsx")]) == 0
    assert len(at_row) == total + 3  # the title, who exported it, the headers, a row a line
    assert at_row[3] < total / 10


@pytest.mark.parametrize("scope", ["all", "2022"])
@pytest.mark.parametrize("form", ["screen", "xlsx"])
def test_no_form_holds_the_lines(demo, monkeypatch, tmp_path, scope, form):
    """Halfway through the output, a line or two exists, not the hundreds before it."""
    opts = SCOPES[scope][0]
    half = len(held(demo, opts)) // 2
    assert half > 100
    alive: list[int] = []

    def seen(n: int) -> None:
        if n == half:
            alive.append(live_lines())

    if form == "screen":
        monkeypatch.setattr(sys, "stdout", Screen(seen))
        assert main(["audit", "--db", str(demo), *opts]) == 0
    else:
        real = WriteOnlyWorksheet.append
        rows = [0]

        def append(self: WriteOnlyWorksheet, row: Any) -> None:
            rows[0] += 1
            seen(rows[0])
            real(self, row)

        monkeypatch.setattr(WriteOnlyWorksheet, "append", append)
        assert main(["audit", "--db", str(demo), *opts, "--out", str(tmp_path / "t.xlsx")]) == 0
    monkeypatch.undo()
    assert alive and alive[0] <= 3, alive
