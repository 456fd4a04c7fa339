"""The seal image the 审批表 print, as the register records it: which file, its SHA-256, who
chose it and when; each choice, clearing and acceptance a line of the audit trail. No Qt.

Finance keeps the stamped sheets as vouchers: which seal stamped them must be traceable.
The seal was a per-user setting (QSettings ``print/seal_image``) changed without a trace,
and its file could be replaced on disk unseen. Now the register holds it (one seal for
everyone who prints from it, as the office has one seal), and every print of the sheets
checks that the file is still the one chosen: a file replaced since is not printed from
until someone confirms it, by name, in the trail (:func:`accept_replaced`) — a re-scan
goes on, a seal swapped unseen does not.

The setting of this computer that an older BoostDesk kept is recorded in a register that
has none the first time the seal is read there (:func:`adopt_local`), with its own line.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from boostdesk.models import clock

KEY = "seal_image"  # register_settings' row
LEGACY_SETTING = "print/seal_image"  # the per-user QSettings key of the releases before
ENTITY = "seal"  # the audit lines' entity
PREFIX = 16  # the hex digits of the SHA-256 the messages and the trail show
SPECIMEN = "样章（不用印章扫描件）"

# actions, as the trail names them (boostdesk.audit_log)
CHOOSE, CLEAR, ACCEPT, ADOPT = "choose_seal", "clear_seal", "accept_seal", "adopt_seal"
ACTION_ZH = {CHOOSE: "选定印章图片", CLEAR: "不用印章扫描件（审批表印样章）",
             ACCEPT: "确认采用被替换的印章图片", ADOPT: "本机设置的印章图片记入登记册"}


class SealRefused(ValueError):
    """The seal cannot be printed as it is, or changed now (message in Chinese)."""


class SealReplaced(SealRefused):
    """The seal's file is not the one chosen: ``found`` says how (for a confirmation)."""

    def __init__(self, found: SealCheck) -> None:
        super().__init__(found.message())
        self.found = found


@dataclass(frozen=True)
class SealChoice:
    """What the register records: ``path`` ("" for the specimen), the SHA-256 of the file
    when it was chosen ("" when there was no file to read), who chose it and when."""

    path: str
    sha256: str = ""
    operator: str = ""
    at: str = ""

    @property
    def specimen(self) -> bool:
        return not self.path

    @property
    def fingerprint(self) -> str:
        return self.sha256[:PREFIX]

    def doc(self) -> dict[str, str]:
        """The choice as an audit line's document."""
        return {"path": self.path, "fingerprint": self.fingerprint, "sha256": self.sha256}

    def said(self) -> str:
        """选定人和时间: 王秀兰 于 2023-03-01 09:30."""
        when = self.at.replace("T", " ")[:16]
        return f"{self.operator} 于 {when}" if self.operator else when


@dataclass(frozen=True)
class SealCheck:
    """The recorded seal's file as it is now: ``state`` is ``ok``, ``specimen``,
    ``missing`` or ``replaced`` (``sha256`` its content now)."""

    choice: SealChoice | None
    state: str
    sha256: str = ""
    modified: str = ""  # the replacing file's time, as the file system says

    @property
    def path(self) -> str | None:
        """The file to print the seal from; None: the specimen."""
        return self.choice.path if self.choice and self.choice.path else None

    def message(self) -> str:
        c = self.choice
        if c is None or self.state in ("ok", "specimen"):
            return ""
        if self.state == "missing":
            return (f"找不到审批表的印章图片 {c.path}（{c.said()} 选定）：文件被移走、改名或删除。"
                    "请在“设置”中重新选择印章图片，或选“不用扫描件”印样章")
        was = f"SHA-256 前 {PREFIX} 位 {c.fingerprint}" if c.sha256 else "当时文件无法读取"
        return (f"审批表的印章图片 {c.path} 已不是 {c.said()} 选定的文件：选定时 {was}，"
                f"现在为 {self.sha256[:PREFIX]}"
                + (f"（文件修改于 {self.modified}）" if self.modified else "")
                + "。印章文件被替换，可能是重新扫描，也可能是印章被人改动")


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of the file's bytes (OSError when it cannot be read)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def current(reg: Any) -> SealChoice | None:
    """The seal the register records (``path`` "": the specimen chosen); None: never set."""
    value = reg.scalar("SELECT value FROM register_settings WHERE key = ?", (KEY,))
    if value is None:
        return None
    doc = json.loads(value)
    return SealChoice(str(doc.get("path", "")), str(doc.get("sha256", "")),
                      str(doc.get("operator", "")), str(doc.get("at", "")))


def check(choice: SealChoice | None) -> SealCheck:
    """Whether the recorded seal's file is still the one chosen (read now, whole)."""
    if choice is None or choice.specimen:
        return SealCheck(choice, "specimen")
    path = Path(choice.path)
    try:
        now = file_sha256(path)
        modified = datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    except OSError:
        return SealCheck(choice, "missing")
    if now == choice.sha256:
        return SealCheck(choice, "ok", now)
    return SealCheck(choice, "replaced", now, modified)


