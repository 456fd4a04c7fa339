"""Resident ID and card numbers: the one way they are masked, and never in a log.

:func:`mask_id` and :func:`mask_card` are how every window, document, message and log
shows them partly hidden (the documents group the masked card in fours); only finance's
copy and a backup carry them whole.

BoostDesk logs no personal data on purpose; this is the safety net for what
slips through (an exception message quoting a cell, a library's debug line).
:func:`install_log_masking` wraps the logging record factory, so every record
from every logger is masked once, at creation, before any handler or formatter
sees it, traceback text included.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date
from typing import Any

_ID_SHAPE = re.compile(r"^(\d{6})\d{8}(\d{3}[0-9Xx])$")
# a 15-digit ID (issued before GB 11643-1999): region, YYMMDD, sequence, no check character
_OLD_ID_SHAPE = re.compile(r"^(\d{6})\d{6}(\d{3})$")


def mask_id(number: str | None) -> str:
    """110105********002X: enough to tell two people apart, not enough to misuse. A 15-digit
    ID hides its birth date alike: 110105******002 (region and sequence shown, as in its
    18-digit number, whose last shown character is the check it lacks). Text not shaped
    as an ID (a mistyped one) keeps its first and last two characters."""
    if not number:
        return ""
    text = "".join(str(number).split())
    m = _ID_SHAPE.match(text) or _OLD_ID_SHAPE.match(text)
    if m:
        return f"{m.group(1)}{'*' * (len(text) - len(m.group(1)) - len(m.group(2)))}{m.group(2)}"
    return text[:2] + "*" * (len(text) - 4) + text[-2:] if len(text) > 4 else "****"


def mask_card(number: str | None) -> str:
    """6217********1234: the first and last four digits (of a card typed with too few,
    none)."""
    digits = "".join(ch for ch in (number or "") if ch.isdigit())
    if len(digits) < 8:
        return "*" * len(digits)
    return f"{digits[:4]}{'*' * (len(digits) - 8)}{digits[-4:]}"


def mask_card_grouped(number: str | None) -> str:
    """6214 **** **** *** 1234: :func:`mask_card` in groups of four, as the documents, the
    trail and the command line's messages show a card (the one grouped form)."""
    s = mask_card(number)
    if len(s) < 8:
        return s
    middle = s[4:-4]
    return " ".join([s[:4], *(middle[i:i + 4] for i in range(0, len(middle), 4)), s[-4:]])


def mask_phone(number: str | None) -> str:
    """138****8000: a phone number keeps its first three and last four digits (an office
    number's extension kept after them: 010-****0885转8021)."""
    text = "".join((number or "").split())
    main, mark, extension = text.partition("转")
    if mark and main:
        return mask_phone(main) + mark + extension
    digits = sum(ch.isdigit() for ch in text)
    if digits < 8:
        return "*" * len(text)
    hide, out, seen = digits - 7, [], 0
    for ch in text:
        if ch.isdigit():
            seen += 1
            out.append("*" if 3 < seen <= 3 + hide else ch)
        else:
            out.append(ch)
    return "".join(out)


# 17 digits and a check character: a resident ID (also inside longer text, not inside longer numbers).
_ID = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])")
# 15 digits whose 7th–12th are a date (YYMMDD): a 15-digit ID, bounded as an 18-digit one.
# No card has 15 digits (a union card 16–19), nor a patent application number (12 and
# a check digit); an old business licence number stays whole unless its 7th–12th read as a date.
_OLD_ID = re.compile(r"(?<![0-9A-Za-z])\d{6}(\d{2})(\d{2})(\d{2})\d{3}(?![0-9A-Za-z])")
# 16-19 digits, optionally in groups of four separated by spaces or dashes: a bank card.
_CARD = re.compile(r"(?<![0-9])\d(?:[ -]?\d){15,18}(?![0-9])")


def mask_text(text: str) -> str:
    """``110105********0012`` for an ID (``110105******002`` a 15-digit one), ``6217 ****
    1234`` style for a card."""
    text = _ID.sub(lambda m: mask_id(m.group(0)), text)
    text = _OLD_ID.sub(_mask_old_id, text)
    return _CARD.sub(_mask_card, text)


