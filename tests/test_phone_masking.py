"""Telephone numbers on the copies that leave the finance office: masked (138****8000) as
the pane and the audit trail show them, in their column and in 备注; on finance's copy
too (stop 40: finance pays to a name, ID and card; the privacy officer counted 23 whole
phones on one 财务联), which keeps the IDs and cards whole."""

from __future__ import annotations

import subprocess
import zipfile

import pytest

from boostdesk.io.export_summary import build_summary, write_summary_xlsx
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.printing.approval import load_sheets, write_approval_pdf
from boostdesk.printing.samples import YEAR, fill_sample
from boostdesk.printing.summary import write_summary_pdf

NOTE = "家属电话 +86 135 1234 5678；备用 135-2345-6789；另 135 3456 7890"
WHOLE = ("13911112222", "010-83570885", "13512345678", "13523456789", "13534567890")


@pytest.fixture
def sample(reg):
    fill_sample(reg)
    with reg.transaction():
        reg.conn.execute("UPDATE patent_applications SET remarks = ?", (NOTE,))
    return reg


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _xlsx_text(path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))


def _digits_runs(text: str) -> str:
    """The text with spaces and dashes between digits gone: 135 1234 5678 is 13512345678."""
    import re

    return re.sub(r"(?<=\d)[ \-](?=\d)", "", text.replace("+86", ""))


@pytest.mark.parametrize("stream", [PATENT, PROJECT])
@pytest.mark.parametrize("suffix", [".xlsx", ".pdf"])
def test_the_summary_masks_phones_finance_s_too(sample, tmp_path, stream,
                                                                 suffix):
    texts = {}
    for unmasked in (False, True):
        summary = build_summary(sample, stream, YEAR, unmasked=unmasked)
        out = tmp_path / f"{stream}-{unmasked}{suffix}"
        if suffix == ".pdf":
            write_summary_pdf(out, summary)
            texts[unmasked] = _pdf_text(out)
        else:
            write_summary_xlsx(out, summary)
            texts[unmasked] = _xlsx_text(out)
    phone = "13911112222" if stream == PATENT else "010-83570885"
    shown = "139****2222" if stream == PATENT else "010-****0885"
    for unmasked in (False, True):
        assert phone not in texts[unmasked] and shown in texts[unmasked]
    if stream == PATENT:  # 备注's phones, in every way they are written
        runs = {k: _digits_runs(v) for k, v in texts.items()}
        for number in WHOLE[2:]:
            assert number not in runs[False] and number not in runs[True]
        if suffix == ".xlsx":
            assert "+86 135 **** 5678；备用 135-****-6789；另 135 **** 7890" in texts[False]
        else:
            assert "电话已部分隐去" in texts[False]


def test_the_masked_approval_sheet_masks_phones(sample, tmp_path):
    sheets = load_sheets(sample, YEAR)
    texts = {}
    for unmasked in (False, True):
        out = tmp_path / f"approval-{unmasked}.pdf"
        write_approval_pdf(out, sheets, unmasked=unmasked)
        texts[unmasked] = _pdf_text(out)
    for phone in WHOLE[:2]:
        assert phone not in texts[False] and phone not in texts[True]
    for unmasked in (False, True):
        assert "139****2222" in texts[unmasked] and "010-****0885" in texts[unmasked]
    assert "身份证号、卡号、电话已部分隐去" in texts[False]
    assert "财务联：含完整身份证号、卡号（电话已部分隐去）" in texts[True]
