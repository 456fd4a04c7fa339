"""The fast paths behind a 10,000-row import give what the plain code they replaced gave.

Each shortcut is checked against the plain computation it stands for: audit documents
spelt out against json's encoder, records built without ``__init__`` against the
constructor, the guard's quick scan for over-long cell texts against its regular
expression, the row count it takes against the tags a sheet really has, and the folding of
search texts, names and numbers against the regular expressions it replaced.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import fields
from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from boostdesk.models.audit_json import ENCODE, created_json, iso_default, person_json
from boostdesk.models.record_rows import FIELD_NAMES, new_record
from boostdesk.models.records import PatentApplication, ProjectApplication
from boostdesk.safety import archive

TEXT = st.text(max_size=12)  # any code point: quotes, backslashes, controls, CJK, surrogates
OPT_INT = st.one_of(st.none(), st.integers(-10**12, 10**12))
FLAG = st.sampled_from([None, True, False])
DAY = st.one_of(st.none(), st.dates())
CHECKLIST = st.dictionaries(st.sampled_from(["form", "certificate", "unit_stamp"]), st.booleans())
# Values a record's annotations do not allow, which the spelt-out form must hand over to
# the encoder rather than spell differently: a bool for an int, an int for a bool, a
# datetime for a date, a float.
ODD = st.sampled_from([True, 1, 2.5, datetime(2022, 1, 2, 3, 4), "text", None])

patents = st.builds(
    PatentApplication, campaign_year=st.integers(2000, 2100), title=TEXT,
    patent_number_raw=TEXT, patent_number=st.one_of(st.none(), TEXT), grant_date=DAY,
    inventor_name=TEXT, id_number=TEXT, card_number=TEXT, phone=TEXT, frontline=FLAG,
    service_invention=FLAG, applied_in_production=FLAG, unit_name=TEXT,
    enterprise_name=TEXT, industry=TEXT, remarks=TEXT, received_date=DAY,
    materials=CHECKLIST, seq=OPT_INT, status=TEXT, status_reason=TEXT, award_fen=OPT_INT,
    approved_date=DAY, id=st.integers(1, 10**9), person_id=OPT_INT,
)
projects = st.builds(
    ProjectApplication, campaign_year=st.integers(2000, 2100), title=TEXT, studio_name=TEXT,
    studio_level=st.one_of(st.none(), TEXT), model_studio=st.booleans(), leader=TEXT,
    unit_name=TEXT, enterprise_name=TEXT, approval_date=DAY, startup_funds_paid=FLAG,
    planned_completion=DAY, total_budget_fen=OPT_INT, requested_fen=OPT_INT,
    contact_name=TEXT, contact_phone=TEXT, industry=TEXT, remarks=TEXT, received_date=DAY,
    materials=CHECKLIST, seq=OPT_INT, status=TEXT, status_reason=TEXT, award_fen=OPT_INT,
    approved_date=DAY, accepted_date=DAY, id=st.integers(1, 10**9),
    studio_id=OPT_INT,
)


def plain(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, default=iso_default)


def as_written(record, source: str) -> dict:
    document = {f.name: getattr(record, f.name) for f in fields(record)}
    if source:
        document["source"] = source
    return document


@given(record=st.one_of(patents, projects), source=st.sampled_from(["", "海淀区汇总表.xlsx", 'a"b']))
def test_create_event_is_the_encoders_text_character_for_character(record, source):
    assert created_json(record, source) == plain(as_written(record, source))


@given(record=patents, field=st.sampled_from(FIELD_NAMES[PatentApplication]), odd=ODD)
def test_a_value_of_an_unexpected_type_is_still_written_as_the_encoder_writes_it(
        record, field, odd):
    record.__dict__[field] = odd  # as a caller passing a wrong type would
    assert created_json(record, "t.xlsx") == plain(as_written(record, "t.xlsx"))


@given(name=TEXT, id_number=st.one_of(st.none(), TEXT), card=TEXT, phone=TEXT,
       frontline=st.one_of(st.none(), st.sampled_from([0, 1, True])), enterprise=OPT_INT)
def test_new_person_event_is_the_encoders_text(name, id_number, card, phone, frontline,
                                               enterprise):
    person = {"name": name, "id_number": id_number, "card_number": card, "phone": phone,
              "frontline": frontline, "enterprise_id": enterprise}
    assert person_json(person) == plain(person)


@given(st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXT, st.dates()),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(TEXT, inner, max_size=3)), max_leaves=10))
def test_shared_encoder_writes_what_json_dumps_writes(value):
    assert ENCODE(value) == plain(value)


@given(record=st.one_of(patents, projects))
def test_records_built_without_init_equal_the_constructors(record):
    cls = type(record)
    values = [getattr(record, name) for name in FIELD_NAMES[cls]]
    built = new_record(cls, values)
    assert built == record and repr(built) == repr(record) and type(built) is cls
    assert list(vars(built)) == [f.name for f in fields(cls)]


# -- the guard -----------------------------------------------------------------------
LIMIT = archive._LONG_TEXT_BYTES


@given(runs=st.lists(st.tuples(st.sampled_from([b"<", b">", b"<c>", b"</c>", b""]),
                               st.integers(0, LIMIT + 3)), max_size=6),
       offset=st.integers(0, 70_000))
def test_quick_long_text_scan_decides_as_the_regular_expression(runs, offset):
    data = b"x" * offset + b"".join(tag + b"a" * n for tag, n in runs)
    assert archive._long_text(data) == (archive._LONG_TEXT.search(data) is not None)


def test_long_text_right_at_the_limit():
    for n in (LIMIT - 1, LIMIT, LIMIT + 1):
        for pad in (0, 1, archive._BLOCK - 1, archive._BLOCK):
            data = b"<a>" + b"y" * pad + b"<t>" + b"z" * n + b"</t>"
            assert archive._long_text(data) == (n >= LIMIT), (n, pad)


def _sheet(tmp_path, rows: str) -> str:
    path = tmp_path / "rows.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml",
                   f'<x:worksheet xmlns:x="ns"><x:sheetData>{rows}</x:sheetData></x:worksheet>')
    return str(path)


def test_rows_without_references_are_counted_in_any_spelling(tmp_path):
    # self-closing, with and without a namespace prefix: each is a row calamine makes
    rows = "<row/>" * 3 + "<x:row/>" * 4 + "<x:row></x:row>" * 2 + "<row></row>"
    [extent] = archive.check_archive(_sheet(tmp_path, rows))
    assert extent.rows >= 10


def test_a_namespaced_sheet_of_self_closing_rows_over_the_limit_is_refused(tmp_path):
    from boostdesk.io.errors import ImportFailed

    limits = archive.Limits(rows=50, cells=10_000)
    path = _sheet(tmp_path, "<x:row/>" * 51)
    try:
        archive.check_archive(path, limits)
    except ImportFailed as exc:
        assert "超过导入上限" in exc.message
    else:
        raise AssertionError("51 unnumbered rows passed a limit of 50")


def test_the_dates_of_a_record_are_written_as_iso_text():
    record = PatentApplication(2022, grant_date=date(2021, 6, 15), id=1)
    assert '"grant_date": "2021-06-15"' in created_json(record)


# -- the phone a row gives, checked as read and again as stored ----------------------
PHONE_CHARS = st.sampled_from(list("0123456789０１３８") + [" ", "-", "\n", "+", "转", "X"])


@given(st.one_of(st.text(PHONE_CHARS, max_size=14),
                 st.from_regex(r"1[0-9]{10}", fullmatch=True),
                 st.from_regex(r"1[3-9][0-9]{9}\s?", fullmatch=True)))
def test_a_stored_mobile_taken_as_it_is_reads_as_the_plain_steps_read_it(typed):
    """check_phone hands a mobile as it is stored straight back: what the plain steps make
    of it (run here with a leading space, which they strip and the shortcut does not take)."""
    from boostdesk.validate import ValidationError, check_phone

    def outcome(text: str) -> object:
        try:
            return check_phone(text)
        except ValidationError as exc:
            return ("refused", exc.message)

    assert outcome(typed) == outcome(" " + typed)


# -- the texts folded for matching: search texts, names, numbers ---------------------
# Every whitespace character (\s and str.isspace take the same ones), the invisible ones
# normalize_text drops, full-width forms, hanzi of each block and the dots of a name.
FOLDED_CHARS = st.sampled_from(
    [chr(c) for c in range(0x3001) if chr(c).isspace()]
    + list("\u200b\ufeff\u00adaZ1 Ａ１（）()-") + list("买提艾力\u3400\u4e00\u9fff\uf900")
    + ["\U00020000", "\U000323af", "\U000323b0"] + list(".\u00b7\u2022\u2027\u2219\u22c5"
                                                   "\u2e31\u30fb\u3002\u318d\u119e"))


@given(st.one_of(st.text(FOLDED_CHARS, max_size=16), st.text(max_size=12)))
def test_normalize_text_collapses_spaces_as_the_regular_expression_did(typed):
    import re
    import unicodedata

    from boostdesk.validate import _INVISIBLE, normalize_text

    plain = re.sub(r"\s+", " ", _INVISIBLE.sub("", unicodedata.normalize("NFKC", typed))).strip()
    assert normalize_text(typed) == plain


@given(st.one_of(st.text(FOLDED_CHARS, max_size=16), st.text(max_size=12)))
def test_a_name_dot_is_found_as_the_look_behind_pattern_found_it(typed):
    import re

    from boostdesk.validate import _DOTS, _HANZI, _NAME_DOT, fold_name_dots

    looked_behind = re.compile(f"(?<=[{_HANZI}])[{_DOTS}](?=[{_HANZI}])")
    assert _NAME_DOT.sub("\u00b7", typed) == looked_behind.sub("\u00b7", typed)
    assert fold_name_dots(typed) == (typed if typed.isascii()
                                     else looked_behind.sub("\u00b7", typed))


NUMBER_CHARS = st.sampled_from(list("0123456789xXaZ１２ -()（）转\t\u3000"))


@given(st.one_of(st.text(NUMBER_CHARS, max_size=20), st.from_regex(r"[0-9]{15,19}[0-9Xx]?",
                                                                    fullmatch=True)))
def test_a_plain_number_is_keyed_as_the_general_steps_key_it(typed):
    """search_text._forms takes an ASCII number of letters and digits as it is: what the
    general steps (the extension cut, the parts split) make of it."""
    import re

    from boostdesk.models.search_text import _DIGITS, _forms

    parts = [p for p in re.split(r"[\s\-()]+", typed.split("转")[0].strip()) if p]
    forms = ["".join(parts)] + (parts[-1:] if len(parts) > 1 else [])
    assert _forms(typed) == [f.lower() for f in forms if _DIGITS.fullmatch(f)]


# -- the applications written many a statement ---------------------------------------
def _rows_table(conn, table: str = "t") -> None:
    conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, n)")
    conn.execute("CREATE TABLE noted (id)")
    conn.execute(f"CREATE TEMP TRIGGER note AFTER INSERT ON main.{table}"
                 " WHEN NEW.n IS NOT NULL BEGIN INSERT INTO noted VALUES (NEW.id); END")


@given(count=st.integers(0, 260), per=st.sampled_from([1, 3, 100]))
def test_insert_rows_writes_what_executemany_writes_and_fires_the_triggers_alike(count, per):
    import sqlite3

    from boostdesk.models import batch_insert

    rows = [(i + 1, f"名{i}", i if i % 3 else None) for i in range(count)]
    written = []
    for many in (True, False):
        conn = sqlite3.connect(":memory:")
        _rows_table(conn)
        if many:
            conn.executemany("INSERT INTO t (id, name, n) VALUES (?, ?, ?)", rows)
        else:
            old, batch_insert.ROWS_PER_INSERT = batch_insert.ROWS_PER_INSERT, per
            try:
                batch_insert.insert_rows(conn, "t", "id, name, n", iter(rows))
            finally:
                batch_insert.ROWS_PER_INSERT = old
        written.append((conn.execute("SELECT * FROM t ORDER BY rowid").fetchall(),
                        conn.execute("SELECT * FROM noted ORDER BY rowid").fetchall()))
        conn.close()
    assert written[0] == written[1]


def test_insert_rows_refuses_a_row_of_the_wrong_width_and_writes_none_of_its_statement():
    import sqlite3

    import pytest

    from boostdesk.models.batch_insert import insert_rows

    conn = sqlite3.connect(":memory:")
    _rows_table(conn)
    with pytest.raises(sqlite3.ProgrammingError):  # flattened, it would shift the next row
        insert_rows(conn, "t", "id, name, n", [(1, "甲", 1), (2, "乙"), (3, "丙", 3, 4)])
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (0,)
    with pytest.raises(sqlite3.IntegrityError):  # a row refused by the table: its statement
        insert_rows(conn, "t", "id, name, n", [(1, "甲", 1), (2, None, 2)])
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (0,)


def test_an_import_writes_its_applications_a_hundred_a_statement(tmp_path):
    """A statement firing a trigger keeps a statement journal of every page it changes: one
    row a statement journaled each row's ten pages again (past 64 KiB, into a file)."""
    from fixtures.summary_sheets import (
        PATENT_HEADERS,
        numbered_name,
        patent_no,
        patent_row,
        resident_id,
        write_sheet,
    )

    from boostdesk.io.import_commit import commit
    from boostdesk.io.importer import read_table
    from boostdesk.models import Register

    rows = [patent_row(序号=n + 1, 第一发明人=numbered_name("张", n),
                       身份证号=resident_id(f"11010519800101{n:03d}"),
                       专利号=patent_no(f"2021101{n:05d}")) for n in range(250)]
    path = write_sheet(tmp_path / "t.xlsx", [PATENT_HEADERS, *rows])
    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        statements: set[str] = set()
        reg.conn.set_trace_callback(statements.add)  # each run's text, its values in it
        ids = commit(reg, read_table(path, 2022), backup=False)
        reg.conn.set_trace_callback(None)
        inserts = [s for s in statements if s.startswith("INSERT INTO patent_applications")]
        # 3 here; 8 where SQLite allows only 999 values a statement (35 rows of 28)
        assert len(ids) == 250 and 1 < len(inserts) <= 10, len(inserts)
        assert reg.scalar("SELECT count(*) FROM patent_applications") == 250
        assert reg.scalar("SELECT count(*) FROM status_history") == 250
        assert [r[0] for r in reg.conn.execute(
            "SELECT entity_id FROM audit_events WHERE entity = 'patent_applications'"
            " AND action = 'create' ORDER BY id")] == ids
