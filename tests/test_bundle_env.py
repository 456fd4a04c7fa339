"""What the programs the packaged BoostDesk starts (xdg-open: the PDF reader, the file
manager) inherit: the user's environment, not the package's libraries and Qt plugins
(``boostdesk.bundle_env``; the package's own run is in tests/test_package.py)."""

from __future__ import annotations

import os

from boostdesk.bundle_env import leaked_into_children, restore_user_environment

BUNDLE = "/opt/BoostDesk/_internal"


def as_pyinstaller_starts_it(user: dict[str, str]) -> dict[str, str]:
    """The environment PyInstaller's bootloader and PySide6 hook give the packaged process."""
    env = dict(user)
    if "LD_LIBRARY_PATH" in user:
        env["LD_LIBRARY_PATH_ORIG"] = user["LD_LIBRARY_PATH"]
        env["LD_LIBRARY_PATH"] = BUNDLE + os.pathsep + user["LD_LIBRARY_PATH"]
    else:
        env["LD_LIBRARY_PATH"] = BUNDLE
    env["QT_PLUGIN_PATH"] = BUNDLE + "/PySide6/Qt/plugins"
    env["QML2_IMPORT_PATH"] = BUNDLE + "/PySide6/Qt/qml"
    return env


def test_the_user_s_environment_comes_back():
    user = {"PATH": "/usr/bin", "LANG": "zh_CN.UTF-8"}
    env = as_pyinstaller_starts_it(user)
    assert leaked_into_children(env, BUNDLE) == ["LD_LIBRARY_PATH", "QT_PLUGIN_PATH",
                                                 "QML2_IMPORT_PATH"]
    changed = restore_user_environment(env, BUNDLE)
    assert env == user and set(changed) == {"LD_LIBRARY_PATH", "QT_PLUGIN_PATH",
                                            "QML2_IMPORT_PATH"}
    assert leaked_into_children(env, BUNDLE) == []


def test_the_user_s_own_library_path_is_kept():
    user = {"LD_LIBRARY_PATH": "/opt/oracle/lib"}
    env = as_pyinstaller_starts_it(user)
    restore_user_environment(env, BUNDLE)
    assert env == user


def test_without_the_bootloader_s_copy_only_the_package_s_folders_go():
    env = {"LD_LIBRARY_PATH": f"{BUNDLE}{os.pathsep}/opt/x{os.pathsep}{BUNDLE}/lib",
           "QT_PLUGIN_PATH": f"/home/me/qt-plugins{os.pathsep}{BUNDLE}/PySide6/Qt/plugins"}
    restore_user_environment(env, BUNDLE)
    assert env == {"LD_LIBRARY_PATH": "/opt/x", "QT_PLUGIN_PATH": "/home/me/qt-plugins"}


def test_from_the_sources_nothing_changes():
    env = {"LD_LIBRARY_PATH": "/opt/x", "QT_PLUGIN_PATH": "/opt/y"}
    assert restore_user_environment(env, "") == [] and leaked_into_children(env, "") == []
    assert restore_user_environment(dict(env)) == []  # not frozen: no sys._MEIPASS
    assert env == {"LD_LIBRARY_PATH": "/opt/x", "QT_PLUGIN_PATH": "/opt/y"}
