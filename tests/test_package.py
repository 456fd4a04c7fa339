"""The Linux package: build dist/BoostDesk with PyInstaller and run its --selftest.

The build is reused while the sources are unchanged (build/build.py --if-changed
compares a hash of them with dist/BoostDesk/build-info.json), so the suite pays
for it once; a build here takes about half a minute, more on a cold disk.
"""

from __future__ import annotations

import json
import os
import shutil
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
    # 外部程序环境: the PDF reader or file manager the window starts (xdg-open) inherited
    # LD_LIBRARY_PATH, QT_PLUGIN_PATH and QML2_IMPORT_PATH pointing into the package
    for step in ("资源文件", "Qt 与中文字体", "外部程序环境", "打开登记册", "导入汇总表模板",
                 "备份与恢复"):
        assert f"[通过] {step}" in text, text
    assert "Qt 对话框为中文" in text  # qtbase_zh_CN.qm is in the package and loads
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
    assert backup.returncode == 2 and "登记册文件不存在" in backup.stderr
    check = run(package, "import", str(tmp_path / "t.xlsx"), "--db", str(db))
    assert check.returncode == 1 and "没有可导入的数据" in check.stderr
    assert run(package, "backup", "--db", str(db)).returncode == 0
    listed = run(package, "backup", "list", "--db", str(db))
    assert listed.returncode == 0 and "手动" in listed.stdout


def test_package_pictures_every_screen_form_and_dialog(package, tmp_path):
    """`screenshots` opens what the self-test's walk does not (the forms, the import and
    status dialogs), each importing its modules late, as the clerk's first use would."""
    result = run(package, "screenshots", str(tmp_path / "shots"))
    assert result.returncode == 0, result.stderr[-3000:]
    shots = {p.name: p.stat().st_size for p in (tmp_path / "shots").glob("*.png")}
    for name in ("01-patents.png", "08-print.png", "09-settings.png", "form-patent-new.png",
                 "form-project-edit.png", "dialog-import.png", "dialog-status-batch.png"):
        assert shots.get(name, 0) > 10_000, (name, sorted(shots))


def test_package_runs_the_office_s_documents(package, tmp_path):
    """An Excel 97-2003 table (calamine) and the PDFs (reportlab, the shipped font embedded)."""
    db = tmp_path / "register.db"
    assert run(package, "demo", "--db", str(db), "--operator", "测试").returncode == 0
    xls = run(package, "import", str(ROOT / "tests" / "fixtures" / "patent-table-calc.xls"),
              "--db", str(db), "--operator", "测试")
    assert xls.returncode == 0 and "导入 2 行" in xls.stdout, xls.stdout + xls.stderr
    pdfs = []
    for args in (["print", "approval"], ["print", "payments", "--tranche", "1"],
                 ["export", "summary", "patent"]):
        out = tmp_path / f"{args[1]}.pdf"
        made = run(package, *args, "--out", str(out), "--db", str(db), "--operator", "测试")
        assert made.returncode == 0 and out.stat().st_size > 10_000, made.stderr
        pdfs.append(out)
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    for pdf in pdfs:
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        rows = [line for line in fonts.splitlines()[2:] if line.strip()]
        assert rows and all("WenQuanYi" in r and " yes yes yes " in r for r in rows), fonts


# What the package carried and never used (measured on Linux, PySide6 6.11: 218 MB → 200 MB).
SIZE_LIMIT_MB = 208
NOT_SHIPPED_PLUGINS = ("platforms/libqeglfs.so", "platforms/libqvnc.so",
                       "platforms/libqlinuxfb.so", "generic", "egldeviceintegrations")


def test_package_leaves_out_what_it_never_uses(package):
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(package))
    # pkg_resources (stdnum's fallback for old Pythons) brought PyInstaller's runtime hook,
    # which imported it at every start: ≈ 0.1 s of CPU, the second process's too
    assert "pyi_rth_pkgres" not in archive.toc
    modules = set(archive.open_embedded_archive("PYZ.pyz").toc)
    for unused in ("pkg_resources", "setuptools", "pytest", "_pytest", "hypothesis", "tkinter",
                   "PIL.AvifImagePlugin", "PySide6.QtNetwork"):
        assert unused not in modules, unused
    plugins = INTERNAL / "PySide6" / "Qt" / "plugins"
    for plugin in NOT_SHIPPED_PLUGINS:
        assert not (plugins / plugin).exists(), plugin
    for plugin in ("platforms/libqxcb.so", "platforms/libqwayland.so",
                   "platforms/libqoffscreen.so", "imageformats/libqjpeg.so",
                   "iconengines/libqsvgicon.so", "printsupport/libcupsprintersupport.so",
                   "platforminputcontexts/libibusplatforminputcontextplugin.so",
                   "platformthemes/libqgtk3.so", "platformthemes/libqxdgdesktopportal.so"):
        assert (plugins / plugin).is_file(), plugin
    for lib in ("libQt6Network.so.6", "libQt6EglFSDeviceIntegration.so.6",
                "libQt6EglFsKmsSupport.so.6"):
        for there in (INTERNAL / lib, INTERNAL / "PySide6/Qt/lib" / lib):
            assert not there.exists() and not there.is_symlink(), there  # no link to nothing
    assert not [p for p in APP.rglob("*") if p.is_symlink() and not p.exists()]
    translations = sorted(p.name for p in (INTERNAL / "PySide6" / "Qt" / "translations").iterdir())
    assert translations == ["qt_zh_CN.qm", "qtbase_zh_CN.qm"]
    tables = sorted(p.relative_to(INTERNAL).as_posix() for p in (INTERNAL / "stdnum").rglob("*.dat"))
    assert tables == ["stdnum/cn/loc.dat"]
    assert not list(INTERNAL.rglob("*avif*"))
    size = sum(f.stat().st_size for f in APP.rglob("*") if f.is_file() and not f.is_symlink())
    assert size < SIZE_LIMIT_MB * 1024 * 1024, f"{size / 1024 / 1024:.0f} MB"
