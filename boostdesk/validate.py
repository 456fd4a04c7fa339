"""Validation at the edge: what clerks type or paste, turned into checked values.

No Qt, no database. Every function either returns a canonical value or raises
:class:`ValidationError` whose ``message`` is short Chinese saying what is wrong
and what to do. Money is integer fen throughout; a float is accepted only where
it can come from a spreadsheet cell, and is converted through its decimal text.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from operator import mul

from boostdesk.errors import ValidationError  # defined there, raised here

# A message quoting what was typed is stored in the findings, printed on the 审批表 and
# copied into e-mails: an ID or card number is quoted masked.
from boostdesk.old_ids import is_old_id, to_18
from boostdesk.safety.privacy import mask_card_grouped, mask_id, mask_text

# Characters that show as nothing, copied along from a web page, WeChat or a Word table:
# zero-width spaces and joiners, the byte-order mark, the soft hyphen, the direction
# marks, embeddings and isolates. An ID number pasted with one read as 19 digits, a
# union's name with one was a second union that looked the same. Also the variation
# selectors, which pick one glyph of the hanzi before them (an IVS, as a name copied from a
# Macao or Japanese system carries: 葛 + U+E0100): 葛󠄀明 was another name than 葛明, the
# import said “表中为 葛明，登记册为 葛明”, and 葛明 typed in the search box found nothing.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufe00-\ufe0f"
                        "\ufeff\U000e0100-\U000e01ef]")


def normalize_text(value: object) -> str:
    """Text as typed, made comparable: None -> "", NFKC (full-width -> ASCII), without the
    characters that show as nothing (_INVISIBLE), trimmed, inner whitespace runs
    (including the ideographic space) collapsed to one space."""
    if type(value) is str and value.isascii():
        # NFKC leaves ASCII as it is, and str.split() takes exactly the characters \s
        # does: the same text at a third of the cost (the rules check every ID and card).
        return " ".join(value.split())
    if value is None:
        return ""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", str(value)))
    # as re.sub(r"\s+", " ", text).strip() did, at a third of the cost: \s and str.split()
    # take exactly the same characters (tests/test_import_speed.py compares both ways)
    return " ".join(text.split())


_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def tidy_line(text: str) -> str:
    """A one-line field's text as the importer reads a cell: without control characters
    and those that show as nothing, each run of whitespace (a line break or tab pasted
    from Excel or Word) one space, trimmed — but a line break between two Chinese
    characters nothing (:func:`one_line`). Typed and imported, a title is then the same."""
    return one_line(_CONTROLS.sub("", _INVISIBLE.sub("", text)))


# Chinese text: hanzi (the rare ones of names beyond the BMP too) and Chinese punctuation,
# ASCII-width or full (、。《》，：（）); not full-width letters and digits, which are Latin.
_CJK = "、-〿㐀-鿿豈-﫿！-／：-＠［-｀｛-･𠀀-𱍏"
_SPACE_IN_CJK = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")


def tidy_title(text: str) -> str:
    """A title (专利名称, 项目名称) as stored, typed or imported: :func:`tidy_line`, and no
    space between two Chinese characters (一种盾构管片  拼装定位方法 pasted or typed so is
    一种盾构管片拼装定位方法: Chinese puts none between words); one next to a Latin letter
    or a digit stays (AI 算法, 5G 基站). Names lose every space by a hanzi (:func:`tidy_name`)."""
    text = tidy_line(text)
    return _SPACE_IN_CJK.sub("", text) if " " in text else text  # (a look-behind at each place)


# Line breaks as Word (a manual break: \v), a page break (\f), Qt (U+2028, U+2029) and
# Windows (\r\n) write them.
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\u2028\u2029]")


def tidy_lines(text: str) -> str:
    """A multi-line field's text (备注) as typed, its line breaks kept, each as one \\n:
    without control characters and those that show as nothing (a workbook cannot hold
    the one, the other hides a difference), a tab one space, the blank lines and spaces
    before and after the whole trimmed. What is between is kept exactly."""
    text = _BREAKS.sub("\n", _INVISIBLE.sub("", text))
    return _CONTROLS.sub("", text).replace("\t", " ").strip()


# A line break with the blanks around it, between two Chinese characters (hanzi, their
# punctuation, full-width forms, the rare characters of names beyond the BMP).
_HAN = "　-〿㐀-鿿豈-﫿＀-￯𠀀-𱍏"
_HAN_BREAK = re.compile(rf"(?<=[{_HAN}])[^\S\n\r]*[\r\n]\s*(?=[{_HAN}])")


def one_line(text: str) -> str:
    """``text`` on one line: each run of whitespace one space, trimmed; a line break between
    two Chinese characters (a title an Excel cell or a Word table wrapped: 一种焊缝缺陷的⏎
    超声检测方法) joins them without one, since Chinese puts no space between words."""
    if "\n" in text or "\r" in text:
        text = _HAN_BREAK.sub("", text)
    return " ".join(text.split())


# Dashes NFKC leaves alone: a Chinese input method types — (or ——) for the - key.
_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63]+")


def fold_dashes(text: str) -> str:
    """Every run of hyphens, en or em dashes and minus signs as one ASCII '-'."""
    return text if text.isascii() else _DASHES.sub("-", text)


# Marks around a number copied from a sentence or a quoted cell (“110105…0016。”): an
# input method's full stop or comma typed after it, a quote on either side. NFKC makes
# the full-width ，；：＂＇ ASCII; 。、“”‘’「」 it leaves as they are.
_EDGE_MARKS = "。，、,.;；:：\"'“”‘’「」『』`"


def _compact(value: object, drop: str = " -") -> str:
    """normalize_text without the characters in ``drop`` (spaces, dashes by default), and
    without the punctuation and quotes before and after it (_EDGE_MARKS): an ID, card or
    credit code typed or imported with a trailing 。 is the number, as one with spaces is."""
    text = fold_dashes(normalize_text(value)).strip(_EDGE_MARKS).strip()
    for ch in drop:
        text = text.replace(ch, "")
    return text


# The label a paper, a letter or a copied line puts before a number (专利号：ZL…, 身份证号：…,
# 卡号：6217…, 手机13800138000, 联系电话: …), after normalize_text (its full-width colon made
# ":"): taken off, the number is read as if typed alone, in the form and the import alike;
# left on, the ID was "应为 18 位，实为 23 位", the card "只能包含数字" and the phone no phone.
# By kind of number.
_LABELS = {
    "patent": re.compile(r"^(?:专利申请号|专利号|申请号)\s*:?\s*"),
    "id": re.compile(r"^(?:(?:居民|公民)?身份证?(?:号码|号)|身份证|证件号码?)\s*:?\s*"),
    # 卡号：, 会员卡号, 互助服务卡号:, 工会会员互助服务卡号 — the card's own name, in parts
    "card": re.compile(r"^(?:工会)?(?:会员)?(?:互助)?(?:服务)?卡(?:号码|号)\s*:?\s*"),
    "phone": re.compile(r"^(?:联系电话|联系方式|移动电话|固定电话|办公电话|电话号码|手机号码|手机号"
                        r"|手机|电话|座机|固话)\s*:?\s*"),
}


def without_label(text: str, kind: str) -> str:
    """``text`` (normalized) without the label before its number (``_LABELS[kind]``: a
    patent's, an ID's, a union card's, a phone's); ASCII text has none."""
    return text if text.isascii() else _LABELS[kind].sub("", text, count=1)


# -- patent numbers (CNIPA ZC 0006-2003) ------------------------------------
_PATENT_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
_WEIGHT_SUMS = {8: sum(_PATENT_WEIGHTS[:8]), 12: sum(_PATENT_WEIGHTS)}
_KINDS = {
    "1": "invention", "8": "invention",
    "2": "utility_model", "9": "utility_model",
    "3": "design",
}
_KIND_ZH = {"invention": "发明", "utility_model": "实用新型", "design": "外观设计"}
_PATENT_EXAMPLE = "如 ZL202110123456.7"
# the check character after a dot, or a dash (ZL202110123456-7, as some forms print it)
_PATENT_BODY = re.compile(r"^(?:ZL|CN)?(\d+)([.·。-])?([0-9X])?$")
# A CNIPA publication number, as the office's web page and the certificate's 授权公告号 give
# it: CN, 9 digits (7 before 2007) and a kind code — B or C an invention granted, U or Y a
# utility model, S a design, A an application published. It is no patent number: pasted
# as one it read as an unknown number, or (CN114123456) as an old 8-digit application number.
_PUBLICATION_LABEL = re.compile(r"^(?:授权公告号|授权公布号|公告号|申请公布号|公布号|公开号):?")
_PUBLICATION = re.compile(r"^(CN)?(\d{7}|\d{9})([ABCUSY]\d?)?$")
_PUBLICATION_ZH = {"A": "申请公布号", "": "公告号"}


@dataclass(frozen=True, slots=True)
class PatentNumber:
    """A checked CNIPA application number; the patent number is ``ZL`` + it."""

    digits: str  # 12 digits (filed since 2003-10-01) or 8 digits (before), no check char
    check: str  # '0'-'9' or 'X'

    @property
    def application_number(self) -> str:
        return f"{self.digits}.{self.check}"

    @property
    def patent_number(self) -> str:
        return f"ZL{self.application_number}"

    @property
    def type_digit(self) -> str:
        return self.digits[4] if len(self.digits) == 12 else self.digits[2]

    @property
    def kind(self) -> str:
        """"invention", "utility_model" or "design"."""
        return _KINDS[self.type_digit]

    @property
    def kind_zh(self) -> str:
        return _KIND_ZH[self.kind]

    @property
    def is_invention(self) -> bool:
        """Type digit 1 (invention) or 8 (PCT invention entering China)."""
        return self.kind == "invention"

    @property
    def filing_year(self) -> int:
        if len(self.digits) == 12:
            return int(self.digits[:4])
        return _old_form_year(int(self.digits[:2]))

    def __str__(self) -> str:
        return self.patent_number


def _old_form_year(yy: int) -> int:
    """Two-digit year of an 8-digit application number: the old form ran 1985 to 2003."""
    return 1900 + yy if yy >= 85 else 2000 + yy


def patent_check_char(digits: str) -> str:
    """The check character of a 12- or 8-digit application number.

    Digits times weights 2,3,4,5,6,7,8,9,2,3,4,5 (the first eight for the old form),
    sum mod 11; a remainder of 10 is written X — the remainder itself, not 11 minus it.
    """
    if len(digits) not in (8, 12) or not digits.isascii() or not digits.isdigit():
        raise ValidationError(f"专利申请号应为 12 位或 8 位数字，实为“{digits}”")
    # The digits' code points times the weights, less '0' (48) times the weights used:
    # a fifth of the cost of int() per digit, and importing 10,000 rows checks each twice.
    weighted = sum(map(mul, digits.encode(), _PATENT_WEIGHTS))
    remainder = (weighted - 48 * _WEIGHT_SUMS[len(digits)]) % 11
    return "X" if remainder == 10 else str(remainder)


# Importing a table parses each number three times (reading the cell, storing its
# canonical form, checking it against the plan): valid numbers typed as text are kept
# here, so the second and third parse are a lookup. Only valid ones, which stay valid
# as time passes (a refusal may name a filing year still to come); a refusal is parsed
# again.
_PATENT_MEMO: dict[str, PatentNumber] = {}
_PATENT_MEMO_MAX = 1 << 14


def parse_patent_number(text: object) -> PatentNumber:
    """A patent or application number as written on certificates and in sheets.

    Accepts an optional ZL/CN prefix (any case), spaces anywhere ("ZL 2021 1 0123456.7"),
    full-width characters, a dash for the dot before the check character
    ("ZL202110123456-7") and a missing dot. The check character is checked all the same. A number without
    its check character is incomplete and refused.
    """
    if type(text) is not str:
        return _parse_patent_number(text)
    number = _PATENT_MEMO.get(text)
    if number is None:
        number = _parse_patent_number(text)
        if len(_PATENT_MEMO) >= _PATENT_MEMO_MAX:
            _PATENT_MEMO.clear()
        _PATENT_MEMO[text] = number
    return number


# A valid number of the new form as most are written (ZL202110123456.7, CN…, spaced, no
# dot), in ASCII: recognised in one expression, without the general path's steps. Any
# other text, or any refusal, goes the general way (which says why): the same number at
# half the cost (the check parses 80,000; tests/test_validate.py compares both ways).
_ASCII_NEW_FORM = re.compile(r"(?:ZL|CN)?([0-9]{12})\.?([0-9X])")


def _valid_ascii_number(text: str) -> PatentNumber | None:
    match = _ASCII_NEW_FORM.fullmatch("".join(text.split()).upper())
    if match is None:
        return None
    body, check = match.groups()
    if (body[4] not in _KINDS or int(body[:4]) < 2003 or patent_check_char(body) != check
            or _after_today(date(int(body[:4]), 1, 1))):
        return None
    return PatentNumber(body, check)


def _parse_patent_number(text: object) -> PatentNumber:
    if type(text) is str and text.isascii():
        number = _valid_ascii_number(text)
        if number is not None:
            return number
    raw = normalize_text(text)
    compact = fold_dashes(without_label(raw, "patent")).replace(" ", "").upper()
    if not raw:
        raise ValidationError(f"未填写专利号，{_PATENT_EXAMPLE}")
    publication = _publication_number(compact)
    if publication:
        raise ValidationError(publication)
    match = _PATENT_BODY.match(compact)
    if not match:
        raise ValidationError(f"无法识别的专利号：{raw}，应写成{_PATENT_EXAMPLE}")
    body, dot, check = match.group(1), match.group(2), match.group(3) or ""
    if not check and not dot and len(body) in (9, 13):
        body, check = body[:-1], body[-1]
    if len(body) not in (8, 12):
        raise ValidationError(
            f"专利号位数不对：{raw}，应为 12 位数字（2003 年 10 月起）或 8 位数字，"
            f"再加一位校验位，{_PATENT_EXAMPLE}"
        )
    if not check:
        raise ValidationError(
            f"专利号缺少校验位：{raw}，请照证书填写小数点后的一位，{_PATENT_EXAMPLE}"
        )
    number = PatentNumber(body, check)
    position = 5 if len(body) == 12 else 3
    if number.type_digit not in _KINDS:
        raise ValidationError(
            f"专利号第 {position} 位是专利类型，应为 1、2、3、8 或 9，实为 {number.type_digit}，"
            "请核对证书"
        )
    year = number.filing_year
    if len(body) == 12 and (year < 2003 or _after_today(date(year, 1, 1))):
        raise ValidationError(f"专利号中的申请年份 {year} 不对，请核对证书")
    if len(body) == 8 and not (int(body[:2]) >= 85 or int(body[:2]) <= 3):
        raise ValidationError(
            f"8 位专利申请号只用于 1985—2003 年，“{body[:2]}”不是其中的年份，请核对证书"
        )
    expected = patent_check_char(body)
    if check != expected:
        raise ValidationError(f"专利号校验位应为 {expected}，实为 {check}，请核对证书")
    return number


def recovered_patent_number(text: object) -> str | None:
    """The patent number (ZL….c) whose application number a typed number gives, its check
    character aside: missing (ZL202110147147) or wrong (ZL202110147147.5) — the number
    the same patent's paper has when written right. None when no application number reads
    from it (a publication number, too few digits, a type digit or year no number has).

    What a duplicate is found by: a paper missing its check character is still the
    registered paper's patent, a first inventor's claim on it still a dispute."""
    try:
        return parse_patent_number(text).patent_number
    except ValidationError:
        pass
    raw = normalize_text(text)
    compact = fold_dashes(without_label(raw, "patent")).replace(" ", "").upper()
    if not compact or _publication_number(compact):
        return None
    match = _PATENT_BODY.match(compact)
    if not match:
        return None
    body, dot, check = match.group(1), match.group(2), match.group(3) or ""
    if not check and not dot and len(body) in (9, 13):
        body = body[:-1]
    if len(body) not in (8, 12):
        return None
    try:
        return parse_patent_number(f"{body}.{patent_check_char(body)}").patent_number
    except ValidationError:  # its type digit or year is no number's
        return None


def lacking_check_char(text: object) -> PatentNumber | None:
    """The number ``text`` gives once completed, when all it lacks is its check character
    (ZL202110100111, ZL 2021 1 0100111): the 12 (or 8) digits are the application's, its
    type digit and year are a number's, and the check character is theirs to compute
    (:func:`patent_check_char`). None for any other text, a wrong check character among
    them: the certificate's digit missing is a fact to send, not a number refused."""
    if type(text) is str and _PATENT_MEMO.get(text) is not None:
        return None
    raw = normalize_text(text)
    compact = fold_dashes(without_label(raw, "patent")).replace(" ", "").upper()
    if not compact or _publication_number(compact):
        return None
    match = _PATENT_BODY.match(compact)
    if not match or match.group(3) or len(match.group(1)) not in (8, 12):
        return None
    body = match.group(1)
    try:
        return parse_patent_number(f"{body}.{patent_check_char(body)}")
    except ValidationError:  # its type digit or year is no number's
        return None


