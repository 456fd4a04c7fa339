"""数据说明: what every table and column of the register means, in Chinese, kept whole
against the schema and written into every backup zip; the zip's copy dated as made."""

from __future__ import annotations

import zipfile
from datetime import datetime, timedelta

from boostdesk.models import Register
from boostdesk.safety.backup import backup_register


def test_every_table_and_column_of_the_schema_is_described(reg):
    """A migration adding a table or column without its description fails here: the
    dictionary cannot go stale silently."""
    from boostdesk.models.data_dictionary import TABLES, schema, undescribed

    assert undescribed(reg.conn) == []
    # and nothing described that the schema no longer has (a renamed or dropped column)
    tables = dict(schema(reg.conn))
    assert sorted(TABLES) == sorted(tables)
    for table, (_what, columns) in TABLES.items():
        assert sorted(columns) == sorted(name for name, _t, _k in tables[table]), table
    assert all(what.strip() for what, _ in TABLES.values())
    assert all(said.strip() for _, columns in TABLES.values() for said in columns.values())


def test_a_backup_zip_holds_the_data_dictionary_and_its_copy_is_dated_as_made(tmp_path):
    path = tmp_path / "register.db"
    Register.open(path, operator="测试员").close()
    info = backup_register(path, "manual")
    with zipfile.ZipFile(info.path) as zf:
        names = zf.namelist()
        assert "数据说明.md" in names
        said = zf.read("数据说明.md").decode("utf-8")
        copy = zf.getinfo(info.path.with_suffix(".db").name)
    for words in ("## patent_applications", "| status |", "| paid_first | 首笔拨付 |",
                  "| acceptance_failed | 验收未通过 |", "| federation | 市总工会 |",
                  "| union | 推荐工会 |", "score_x10", "分（整数", "## audit_events",
                  "退汇"):
        assert words in said, words
    # the entry's own time, not zip's 1980-01-01 (an unzipped copy kept that date)
    assert abs(datetime(*copy.date_time) - info.created) < timedelta(minutes=2)
