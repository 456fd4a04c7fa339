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


# How people write a number's digits and the marks between its groups, read as ASCII for
# matching only: full-width digits (１３９), full-width or ideographic marks (－ — ．　),
# full-width brackets. One character for one, so a match's place is the original's too.
_NORMAL = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                         "．": ".", "－": "-", "—": "-", "–": "-", "\u3000": " ", "\xa0": " ",
                         "（": "(", "）": ")"})
# between two digit groups: a run of up to three blanks, dots or dashes (139 3333  4444)
_SEP = r"[ .-]{1,3}"


# (a text with none of them is its own: most are, and translate looks each character up)
_ABNORMAL = re.compile("[" + re.escape("".join(map(chr, _NORMAL))) + "]")


def _normal(text: str) -> str:
    return text.translate(_NORMAL) if _ABNORMAL.search(text) else text


def _digits(text: str) -> str:
    return "".join(ch for ch in _normal(text) if ch in "0123456789")


def _sub(pattern: re.Pattern[str], text: str, repl: Callable[[re.Match[str], str], str]) -> str:
    """``pattern`` matched on the text read as ASCII (:data:`_NORMAL`), each match replaced
    by ``repl(match, the original characters it covers)``."""
    out, done = [], 0
    for m in pattern.finditer(_normal(text)):
        out += [text[done:m.start()], repl(m, text[m.start():m.end()])]
        done = m.end()
    out.append(text[done:])
    return "".join(out)


# 17 digits and a check character: a resident ID (also inside longer text, not inside
# longer numbers), whole or in groups (110105 19491231 0021, 110105 1949 1231 0021).
_ID = re.compile(r"(?<![0-9A-Za-z])[0-9]{6}(?:" + _SEP + r")?(?:[0-9]{8}|[0-9]{4}" + _SEP
                 + r"[0-9]{4})(?:" + _SEP + r")?[0-9]{3}[0-9Xx](?![0-9A-Za-z])")
# 15 digits whose 7th–12th are a date (YYMMDD): a 15-digit ID, bounded as an 18-digit one.
# No card has 15 digits (a union card 16–19), nor a patent application number (12 and
# a check digit); an old business licence number stays whole unless its 7th–12th read as a date.
_OLD_ID = re.compile(r"(?<![0-9A-Za-z])[0-9]{6}([0-9]{2})([0-9]{2})([0-9]{2})[0-9]{3}"
                     r"(?![0-9A-Za-z])")
# 16-19 digits: a bank card, whole or in groups of four (the last of one to four) between
# blanks, dots or dashes. Only fours: a date and a number beside it (2022-10-17 1391…)
# is no card; grouped, only as a card begins (3–6, a union card 62…): four years in a row
# (2019 2020 2021 2022) are none.
_CARD = re.compile(r"(?<![0-9])(?:[0-9]{16,19}|[3-6][0-9]{3}(?:" + _SEP + r"[0-9]{4}){3}(?:(?:"
                   + _SEP + r")?[0-9]{1,3})?)(?![0-9])")


def mask_text(text: str) -> str:
    """``110105********0012`` for an ID (``110105******002`` a 15-digit one), ``6217 ****
    **** *** 1234`` for a card (:func:`mask_card_grouped`, as the documents show one)."""
    text = _sub(_ID, text, lambda m, orig: mask_id(_digits(orig) + orig[-1:]
                                                   if orig[-1:] in "Xx" else _digits(orig)))
    text = _sub(_OLD_ID, text, _mask_old_id)
    return _sub(_CARD, text, lambda m, orig: mask_card_grouped(_digits(orig)))


def _mask_old_id(m: re.Match[str], orig: str) -> str:
    yy, mm, dd = (int(g) for g in m.groups())
    try:
        date(1900 + yy, mm, dd)  # every 15-digit card's holder was born in the 1900s
    except ValueError:
        return orig
    return mask_id(_digits(orig))


# A mainland mobile number, 11 digits from 13–19 (not inside a longer number), as people
# write it: 13512345678, 135 1234 5678, 135-1234-5678, 135.1234.5678, (135)12345678,
# （135）1234-5678, １３５１２３４５６７８, 135－1234－5678, 135 1234  5678, 1351 234 5678,
# after +86 / 0086 / 86 (spaced or not). A dot between its groups read as a separator: a
# decimal shaped so (138.12345678) is masked too, harmless in a log. Not a 登记号's digits
# and a date (专利130 20000101), nor a year and an amount (1949 1000000.00): 4-3-4 only
# with both marks, no decimal part after it.
_MOBILE = re.compile(
    r"(?<![0-9])(?<!专利)(?<!项目)((?:(?:\+|00)?86[ -]?)?)([(]?1[3-9][0-9][)]?(?:(?:" + _SEP
    + r")?[0-9]{4}){2}|1[3-9][0-9]{2}" + _SEP + r"[0-9]{3}" + _SEP + r"[0-9]{4})(?![0-9]|[.][0-9])")


def _mask_mobile(m: re.Match[str], orig: str) -> str:
    """The number's 4th to 7th digits hidden, its prefix and separators kept:
    +86 135 **** 5678, 135-****-6789, 135****7890 (a full-width digit shown as written)."""
    prefix = len(m.group(1))
    out, seen = [], 0
    for ch, plain in zip(orig[prefix:], m.group(2), strict=True):
        if plain.isdigit():
            seen += 1
            out.append("*" if 3 < seen <= 7 else ch)
        else:
            out.append(ch)
    return orig[:prefix] + "".join(out)


def mask_mobiles(text: str) -> str:
    """The mobile numbers in ``text`` masked, ID and card numbers left (finance's copy)."""
    return _sub(_MOBILE, text, _mask_mobile)


def mask_log_text(text: str) -> str:
    """What a log line may keep: :func:`mask_text`, and mobile numbers masked too (a log
    needs no one's number; the audit trail's lines are masked so too, as the pane shows a
    phone: 187****3157)."""
    return mask_mobiles(mask_text(text))


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
