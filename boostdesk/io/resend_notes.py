"""What a table sent again says of its registered rows that 按表更新 does not take, and of
the registered applications it leaves out.

A row of a paper past its review (in publicity, approved, paid) is never taken from a table:
its message says why and the real way to correct it, never “加 --update-registered” (which
would not take it). The registered papers of a union a table does not list are named only
when the table is that union's whole summary table sent again: it lists at least half of
the union's registered papers of the year, or at least half of those an earlier table of
the union brought in (a corrected table that drops two withdrawn rows, while the union has
papers typed at the desk too, is a resent table all the same). A one-row correction table
lists one paper on purpose, and naming the union's twenty others as perhaps withdrawn was
noise. Named, they are one note a union (the count, the list folded under it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from boostdesk.models.records import PATENT, id_ref

# Where a stream's papers are opened and corrected (the main window's screens)
SCREEN = {PATENT: "专利助推", "project": "创新项目"}


def kept_route(stream: str, status: str, paid: bool) -> str:
    """Why the table's values are not taken into a paper of ``status`` (``paid``: money of
    its award recorded) and what the clerk does instead: corrected on its form, which keeps
    the trail of who changed what and when."""
    fix = (f"确属录入有误的，请在“{SCREEN[stream]}”中打开该申报更正（保存即记入修改记录；"
           "可在备注中注明依据，如推荐单位的更正函）")
    if paid:
        return ("助推款已按登记册拨付，拨付所依据的各项（收款人、所在单位等）不能再改；其余各项"
                + fix.removeprefix("确属录入有误的，"))
    if status == "publicized":
        return ("公示名单按登记册公布，公示期间不随汇总表改动。" + fix
                + "；更正影响其资格或助推档次的，请在“公示”中登记为该项目的异议，按异议处理")
    if status == "approved":
        return ("核准按登记册的各项核定。" + fix
                + "；更正后不再符合条件的，请选中它按“改状态”（Ctrl+M）处理")
    if status in ("review", "proposed"):
        return "专家评审按登记册的各项进行。" + fix
    return fix


def by_hand_only(match: Any) -> bool:
    """A registered row whose every differing field was corrected by hand since the import,
    or is the table's slip or a name asked about (``Difference.kept``): 按表更新 keeps them
    all (not a row it takes)."""
    return bool(match.differences) and not match.locked and not match.clash and not match.takes


def _kept_why(match: Any) -> str:
    """Why 按表更新 keeps every differing field of a ``by_hand_only`` row."""
    if all(d.by_hand and not d.kept for d in match.differences):
        return "表中不同的各项都是登记后修改过的，保留登记册的"
    return "表中不同的各项按表更新也不取，保留登记册的"


def not_taken(stream: str, matches: dict[int, Any]) -> list[str]:
    """One line a registered row that differs from the table and that 按表更新 leaves as it
    is (in publicity, approved, paid; every difference typed by hand since): why, and what
    to do instead. Disputed rows are the caller's (their own message)."""
    lines = []
    for row, m in sorted(matches.items()):
        ref = id_ref(stream, m.app_id)
        diffs = "；".join(str(d) for d in m.differences)
        if m.locked and m.differences and not m.clash:
            lines.append(f"第 {row} 行：{ref} 该申报{m.locked}，不按表更新（{diffs}）。{m.route}")
        elif by_hand_only(m):
            lines.append(f"第 {row} 行：{ref} {_kept_why(m)}（{diffs}）")
    return lines


def ids_not_taken(matches: dict[int, Any], updating: bool) -> dict[int, str]:
    """Row -> what its union's letter says (``refused_rows``' ``said``) of a registered
    row correcting its paper's first inventor's ID number (``resend.id_correction``'s
    note) that the import did not take: its paper approved or paid, the number a person's
    with an award (a namesake is not the same man: asked), or the clerk not updating from
    the table (``updating`` False: not confirmed). A taken one the next letter confirms
    (``findings_notice.table_id_corrections``); one corrected by hand since is the
    register's word. In the union's words: no screens or options, no other person named."""
    out = {}
    for row, m in matches.items():
        d = next((d for d in m.differences if d.field == "id_number" and d.note), None)
        if d is None or m.clash or d.by_hand or (updating and d in m.takes):
            continue
        out[row] = _id_not_taken(m, d)
    return out


def locked_for_union(stream: str, matches: dict[int, Any]) -> dict[int, str]:
    """Row -> what its union's letter says (``refused_rows``' ``union_words``) of a row
    whose registered paper is past its review (approved, in publicity, paid: ``locked``)
    and differs from the table: the paper stands as registered, the table's values are not
    taken, and a 更正函 is wanted only where the register is wrong. Two numbers masked
    alike say which digits differ, not the digits. ID corrections are ``ids_not_taken``'s."""
    out = {}
    for row, m in matches.items():
        if not m.locked or not m.differences or m.clash:
            continue
        if any(d.field == "id_number" and d.note for d in m.differences):
            continue
        out[row] = _locked_words(stream == PATENT, m.locked,
                                 "；".join(_union_difference(d) for d in m.differences))
    return out