def _mask_old_id(m: re.Match[str]) -> str:
    yy, mm, dd = (int(g) for g in m.groups())
    try:
        date(1900 + yy, mm, dd)  # every 15-digit card's holder was born in the 1900s
    except ValueError:
        return m.group(0)
    return mask_id(m.group(0))


def _mask_card(m: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", m.group(0))
    if not 16 <= len(digits) <= 19:
        return m.group(0)
    return mask_card(digits)


# A mainland mobile number, 11 digits from 13–19 (not inside a longer number), as people
# write it: 13512345678, 135 1234 5678, 135-1234-5678, 135.1234.5678, (135)12345678,
# （135）1234-5678, after +86 / 0086 / 86 (spaced or not). A dot between its groups read
# as a separator: a decimal shaped so (138.12345678) is masked too, harmless in a log.
_MOBILE = re.compile(
    r"(?<![0-9])((?:(?:\+|00)?86[ -]?)?)([(（]?1[3-9]\d[)）]?(?:[ .-]?\d{4}){2})(?![0-9])")


def _mask_mobile(m: re.Match[str]) -> str:
    """The number's 4th to 7th digits hidden, its prefix and separators kept:
    +86 135 **** 5678, 135-****-6789, 135****7890."""
    out, seen = [], 0
    for ch in m.group(2):
        if ch.isdigit():
            seen += 1
            out.append("*" if 3 < seen <= 7 else ch)
        else:
            out.append(ch)
    return m.group(1) + "".join(out)


def mask_mobiles(text: str) -> str:
    """The mobile numbers in ``text`` masked, ID and card numbers left (finance's copy)."""
    return _MOBILE.sub(_mask_mobile, text)


def mask_log_text(text: str) -> str:
    """What a log line may keep: :func:`mask_text`, and mobile numbers masked too (a log
    needs no one's number; the audit trail's lines are masked so too, as the pane shows a
    phone: 187****3157)."""
    return _MOBILE.sub(_mask_mobile, mask_text(text))


# A message's words, split where a path cannot go on: blanks, brackets, quotes and the
# punctuation around it (（磁盘已满）, ：, 。). A drive's colon splits it too: D: and
# \资料\… are a root and a folder path.
_WORD = re.compile(r"[^\s（）()「」『』“”‘’\"'，,；;：:。、！!？?]+")
_ROOT = re.compile(r"^(?:[/\\]|~[/\\]|\.\.?[/\\])")  # /tmp/…, \\server\…, \资料\…, ~/…, ./…
_FILE = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")  # ….zip, ….xlsx, ….db


def _is_path(word: str) -> bool:
    """A folder's path (from its root) or a file's name (with its folders or not)."""
    return bool(_ROOT.match(word) or _FILE.search(word.rstrip(".")))


def mask_message(text: str) -> str:
    """:func:`mask_log_text` for a message shown to the office, the file paths and names
    in it left whole: a backup's name holds its time to the millisecond, 17 figures a
    card's filter hid (register-2026*********5943-import.zip, a file nobody could find).
    A path is the office's own naming, not a number quoted from a cell."""
    out: list[str] = []
    done = 0
    for m in _WORD.finditer(text):
        if _is_path(m.group(0)):
            out += [mask_log_text(text[done:m.start()]), m.group(0)]
            done = m.end()
    out.append(mask_log_text(text[done:]))
    return "".join(out)


class MaskingFilter(logging.Filter):
    """A handler or logger filter that masks IDs and card numbers in place."""

    def filter(self, record: logging.LogRecord) -> bool:
        mask_record(record)
        return True


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    if getattr(record, "_boostdesk_masked", False):
        return record
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: keep what logging would show
        message = str(record.msg)
    record.msg = mask_log_text(message)
    record.args = None
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = mask_log_text(record.exc_text)
    if record.stack_info:
        record.stack_info = mask_log_text(record.stack_info)
    record._boostdesk_masked = True
    return record


_installed: list[Callable[..., logging.LogRecord]] = []


def install_log_masking() -> None:
    """Mask every log record of this process from now on (idempotent)."""
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return mask_record(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _installed.append(previous)
    root = logging.getLogger()
    for handler in root.handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(MaskingFilter())


def uninstall_log_masking() -> None:
    if _installed:
        logging.setLogRecordFactory(_installed.pop())
    for handler in logging.getLogger().handlers:
        for f in [f for f in handler.filters if isinstance(f, MaskingFilter)]:
            handler.removeFilter(f)