def _store(reg: Any, choice: SealChoice | None, action: str, before: SealChoice | None,
           **noted: str) -> None:
    """Record ``choice`` (None: as if never set) with its audit line, in one transaction."""
    if getattr(reg, "read_only", False):
        raise SealRefused(getattr(reg, "read_only_message", "登记册只读")
                          + "：不能更改审批表的印章图片")
    with reg.transaction():
        if choice is None:
            reg.conn.execute("DELETE FROM register_settings WHERE key = ?", (KEY,))
        else:
            reg.conn.execute(
                "INSERT INTO register_settings (key, value) VALUES (?, ?) ON CONFLICT (key)"
                " DO UPDATE SET value = excluded.value",
                (KEY, json.dumps({"path": choice.path, "sha256": choice.sha256,
                                  "operator": choice.operator, "at": choice.at},
                                 ensure_ascii=False)))
        reg.audit(action, ENTITY, None, before.doc() if before else None,
                  {**(choice.doc() if choice else SealChoice("").doc()), **noted})


def _full(path: str | Path) -> str:
    """The path as recorded: absolute (a command line's seal.png is found from the window)."""
    return os.path.abspath(path)


def _stamped(reg: Any, path: str, sha256: str) -> SealChoice:
    return SealChoice(path, sha256, reg.operator, clock.now())


def choose(reg: Any, path: str | Path | None) -> SealChoice:
    """Record ``path`` as the seal (checked to be a printable image; None or "": the
    specimen), with its SHA-256 and a line in the trail."""
    before = current(reg)
    text = str(path or "")
    if not text:
        choice = _stamped(reg, "", "")
        _store(reg, choice, CLEAR, before)
        return choice
    from boostdesk.printing.seal import load_seal_image

    load_seal_image(text)  # SealImageError (a ValueError) says why not
    try:
        sha = file_sha256(text)
    except OSError as exc:
        raise SealRefused(f"无法读取印章图片 {text}：{exc.strerror or exc}") from exc
    choice = _stamped(reg, _full(text), sha)
    _store(reg, choice, CHOOSE, before)
    return choice


def put_back(reg: Any, choice: SealChoice | None) -> None:
    """Record ``choice`` exactly as it was (the window's undo and redo): its path with the
    SHA-256 it was chosen with, so a file replaced meanwhile is still found out."""
    action = CLEAR if choice is None or choice.specimen else CHOOSE
    _store(reg, choice, action, current(reg))


def accept_replaced(reg: Any, found: SealCheck) -> SealChoice:
    """The file at the recorded path, replaced since it was chosen, confirmed as the seal:
    recorded with its SHA-256 now, the confirming operator and the old SHA-256 in the trail."""
    if found.choice is None or found.state != "replaced":
        raise ValueError("only a replaced seal file is accepted")
    choice = _stamped(reg, found.choice.path, found.sha256)
    _store(reg, choice, ACCEPT, found.choice, modified=found.modified)
    return choice


def adopt_local(reg: Any, local: str | None) -> SealChoice | None:
    """The register's seal; a register that has none yet (never set) records ``local``,
    this computer's setting from before (QSettings ``print/seal_image``), with a line
    saying so. A read-only register records nothing: None."""
    found = current(reg)
    if found is not None or not local or getattr(reg, "read_only", False):
        return found
    try:
        sha = file_sha256(local)
    except OSError:
        sha = ""  # checked at the next print: said missing, or replaced once it is back
    choice = _stamped(reg, _full(local), sha)
    _store(reg, choice, ADOPT, None, source="本机设置（此前的版本按电脑保存印章图片）")
    return choice


def unrecorded_note(reg: Any, local: str | None) -> str:
    """What to say when this computer's old setting names a seal that a read-only
    register could not record: the sheets carry the specimen until it is."""
    if not local or current(reg) is not None or not getattr(reg, "read_only", False):
        return ""
    return (f"本机设置中的印章图片 {local} 尚未记入登记册（登记册只读），审批表印样章；"
            "待登记册可写时再打开即自动记入")


def seal_to_print(reg: Any, local: str | None, accept: bool = False,
                  given: str | None = None) -> tuple[str | None, list[str]]:
    """The seal file the 审批表 print (None: the specimen) and what to tell the operator,
    after this computer's old setting is recorded where the register has none. ``given``
    (the command line's ``--seal``) is chosen as the register's seal, as 设置 would, unless
    it is that already. A file replaced since it was chosen is refused
    (:class:`SealRefused`, saying so) unless ``accept``: then it is recorded as confirmed
    by the operator (:func:`accept_replaced`)."""
    if given:
        before = current(reg)
        found = check(before)
        if before is None or before.path != _full(given) or found.state != "ok":
            chosen = choose(reg, given)
            return chosen.path, [f"审批表的印章图片已改为 {chosen.path}（SHA-256 前 {PREFIX} 位 "
                                 f"{chosen.fingerprint}），记入修改记录；此后打印审批表（窗口中也是）"
                                 "都用它"]
        return found.path, []
    notes = [n for n in (unrecorded_note(reg, local),) if n]
    choice = adopt_local(reg, local)
    found = check(choice)
    if found.state == "missing":
        raise SealRefused(found.message())
    if found.state == "replaced":
        if not accept:
            raise SealReplaced(found)
        accept_replaced(reg, found)
        notes.append(f"已确认采用替换后的印章图片 {found.path}（SHA-256 前 {PREFIX} 位 "
                     f"{found.sha256[:PREFIX]}），记入修改记录")
    return found.path, notes