def tidy_patent_number(text: str) -> str:
    """A typed patent number as the register keeps it when it lacks only its check
    character: ZL and the digits, no spaces (ZL 2021 1 0100111 → ZL202110100111), as the
    list shows the others; any other text as it is."""
    number = lacking_check_char(text)
    return f"ZL{number.digits}" if number is not None else text


def _publication_number(compact: str) -> str | None:
    """Why ``compact`` (a patent number field's text, spaces out, upper case) is a
    publication number and not the patent number, or None. Without its kind code only with
    CN, and only where it cannot be an old 8-digit application number with its check digit
    (whose first two digits are a year from 85 to 03)."""
    match = _PUBLICATION.match(_PUBLICATION_LABEL.sub("", compact))
    if match is None:
        return None
    prefix, digits, kind = match.groups()
    kind = kind or ""
    if not kind and (not prefix or (len(digits) == 9 and (int(digits[:2]) >= 85
                                                          or int(digits[:2]) <= 3))):
        return None
    shown = f"CN{digits}{kind}"
    what = _PUBLICATION_ZH.get(kind[:1], "授权公告号")
    return (f"这是{what}（{shown}），不是专利号：请填专利证书上的专利号（ZL 加申请号），"
            f"{_PATENT_EXAMPLE}")


def shown_patent_number(raw: str, canonical: str | None = None) -> str:
    """A patent number as the lists show it and every message quotes it: ZL202110123456.7
    however it was typed (202110123456.7, ZL 2021 1 0123456.7, full-width), from
    ``canonical`` when the register has it; a number that does not read as one as typed,
    normalized (full-width as ASCII). The register keeps the paper's own writing beside
    it (``patent_number_raw``), shown in the form and the trail."""
    if canonical:
        return canonical
    if not raw or not raw.strip():
        return ""
    try:
        return parse_patent_number(raw).patent_number
    except ValidationError:
        return normalize_text(raw)


# -- resident identity card (GB 11643-1999) ---------------------------------
# An ID or card copied from a number column of Excel as it shows it: 6.53101E+17.
_SCIENTIFIC = re.compile(r"^\d(?:\.\d+)?E\+?\d+$")


def scientific_number(number: str) -> str | None:
    """Why ``number`` (spaces out, upper case), copied from a number column of Excel as it
    shows it (6.53101E+17), cannot be registered, or None: one message, the form's ID and
    card fields and the import's columns alike."""
    if not _SCIENTIFIC.match(number):
        return None
    return (f"号码 {number} 是 Excel 以科学计数法显示的数字（从数字格式的列复制而来），完整号码已丢失，"
            "无法登记：请照原件填写完整号码（在 Excel 中须先把该列设为文本格式，重新填写完整号码）")

