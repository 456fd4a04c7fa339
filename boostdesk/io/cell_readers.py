"""One cell of a summary table into its record value — a date, yes/no, an amount in 元 or
万元, a studio level, a patent, ID, card or phone number, a person's name, plain text — or
a :class:`ValidationError` saying in Chinese why it cannot be read. Control and
zero-width characters go; a number Excel kept as a float is read as the unit typed it."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from boostdesk.field_limits import check_length, limit_of
from boostdesk.safety.privacy import mask_card_grouped, mask_id, mask_text
from boostdesk.validate import (
    FRONTLINE_WORDS,
    ORG_FIELDS,
    ValidationError,
    check_org_name,
    check_person_name,
    check_phone,
    not_a_phone,
    one_line,
    outside_studio_level,
    parse_amount_fen,
    parse_date,
    parse_studio_level,
    parse_yes_no,
    patent_check_char,
    scientific_number,
    several_names,
    several_people,
    short_year_read,
    tidy_lines,
    tidy_title,
    without_label,
    without_name_remark,
)

from .headers import AMOUNT_WAN, DATE, LEVEL, NAME, NUMBER, SEQ, YES_NO, Column

MAX_SEQ_DIGITS = 9

SPACES = re.compile(r"\s+")
# Control characters that are not whitespace (those split() collapses): pasted from a PDF
# (Excel keeps them as _x0002_), stored they made the text one no workbook can hold, and
# every export of the year failed. Zero-width characters and BOMs (pasted from a chat or a web
# page) made a second union or person that looks the same as the first; so did the direction
# marks a Word or web table adds (U+202A–U+202E, U+2066–U+2069): an ID read as 19 characters.
_CONTROL = re.compile(
    r"[\x00-\x08\x0e-\x1b\x7f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# A carriage return as OOXML escapes it (ST_Xstring): calamine decodes _x000D_, but a cell
# some writers wrote with its underscore escaped too (_x005F_x000D_, as Excel reads it back)
# reaches us as the text “_x000D_” before each line break of an Alt+Enter cell.
_CR_ESCAPE = re.compile(r"_x000[dD]_")
# Fields kept on several lines, as the form keeps them (``ui.form_widgets.NotesField``)
MULTI_LINE = frozenset({"remarks"})
_ONE_PERSON = ("inventor_name", "leader")  # judged on and paid to: one person a cell
_CJK_NAME = re.compile(r"^[\u3400-\u9fff\u00b7\u30fb\s]+$")
_NAME_BRACKET = re.compile(r"[(（\[［【〔]")  # a title or remark with a name: validate.name_remark
# No patent or project of the plan is dated before this: an earlier date is a number that
# is no date (20223, 2022年3月 typed short, is Excel's day 1955-05-14; 3.5 in a date cell)
_FIRST_YEAR = 1985
# Dates whose year the season implies: the day the office received the paper (方案三), never
# a 授权公告日 or 立项日期, each printed with its year on the certificate
SEASON_DATES = frozenset({"received_date"})
# Dates of a planned period, where a month alone is an answer (计划完成日期 2023年12月:
# completed by then) read as its last day, as the form reads it (``validate.parse_date``'s
# month_end); never a date judged against the plan's windows (授权公告日, 立项日期)
MONTH_DATES = frozenset({"planned_completion"})
# An 18-digit ID typed into a number cell keeps only 15 significant digits.
EXACT_DIGITS = 15
_FLOAT_WHOLE = 2.0 ** 53  # every integer below it is exact in a float
BARE_FORMULA = ("是没有计算结果的公式（程序生成、未在 Excel 或 WPS 中保存过的表格会这样）：请用 Excel 或"
                " WPS 打开此表、保存后重新导入")


def present(value: Any) -> bool:
    """Whether a cell holds anything: not None, not blank text."""
    return value is not None and not (isinstance(value, str) and not value.strip())


# Whitespace: " ".join(text.split()) is SPACES.sub(" ", text).strip() (str.split and the
# regex's \s take the same characters, U+3000 among them), at a third of the cost.
def cell_reader(col: Column, unit: str | None, date1904: bool = False) -> Callable[[Any], Any]:
    """The function turning a cell of this column into its record value; it raises
    ValidationError (Chinese message) when the cell is unreadable, or its text longer than
    the form's field takes (``field_limits``, the one table of both)."""
    read = _cell_reader(col, unit, date1904)
    limit = limit_of(col.field)
    if limit is None:
        return read

    def read_within(value: Any) -> Any:
        text = read(value)
        if isinstance(text, str) and len(text) > limit:
            check_length(text, limit)
        return text

    return read_within


