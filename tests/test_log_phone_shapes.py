"""The log's masking knew 13912345678, 139 1234 5678 and 139-1234-5678 but left a mobile
written 139.3333.4444 or (139)33334444 whole (the privacy officer's finding 7)."""

from __future__ import annotations

import logging

import pytest

from boostdesk.safety.privacy import install_log_masking, mask_log_text, uninstall_log_masking


@pytest.mark.parametrize(("written", "masked"), [
    ("139.3333.4444", "139.****.4444"),
    ("(139)33334444", "(139)****4444"),
    ("（139）3333-4444", "（139）****-4444"),
    ("+86 (139) 3333 4444", "+86 (139) **** 4444"),
    ("139 3333 4444", "139 **** 4444"),
])
def test_a_mobile_in_each_way_it_is_written_is_masked(written, masked):
    assert mask_log_text(f"联系电话 {written}。") == f"联系电话 {masked}。"


@pytest.mark.parametrize("kept", ["2022.10.20", "139.50 元", "ZL202110123456.7", "1.2.3",
                                  "(2022)京0108民初1234号"])
def test_dates_amounts_and_numbers_not_shaped_as_a_mobile_are_kept(kept):
    assert mask_log_text(kept) == kept


def test_a_log_record_quoting_one_is_masked(caplog):
    install_log_masking()
    try:
        with caplog.at_level(logging.ERROR, logger="boostdesk.test"):
            logging.getLogger("boostdesk.test").error("保存失败：电话 %s / %s", "139.3333.4444",
                                                      "(139)33334444")
    finally:
        uninstall_log_masking()
    text = caplog.text
    assert "3333" not in text and "139.****.4444" in text and "(139)****4444" in text
