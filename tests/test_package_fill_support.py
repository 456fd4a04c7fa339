"""Returned scoring packages as reviewers hand them back, for the package tests (no tests
here): a package filled with given scores under a file name of the reviewer's choosing, and
saved at a given time (two saves of one export told apart by it)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

LIU = [[18, 12.5, 13, 12, 11, 8, 9], [15, 10, 10, 10, 10, 7, 6]]  # totals 83.5, 68
HAN = [[19, 13, 14, 13, 13, 9, 9], [16, 12, 11, 12, 11, 8, 8]]  # totals 90, 78


def saved_on(path: Path, stamp: str) -> Path:
    """The file as a spreadsheet program saved it at ``stamp`` (UTC): Excel, WPS and Calc
    write the time of each save into the document's properties, as openpyxl does."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    core = parts["docProps/core.xml"].decode("utf-8")
    core, n = re.subn(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                      rf"\g<1>{stamp}Z\g<2>", core)
    assert n == 1
    parts["docProps/core.xml"] = core.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def filled(source: Path, target: Path, rows: list[list[object]], saved: str,
           comment: str = "建议加强成果推广") -> Path:
    """The package ``source`` filled with ``rows`` (a project's scores a row, from column
    C, its comment after them) as ``target``, saved at ``saved``."""
    import openpyxl

    shutil.copy(source, target)
    wb = openpyxl.load_workbook(target)
    ws = wb["评分表"]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=3):
            ws.cell(row=r, column=c, value=value)
        ws.cell(row=r, column=3 + len(values), value=comment)
    wb.save(target)
    return saved_on(target, saved)
