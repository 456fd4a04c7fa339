"""15-digit resident IDs (issued before GB 11643-1999) as the 18-digit numbers they became.

The conversion is mechanical: the 6-digit region, "19" before the 2-digit birth year
(every 15-digit card was issued to someone born in the 1900s), the birth month and day
and the 3-digit sequence, then the GB 11643 check character (python-stdnum's cn.ric).
The register keys people by the 18-digit number, so a 2013 table's 15-digit number is
the same person as his 2019 paper's 18-digit one. Masked as every ID is
(``privacy.mask_id``, ``mask_text``: 110105******002). No Qt.
"""

from __future__ import annotations

from boostdesk.safety.privacy import mask_id


def is_old_id(number: str) -> bool:
    """Whether ``number`` (compacted, as ``validate`` reads it) is shaped as a 15-digit ID."""
    return len(number) == 15 and number.isascii() and number.isdigit()


def to_18(number: str) -> str:
    """The 18-digit number of a 15-digit one (``is_old_id``): not checked further (its
    birth date may be no date: ``validate.check_resident_id`` says so of the result)."""
    from stdnum.cn import ric

    body = f"{number[:6]}19{number[6:]}"
    return body + ric.calc_check_digit(body + "?")  # it reads the first 17 of 18


def converted(text: object) -> str | None:
    """The 18-digit number a valid 15-digit ID ``text`` becomes; None for anything else
    (an 18-digit number, a 15-digit one whose birth date is no date)."""
    from boostdesk.validate import ValidationError, check_resident_id, person_key

    number = person_key(text) if text else ""
    if not is_old_id(number):
        return None
    try:
        return check_resident_id(number)
    except ValidationError:
        return None


def converted_note(number: str) -> str:
    """What a row's note and the form's hint say of a converted number (masked)."""
    return f"15 位旧身份证号已换算为 18 位：{mask_id(number)}"
