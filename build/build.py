"""Build the BoostDesk package: a one-folder app in dist/BoostDesk/.

    python build/build.py                 build (Linux: dist/BoostDesk/BoostDesk,
                                          Windows: dist\\BoostDesk\\BoostDesk.exe)
    python build/build.py --if-changed    skip when dist/ was built from these sources
    python build/build.py --selftest      then run the package's --selftest

PyInstaller comes from the ``build`` extra (``pip install -e .[build]``). It does
not cross-compile: build the Windows package on Windows, the Linux one on Linux.
The sources' hash is written to dist/BoostDesk/build-info.json, so a test (or CI)
can reuse a package built from the same sources.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build" / "boostdesk.spec"
WORK = ROOT / "build" / "work"
DIST = ROOT / "dist"
APP = DIST / "BoostDesk"
INFO = APP / "build-info.json"
EXE = APP / ("BoostDesk.exe" if sys.platform == "win32" else "BoostDesk")
SOURCES = ("boostdesk", "resources", "build/boostdesk.spec", "build/entry.py",
           "build/build.py", "pyproject.toml")
SKIP_PARTS = {"__pycache__", ".pytest_cache", ".ruff_cache"}


def source_hash() -> str:
    """SHA-256 over the names and contents of every file the package is built from."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version_info[:2]} {sys.platform}".encode())
    for name in SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else sorted(
            p for p in path.rglob("*") if p.is_file() and not SKIP_PARTS & set(p.parts)
            and p.suffix not in (".pyc", ".pyo")
        )
        for f in files:
            digest.update(f.relative_to(ROOT).as_posix().encode())
            digest.update(b"\0")
            digest.update(f.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def built_hash() -> str | None:
    try:
        return json.loads(INFO.read_text(encoding="utf-8")).get("source_hash")
    except (OSError, ValueError):
        return None


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from boostdesk import __version__

    return __version__


def write_version_info(ver: str) -> Path:
    """The Windows version resource (file properties → Details) as PyInstaller reads it."""
    parts = [int(p) for p in (ver.split(".") + ["0", "0", "0"])[:4] if p.isdigit()]
    parts = (parts + [0, 0, 0, 0])[:4]
    numbers = ", ".join(str(p) for p in parts)
    text = f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers=({numbers}), prodvers=({numbers}), mask=0x3f, flags=0x0,
                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080404b0', [
      StringStruct('CompanyName', 'BoostDesk'),
      StringStruct('FileDescription', 'BoostDesk 职工创新助推计划登记册'),
      StringStruct('FileVersion', '{ver}'),
      StringStruct('InternalName', 'BoostDesk'),
      StringStruct('LegalCopyright', 'MIT License'),
      StringStruct('OriginalFilename', 'BoostDesk.exe'),
      StringStruct('ProductName', 'BoostDesk'),
      StringStruct('ProductVersion', '{ver}')])]),
    VarFileInfo([VarStruct('Translation', [2052, 1200])])
  ]
)
"""
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / "version_info.txt"
    path.write_text(text, encoding="utf-8")
    return path


def build(quiet: bool = False) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit("没有安装 PyInstaller：请先运行 .venv/bin/pip install -e '.[build]'")
    ver = version()
    write_version_info(ver)
    digest = source_hash()
    if APP.exists():
        shutil.rmtree(APP)
    command = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm",
               "--distpath", str(DIST), "--workpath", str(WORK)]
    if quiet:
        command += ["--log-level", "WARN"]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True)
    drop_dangling_links(APP)
    INFO.write_text(json.dumps({
        "version": ver, "source_hash": digest, "built_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "python": platform.python_version(), "platform": sys.platform,
        "seconds": round(time.perf_counter() - start, 1),
    }, ensure_ascii=False, indent=2), encoding="utf-8")
    return EXE


def drop_dangling_links(folder: Path) -> list[Path]:
    """Remove the links left pointing at libraries the spec pruned (PyInstaller links
    _internal/libQt6Network.so.6 to PySide6/Qt/lib/ on its own): `cp -rL` and copytree
    fail on them, which is how IT copies the folder to the office's PCs."""
    dangling = [p for p in folder.rglob("*") if p.is_symlink() and not p.exists()]
    for link in dangling:
        link.unlink()
    return dangling


def package_size() -> int:
    """Bytes in dist/BoostDesk, each file once (the libraries PyInstaller links from
    _internal/ to PySide6/Qt/lib/ were counted twice: "299 MB" of 218)."""
    return sum(f.stat().st_size for f in APP.rglob("*") if f.is_file() and not f.is_symlink())


def selftest_exe(system: str = sys.platform) -> Path:
    """The executable whose --selftest report can be read: on Windows BoostDesk.exe is
    windowed and prints nothing, so its console twin boostdesk-cli.exe runs it."""
    return APP / "boostdesk-cli.exe" if system == "win32" else APP / "BoostDesk"


def selftest() -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([str(selftest_exe()), "--selftest"], env=env, check=False).returncode


@contextlib.contextmanager
def build_lock():  # noqa: ANN201
    """One build at a time on this machine (two test runs may both want the package)."""
    WORK.mkdir(parents=True, exist_ok=True)
    with open(WORK / ".build.lock", "a+b") as handle:
        if os.name == "posix":
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
        else:  # Windows: a byte locked; LK_LOCK retries for 10 s, so wait in a loop
            import msvcrt

            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    continue
        yield


def main() -> int:
    parser = argparse.ArgumentParser(description="Build dist/BoostDesk with PyInstaller")
    parser.add_argument("--if-changed", action="store_true",
                        help="do nothing when dist/BoostDesk was built from these sources")
    parser.add_argument("--selftest", action="store_true", help="run the package's --selftest")
    parser.add_argument("--quiet", action="store_true", help="PyInstaller warnings only")
    args = parser.parse_args()
    with build_lock():
        if args.if_changed and EXE.exists() and built_hash() == source_hash():
            print(f"{APP} is up to date with the sources")
        else:
            exe = build(args.quiet)
            size = package_size()
            print(f"built {exe} ({size / 1024 / 1024:.0f} MB in {APP})")
    return selftest() if args.selftest else 0


if __name__ == "__main__":
    sys.exit(main())