def check_resident_id(text: object) -> str:
    """An 18-character resident ID: canonical uppercase form.

    Checks length, digits, the GB 11643 check character (stdnum.cn.ric) and that the
    birth date is a real date, not before 1900 and not in the future. The region code
    is not looked up: stdnum's table misses newer codes, and the check character already
    catches any single mistyped digit. A 15-digit pre-1999 ID is read as the 18-digit
    number it became (``old_ids``): the register keys people by that one.
    """
    if type(text) is str and text.isascii() and text.isalnum():
        raw = text  # no space, no dash: normalize_text and _compact would leave it as it is
        number = text.upper()
    else:
        raw = without_label(normalize_text(text), "id")
        number = _compact(raw).upper()
    if not number:
        raise ValidationError("未填写身份证号")
    if scientific := scientific_number(number):
        raise ValidationError(scientific)
    if is_old_id(number):  # the pre-1999 number: checked as the 18-digit one it became
        return check_resident_id(to_18(number))
    if len(number) != 18:
        raise ValidationError(f"身份证号应为 18 位，实为 {len(number)} 位：{mask_id(raw)}")
    if not (number[:17].isascii() and number[:17].isdigit()) or number[17] not in "0123456789X":
        raise ValidationError(f"身份证号前 17 位应为数字、末位为数字或 X：{mask_id(raw)}")
    expected = _ric_check_digit(number)
    if number[17] != expected:
        raise ValidationError(f"身份证号校验位应为 {expected}，实为 {number[17]}，请核对")
    _id_birth_date(number)
    return number


_ric_calc: Callable[[str], str] | None = None


def _ric_check_digit(number: str) -> str:
    """stdnum.cn.ric's check character (≈ 1 µs, as fast as a hand-written sum here), stdnum
    imported at the first ID checked: it brings pydoc and ssl (≈ 30 ms) into any process
    that imports this module, among them the window's first screen, which needs none of it."""
    global _ric_calc
    if _ric_calc is None:
        from stdnum.cn import ric

        _ric_calc = ric.calc_check_digit
    return _ric_calc(number)


# The latest day read from the clock: a date not after it is not after today either (days
# only move on), so the check asks the clock only for a date past it — date.today() is
# ≈ 1 µs and an ID and a patent number each asked it for every application.
_latest_today = date.min


def _after_today(day: date) -> bool:
    global _latest_today
    if day <= _latest_today:
        return False
    _latest_today = date.today()
    return day > _latest_today


def _id_birth_date(number: str) -> date:
    y, m, d = int(number[6:10]), int(number[10:12]), int(number[12:14])
    try:
        born = date(y, m, d)
    except ValueError:
        raise ValidationError(
            f"身份证号中的出生日期 {number[6:14]} 不存在，请核对"
        ) from None
    if y < 1900 or _after_today(born):
        raise ValidationError(f"身份证号中的出生日期 {born.isoformat()} 不对，请核对")
    return born


def resident_id_birth_date(id18: str) -> date:
    """The birth date in a resident ID (checked with :func:`check_resident_id` first)."""
    return _id_birth_date(check_resident_id(id18))


# -- unified social credit code (GB 32100-2015) ---------------------------------
def check_credit_code(text: object) -> str:
    """An 18-character unified social credit code, canonical uppercase (stdnum.cn.uscc)."""
    raw = normalize_text(text)
    code = _compact(raw).upper()
    if not code:
        raise ValidationError("未填写统一社会信用代码")
    from stdnum.cn import uscc  # at first use, as for the resident ID
    from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
    from stdnum.exceptions import ValidationError as StdnumError

    try:
        return uscc.validate(code)
    except InvalidLength:
        raise ValidationError(
            f"统一社会信用代码应为 18 位，实为 {len(code)} 位：{raw}"
        ) from None
    except InvalidChecksum:
        expected = uscc.calc_check_digit(code)
        raise ValidationError(
            f"统一社会信用代码校验位应为 {expected}，实为 {code[-1]}，请核对"
        ) from None
    except (InvalidFormat, StdnumError):
        raise ValidationError(
            f"统一社会信用代码格式不对：{raw}，前 8 位应为数字，且不含字母 I、O、Z、S、V"
        ) from None


# -- union mutual-aid service card ---------------------------------------------------
LUHN_WARNING = "卡号末位校验位不符，请核对；部分借记卡不符合此校验，确认无误可保留"


_DOUBLED = str.maketrans("0123456789", "0246813579")  # 2d, less 9 when above 9


def _luhn_valid(digits: str) -> bool:
    """The Luhn check of an ASCII-digit string, as stdnum.luhn.is_valid but ≈ 6× faster
    (a tenth of `boostdesk check` went into stdnum's general-alphabet version)."""
    backwards = digits[::-1]
    total = sum(backwards[0::2].encode()) + sum(backwards[1::2].translate(_DOUBLED).encode())
    return (total - 48 * len(digits)) % 10 == 0


def check_union_card(text: object) -> tuple[str, list[str]]:
    """A 工会会员互助服务卡 number: (digits, warnings).

    16–19 digits after removing spaces and dashes. Some real debit cards fail Luhn, so a
    Luhn failure is a warning in the list, never a refusal.
    """
    if type(text) is str and text.isascii() and text.isalnum():
        raw = number = text  # no space, no dash: normalize_text and _compact change nothing
    else:
        raw = without_label(normalize_text(text), "card")
        number = _compact(raw)
    if not number:
        raise ValidationError("未填写工会会员互助服务卡号")
    if scientific := scientific_number(number.upper()):
        raise ValidationError(scientific)
    if not (number.isascii() and number.isdigit()):
        raise ValidationError(_card_not_digits(raw, number))
    if not 16 <= len(number) <= 19:
        raise ValidationError(f"卡号应为 16—19 位数字，实为 {len(number)} 位：{mask_card_grouped(raw)}")
    warnings = [] if _luhn_valid(number) else [LUHN_WARNING]
    return number, warnings


def _card_not_digits(raw: str, number: str) -> str:
    """Why a card number with other characters is refused, in a whole sentence: which
    characters are not digits (a letter is no card's secret) and the digits masked; of
    text without a digit (abc) the masked digits were nothing, and it said "卡号只能包含数字："
    and no more."""
    fix = "请照工会会员互助服务卡填写 16—19 位数字"
    if not any(ch.isascii() and ch.isdigit() for ch in number):
        shown = raw if len(raw) <= 12 else raw[:12] + "…"
        return f"卡号只能包含数字，所填“{shown}”中没有数字：{fix}"
    others = "".join(dict.fromkeys(ch for ch in number if not (ch.isascii() and ch.isdigit())))
    shown = others if len(others) <= 6 else others[:6] + "…"
    return f"卡号只能包含数字，所填 {mask_card_grouped(raw)} 中有非数字字符“{shown}”：{fix}"


# -- telephone numbers --------------------------------------------------------------
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Three-digit area codes are exactly 010 and 020-029; all others have four digits.
_LANDLINE = re.compile(r"^(010|02\d|0[3-9]\d{2})([2-9]\d{6,7})$")
_BEIJING_LOCAL = re.compile(r"^[2-9]\d{7}$")
_EXTENSION_WORD = re.compile(r"^(.*?)\s*(?:转|分机|EXT\.?|X)\s*(\d{1,6})$", re.IGNORECASE)
_EXTENSION_DASH = re.compile(r"^(.*\d)\s*-\s*(\d{1,6})$")
_PHONE_EXAMPLE = "请填写 11 位手机号或带区号的固定电话，如 010-83570885"


def check_phone(text: object) -> str:
    """A contact telephone number, normalized.

    Mobile: 1[3-9] and 9 more digits, optional +86/0086/86 prefix -> "13800138000".
    Landline: area code + 7–8 digits, with or without dash, dots or parentheses
    -> "010-83570885"; an 8-digit number alone is taken as Beijing -> "010-83570885".
    An extension is kept on landlines ("83570885转123", "010-83570885-123", "分机 123",
    "ext 123" -> "010-83570885转123") and refused on mobiles. A note in brackets after
    it goes (13800138000（微信同号）); of two numbers (13800138000/010-83570885) the first
    is read, :func:`phone_read_note` says so.
    """
    if (type(text) is str and len(text) == 11 and text.isascii() and text.isdigit()
            and text[0] == "1" and text[1] in "3456789"):
        return text  # a mobile as stored: what the steps below make of it (import: twice a row)
    return _phones(text)[0]


def phone_read_note(text: object) -> str | None:
    """What reading ``text`` as one telephone number left out, when it gave more than one:
    said beside the form's field and on the import's row (the first is what is stored)."""
    try:
        numbers = _phones(text)
    except ValidationError:
        return None
    if len(numbers) < 2:
        return None
    return (f"填了 {len(numbers)} 个号码，只登记第一个 {numbers[0]}（{'、'.join(numbers[1:])} "
            "未登记，如需留存请写在备注中）")


# A note in brackets after a number, without a digit (（微信同号）, (办公)); NFKC made the
# full-width brackets ASCII
_PHONE_NOTE = re.compile(r"\s*\([^()\d]*\)\s*$")
# Between two numbers written in one field: 13800138000/010-83570885, 、 , ; 或, a space
_PHONE_SPLIT = re.compile(r"\s*(?:[/、,;]|或)\s*|\s+")


def _phones(text: object) -> list[str]:
    """The telephone numbers ``text`` reads as, the one to store first: the whole text as
    one number, else without its note in brackets, else each of its parts (all of them
    numbers). Refused as the whole text is, when none of these reads."""
    raw = without_label(fold_dashes(normalize_text(text)), "phone")
    if not raw:
        raise ValidationError("未填写电话号码")
    try:
        return [_one_phone(raw)]
    except ValidationError as exc:
        refused = exc
    bare = _PHONE_NOTE.sub("", raw)
    if bare and bare != raw:
        try:
            return [_one_phone(bare)]
        except ValidationError:
            pass
    parts = [_PHONE_NOTE.sub("", p) for p in _PHONE_SPLIT.split(raw) if p]
    if len(parts) > 1 and all(parts):
        try:
            return [_one_phone(p) for p in parts]
        except ValidationError:
            pass
    raise refused


