"""Keeping the register safe: backups, integrity, one writer, privacy.

No Qt here. ``open_register`` is the way in for the application and the command
line; every operation that changes many things at once (import, tier decision, payment
run) runs in ``backup.backed_up_write(reg, reason)``, which keeps its backup only if the
write stored something.

The names below are loaded from their modules on first use (PEP 562), so that
``boostdesk.safety.integrity`` can start the window's check before the rest is imported.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS: dict[str, str] = {
    "DEFAULT_KEEP": "backup",
    "REASONS": "backup",
    "BackupError": "backup",
    "BackupInfo": "backup",
    "RestoreResult": "backup",
    "backup_before": "backup",
    "backup_dir": "backup",
    "backup_keep": "backup",
    "backup_register": "backup",
    "last_good_backup": "backup",
    "list_backups": "backup",
    "numbered_backups": "backup",
    "prune": "backup",
    "restore": "backup",
    "set_backup_keep": "backup",
    "NetworkShare": "files",
    "make_private": "files",
    "NotARegister": "session",
    "network_share": "files",
    "BackgroundCheck": "integrity",
    "IntegrityReport": "integrity",
    "check_integrity": "integrity",
    "LockInfo": "lock",
    "RegisterBusy": "lock",
    "RegisterLock": "lock",
    "acquire": "lock",
    "holder": "lock",
    "MaskingFilter": "privacy",
    "install_log_masking": "privacy",
    "mask_text": "privacy",
    "LockedRegister": "session",
    "OpenedRegister": "session",
    "ReadOnlyRegister": "session",
    "RegisterDamaged": "session",
    "RegisterReadOnly": "session",
    "open_read_only": "session",
    "open_register": "session",
    "restore_and_reopen": "session",
}

__all__ = [
    "BackgroundCheck",
    "BackupError",
    "BackupInfo",
    "DEFAULT_KEEP",
    "IntegrityReport",
    "LockInfo",
    "LockedRegister",
    "MaskingFilter",
    "NetworkShare",
    "NotARegister",
    "OpenedRegister",
    "REASONS",
    "ReadOnlyRegister",
    "RegisterBusy",
    "RegisterDamaged",
    "RegisterLock",
    "RegisterReadOnly",
    "RestoreResult",
    "acquire",
    "backup_before",
    "backup_dir",
    "backup_keep",
    "backup_register",
    "check_integrity",
    "holder",
    "install_log_masking",
    "last_good_backup",
    "list_backups",
    "make_private",
    "mask_text",
    "network_share",
    "numbered_backups",
    "open_read_only",
    "open_register",
    "prune",
    "restore",
    "restore_and_reopen",
    "set_backup_keep",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:  # what type checkers and editors see
    from .backup import (
        DEFAULT_KEEP,
        REASONS,
        BackupError,
        BackupInfo,
        RestoreResult,
        backup_before,
        backup_dir,
        backup_keep,
        backup_register,
        last_good_backup,
        list_backups,
        numbered_backups,
        prune,
        restore,
        set_backup_keep,
    )
    from .files import (
        NetworkShare,
        make_private,
        network_share,
    )
    from .integrity import (
        BackgroundCheck,
        IntegrityReport,
        check_integrity,
    )
    from .lock import (
        LockInfo,
        RegisterBusy,
        RegisterLock,
        acquire,
        holder,
    )
    from .privacy import (
        MaskingFilter,
        install_log_masking,
        mask_text,
    )
    from .session import (
        LockedRegister,
        NotARegister,
        OpenedRegister,
        ReadOnlyRegister,
        RegisterDamaged,
        RegisterReadOnly,
        open_read_only,
        open_register,
        restore_and_reopen,
    )