def cell_reader_parts(col: Column, unit: str | None, date1904: bool = False,
                      season: tuple[date, date] | None = None,
                      ) -> tuple[Callable[[Any], Any], int | None]:
    """:func:`cell_reader` in its two parts: the reader, and the longest text it may give
    (None: no limit), which the caller checks as ``cell_reader``'s reader does (the
    importer, per cell of a table: one call a cell, not two). ``season``: the year's
    收件 days (its plan's issue to its 报送截止日), where a 收件日期 without its year
    (3月15日, 10.17) is read as the paper form reads it (``validate.parse_date``)."""
    return _cell_reader(col, unit, date1904, season), limit_of(col.field)


def _cell_reader(col: Column, unit: str | None, date1904: bool = False,
                 season: tuple[date, date] | None = None) -> Callable[[Any], Any]:
    kind = col.kind
    if kind == DATE:
        if season is not None and col.field in SEASON_DATES:
            read = _read_date_1904 if date1904 else _read_date
            return lambda value: read(value, season)
        if col.field in MONTH_DATES:
            read = _read_date_1904 if date1904 else _read_date
            return lambda value: read(value, month_end=True)
        return _read_date_1904 if date1904 else _read_date
    if kind == YES_NO:
        return _read_frontline if col.field == "frontline" else _read_yes_no
    if kind == AMOUNT_WAN:
        default_unit = unit or "万元"
        return lambda value: _read_amount(value, default_unit)
    if kind == LEVEL:
        return _read_level
    if kind == SEQ:
        return _read_seq
    if kind == NUMBER:
        if col.field == "patent_number_raw":
            return _read_patent_number
        if col.field in ("phone", "contact_phone"):
            return _read_phone
        if col.field == "id_number":
            return _read_id_number
        return _read_card_number if col.field == "card_number" else number_text
    if kind == NAME:
        return _read_person if col.field in _ONE_PERSON else _read_name
    if col.field == "title":
        return _read_title
    if col.field in ORG_FIELDS:  # 0 is no company, as the forms say
        return _read_org_name
    return read_lines if col.field in MULTI_LINE else clean_text


def _read_org_name(value: Any) -> str:
    text = clean_text(value)
    return check_org_name(text)  # 0, a date or a phone in it: no body's name


def _read_title(value: Any) -> str:
    """A title as the forms store it: no space between two Chinese characters (tidy_title)."""
    return tidy_title(clean_text(value))


def _read_level(value: Any) -> str | None:
    """"city" or "district"; a level the plan admits not (企业级) as written, which the row
    reader keeps apart (``ProjectApplication.outside_level``) for the rules to refuse."""
    if type(value) is str:
        value = _printable(value)
    if not present(value):
        return None
    try:
        return parse_studio_level(value)
    except ValidationError:
        if outside := outside_studio_level(value):
            return outside
        raise


def _read_seq(value: Any) -> int | None:
    """A row's 序号, or None: it only orders a unit's rows, so one that is no number, or
    too long to be a row's (a stray ID or card number), is left out, not refused."""
    text = number_text(value)
    return int(text) if text.isdecimal() and len(text) <= MAX_SEQ_DIGITS else None


def _read_patent_number(value: Any) -> str:
    """专利号 as typed; one typed into a number cell as ZL202110000002.0 is stored by Excel
    as 202110000002, its check digit gone. A number cell of 12 (or 8) digits whose check
    digit would be 0 gets it back: with it the number is whole whichever way it was typed."""
    if type(value) is float and value.is_integer() or type(value) is int:
        digits = f"{value:.0f}"
        if len(digits) in (8, 12) and digits.isdigit() and patent_check_char(digits) == "0":
            return f"{digits}.0"
    return number_text(value)


def _read_phone(value: Any) -> str:
    """A telephone number; one typed into a number cell has lost its leading 0 (01083570885
    is 1083570885), given back when only with it is it a landline. An ID or card number in
    the cell, or a mobile a digit short, is refused (``validate.not_a_phone``); other text
    that reads as no number is kept as written. A label before it (手机：, 联系电话) is
    taken off, as the form takes it off."""
    text = without_label(number_text(value), "phone")
    if type(value) in (int, float) and text.isdigit():
        try:
            check_phone(text)
        except ValidationError:
            try:
                return check_phone("0" + text)
            except ValidationError:
                pass
    try:
        check_phone(text)
    except ValidationError:
        if refused := not_a_phone(text):
            raise ValidationError(refused) from None
        if "*" in text:  # a masked copy's 138****8000 read back: never stored; the
            return Masked(text)  # registered phone's, or left out (``resend.unmask``)
    return text