def _one_phone(raw: str) -> str:
    match = _EXTENSION_WORD.match(raw)
    if match:
        return _phone_with_extension(raw, match.group(1), match.group(2))
    result = _phone_core(raw)
    if result is not None:
        return result
    refused = not_a_phone(raw)
    if refused:
        raise ValidationError(refused)
    match = _EXTENSION_DASH.match(raw)
    if match:
        return _phone_with_extension(raw, match.group(1), match.group(2))
    raise ValidationError(f"无法识别的电话号码：{mask_text(raw)}，{_PHONE_EXAMPLE}")


_PHONE_PREFIX = re.compile(r"^(?:\+|00)86")


def not_a_phone(text: object) -> str | None:
    """Why ``text``, typed as a telephone number, is another number, or None: a resident
    ID or a card number (an Excel row's cells one column off; stored, the 联系电话 cell
    printed it whole on every masked copy), or a number from 1 the wrong length for a
    mobile (1310013100: a digit lost). The importer refuses such a cell, the form such a
    field; other text that reads as no phone the importer keeps as written."""
    raw = without_label(fold_dashes(normalize_text(text)), "phone")
    compact = re.sub(r"[\s\-().]", "", raw).upper()
    if not compact:
        return None
    if _looks_like_id(compact):
        return (f"这是身份证号，不是电话：{mask_id(compact)}。身份证号请填在“身份证号”栏，"
                "这里填联系电话")
    if not compact.isascii():
        return None
    if compact.isdigit() and 16 <= len(compact) <= 19:
        return (f"这是卡号，不是电话：{mask_card_grouped(compact)}。卡号请填在“工会会员互助服务卡号”栏，"
                "这里填联系电话")
    mobile = _PHONE_PREFIX.sub("", compact)
    if (mobile.isdigit() and _MOBILE_START.match(mobile) and len(mobile) != 11
            and len(mobile) < 15):
        return f"手机号应为 11 位，实为 {len(mobile)} 位：{raw}，请核对是否少写或多写了一位"
    return None


_MOBILE_START = re.compile(r"^1[3-9]\d")

# digits as a free line holds them, a single space or dash allowed between (an ID written
# 110105 19800101 0016, a card in fours, two phones side by side), an ID's X at the end
_NUMBER_RUN = re.compile(r"(?<![0-9])\d(?:[ -]?\d)*[Xx]?(?![0-9])")


def not_a_contact(text: object) -> str | None:
    """Why a free contact line (an expert's 联系方式: phones, an e-mail, words) holds a
    resident ID or a card number, or None: as :func:`not_a_phone` refuses them in a
    telephone field (a list shows the contact)."""
    for _start, _end, kind, number in _contact_numbers(fold_dashes(normalize_text(text))):
        if kind == "id":
            return (f"联系方式中有身份证号：{mask_id(number)}。联系方式请填电话或电子邮箱，"
                    "身份证号不要填在这里")
        return (f"联系方式中有卡号：{mask_card_grouped(number)}。联系方式请填电话或电子邮箱，"
                "卡号不要填在这里")
    return None


def mask_contact(text: str) -> str:
    """A contact line as a list shows it: an ID or card number :func:`not_a_contact` finds
    (one stored before it refused them) masked, the phones beside it whole. mask_text
    would take a landline and a mobile side by side (83570885 13811112222: 19 digits) for
    a card."""
    out = text
    for start, end, kind, number in reversed(list(_contact_numbers(text))):
        out = out[:start] + (mask_id(number) if kind == "id" else mask_card_grouped(number)) + out[end:]
    return out


def _contact_numbers(text: str) -> Iterator[tuple[int, int, str, str]]:
    """Each ID or card number in a free line: (start, end, "id" | "card", its digits). A
    number is looked at whole, else piece by piece (13722223333 110101196501011234 is a
    phone and an ID); grouped digits are an ID only when 18 of them, a card only in fours."""
    for m in _NUMBER_RUN.finditer(text):
        pieces = [(p.start() + m.start(), p.end() + m.start(), p.group(0).upper())
                  for p in re.finditer(r"[^ -]+", m.group(0))]
        whole = "".join(p for _s, _e, p in pieces)
        in_fours = all(len(p) == 4 for _s, _e, p in pieces[:-1])
        found = _id_or_card(whole, len(pieces) == 1 or len(whole) == 18, in_fours)
        if found:
            yield m.start(), m.end(), found, whole
            continue
        for start, end, piece in pieces if len(pieces) > 1 else ():
            if found := _id_or_card(piece, True, True):
                yield start, end, found, piece


def _id_or_card(number: str, as_id: bool, as_card: bool) -> str | None:
    if as_id and _looks_like_id(number):
        return "id"
    if as_card and number.isdigit() and 16 <= len(number) <= 19:
        return "card"
    return None


def _looks_like_id(compact: str) -> bool:
    """A resident ID, its check character right or not: 17 digits whose 7th to 14th are a
    birth date, and a digit or X (a card number's digits are no date); a valid 15-digit
    pre-1999 one."""
    if is_old_id(compact):
        compact = to_18(compact)
    if len(compact) != 18 or not (compact[:17].isascii() and compact[:17].isdigit()):
        return False
    if compact[17] not in "0123456789X":
        return False
    try:
        _id_birth_date(compact)
    except ValidationError:
        return False
    return True


# -- what the register stores -------------------------------------------------------
def person_key(id_number: object) -> str:
    """A resident ID as the register keys people by it: no spaces or dashes, upper-case
    (an ID typed as printed, 110105 19800101 0016, is the same person's)."""
    if type(id_number) is str and id_number.isascii() and id_number.isalnum():
        # as stored: the rules key every application by it; the stored string itself, not
        # a copy per paper (thousands of keys held at once by an import's re-check)
        return id_number if id_number.isdigit() or id_number.isupper() else id_number.upper()
    return _compact(without_label(normalize_text(id_number), "id")).upper()


_SPACE_BY_HANZI = re.compile(r" (?=[\u3000-\u9fff\uff00-\uffef])|(?<=[\u3000-\u9fff]) ")
# The separator of a transliterated name (买买提·艾力) as keyboards give it: a full stop, a
# bullet, the katakana, Greek or Korean middle dot. Between two hanzi each is the one the ID card
# and the bank write, U+00B7; else the same person reads as renamed and a transfer fails.
# Hanzi: Extension A, the unified block, the compatibility ideographs and Extensions B–H
# (王𠈌, 𠈌.艾力: a rare first character of a transliterated name is still a hanzi).
_HANZI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
# A Korean input method's dot (U+318D ㆍ, which NFKC makes U+119E ᆞ): no shipped font has
# the latter, and 买买提ㆍ艾力 printed as 买买提〓艾力.
_DOTS = ".\u00b7\u2022\u2027\u2219\u22c5\u2e31\u30fb\u3002\u318d\u119e"
# The dot first, the hanzi before it looked behind from there: the engine then skips to
# each dot at C speed, where a pattern opening with a look-behind tried every position
# (a search text's or a name's; the same matches, tests/test_import_speed.py).
_NAME_DOT = re.compile(f"[{_DOTS}](?<=[{_HANZI}][{_DOTS}])(?=[{_HANZI}])")
# A dot typed at a search fragment's edge next to a hanzi (买买提. while typing 买买提.艾力)
_EDGE_DOT = re.compile(f"^[{_DOTS}]+(?=[{_HANZI}])|(?<=[{_HANZI}])[{_DOTS}]+$")


_HAS_HANZI = re.compile(f"[{_HANZI}]")
_FULL_WIDTH_BRACKETS = str.maketrans("()", "（）")
_HALF_WIDTH_BRACKETS = str.maketrans("（）", "()")


def tidy_name(text: object) -> str:
    """A union's, enterprise's, studio's or person's name as stored and matched:
    normalized, without the spaces next to Chinese characters (王海燕 职工创新工作室 is
    王海燕职工创新工作室, 黄  志成 as a paper aligns it is 黄志成; the space in 5G Lab stays),
    a dot between two hanzi the middle dot (买买提.艾力 is 买买提·艾力), and the brackets of
    a name holding hanzi full-width whichever were typed (北京新疆(集团)有限公司 is
    北京新疆（集团）有限公司, as its licence and bank account write it: a payment list naming
    the payee otherwise risks a returned transfer); a Latin name's stay ASCII (5G Lab (Beijing))."""
    if type(text) is str:
        return " ".join(text.split()) if text.isascii() else _tidy_unicode_name(text)
    return _tidy_name(text)


# An import of 10,000 rows tidies 70,000 names, 9,000 of them distinct (every row's union
# and enterprise again): remembered, ≈ 0.2 s of its 2 s.
@lru_cache(maxsize=1 << 16)
def _tidy_unicode_name(text: str) -> str:
    return _tidy_name(text)


def _tidy_name(text: object) -> str:
    name = _NAME_DOT.sub("\u00b7", _SPACE_BY_HANZI.sub("", normalize_text(text)))
    # After the spaces: a name's only change is its brackets, so no two names stored
    # before (NFKC wrote them ASCII) become one (migration 14).
    # (a name without brackets kept as it is, not copied: remembered, an import's 9,000)
    return name.translate(_FULL_WIDTH_BRACKETS) if ("(" in name or ")" in name) \
        and _HAS_HANZI.search(name) else name


# Runs of hanzi parted by spaces: 阿依古丽 买买提 (a transliterated name, its dot typed as a space)
_SPACED_HANZI = re.compile(f"^[{_HANZI}]+(?: +[{_HANZI}]+)+$")
DOTTED_FROM = 5  # a joined name this long is likelier two parts than 黄 志成 aligned on paper


