"""The completers' name lists: read once, read again after any write (this desk's or
another's), never stale."""

from __future__ import annotations

from dataclasses import replace

from test_draft_check_scale import PATENT, _id, _number

from boostdesk.models.register import Register


def _reads(reg) -> list[str]:
    statements: list[str] = []
    reg.conn.set_trace_callback(statements.append)
    return statements


def test_names_are_read_once_until_something_is_written(tmp_path):
    reg = Register.open(tmp_path / "r.db", "甲")
    reg.save_patent(replace(PATENT, patent_number_raw=_number(1), id_number=_id(1),
                            inventor_name="张三"))
    assert reg.names("people") == ["张三"]
    statements = _reads(reg)
    assert reg.names("people") == ["张三"]
    assert not [s for s in statements if "FROM people" in s]
    reg.save_patent(replace(PATENT, patent_number_raw=_number(2), id_number=_id(2),
                            inventor_name="李四"))
    assert reg.names("people") == ["李四", "张三"]  # pinyin order: li < zhang


def test_another_desks_write_is_seen(tmp_path):
    mine = Register.open(tmp_path / "r.db", "甲")
    theirs = Register.open(tmp_path / "r.db", "乙")
    assert mine.names("units") == []
    theirs.save_patent(replace(PATENT, patent_number_raw=_number(1), id_number=_id(1)))
    assert mine.names("units") == ["海淀区总工会"]


def test_a_returned_list_changed_by_its_caller_leaves_the_kept_one_alone(tmp_path):
    reg = Register.open(tmp_path / "r.db", "甲")
    reg.save_patent(replace(PATENT, patent_number_raw=_number(1), id_number=_id(1)))
    reg.names("units").append("不该出现")
    assert reg.names("units") == ["海淀区总工会"]
