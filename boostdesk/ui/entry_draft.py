"""A new paper's typing kept on disk while it is typed (no Qt): the window killed, the
machine's power cut or the form lost some other way, the next new form of the same kind
on the same register offers it back instead of the clerk typing the paper again.

One file per register, stream and year, beside the register
(``register.db.draft-patent-2022.json``),
private like the register itself: it holds what the register would (names, ID numbers).
It names who typed it and on which computer: a colleague who takes the register over
after the window was killed is told whose typing it is, not given it as her own.
Written whole to a temporary file and renamed, so a kill while writing leaves the last one.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from boostdesk.safety.files import create_private


@dataclass(frozen=True)
class Draft:
    year: int
    fields: dict[str, Any]  # each editor's text, or a choice box's value
    materials: dict[str, bool]
    saved_at: str  # when last written, as the clerk reads it (2022-10-20 14:05)
    operator: str = ""  # who typed it ("" in a draft kept before drafts named them)
    computer: str = ""  # on which computer


def draft_path(register_path: Path | None, stream: str, year: int | None = None) -> Path | None:
    """Where a stream's draft of this register lives, a year's its own (one file for every
    year let a paper typed in one year's form write over another year's paper left
    behind); None for a register in memory. A draft kept, before, under the stream's one
    name (``year`` None) is taken as its own year's."""
    if register_path is None:
        return None
    shared = register_path.with_name(f"{register_path.name}.draft-{stream}.json")
    if year is None:
        return shared
    path = register_path.with_name(f"{register_path.name}.draft-{stream}-{year}.json")
    earlier = read_draft(shared) if shared.exists() and not path.exists() else None
    if earlier is not None and earlier.year == year:
        try:
            os.replace(shared, path)
        except OSError:
            return shared  # held open just now: offered and kept where it is
    return path


def write_draft(path: Path | None, year: int, fields: dict[str, Any],
                materials: dict[str, bool], operator: str = "", computer: str = "") -> None:
    if path is None:
        return
    text = json.dumps({"year": year, "fields": fields, "materials": materials,
                       "saved_at": datetime.now().strftime("%Y-%m-%d %H:%M"),
                       "operator": operator, "computer": computer},
                      ensure_ascii=False)
    temporary = path.with_name(path.name + ".tmp")
    try:
        create_private(temporary)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass  # a full or read-only disk: the form itself goes on; the draft is a spare


def read_draft(path: Path | None) -> Draft | None:
    """The draft left behind, or None (none, or unreadable: then it is dropped). A draft
    that cannot be opened just now (on Windows the antivirus scanning it, a backup
    program copying it) is kept for the next form: it was deleted, the paper typed lost."""
    if path is None or not path.exists():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    try:
        data = json.loads(text)
        return Draft(int(data["year"]), dict(data["fields"]), dict(data["materials"]),
                     str(data.get("saved_at", "")), str(data.get("operator") or ""),
                     str(data.get("computer") or ""))
    except (ValueError, KeyError, TypeError):
        drop_draft(path)
        return None


def drop_draft(path: Path | None) -> None:
    if path is None:
        return
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass
