"""Privacy: resident ID and card numbers never reach a log."""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest

from boostdesk.safety.privacy import (
    MaskingFilter,
    install_log_masking,
    mask_text,
    uninstall_log_masking,
)
from tests.fixtures.summary_sheets import CARD_1, ID_1

PACKAGE = Path(__file__).resolve().parent.parent / "boostdesk"
LOG_METHODS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}
SECRET_NAMES = ("id_number", "card_number", "身份证", "卡号")


def test_ids_and_cards_are_masked_in_text():
    assert mask_text(f"身份证号{ID_1}校验位错误") == f"身份证号{ID_1[:6]}********{ID_1[-4:]}校验位错误"
    assert mask_text("11010519491231002x") == "110105********002x"
    masked = mask_text(f"卡号 {CARD_1}")
    assert CARD_1 not in masked and masked.endswith(CARD_1[-4:]) and "*" in masked
    assert mask_text("卡 6217 0000 1234 5678 901") == "卡 6217 **** **** *** 8901"
    # What must stay readable: patent numbers, phones, dates, amounts, longer numbers.
    for keep in ("ZL202110123456.7", "13800138000", "2022-10-17", "¥3,000.00",
                 "12345678901234567890123"):
        assert mask_text(keep) == keep


@pytest.fixture
def masking():
    install_log_masking()
    yield
    uninstall_log_masking()


def test_every_logger_masks_messages_arguments_and_tracebacks(masking, caplog):
    log = logging.getLogger("boostdesk.some.module")
    with caplog.at_level(logging.DEBUG):
        log.info("导入 %s 的卡 %s", ID_1, CARD_1)
        try:
            raise ValueError(f"bad id {ID_1}")
        except ValueError:
            log.exception("失败")
    text = caplog.text
    assert ID_1 not in text and CARD_1 not in text
    assert f"{ID_1[:6]}********" in text and "失败" in text and "ValueError" in text


def test_the_filter_alone_masks_records_of_a_handler():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "卡号 %s", (CARD_1,), None)
    MaskingFilter().filter(record)
    assert CARD_1 not in record.getMessage()


def test_no_log_call_in_boostdesk_mentions_an_id_or_card_number():
    """A static check: logging calls never pass a person's ID or card number."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in LOG_METHODS:
                continue
            receiver = ast.unparse(node.func.value)
            if "log" not in receiver.lower():
                continue
            text = ast.unparse(node)
            if any(name in text for name in SECRET_NAMES):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {text}")
    assert offenders == []
