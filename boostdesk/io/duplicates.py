"""Rows of a summary table that are in the register already, or twice in the table.

The import dialog marks them and imports them only when asked to skip them; the
command line refuses them unless ``--skip-bad-rows``. A unit's table imported a second
time is all duplicates: nothing of it is stored twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import replace
from typing import Any

from boostdesk.cancel_points import checked, checkpoint
from boostdesk.hanzi_fold import simplified
from boostdesk.models.records import PATENT, PROJECT, id_ref
from boostdesk.models.register import canonical_patent_number
from boostdesk.said_where import aside
from boostdesk.validate import normalize_text, person_key, same_name, shown_patent_number, tidy_name


def find_duplicates(reg: Any, preview: Any) -> dict[int, str]:
    """Sheet row -> why it is already in the register (or earlier in the same sheet).

    Only the applications of the table's patent numbers (or studios) are read, every year's
    by index: a register of ten years read whole for each table took most of a folder's
    import."""
    if preview.stream == PATENT:
        from boostdesk.rules.check import CLAIMS_PATENT_SQL

        def key_of(record: Any) -> str | None:
            return patent_key(canonical_patent_number(record.patent_number_raw),
                              record.patent_number_raw)

        # A later year's application is one only where it claims the number (not refused,
        # not sent a year too early); an earlier year's is no registration of this year's
        # paper: the row is stored and the rules judge it 不合格 (一（三）), as the union is
        # told in its 核对意见 — unless the table is an earlier year's sent again.
        # A number that does not parse (a check digit typed wrong) is stored as typed, with
        # no canonical form: it is matched as typed, or the union's resent table stores it
        # a second time. Of several applications of a number, the last registered is named.
        keys = [key_of(r) for r in checked(preview.records)]  # once: each parses the number
        found = registered_patents(reg, set(keys), f"a.id, c.year, {CLAIMS_PATENT_SQL}")
        checkpoint()
        again = _sent_again(preview, keys,
                            {key for key, (_id, year, _claims) in found if year < preview.year})
        known = {key: (app_id, year) for key, (app_id, year, claims) in found
                 if year == preview.year or (claims and (again or year > preview.year))}
        return _marked(preview, key_of, known,
                       lambda _key, r: f"专利 {_shown_number(r.patent_number_raw)} ")
    from boostdesk.rules.check import Claim, bars_project, repeat_rule, title_key

    def project_key(record: Any) -> tuple[str, str] | None:
        studio = tidy_name(record.studio_name)
        return (studio, title_key(record.title)) if studio else None

    # An earlier year's application is no registration of this year's paper: the row is
    # stored and the rules judge it (二（二）2: one funded, or listed to be, cannot apply
    # again) — unless the table is an earlier year's sent again: then one the rules make
    # the row a repeat of is named, with the rule it breaks. Of several, the last
    # registered is named.
    projects = registered_projects(reg, {tidy_name(r.studio_name) for r in preview.records},
                                   "a.id, c.year, a.status")
    again = _sent_again(preview, [project_key(r) for r in preview.records],
                        {(studio, title_key(title)) for studio, title, _id, year, _state
                         in projects if year < preview.year})
    known_projects: dict[tuple[str, str], tuple[int, int]] = {}
    status: dict[int, str] = {}
    for studio, title, app_id, year, state in projects:
        if bars_project(preview.year, year, state) and (year == preview.year or again):
            known_projects[(studio, title_key(title))] = (app_id, year)
            status[app_id] = state
    marked = _marked(preview, project_key, known_projects, lambda _k, r: f"项目“{r.title}”")
    for row, record in zip(preview.rows, preview.records, strict=True):
        key = project_key(record)
        if row in marked and key in known_projects and known_projects[key][1] < preview.year:
            app_id, year = known_projects[key]
            marked[row] += "：" + repeat_rule(reg.campaign(preview.year), preview.year,
                                             Claim(app_id, year, status[app_id]))
    return marked


def _sent_again(preview: Any, keys: list[Any], earlier: set[Any]) -> bool:
    """Whether the table is an earlier year's sent again (its title cut, or imported under
    this year): two rows or more, and half of them, registered in earlier years
    (``resend.earlier_year`` says so). Such rows are refused as registered; a repeat
    among this year's papers is stored, for the rules to judge."""
    repeated = sum(1 for key in keys if key in earlier)
    return repeated >= 2 and repeated * 2 >= len(preview.records)


# +a.campaign_id: by the number's index (or the studio's), not the campaign's every application
_PATENTS = " FROM patent_applications a JOIN campaigns c ON c.id = +a.campaign_id"


def registered_patents(reg: Any, keys: Iterable[str | None], columns: str,
                       where: str = "1", params: Sequence[Any] = ()
                       ) -> list[tuple[str, tuple[Any, ...]]]:
    """(``patent_key``, the row's ``columns``) of each registered patent application (``a``,
    of campaign ``c``, meeting ``where``) whose number is one of ``keys``, in id order.

    The canonical numbers are looked up by their index; the applications stored without
    one (a number typed wrong, which are few) are read too: such a number may be a key's
    with its check character missing or wrong (``patent_key``)."""
    from boostdesk.models.record_rows import select_in

    wanted = {k for k in keys if k}
    if not wanted:
        return []
    numbers = [k for k in wanted if not k.startswith(TYPED)]
    select = f"SELECT a.id, a.patent_number, a.patent_number_raw, {columns}{_PATENTS} WHERE {where}"
    rows = select_in(reg.conn, f"{select} AND a.patent_number IN", numbers, params)
    rows += reg.conn.execute(
        f"{select} AND (a.patent_number IS NULL OR a.patent_number = '')", params).fetchall()
    rows.sort(key=lambda row: row[0])
    out: list[tuple[str, tuple[Any, ...]]] = []
    for _id, number, raw, *rest in rows:
        key = patent_key(number, raw)
        if key in wanted:
            out.append((key, tuple(rest)))
    return out


