"""The key scoring packages are signed with: the register's own (made at its first export),
and those of the registers a restore to before the first export replaced, read from the
恢复前 backups the trail names, so that the packages out with the experts still import."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path

from boostdesk.models.register import Register


def signing_key(reg: Register, create: bool) -> bytes | None:
    """The register's key; made (audited) when ``create`` and there is none yet."""
    value = reg.scalar("SELECT secret FROM panel_secret WHERE id = 1")
    if value is None and create:
        with reg.transaction():
            value = secrets.token_hex(32)
            reg.conn.execute("INSERT INTO panel_secret (id, secret) VALUES (1, ?)", (value,))
            reg.audit("create", "panel_secret", 1, None, {"note": "评分包签名密钥已生成"})
    return bytes.fromhex(value) if value else None


def sign(key: bytes, payload: str) -> str:
    """The HMAC-SHA256 of a package's signed content, in hex."""
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


# The restores whose restored register had no signing key yet: restored to before the
# first export, so every package out was signed by the register it replaced.
_KEYLESS_RESTORES = (
    "SELECT json_extract(before, '$.file') FROM audit_events"
    " WHERE action = 'restore' AND entity = 'register' AND before IS NOT NULL"
    " AND id < COALESCE((SELECT MIN(id) FROM audit_events WHERE entity = 'panel_secret'"
    " AND action = 'create'), 1e18) ORDER BY id DESC")


@dataclass(frozen=True)
class EarlierKeys:
    """The signing keys of the registers this one replaced by a restore to before its first
    export, each with the file name of the 恢复前 backup it was read from; and such backups
    the trail names that could not be read (deleted, moved, damaged)."""

    keys: tuple[tuple[bytes, str], ...] = ()
    missing: tuple[str, ...] = ()
    restored: bool = False  # a restore to before the first export is in the trail


def earlier_keys(reg: Register) -> EarlierKeys:
    """The keys packages out with the experts may be signed with, beyond the register's
    own: a restore to before the first export left the register without the key the
    replaced register signed them with, and that register is kept whole, a 恢复前 backup
    the restore's line in the trail names. Followed through such restores of that register
    in turn (a few at most)."""
    import sqlite3

    from boostdesk.safety import backup_file
    from boostdesk.safety.backup import backup_dir
    from boostdesk.safety.files import private_dir
    from boostdesk.safety.integrity import SQLITE_FAILURES, sqlite_uri

    todo = [str(r[0]) for r in reg.conn.execute(_KEYLESS_RESTORES) if r[0]]
    folder = backup_dir(reg.path) if reg.path is not None else None
    keys: list[tuple[bytes, str]] = []
    missing: list[str] = []
    seen: set[str] = set()
    restored = bool(todo)
    unreadable: tuple[type[BaseException], ...] = (*SQLITE_FAILURES, *backup_file.unreadable())
    while todo and len(seen) < 8:
        name = todo.pop(0)
        if name in seen:
            continue
        seen.add(name)
        path = Path(name)
        if not path.is_file() and folder is not None and (folder / path.name).is_file():
            path = folder / path.name  # the register's folder moved, its backups with it
        try:
            into = private_dir(folder) if folder is not None and backup_file.is_zip(path) else None
            with backup_file.plain(path, into) as copy:
                conn = sqlite3.connect(sqlite_uri(copy), uri=True)
                try:
                    try:
                        row = conn.execute("SELECT secret FROM panel_secret WHERE id = 1").fetchone()
                    except sqlite3.Error:  # a register of a schema before the packages
                        row = None
                    todo += [str(r[0]) for r in conn.execute(_KEYLESS_RESTORES) if r[0]]
                finally:
                    conn.close()
        except unreadable:
            missing.append(path.name)
            continue
        if row and row[0]:
            keys.append((bytes.fromhex(row[0]), path.name))
    return EarlierKeys(tuple(keys), tuple(missing), restored)
