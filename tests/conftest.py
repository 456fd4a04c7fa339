import os

# Tests never need a real screen; Qt aborts without one unless told.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from boostdesk.models import Register  # noqa: E402


@pytest.fixture
def reg(tmp_path):
    register = Register.open(tmp_path / "register.db", operator="测试员")
    yield register
    register.close()


@pytest.fixture(autouse=True)
def _no_log_or_hook_left_behind(tmp_path_factory, monkeypatch):
    """A window started by a test (`gui`) writes its log into a scratch data folder, not the
    tester's own, and neither its log handler nor its exception hook outlives the test."""
    import logging
    import sys

    if "BOOSTDESK_DATA" not in os.environ:
        monkeypatch.setenv("BOOSTDESK_DATA", str(tmp_path_factory.mktemp("data")))
    root = logging.getLogger()
    handlers, level, hook = list(root.handlers), root.level, sys.excepthook
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    sys.excepthook = hook
