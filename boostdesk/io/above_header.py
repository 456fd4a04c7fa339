"""What a summary table's lines above its header say: the plan year in its title, the
money unit noted (单位：元), the recommending union named (推荐单位（盖章）：…)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_YEAR = re.compile(r"(20\d\d)\s*年(?!\s*\d{1,2}\s*月)")  # a plan year, not a date (填报日期)
# 单位：元 above the header, not 推荐单位：元宝区总工会
_UNIT_NOTE = re.compile(r"单位:(?:人民币)?(万|[千百]?万?元)(?:人民币)?(?![\u3400-\u9fff])")
# 推荐单位（盖章）：X, 填报单位：X above the header; X ends at a gap or the next label
_UNION_ABOVE = re.compile(r"(?:推荐|填报|报送)单位\s*(?:[（(]\s*(?:盖章|公章)\s*[）)])?\s*[:：]\s*(.*)$")
_UNION_END = re.compile(r"\s{2,}|\s*\S{2,6}[:：]|[，,;；（(]|\s+$")


def unit_note(rows: list[list[Any]]) -> str | None:
    """The money unit noted above the header (单位：元, 金额单位：万元), as official tables note
    it at the right of the line under the title; None when none is."""
    for row in rows:
        for value in row:
            if isinstance(value, str) and "单位" in value:
                text = "".join(unicodedata.normalize("NFKC", value).split())
                if m := _UNIT_NOTE.search(text):
                    return "万元" if m.group(1) == "万" else m.group(1)
    return None


def union_above(rows: list[list[Any]]) -> str | None:
    """The union named above the header (推荐单位（盖章）：北京市西城区总工会), as official forms
    name it on the line under the title, or None."""
    for row in rows:
        for value in row:
            if isinstance(value, str) and (m := _UNION_ABOVE.search(value)):
                name = _UNION_END.split(m.group(1).strip(), maxsplit=1)[0].strip()
                if name and len(name) <= 40 and not name.startswith(("请", "填写", "XX", "××")):
                    return name  # not 请填写…, the form's own instruction
    return None


def title_year(rows: list[list[Any]]) -> int | None:
    """The plan year the title above the header names (2022年度…), or None."""
    for row in rows:
        for value in row:
            if isinstance(value, str) and (m := _YEAR.search(unicodedata.normalize("NFKC", value))):
                return int(m.group(1))
    return None
