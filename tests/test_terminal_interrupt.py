"""Ctrl+C in the terminal a window was started from (`./dev run`, `boostdesk gui`) closes the
window as its close button does. It printed a ``KeyboardInterrupt`` traceback from inside
the next Qt callback Python ran (``Error calling Python override of QLabel::eventFilter()``),
in English, and the window stayed open."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from boostdesk.models import Register

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a POSIX terminal's Ctrl+C")


def _lock(path):
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return {}
    return json.loads(text) if text else {}


def test_ctrl_c_in_the_terminal_closes_the_window_cleanly(tmp_path):
    db = tmp_path / "register.db"
    Register.open(db, operator="王秀兰").close()  # (a new one would say so in a message first)
    config = tmp_path / "config" / "BoostDesk"
    config.mkdir(parents=True)
    (config / "BoostDesk.conf").write_text("[operator]\nname=王秀兰\n", encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"), BOOSTDESK_DATA=str(tmp_path / "data"))
    window = subprocess.Popen(
        [sys.executable, "-m", "boostdesk", "gui", "--db", str(db)], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # as a terminal starts it (a test run in the background inherits SIGINT ignored)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 90
        while _lock(db.with_name("register.db.lock")).get("pid") != window.pid:
            assert window.poll() is None and time.monotonic() < deadline, window.communicate()
            time.sleep(0.2)
        time.sleep(1.0)  # the window idle, its screen built
        window.send_signal(signal.SIGINT)
        _out, err = window.communicate(timeout=30)
    finally:
        if window.poll() is None:
            window.kill()
            window.communicate()
    assert window.returncode == 0, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert _lock(db.with_name("register.db.lock")) == {}  # closed, not left as a crash
