"""Every command that reads a register, a backup or a file chosen by mistake, given one a
failing disk or a cut copy damaged: a Chinese message, no traceback, nothing lost.

A garbled table name in the schema made SQLite's error quote bytes Python cannot decode:
it raised UnicodeDecodeError, not sqlite3's error, past every ``except sqlite3.Error``
(CI of stop 42; a restore over such a register crashed half way, its -damaged copy left
as a hidden .tmp)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from test_backup import corrupt, garble_a_table_name

from boostdesk.cli import main
from boostdesk.models import PatentApplication, Register
from boostdesk.safety import backup_register, check_integrity, list_backups
from tests.backup_files import change_inside, sqlite_of


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _zip_garbled(path: Path) -> None:
    """The file made a backup zip of itself, its .db's schema garbled (a zip's CRC whole)."""
    folder = path.parent / "zipped"
    folder.mkdir()
    register = folder / path.name
    shutil.copy(path, register)
    zipped = backup_register(register, "manual").path
    garble_a_table_name(zipped)
    shutil.copy(zipped, path)
    shutil.rmtree(folder)


DAMAGE: dict[str, Callable[[Path], None]] = {
    "garbled-name": garble_a_table_name,  # "malformed database schema (XT\x83g)"
    "scribbled": corrupt,  # the same bytes each run
    "truncated": _truncate,
    "empty": _empty,
    "zip-of-garbled": _zip_garbled,
}


@pytest.fixture(scope="module")
def sound(tmp_path_factory) -> Path:
    """A register of 200 papers (pages enough for the scribbles to land), closed."""
    path = tmp_path_factory.mktemp("sound") / "register.db"
    reg = Register.open(path, operator="测试员")
    for i in range(200):
        reg.save_patent(PatentApplication(campaign_year=2022, inventor_name="张三",
                                          title=f"专利{i}" * 20))
    reg.close()
    return path


def _register_in(folder: Path, sound: Path) -> Path:
    folder.mkdir()
    path = folder / "register.db"
    shutil.copy(sound, path)
    return path


def _said(capsys: pytest.CaptureFixture[str], code: int) -> str:
    out, err = capsys.readouterr()
    assert "Traceback" not in err + out
    said = err if code else out
    assert re.search(r"[\u4e00-\u9fff]", said), said
    return said


# A damaged register given to a command: refused, said so, the file as it was (the way to
# restore it named).
REGISTER_COMMANDS = [
    ["check"], ["todo"], ["stats"], ["audit"], ["rank"], ["pay", "list"], ["campaign", "list"],
    ["panel", "status"], ["backup"], ["archive", "--out", "{tmp}/archive"],
    ["export", "summary", "patent", "--out", "{tmp}/out.xlsx"],
    ["correct", "old-ids", "--dry-run"], ["erase-person", "张三", "--reason", "测试"],
    ["demo", "--force"], ["template", "patent", "{tmp}/t.xlsx"],
]


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("command", REGISTER_COMMANDS, ids=" ".join)
def test_a_command_on_a_damaged_register_refuses_it_saying_so_and_keeps_it(
        tmp_path, sound, capsys, damage, command):
    path = _register_in(tmp_path / "reg", sound)
    backup_register(path, "manual")  # (a 0-byte file beside no backup is a new register)
    DAMAGE[damage](path)
    before = path.read_bytes()
    args = [word.replace("{tmp}", str(tmp_path)) for word in command]
    code = main([*args, "--db", str(path)])
    said = _said(capsys, code)
    assert code != 0
    assert any(words in said for words in ("已损坏", "0 字节", "不是 BoostDesk 登记册")), said
    assert path.read_bytes() == before


@pytest.mark.parametrize("damage", DAMAGE)
def test_restoring_a_damaged_register_keeps_it_as_it_was(tmp_path, sound, capsys, damage):
    """The restore is what a damaged register is for: it is replaced, and its file kept
    in backups/ byte for byte (a 0-byte one holds nothing to keep; a zip in its place is
    refused, as another file there is, and stays)."""
    path = _register_in(tmp_path / "reg", sound)
    good = backup_register(path, "manual")
    DAMAGE[damage](path)
    before = path.read_bytes()
    code = main(["restore", str(good.path), "--db", str(path)])
    said = _said(capsys, code)
    if damage == "zip-of-garbled":
        assert code != 0 and path.read_bytes() == before
        return
    assert code == 0 and "已用备份" in said, said
    assert check_integrity(path).ok
    kept = [b for b in list_backups(path) if b.reason == "damaged"]
    if damage == "empty":
        assert not kept
        return
    (copy,) = kept
    with sqlite_of(copy.path) as inside:
        assert inside.read_bytes() == before
    assert not [p for p in (path.parent / "backups").iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("command", [
    ["restore", "{file}"], ["restore", "{file}", "--other-register"],
    ["restore", "{zip}"], ["restore", "{zip}", "--undo-erasure"],
    ["restore", "1"],  # the damaged zip, the newest, by its number in `backup list`
    ["import", "{file}"], ["panel", "import", "{file}"], ["panel", "import", "{zip}"],
], ids=" ".join)
def test_a_damaged_backup_or_file_chosen_is_refused_saying_so_and_nothing_changes(
        tmp_path, sound, capsys, damage, command):
    """A backup damaged in its zip, or a file (a plain copy, an old backup, a .db chosen
    for a summary table or a scoring package) damaged as it is."""
    path = _register_in(tmp_path / "reg", sound)
    backup_register(path, "manual")
    zipped = backup_register(path, "import").path  # the newest: 1 in `backup list`
    change_inside(zipped, garble_a_table_name if damage == "zip-of-garbled" else DAMAGE[damage])
    file = tmp_path / "复制的登记册.db"
    shutil.copy(path, file)
    DAMAGE[damage](file)
    chosen = {"{file}": file, "{zip}": zipped}
    before = {p: p.read_bytes() for p in (path, file, zipped)}
    args = [str(chosen.get(word, word)) for word in command]
    code = main([*args, "--db", str(path)])
    _said(capsys, code)
    assert code != 0
    assert {p: p.read_bytes() for p in before} == before


@pytest.mark.parametrize("damage", DAMAGE)
def test_backup_list_beside_a_damaged_register_lists_its_backups(
        tmp_path, sound, capsys, damage):
    """The list is where a restore starts: it reads no register, and says the backups."""
    path = _register_in(tmp_path / "reg", sound)
    good = backup_register(path, "manual")
    DAMAGE[damage](path)
    before = path.read_bytes()
    code = main(["backup", "list", "--db", str(path)])
    said = _said(capsys, code)
    if damage == "zip-of-garbled":  # a backup put in the register's place: said so
        assert code != 0 and "备份" in said, said
    else:
        assert code == 0 and good.path.name in said
    assert path.read_bytes() == before


# The same damage met by what reads a backup or the register besides the commands: each
# passes over the damaged file (said where it says anything), none raises.

def _garbled_register(tmp_path: Path, sound: Path) -> Path:
    path = _register_in(tmp_path / "reg", sound)
    garble_a_table_name(path)
    return path


def test_a_backup_of_a_register_garbled_since_it_was_opened_is_refused_leaving_nothing(
        tmp_path, sound):
    """The window's backup before a write, of a register damaged under it: the copy's
    journal mode, set before its check, met the schema first."""
    from boostdesk.safety import BackupError

    path = _garbled_register(tmp_path, sound)
    with pytest.raises(BackupError, match="已损坏|校验失败"):
        backup_register(path, "import")
    assert not list((path.parent / "backups").iterdir())


def test_a_copy_recorded_from_a_garbled_register_is_not_taken_for_its_own(tmp_path, sound):
    from boostdesk.safety.backup import backed_up_to

    path = _garbled_register(tmp_path, sound)
    assert backed_up_to(path, tmp_path / "u盘.db") is False


def test_erased_people_of_a_garbled_register_or_backup_are_none(tmp_path, sound, monkeypatch):
    from boostdesk.safety import erased_back

    path = _garbled_register(tmp_path, sound)
    assert erased_back.erased_people(path) == set()
    good = _register_in(tmp_path / "good", sound)
    monkeypatch.setattr(erased_back, "erased_people", lambda _register: {1})
    assert erased_back.brought_back(path, good) == []


def test_a_garbled_backup_holds_none_of_the_lost_changes(tmp_path, sound):
    """`-wal` lost: the backups taken meanwhile are read for the lost lines; a garbled one
    is passed over, as a scribbled one is."""
    from boostdesk.safety.lock import LockInfo
    from boostdesk.safety.lost_changes import LostChanges, find_backup

    path = _register_in(tmp_path / "reg", sound)
    zipped = backup_register(path, "start").path
    change_inside(zipped, garble_a_table_name)
    lost = LostChanges(LockInfo("录入员甲", "PC1", 1, "2000-01-01T00:00:00"), last_id=10_000,
                       last_at="2100-01-01T00:00:00", last_what="", had_id=1,
                       had_at="2000-01-01T00:00:00", found_at="2100-01-01T00:00:00",
                       found_by="录入员乙")
    found = find_backup(path, lost)
    assert found.holding is None and found.newest


def test_a_restore_over_a_garbled_register_leaves_its_copy_for_the_package_keys(
        tmp_path, sound, capsys):
    """The restored register's trail names the 恢复前 copy: the keys of packages signed
    before are looked for in it, and a garbled one is said missing, not a crash."""
    from boostdesk.panel.package_keys import earlier_keys

    path = _register_in(tmp_path / "reg", sound)
    good = backup_register(path, "manual")
    garble_a_table_name(path)
    assert main(["restore", str(good.path), "--db", str(path)]) == 0
    (damaged,) = [b for b in list_backups(path) if b.reason == "damaged"]
    with Register.open(path, operator="测试员") as reg:
        keys = earlier_keys(reg)
    assert keys.restored and damaged.path.name in keys.missing


def _garbled_while_open(tmp_path: Path, monkeypatch) -> Path:
    """A register damaged after the opening's check passed (a failing disk while the
    command runs): the check made to pass, so the command's own queries meet the damage."""
    from boostdesk.safety import integrity, session

    path = tmp_path / "register.db"
    reg = Register.open(path, operator="测试员")
    reg.save_patent(PatentApplication(campaign_year=2022, inventor_name="张三", title="专利"))
    reg.close()
    garble_a_table_name(path)
    sound = integrity.IntegrityReport(path, True, [])
    monkeypatch.setattr(session, "check_integrity", lambda *_a, **_k: sound)
    return path


def test_a_command_meeting_damage_mid_way_says_so_without_a_traceback(
        tmp_path, monkeypatch, capsys):
    path = _garbled_while_open(tmp_path, monkeypatch)
    status = main(["todo", "--db", str(path)])
    err = capsys.readouterr().err
    assert status == 1, err
    assert "登记册文件已损坏" in err and "Traceback" not in err


def test_the_window_says_a_register_damaged_while_open_is_damaged(tmp_path):
    """The window's 程序出错（UnicodeDecodeError：'utf-8' codec …）: said as damage."""
    import sqlite3

    from boostdesk.ui.context import error_text

    path = tmp_path / "register.db"
    Register.open(path, operator="测试员").close()
    garble_a_table_name(path)
    conn = sqlite3.connect(path)
    try:
        with pytest.raises(UnicodeDecodeError) as raised:
            conn.execute("SELECT count(*) FROM patent_applications").fetchall()
    finally:
        conn.close()
    said = error_text(raised.value, rolled_back=False)
    assert "登记册文件已损坏" in said and "UnicodeDecodeError" not in said
