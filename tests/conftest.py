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
