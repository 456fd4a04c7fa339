"""A register in a Chinese folder under ``LC_ALL=C PYTHONUTF8=0``: Python then reads file
names and the command line as ASCII. `boostdesk check --db /tmp/职工/登记册.db` ended in a
traceback (its Chinese output), `backup` could not name its zip, and the window, titled
``.db``, said its start-up backup had failed (“surrogates not allowed”). Each runs in a
process of its own, as the office starts it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(os.name != "posix", reason="the C locale is POSIX's")


def _c_locale(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHON"))}
    env.update(LC_ALL="C", LANG="C", PYTHONUTF8="0", PYTHONPATH=str(ROOT),
               BOOSTDESK_DATA=str(tmp_path / "data"), BOOSTDESK_OPERATOR="王秀兰",
               XDG_CONFIG_HOME=str(tmp_path / "config"), **extra)
    return env


def _run(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, *args], env=env, capture_output=True,
                          timeout=timeout, check=False)


def test_commands_take_a_chinese_register_path_under_the_c_locale(tmp_path):
    folder = tmp_path / "职工"
    folder.mkdir()
    db = folder / "登记册.db"
    env = _c_locale(tmp_path)
    for command in (["campaign", "new", "--year", "2023"], ["check"], ["backup"],
                    ["backup", "list"], ["audit"], ["restore", "1"]):
        done = _run(["-m", "boostdesk", *command, "--db", str(db)], env)
        out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
        assert "Traceback" not in err, (command, err)
        assert done.returncode == 0, (command, err)
        if command[0] == "campaign":
            assert f"登记册 {db} 原本不存在，已新建一个空登记册" in err
        if command == ["check"]:
            assert "合计：合格 0 项" in out
        if command == ["backup", "list"]:
            assert "登记册-" in out and "手动" in out
    assert sorted(p.name for p in folder.iterdir()) == ["backups", "登记册.db", "登记册.db.lock"]
    zips = sorted((folder / "backups").glob("登记册-*.zip"))
    assert len(zips) == 2  # the manual one, and what the restore replaced
    with zipfile.ZipFile(zips[0]) as z:
        assert z.namelist()[0].startswith("登记册-")


def test_chinese_output_to_a_c_locale_stream_is_no_traceback(tmp_path, capsys, monkeypatch):
    """In one process (a test's, or where the restart cannot happen): an ASCII stdout is
    written in UTF-8, not a UnicodeEncodeError on the first Chinese line."""
    import io

    from boostdesk.cli import main

    raw_out, raw_err = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(raw_out, encoding="ascii", errors="surrogateescape")
    err = io.TextIOWrapper(raw_err, encoding="ascii", errors="backslashreplace")
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    assert main(["campaign", "new", "--year", "2023", "--db", str(tmp_path / "登记册.db")]) == 0
    out.flush()
    err.flush()
    assert "已按 2022 年度建立 2023 年度" in raw_out.getvalue().decode("utf-8")
    assert "原本不存在，已新建一个空登记册" in raw_err.getvalue().decode("utf-8")


_WINDOW = textwrap.dedent("""
    import os
    import sys
    from pathlib import Path

    from boostdesk.ui import launch

    shown = launch.run
    said = Path(__file__).with_name("said.txt")


    def run(db=None, **kwargs):
        def watch(app):
            from PySide6.QtCore import QTimer

            ticks = []

            def look():
                ticks.append(1)
                window = next((w for w in app.topLevelWidgets()
                               if type(w).__name__ == "MainWindow"), None)
                zips = list((Path(db).parent / "backups").glob("*.zip"))
                if window is not None and getattr(window, "ctx", None) is not None and zips:
                    said.write_text(f"TITLE {window.windowTitle()}\\nREGISTER {window.ctx.reg.path}"
                                    f"\\nBACKUP {zips[0].name}\\n", encoding="utf-8")
                    window.close()
                elif len(ticks) > 150:  # 15 s: what it shows, and out
                    said.write_text("\\n".join(
                        f"SHOWN {w.windowTitle()} {getattr(w, 'text', str)()}"
                        for w in app.topLevelWidgets() if w.isVisible()), encoding="utf-8")
                    os._exit(3)

            timer = QTimer(app)
            timer.timeout.connect(look)
            timer.start(100)
            app._watch = timer

        return shown(db, on_application=watch, **kwargs)


    launch.run = run
    from boostdesk.cli import main

    sys.exit(main())
""")


def test_the_window_opens_a_chinese_register_path_under_the_c_locale(tmp_path):
    folder = tmp_path / "职工"
    folder.mkdir()
    db = folder / "登记册.db"
    from boostdesk.models import Register

    Register.open(db, operator="王秀兰").close()
    (tmp_path / "config" / "BoostDesk").mkdir(parents=True)
    (tmp_path / "config" / "BoostDesk" / "BoostDesk.conf").write_text(
        "[operator]\nname=王秀兰\n", encoding="utf-8")
    script = tmp_path / "window.py"
    script.write_text(_WINDOW, encoding="utf-8")
    done = _run([str(script), "gui", "--db", str(db)],
                _c_locale(tmp_path, QT_QPA_PLATFORM="offscreen"), timeout=60)
    err = done.stderr.decode("utf-8", "replace")
    out = (tmp_path / "said.txt").read_text(encoding="utf-8")
    assert done.returncode == 0, out + err
    assert "Traceback" not in err
    assert "— 登记册.db" in out  # the title was “— .db”: Qt dropped the escaped bytes
    assert f"REGISTER {db}\n" in out
    assert "BACKUP 登记册-" in out  # the start-up backup had failed
    log = tmp_path / "data" / "logs" / "boostdesk.log"
    assert not log.exists() or "Traceback" not in log.read_text(encoding="utf-8")


def test_where_it_cannot_restart_a_chinese_argument_is_said_not_a_traceback(capsys,
                                                                          monkeypatch):
    """The process still reading names as ASCII (the restart in UTF-8 mode refused): the
    escaped bytes of a Chinese --db are said as what to do, nothing opened."""
    from types import SimpleNamespace

    from boostdesk.cli import main

    flags = {name: getattr(sys.flags, name) for name in dir(sys.flags)
             if not name.startswith("_") and not callable(getattr(sys.flags, name))}
    monkeypatch.setattr(sys, "flags", SimpleNamespace(**{**flags, "utf8_mode": 0}))
    monkeypatch.setattr(sys, "getfilesystemencoding", lambda: "ascii")
    escaped = "/tmp/职工/登记册.db".encode().decode("ascii", "surrogateescape")  # as argv reads
    assert main(["check", "--db", escaped]) == 2
    err = capsys.readouterr().err
    assert "参数中的中文（文件夹、文件名）无法读取，未做任何操作" in err
    assert "LC_ALL=C.UTF-8" in err


def test_a_file_name_the_system_gave_undecoded_is_printed_as_its_bytes(monkeypatch):
    """A name in another encoding (a GBK file name on a UTF-8 system) reaches Python as
    escaped bytes: printed back as those bytes, as Python's own streams did, not as ?."""
    import io

    from boostdesk.cli import tolerant_output

    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", errors="surrogateescape")
    monkeypatch.setattr(sys, "stdout", out)
    tolerant_output()
    gbk = "汇总表.xlsx".encode("gbk")
    print(gbk.decode("utf-8", "surrogateescape"), "¥", file=out)
    out.flush()
    assert raw.getvalue() == gbk + " ¥\n".encode()
