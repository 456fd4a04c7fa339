"""Where a register lives: private file modes, and network shares to warn about.

On POSIX the register, its -wal/-shm companions and every backup are made
0600 (the backup folder 0700): readable only by the user. On Windows file modes
mean nothing; the register lives in the user's profile (%APPDATA%), whose ACL
already grants only that user (and administrators) access, so nothing is done.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from .integrity import FULL_BELOW as FULL_BELOW  # (re-exported: where a full disk is said)
from .integrity import disk_full as disk_full

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
COMPANIONS = ("-wal", "-shm", "-journal")

# Linux filesystem types that live on another machine.
NETWORK_FS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph",
    "glusterfs", "lustre", "gpfs", "davfs", "fuse.sshfs", "fuse.davfs2", "fuse.rclone",
    "fuse.glusterfs", "fuse.cephfs", "fuse.s3fs", "fuse.gvfsd-fuse",
})
DRIVE_REMOTE = 4  # GetDriveTypeW


def posix() -> bool:
    return os.name == "posix"


def make_private(path: str | Path) -> None:
    """The file and its SQLite companions readable by their owner alone: 0600, or 0400
    for one its owner made read-only (0600 gave the owner write back: a register made
    read-only was refused once, then written). POSIX only; missing files skipped."""
    if not posix():
        return
    base = Path(path)
    for candidate in (base, *(Path(f"{base}{suffix}") for suffix in COMPANIONS)):
        try:
            mode = stat.S_IMODE(candidate.stat().st_mode)
            wanted = PRIVATE_FILE if mode & stat.S_IWUSR else stat.S_IRUSR
            if mode != wanted:
                os.chmod(candidate, wanted)
        except FileNotFoundError:
            continue
        except PermissionError:
            continue  # not ours (e.g. a share mounted with fixed modes); nothing to do


def private_dir(path: str | Path) -> Path:
    """Create ``path`` (and parents) and make it 0700 on POSIX, or 0500 for one its owner
    made read-only (``chmod -R a-w`` on the data folder: 0700 gave the owner write back,
    and a backup was written into a folder IT had closed), as :func:`make_private` does."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    if posix():
        try:
            mode = stat.S_IMODE(folder.stat().st_mode)
            wanted = PRIVATE_DIR if mode & stat.S_IWUSR else stat.S_IRUSR | stat.S_IXUSR
            if mode != wanted:
                os.chmod(folder, wanted)
        except PermissionError:
            pass
    return folder


def create_private(path: str | Path) -> None:
    """Create an empty file that is 0600 from its first byte (no window when others can read)."""
    fd = os.open(str(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    os.close(fd)
    if posix():
        os.chmod(path, PRIVATE_FILE)  # the umask may have removed bits, never added


DISK_FULL = "磁盘空间已满：请腾出空间（删去不需要的文件，或把旧的备份移到别处）后再试"


@dataclass(frozen=True)
class NetworkShare:
    """The register's folder is on another machine."""

    path: str
    kind: str  # "UNC", "mapped drive", or the Linux filesystem type
    mount: str = ""

    @property
    def warning(self) -> str:
        where = f"（{self.kind}：{self.mount}）" if self.mount else f"（{self.kind}）"
        return (
            f"登记册位于网络共享{where}：网络中断或两台电脑同时写入都可能损坏登记册，"
            "且文件锁在网络共享上不一定可靠。请把登记册放在本机硬盘上，"
            "需要共享时用“备份”复制给同事"
        )


def network_share(path: str | Path, mounts_file: str | Path = "/proc/mounts") -> NetworkShare | None:
    """The network share ``path`` is on, or None for a local disk (or when unknown)."""
    text = str(path)
    if sys.platform == "win32" or text.startswith(("\\\\", "//")):
        share = _windows_share(text)
        if share is not None or sys.platform == "win32":
            return share
    return _linux_share(Path(path), Path(mounts_file))


def _windows_share(text: str) -> NetworkShare | None:
    norm = text.replace("/", "\\")
    if norm.upper().startswith("\\\\?\\UNC\\"):
        return NetworkShare(text, "UNC")
    if norm.startswith("\\\\?\\") or norm.startswith("\\\\.\\"):
        norm = norm[4:]
    elif norm.startswith("\\\\"):
        return NetworkShare(text, "UNC")
    if sys.platform != "win32":
        return None
    if not re.match(r"^[A-Za-z]:\\", norm):  # `--db register.db` typed in Z:\ (mapped)
        import ntpath

        norm = ntpath.abspath(norm)
        if norm.startswith("\\\\"):  # PowerShell's current folder may be a share itself
            return NetworkShare(text, "UNC")
    if re.match(r"^[A-Za-z]:", norm):
        import ctypes

        root = norm[:2] + "\\"
        if ctypes.windll.kernel32.GetDriveTypeW(root) == DRIVE_REMOTE:  # type: ignore[attr-defined]
            return NetworkShare(text, "mapped drive", root)
    return None


def _unescape_mount(field: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as octal escapes."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def _linux_share(path: Path, mounts_file: Path) -> NetworkShare | None:
    try:
        lines = mounts_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    target = _existing_real(path)
    best: tuple[str, str] | None = None
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount, fstype = _unescape_mount(fields[1]), fields[2]
        if not _is_under(target, mount):
            continue
        if best is None or len(mount) > len(best[0]):
            best = (mount, fstype)
    if best is None:
        return None
    mount, fstype = best
    if fstype in NETWORK_FS or fstype.startswith(("nfs", "smb", "cifs")):
        return NetworkShare(str(path), fstype, mount)
    return None


def _existing_real(path: Path) -> str:
    """The real path of ``path`` or of its nearest existing parent (the register may not exist yet)."""
    p = path.absolute()
    for candidate in (p, *p.parents):
        if candidate.exists():
            tail = p.relative_to(candidate)
            return str(candidate.resolve() / tail)
    return str(p)


def _is_under(target: str, mount: str) -> bool:
    if mount == "/":
        return True
    return target == mount or target.startswith(mount.rstrip("/") + "/")
