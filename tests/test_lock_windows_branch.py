"""safety/lock.py's Windows branch (``msvcrt.locking`` on one byte far past the JSON),
run on Linux: the module loaded again as Windows would load it, over a stand-in for
``msvcrt`` that locks as Windows does (per handle, a second handle of the same process
refused too, EACCES when refused)."""

from __future__ import annotations

import errno
import importlib.util
import json
import os
import sys
import types

import pytest

from boostdesk.safety import lock as linux_lock


class FakeMsvcrt(types.ModuleType):
    LK_UNLCK, LK_LOCK, LK_NBLCK = 0, 1, 2

    def __init__(self) -> None:
        super().__init__("msvcrt")
        self.held: dict[tuple[int, int], int] = {}  # (inode, offset) -> the fd holding it

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        assert nbytes == 1
        key = (os.fstat(fd).st_ino, os.lseek(fd, 0, os.SEEK_CUR))
        owner = self.held.get(key)
        if mode == self.LK_UNLCK:
            if owner != fd:
                raise OSError(errno.EACCES, "Permission denied")
            del self.held[key]
        elif owner is not None and owner != fd:
            raise OSError(errno.EACCES, "Permission denied")  # LK_NBLCK refused
        else:
            self.held[key] = fd


@pytest.fixture
def windows(monkeypatch):
    """(the lock module as on Windows, its msvcrt)."""
    fake = FakeMsvcrt()
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(sys, "platform", "win32")
    spec = importlib.util.spec_from_file_location("boostdesk.safety._lock_as_on_windows",
                                                  linux_lock.__file__)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # (its dataclasses look it up)
    spec.loader.exec_module(module)
    monkeypatch.setattr(sys, "platform", "linux")
    assert not hasattr(module, "fcntl") and module.msvcrt is fake
    return module, fake


def test_the_lock_is_the_byte_far_past_the_name_and_the_name_is_readable(windows, tmp_path):
    lock, fake = windows
    register = tmp_path / "张三的登记册" / "register.db"
    taken = lock.acquire(register, "张三")
    try:
        (key, fd), = fake.held.items()
        assert key[1] == lock._WIN_LOCK_OFFSET and fd == taken._fd
        # Windows' locks are mandatory: another program reads the name, not the locked byte
        assert json.loads(lock.lock_path(register).read_text("utf-8"))["operator"] == "张三"
        assert lock.holder(register) is None  # this process's own
    finally:
        taken.release()
    assert not fake.held and lock.lock_path(register).read_bytes() == b""


def test_another_holder_on_windows_is_named_and_the_register_refused(windows, tmp_path):
    lock, fake = windows
    register = tmp_path / "register.db"
    path = lock.lock_path(register)
    path.write_text(json.dumps({"operator": "王五", "host": "财务室", "pid": 4242,
                                "since": "2022-10-20T09:00:00"}, ensure_ascii=False), "utf-8")
    other = os.open(path, os.O_RDWR)  # another process's handle on the same file
    try:
        os.lseek(other, lock._WIN_LOCK_OFFSET, os.SEEK_SET)
        fake.locking(other, fake.LK_NBLCK, 1)
        assert lock.holder(register).operator == "王五"
        with pytest.raises(lock.RegisterBusy) as busy:
            lock.acquire(register, "张三")
        assert "王五（电脑 财务室，进程 4242" in str(busy.value)
        mark = tmp_path / "preview.lock"  # the 打印 screen's folder mark
        fd = lock.hold(mark)
        assert fd is not None and not lock.abandoned(mark)
        os.close(fd)
        fake.held.clear()  # Windows drops a closed handle's locks
        assert lock.abandoned(mark)
        os.lseek(other, lock._WIN_LOCK_OFFSET, os.SEEK_SET)
        fake.locking(other, fake.LK_NBLCK, 1)
    finally:
        os.close(other)
    fake.held.clear()  # the other process ended: its lock went with it
    taken = lock.acquire(register, "张三")
    assert taken.left_by is not None and taken.left_by.operator == "王五"  # told who had it
    taken.release()
