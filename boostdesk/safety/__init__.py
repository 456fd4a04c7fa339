"""Keeping the register safe: backups, integrity, one writer, privacy.

No Qt here. ``open_register`` is the way in for the application and the command
line; ``backup_before(reg, reason)`` is called by every operation that changes
many things at once (import, tier decision, payment run).
"""

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
    prune,
    restore,
    set_backup_keep,
)
from .files import NetworkShare, make_private, network_share
from .integrity import IntegrityReport, check_integrity
from .lock import LockInfo, RegisterBusy, RegisterLock, acquire, holder
from .privacy import MaskingFilter, install_log_masking, mask_text
from .session import (
    LockedRegister,
    OpenedRegister,
    ReadOnlyRegister,
    RegisterDamaged,
    RegisterReadOnly,
    open_read_only,
    open_register,
    restore_and_reopen,
)

__all__ = [
    "DEFAULT_KEEP", "REASONS", "BackupError", "BackupInfo", "IntegrityReport", "LockInfo",
    "LockedRegister", "MaskingFilter", "NetworkShare", "OpenedRegister", "ReadOnlyRegister",
    "RegisterBusy", "RegisterDamaged", "RegisterLock", "RegisterReadOnly", "RestoreResult",
    "acquire", "backup_before", "backup_dir", "backup_keep", "backup_register",
    "check_integrity", "holder", "install_log_masking", "last_good_backup", "list_backups",
    "make_private", "mask_text", "network_share", "open_read_only", "open_register", "prune", "restore", "restore_and_reopen",
    "set_backup_keep",
]
