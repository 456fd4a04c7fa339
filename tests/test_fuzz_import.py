"""Bad files never crash the app: malformed and hostile spreadsheets at every importer.

Whatever the file, an import ends in one of two ways: the rows are stored (a
readable table), or a clear Chinese error and nothing stored. Never another
exception, never half the rows, never the machine's memory.
"""

from __future__ import annotations

import os
import random
import re
import struct
import subprocess
import sys
import time
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from boostdesk.io.errors import ImportFailed, ImportRefused
from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table
from boostdesk.models import Register
from tests.fixtures.summary_sheets import (
    PATENT_HEADERS,
    PROJECT_HEADERS,
    patent_row,
    project_row,
    write_sheet,
)

CJK = re.compile(r"[\u4e00-\u9fff]")
TABLES = ("patent_applications", "project_applications", "people", "units", "studios",
          "enterprises", "audit_events", "status_history")
SLOW = 10.0  # seconds: any single hostile file must be dealt with well within this


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    reg = Register.open(tmp_path_factory.mktemp("fuzz") / "register.db", operator="测试员")
    yield reg
    reg.close()


def counts(reg: Register) -> dict[str, int]:
    return {t: reg.scalar(f"SELECT count(*) FROM {t}") for t in TABLES}


def clear(message: str) -> None:
    assert CJK.search(message), message
    assert "Traceback" not in message and "Error(" not in message, message


def import_file(reg: Register, path: Path) -> str:
    """Import as the app does; return "stored" or "refused" and check the register either way."""
    before = counts(reg)
    try:
        preview = read_table(path, 2022)
        if not preview.records and not preview.errors:
            raise ImportFailed("没有可导入的数据")
        ids = commit(reg, preview)
    except (ImportFailed, ImportRefused) as exc:
        clear(exc.message)
        assert counts(reg) == before, "nothing may be stored when an import is refused"
        return "refused"
    after = counts(reg)
    table = "patent_applications" if preview.stream == "patent" else "project_applications"
    assert after[table] - before[table] == len(ids) == len(preview.records)
    return "stored"


# -- random cells in a real header ------------------------------------------
def _legal(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)


cell_values = st.one_of(
    st.none(),
    st.text(max_size=40).map(_legal),
    st.text(alphabet="张李王赵一二三0123456789XxZL.,-/ 　年月日是否万元", max_size=25),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
    st.times(),
    st.sampled_from([
        "=1/0", "=SUM(A1:A1048576)", "=A3", '=HYPERLINK("http://x","点我")', "=NOW()",
        "#N/A", "#DIV/0!", "1E+17", "110105198001010012", "6217000012345678", "ZL202110123456.X",
        "２０２１－０３－０５", "十万", "3万元", "-5", "∞", "\u200b", "   ",
    ]),
    st.integers(30000, 32767).map(lambda n: "长" * n),  # up to Excel's largest cell
)


@st.composite
def summary_tables(draw: st.DrawFn) -> tuple[list[str], list[list[object]]]:
    headers = list(draw(st.sampled_from([PATENT_HEADERS, PROJECT_HEADERS])))
    if draw(st.booleans()):
        headers = draw(st.permutations(headers))
    width = len(headers) + draw(st.integers(0, 3))
    rows = draw(st.lists(st.lists(cell_values, min_size=width, max_size=width),
                         min_size=0, max_size=6))
    if draw(st.booleans()):  # half the time, start from a good row and spoil some cells
        good = patent_row() if headers[3] in ("专利名称",) or "专利号" in headers else project_row()
        rows.insert(0, list(good) + [None] * (width - len(good)))
    return headers, rows


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(table=summary_tables())
def test_random_cells_under_a_real_header(register, tmp_path_factory, table):
    headers, rows = table
    path = tmp_path_factory.mktemp("cells") / "表.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    import_file(register, path)


def test_the_largest_number_as_a_serial_ends_clearly(register, tmp_path):
    """Excel keeps 17 digits, so 1.7976931348623155e+308 in 序号 comes back as infinity."""
    seq = PATENT_HEADERS.index("序号")
    row = list(patent_row(第一发明人="赵大数"))
    row[seq] = 1.7976931348623155e+308
    path = write_sheet(tmp_path / "表.xlsx", [PATENT_HEADERS, row])
    assert import_file(register, path) == "stored"


# -- damaged bytes of a good file --------------------------------------------
class Blob(bytes):
    def __repr__(self) -> str:  # hypothesis prints the arguments of a failing example
        return f"<{len(self)} bytes of a good .xlsx>"