def spaced_name_dot(text: object) -> str | None:
    """The name with a middle dot where a space parts two runs of hanzi (阿依古丽 买买提:
    阿依古丽·买买提), when joined it has DOTTED_FROM characters or more: a minority's name
    whose dot was typed as a space, which :func:`tidy_name` would join without a word
    (阿依古丽买买提) — the ID card and the bank write the dot. None for any other name (黄
    志成 as a paper aligns it is joined, as ever)."""
    # str.split() parts on every space, not the ASCII one only: the input method's
    # full-width space (阿依古丽　买买提) and a line break pasted from a document part the
    # name as much, and were joined without a word
    if type(text) is not str or text.isascii() or len(text.split()) < 2:
        return None
    name = normalize_text(text)
    if not _SPACED_HANZI.match(name) or len(name.replace(" ", "")) < DOTTED_FROM:
        return None
    return "\u00b7".join(name.split(" "))


def same_name(one: object, other: object) -> bool:
    """Whether two spellings are one person's name: the same once tidied
    (:func:`tidy_name`: 买买提・艾力 is 买买提·艾力) and with or without the middle dot
    (买买提艾力 is 买买提·艾力 — a table or a paper leaving the dot out names him as his ID
    card does). The register keeps the spelling it has for such a name: not a rename."""
    a, b = tidy_name(one), tidy_name(other)
    return a == b or (a.replace("\u00b7", "") == b.replace("\u00b7", "") and bool(a))


def fold_name_brackets(text: str) -> str:
    """``text``'s brackets as :func:`tidy_name` stores a name's: full-width when it holds
    hanzi, else ASCII. What a completer matches a fragment typed either way with (北京新疆(
    finds 北京新疆（集团）有限公司)."""
    if text.isascii():
        return text
    if _HAS_HANZI.search(text):
        return text.translate(_FULL_WIDTH_BRACKETS)
    return text.translate(_HALF_WIDTH_BRACKETS)


def fold_name_dots(text: str) -> str:
    """``text`` with each dot between two hanzi written as the middle dot U+00B7, as
    :func:`tidy_name` stores a name: what the search box matches and is matched against
    (买买提.艾力, 买买提・艾力 and 买买提•艾力 all find 买买提·艾力)."""
    return text if text.isascii() else _NAME_DOT.sub("\u00b7", text)


def search_fragment(term: str) -> str:
    """A search fragment folded as :func:`fold_name_dots` folds the texts searched, a dot
    at its edge next to a hanzi left out: 买买提. (half typed) finds what 买买提 finds."""
    return term if term.isascii() else _EDGE_DOT.sub("", fold_name_dots(term))


def tidy_card(text: object) -> str:
    """A card number as stored: its digits when it reads as one, else the text as typed."""
    if type(text) is str:
        return _tidy_card_text(text)
    try:
        return check_union_card(text)[0]
    except ValidationError:
        return normalize_text(text)


@lru_cache(maxsize=1 << 16)  # a year's cards, tidied at every check (the shared-card rule)
def _tidy_card_text(text: str) -> str:
    try:
        return check_union_card(text)[0]
    except ValidationError:
        return normalize_text(text)


def tidy_phone(text: object) -> str:
    """A telephone number as stored: normalized when it reads as one, else as typed."""
    try:
        return check_phone(text)
    except ValidationError:
        return normalize_text(text)


def _phone_with_extension(raw: str, main: str, extension: str) -> str:
    number = _phone_core(main)
    if number is None:
        raise ValidationError(f"无法识别的电话号码：{raw}，{_PHONE_EXAMPLE}")
    if _MOBILE.match(number):
        raise ValidationError(f"手机号不能带分机号：{raw}")
    return f"{number}转{extension}"


def _phone_core(text: str) -> str | None:
    digits = re.sub(r"[\s\-().]", "", text)  # 138.0013.8000: dots group it as dashes do
    international = False
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits, international = digits[len(prefix):], True
            break
    else:
        if len(digits) == 13 and digits.startswith("86") and _MOBILE.match(digits[2:]):
            digits = digits[2:]
    if not digits.isascii() or not digits.isdigit():
        return None
    if _MOBILE.match(digits):
        return digits
    if international and not digits.startswith("0"):
        digits = "0" + digits
    match = _LANDLINE.match(digits)
    if match:
        return f"{match.group(1)}-{match.group(2)}"
    if not international and _BEIJING_LOCAL.match(digits):
        return f"010-{digits}"
    return None


# -- dates --------------------------------------------------------------------------
_EXCEL_EPOCH = date(1899, 12, 30)  # 1900 system; serials > 60 skip Excel's fake 1900-02-29
_SERIAL_MAX = 2958465  # 9999-12-31
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DATE_PATTERNS = (
    re.compile(rf"^(\d{{4}})([-/.])(\d{{1,2}})\2(\d{{1,2}})[日号]?{_TIME}$"),  # 2021-3-5日 too
    re.compile(r"^(\d{4})()年(\d{1,2})月(\d{1,2})[日号]?$"),
    re.compile(r"^(\d{4})()(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})( )(\d{1,2}) (\d{1,2})$"),  # 2021 3 5
)
# A two-digit year, as clerks write dates on paper: 22-3-5, 22.3.5, 22/3/5, 22年3月5日 (the
# century: :func:`_short_year_century`). Only year first and two digits of it: 1-12-21 or
# 3/5/21 could be read as a day or a month first, and stays refused.
_SHORT_YEAR_PATTERNS = (
    re.compile(r"^(\d{2})([-/.])(\d{1,2})\2(\d{1,2})[日号]?$"),
    re.compile(r"^(\d{2})()年(\d{1,2})月(\d{1,2})[日号]?$"),
)
# A two-digit year is of this century up to this many years after today's, else of the
# last, as Excel and Python's %y read one against a pivot (theirs fixed: 29, 68): 99-3-5
# was read 2099-03-05. The plan's dates furthest ahead, a project's planned completion,
# are two or three years after its campaign's, which is never after today's.
SHORT_YEAR_AHEAD = 5
_DATE_SPACES = re.compile(r"\s*([-/.年月日号])\s*")  # 2021 年 3 月 5 日, 2021. 3. 5
# 、, 。 and ， typed for the dot by a Chinese input method (2021、3、5, 2021。3。5,
# 2022，10，28: NFKC has made the last an ASCII comma by then)
_DATE_DOTS = str.maketrans({"、": ".", "。": ".", ",": "."})
_DATE_END = re.compile(r"(?<=[\d日号])\.$")  # 2021.03.05. (a sentence's full stop)
_DATE_HINT = "请写成 2021-03-05"
# A month and day without the year, as a clerk writes a 收件日期: 10月17日, 10.17, 10-17, 10/17
_NO_YEAR_PATTERNS = (
    re.compile(r"^(\d{1,2})[-/.](\d{1,2})[日号]?$"),
    re.compile(r"^(\d{1,2})月(\d{1,2})[日号]?$"),
)
# A day without its year is read into the season only this near it: farther (half a year
# off), either year is as likely, and a guessed year would be judged as typed.
SEASON_REACH = timedelta(days=120)
# 2021-06, 2021/6, 2021.6, 2021年6月, 202106: a month, where the plan's windows need the day
_YEAR_MONTH = re.compile(r"^(\d{4})(?:(?:[-/.]|年)(\d{1,2})月?|(\d{2}))$")
# A date in Chinese numerals, as a letter or a certificate writes it: 二〇二一年三月五日
# (〇, ○ or 零 for the nought; 十, 十一, 二十一, 三十 for the day).
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_NUMBER = re.compile("[〇○零一二三四五六七八九十]+")


def _cn_number(match: re.Match[str]) -> str:
    """One run of Chinese numerals as digits: a year digit by digit (二〇二一: 2021), a month
    or day with 十 by value (十一: 11, 二十一: 21); a run that is neither left as it is."""
    run = match.group(0)
    if "十" not in run:
        return "".join(str(_CN_DIGITS[c]) for c in run)
    tens, _, units = run.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        return run
    return str((_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0))


