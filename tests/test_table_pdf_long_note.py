"""The archive's 目录 says under its title when, by whom and whether the trail's chain is
whole — with a clock set back or lines resealed, a statement of several hundred
characters, which was shrunk onto one line in about 4 pt type: unreadable on paper.
Wrapped at 8 pt instead, the table below it moved down."""

from __future__ import annotations

import re
import subprocess

from boostdesk.printing.common import Col
from boostdesk.printing.plain_table import write_table_pdf

NOTE = ("年度：2022；生成：2026-12-06 15:21；操作人：审计员；电脑：vm；BoostDesk 0.24.0；登记册格式 32；"
        "登记册：/tmp/s45/t-auditor/reg.db；修改记录防篡改校验：完整（共 925 行，校验链无断点；行数与本程序"
        "写入的相符；每份申报、每笔已登记的拨付在修改记录中都有记录）。第 857–918 行的校验值已于 2026-12-06 "
        "因“删除个人信息”重新计算（改写 2 行；原末行校验值记在第 919 行）。注意：有 1 行修改记录的时间比之前"
        "已记的时间早 10 分钟以上：第 848 行 2023-01-10 10:00:04（操作人：王会计）")


def _words(pdf) -> list[tuple[float, float, str]]:
    """(top, height, text) of each word pdftotext finds on page 1."""
    out = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"],
                         check=True, capture_output=True, text=True).stdout
    return [(float(y0), float(y1) - float(y0), text) for y0, y1, text in re.findall(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', out)]


def test_a_long_note_is_wrapped_at_8_pt_not_shrunk(tmp_path):
    pdf = tmp_path / "目录.pdf"
    write_table_pdf(pdf, "年度归档：目录", NOTE, [Col("序号", 10, "center"), Col("文件", 257)],
                    [["1", "2022-01-专利汇总表.pdf"]], size=7)
    words = _words(pdf)
    header = next(top for top, _, text in words if text == "序号")
    note = [w for w in words if 60 < w[0] < header]  # under the title, over the table
    assert note and min(h for _, h, _ in note) >= 7.5, note
    lines = sorted({round(top) for top, _, _ in note})
    assert len(lines) >= 2  # wrapped
    said = "".join(w[2] for w in note).replace(" ", "")
    assert said.startswith("年度：2022") and said.endswith("（操作人：王会计）")  # all of it
