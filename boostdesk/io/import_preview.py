"""What reading a summary table found (:class:`ImportPreview`): its records with their
sheet rows, the cells that cannot be read, the warnings, the columns as headed; nothing of
it in the register yet."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from boostdesk.models.campaign import Campaign
from boostdesk.models.records import PROJECT, PatentApplication, ProjectApplication

from .errors import CellError
from .headers import TABLES, Table
from .set_aside import SetAside

Record = PatentApplication | ProjectApplication


@dataclass
class ImportPreview:
    """What ``read_table`` found; nothing of it is in the register yet."""

    stream: str
    year: int
    path: Path
    sheet_name: str
    header_row: int  # 1-based, as Excel shows it (the first of a two-row header)
    records: list[Record] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # sheet row of each record
    errors: list[CellError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field -> header as in the sheet
    title_year: int | None = None  # the year in the title above the header, if any
    sha256: str = ""  # of the file as read, named in the register's audit trail on import
    header_rows: int = 1  # 2: group headers above their columns' headers (合并单元格)
    hidden_rows: list[int] = field(default_factory=list)  # read rows the unit hid
    campaign: Campaign | None = None  # the year's plan, when read with it
    # row -> its 15-digit resident ID as written, read as the 18-digit one (old_ids)
    old_ids: dict[int, str] = field(default_factory=dict)
    # row -> the first inventor's name as the table gave it, where the register's (or an
    # earlier row's) name for the ID was kept and the row asked (duplicates.registered_names):
    # named in the import event, for the union's resend correcting the ID (resend.id_correction)
    asked_names: dict[int, str] = field(default_factory=dict)
    # later sheets with rows not read, each why (an earlier year's list beside a blank one)
    passed_over: list[str] = field(default_factory=list)
    # refused row -> its cells naming it ("seq", "name", "title", "unit", "key": the
    # patent number or project title), as shown: a letter to the union names it by them
    refused_facts: dict[int, dict[str, str]] = field(default_factory=dict)
    # row -> how cells written otherwise than the form were read (√ read as 是): no problem
    read_as: dict[int, list[str]] = field(default_factory=dict)
    # row -> what to check on a row read whole (its last cells one column along; its blank
    # 推荐单位 taken from the table's 填报单位): imported, said on the row
    to_check: dict[int, str] = field(default_factory=dict)
    # other sheets of this year's rows, not read (the clerk chose this one): (name, rows)
    sheets_left: list[tuple[str, int]] = field(default_factory=list)
    # row -> why it is set apart (hidden, under a second table's header): read, not
    # imported unless the clerk says so (set_aside)
    set_aside: dict[int, SetAside] = field(default_factory=dict)
    # the warnings saying so (among ``warnings`` too): the window shows them first
    set_aside_said: list[str] = field(default_factory=list)

    def sheets_left_text(self) -> str:
        """After the import: the sheets still to import, one at a time."""
        if not self.sheets_left:
            return ""
        # whether an earlier import took them is not known here: asked, not asserted
        return ("本文件另有" + "、".join(f"工作表“{name}”（{n} 行）" for name, n in self.sheets_left)
                + "未在本次导入：如尚未导入，请再次导入该文件并选择该工作表")

    @property
    def table_name(self) -> str:
        """The table as the year's plan names it: 专利汇总表（附件2）."""
        return self.table.named(self.campaign)

    @property
    def header_rows_text(self) -> str:
        """The header's row numbers as a message names them: "2" or "2–3"."""
        last = self.header_row + self.header_rows - 1
        return str(self.header_row) if last == self.header_row else f"{self.header_row}–{last}"

    @property
    def table(self) -> Table:
        return next(t for t in TABLES if t.stream == self.stream)

    @property
    def refused_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    @property
    def row_count(self) -> int:
        """Data rows found: read and refused."""
        return len(self.records) + len(self.refused_rows)


def with_registered_studios(reg: object, preview: ImportPreview
                            ) -> tuple[ImportPreview, list[tuple[int, str]]]:
    """The preview with each row whose studio the register has under another name — the
    same studio by ``studio_names.registered_same`` (name's core, the same leader where
    both give one) — naming the registered studio, and a note for each such row: what the
    import's 按已登记的工作室登记 (``--registered-studios``) does. Not by default: a studio
    named like a registered one may be a second studio."""
    from dataclasses import replace

    from boostdesk.studio_names import registered_same
    from boostdesk.validate import tidy_name

    if preview.stream != PROJECT:
        return preview, []
    found: dict[tuple[str, str], str | None] = {}
    records: list[Record] = []
    notes: list[tuple[int, str]] = []
    for row, record in zip(preview.rows, preview.records, strict=True):
        typed = tidy_name(getattr(record, "studio_name", ""))
        key = (typed, tidy_name(getattr(record, "leader", "")))
        if typed and key not in found:
            same = registered_same(reg, typed, key[1])
            found[key] = same.name if same is not None else None
        name = found.get(key) if typed else None
        if name:
            notes.append((row, f"第 {row} 行：工作室“{typed}”按已登记的“{name}”登记"))
            record = replace(record, studio_name=name)  # type: ignore[arg-type]
        records.append(record)
    return (replace(preview, records=records) if notes else preview), notes
