"""An operator's name (操作人), one check wherever it enters: ``--operator`` and
BOOSTDESK_OPERATOR, the window's first-start question, 设置 and the day's confirmation.

Every trail line is stamped with it, so it must read as one name: a line break, a carriage
return or an escape character in it made a line of the trail look like two (``李主任\\n
2026-12-06 15:00:00  王会计``), and a zero-width space made ``张敏`` a name that looked the
same but that ``audit --by 张敏`` missed. So:

- NFKC: full-width letters and digits, compatibility forms, as their ordinary characters;
- format characters (Unicode Cf: zero-width space and joiners, BOM, direction marks)
  removed: they show as nothing, so the name shown is the name kept;
- control characters (Cc: line break, carriage return, tab, ESC) and line or paragraph
  separators (Zl, Zp) refused: they split or hide what is shown, and which name was meant
  cannot be told;
- runs of spaces one space, none around the name;
- at most :data:`MOST` characters, refused beyond (never cut: a cut name is another's).

Lines already in the trail keep their text; :func:`key` is what ``audit --by`` compares.
"""

from __future__ import annotations

import unicodedata

from boostdesk.errors import ValidationError  # not validate: checked before the first paint

MOST = 20  # characters: a Chinese name with a title (李主任), or a Latin name in full

_REFUSED = {"Cc", "Zl", "Zp"}
_DROPPED = "Cf"


def _shown(ch: str) -> str:
    """A refused character as the message names it (U+000A 换行)."""
    names = {"\n": "换行", "\r": "回车", "\t": "制表符", "\x1b": "ESC"}
    return f"U+{ord(ch):04X}" + (f"（{names[ch]}）" if ch in names else "")


def clean(typed: str) -> str:
    """``typed`` as the trail stores it; :class:`ValidationError` (in Chinese) when it
    holds a control character, is empty or longer than :data:`MOST` characters."""
    text = unicodedata.normalize("NFKC", typed)
    bad = [ch for ch in text if unicodedata.category(ch) in _REFUSED]
    if bad:
        raise ValidationError(
            f"操作人姓名中有换行或控制字符（{_shown(bad[0])}），未保存：修改记录中的操作人只能是一行"
            "文字，请只写姓名（如 张敏）")
    text = " ".join("".join(ch for ch in text if unicodedata.category(ch) != _DROPPED).split())
    if not text:
        raise ValidationError("请填写操作人姓名（如 张敏）")
    if len(text) > MOST:
        raise ValidationError(
            f"操作人姓名太长（{len(text)} 个字符，最多 {MOST} 个），未保存：请只写姓名（如 张敏）")
    return text


def valid(typed: str) -> str:
    """:func:`clean`'s name, or "" when it refuses ``typed`` (a remembered name an earlier
    version stored unchecked: asked again, not used)."""
    try:
        return clean(typed)
    except ValidationError:
        return ""


def key(name: str) -> str:
    """A name as ``audit --by`` compares it, also for lines stored before this check:
    NFKC, without format characters, controls and separators as spaces, spaces collapsed."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(" " if unicodedata.category(ch) in _REFUSED else ch for ch in text
                   if unicodedata.category(ch) != _DROPPED)
    return " ".join(text.split())