def registered_projects(reg: Any, studios: Iterable[str], columns: str, where: str = "1",
                        params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """(studio name, title, the row's ``columns``) of each registered project application
    (``a``, of campaign ``c``, meeting ``where``) of these studios (tidy names), in id order."""
    from boostdesk.models.record_rows import select_in

    rows = select_in(
        reg.conn, f"SELECT a.id, s.name, a.title, {columns} FROM project_applications a"
        " JOIN campaigns c ON c.id = +a.campaign_id JOIN studios s ON s.id = a.studio_id"
        f" WHERE {where} AND s.name IN", set(studios), params)
    rows.sort(key=lambda row: row[0])
    return [row[1:] for row in rows]


TYPED = "typed:"  # a number stored as typed: no canonical form
_NUMBER_NOISE = re.compile(r"^(?:专利申请号|专利号|申请号)\s*:?\s*|[\s.·。]")


def patent_key(number: str | None, raw: str, *, recover: bool = True) -> str | None:
    """The canonical number; else, for a number whose check character is missing or
    wrong, the canonical number of its application number's digits (ZL202110147147 and
    ZL202110147147.5 are the registered ZL202110147147.3: the same patent, another
    inventor's claim on it a dispute); else the typed one without its prefix, spaces and
    dot ("ZL 2021 1 0123456.0" and "202110123456.0" are one number). ``recover`` False:
    not the digits' number — what tells a number as written from its correction."""
    if number:
        return number
    from boostdesk.validate import recovered_patent_number

    recovered = recovered_patent_number(raw) if recover else None
    if recovered:
        return recovered
    typed = _NUMBER_NOISE.sub("", normalize_text(raw)).upper()
    typed = typed.removeprefix("ZL").removeprefix("CN")
    return f"{TYPED}{typed}" if typed else None


def _shown_number(raw: str) -> str:
    return shown_patent_number(raw)


def _marked(preview: Any, key_of: Callable[[Any], Any], known: dict[Any, tuple[int, int]],
            named: Callable[[Any, Any], str]) -> dict[int, str]:
    out: dict[int, str] = {}
    seen: dict[Any, int] = {}
    firsts: dict[Any, Any] = {}  # key -> its first row's record
    for row, record in zip(preview.rows, preview.records, strict=True):
        checkpoint()  # the preview's checking, cancelled: stops here
        key = key_of(record)
        if not key:
            continue
        if key in known:
            app_id, year = known[key]
            out[row] = f"{named(key, record)}已登记（{year} 年度，{id_ref(preview.stream, app_id)}）"
        elif key in seen:
            out[row] = (f"{named(key, record)}与第 {seen[key]} 行重复"
                        + _rival_text(seen[key], firsts[key], record, preview.stream))
        else:
            seen[key] = row
            firsts[key] = record
    return out


def _rival_text(row: int, first: Any, record: Any, stream: str) -> str:
    """A patent's second row naming another first inventor than its first row: two people
    each claiming to be the one the plan pays (一（一）), said so, not a mere repeat."""
    from boostdesk.rules.check import inventor_key

    if stream != PATENT:
        return ""
    mine, theirs = inventor_key(record.id_number), inventor_key(first.id_number)
    if mine and theirs:
        other = mine != theirs
    else:
        other = bool(record.inventor_name and first.inventor_name) and tidy_name(
            record.inventor_name) != tidy_name(first.inventor_name)
    if not other:
        return ""
    # a dispute as a row claiming a registered paper is (``resend.clash``), with its route:
    # the first row is stored, corrected on its form if it is the wrong one
    return (f"（第 {row} 行的第一发明人为{first.inventor_name}（{first.unit_name or '推荐单位未填'}"
            f"推荐），本行为{record.inventor_name}（{record.unit_name or '推荐单位未填'}推荐）："
            "两人都称是该专利的第一发明人，属争议，本行不导入。请按专利证书核定第一发明人："
            f"如第 {row} 行有误，请在导入后于“专利助推”中打开该申报更正（留有修改记录）；"
            f"如本行有误，请{record.unit_name or '报送单位'}改正）")


def without_rows(preview: Any, rows: list[int]) -> Any:
    """The preview without the records of these sheet rows."""
    if not rows:
        return preview
    drop = set(rows)
    kept = [(r, rec) for r, rec in zip(preview.rows, preview.records, strict=True)
            if r not in drop]
    return replace(preview, rows=[r for r, _ in kept], records=[rec for _, rec in kept])


_FACTS = (("studio_level", "工作室级别"), ("model_studio", "是否示范性"), ("leader", "领衔人"),
          ("unit_name", "推荐单位"), ("enterprise_name", "所在单位"))
KEEP_HINT = "（确有变化请在“工作室”中修改，或选择按表中信息更新已登记的工作室）"
# A table sent again whose registered rows are left as registered: their studio facts too.
REGISTERED_HINT = ("（已登记的申报未按表更新，其工作室也不按表更新；确有变化请在“工作室”中修改，"
                   "或选择按表更新已登记的申报）")


def _fixed_payees(reg: Any, fixed: dict[str, str]) -> dict[str, tuple[str, str, str]]:
    """Studio -> (what its projects with a fixed payee are: 已拨付, or — the bank having
    sent some of their money back (退汇, owed again) — 已汇出助推款; those projects by
    payee; what was sent, where some came back, as sent_text says it), for a note. One
    look-up of their payments, however many studios."""
    from boostdesk.models.payment_marks import sent_counts, sent_text

    ids = {name: [int(i.partition(":")[0]) for i in concat.split("|")]
           for name, concat in fixed.items()}
    sent = sent_counts(reg.conn, "project", [i for v in ids.values() for i in v])
    out: dict[str, tuple[str, str, str]] = {}
    for name, concat in fixed.items():
        paid = sum(sent.get(i, (0, 0))[0] for i in ids[name])
        returned = sum(sent.get(i, (0, 0))[1] for i in ids[name])
        out[name] = (("已汇出助推款", _paid_payees(concat),
                      f"，其助推款{sent_text(paid, returned)}，被银行退回的也向它重拨")
                     if returned else ("已拨付", _paid_payees(concat), ""))
    return out


def _paid_hint(paid: tuple[str, str, str]) -> str:
    """A paid studio's enterprise kept as registered: the table's would not move its
    payments either, a misspelling is corrected on the enterprise (``_fixed_payees``)."""
    return (f"（{paid[0]}的项目（{paid[1]}）{paid[2]}，收款单位按表更新也不会改；如只是写法不同，"
            "请在“单位与人员”→“所在单位”中更正）")


def _paid_payees(concat: str) -> str:
    """“1:甲公司|4:甲公司” (projects) as 项目1、项目4：“甲公司”."""
    by: dict[str, list[str]] = {}
    for item in concat.split("|"):
        app_id, _, payee = item.partition(":")
        by.setdefault(payee, []).append(id_ref(PROJECT, int(app_id)))
    return "；".join(f"{'、'.join(ids)}：“{payee}”" for payee, ids in by.items())


def _row_facts(record: Any) -> dict[str, Any]:
    """A table row's facts of its studio; what it leaves blank says nothing."""
    facts = {"studio_level": record.studio_level, "model_studio": record.model_studio,
             "leader": tidy_name(record.leader), "unit_name": tidy_name(record.unit_name),
             "enterprise_name": tidy_name(record.enterprise_name)}
    return {k: v for k, v in facts.items() if v not in (None, "")}


def _shown(fact: str, value: Any) -> str:
    from boostdesk.models.campaign import LEVEL_ZH

    if fact == "model_studio":
        return "是" if value else "否"
    return LEVEL_ZH.get(value, value) if fact == "studio_level" else str(value)


# an enterprise the register spells wrongly is corrected once, for all its studios and papers
SPELLING_HINT = "（如登记册的写法有误，请在“单位与人员”→“所在单位”中更正）"

# where a studio written otherwise is taken as the registered one on import (the window's
# box, the command's option): said with the note on such a row
_TAKE_REGISTERED = "，或导入时勾选“按已登记的工作室登记名称相近的工作室”"


def table_studio_notes(reg: Any, preview: Any, stored: Collection[int],
                       registered: Collection[int], taken: bool, update: bool,
                       keep_hint: str = KEEP_HINT,
                       kept: dict[tuple[int, str], Any] | None = None,
                       changed: set[int] | None = None,
                       respell: bool | None = None) -> list[tuple[int, str]]:
    """:func:`studio_notes` of a table's rows to be ``stored`` and of its rows registered this
    year already (a table sent again). When the clerk takes the registered rows (``taken``:
    按表更新已登记的申报) their studio facts are the table's as the new rows' are, one pass in
    the sheet's order as ``commit`` stores them; otherwise they are said, never taken. Then
    :func:`in_review_notes` of the rows to be stored."""
    storing = set(stored)  # once: built per row, 20,000 rows took 7.7 s (quadratic)
    new = without_rows(preview, [r for r in preview.rows if r not in storing])
    if taken:
        rows = storing | set(registered)
        return [*studio_notes(reg, without_rows(preview, [r for r in preview.rows if r not in rows]),
                              update, keep_hint, kept, changed, respell),
                *in_review_notes(reg, new)]
    return [*studio_notes(reg, new, update, keep_hint, kept, changed, respell),
            *registered_studio_notes(reg, preview, registered),
            *in_review_notes(reg, new)]


def in_review_notes(reg: Any, preview: Any) -> list[tuple[int, str]]:
    """(sheet row, 提示) for each row whose studio's project of its title is still in review
    in an earlier year (``rules.check.in_review_of``): stored, with the caution its verdict
    will carry (二（二）2: if that one is funded, this one may not be)."""
    from boostdesk.rules.check import Claim, in_review_finding, in_review_of, title_key

    if preview.stream == PATENT or not preview.records:
        return []
    claims: dict[tuple[str, str], list[Claim]] = {}
    for studio, title, app_id, year, state in registered_projects(
            reg, {tidy_name(r.studio_name) for r in preview.records} - {""},
            "a.id, c.year, a.status", "c.year < ?", (preview.year,)):
        claims.setdefault((studio, title_key(title)), []).append(Claim(app_id, year, state))
    if not claims:
        return []
    campaign = reg.campaign(preview.year)
    out: list[tuple[int, str]] = []
    for row, record in zip(preview.rows, preview.records, strict=True):
        same = sorted(claims.get((tidy_name(record.studio_name), title_key(record.title)), ()),
                      key=lambda c: (c.year, c.app_id))
        claim = in_review_of(same, replace(record, campaign_year=preview.year)) if same else None
        if claim is not None:
            out.append((row, f"第 {row} 行：{in_review_finding(campaign, claim).message}"))
    return out


def registered_studio_notes(reg: Any, preview: Any, registered: Collection[int]) -> list[tuple[int, str]]:
    """:func:`studio_notes` of the rows registered this year already (a table sent again)
    that the clerk leaves as registered: their studio facts are not taken either, so a
    level or leader given otherwise is said, not passed over in silence."""
    rows = set(registered)
    if not rows:
        return []
    return studio_notes(reg, without_rows(preview, [r for r in preview.rows if r not in rows]),
                        False, REGISTERED_HINT)


def studio_notes(reg: Any, preview: Any, update: bool = False,
                 keep_hint: str = KEEP_HINT,
                 kept: dict[tuple[int, str], Any] | None = None,
                 changed: set[int] | None = None,
                 respell: bool | None = None) -> list[tuple[int, str]]:
    """(sheet row, 提示) for every studio fact a table gives otherwise than the register or than
    an earlier row of the same studio, saying which is stored — as ``commit`` stores it
    (``Register.insert_projects`` with ``studio_facts`` REGISTER, or TABLE when ``update``):
    a registered studio keeps its facts unless ``update``; the first row giving a fact of
    a studio settles it for the table; an awarded studio keeps its level. One look-up of
    the table's studios, however many rows.

    ``kept``, when given, is filled with (sheet row, fact) -> the value stored instead of
    the row's, for each fact a row gives and the studio does not take; ``changed`` with the
    rows whose facts change a studio the register has (filled or overwritten).

    A studio's enterprise written otherwise (…有限公司 / …有限责任公司: ``enterprises_differ``)
    is no other enterprise: kept as the register's (or the earlier row's) spelling, no
    second one registered (``Batch``: ``keeps_enterprise``), unless ``respell`` (by default
    ``update``: the clerk takes the table's facts, its spelling a correction)."""
    respell = update if respell is None else respell
    from boostdesk.models.campaign import LEVEL_ZH
    from boostdesk.models.record_rows import select_in
    from boostdesk.near_names import difference
    from boostdesk.studio_names import enterprises_differ

    if preview.stream == PATENT:
        return []
    names = {tidy_name(r.studio_name) for r in preview.records} - {""}
    known: dict[str, dict[str, Any]] = {}
    awarded: set[str] = set()
    fixed: dict[str, str] = {}  # studio -> its projects with a payee fixed, "1:甲公司|4:…"
    for name, level, model, leader, unit, enterprise, has_award, payees in select_in(
        reg.conn,
        "SELECT s.name, s.level, s.model_studio, s.leader, u.name, e.name, EXISTS (SELECT 1"
        " FROM project_applications a WHERE a.studio_id = s.id AND a.award_fen IS NOT NULL),"
        # a project's payee is fixed at its first transfer (migration 11; keep_payee)
        " (SELECT GROUP_CONCAT(a.id || ':' || p.name, '|') FROM project_applications a"
        " JOIN enterprises p ON p.id = a.payee_enterprise_id WHERE a.studio_id = s.id)"
        " FROM studios s LEFT JOIN units u ON u.id = s.unit_id"
        " LEFT JOIN enterprises e ON e.id = s.enterprise_id WHERE s.name IN", names,
    ):
        if payees:
            fixed[name] = payees
        facts = {"studio_level": level, "model_studio": bool(model), "leader": leader or "",
                 "unit_name": unit or "", "enterprise_name": enterprise or ""}
        known[name] = {k: v for k, v in facts.items() if v not in (None, "")}
        if has_award and level is not None:
            awarded.add(name)
    paid = _fixed_payees(reg, fixed)
    def near_note(row: int, name: str, record: Any) -> str | None:
        """A new studio near a registered one, as the intake form asks it (``studio_names``:
        the registered studios read once, when a new name needs them)."""
        from boostdesk.rules.check import unfinished_award
        from boostdesk.studio_names import BY_PEOPLE, registered_near, registered_same, why_alike

        found = registered_near(reg, name, record.leader, record.enterprise_name, many=True)
        if not found:
            return None
        near, by_name = found[0].studio, found[0].by_name
        award = unfinished_award(reg, preview.year, near.id) if near.id is not None else None
        barred = (f"。“{near.name}”{award.standing()}，如为同一工作室，"
                  f"不能申报（{reg.campaign(preview.year).clause('project_scope')}）：新工作室的申报"
                  "带此提示" if award else "")
        # the option takes it only when the rule names one studio (of his leader, if given)
        take = _TAKE_REGISTERED + aside("import --registered-studios") if by_name and registered_same(
            reg, name, record.leader) is not None else ""
        return (f"第 {row} 行：登记册中没有“{name}”，但有{why_alike(name, near.name) if by_name else BY_PEOPLE}的"
                f"“{near.name}”：按新工作室登记；如为同一工作室，请把表中名称改为“{near.name}”后"
                f"重新导入{take}（否则不计其往年助推和申报项数）{barred}")

    state: dict[str, tuple[dict[str, Any], dict[str, int]]] = {}  # facts, row settling each
    out: list[tuple[int, str]] = []
    for row, record in zip(preview.rows, preview.records, strict=True):
        name = tidy_name(record.studio_name)
        if not name:
            continue
        given = _row_facts(record)
        if name not in state:
            if name not in known:
                state[name] = (dict(given), dict.fromkeys(given, row))
                if (note := near_note(row, name, record)) is not None:
                    out.append((row, note))
                continue
            state[name] = (dict(known[name]), {})
        facts, by = state[name]
        for fact, label in _FACTS:
            if fact not in given:
                continue
            new, old = given[fact], facts.get(fact)
            if old is None or old == new:
                if old is None and name in known and changed is not None:
                    changed.add(row)  # a blank of the register's studio filled
                facts[fact] = new
                by.setdefault(fact, row)
                continue
            was, now = _shown(fact, old), _shown(fact, new)
            if fact == "enterprise_name" and not respell and not enterprises_differ(old, new):
                # one enterprise written two ways (有限公司 / 有限责任公司): the studio keeps
                # its own, no new enterprise is registered, nothing of the studio changes
                if kept is not None:
                    kept[(row, fact)] = old
                whose = f"第 {by[fact]} 行" if fact in by else "登记册"
                hint = ("" if fact in by else _paid_hint(paid[name]) if name in paid
                        else SPELLING_HINT)
                out.append((row, f"第 {row} 行：工作室“{name}”的所在单位表中写作{now}，{whose}为"
                                 f"{was}（{difference(now, was)}），是同一所在单位：按{whose}的写法"
                                 f"登记，不另登记所在单位{hint}"))
                continue
            # 孫麗華 for 孙丽华: one name written in traditional characters, not another's
            folded = "（只差繁体字与简体字）" if fact in ("leader", "enterprise_name") and \
                simplified(str(old)) == simplified(str(new)) else ""
            if kept is not None and not (update and fact not in by and not (
                    fact == "studio_level" and name in awarded)):
                kept[(row, fact)] = old
            if fact in by:
                out.append((row, f"第 {row} 行：工作室“{name}”的{label}为{now}，与第 {by[fact]} 行"
                                 f"的{was}{folded.strip('（）') or '不同'}：按第 {by[fact]} 行登记"))
            elif fact == "studio_level" and name in awarded:
                out.append((row, f"第 {row} 行：工作室“{name}”已按{LEVEL_ZH[old]}获助推，表中为"
                                 f"{LEVEL_ZH[new]}：仍按{LEVEL_ZH[old]}登记（级别确有变化请在“工作室”中修改）"))
            elif update:
                facts[fact], by[fact] = new, row
                if changed is not None:
                    changed.add(row)
                moved = (f"。其{paid[name][0]}的项目仍拨付给原收款单位（{paid[name][1]}）"
                         f"{paid[name][2]}，拨付清单和审批表照旧；如只是“{was}”写错，请不按表更新，"
                         "而在“单位与人员”→“所在单位”中更正"
                         if fact == "enterprise_name" and name in paid else "")
                out.append((row, f"第 {row} 行：工作室“{name}”的{label}由登记册的{was}改为表中的"
                                 f"{now}，该工作室的其他申报随之重新核对{moved}"))
            else:
                hint = (_paid_hint(paid[name]) if fact == "enterprise_name" and name in paid
                        else keep_hint)
                out.append((row, f"第 {row} 行：工作室“{name}”的{label}表中为{now}，登记册为"
                                 f"{was}{folded}：按登记册登记{hint}"))
    return out


_PERSON_FACTS = (("name", "姓名"), ("card_number", "工会会员互助服务卡号"), ("phone", "联系电话"))


def person_notes(reg: Any, preview: Any, *, old_ids: bool = True) -> list[tuple[int, str]]:
    """(sheet row, 提示) for every row giving a registered person (by ID number), or a person
    of an earlier row, another name, card or phone; and for every 15-digit ID read as its
    18-digit number (``old_ids``; ``old_ids`` False: not those, said at once by
    ``old_ids_text``). The table's is stored (as a paper's
    is), so each change is named: a name or phone is the person's, shown on their other
    applications too; a card is the application's own, where its award is paid (the
    others keep theirs: migration 10). ID, card and phone numbers are masked (two phones
    that mask alike said to differ). A phone changed on papers another union sent names
    them: that union's number is replaced by this table's (the newest a person gave is
    his, most likely), said so the clerk checks with him."""
    from boostdesk.labels import MASKED_DIFFER
    from boostdesk.models.record_rows import select_in
    from boostdesk.old_ids import converted_note
    from boostdesk.safety.privacy import mask_phone, mask_text
    from boostdesk.validate import person_key, tidy_card, tidy_phone

    if preview.stream != PATENT:
        return []
    keys = {person_key(r.id_number) for r in checked(preview.records)} - {""}
    state: dict[str, tuple[dict[str, str], dict[str, int]]] = {
        number: ({"name": name, "card_number": card or "", "phone": phone or ""}, {})
        for number, name, card, phone in select_in(
            reg.conn, "SELECT id_number, name, card_number, phone FROM people"
            " WHERE id_number IN", keys)}
    out: list[tuple[int, str]] = []
    converted = preview.old_ids if old_ids else {}
    for row, record in zip(preview.rows, checked(preview.records), strict=True):
        number = person_key(record.id_number)
        if not number:
            continue
        if row in converted:  # the paper's number is not the register's: said
            out.append((row, f"第 {row} 行：{converted_note(number)}"))
        given = {"name": tidy_name(record.inventor_name), "card_number": tidy_card(record.card_number),
                 "phone": tidy_phone(record.phone)}
        if number not in state:
            state[number] = (given, {k: row for k, v in given.items() if v})
            continue
        facts, by = state[number]
        for fact, label in _PERSON_FACTS:
            new, old = given[fact], facts[fact]
            if fact == "name" and same_name(new, old):
                continue  # 买买提艾力 for 买买提·艾力: the spelling he has is kept
            if new and old and new != old:
                whose = f"第 {by[fact]} 行" if fact in by else "登记册"
                now, was = new, old
                if fact == "phone":  # a landline too, which no pattern in a text knows
                    now, was = mask_phone(new), mask_phone(old)
                    now += MASKED_DIFFER if now == was else ""
                then = ("本行申报按表中卡号登记、拨付，此人其他申报的卡号不变，请核对"
                        if fact == "card_number"
                        else "按本行登记，此人的其他申报也随之改变，请核对")
                if fact == "phone" and fact not in by:
                    then += _other_unions(reg, number, record.unit_name)
                out.append((row, mask_text(
                    f"第 {row} 行：身份证号 {number}（{facts['name']}）的{label}表中为 {now}，{whose}为"
                    f" {was}：{then}")))
            if new:
                facts[fact], by[fact] = new, row
    return out


def _other_unions(reg: Any, number: str, union: str) -> str:
    """"；其中专利63是朝阳区总工会报送的…" when the person's registered papers a phone change
    reaches include another union's: its number is replaced by this table's."""
    papers = [(app_id, name) for app_id, name in reg.conn.execute(
        "SELECT a.id, COALESCE(u.name, '') FROM patent_applications a"
        " JOIN people p ON p.id = a.person_id LEFT JOIN units u ON u.id = a.unit_id"
        " WHERE p.id_number = ? ORDER BY a.id", (number,))
        if tidy_name(name) != tidy_name(union)]
    if not papers:
        return ""
    unions = list(dict.fromkeys(name or "（无推荐单位）" for _id, name in papers))
    refs = "、".join(id_ref(PATENT, app_id) for app_id, _name in papers[:5]) + (
        f"等 {len(papers)} 份" if len(papers) > 5 else "")
    return (f"；其中{refs}是{'、'.join(unions)}报送的，其联系电话也由该单位所报的号码改为本表的"
            "（联系电话是此人的，以最新报送的为准），请与本人核实")


def old_ids_text(preview: Any) -> str | None:
    """The rows whose 15-digit resident ID was read as its 18-digit number, said at once
    (a 2013 table has a hundred of them: a line each buries the rest), or None."""
    from boostdesk.old_ids import converted_note

    from .import_verdicts import row_list

    rows = [row for row in preview.rows if row in preview.old_ids]
    if not rows:
        return None
    first = preview.records[preview.rows.index(rows[0])].id_number
    return (f"{row_list(rows)}的身份证号是 15 位旧号，已换算为 18 位登记（如第 {rows[0]} 行 "
            f"{converted_note(first).partition('：')[2]}）")


def refuse_renamed_payees(reg: Any, preview: Any) -> Any:
    """The preview with each row that gives an inventor whose award is paid or approved
    another name moved to its refused rows: the register refuses such a table whole
    (``Register.insert_patents``), and the preview said 可导入 for it.

    A row that is a registered paper of the year (its patent number, its union) giving
    another ID number than the paper's is not a rename but an ID number typed wrong: said
    so, and how it is put right. The union's words (``CellError.union``: 复制问题清单, the
    letter) name neither the other person nor his payment: he may be another union's."""
    from boostdesk.models.register import CORRECT_NAME
    from boostdesk.safety.privacy import mask_text

    from .errors import CellError

    if preview.stream != PATENT:
        return preview
    awarded = reg.awarded_people({person_key(r.id_number) for r in preview.records} - {""})
    if not awarded:
        return preview
    header = preview.columns.get("inventor_name", "第一发明人")
    refused: list[CellError] = []
    for row, record in zip(preview.rows, preview.records, strict=True):
        found = awarded.get(person_key(record.id_number))
        name = tidy_name(record.inventor_name)
        if found is None or not name or same_name(name, found[0]):
            continue
        registered, app_id, year, state = found  # 已登记拨付, 已汇出 …（被银行退回…）, 已核准
        number = person_key(record.id_number)
        theirs = f"在登记册中是“{registered}”，其 {year} 年度{id_ref(PATENT, app_id)} 的助推款{state}"
        paper = _registered_paper(reg, preview.year, record)
        if paper is not None:
            ref, was = id_ref(PATENT, paper[0]), person_key(paper[1] or "")
            said = (f"专利 {_shown_number(record.patent_number_raw)} 已登记（{preview.year} 年度，"
                    f"{ref}，第一发明人“{paper[2] or name}”，身份证号 {was}）；本表所填身份证号 "
                    f"{number} {theirs}，不是“{name}”：不能把{ref}改到此人名下。请向推荐单位核对"
                    f"“{name}”的身份证号，改正本表后重新报送；如{ref}登记的身份证号也错了，请在"
                    f"“专利助推”中打开{ref}更正（留有修改记录）")
            union = (f"已登记的专利 {_shown_number(record.patent_number_raw)}，本次所填第一发明人"
                     f"“{name}”的身份证号与登记册中另一人的相同，请核对“{name}”的身份证号，"
                     "改正后重新报送本行")
        else:
            said = (f"身份证号 {number} {theirs}，不能由汇总表改名为“{name}”：请核对该行；"
                    f"如是登记册写错（以身份证为准），{CORRECT_NAME}")
            union = (f"所填身份证号与登记册中另一人的相同，请核对“{name}”的身份证号，"
                     "改正后重新报送本行")
        refused.append(CellError(row, header, mask_text(said), union))
    if not refused:
        return preview
    drop = {e.row for e in refused}
    kept = without_rows(preview, sorted(drop))
    from .refused_rows import record_facts  # who each row was, for the union's letter

    facts = {row: record_facts(r) for row, r in zip(preview.rows, preview.records, strict=True)
             if row in drop}
    return replace(kept, errors=sorted([*preview.errors, *refused], key=lambda e: e.row),
                   refused_facts={**preview.refused_facts, **facts})


def _registered_paper(reg: Any, year: int, record: Any) -> tuple[Any, ...] | None:
    """(id, ID number, first inventor's name) of the registered patent of ``year`` with the
    row's number and union, or None: the row is that paper sent again."""
    union = tidy_name(record.unit_name or "")
    key = patent_key(canonical_patent_number(record.patent_number_raw), record.patent_number_raw)
    for _key, row in registered_patents(
            reg, [key], "a.id, COALESCE((SELECT id_number FROM people WHERE id = a.person_id),"
            " a.reported_id_number), (SELECT name FROM people WHERE id = a.person_id),"
            " (SELECT name FROM units WHERE id = a.unit_id)", "c.year = ?", (year,)):
        if union and tidy_name(row[3] or "") == union:
            return row[:3]
    return None


def keep_corrected_names(reg: Any, preview: Any) -> tuple[Any, list[tuple[int, str]]]:
    """The preview with each row naming, by ID number, a person whose name the clerk
    corrected (人员 → 更正姓名, with its reason) given the register's name, and a 提示 for
    each: a union's table keeps the spelling it had, and stored it renamed him back on every
    paper, his approval sheet and payment lines too. To take the table's spelling, correct
    the name again on 人员."""
    import json

    from boostdesk.models.record_rows import select_in

    if preview.stream != PATENT:
        return preview, []
    keys = {person_key(r.id_number) for r in checked(preview.records)} - {""}
    corrected: dict[str, tuple[int, str, str, str]] = {}  # ID -> event id, name, at, operator
    for event_id, number, name, at, operator, after in select_in(
            reg.conn, "SELECT e.id, p.id_number, p.name, e.at, e.operator, e.after"
            " FROM people p JOIN audit_events e ON e.entity = 'people' AND e.entity_id = p.id"
            " AND e.action = 'correct_name' WHERE p.id_number IN", keys):
        # the name he has is the one corrected to (tidied: written before migration 14,
        # the trail's name has its brackets ASCII)
        if tidy_name(json.loads(after or "{}").get("name")) == name and event_id > corrected.get(
                number, (0,))[0]:
            corrected[number] = (event_id, name, str(at)[:10], operator)
    if not corrected:
        return preview, []
    notes: list[tuple[int, str]] = []
    records = []
    for row, record in zip(preview.rows, preview.records, strict=True):
        found = corrected.get(person_key(record.id_number))
        typed = tidy_name(record.inventor_name)
        if found is not None and typed and not same_name(typed, found[1]):
            _event, name, at, operator = found
            notes.append((row, f"第 {row} 行：第一发明人表中为“{typed}”，登记册中此人（同一身份证号）"
                               f"的姓名已于 {at} 由 {operator} 更正为“{name}”：按登记册的“{name}”"
                               "登记；如表中的写法才对，请在“单位与人员”→“人员”中再次更正"))
            record = replace(record, inventor_name=name)
        records.append(record)
    return (replace(preview, records=records) if notes else preview), notes


# The window's box and the command's option taking a table's spelling of a registered
# person's name (``registered_names``)
RENAME_BOX = "按表中姓名更正已登记人员的姓名"
RENAME_OPTION = "--rename-people"


def registered_names(reg: Any, preview: Any, rename: bool = False,
                     registered: Collection[int] = ()
                     ) -> tuple[Any, list[tuple[int, str]], dict[int, tuple[str, str]]]:
    """The preview with each row naming, by ID number, a registered person under another
    spelling given the register's name, unless the clerk chose the table's (``rename``);
    the question of each row asked about (none when ``rename``: ``person_notes`` names
    each rename); and row -> (registered name, the table's) of the rows asked about.

    A person is one across all unions' papers: a table's 张玮 for the registered 张伟
    renamed him on every paper, approval sheet and payment line with a mere note, the row
    saying 可导入. One spelling that differs only by the middle dot (买买提艾力, 买买提•艾力
    for 买买提·艾力) is his name: the register's spelling, nothing asked. A real difference
    is a question for the clerk, as the form asks it: the registered name kept (a typo in
    the table, or an ID number typed wrong) unless she takes the table's. The rows that
    are ``registered`` papers (a table sent again: ``resend.compare``) are left to say their
    differences field by field, taken only on 按表更新."""
    from boostdesk.models.record_rows import select_in
    from boostdesk.safety.privacy import mask_text

    if preview.stream != PATENT:
        return preview, [], {}
    keys = {person_key(r.id_number) for r in checked(preview.records)} - {""}
    facts = {number: (name, card, phone) for number, name, card, phone in select_in(
        reg.conn, "SELECT id_number, name, card_number, phone FROM people WHERE id_number IN",
        keys)}
    names = {number: fact[0] for number, fact in facts.items()}
    header = preview.columns.get("inventor_name", "第一发明人")
    notes: list[tuple[int, str]] = []
    asked: dict[int, tuple[str, str]] = {}
    records = []
    changed = False
    first: dict[str, tuple[int, str]] = {}  # a new ID number -> its first row and spelling
    # a new ID number -> its card and phone as the table's earlier rows set them (the row
    # that set each): what a later row asked about must not overwrite
    given: dict[str, dict[str, tuple[str, int]]] = {}
    for row, record in zip(preview.rows, preview.records, strict=True):
        number = person_key(record.id_number)
        name = names.get(number) if number else None
        typed = tidy_name(record.inventor_name)
        if name is None and number and typed and row not in registered:
            # a new person named twice in the table (欧阳娜娜, 欧阳那那): asked on the later
            # row as for a registered person, the first row's spelling kept
            seen = first.setdefault(number, (row, typed))
            if seen[0] != row and not same_name(seen[1], typed) and not rename:
                # the ID may be the wrong one (another's copied from the earlier row): the
                # card and phone that row gave him are not overwritten from this one
                earlier = given.get(number, {})
                held_back: dict[str, Any] = {
                    f: earlier[f][0] for f in ("card_number", "phone") if f in earlier
                    and getattr(record, f) not in (None, "")
                    and _tidy_fact(f, getattr(record, f)) != earlier[f][0]}
                held = _held_text(held_back, {f: f"第 {earlier[f][1]} 行" for f in held_back})
                notes.append((row, mask_text(
                    f"第 {row} 行：“{header}”表中为“{typed}”，本表第 {seen[0]} 行同一身份证号 "
                    f"{number} 为“{seen[1]}”：是同一人吗？按第 {seen[0]} 行的“{seen[1]}”登记；"
                    f"如“{typed}”才对，请选“{RENAME_BOX}”（命令行加 {RENAME_OPTION}）重新导入，"
                    "或导入后在“单位与人员”→“人员”中更正姓名；如是身份证号填错，请报送单位改正"
                    f"{held}")))
                asked[row] = (seen[1], typed)
                records.append(replace(record, inventor_name=seen[1], **held_back))
                changed = True
                continue
            settled = given.setdefault(number, {})
            for f in ("card_number", "phone"):
                if value := _tidy_fact(f, getattr(record, f)):
                    settled[f] = (value, row)
        if name is None or not typed or typed == name or row in registered:
            records.append(record)
            continue
        if same_name(typed, name):  # the dot left out or written otherwise
            records.append(replace(record, inventor_name=name))
            changed = True
            continue
        where = f"第 {row} 行：“{header}”表中为“{typed}”，登记册中同一身份证号 {number} 为“{name}”"
        if rename:  # taken: ``person_notes`` says the rename, as of any row renaming
            records.append(record)
            continue
        # the ID may be the wrong one: his card and phone (one for all his papers, other
        # unions' too) are not changed from this row while his name is in question
        _name, card, phone = facts[number]
        kept = {f: v for f, v in (("card_number", card), ("phone", phone))
                if v and getattr(record, f) not in (None, "") and getattr(record, f) != v}
        held = _held_text(kept, dict.fromkeys(kept, "登记册"))
        notes.append((row, mask_text(
            f"{where}：是同一人吗？按登记册的“{name}”登记，不改名；如表中的“{typed}”才对，"
            f"请选“{RENAME_BOX}”（命令行加 {RENAME_OPTION}）重新导入，或导入后在“单位与人员”→"
            f"“人员”中更正姓名；如是身份证号填错，请报送单位改正{held}")))
        asked[row] = (name, typed)
        records.append(replace(record, inventor_name=name, **kept))
        changed = True
    if not changed:
        return preview, notes, asked
    return (replace(preview, records=records, asked_names={
        **preview.asked_names, **{row: typed for row, (_kept, typed) in asked.items()}}),
        notes, asked)


def _tidy_fact(fact: str, value: Any) -> str:
    from boostdesk.validate import tidy_card, tidy_phone

    return (tidy_card(value) if fact == "card_number" else tidy_phone(value)) if value else ""


def _held_text(kept: dict[str, Any], whose: dict[str, str]) -> str:
    """What a row whose name is asked says of the card and phone it does not write onto
    the person (``kept``: field -> the value kept; ``whose``: field -> where it is from,
    登记册 or 第 6 行)."""
    labels = (("card_number", "工会会员互助服务卡号"), ("phone", "联系电话"))
    held = "、".join(label for f, label in labels if f in kept)
    if not held:
        return ""
    sources = list(dict.fromkeys(whose[f] for f, _label in labels if f in kept))
    return (f"；在核对姓名之前，本行的{held}不写入登记册（保留{'、'.join(sources)}的，"
            "此人的其他申报不变）")


SIMILAR = "可能是同一份申报"  # a row its registered paper written with slips (``similar_papers``)
SIMILAR_BOX = "仍导入可能是同一份申报的行"
SIMILAR_OPTION = "--import-similar"


def _application_digits(raw: str) -> str:
    """A typed number's application digits (its check character aside), or its digits."""
    from boostdesk.validate import recovered_patent_number

    number = recovered_patent_number(raw)
    if number:
        return number.removeprefix("ZL").partition(".")[0]
    return "".join(ch for ch in normalize_text(raw) if ch.isdigit())


def one_slip(one: str, other: str) -> bool:
    """Whether two numbers differ by one key: one digit, or two neighbours swapped."""
    if len(one) != len(other) or one == other or not one:
        return False
    off = [i for i, (a, b) in enumerate(zip(one, other, strict=True)) if a != b]
    return len(off) == 1 or (len(off) == 2 and off[1] == off[0] + 1
                             and one[off[0]] == other[off[1]] and one[off[1]] == other[off[0]])


def similar_papers(reg: Any, preview: Any, skip: Collection[int] = ()) -> dict[int, str]:
    """Sheet row -> why it may be a registered paper of its year written with slips: the
    same first inventor (ID number), the title the same but for brackets, punctuation and
    spaces, the patent number one key off (a digit, or two swapped), the grant date the
    same where both give one. Such a row was stored as the person's second application
    and judged 不合格 for 一人一年一次 — the wrong reason for a paper registered twice.
    Asked on the row, naming the registered paper; ``skip``: rows already found."""
    from boostdesk.models.record_rows import select_in
    from boostdesk.models.search_text import title_key

    if preview.stream != PATENT:
        return {}
    left = set(skip)
    wanted = {person_key(r.id_number) for row, r in zip(preview.rows, preview.records, strict=True)
              if row not in left} - {""}
    papers: dict[str, list[tuple[Any, ...]]] = {}
    for row in select_in(
            reg.conn, "SELECT p.id_number, a.id, a.patent_number_raw, a.patent_number, a.title,"
            " a.grant_date, u.name FROM people p JOIN patent_applications a ON a.person_id = p.id"
            " JOIN campaigns c ON c.id = +a.campaign_id LEFT JOIN units u ON u.id = a.unit_id"
            " WHERE c.year = ? AND p.id_number IN", wanted, (preview.year,)):
        papers.setdefault(row[0], []).append(row[1:])
    out: dict[int, str] = {}
    for row, record in zip(preview.rows, preview.records, strict=True):
        if row in left or not (mine := papers.get(person_key(record.id_number))):
            continue
        digits, title = _application_digits(record.patent_number_raw), title_key(record.title)
        for app_id, raw, number, stored_title, granted, union in mine:
            theirs = _application_digits(raw or "")
            if title_key(stored_title) != title or not one_slip(digits, theirs):
                continue
            kind = 4 if len(digits) == 12 else 2  # the type digit: an invention and the
            if digits[kind] != theirs[kind]:  # utility model filed with it are two patents
                continue
            if record.grant_date and granted and str(granted)[:10] != str(record.grant_date)[:10]:
                continue
            shown = shown_patent_number(raw or "", number)
            out[row] = (f"{SIMILAR}：与已登记的{id_ref(PATENT, app_id)}（{preview.year} 年度，"
                        f"{union or '推荐单位未填'}推荐，{shown}，“{stored_title}”）同一第一发明人，"
                        f"专利号只差一位（表中为 {_shown_number(record.patent_number_raw)}），"
                        "专利名称只差括号、标点或空格：请对照专利证书核对哪一处录错——如是同一份申报，"
                        f"本行不导入，{id_ref(PATENT, app_id)}录错的请在“专利助推”中打开更正；"
                        f"确是另一项专利的，选“{SIMILAR_BOX}”（命令行加 {SIMILAR_OPTION}）")
            break
    # the same paper listed twice in the table with slips: the later row asked the same way
    earlier: dict[str, list[tuple[int, str, str, Any]]] = {}
    for row, record in zip(preview.rows, preview.records, strict=True):
        person = person_key(record.id_number) if record.id_number else ""
        if row in left or row in out or not person:
            continue
        digits, title = _application_digits(record.patent_number_raw), title_key(record.title)
        for first, their_digits, their_title, granted in earlier.get(person, ()):
            if their_title != title or not one_slip(digits, their_digits):
                continue
            kind = 4 if len(digits) == 12 else 2
            if digits[kind] != their_digits[kind] or (
                    record.grant_date and granted and str(granted)[:10] != str(record.grant_date)[:10]):
                continue
            out[row] = (f"{SIMILAR}：与本表第 {first} 行同一第一发明人，专利号只差一位（本行为 "
                        f"{_shown_number(record.patent_number_raw)}），专利名称只差括号、标点或空格："
                        "请对照专利证书核对哪一行录错——如是同一份申报，本行不导入，请报送单位改正表格；"
                        f"确是另一项专利的，选“{SIMILAR_BOX}”（命令行加 {SIMILAR_OPTION}）")
            break
        else:
            earlier.setdefault(person, []).append((row, digits, title, record.grant_date))
    return out
