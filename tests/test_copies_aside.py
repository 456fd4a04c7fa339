"""Full-data copies made while another window held the register (`archive`, `backup --out`,
the window's 备份到…): the trail could not take their line, so 删除个人信息 named neither the
archive folder nor the USB copy, though each still held the person's data. They are noted
beside the register (register.db.copies, 0600), folded into the trail by the next writing
opening, and listed by the erasure."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from test_erase_person import AFTER, WANG, WANG_ID, path

from boostdesk.cli import main
from boostdesk.models import Register, clock
from boostdesk.safety import copies_aside, open_register

__all__ = ["path"]
ROOT = Path(__file__).resolve().parent.parent


HOLD = ("import sys\n"
        "from boostdesk.safety import acquire\n"
        "lock = acquire(sys.argv[1], '窗口里的同事')\n"
        "print('held', flush=True)\n"
        "sys.stdin.read()\n"
        "lock.release()\n")


@contextmanager
def _held(db: Path) -> Iterator[None]:
    """The register as a window holds it (its write lock, in another process): every
    command opens it read-only."""
    window = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert window.stdout is not None and window.stdout.readline().strip() == "held"
        yield
    finally:
        assert window.stdin is not None
        window.stdin.close()  # the window closed
        window.wait(timeout=30)


def test_copies_made_beside_a_window_are_listed_by_the_erasure(path, tmp_path, capsys):
    usb, folder = tmp_path / "u盘副本.zip", tmp_path / "归档2022"
    with _held(path):
        assert main(["archive", "--year", "2022", "--out", str(folder), "--db", str(path)]) == 0
        said = capsys.readouterr().out
        assert "未记入修改记录" in said and "删除个人信息时会列出" in said, said
        assert main(["backup", "--out", str(usb), "--db", str(path)]) == 0
        err = capsys.readouterr().err
        assert "未能记入修改记录" in err and "删除个人信息时会列出这个文件" in err, err
        side = copies_aside.side_path(path)
        assert side.name == "register.db.copies"
        if os.name == "posix":
            assert stat.S_IMODE(side.stat().st_mode) == 0o600
        noted = [json.loads(line) for line in side.read_text(encoding="utf-8").splitlines()]
        assert [n["action"] for n in noted] == ["export_archive", "backup_out"]
        assert WANG_ID not in side.read_text(encoding="utf-8")  # where, not what
    with clock.fixed_day(AFTER):
        assert main(["erase-person", WANG, "--reason", "本人来函", "--yes",
                     "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"2022 年度：{folder.resolve()}" in out, out
    assert str(usb.resolve()) in out, out
    assert not copies_aside.side_path(path).exists()  # folded into the trail
    assert main(["audit", "--db", str(path)]) == 0
    trail = capsys.readouterr().out
    assert trail.count("登记册只读时记下") == 2, trail
    assert main(["check", "--db", str(path)]) == 0  # the folded lines sealed in the chain
    assert "完整" in capsys.readouterr().out


def test_a_noted_copy_is_folded_once(path, tmp_path):
    """The side file left by a crash after the fold's commit adds no second line."""
    with _held(path):
        assert copies_aside.note(path, "backup_out", "register",
                                 {"to": str(tmp_path / "a.db"), "size": 1}, "同事")
    kept = copies_aside.side_path(path).read_bytes()
    open_register(path, "测试员", start_backup=False).reg.close()
    copies_aside.side_path(path).write_bytes(kept)  # as if its removal had failed
    open_register(path, "测试员", start_backup=False).reg.close()
    with Register.open(path) as reg:
        assert reg.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'backup_out'") == 1
    assert not copies_aside.side_path(path).exists()


def test_a_copy_that_cannot_be_noted_says_the_erasure_will_not_list_it(path, tmp_path,
                                                                        capsys, monkeypatch):
    """The folder read-only (or full): nothing names the copy later, and that is said."""
    monkeypatch.setattr(copies_aside, "side_path",
                        lambda register: tmp_path / "不存在的文件夹" / "x.copies")
    with _held(path):
        assert main(["backup", "--out", str(tmp_path / "u.db"), "--db", str(path)]) == 0
    err = capsys.readouterr().err
    assert "删除个人信息时将无法列出这个文件" in err, err


@pytest.mark.parametrize("torn", [b"", b'{"id": "x", "act'])
def test_pending_skips_a_torn_line(tmp_path, torn):
    db = tmp_path / "register.db"
    assert copies_aside.note(db, "backup_out", "register", {"to": "/u/a.db"}, "甲")
    with open(copies_aside.side_path(db), "ab") as f:
        f.write(torn)
    assert [e["after"]["to"] for e in copies_aside.pending(db)] == ["/u/a.db"]


