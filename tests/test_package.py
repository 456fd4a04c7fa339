"""The Linux package: build dist/BoostDesk with PyInstaller and run its --selftest.

The build is reused while the sources are unchanged (build/build.py --if-changed
compares a hash of them with dist/BoostDesk/build-info.json), so the suite pays
for it once; a build here takes about half a minute, more on a cold disk.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform != "linux", reason="this test builds the Linux package"),
]

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dist" / "BoostDesk"
EXE = APP / "BoostDesk"
INTERNAL = APP / "_internal"


@pytest.fixture(scope="module")
def package() -> Path:
    result = subprocess.run(
        [sys.executable, str(ROOT / "build" / "build.py"), "--if-changed", "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert EXE.is_file() and os.access(EXE, os.X_OK)
    return EXE


def run(exe: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env,
                          cwd=cwd or exe.parent.parent, timeout=600)


def test_selftest_of_the_built_package_passes(package, tmp_path):
    report = tmp_path / "selftest.txt"
    result = run(package, "--selftest", "--report", str(report))
    assert result.returncode == 0, result.stdout + result.stderr
    text = report.read_text(encoding="utf-8")
    assert "（安装包，linux" in text  # the frozen build ran, not the sources
    assert "[失败]" not in text and "自检通过" in text
    for step in ("资源文件", "Qt 与中文字体", "打开登记册", "导入汇总表模板", "备份与恢复"):
        assert f"[通过] {step}" in text, text
    print("\n" + text)


def test_package_holds_its_resources_and_qt_plugins(package):
    for needed in ("resources/fonts/wqy-microhei.ttc", "resources/icons/boostdesk.png",
                   "resources/icons/boostdesk.ico"):
        assert (INTERNAL / needed).is_file(), needed
    plugins = INTERNAL / "PySide6" / "Qt" / "plugins"
    for plugin in ("platforms/libqxcb.so", "platforms/libqoffscreen.so",
                   "imageformats/libqico.so"):
        assert (plugins / plugin).is_file(), plugin
    info = json.loads((APP / "build-info.json").read_text(encoding="utf-8"))
    from boostdesk import __version__

    assert info["version"] == __version__


def test_package_runs_the_command_line(package, tmp_path):
    version = run(package, "--version")
    assert version.returncode == 0 and "BoostDesk" in version.stdout
    db = tmp_path / "register.db"
    template = run(package, "template", "patent", str(tmp_path / "t.xlsx"))
    assert template.returncode == 0, template.stderr
    backup = run(package, "backup", "--db", str(db))
    assert backup.returncode == 1 and "登记册不存在" in backup.stderr
    check = run(package, "import", str(tmp_path / "t.xlsx"), "--db", str(db))
    assert check.returncode == 1 and "没有可导入的数据" in check.stderr
    assert run(package, "backup", "--db", str(db)).returncode == 0
    listed = run(package, "backup", "list", "--db", str(db))
    assert listed.returncode == 0 and "手动" in listed.stdout