def parse_date(value: object, example: date | None = None,
               season: tuple[date, date] | None = None, month_end: bool = False) -> date:
    """A date as clerks type it, or as a spreadsheet stores it — the form's date fields and
    the import's date columns alike (``io.cell_readers``).

    ``example``: the date a refusal shows as the way to write it (the field's own 如 …,
    the campaign year's), else 2021-03-05. ``season``: the days such a date falls in (a
    收件日期: the plan's issue to its 报送截止日); a month and day without the year (10月17日,
    10.17, 10-17) is then read in the year that puts it in or near them
    (:func:`no_year_read` says how), and refused without one. ``month_end``: a date of a
    planned period (a project's 计划完成日期), where a month alone (2023年12月, 2023.12,
    2023-12, 202312) is an answer — completed by December 2023 — and is read as its last
    day (:func:`month_read` says how); any other date's month alone is refused: a 授权公告日
    or a 立项日期 is judged against the plan's windows, its day is on the paper.

    date/datetime objects; Excel serial numbers (1900 system; int, float, or a string of
    up to 7 digits) giving a year from 1950 to 2100; 8-digit 20210305; strings
    2021-03-05, 2021/3/5, 2021.3.5, 2021年3月5日, 2021年3月5号, 2021 3 5 (full-width
    allowed, spaces around the separators and long dashes too: 2021 年 3 月 5 日, 2021—3—5),
    an input method's 、, 。 or ， for the dot (2021、3、5, 2022，10，28), a full stop or 日 after the day
    (2021.03.05., 2021-3-5日) and Chinese numerals (二〇二一年三月五日); a two-digit year
    first, as 20YY up to SHORT_YEAR_AHEAD years after today's, else 19YY (22-3-5 is
    2022-03-05, 99-3-5 1999-03-05; 22.3.5, 22/3/5, 22年3月5日: :func:`short_year_read`
    says how it was read), but not a year last (1-12-21: which is the day?). A day that
    does not exist is refused quoting what was typed and why (“2021.13.5”：没有 13 月).
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValidationError(f"无法识别的日期：{value}，{_DATE_HINT}")
    if isinstance(value, int | float | Decimal):
        return _date_from_number(value)
    hint = f"请写成 {example.isoformat()}" if example else _DATE_HINT
    try:
        return _parse_date_text(value, season, month_end)
    except ValidationError as refused:
        if example is None:
            raise
        raise ValidationError(str(refused).replace(_DATE_HINT, hint)) from None


def _parse_date_text(value: object, season: tuple[date, date] | None,
                     month_end: bool = False) -> date:
    typed = text = normalize_text(value)
    if not text:
        raise ValidationError(f"未填写日期，{_DATE_HINT}")
    text = _date_text(text)
    month = _year_month(text)
    if month is not None:
        if month_end:
            return date(*month, calendar.monthrange(*month)[1])
        raise ValidationError(f"日期缺少日：{typed} 只有年和月，请照原件写出哪一天，{_DATE_HINT}")
    if text.isascii() and text.isdigit() and len(text) <= 7:
        return _date_from_serial(int(text), typed)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            y, m, d = int(match.group(1)), int(match.group(3)), int(match.group(4))
            return _make_date(y, m, d, typed)
    match = _short_year(text)
    if match:
        y, m, d = _short_year_century(int(match.group(1))), int(match.group(3)), int(match.group(4))
        return _make_date(y, m, d, typed)
    match = _no_year(text)
    if match:
        return _in_season(int(match.group(1)), int(match.group(2)), typed, season)
    raise ValidationError(f"无法识别的日期：{typed}，{_DATE_HINT}")


def _year_month(text: str) -> tuple[int, int] | None:
    """The year and month of ``text`` (folded by :func:`_date_text`) naming a month alone."""
    match = _YEAR_MONTH.match(text)
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2) or match.group(3))
    return (year, month) if 1900 <= year <= 2100 and 1 <= month <= 12 else None


def month_read(value: object) -> str | None:
    """How a month typed alone in a date of a planned period was read (2023年12月: “读作
    2023-12-31”, ``parse_date``'s ``month_end``), for the form to show beside it and the
    import to note; None for any other text."""
    typed = normalize_text(value)
    if not typed:
        return None
    month = _year_month(_date_text(typed))
    if month is None:
        return None
    return f"读作 {date(*month, calendar.monthrange(*month)[1]).isoformat()}"


def _no_year(text: str) -> re.Match[str] | None:
    return next((m for p in _NO_YEAR_PATTERNS if (m := p.match(text))), None)


def _in_season(month: int, day: int, typed: str, season: tuple[date, date] | None) -> date:
    """A month and day read in the year that puts it in or nearest ``season``."""
    missing = f"日期缺少年份：{typed}，请照原件写出年份，{_DATE_HINT}"
    if not 1 <= month <= 12:
        raise ValidationError(f"无法识别的日期：{typed}，{_DATE_HINT}")
    if season is None:
        raise ValidationError(missing)
    start, end = min(season), max(season)
    near: list[tuple[timedelta, date]] = []
    for year in range(start.year - 1, end.year + 2):
        try:
            day_then = date(year, month, day)
        except ValueError:
            continue
        off = start - day_then if day_then < start else day_then - end if day_then > end else timedelta()
        near.append((off, day_then))
    if not near:
        _make_date(end.year, month, day, typed)  # says why the day does not exist
    off, read = min(near)
    if off > SEASON_REACH:
        raise ValidationError(f"日期缺少年份：{typed} 离本年度收件时间较远，无法判断是哪一年，"
                              f"请照原件写出年份，{_DATE_HINT}")
    return read


def no_year_read(value: object, season: tuple[date, date] | None) -> str | None:
    """How a month and day typed without the year was read in ``season``
    (10月17日: “读作 2022-10-17”), for the form to show beside it; None otherwise."""
    typed = normalize_text(value)
    if not typed or season is None or not _no_year(_date_text(typed)):
        return None
    try:
        return f"读作 {parse_date(typed, season=season).isoformat()}"
    except ValidationError:
        return None


def _date_text(text: str) -> str:
    """Typed date text as the patterns read it: dashes, an input method's dots and commas, Chinese
    numerals and spaces around the separators folded, a full stop after the day dropped."""
    if not text.isascii() or " " in text or "," in text:
        text = fold_dashes(text).translate(_DATE_DOTS)
        if _CN_NUMBER.search(text):
            text = _CN_NUMBER.sub(_cn_number, text)
        text = _DATE_SPACES.sub(r"\1", text)
    return _DATE_END.sub("", text)


def _short_year(text: str) -> re.Match[str] | None:
    return next((m for p in _SHORT_YEAR_PATTERNS if (m := p.match(text))), None)


def _short_year_century(yy: int) -> int:
    """The year a two-digit ``yy`` names: 20yy up to SHORT_YEAR_AHEAD years after today's
    (a planned completion's 24), else 19yy (99: 1999, not 2099)."""
    year = 2000 + yy
    return year if year <= date.today().year + SHORT_YEAR_AHEAD else year - 100


def short_year_read(value: object) -> str | None:
    """How a date typed with a two-digit year is read (22-3-5: “读作 2022-03-05”), for the
    form to show beside it: the century is the reading's, the clerk should see it. None
    for any other text, or one that is no date."""
    typed = normalize_text(value)
    if not typed or not _short_year(_date_text(typed)):
        return None
    try:
        return f"读作 {parse_date(typed).isoformat()}"
    except ValidationError:
        return None


def _date_from_number(value: int | float | Decimal) -> date:
    shown = normalize_text(value)
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        raise ValidationError(f"无法识别的日期：{shown}，{_DATE_HINT}")
    whole = int(value)  # a fraction is the time of day
    if whole == value and 10_000_000 <= whole <= 99_999_999:
        return _make_date(whole // 10000, whole // 100 % 100, whole % 100, shown)
    return _date_from_serial(whole, shown)


def _date_from_serial(serial: int, shown: str) -> date:
    if 61 <= serial <= _SERIAL_MAX:
        result = _EXCEL_EPOCH + timedelta(days=serial)
        if 1950 <= result.year <= 2100:
            return result
    raise ValidationError(f"无法识别的日期：{shown}，{_DATE_HINT}")


def _make_date(y: int, m: int, d: int, shown: str) -> date:
    """The day, or why ``shown`` (as typed) names none: the month or the day it lacks."""
    if not 1900 <= y <= 2100:
        raise ValidationError(f"日期的年份 {y} 不对：{shown}，请核对")
    if not 1 <= m <= 12:
        raise ValidationError(f"“{shown}”：没有 {m} 月")
    days = calendar.monthrange(y, m)[1]
    if not 1 <= d <= days:
        if d == 0:
            raise ValidationError(f"“{shown}”：没有 0 日")
        leap = f"（{y} 年不是闰年）" if m == 2 and d == 29 else ""
        raise ValidationError(f"“{shown}”：{y} 年 {m} 月没有 {d} 日{leap}")
    return date(y, m, d)


def after_today(day: date, what: str) -> str | None:
    """Why ``what`` on ``day`` (a payment, a return, an acceptance, an objection) is
    refused as a day still to come, or None. The message names this computer's date: a
    clock set back refused the voucher's real day with nothing saying the clock was wrong."""
    today = date.today()
    if day <= today:
        return None
    return (f"{what} {day.isoformat()} 在今天之后（本机日期为 {today.isoformat()}），请核对；"
            "如本机日期不对，请先校正电脑的日期和时间")


# -- amounts ------------------------------------------------------------------------
_UNITS = {"元": Decimal(1), "万元": Decimal(10000)}
_AMOUNT_PREFIXES = ("人民币", "RMB", "CNY", "¥")
_AMOUNT_SUFFIXES = (
    ("万元整", "万元"), ("万元", "万元"), ("万", "万元"), ("元整", "元"), ("元", "元"),
)
_AMOUNT_NUMBER = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")
_FEN = Decimal("0.01")
_MAX_YUAN = Decimal(10) ** 12  # 1 万亿元: a pasted ID or card number, not an amount
_AMOUNT_HINT = {
    "元": "请填写数字，如 3000、3,000.00 或 3万",
    # in a field or column counted in 万元, 3000 is 3000 万元: its own examples
    "万元": "请填写以万元计的数字，如 30、2.5，或写明单位，如 300000元",
}


# An amount in Chinese numerals, ordinary (二十) or financial (贰拾): whole numbers with
# 十/百/千 and 万 (亿 is beyond any amount here). No library: cn2an returns floats and
# brings a dependency for the few forms a paper writes.
_CN_AMOUNT_DIGITS = {**{c: 0 for c in "〇○零"}, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2,
                     "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6,
                     "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
_CN_AMOUNT_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_AMOUNT = re.compile("^[" + "".join(_CN_AMOUNT_DIGITS) + "".join(_CN_AMOUNT_UNITS) + "万萬]+$")


def _cn_integer(text: str) -> int | None:
    """拾 10, 壹拾伍 15, 二十 20, 三百零五 305, 十二万五千 125000; None for what is no
    number written so (二三, 十十, 万)."""
    total = section = 0
    digit: int | None = None
    last_unit = 10_000  # each unit below the one before it within a 万 section
    for ch in text:
        if ch in _CN_AMOUNT_DIGITS:
            if digit is not None and digit != 0:  # 二三: digits side by side
                return None
            digit = _CN_AMOUNT_DIGITS[ch]
        elif ch in _CN_AMOUNT_UNITS:
            unit = _CN_AMOUNT_UNITS[ch]
            if unit >= last_unit or digit == 0 or (digit is None and (section or unit != 10)):
                return None
            section += (1 if digit is None else digit) * unit  # 十 alone: 一十
            digit, last_unit = None, unit
        else:  # 万
            if total or (digit is None and not section) or digit == 0 and not section:
                return None
            total = (section + (digit or 0)) * 10_000
            section, digit, last_unit = 0, None, 10_000
    if digit is not None and digit == 0 and not (total or section):
        return 0 if text in "〇○零" else None
    return total + section + (digit or 0)


# Digits before the paper's 千 and 万, as a clerk shortens it: 3千, 5万5千, 1.5千
_MIXED_PIECE = re.compile(r"(\d+(?:\.\d+)?)([十拾百佰千仟万萬])")


def _mixed_amount(body: str) -> Decimal | None:
    """3千 3000, 3千5百 3500, 5万5千 55000, 1.5千 1500; None for what is not written so
    (千3, 3千千, 5百3千: each unit below the one before it within a 万 section)."""
    total = section = Decimal(0)
    done, last_unit = 0, 10_000
    for match in _MIXED_PIECE.finditer(body):
        if match.start() != done:
            return None
        number = Decimal(match.group(1))
        unit = _CN_AMOUNT_UNITS.get(match.group(2), 10_000)
        if unit == 10_000:
            if total:
                return None
            total, section = (section + number) * 10_000, Decimal(0)
        elif unit >= last_unit:
            return None
        else:
            section += number * unit
        done, last_unit = match.end(), unit
    return total + section if done and done == len(body) else None


def parse_amount_fen(value: object, default_unit: str = "元") -> int:
    """An amount as clerks type it, in integer fen.

    ``default_unit`` is "元" or "万元" (a column headed 万元); a unit written in the cell
    wins. Strings: "3000", "3,000.00", "¥3,000", "3000元", "3万", "3万元", "人民币3000元",
    full-width allowed. Floats arrive only from spreadsheets: they are read through their
    shortest decimal text and rounded half-up to the fen. Anything else with a fraction
    below the fen is refused, as are negative amounts.
    """
    if default_unit not in _UNITS:
        raise ValueError(f"default_unit must be 元 or 万元, not {default_unit!r}")
    if isinstance(value, bool):
        raise ValidationError(f"无法识别的金额：{value}，{_AMOUNT_HINT[default_unit]}")
    unit = default_unit
    from_float = isinstance(value, float)
    if isinstance(value, int):
        amount = Decimal(value)
        shown = str(value)
    elif isinstance(value, float | Decimal):
        shown = repr(value) if from_float else str(value)
        if not math.isfinite(value):
            raise ValidationError(f"无法识别的金额：{shown}，{_AMOUNT_HINT[default_unit]}")
        amount = Decimal(repr(value)) if isinstance(value, float) else value
    else:
        shown = normalize_text(value)
        amount, unit = _amount_from_text(shown, default_unit)
    if amount < 0:
        raise ValidationError(f"金额不能为负数：{shown}")
    yuan = amount * _UNITS[unit]
    if yuan >= _MAX_YUAN:
        raise ValidationError(f"金额过大：{shown}，请核对")
    if from_float:
        yuan = yuan.quantize(_FEN, rounding=ROUND_HALF_UP)
    elif yuan != yuan.quantize(_FEN, rounding=ROUND_HALF_UP):
        in_yuan = f"（即 {yuan.normalize():f} 元）" if unit != "元" else ""
        raise ValidationError(f"金额精确到分：{shown}{in_yuan}有分以下的尾数，请核对")
    return int(yuan * 100)


def _amount_from_text(text: str, default_unit: str) -> tuple[Decimal, str]:
    if not text:
        raise ValidationError(f"未填写金额，{_AMOUNT_HINT[default_unit]}")
    body = text.replace(" ", "").replace("−", "-")
    negative = body.startswith("-")
    body = body.removeprefix("-")
    for prefix in _AMOUNT_PREFIXES:
        if body.upper().startswith(prefix):
            body = body[len(prefix):]
            break
    if body.startswith("-"):  # ¥-3000, 人民币-3000
        negative, body = True, body[1:]
    unit = default_unit
    for suffix, suffix_unit in _AMOUNT_SUFFIXES:
        if body.endswith(suffix):
            body, unit = body[: -len(suffix)], suffix_unit
            break
    else:
        if "万" in body or "萬" in body:
            # 十二万五千, 5万5千: the number's own 万 counts it in 元, as 十二万 (its 万 the
            # unit) is 12 万元 — read in a 万元 field's unit, 十二万五千 was 12.5 亿
            unit = "元"
    if body and _CN_AMOUNT.match(body):  # 拾万元, 叁拾万, 二十万元: as the paper writes it
        value = _cn_integer(body)
        if value is None:
            raise ValidationError(f"无法识别的金额：{text}，{_AMOUNT_HINT[default_unit]}")
        return (-Decimal(value) if negative else Decimal(value)), unit
    if body and (mixed := _mixed_amount(body)) is not None:  # 3千, 5万5千, 1.5千元
        return (-mixed if negative else mixed), unit
    if not body or body == "." or not _AMOUNT_NUMBER.match(body):
        raise ValidationError(f"无法识别的金额：{text}，{_AMOUNT_HINT[default_unit]}")
    try:
        amount = Decimal(body.replace(",", ""))
    except InvalidOperation:
        raise ValidationError(f"无法识别的金额：{text}，{_AMOUNT_HINT[default_unit]}") from None
    return (-amount if negative else amount), unit


# -- yes / no -------------------------------------------------------------------------
_YES = frozenset({"是", "√", "✓", "✔", "y", "yes", "true", "1", "有", "已", "对"})
_NO = frozenset({"否", "×", "✗", "✘", "n", "no", "false", "0", "无", "未", "不是"})
# Each word above is its own normalized, case-folded form: a cell holding exactly one
# of them (nearly every cell of a table) needs no normalizing.
_YES_NO_EXACT = {**dict.fromkeys(_YES, True), **dict.fromkeys(_NO, False)}
# A yes/no answering its question in words: 是(已应用), 否(试用中), 已应用, 尚未到位
_ANSWERED = re.compile(r"^(?:(是|否)\(.*\)|(已|未|尚未)(?:在(?:企业)?生产中)?(?:应用|到位|拨付|投产))$")
# 是否一线职工 answered in its own words, as a clerk copies the paper: 一线, 非一线
FRONTLINE_WORDS = {"一线": True, "一线职工": True, "是一线": True, "是一线职工": True,
                   "非一线": False, "非一线职工": False, "不是一线": False, "不是一线职工": False}


def parse_yes_no(value: object, words: dict[str, bool] | None = None) -> bool | None:
    """是/否 and the ways clerks write it (是的, 是（已应用）, 未到位); blank -> None. ``words``:
    a question's own answers beside them (``FRONTLINE_WORDS``). The form's yes/no boxes and
    the import's yes/no columns read alike (``io.cell_readers``)."""
    if type(value) is str and value in _YES_NO_EXACT:
        return _YES_NO_EXACT[value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = normalize_text(value)
    if not text:
        return None
    key = text.casefold()
    if key in _YES:
        return True
    if key in _NO:
        return False
    compact = "".join(key.split())
    if words and compact in words:
        return words[compact]
    if len(compact) > 1 and compact.endswith("的"):  # 是的, 不是的: as clerks write it
        try:
            return parse_yes_no(compact[:-1], words)
        except ValidationError:
            pass
    if m := _ANSWERED.match(compact):  # 是（已应用）, 已到位, 未应用: the question answered
        return (m.group(1) or m.group(2)) in ("是", "已")
    raise ValidationError(f"无法识别“{text}”：请填“是”或“否”")


# -- studio level ---------------------------------------------------------------------
STUDIO_LEVEL_ZH = {"city": "市级", "district": "区/局/集团级"}
_LEVEL_NOISE = re.compile(r"[\s()（）【】\[\]、/,，;；·.\-]|职工|创新|工作室")
# 区县级: the federation's unions were 区县工会 before the last counties became districts
_DISTRICT_LEVEL = re.compile(r"^(?:区|县|局|集团|公司)+级?$")
_CITY_LEVEL = frozenset({"", "市", "市级"})
_DEMONSTRATION = re.compile(r"示范性?")


# Levels below the plan's (二（一）: 区、局、集团（公司）级 and 市级 only): a studio of its
# enterprise or workshop. Read as a level outside the plan — the paper is registered and
# judged 不合格 — not as a cell to write again; any other word stays unreadable.
_OUTSIDE_LEVEL = re.compile(r"^(?:企业|厂|车间|班组|基层|部门|分公司|二级单位)级?$")


def outside_studio_level(value: object) -> str | None:
    """The level as written (企业级) when it names a studio level the plan admits not,
    else None (市级 or 区级 read by :func:`parse_studio_level`, or no level at all)."""
    raw = normalize_text(value)
    key = _LEVEL_NOISE.sub("", raw)
    return raw if key and _OUTSIDE_LEVEL.match(key) else None


def parse_studio_level(value: object) -> str:
    """"city" for 市级 / 市级（示范性） / 示范性 / 市级示范; "district" for 区级, 局级,
    集团级, 公司级, 区、局、集团（公司）级, 区/局/集团级, 区局级, 区县级 and the like."""
    raw = normalize_text(value)
    if not raw:
        raise ValidationError("未填写工作室级别：请填“市级”或“区、局、集团（公司）级”")
    key = _LEVEL_NOISE.sub("", raw)
    demonstration = bool(_DEMONSTRATION.search(key))
    base = _DEMONSTRATION.sub("", key)
    if base in _CITY_LEVEL and (base or demonstration):
        return "city"
    if base and _DISTRICT_LEVEL.match(base):
        return "district"
    raise ValidationError(
        f"无法识别的工作室级别：{raw}，请填“市级”（含示范性）或“区、局、集团（公司）级”"
    )


# -- a person's name ------------------------------------------------------------------
def check_person_name(name: str) -> str:
    """``name`` (a first inventor's, a leader's, a contact's) as it is, or why it is none:
    a name has hanzi, the dot of a transliterated name (买买提·艾力) and a foreign name's
    Latin letters, never a digit. A digit in it is an ID, card or phone number pasted along
    (an Excel row into one field): stored, the name printed the number whole on the 审批表
    and the 拨付清单, and went to the bank as the payee's. The form's person fields and the
    import's name columns alike (``io.cell_readers``)."""
    if not any(ch.isdigit() for ch in unicodedata.normalize("NFKC", name)):
        return name
    raise ValidationError(
        f"姓名中有数字：“{mask_text(one_line(name))}”。姓名可以有间隔号“·”和外文字母，不能有数字；"
        "身份证号、卡号、电话请填在各自的栏目中")


# A title or remark a paper writes in brackets with a person's name: 李红兵（高级工程师）,
# 张三(主任), 王五【退休】, one left open (李红兵（高级工程师). No ID card or bank account
# writes one: stored, the leader of a studio read as renamed (the form offered to rename
# him) and the bracket went to the bank as the payee's name. Brackets either width, and
# the square and lenticular ones a Chinese input method gives.
_NAME_REMARK = re.compile(r"\s*[(（\[［【〔]([^()（）\[\]［］【】〔〕]*)(?:[)）\]］】〕]|$)\s*")


def name_remark(name: str) -> tuple[str, str] | None:
    """(the name, the remark) of ``name`` (a person's) holding a bracketed title or remark:
    the name without the bracket, the bracket's words (several 、-joined); None without
    one, or when nothing is left of the name outside it (（李红兵）: no title, the form's
    other checks say what is wrong). The form's person fields and the import's name
    columns alike read the name so, and say what was dropped (:func:`name_remark_note`)."""
    if not _HAS_NAME_BRACKET.search(name):  # most names: nothing to look for
        return None
    words = [w.strip() for w in _NAME_REMARK.findall(name)]
    left = " ".join(_NAME_REMARK.sub(lambda m: _remark_gap(name, m), name).split())
    if not words or not left or _HAS_NAME_BRACKET.search(left):
        return None
    return left, "、".join(w for w in words if w)


def _remark_gap(name: str, match: re.Match[str]) -> str:
    """What stands for a bracket dropped: a space between two Latin words (John (Jr.) Smith),
    else nothing (张三（主任）、李四 is 张三、李四; the name's own spaces stay as typed)."""
    before, after = name[match.start() - 1:match.start()], name[match.end():match.end() + 1]
    return " " if before.isascii() and before.isalpha() and after.isascii() and after.isalpha() else ""


_HAS_NAME_BRACKET = re.compile(r"[(（\[［【〔)）\]］】〕]")


def name_remark_note(name: str, read: str | None = None) -> str | None:
    """What a person's field or cell says of its bracket dropped (:func:`name_remark`):
    the name it is read as (``read``: as stored, else the bracket dropped) and where the
    title or remark belongs; None without a bracket."""
    found = name_remark(name)
    if found is None:
        return None
    left, remark = found
    what = f"括号中的“{remark}”不是姓名" if remark else "姓名中有空括号"
    return f"{what}，按“{read or left}”保存；职务、职称等如需保留，请写在备注中"


def without_name_remark(name: str) -> str:
    """``name`` as a person's field or cell stores it: its bracketed title or remark
    dropped (:func:`name_remark`). A digit in the bracket is refused first, as anywhere in
    a name (张三（13800138000）: a phone pasted along, its own field says where it goes)."""
    found = name_remark(name)
    if found is None:
        return name
    check_person_name(name)
    return found[0]


def check_no_name_remark(name: str) -> str:
    """``name`` as it is, or why a name typed as the whole of it may not hold a bracket: a
    correction of the register's spelling (人员 → 更正姓名, ``correct name``) writes the name
    it is given on every paper, paid ones too, so a title there (李红兵（高级工程师）) would
    print on the 审批表 and go to the bank as the payee's. Refused, as a digit is there,
    saying the name it would be and that the title belongs in 备注; the forms and the
    import, reading a paper, drop it and say so instead (:func:`name_remark_note`)."""
    if not _HAS_NAME_BRACKET.search(name):
        return name
    found = name_remark(name)
    if found is None:  # （李红兵）, 李红兵） : no name outside the bracket to offer
        raise ValidationError(f"姓名中有括号：“{one_line(name)}”。姓名不能有括号，请只填姓名")
    left, remark = found
    what = f"括号中的“{remark}”不是姓名" if remark else "括号不是姓名的一部分"
    raise ValidationError(f"姓名中有括号：“{one_line(name)}”。{what}，请只填“{left}”；"
                          "职务、职称等如需保留，请写在备注中")


_NAME_SEPARATORS = re.compile(r"[、,，;；/／\n\r]+")


def several_names(value: object) -> list[str] | None:
    """The names of a text naming several people (on lines of their own, or between 、 , ;
    /), or None: a name spaced out over lines (张 / 三) is one person."""
    if type(value) is not str or _NAME_SEPARATORS.search(value) is None:  # one part at most
        return None
    parts = [p for p in (" ".join(part.split()) for part in _NAME_SEPARATORS.split(value)) if p]
    if len(parts) > 1 and any(len("".join(p.split())) > 1 for p in parts):
        return parts
    return None


def check_one_person(name: str) -> str:
    """``name`` of the one person a paper names (第一发明人, 领衔人: the award is judged on
    and paid to them) as :func:`check_person_name` takes it, or why it names several: the
    paper's list of inventors typed into it (张三、李四) was stored as one person's name, the
    payee's on the 拨付清单. The form's fields and the import's columns alike."""
    names = several_names(name)
    if names is not None:
        raise ValidationError(several_people(names))
    return check_person_name(name)


def several_people(names: list[str]) -> str:
    """Why a field or a cell of one person naming ``names`` is refused."""
    return (f"一格中填了 {len(names)} 个人（{'、'.join(names)}）：这一栏只填一人的姓名，"
            "其他人请写在备注中")


# -- a body's name ---------------------------------------------------------------------
ORG_FIELDS = frozenset({"unit_name", "enterprise_name"})


def check_org_name(name: str) -> str:
    """``name`` (a 推荐单位 or 所在单位) as it is, or why it is none: a body's name has a
    letter — hanzi or Latin — in it. Digits and marks alone (0, 1, -, /) are a cell filled
    with a number or a placeholder: stored, 0 became a company printed on the 审批表 and its
    payee. Blank passes (required fields are said so apart). The form's fields and the
    import's columns alike (``io.cell_readers``)."""
    if not name or (name.isalpha() and "月" not in name):  # most: nothing to look for
        return name
    if (junk := _NOT_IN_A_NAME.search(name)) is not None:
        # a paper's fields run together (a name typed on without Tab, a row pasted whole):
        # registered, it became a union of 99 characters in every list
        what = f"日期“{junk.group(1)}”" if junk.group(1) else f"一长串数字“{junk.group(2)}”"
        raise ValidationError(
            f"“{_shown_name(name)}”中有{what}，不像单位名称：可能是申报书的其他栏目连在一起"
            "填了进来，请只填单位的全称，如“北京某某科技有限公司”")
    if any(ch.isalpha() for ch in name):
        return name
    raise ValidationError(f"“{one_line(name)}”只有数字或符号，不是单位名称：请填单位的全称，"
                          "如“北京某某科技有限公司”")


# A date (2022-05-10, 2022年5月, 22-5-10, 22年5月10日, 5月10日, 2022/05, 2022 05 10,
# 二〇二二年五月十日) or a run of 6 digits or more (a phone, an ID, dates run together) is
# in no union's or enterprise's name (中国航天科工二院706所 has 3; 北京2022年冬奥会… no date).
_HANZI_NUMBER = "〇零一二三四五六七八九十"
_NOT_IN_A_NAME = re.compile(
    r"((?:\d{4}|\d{2})\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}"
    r"|\d{2,4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*[日号]"
    r"|(?:19|20)\d{2}\s*[-/.]\s*\d{1,2}(?!\d)"
    r"|(?:19|20)\d{2}\s+\d{1,2}\s+\d{1,2}(?!\d)"
    rf"|[{_HANZI_NUMBER}]{{2,4}}年[{_HANZI_NUMBER}]{{1,2}}月(?:[{_HANZI_NUMBER}]{{1,3}}[日号])?"
    rf"|[{_HANZI_NUMBER}]{{1,2}}月[{_HANZI_NUMBER}]{{1,3}}[日号])"
    r"|(\d{6,})")
_NAME_SHOWN = 30  # characters of a run-on name the message quotes


def _shown_name(name: str) -> str:
    line = one_line(name)
    return line if len(line) <= _NAME_SHOWN else line[:_NAME_SHOWN] + "……"


# -- text pasted from a table -----------------------------------------------------------
_CELL_SHOWN = 24  # characters of a cell the note quotes (a masked ID or grouped card whole)


def pasted_cells(text: str) -> list[str]:
    """The cells of ``text`` copied from a table (an Excel or WPS row, a Word table's): apart
    by tabs, each as :func:`tidy_line` makes it (a cell written over two lines, 一种焊缝缺陷的⏎
    超声检测方法, one line; Excel's quotes around such a cell gone), the empty ones left out.
    Line breaks part no cells: one may be a row's end or a line wrapped inside a cell, and
    a cell cut at it would lose half a title. Text without a tab is one cell."""
    if "\t" not in text:
        return [text]
    return [cell for cell in (tidy_line(_unquoted(part)) for part in text.split("\t")) if cell]


def _unquoted(cell: str) -> str:
    """A cell holding a line break as Excel puts it on the clipboard: in quotes, a quote
    inside it doubled."""
    inner = cell.strip()
    if len(inner) > 1 and inner[0] == inner[-1] == '"' and ("\n" in inner or "\r" in inner):
        return inner[1:-1].replace('""', '"')
    return cell


def cells_left_out(cells: list[str]) -> str:
    """What a field says when only the first of ``cells`` pasted went in (a field holds one
    fact): how many there were and those left out, an ID or card number among them masked
    (the field's hint is shown to whoever passes the desk)."""
    def shown(cell: str) -> str:
        cell = mask_text(cell)
        return cell if len(cell) <= _CELL_SHOWN else cell[:_CELL_SHOWN] + "…"

    rest = "、".join(f"“{shown(cell)}”" for cell in cells[1:])
    return (f"粘贴的内容有 {len(cells)} 个单元格，只填入了第一个“{shown(cells[0])}”；"
            f"其余未填入：{rest}")
