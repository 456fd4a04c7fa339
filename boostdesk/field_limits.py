"""How many characters each free-text field of a paper may hold: one table, read by the
entry forms (at save, and said at paste), the importer (a cell refused by row) and the
CLI's corrections alike. No Qt.

Without it a 100,000-character paste was stored whole in 备注 (and cut silently to 32,767,
QLineEdit's default, in 专利名称): the summary PDF went from 38 pages to 831 for that
one row. The limits are far above what a paper's box holds: only a paste gone wrong
(a whole document, a column of cells) reaches them.
"""

from __future__ import annotations

from boostdesk.validate import ValidationError

NAME_OF_BODY = 100  # a studio's full name, an expert's 工作单位
# a 推荐单位 or 所在单位: the longest real ones run to ≈ 40 characters (…有限公司…分公司);
# 99 was a paper's fields typed on into 推荐单位 without Tab
ORG_NAME = 60
PERSON = 50  # a person's name (a contact's may name two)
NUMBER = 50  # a patent, ID, card or phone number as written (an extension, a second phone)
TITLE = 200  # a patent's or project's title
INDUSTRY = 100  # 所属领域
NOTES = 2000  # 备注: a team's names, a summary
REASON = 500  # why a status was set, a record corrected, a paper withdrawn

# field name (as the records and the importer's columns name it) -> most characters
FIELD_LIMITS: dict[str, int] = {
    "unit_name": ORG_NAME,
    "enterprise_name": ORG_NAME,
    "studio_name": NAME_OF_BODY,
    "title": TITLE,
    "patent_number_raw": NUMBER,
    "inventor_name": PERSON,
    "leader": PERSON,
    "contact_name": PERSON,
    "id_number": NUMBER,
    "card_number": NUMBER,
    "phone": NUMBER,
    "contact_phone": NUMBER,
    "industry": INDUSTRY,
    "remarks": NOTES,
    "reason": REASON,
    # a review expert's (panel.experts): his name, 工作单位, 专业领域, 联系方式
    "expert_name": PERSON,
    "organisation": NAME_OF_BODY,
    "expert_field": INDUSTRY,
    "contact": 100,  # a phone or two, an e-mail address
}


def limit_of(field: str) -> int | None:
    """The most characters ``field`` takes, or None for a field the table does not limit."""
    return FIELD_LIMITS.get(field)


def too_long(length: int, limit: int) -> str:
    """Why a text of ``length`` characters cannot be stored in a field taking ``limit``
    (the form puts the field's name before it, the importer the row and column)."""
    return (f"有 {length:,} 字，超过此栏可填的 {limit:,} 字：请删减到 {limit:,} 字以内"
            "（长篇内容请作为附件材料留存）")


def says_too_long(message: str) -> bool:
    """Whether ``message`` is :func:`too_long`'s (the form says a paste's own note instead)."""
    return "超过此栏可填的" in message


def pasted_too_long(length: int, label: str, limit: int) -> str:
    """What a field says at once when a paste is longer than it takes; the paste is kept
    whole (never cut silently) and the save refuses it until it is shortened."""
    return (f"粘贴的内容有 {length:,} 字，超过“{label}”可填的 {limit:,} 字：已全部填入，"
            f"请删减到 {limit:,} 字以内再保存")


def check_length(text: str, limit: int | None) -> str:
    """``text`` when it fits ``limit`` (None: no limit); else :class:`ValidationError`."""
    if limit is not None and len(text) > limit:
        raise ValidationError(too_long(len(text), limit))
    return text


def check_field(field: str, text: str) -> str:
    """``text`` when it fits the limit of ``field`` (:data:`FIELD_LIMITS`) — and, a body's
    name, when it is one (``validate.check_org_name``: 0 is no company)."""
    from boostdesk.validate import ORG_FIELDS, check_org_name

    if field in ORG_FIELDS:
        check_org_name(text.strip())
    return check_length(text, FIELD_LIMITS.get(field))
