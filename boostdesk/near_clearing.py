"""A near-copy pair looked at and cleared, from the command line or the window (no Qt).

`correct people-distinct` / `titles-distinct` and the window's 确认不是同一人… /
确认不是同一项目… (asked at 改变状态, 资格审核, 结束公示, or from the paper) record the same
through :func:`clear_pair`: the pair kept (rules.near_cleared), a trail line on both papers
with the reason, their years checked again. :func:`pairs_of` names the real pairs a paper's
near-copy 提示 stand for, so a question names 专利64 and 专利32, not 登记号 另一登记号.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from boostdesk.models.records import PATENT, PROJECT, id_ref

PEOPLE, TITLES = "people", "titles"
# what each kind's pair is, the 提示 clearing it stops, the window's button
WHO = {PEOPLE: "人", TITLES: "项目"}
ASKED = {PEOPLE: "可能…为同一人", TITLES: "项目名称…相近"}
BUTTON = {PEOPLE: "确认不是同一人…", TITLES: "确认不是同一项目…"}
_PROJECT_REF = re.compile(r"项目(\d+)")


class ClearRefused(ValueError):
    """A pair that cannot be cleared (no ID number, one person, another stream): why."""


@dataclass(frozen=True)
class NearPair:
    kind: str  # PEOPLE or TITLES
    stream: str
    app_id: int
    other_id: int
    named: str  # 专利64（黎明）与专利32（黎明）

    @property
    def refs(self) -> tuple[str, str]:
        return id_ref(self.stream, self.app_id), id_ref(self.stream, self.other_id)

    def command(self) -> str:
        """The command clearing it, with the real papers (the command line's hint)."""
        a, b = self.refs
        from boostdesk.program_name import hint_named

        return hint_named(f"boostdesk correct {self.kind}-distinct {a} {b} --reason 原因")


def _named(kind: str, apps: list[Any]) -> str:
    return "与".join(f"{id_ref(a.stream, a.id)}（{a.inventor_name if kind == PEOPLE else a.title}）"
                    for a in apps)


def pairs_of(reg: Any, stream: str, app_id: int) -> list[NearPair]:
    """The pairs a paper's uncleared near-copy 提示 stand for and a clerk may clear: a
    near person's paper (its year's first), a near title's paper (named in the 提示)."""
    from boostdesk.near_copy_notes import near_findings

    found = near_findings(reg, stream, app_id)
    if not found:
        return []
    app = reg.application(stream, app_id)
    others: list[tuple[str, int]] = []
    if stream == PATENT and any("为同一人" in m for m in found):
        from boostdesk.rules.near_people import near_papers

        others += [(PEOPLE, i) for i in near_papers(reg, app)[:1]]
    if stream == PROJECT:
        from boostdesk.rules.near_titles import CODE

        messages = [f.message for f in _stored(reg, app_id) if f.code == CODE]
        for message in messages:
            ids = [int(i) for i in _PROJECT_REF.findall(message) if int(i) != app_id]
            others += [(TITLES, i) for i in ids[:1]]
    pairs = []
    for kind, other in dict.fromkeys(others):
        try:
            other_app = reg.application(stream, other)
        except Exception:  # noqa: BLE001 - a paper named in an old 提示, since taken out
            continue
        pairs.append(NearPair(kind, stream, app_id, other, _named(kind, [app, other_app])))
    return pairs


def _stored(reg: Any, app_id: int) -> list[Any]:
    from boostdesk.rules.findings import stored_findings

    text = reg.scalar("SELECT findings FROM project_applications WHERE id = ?", (app_id,))
    return list(stored_findings(text or "[]"))


def pairs_of_many(reg: Any, stream: str, app_ids: list[int]) -> list[NearPair]:
    return [p for i in app_ids for p in pairs_of(reg, stream, i)]


def clear_pair(reg: Any, kind: str, papers: list[Any], reason: str) -> str:
    """Keep two papers' people (by ID number) or titles (by paper) as different, a trail
    line on each with ``reason``, their years checked again; what was done, in words
    (already cleared: said so, nothing written). ClearRefused when it cannot be."""
    from boostdesk.near_copy_notes import near_pair
    from boostdesk.rules import refresh
    from boostdesk.rules.near_cleared import PEOPLE_KEY, TITLES_KEY, clear, cleared
    from boostdesk.validate import person_key

    who = WHO[kind]
    stream = PATENT if kind == PEOPLE else PROJECT
    if not reason.strip():
        raise ClearRefused("请写明核对的依据（记入两份申报的修改记录），未作改动")
    for app in papers:
        if app.stream != stream:
            raise ClearRefused(f"{id_ref(app.stream, app.id)}不是"
                               f"{'专利' if stream == PATENT else '项目'}申报，未作改动")
    keys: list[Any]
    if kind == PEOPLE:
        keys = [person_key(a.id_number) if a.id_number else "" for a in papers]
        if not all(keys):
            raise ClearRefused("申报未填身份证号，无从确认，未作改动")
        key = PEOPLE_KEY
    else:
        keys, key = [a.id for a in papers], TITLES_KEY
    if keys[0] == keys[1]:
        raise ClearRefused(f"两份申报是同一{who}，未作改动")
    refs = [id_ref(a.stream, a.id) for a in papers]
    named = _named(kind, papers)
    if frozenset(keys) not in cleared(reg.conn, key) and not near_pair(stream, *papers):
        # a pair never asked about is no pair to clear (项目47 and 项目5 recorded as 确认为不同
        # for nothing: a slip of the number)
        raise ClearRefused(f"{named}：这两项没有近似提示（"
                           f"{'可能为同一人' if kind == PEOPLE else '项目名称相近'}），"
                           "无需确认，未作改动；请核对登记号")
    with reg.transaction():
        if not clear(reg.conn, key, *keys):
            return f"{named}已确认为不同的{who}，未作改动"
        table = "patent_applications" if stream == PATENT else "project_applications"
        for app, other in ((papers[0], refs[1]), (papers[1], refs[0])):
            reg.audit("clear_near", table, app.id, None,
                      {"distinct_from": other, "reason": reason.strip()})
    years = sorted({a.campaign_year for a in papers})
    for year in years:
        refresh(reg, year)
    return (f"已确认{named}为不同的{who}：不再提示“{ASKED[kind]}”"
            f"；已重新核对 {'、'.join(map(str, years))} 年度的申报")


def clear_near_pair(reg: Any, pair: NearPair, reason: str) -> str:
    """:func:`clear_pair` of a pair :func:`pairs_of` named (the window's button)."""
    return clear_pair(reg, pair.kind, [reg.application(pair.stream, pair.app_id),
                                       reg.application(pair.stream, pair.other_id)], reason)
