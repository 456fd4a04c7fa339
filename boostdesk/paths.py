"""Where the register and settings live on this machine."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

APP_NAME = "BoostDesk"
ORG_NAME = "BoostDesk"
REGISTER_FILE = "register.db"


def data_dir() -> Path:
    """QStandardPaths.AppDataLocation for BoostDesk (BOOSTDESK_DATA overrides it)."""
    override = os.environ.get("BOOSTDESK_DATA")
    if override:
        return Path(override)
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    if not QCoreApplication.organizationName():
        QCoreApplication.setOrganizationName(ORG_NAME)
        QCoreApplication.setApplicationName(APP_NAME)
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def default_register_path() -> Path:
    return data_dir() / REGISTER_FILE


PRIVATE_FOLDER = 0o700


def make_folder(folder: str | Path) -> Path:
    """``folder`` made if missing, with any missing folders above it, each 0700 on POSIX
    (the data folder holds the register, its backups and the log: readable by the user
    alone, as the backups' folder is). A folder already there keeps its mode: a shared
    one the office chose is theirs to set."""
    folder = Path(folder)
    missing: list[Path] = []
    level = folder.absolute()
    while not level.exists() and level != level.parent:
        missing.append(level)
        level = level.parent
    for new in reversed(missing):
        new.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)  # the umask only takes bits away
    return folder


def chosen_data_dir(register: str | Path) -> Path | None:
    """The folder ``BOOSTDESK_DATA`` names when ``register`` is the register in it (the
    default one, chosen by the environment), else None."""
    override = os.environ.get("BOOSTDESK_DATA")
    if not override:
        return None
    folder = Path(override).absolute()
    return folder if Path(register).absolute().parent == folder else None


def missing_data_dir(register: str | Path) -> str | None:
    """Why the register in the folder ``BOOSTDESK_DATA`` names is not made: that folder
    is not there, nor the one it is in (a USB stick or network drive not connected made
    the whole path on the local disk, with an empty register in it, taken for the
    office's). Only its last level is made (a new install); None when it may be used.
    The default data folder (no ``BOOSTDESK_DATA``) is made as the system names it."""
    folder = chosen_data_dir(register)
    if folder is not None and folder.is_file():
        return data_dir_is_a_file(folder)
    if folder is None or folder.is_dir() or folder.parent.is_dir():
        return None
    return (f"环境变量 BOOSTDESK_DATA 所指的文件夹 {folder} 不存在，它所在的文件夹 "
            f"{folder.parent} 也不存在：登记册未找到，也未新建。请核对 BOOSTDESK_DATA"
            "（U 盘或网络盘是否已接好？）")


def data_dir_is_a_file(file: Path) -> str:
    """``BOOSTDESK_DATA`` naming the register file itself, not its folder: said so (it was
    "路径中有一段不是文件夹", and ``backup list`` looked in …/register.db/backups)."""
    named = "" if file.name == REGISTER_FILE else (
        f"，且登记册文件要名为 {REGISTER_FILE}（或不设 BOOSTDESK_DATA，用 --db \"{file}\" "
        "打开这个文件）")
    return (f"环境变量 BOOSTDESK_DATA 指向的是文件 {file}，而它应指向存放登记册 "
            f"{REGISTER_FILE} 的文件夹：请把它改为 {file.parent}{named}。这个文件未被改动")


def missing_register_folder(register: str | Path) -> str | None:
    """Why no register is made at ``register``, a path given (``--db``): it is not there,
    nor its folder (a folder typed wrong, a USB stick or network drive not connected: the
    folder was made on the local disk, with an empty register in it taken for the
    office's). None when it may be opened or made. The command line and the window say
    it alike."""
    path = Path(register)
    folder = path.absolute().parent
    if path.exists() or folder.is_dir():
        return None
    return (f"文件夹 {folder} 不存在，登记册 {path.name} 未找到，也未新建：请核对 "
            "--db 的路径（U 盘或网络盘是否已接好？）")


def resources_dir() -> Path:
    """resources/ beside the package, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def default_operator(given: str | None = None) -> str:
    """Who the command line records: ``given`` (``--operator``), else
    ``BOOSTDESK_OPERATOR``, else the name the window asked for on this computer, else the
    login name (a shared office login names nobody). Spaces around a name are not kept
    (``--operator " "`` recorded a change by nobody, "  张三 " one the auditor's 张三 missed);
    each as ``operator_name.clean`` keeps it."""
    import getpass  # (not at import: `boostdesk gui` imports this module before Qt)

    from boostdesk.operator_name import valid

    # (the command line refused a --operator or BOOSTDESK_OPERATOR ``valid`` refuses;
    # a remembered name an earlier version stored unchecked is passed over)
    return (valid(given or "") or valid(os.environ.get("BOOSTDESK_OPERATOR", ""))
            or valid(remembered_operator()) or valid(getpass.getuser()) or getpass.getuser())


def remembered_operator() -> str:
    """The window's ``operator/name`` in QSettings, read without Qt (importing it costs the
    command line ≈ 0.3 s): Qt's INI file on Linux, the registry on Windows; "" when none."""
    try:
        if sys.platform == "win32":
            import winreg

            with winreg.OpenKey(winreg.HKEY_CURRENT_USER,
                                rf"Software\{ORG_NAME}\{APP_NAME}\operator") as key:
                return str(winreg.QueryValueEx(key, "name")[0]).strip()
        base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
        text = (Path(base) / ORG_NAME / f"{APP_NAME}.conf").read_text(encoding="utf-8")
    except (OSError, ValueError, RuntimeError):
        return ""
    section = ""
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif section == "operator" and line.startswith("name="):
            value = line[len("name="):].strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':  # Qt quotes commas, edge spaces
                value = value[1:-1]
            value = re.sub(r'\\([\\"])', r"\1", value)  # Qt's \\ and \"
            if value.startswith("@") and not value.startswith("@@"):
                return ""  # a Qt type (@Variant…), not a name
            return value.removeprefix("@").strip()  # Qt writes a leading @ as @@
    return ""


# A document's own extensions: one of them typed is replaced by the one written.
_DOCUMENT_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".et", ".ett", ".csv", ".pdf", ".docx", ".doc")


def with_extension(path: Path, extension: str) -> Path:
    """``path`` ending in ``extension`` (``.xlsx``): a document's extension typed is
    replaced (表.xls → 表.xlsx), any other text after a dot kept. A name typed as an
    office writes dates, 公示名单2022.10.20, became 公示名单2022.10.xlsx, written over
    that file if there was one, without the overwrite question the dialog asks."""
    suffix = path.suffix.lower()
    if suffix == extension:
        return path
    if suffix in _DOCUMENT_SUFFIXES:
        return path.with_suffix(extension)
    return path.with_name(path.name + extension)
