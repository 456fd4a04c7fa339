"""The environment the programs BoostDesk starts inherit, in the package.

PyInstaller's bootloader starts the packaged BoostDesk with the package's own folder
first in ``LD_LIBRARY_PATH`` (the user's value kept in ``LD_LIBRARY_PATH_ORIG``), and
its PySide6 hook points ``QT_PLUGIN_PATH`` and ``QML2_IMPORT_PATH`` into the package.
Those are for BoostDesk alone, but every program it starts inherits them: the PDF
reader 打印's 用 PDF 阅读器打开 starts and the file manager 关于's 打开文件夹 starts
(``xdg-open``). A system program then loads the package's Qt 6, GLib, cairo… before its
own, and the package's Qt plugins: a Qt-based reader or file manager (Okular, those of
Deepin/UOS or Kylin) built on another Qt 6 fails to start, a GTK one may get a GLib older
than it needs — the clerk's 用 PDF 阅读器打开 does nothing, or the reader flashes and is gone.

BoostDesk itself needs none of them once started: the dynamic loader read
``LD_LIBRARY_PATH`` when the process began, and Qt finds its plugins from PySide6's own
``qt.conf``. ``build/entry.py`` calls :func:`restore_user_environment` first thing on
Linux (Windows finds a program's DLLs beside it first; its PATH is left alone); the
second process a large check starts is the packaged executable again, which the
bootloader sets up anew.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping

LIBRARY_PATH = "LD_LIBRARY_PATH"  # Linux; the bootloader's copy of the user's is …_ORIG
QT_VARIABLES = ("QT_PLUGIN_PATH", "QML2_IMPORT_PATH")  # PyInstaller's PySide6 hook's


def _inside(path: str, bundle: str) -> bool:
    try:
        return os.path.commonpath([os.path.abspath(path), os.path.abspath(bundle)]) \
            == os.path.abspath(bundle)
    except ValueError:  # another drive (Windows), or a relative path mixed with an absolute
        return False


def restore_user_environment(environ: MutableMapping[str, str] | None = None,
                             bundle: str | None = None) -> list[str]:
    """In the package, put back the environment the user started BoostDesk with, for the
    programs it starts; the names changed (nothing outside a PyInstaller bundle)."""
    env = os.environ if environ is None else environ
    bundle = bundle if bundle is not None else getattr(sys, "_MEIPASS", None)
    if not bundle:
        return []
    changed: list[str] = []
    original = env.pop(LIBRARY_PATH + "_ORIG", None)
    if original is not None:
        changed.append(LIBRARY_PATH + "_ORIG")
        if env.get(LIBRARY_PATH) != original:
            env[LIBRARY_PATH] = original
            changed.append(LIBRARY_PATH)
        names: tuple[str, ...] = QT_VARIABLES
    else:
        names = (LIBRARY_PATH, *QT_VARIABLES)
    for name in names:  # the package's folders out, any of the user's kept
        if name not in env:
            continue
        kept = [p for p in env[name].split(os.pathsep) if p and not _inside(p, bundle)]
        if kept != env[name].split(os.pathsep):
            if kept:
                env[name] = os.pathsep.join(kept)
            else:
                del env[name]
            changed.append(name)
    return changed


def leaked_into_children(environ: MutableMapping[str, str] | None = None,
                         bundle: str | None = None) -> list[str]:
    """The variables a program started now would inherit pointing into the package."""
    env = os.environ if environ is None else environ
    bundle = bundle if bundle is not None else getattr(sys, "_MEIPASS", None)
    if not bundle:
        return []
    return [name for name in (LIBRARY_PATH, *QT_VARIABLES)
            if any(_inside(p, bundle) for p in env.get(name, "").split(os.pathsep) if p)]