def _locked_words(patent: bool, locked: str, diffs: str) -> str:
    what = "该专利" if patent else "该项目"
    return (f"{what}已登记，{locked}，按登记的各项办理，不随汇总表更改；本行与登记的不同，"
            f"未采用：{diffs}。如系本表填错，无需处理；如登记的有误，请来函更正")


# ``Match.text`` of a locked row, as an import before stop 44 kept it (no union's words)
_LOCKED_WHY = re.compile(r"^(?P<what>专利 \S+ |项目“[^”]*”)已登记（[^）]*）；表中与登记册不同："
                         r"(?P<body>.*?)。该申报(?P<locked>[^，。]+)，不按表更新（选按表更新也不更新）")
_BY_HAND = re.compile(r"（登记册的已于[^）]*修改）")


def locked_said(why: str) -> str:
    """The union's words (:func:`locked_for_union`) for a locked row an earlier import kept
    only in the clerk's (``Match.text``), "" for any other reason: its letter said a
    fragment of the clerk's steps and asked for the row again. The numbers' differing
    places were not kept: the old note (号码不同，中间位已隐去) stands for them."""
    found = _LOCKED_WHY.match(why)
    if found is None:
        return ""
    body = _BY_HAND.sub("", found["body"]).replace("登记册为", "登记为")
    return _locked_words(found["what"].startswith("专利"), found["locked"], body)


def _union_difference(d: Any) -> str:
    """联系电话：登记为 150****3868，表中为 150****3868（第 5 位不同）."""
    from boostdesk.labels import show_value

    stored, table = show_value(d.field, d.stored), show_value(d.field, d.table)
    text = f"{d.label}：登记为“{stored}”，表中为“{table}”"
    if stored == table:
        places = differing_digits(str(d.stored or ""), str(d.table or ""))
        if places:
            text += f"（两号码{places}不同）"
    return text


def differing_digits(a: str, b: str) -> str:
    """第 5、6 位: the places (counting digits only) where two numbers of one length
    differ, so that two numbers masked alike are told apart without showing the digits;
    位数 when their lengths differ."""
    da = [c for c in a if c.isalnum()]
    db = [c for c in b if c.isalnum()]
    if len(da) != len(db):
        return "位数"
    places = [str(i + 1) for i, (x, y) in enumerate(zip(da, db, strict=True)) if x != y]
    return f"第 {'、'.join(places)} 位" if places else ""


def _id_not_taken(match: Any, d: Any) -> str:
    from boostdesk.labels import show_value

    from .duplicates import _shown_number
    from .resend import NAMESAKE

    said = (f"专利 {_shown_number(match.record.patent_number_raw)} 已登记；本行所填第一发明人身份证号 "
            f"{show_value('id_number', d.table)} 与登记的 {show_value('id_number', d.stored)} "
            "不同，未按本行更正：")
    ask = "请提供第一发明人的身份证复印件；如是本表填错，请改正后重新报送"
    if match.locked:
        return (f"{said}该申报{match.locked}，所依据的身份证号不随汇总表更改。确需更正的，"
                "请来函说明并附第一发明人的身份证复印件")
    if NAMESAKE in d.kept:
        held = [x.label for x in match.differences if x.field in ("card_number", "phone")
                and "身份证号待核对" in x.kept]
        return (f"{said}该号码在登记册中已登记在另一份申报的第一发明人名下，{NAMESAKE}，须核实后才能"
                "更正" + (f"（在此之前本行的{'、'.join(held)}也未采用）" if held else "")
                + f"。{ask}")
    return f"{said}同名的第一发明人改填了身份证号，须核对后才能更正，本行各项暂未更新。{ask}"


@dataclass(frozen=True)
class Missing:
    """A union's registered papers of the year that its whole table sent again leaves out."""

    union: str
    year: int
    listed: int  # its registered papers the table lists
    items: tuple[str, ...]  # 项目1（甲创新工作室，“项目J01”）, one a paper
    # the earlier tables they came with, when the table resends those and not the union's
    # every registered paper (some typed at the desk)
    sources: tuple[str, ...] = ()

    def summary(self) -> str:
        from boostdesk.panel.withdrawal import STEP_ZH

        came = ("；均由此前导入的" + "、".join(f"“{s}”" for s in self.sources) + "登记"
                if self.sources else "")
        return (f"登记册中“{self.union}”{self.year} 年度另有 {len(self.items)} 项申报不在本表中"
                f"（本表列出其已登记的 {self.listed} 项{came}）：如申报人已撤回，请凭推荐单位来函"
                f"在登记册中选中该申报，{STEP_ZH}（导入不会删除）")

    def notes(self) -> list[str]:
        """One line a paper (the problem list sent back to the union)."""
        from boostdesk.panel.withdrawal import STEP_ZH

        return [f"登记册中“{self.union}”{self.year} 年度的{item}不在本表中：如申报人已撤回，"
                f"请凭推荐单位来函在登记册中选中该申报，{STEP_ZH}（导入不会删除）"
                for item in self.items]