class Masked(str):
    """A number read back from a masked copy (a phone 138****0001, an ID
    110105********0012, a card 6214********1234): the registered application's if its
    visible characters are that one's (``resend.unmask`` puts it in), else refused by row,
    as it was by cell; never stored."""


# A masked ID or card as ``privacy.mask_id`` / ``mask_card`` write it (spaces gone): some
# characters shown on each side of the stars
_MASKED_NUMBER = re.compile(r"^[0-9X]{2,}\*+[0-9X]{2,}$")


def masked_text(label: str, text: str, registered: str = "") -> str:
    """Why a masked number (``label``: 电话, 身份证号, 卡号) cannot be stored; ``registered``
    (专利12) when it is not that registered application's."""
    why = (f"与登记册中{registered}的{label}不符" if registered
           else "是导出时部分隐去的号码，不是完整号码")
    return (f"{label} {text} 中间已用 * 隐去，{why}，无法登记："
            "请填写完整号码（导出汇总表时选财务联可得完整号码）")


def _read_id_number(value: Any) -> str:
    """The 身份证号 column's cell: a label before it (身份证号：) taken off, as the form takes
    it off; a number that lost its last digits said masked as an ID (``privacy.mask_id``, as
    the ID's own refusals say it: 110105********0000, and one of 17 digits — its X lost —
    11*************00), never shaped by its length as a card."""
    if type(value) is str and not value.isascii():
        value = without_label(number_text(value), "id")
    return _read_compact_number(value, mask_id)


def _read_card_number(value: Any) -> str:
    """The 工会会员互助服务卡号 column's cell: such a number masked as a card
    (``privacy.mask_card_grouped``: 6217 **** **** *** 0000), whatever its length; a label
    before it (卡号：, 会员卡号) taken off, as the form takes it off."""
    if type(value) is str and not value.isascii():
        value = without_label(number_text(value), "card")
    return _read_compact_number(value, mask_card_grouped)


def held_digits(value: float) -> str:
    """A whole number cell's digits as Excel keeps and shows them: its 15 significant
    digits, then zeros (1.10105E+17 is 110105198301011000) — not the float's binary value,
    whose last digits from 2**53 on are none the cell has (110105198301011008), nor more
    digits than Excel keeps, which the refusal says are lost."""
    return str(int(Decimal(f"{value:.{EXACT_DIGITS}g}")))


def _read_compact_number(value: Any, mask: Callable[[str], str] = mask_text) -> str:
    """An ID or card number. One typed into a number cell keeps Excel's 15 significant
    digits (1.10105E+17): the rest are zeros, and stored it would be another person's or
    another card, so it is refused, naming the digits the cell keeps (:func:`held_digits`)
    masked by ``mask`` (its column's: a shape guessed from the length named a 17-digit ID —
    its X lost — a card). A float a program wrote whole
    (a 16-digit card under 2**53 whose last digit is not 0) is kept."""
    if type(value) is float and value.is_integer():
        digits = f"{value:.0f}"
        if len(digits) > EXACT_DIGITS and (value >= _FLOAT_WHOLE
                                            or not digits[EXACT_DIGITS:].strip("0")):
            raise ValidationError(
                f"号码 {mask(held_digits(value))} 存成了数字（Excel 中显示为 {value:.5E}），Excel 的数字只保留"
                f" 15 位有效数字，末 {len(digits) - EXACT_DIGITS} 位已丢失，无法登记：请把该列设为"
                "文本格式，重新填写完整号码")
    number = "".join(number_text(value).split()).upper()
    if scientific := scientific_number(number):  # the form's ID and card fields say it alike
        raise ValidationError(scientific)
    if "*" in number:  # a masked copy's 110105********0012 read back
        if _MASKED_NUMBER.match(number):  # the registered one's, perhaps: resend decides
            return Masked(number)
        raise ValidationError(masked_text("号码", number))
    return number


def _read_person(value: Any) -> str:
    """The one person a column names (第一发明人, 领衔人): the award is judged on and paid to
    them, so a cell naming several is refused instead of stored as one name (孙七周八)."""
    value = _without_remark(value)
    names = several_names(value)
    if names is not None:
        raise ValidationError(several_people(names))
    return _one_name(value)  # (its names looked for once, not again by _read_name)


def _read_name(value: Any) -> str:
    value = _without_remark(value)
    names = several_names(value)
    if names is not None:  # a contact's column may name two, kept apart
        return "、".join(map(_read_name, names))
    return _one_name(value)


