"""One backup file on the disk: a zip of the register's SQLite copy, or an older plain one.

Automatic backups are written as ``.zip`` archives (deflate, level 1: a register's copy
shrinks 4–7×, at about the speed it is read) holding one member, the plain SQLite copy,
named as the archive with ``.db`` (``register-20261204-093000-123-start.db``: extracted
into the data folder it never overwrites ``register.db``). Windows opens a zip without any
other program, so a backup copied by hand can be opened by double-clicking it and dragging
the file out. The archive's comment says what the backup is (JSON): ``seq``, the order in
which this register's backups were made (a clock set back names a backup in the past;
``seq`` still says it came last), ``made`` (this computer's clock then), ``reason``,
``register``, ``schema`` and ``bytes`` (the copy's size).

Backups an earlier BoostDesk wrote are plain SQLite files (``….db``) and stay readable:
:func:`plain` gives a plain SQLite file for either kind (for a zip, a private hidden copy
extracted beside it, deleted afterwards).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import zipfile

# zipfile, json and shutil are imported where used: this module comes with the window's
# start (session → backup), and zipfile alone costs it ≈ 5 ms.

from .files import create_private

SUFFIX = ".zip"
LEGACY_SUFFIX = ".db"
LEVEL = 1  # deflate: 6 (the default) saves another 13 % at twice the time (a 24 MB register)
CHUNK = 1 << 20
ZIP_MAGIC = b"PK\x03\x04"
KIND = "boostdesk-backup"


class NotABackup(ValueError):
    """A zip that is not a BoostDesk backup (no single SQLite member)."""


def is_zip(path: str | Path) -> bool:
    """Is the file a zip archive (by its first bytes, not its name)?"""
    try:
        with open(path, "rb") as fh:
            return fh.read(4) == ZIP_MAGIC
    except OSError:
        return False


def member_name(target: Path) -> str:
    return target.with_suffix(LEGACY_SUFFIX).name


def write_zip(files: list[tuple[Path, str]], tmp: Path, meta: dict[str, Any], *,
              step: Callable[[int, int], None] | None = None) -> None:
    """Compress ``files`` (path, name in the archive) into ``tmp`` (made 0600 before its
    first byte), its comment ``meta``; then read it all back (each member's CRC against
    the bytes compressed) and flush it to the disk. Raises OSError or BadZipFile.
    ``step(bytes compressed, bytes)`` after every ``CHUNK``: what it raises (a cancel)
    stops the compression, ``tmp`` left for the caller to remove."""
    import json
    import shutil
    import zipfile

    create_private(tmp)
    total = sum(source.stat().st_size for source, _name in files)
    done = 0
    said = dictionary(files)
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=LEVEL) as zf:
        for source, name in files:
            big = source.stat().st_size > (1 << 30)  # may pass zip's 2 GiB: ZIP64 from the start
            with source.open("rb") as src, zf.open(member(source, name), "w",
                                                   force_zip64=big) as dst:
                if step is None:
                    shutil.copyfileobj(src, dst, CHUNK)
                    continue
                while chunk := src.read(CHUNK):
                    dst.write(chunk)
                    done += len(chunk)
                    step(done, total)
        if said:  # what the tables and columns mean, for a reader without BoostDesk
            zf.writestr(member(None, DICTIONARY), said.encode("utf-8"))
        zf.comment = json.dumps({"kind": KIND, **meta}, ensure_ascii=False).encode("utf-8")
    with zipfile.ZipFile(tmp) as zf:
        bad = zf.testzip()  # decompresses every member and checks its CRC
        if bad is not None:
            raise zipfile.BadZipFile(f"压缩后的备份读回时校验失败：{bad}")
        sizes = {i.filename: i.file_size for i in zf.infolist()}
    for source, name in files:
        if sizes.get(name) != source.stat().st_size:
            raise zipfile.BadZipFile(f"压缩后的备份大小不符：{name}")
    fd = os.open(str(tmp), os.O_RDWR)  # Windows flushes only a handle that may write
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


DICTIONARY = "数据说明.md"  # (models.data_dictionary.FILE_NAME: not imported at start-up)


def member(source: Path | None, name: str) -> zipfile.ZipInfo:
    """A member's entry dated as its file was last modified (the copy: the backup's own
    moment; ``None``: now), not zip's default of 1980-01-01 that an unzipped copy kept."""
    import time
    import zipfile

    when = time.localtime(source.stat().st_mtime if source is not None else None)
    info = zipfile.ZipInfo(name, date_time=max(when[:6], (1980, 1, 1, 0, 0, 0)))
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = LEVEL  # type: ignore[attr-defined]  # (what ZipFile.open gives its own)
    info.external_attr = 0o600 << 16  # unzipped, the copy is the owner's alone, as the zip is
    return info


def dictionary(files: list[tuple[Path, str]]) -> str:
    """数据说明.md of the register copy among ``files`` (its schema, described), "" when
    none can be read as one (the backup itself is not refused for it)."""
    from boostdesk.models.data_dictionary import text_of

    from .integrity import SQLITE_FAILURES

    for source, name in files:
        if name.lower().endswith(LEGACY_SUFFIX):
            try:
                return text_of(str(source))
            except SQLITE_FAILURES:  # a damaged register's own copy (恢复前): zipped all the same
                return ""
    return ""