def test_the_erasure_lists_copies_not_folded_yet(path, tmp_path):
    """A side file the fold could not empty (its write failed): read by the erasure too."""
    from boostdesk import erase_person

    assert copies_aside.note(path, "backup_out", "register", {"to": "/u盘/副本.zip"}, "同事")
    assert copies_aside.note(path, "export_archive", "documents",
                             {"year": 2022, "to": "/归档/2022年度归档"}, "同事")
    with Register.open(path) as reg:  # (no writing opening's fold)
        done = erase_person.erase(reg, WANG, "期满", AFTER)
    said = "\n".join(done.leftovers)
    assert "/u盘/副本.zip" in said and "2022 年度：/归档/2022年度归档" in said, said


def test_a_copy_made_through_a_link_is_noted_beside_the_register_itself(path, tmp_path):
    desk = tmp_path / "desk"
    desk.mkdir()
    link = desk / "登记册.db"
    link.symlink_to(path)
    assert copies_aside.note(link, "backup_out", "register", {"to": "/u/经链接.zip"}, "甲")
    assert not (desk / "登记册.db.copies").exists()
    assert [e["after"]["to"] for e in copies_aside.pending(path)] == ["/u/经链接.zip"]
    open_register(path, "测试员", start_backup=False).reg.close()
    with Register.open(path) as reg:
        assert reg.scalar("SELECT COUNT(*) FROM audit_events WHERE after LIKE '%经链接%'") == 1


FORGED = [
    "这不是 JSON",
    "[1, 2, 3]",
    '{"action": "backup_out", "after": "x"}',
    '{"action": "backup_out", "entity": "register", "after": {"to": {"nested": 1}}}',
    '{"id": "%s", "at": "2020-01-01T00:00:00", "operator": "不存在的人", "computer": "x",'
    ' "action": "restore", "entity": "register", "after": {"from": "/伪造/备份.zip"}}' % ("a" * 32),
    '{"id": "%s", "at": "2020-01-01T00:00:00", "operator": "x", "computer": "x",'
    ' "action": "erase_person", "entity": "people", "after": {"placeholder": "伪造"}}' % ("b" * 32),
    '{"id": "%s", "at": "2020-01-01T00:00:00", "operator": "x", "computer": "x",'
    ' "action": "backup_out", "entity": "register", "after": {"to": "相对/路径"}}' % ("c" * 32),
    '{"id": "torn", "at": "2026',
]


def test_a_hand_edited_side_file_adds_only_the_copies_it_noted_and_says_the_rest(
        path, capsys):
    assert copies_aside.note(path, "backup_out", "register", {"to": "/u/真的.zip"}, "同事")
    with open(copies_aside.side_path(path), "a", encoding="utf-8") as f:
        f.write("\n".join(FORGED) + "\n")
    with open(copies_aside.side_path(path), "ab") as f:
        f.write(b"\xff\xfe garbage bytes\n")
    opened = open_register(path, "测试员", start_backup=False)
    opened.reg.close()
    said = "\n".join(opened.warnings)
    assert f"有 {len(FORGED) + 1} 行无法读取，或不是本程序记下的副本" in said, said
    with Register.open(path) as reg:
        actions = [r[0] for r in reg.conn.execute(
            "SELECT action FROM audit_events WHERE action IN"
            " ('backup_out', 'copies_refused', 'restore', 'erase_person')")]
    assert actions == ["backup_out", "copies_refused"]
    assert not copies_aside.side_path(path).exists()
    assert main(["audit", "--db", str(path)]) == 0
    trail = capsys.readouterr().out
    assert "副本记录有行未采用" in trail and "登记册只读时记下" in trail and "伪造" not in trail
    assert main(["check", "--db", str(path)]) == 0


def test_a_copy_noted_while_the_fold_runs_is_kept(path, monkeypatch):
    """A read-only process notes its copy while a writing opening folds the file: the fold
    deleted the file it had read, the new line with it."""
    assert copies_aside.note(path, "backup_out", "register", {"to": "/u/先.zip"}, "甲")
    real = copies_aside._already
    meanwhile: list[bool] = []

    def already(conn, copy_id):  # noqa: ANN001, ANN202
        if not meanwhile:
            meanwhile.append(copies_aside.note(path, "backup_out", "register",
                                               {"to": "/u/其间.zip"}, "乙"))
        return real(conn, copy_id)

    monkeypatch.setattr(copies_aside, "_already", already)
    open_register(path, "测试员", start_backup=False).reg.close()
    assert meanwhile == [True]
    assert [e["after"]["to"] for e in copies_aside.pending(path)] == ["/u/其间.zip"]


def test_a_side_file_set_read_only_is_named_not_the_folder(path, monkeypatch):
    assert copies_aside.note(path, "backup_out", "register", {"to": "/u/a.zip"}, "甲")
    monkeypatch.setattr(copies_aside.os, "access", lambda *_a, **_k: False)
    said = copies_aside.unrecorded(False, path)
    assert f"{copies_aside.side_path(path)} 不能写入" in said and "文件夹" not in said