@pytest.fixture(scope="module")
def good_bytes(tmp_path_factory) -> bytes:
    path = write_sheet(tmp_path_factory.mktemp("good") / "good.xlsx",
                       [PATENT_HEADERS, patent_row(), patent_row(序号=2, 第一发明人="李四")])
    return Blob(path.read_bytes())


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_bytes_of_a_good_file(register, good_bytes, tmp_path_factory, data):
    content = bytearray(good_bytes)
    how = data.draw(st.sampled_from(["flip", "truncate", "splice"]))
    if how == "truncate":
        content = content[: data.draw(st.integers(0, len(content) - 1))]
    elif how == "flip":
        for _ in range(data.draw(st.integers(1, 8))):
            i = data.draw(st.integers(0, len(content) - 1))
            content[i] = data.draw(st.integers(0, 255))
    else:
        i = data.draw(st.integers(0, len(content)))
        content[i:i] = data.draw(st.binary(min_size=1, max_size=200))
    path = tmp_path_factory.mktemp("bytes") / "坏.xlsx"
    path.write_bytes(bytes(content))
    import_file(register, path)


# -- hand-made hostile workbooks ---------------------------------------------
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
        'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
        f'.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>'
        '<sheet name="汇总表" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
        f'.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" '
        f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>'
    ),
}
EMPTY_SST = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}" count="0" uniqueCount="0"/>'
COLUMNS = "ABCDEFGHIJKLMN"


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row() -> str:
    return '<row r="1">' + "".join(cell(f"{c}1", h) for c, h in zip(COLUMNS, PATENT_HEADERS, strict=True)) + "</row>"


def person_row(r: int) -> str:
    return f'<row r="{r}">{cell(f"D{r}", "一种装置")}{cell(f"G{r}", "张三")}</row>'


def sheet_xml(rows: str, encoding: str = "UTF-8") -> str:
    return (f'<?xml version="1.0" encoding="{encoding}"?><worksheet xmlns="{NS}">'
            f"<sheetData>{rows}</sheetData></worksheet>")


