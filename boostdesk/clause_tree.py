"""The year's clause numbers checked against the plan's outline: clauses that sit under one
heading in 2022's plan sit under one heading in the year's.

A re-issued plan renumbers by headings (a section inserted moves every item under the
ones after it), so a year that renumbers a heading and not what sits under it would
cite two plans at once: 2023's approval sheets citing 一（三） for the patent conditions
while the grant window's findings go on citing 2022's 一（二）1. The outline is read from
2022's numbers (:data:`CLAUSES`), at two levels: a part (一、二、三) and a section
(一（二）); a combined number (二（一）（二）, the project stream's scope and conditions
cited together) is the heading of each of its sections. Where a setting is itself the
heading (一（二）, 二（三）, 二（一）（二）) the items under it follow it; where none is (the
流程 items 二（四）1/2/4, the parts) they follow each other.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from boostdesk.models.campaign import CLAUSES
from boostdesk.validate import ValidationError

_NUMBER = re.compile(r"^([一二三四五六七八九十]+)((?:（[一二三四五六七八九十]+）)*)(\d*)$")
_SECTION = re.compile(r"（([一二三四五六七八九十]+)）")

PART, SECTION = 0, 1


@dataclass(frozen=True)
class Number:
    """一（二）1 as (part 一, sections (二,), item 1); 二（一）（二） has two sections."""

    part: str
    sections: tuple[str, ...]
    item: str

    @classmethod
    def parse(cls, text: str) -> Number | None:
        m = _NUMBER.match(text)
        if m is None:
            return None
        return cls(m.group(1), tuple(_SECTION.findall(m.group(2))), m.group(3))

    def text(self) -> str:
        return self.part + "".join(f"（{s}）" for s in self.sections) + self.item

    def heading(self, level: int, index: int = 0) -> str:
        """The heading this number sits under (or is) at ``level``; at SECTION, its
        ``index``-th section (the last it has, when fewer)."""
        if level == PART or not self.sections:
            return self.part if level == PART else self.text()
        return f"{self.part}（{self.sections[min(index, len(self.sections) - 1)]}）"

    def is_heading(self, level: int) -> bool:
        """Whether the number is a heading itself at ``level`` (一（二）, not 一（二）1)."""
        return not self.item and (not self.sections if level == PART else bool(self.sections))

    def moved(self, level: int, index: int, heading: str) -> str:
        """This number put under ``heading`` at ``level``: the suggestion a message makes."""
        new = Number.parse(heading)
        if new is None:
            return heading
        if level == PART:
            return Number(new.part, self.sections, self.item).text()
        sections = list(self.sections) or [""]
        sections[min(index, len(sections) - 1)] = new.sections[0] if new.sections else ""
        return Number(new.part, tuple(s for s in sections if s), self.item).text()


@dataclass(frozen=True)
class _Member:
    key: str
    index: int  # which of its 2022 sections the group is (a combined number has two)
    heads: bool  # 2022's number is the group's heading itself


def _outline() -> dict[tuple[int, str], list[_Member]]:
    """2022's headings (level, heading) -> the settings under or at each, in CLAUSES order."""
    groups: dict[tuple[int, str], list[_Member]] = {}
    for key, (number, _) in CLAUSES.items():
        parsed = Number.parse(number)
        assert parsed is not None, number
        groups.setdefault((PART, parsed.part), []).append(
            _Member(key, 0, parsed.is_heading(PART)))
        for index in range(len(parsed.sections)):
            groups.setdefault((SECTION, parsed.heading(SECTION, index)), []).append(
                _Member(key, index, parsed.is_heading(SECTION)))
    # sections first: their messages name the clause the items sit under
    return {g: members for g, members in sorted(groups.items(), key=lambda kv: -kv[0][0])
            if len(members) > 1}


_OUTLINE = _outline()


def check_outline(numbers: Mapping[str, str]) -> None:
    """ValidationError naming two settings when the year's clause ``numbers`` (every key
    of CLAUSES) put under two headings what 2022's plan has under one."""
    parsed = {key: Number.parse(text) for key, text in numbers.items()}
    for (level, old), members in _OUTLINE.items():
        placed = [(m, number, number.heading(level, m.index)) for m in members
                  if (number := parsed.get(m.key)) is not None]
        if len({heading for *_, heading in placed}) < 2:
            continue
        # The setting that is the heading leads (一（二）'s items follow it; of two, the
        # combined 二（一）（二） citing both sections); else the first one renumbered.
        heads = sorted((p for p in placed if p[0].heads), key=lambda p: -len(p[1].sections))
        lead = heads[0] if heads else next((p for p in placed if p[2] != old), placed[0])
        member, number, heading = next(p for p in placed if p[2] != lead[2])
        like = number.moved(level, member.index, lead[2])
        what, lead_what = CLAUSES[member.key][1], CLAUSES[lead[0].key][1]
        if heads:
            raise ValidationError(
                f"条款编号：{what}为 {number.text()}，不在{lead_what} {lead[1].text()} 之下；"
                f"新方案改了编号时，其下各项请一并照新方案填写（如 {like}）")
        where = f"同属 {old}、 这一部分" if level == PART else f"同在 {old} 之下"
        raise ValidationError(
            f"条款编号：{what}为 {number.text()}，{lead_what}为 {lead[1].text()}：2022 年方案中"
            f"两者{where}；新方案改了编号时，同在其下的各项请一并照新方案填写（如 {like}）")