def _without_remark(value: Any) -> Any:
    """A name cell without its bracketed title or remark (李红兵（高级工程师）: 李红兵), as the
    form's person fields read it (``validate.name_remark``; ``read_as`` notes it); a digit
    in the bracket refused as in a name. Any other cell as it is."""
    if type(value) is not str or not _NAME_BRACKET.search(value):  # most: nothing to drop
        return value
    return without_name_remark(clean_text(value))


def _one_name(value: Any) -> str:
    """A cell naming one person (``several_names`` found no more), as stored."""
    text = clean_text(value)
    # no digit in a name, as the form's person fields (an ID or card number pasted along)
    return check_person_name("".join(text.split()) if _CJK_NAME.match(text) else text)


def clean_text(value: Any) -> str:
    """A cell's text on one line: an Alt+Enter line break folded as :func:`one_line` folds it."""
    if type(value) is str:
        if "_x" in value:  # inline, not _unescaped(): this runs for every text cell
            value = _CR_ESCAPE.sub("\r", value)
        return one_line(_printable(value))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


def read_lines(value: Any) -> str:
    """备注: its Alt+Enter line breaks (\\n; \\r\\n or _x000D_ from some writers) kept, each
    one \\n, the rest tidied as the form's 备注 stores it (``validate.tidy_lines``): typed or
    imported, a note reads the same in the detail pane, the workbook and a re-sent table."""
    if type(value) is str:
        return tidy_lines(_unescaped(value))
    return clean_text(value)


def _unescaped(text: str) -> str:
    return _CR_ESCAPE.sub("\r", text) if "_x" in text else text


def number_text(value: Any) -> str:
    """Digits typed as numbers or as (possibly full-width) text, as plain ASCII text; without
    the apostrophe typed before a number to keep it text, when the cell kept it."""
    if type(value) is str and value.isascii():
        return " ".join(_printable(value).split()).lstrip("'`")  # NFKC leaves ASCII as it is
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else _float_text(value)
    return unicodedata.normalize("NFKC", clean_text(value)).strip().lstrip("'`‘’")


def _printable(text: str) -> str:
    return text if text.isprintable() else _CONTROL.sub("", text)


def _float_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _read_date(value: Any, season: tuple[date, date] | None = None,
               month_end: bool = False) -> date | None:
    if type(value) is date and value.year >= _FIRST_YEAR:
        return value
    if type(value) is str:
        value = _printable(value)
    if isinstance(value, time | timedelta):
        raise ValidationError("单元格是时间而不是日期，请写成 2021-03-05")
    if not present(value):
        return None
    # date cells, serial numbers, every clerk's text form (a 收件日期's month and day alone
    # in its ``season``)
    day = parse_date(value, season=season, month_end=month_end)
    if day.year < _FIRST_YEAR:
        shown = clean_text(value)
        short = short_year_read(value) if type(value) is str else None
        if short:  # 84-3-5: the century is the reading's, not Excel's serial
            read = f"两位数的年份{short}"
        else:
            read = f"按 Excel 的日期序号读作 {day.isoformat()}" if shown != day.isoformat() else "在 Excel 中显示为这一天"
        raise ValidationError(
            f"“{shown}”不像本计划的日期（{read}，早于 {_FIRST_YEAR} 年）：请照原件写成 2021-03-05")
    return day


# A date's serial number in the 1904 system is this many days less than in the 1900 one.
_DAYS_1900_TO_1904 = 1462


def _read_date_1904(value: Any, season: tuple[date, date] | None = None,
                    month_end: bool = False) -> date | None:
    """A date column's cell of a workbook counting from 1904: a number there (the serial of
    a date pasted as a value, its date format lost) is 1,462 days later than the 1900 system
    reads it, as Excel shows it once formatted as a date; 20210305 stays a typed day."""
    if (isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
            and not (value == int(value) and 10_000_000 <= value <= 99_999_999)):
        value = value + _DAYS_1900_TO_1904
    return _read_date(value, season, month_end)


def _read_yes_no(value: Any, words: dict[str, bool] | None = None) -> bool | None:
    if type(value) is str:
        value = _printable(value)
    if not present(value):
        return None
    return parse_yes_no(value, words)


def _read_frontline(value: Any) -> bool | None:
    """是否一线职工: also 一线 / 非一线, as the paper may answer it."""
    return _read_yes_no(value, FRONTLINE_WORDS)


def _read_amount(value: Any, unit: str) -> int | None:
    if type(value) is str:
        value = _printable(value)
    return parse_amount_fen(value, default_unit=unit) if present(value) else None
