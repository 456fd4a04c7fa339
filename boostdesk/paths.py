"""Where the register and settings live on this machine."""

from __future__ import annotations

import os
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


def resources_dir() -> Path:
    """resources/ beside the package, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def default_operator() -> str:
    import getpass  # (not at import: `boostdesk gui` imports this module before Qt)

    return os.environ.get("BOOSTDESK_OPERATOR") or getpass.getuser()