def whole_table(listed: int, left_out: int) -> bool:
    """Whether a table listing ``listed`` of a union's registered papers (``left_out`` not)
    is its whole summary table sent again: at least half of them. A correction or a
    supplement lists a few (1 of 21), on purpose."""
    return listed > 0 and listed * 2 >= listed + left_out


def _refused_key(stream: str, text: str) -> str:
    """A paper's number (a project's title) as a refused row's cell and the register
    compare: canonical where it reads, else as written without spaces."""
    from boostdesk.models.register import canonical_patent_number
    from boostdesk.validate import normalize_text

    if not text:
        return ""
    if stream == PATENT:
        return canonical_patent_number(text) or "".join(normalize_text(text).split()).upper()
    return "".join(normalize_text(text).split())


def missing(reg: Any, preview: Any, matches: dict[int, Any]) -> list[Missing]:
    """The registered papers of the table's year and unions that a table sent again (one
    with rows registered already) no longer lists, a union's whole table only
    (``whole_table``): an applicant who withdrew is not deleted by a table, the clerk
    records the union's letter; one recorded already is not named again."""
    from boostdesk.models.record_rows import select_in
    from boostdesk.panel.withdrawal import withdrawn as withdrawn_by_letter
    from boostdesk.validate import shown_patent_number, tidy_name

    if not matches:
        return []
    unions = {tidy_name(r.unit_name) for r in preview.records} - {""}
    if not unions:
        return []
    listed_ids = {m.app_id for m in matches.values()}
    if preview.stream == PATENT:
        sql = ("SELECT a.id, u.name, p.name, COALESCE(a.patent_number, a.patent_number_raw), a.title,"
               " a.status, a.status_reason"
               " FROM patent_applications a JOIN campaigns c ON c.id = a.campaign_id"
               " JOIN units u ON u.id = a.unit_id LEFT JOIN people p ON p.id = a.person_id"
               f" WHERE c.year = {int(preview.year)} AND u.name IN")
    else:
        sql = ("SELECT a.id, u.name, s.name, '', a.title, a.status, a.status_reason"
               " FROM project_applications a JOIN campaigns c ON c.id = a.campaign_id"
               " JOIN units u ON u.id = a.unit_id LEFT JOIN studios s ON s.id = a.studio_id"
               f" WHERE c.year = {int(preview.year)} AND u.name IN")
    listed: dict[str, set[int]] = {}
    items: dict[str, dict[int, str]] = {}
    # a row refused (unreadable, or an ID another's) that names a registered paper by its
    # number (a project: its title) lists it all the same: not left out of the table
    refused = {(tidy_name(f.get("unit") or ""), _refused_key(preview.stream, f.get("key") or ""))
               for f in getattr(preview, "refused_facts", {}).values()}
    for app_id, union, who, number, title, status, reason in sorted(
            select_in(reg.conn, sql, unions)):
        if withdrawn_by_letter(status, reason) is not None:
            continue
        if app_id in listed_ids or (union, _refused_key(
                preview.stream, number if preview.stream == PATENT else title)) in refused:
            listed.setdefault(union, set()).add(app_id)
            continue
        what = (f"{who}，{shown_patent_number(number)}，“{title}”" if number
                else f"{who}，“{title}”")
        items.setdefault(union, {})[app_id] = f"{id_ref(preview.stream, app_id)}（{what}）"
    out = []
    for union, found in sorted(items.items()):
        shown = listed.get(union, set())
        if whole_table(len(shown), len(found)):
            out.append(Missing(union, preview.year, len(shown), tuple(found.values())))
            continue
        # the union's table(s) imported before that this one sends again, mostly
        resent = [(name, gone) for name, made in imported_runs(reg, preview.stream, preview.year)
                  if (gone := sorted(made & found.keys()))
                  and whole_table(len(made & shown), len(gone))]
        gone_ids = sorted({i for _name, gone in resent for i in gone})
        if gone_ids:
            names = tuple(dict.fromkeys(name for name, _gone in resent))
            out.append(Missing(union, preview.year, len(shown),
                               tuple(found[i] for i in gone_ids), names))
    return out


def imported_runs(reg: Any, stream: str, year: int) -> list[tuple[str, set[int]]]:
    """Each table imported into ``year`` of ``stream``: its file name and the ids of the
    applications it stored (the ``import`` audit line's first and last id: one
    transaction's, so every id between is its own)."""
    import json

    table = "patent_applications" if stream == PATENT else "project_applications"
    runs = []
    for (after,) in reg.conn.execute(
            "SELECT after FROM audit_events WHERE entity = ? AND entity_id IS NULL"
            " AND action = 'import' ORDER BY id", (table,)):
        facts = json.loads(after or "{}")
        first, last = facts.get("first_id"), facts.get("last_id")
        if facts.get("year") in (None, year) and isinstance(first, int) and isinstance(last, int):
            runs.append((str(facts.get("file") or ""), set(range(first, last + 1))))
    return runs