def read_meta(path: str | Path) -> dict[str, Any]:
    """What a zip backup says of itself ({} for a plain one, or one that cannot be read).
    Reads the archive's directory at its end only, not the copy."""
    if Path(path).suffix.lower() != SUFFIX:
        return {}
    import json
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            meta = json.loads(zf.comment.decode("utf-8")) if zf.comment else {}
    except (OSError, ValueError, zipfile.BadZipFile):
        return {}
    return meta if isinstance(meta, dict) and meta.get("kind") == KIND else {}


# What an Office Open XML file (.xlsx, .docx …) holds at its root, and where its parts are.
_OFFICE_PARTS = (("xl/", "Excel 表格"), ("word/", "Word 文档"), ("ppt/", "PowerPoint 演示文稿"))


def zip_kind(path: str | Path) -> tuple[str, str]:
    """What a zip file is, looked for inside it (its name may say otherwise): ``("office",
    what)`` for an Excel workbook (``[Content_Types].xml`` and ``xl/``), a Word or other
    Office file; ``("backup", register)`` for a BoostDesk backup (its comment's ``kind``,
    naming the register); ``("copy", member)`` for a zip of one SQLite copy without that
    mark (a backup zipped by hand); ``("other", names)``; ``("damaged", reason)`` when
    it cannot be read. Reads the archive's directory only."""
    import json
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            comment = zf.comment
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        return "damaged", str(exc)
    names = [i.filename for i in infos]
    if "[Content_Types].xml" in names:
        for folder, what in _OFFICE_PARTS:
            if any(n.startswith(folder) for n in names):
                return "office", what
        return "office", "Office 文件"
    try:
        meta = json.loads(comment.decode("utf-8")) if comment else {}
    except ValueError:
        meta = {}
    if isinstance(meta, dict) and meta.get("kind") == KIND:
        return "backup", str(meta.get("register", ""))
    files = [i.filename for i in infos if not i.is_dir()]
    sqlite = [n for n in files if n.lower().endswith(LEGACY_SUFFIX)]
    if len(sqlite) == 1:
        return "copy", sqlite[0]
    return "other", "、".join(files[:3]) + ("等" if len(files) > 3 else "")


# What SQLite's header counts, not what the register holds: its file change counter (24),
# the change it is valid for (92) and the library that wrote it last (96). A register an
# older BoostDesk kept in rollback-journal mode is put in WAL mode by its first opening,
# which counts a change in them and nothing else.
_COUNTERS = ((24, 28), (92, 100))


def holds(path: Path, copy: Path, size: int) -> bool:
    """Does the zip backup at ``path`` hold ``copy`` (of ``size`` bytes): its directory's
    size first, then the bytes compared whole, but for the header's counters
    (:data:`_COUNTERS`). Raises as :func:`unreadable` says (a damaged archive, its CRC
    checked as it is read)."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        info = _sqlite_member(zf)
        if info.file_size != size:
            return False
        with zf.open(info) as kept, copy.open("rb") as new:
            first = True
            while True:
                a, b = _read_full(kept), _read_full(new)
                if first:
                    a, b, first = _uncounted(a), _uncounted(b), False
                if a != b:
                    return False
                if not a:
                    return True


def _uncounted(head: bytes) -> bytes:
    out = bytearray(head)
    for start, end in _COUNTERS:
        out[start:end] = bytes(max(0, min(end, len(out)) - start))
    return bytes(out)


def _read_full(fh: Any) -> bytes:
    """Up to ``CHUNK`` bytes, fewer only at the end of the file."""
    parts: list[bytes] = []
    left = CHUNK
    while left and (part := fh.read(left)):
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def _sqlite_member(zf: zipfile.ZipFile) -> zipfile.ZipInfo:
    members = [i for i in zf.infolist()
               if not i.is_dir() and i.filename.lower().endswith(LEGACY_SUFFIX)]
    if len(members) != 1:
        raise NotABackup("压缩文件中没有（或不止一个）登记册文件（.db）")
    return members[0]


def extract(path: Path, folder: Path) -> Path:
    """The zip's SQLite copy extracted to a private hidden file in ``folder`` (its CRC
    checked as it is read). The caller deletes it."""
    import shutil
    import zipfile

    with zipfile.ZipFile(path) as zf:
        info = _sqlite_member(zf)
        out = folder / f".{path.name}.{os.getpid()}.open.tmp"
        create_private(out)
        try:
            with zf.open(info) as src, out.open("r+b") as dst:
                shutil.copyfileobj(src, dst, CHUNK)
        except BaseException:
            _unlink(out)
            raise
    return out


@contextmanager
def plain(path: str | Path, folder: str | Path | None = None) -> Iterator[Path]:
    """``path`` as a plain SQLite file: itself, or its zip's copy extracted into ``folder``
    (default: beside it) for the ``with`` block. Raises :class:`NotABackup`, OSError,
    ``zipfile.BadZipFile`` or ``zlib.error`` (a damaged archive)."""
    path = Path(path)
    if not is_zip(path):
        yield path
        return
    try:
        out = extract(path, Path(folder) if folder is not None else path.parent)
    except OSError as exc:  # a read-only folder (a backup on a locked share): a private temp
        if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise
        import tempfile

        out = extract(path, Path(tempfile.gettempdir()))
    try:
        yield out
    finally:
        _unlink(out)
        _unlink(Path(f"{out}-journal"))


def unreadable() -> tuple[type[BaseException], ...]:
    """What reading a damaged or foreign zip raises (for ``except``)."""
    import zipfile
    import zlib

    return (OSError, NotABackup, zipfile.BadZipFile, zlib.error, EOFError)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