def workbook(path: Path, sheet: str | bytes, sst: str | bytes = EMPTY_SST, **extra: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in PARTS.items():
            z.writestr(name, text)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        z.writestr("xl/sharedStrings.xml", sst)
        for name, data in extra.items():
            z.writestr(name, data)
    return path


def bomb(path: Path, megabytes: int, part: str = "xl/worksheets/sheet1.xml") -> Path:
    """A sheet padded with whitespace: ~1,000× compression, written without holding it in memory."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in PARTS.items():
            z.writestr(name, text)
        z.writestr("xl/sharedStrings.xml", EMPTY_SST)
        with z.open(part if part != "xl/sharedStrings.xml" else "xl/worksheets/sheet1.xml",
                    "w", force_zip64=True) as out:
            out.write(sheet_xml(header_row() + person_row(2)).encode()[:-len("</sheetData></worksheet>")])
            for _ in range(megabytes):
                out.write(b" " * (1 << 20))
            out.write(b"</sheetData></worksheet>")
    return path


def lying_sizes(path: Path, source: Path) -> Path:
    """The bomb with its sizes rewritten to look tiny (local headers and central directory)."""
    data = bytearray(source.read_bytes())
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (i := data.find(signature, start)) >= 0:
            size = struct.unpack_from("<I", data, i + size_at)[0]
            if size == 0xFFFFFFFF or size > 1 << 20:  # the padded sheet (zip64 or plain)
                struct.pack_into("<I", data, i + size_at, 4096)
            start = i + 4
    path.write_bytes(bytes(data))
    return path


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY a "lol">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + f']><sst xmlns="{NS}" count="1" uniqueCount="1"><si><t>&j;</t></si></sst>'
)


def hostile_files(tmp: Path) -> dict[str, Path]:
    rng = random.Random(6)
    noise = "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(200_000))
    gbk_sheet = sheet_xml(header_row() + person_row(2), "GBK").encode("gbk")
    files = {
        "a sheet claiming 1,048,576 rows": workbook(
            tmp / "million.xlsx",
            sheet_xml(header_row() + person_row(2) + f'<row r="1048576">{cell("A1048576", "x")}</row>')),
        "one cell at XFD1048576": workbook(
            tmp / "corner.xlsx",
            sheet_xml(header_row() + person_row(2) + f'<row r="1048576">{cell("XFD1048576", "x")}</row>')),
        "16,384 columns × 30,000 rows": workbook(
            tmp / "wide.xlsx",
            sheet_xml(header_row() + person_row(2) + f'<row r="30000">{cell("XFD30000", "x")}</row>')),
        "200,001 rows without references": workbook(
            tmp / "unnumbered.xlsx", sheet_xml(header_row() + "<row/>" * 200_001)),
        "a zip bomb (120 MB of blanks)": bomb(tmp / "bomb.xlsx", 120),
        "a zip bomb lying about its size": lying_sizes(tmp / "liar.xlsx", bomb(tmp / "b2.xlsx", 60)),
        "billion laughs in the shared strings": workbook(
            tmp / "laughs.xlsx", sheet_xml(header_row() + '<row r="2"><c r="G2" t="s"><v>0</v></c></row>'),
            LAUGHS),
        "a 30 MB cell": workbook(
            tmp / "hugecell.xlsx",
            sheet_xml(header_row() + f'<row r="2">{cell("D2", "长" * 10_000_000)}{cell("G2", "张三")}</row>')),
        "a cell of 200,000 random characters": workbook(
            tmp / "longcell.xlsx",
            sheet_xml(header_row() + f'<row r="2">{cell("D2", noise)}{cell("G2", "张三")}</row>')),
        "XML in GBK": workbook(tmp / "gbk.xlsx", gbk_sheet),
        "XML in UTF-16": workbook(
            tmp / "utf16.xlsx", sheet_xml(header_row() + person_row(2), "UTF-16").encode("utf-16")),
        "GBK bytes declared UTF-8": workbook(
            tmp / "wrongenc.xlsx", sheet_xml(header_row() + person_row(2)).encode("gbk")),
        "malformed XML": workbook(tmp / "malformed.xlsx", sheet_xml(header_row())[:-30] + "<c r="),
        "formulas with no saved values": workbook(
            tmp / "formulas.xlsx",
            sheet_xml(header_row() + '<row r="2"><c r="G2"><f>CONCATENATE("张","三")</f></c>'
                      '<c r="F2"><f>1/0</f></c></row>')),
        "a Word document named .xlsx": _zip(tmp / "doc.xlsx", {"word/document.xml": b"<w:document/>"}),
        "an OpenDocument sheet named .xlsx": _zip(
            tmp / "ods.xlsx", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                               "content.xml": b"<office:document-content/>"}),
        "an empty zip": _zip(tmp / "empty.xlsx", {}),
        "a GBK CSV named .xlsx": _write(
            tmp / "csv.xlsx", ",".join(PATENT_HEADERS).encode("gbk") + "\n1,张三\n".encode("gbk")),
        "a UTF-16 text file": _write(tmp / "u16.xlsx", "序号\t第一发明人\n1\t张三\n".encode("utf-16")),
        "an HTML table saved as .xls": _write(
            tmp / "web.xls", "<html><table><tr><td>第一发明人</td></tr></table></html>".encode()),
        "an old .xls (OLE) file": _write(tmp / "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
        "random bytes": _write(tmp / "noise.xlsx", bytes(range(256)) * 40),
        "zero bytes": _write(tmp / "zero.xlsx", b""),
    }
    return files


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    return hostile_files(tmp_path_factory.mktemp("hostile"))


HOSTILE = [
    "a sheet claiming 1,048,576 rows", "one cell at XFD1048576", "16,384 columns × 30,000 rows",
    "200,001 rows without references", "a zip bomb (120 MB of blanks)",
    "a zip bomb lying about its size", "billion laughs in the shared strings", "a 30 MB cell",
    "a cell of 200,000 random characters",
    "XML in GBK", "XML in UTF-16", "GBK bytes declared UTF-8", "malformed XML",
    "formulas with no saved values", "a Word document named .xlsx",
    "an OpenDocument sheet named .xlsx", "an empty zip", "a GBK CSV named .xlsx",
    "a UTF-16 text file", "an HTML table saved as .xls", "an old .xls (OLE) file",
    "random bytes", "zero bytes",
]


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_file_ends_in_a_clear_error_and_nothing_stored(register, hostile, kind):
    start = time.perf_counter()
    outcome = import_file(register, hostile[kind])
    assert outcome == "refused", f"{kind} was imported"
    assert time.perf_counter() - start < SLOW


def test_every_hostile_kind_is_tested(hostile):
    assert sorted(hostile) == sorted(HOSTILE)


def test_the_guard_leaves_a_good_table_alone(register, tmp_path):
    good = write_sheet(tmp_path / "good.xlsx", [PATENT_HEADERS, patent_row()])
    assert import_file(register, good) == "stored"
    # The same table written by hand as above is read too: the hostile ones fail for their
    # hostility, not for being hand-made.
    plain = workbook(tmp_path / "plain.xlsx", sheet_xml(  # its union given: a blank one is refused
        header_row() + person_row(2).replace("<row r=\"2\">",
                                             f'<row r="2">{cell("B2", "北京市海淀区总工会")}')))
    assert read_table(plain, 2022).records[0].inventor_name == "张三"


def test_bomb_is_refused_before_anything_inflates_it(tmp_path):
    """In a fresh process, so the peak memory measured is this import's alone."""
    path = bomb(tmp_path / "bomb.xlsx", 300)
    probe = (
        "import sys\n"
        "from boostdesk.io.errors import ImportFailed\n"
        "from boostdesk.io.importer import read_table\n"
        "try:\n"
        "    read_table(sys.argv[1], 2022)\n"
        "except ImportFailed as exc:\n"
        "    print('refused', '膨胀' in exc.message)\n"
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forked pytest
        # process across exec, so it would report pytest's size, not this import's.
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
        "print(int(hwm.split()[1]) // 1024)\n"
    )
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True,
                            text=True, cwd=root, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(root)})
    lines = result.stdout.split()
    assert lines[:2] == ["refused", "True"], result.stdout + result.stderr
    assert int(lines[2]) < 150  # MB: the whole process, not the 300 MB the sheet inflates to
