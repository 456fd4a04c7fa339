"""What an auditor picks out of the trail (``boostdesk audit``, the window's 导出修改记录):
whose lines (a year's, one application's, one first inventor's papers, one project
leader's projects), the awards
withdrawn, the changes made to an application after its approval, a range of days. Each
pick sees every event of the trail in order (an approval read before the change it dates)
and keeps or drops its line; the trail's own choice (a year, applications) is made first.
:func:`whose` and :class:`Choice` are what the command line's options and the window's
dialog both fill in: one reading of a reference, one title."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from boostdesk import audit_log
from boostdesk.audit_log import APP_TABLES, Apps, Line, Pick
from boostdesk.errors import UserError
from boostdesk.labels import show_value
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.models.workflow import REVOKED
from boostdesk.operator_name import key as operator_key
from boostdesk.said_where import way

# A status an award stood in: approved, or published (公示) on its way to approval, or
# paid out in part and being accepted (a project's ranking checked again after the bank
# returned its money), or paid (whole or a tranche): 撤销助推 takes a paid award back.
_AWARDED = {"approved", "publicized", "accepted", "acceptance_failed",
            "paid", "paid_first", "paid_final"}
_TAKEN_BACK = {"refused", "not_awarded", REVOKED}
ALL_YEARS = "全部年度"
# Whose applications a name or ID number names: a first inventor's patents, a leader's projects.
INVENTOR, LEADER = "第一发明人", "领衔人"


def _app(e: dict[str, Any]) -> tuple[str, int] | None:
    if e["entity"] in APP_TABLES and e["entity_id"] is not None:
        return APP_TABLES[e["entity"]], e["entity_id"]
    return None


@dataclass
class Withdrawn:
    """每一项撤销核准或公示后未获助推的: who, when, why (the status line's 理由), and the
    award taken back: the line's own (since the status line kept it), else the last award
    and approval date recorded for the application before it; for one taken out of
    publicity (公示 → 未获助推 on an upheld objection: no award was ever set) the tier it
    was published at, as the proposal kept it (``reg``: the register read)."""

    reg: Any = None
    award: dict[tuple[str, int], tuple[Any, Any]] = field(default_factory=dict)

    def __call__(self, e: dict[str, Any], apps: Apps, line: Callable[[], Line]) -> Line | None:
        app = _app(e)
        if app is None:
            return None
        before, after = e["before"] or {}, e["after"] or {}
        was = self.award.get(app, (None, None))
        if "award_fen" in after or "approved_date" in after:
            self.award[app] = (after.get("award_fen", was[0]), after.get("approved_date", was[1]))
        if not (e["action"] == "status" and before.get("status") in _AWARDED
                and after.get("status") in _TAKEN_BACK):
            return None
        made = line()
        if "award_fen" in before:  # said by the line itself
            return made
        if before.get("status") == "publicized" and app[0] == PROJECT:
            told = self._published(app[1])
        elif after.get("status") == REVOKED:  # the award stays on the paper, its money to recover
            told = "；".join(f"{label}：{show_value(key, value)}"
                            for label, key, value in (("助推金额", "award_fen", was[0]),
                                                      ("核准日期", "approved_date", was[1]))
                            if value is not None)
            told = "；".join(x for x in (told, self._to_recover(app)) if x)
        else:
            told = "；".join(f"{label}：{show_value(key, value)} → （空）"
                            for label, key, value in (("助推金额", "award_fen", was[0]),
                                                      ("核准日期", "approved_date", was[1]))
                            if value is not None)
            told = told and f"{told}（据此前的记录）"
        return replace(made, details="；".join(x for x in (made.details, told) if x))

    def _to_recover(self, app: tuple[str, int]) -> str:
        """应追回 by payer, as the revocation recorded it (what each payer had paid); a
        revocation undone since has no record left: said so in general."""
        from boostdesk.finance.recovery import NOTHING_PAID, recovery_of

        rec = recovery_of(self.reg, *app) if self.reg is not None else None
        if rec is not None and rec.unpaid:
            return NOTHING_PAID
        if rec is None or not rec.parts:
            return "已拨付的款项应追回"
        return "应追回：" + "、".join(f"{p.payer_name} {show_value('award_fen', p.amount_fen)}"
                                   for p in rec.parts)

    def _published(self, project_id: int) -> str:
        """公示档次: the amount a project was published at (its proposal's, kept with the
        publicity period it was in; a published proposal is never rewritten)."""
        row = self.reg.query(
            "SELECT pr.amount_fen, p.start_date, p.end_date FROM proposals pr"
            " JOIN publicity_periods p ON p.id = pr.period_id WHERE pr.project_id = ?",
            (project_id,)) if self.reg is not None else []
        if not row or row[0]["amount_fen"] is None:
            return "公示档次：登记册中已无其公示记录"
        r = row[0]
        return (f"公示档次：{show_value('amount_fen', r['amount_fen'])}"
                f"（公示期 {r['start_date']} 至 {r['end_date']}）")


@dataclass
class AfterApproval:
    """Every line about an application from its (first) approval on: its fields, status,
    payments, and what another screen changed of its inventor, studio or union."""

    approved: dict[tuple[str, int], int] = field(default_factory=dict)

    def __call__(self, e: dict[str, Any], apps: Apps, line: Callable[[], Line]) -> Line | None:
        app = _app(e)
        if (app is not None and app not in self.approved and e["action"] == "status"
                and (e["after"] or {}).get("status") == "approved"):
            self.approved[app] = e["id"]
        if any(e["id"] >= self.approved.get(a, e["id"] + 1) for a in apps):
            return line()
        return None


@dataclass(frozen=True)
class By:
    """Lines made by one operator (the name each change was stamped with, as typed in the
    window's 操作人 or given as ``--operator``)."""

    operator: str

    def __call__(self, e: dict[str, Any], apps: Apps, line: Callable[[], Line]) -> Line | None:
        # as ``operator_name.key`` reads them: a line stored before names were checked
        # (张敏 with a zero-width space) is still 张敏's
        return line() if operator_key(e["operator"] or "") == operator_key(self.operator) else None


def operators(reg: Any) -> list[str]:
    """Everyone the trail names as its operator, the latest to make a change first, each
    as ``operator_name.key`` reads the name (one a zero-width space or a line break made
    two is listed once, on one line)."""
    names = (operator_key(r[0]) for r in reg.conn.execute(
        "SELECT operator FROM audit_events GROUP BY operator ORDER BY MAX(id) DESC") if r[0])
    return [x for x in dict.fromkeys(names) if x]


def _loose(name: str) -> str:
    return "".join(name.split()).casefold()


def operator_named(reg: Any, name: str) -> str:
    """The operator ``name`` names as the trail has them (spaces and letter case aside: 李梦遥,
    李 梦遥); refused (:class:`UserError`) with the names there are when none is."""
    from boostdesk.validate import tidy_line

    typed = tidy_line(name)
    known = operators(reg)
    if typed in known:
        return typed
    if any(operator_key(x) == operator_key(typed) for x in known):
        return operator_key(typed)  # (By takes every name that reads so)
    same = {operator_key(x) for x in known if _loose(x) == _loose(typed)}
    if len(same) == 1:
        return same.pop()
    listed = "、".join(known[:OPERATORS_LISTED]) + (
        f"等 {len(known)} 人" if len(known) > OPERATORS_LISTED else "")
    raise UserError(f"修改记录中没有操作人“{typed}”" + (
        f"。记录中的操作人（最近操作的在前）：{listed}" if known else "：登记册还没有修改记录"))


OPERATORS_LISTED = 20  # a refusal names this many operators, then counts the rest


@dataclass(frozen=True)
class Days:
    """Lines made from ``first`` to ``last`` (days as the trail's times read them: the
    computer's clock); ``None``: no bound."""

    first: date | None
    last: date | None

    def __call__(self, e: dict[str, Any], apps: Apps, line: Callable[[], Line]) -> Line | None:
        day = str(e["at"])[:10]
        if self.first is not None and day < self.first.isoformat():
            return None
        if self.last is not None and day > self.last.isoformat():
            return None
        return line()


def every(picks: list[Pick]) -> Pick | None:
    """The picks together: a line kept by each. Each sees every event (one tracking the
    approvals must see an approval another drops)."""
    if not picks:
        return None
    if len(picks) == 1:
        return picks[0]

    def both(e: dict[str, Any], apps: Apps, line: Callable[[], Line]) -> Line | None:
        made: list[Line] = []  # the line, and each pick's amended one

        def current() -> Line:
            if not made:
                made.append(line())
            return made[-1]

        kept = True
        for pick in picks:
            got = pick(e, apps, current)
            if got is None:
                kept = False
            elif kept:
                made.append(got)
        return made[-1] if kept and made else None

    return both


@dataclass(frozen=True)
class Whose:
    """Whose lines: one application's (``application``), one person's applications
    (``papers``: a first inventor's patents or a project leader's projects, ``person``
    naming them, ``role`` saying which), else a year's (``year``; None: the register's)."""

    year: int | None = None
    application: tuple[str, int] | None = None
    person: str = ""
    papers: frozenset[tuple[str, int]] | None = None
    role: str = INVENTOR

    def stem(self) -> str:
        """How a file name names them (a person by name alone: no ID number in a file name)."""
        if self.papers is not None:
            return self.person.split("（")[0]
        return self.scope().replace(" ", "")

    def scope(self) -> str:
        if self.application is not None:
            stream, app_id = self.application
            return f"{'专利' if stream == PATENT else '项目'}{app_id}"
        if self.papers is not None:
            return f"{self.role} {self.person}"
        return f"{self.year} 年度" if self.year else ALL_YEARS

    def covers(self, reg: Any) -> str:
        """Which years the lines are of, for the dialog and the file's header: a year's
        trail leaves the other years' changes out (an earlier year's payment made this week
        among them). 仅 2022 年度（不含 2021、2023 年度）; 全部年度（2021、2022 年度）."""
        if self.application is not None or self.papers is not None:
            return f"{self.scope()}，不分年度"
        years = list(reg.campaign_years())
        if self.year is None:
            return f"{ALL_YEARS}（{_years(years)}）及共用名录" if years else ALL_YEARS
        others = [y for y in years if y != self.year]
        return f"仅 {self.year} 年度" + (f"（不含 {_years(others)}）" if others else "")


def _as_operator(reg: Any, ref: str) -> str:
    """The trail's operator ``ref`` names, or ""."""
    try:
        return operator_named(reg, ref)
    except UserError:
        return ""


def _years(years: list[int]) -> str:
    """2021、2022、2023 年度 (in order)."""
    return "、".join(str(y) for y in sorted(years)) + " 年度"


def whose(reg: Any, ref: str) -> Whose:
    """The lines ``ref`` names: an application by 登记号 (专利12 / 项目3), patent number or
    title; else a first inventor by resident ID or name (their patent applications), or a
    project leader by name, or name and studio as 韩冰（韩冰车辆改装工作室） (their projects).
    Refused (:class:`UserError`) when it names nothing, or several."""
    try:
        stream, app_id = _application(reg, ref)
    except UserError as exc:  # not a paper: a first inventor's or a leader's name, an ID number?
        person = _person(reg, ref)
        if person is None:
            operator = _as_operator(reg, ref)
            if operator:  # the clerk's colleague, whose changes are wanted: said where to write
                raise UserError(
                    f"“{operator}”不是申报或人员（第一发明人、项目领衔人），而是修改记录中的操作人："
                    + way("按操作人挑选请写在“操作人”一栏，“申报或人员”留空",
                          f"按操作人挑选请用 --by {operator}")) from exc
            raise
        return Whose(person=person.shown, papers=frozenset(person.apps), role=person.role)
    table = "patent_applications" if stream == PATENT else "project_applications"
    if not (reg.scalar(f"SELECT 1 FROM {table} WHERE id = ?", (app_id,)) or reg.scalar(
            "SELECT 1 FROM audit_events WHERE entity = ? AND entity_id = ?", (table, app_id))):
        # (one deleted since has its trail still)
        raise UserError(f"登记册中没有登记号为 {app_id} 的{'专利' if stream == PATENT else '项目'}申报")
    return Whose(application=(stream, app_id))


@dataclass(frozen=True)
class Choice:
    """What the auditor asked for: whose lines, and which of them (each a filter on the
    others: withdrawn awards, changes after an approval, days ``first`` to ``last``)."""

    whose: Whose
    withdrawn: bool = False
    after_approval: bool = False
    first: date | None = None
    last: date | None = None
    operator: str = ""  # one operator's lines ("": everyone's)

    def picks(self, reg: Any = None) -> tuple[list[Pick], list[str]]:
        """The picks (fresh: each tracks the trail it reads; ``reg``: the register they
        read it from) and how the title says them."""
        picks: list[Pick] = []
        said = []
        if self.withdrawn:
            picks.append(Withdrawn(reg))
            said.append("撤销的助推")
        if self.after_approval:
            picks.append(AfterApproval())
            said.append("核准后的修改")
        if self.operator:
            picks.append(By(self.operator))
            said.append(f"操作人 {self.operator}")
        if self.first or self.last:
            picks.append(Days(self.first, self.last))
            said.append(f"{self.first or '最早'} 至 {self.last or '最近'}")
        return picks, said

    def trail(self, reg: Any, cancelled: Callable[[], bool] | None = None,
              ) -> tuple[str, int, Iterator[Line]]:
        """The title (修改记录（…，共 N 条）), the count and the lines, none held (see
        :func:`boostdesk.audit_log.counted_trail`). An application the register never had
        is refused (RegisterError) before a line is read."""
        picks, said = self.picks(reg)
        count, lines = audit_log.counted_trail(
            reg, year=self.whose.year if self.whose.application is None and
            self.whose.papers is None else None,
            application=self.whose.application, pick=every(picks), cancelled=cancelled,
            applications=set(self.whose.papers) if self.whose.papers is not None else None)
        return f"修改记录（{'，'.join([self.whose.scope(), *said])}，共 {count} 条）", count, lines

    def file_stem(self) -> str:
        """The file name suggested: 2022年度修改记录（撤销的助推）, 专利12修改记录…"""
        said = "，".join(self.picks()[1]).replace(" ", "")
        return f"{self.whose.stem()}修改记录" + (f"（{said}）" if said else "")


@dataclass(frozen=True)
class _Named:
    """One person a reference may name: how the title names them, as what, their
    applications, and how a list of several names them."""

    shown: str
    role: str
    apps: set[tuple[str, int]]
    listed: str


def _person(reg: Any, ref: str) -> _Named | None:
    """A first inventor named by name or resident ID, or a project leader by name (a
    leader is registered by name alone, with the studio of each project): None, nobody
    of that name or number. Several of the name (people, or leaders of different studios,
    each taken for another person): refused, each listed with what tells them apart."""
    import re

    from boostdesk.validate import person_key, tidy_line, tidy_name

    key = person_key(ref)
    numbered = re.fullmatch(r"人员(\d+)", "".join(ref.split()))  # as erase-person takes him
    people = reg.query("SELECT id, name, id_number FROM people WHERE id = ?",
                       (int(numbered[1]),)) if numbered else reg.query(
        "SELECT id, name, id_number FROM people WHERE id_number = ?", (key,))
    leaders: list[_Named] = []
    former = ""
    if not people and not numbered:
        people = reg.query("SELECT id, name, id_number FROM people WHERE name = ? ORDER BY id",
                           (tidy_line(ref),))
        leaders = _leaders(reg, tidy_name(ref))
        if not people and not leaders:  # the name on the paper she holds, corrected since
            former = tidy_line(ref)
            people = _formerly(reg, former)
    found = [_inventor(reg, p, former) for p in people] + leaders
    if len(found) > 1:
        hints = (["第一发明人请写其身份证号"] if people else []) + (
            [f"领衔人请写“姓名（工作室）”，如“{leaders[0].shown}”"] if leaders else [])
        raise UserError(
            f"登记册中有 {len(found)} 人名为“{tidy_line(ref)}”："
            f"{'；'.join(f.listed for f in found)}。"
            f"{'，'.join(hints)}；或写一项申报的登记号（如 专利12 / 项目3）")
    return found[0] if found else None


def _formerly(reg: Any, name: str) -> list[dict[str, Any]]:
    """The people the trail names ``name`` before a correction (赵六 → 赵陆): an auditor
    looks a person up by the name on the paper she holds. (An erased person's lines no
    longer hold his name.)"""
    return reg.query(
        "SELECT id, name, id_number FROM people WHERE name != ? AND id IN (SELECT entity_id"
        " FROM audit_events WHERE entity = 'people' AND (json_extract(before, '$.name') = ?"
        " OR json_extract(after, '$.name') = ?)) ORDER BY id", (name, name, name))


def _inventor(reg: Any, person: dict[str, Any], former: str = "") -> _Named:
    from boostdesk.safety.privacy import mask_id

    papers = [r[0] for r in reg.conn.execute(
        "SELECT id FROM patent_applications WHERE person_id = ? ORDER BY id", (person["id"],))]
    masked = mask_id(person["id_number"])
    renamed = f"{former}（已更名为 {person['name']}" if former else ""
    if renamed:
        return _Named(
            renamed + (f"，身份证号 {masked}）" if person["id_number"] else "）"),
            INVENTOR, {(PATENT, i) for i in papers},
            f"{INVENTOR} {person['name']}（原名 {former}），身份证号 {masked or '（未填）'}"
            f"（{'、'.join(f'专利{i}' for i in papers) or '无申报'}）")
    return _Named(
        f"{person['name']}（身份证号 {masked}）" if person["id_number"] else person["name"],
        INVENTOR, {(PATENT, i) for i in papers},
        f"{INVENTOR} {person['name']}，身份证号 {masked or '（未填）'}"
        f"（{'、'.join(f'专利{i}' for i in papers) or '无申报'}）")


def _leaders(reg: Any, name: str) -> list[_Named]:
    """The project leaders of ``name`` (韩冰), or of ``name`` leading that studio
    (韩冰（韩冰车辆改装工作室）): one for each studio their projects name, all years'."""
    import re

    named = re.fullmatch(r"(.+?)（(.+)）", name)
    rows = reg.query(
        "SELECT a.id, a.leader, a.studio_id, s.name AS studio FROM project_applications a"
        " LEFT JOIN studios s ON s.id = a.studio_id WHERE a.leader = ? ORDER BY a.id", (name,))
    if not rows and named:
        rows = [r for r in reg.query(
            "SELECT a.id, a.leader, a.studio_id, s.name AS studio FROM project_applications a"
            " LEFT JOIN studios s ON s.id = a.studio_id WHERE a.leader = ? ORDER BY a.id",
            (named[1],)) if r["studio"] == named[2]]
    studios: dict[int | None, list[dict[str, Any]]] = {}
    for r in rows:
        studios.setdefault(r["studio_id"], []).append(r)
    found = []
    for group in studios.values():
        leader, studio = group[0]["leader"], group[0]["studio"]
        ids = [x["id"] for x in group]
        found.append(_Named(f"{leader}（{studio}）" if studio else leader, LEADER,
                            {(PROJECT, i) for i in ids},
                            f"{LEADER} {leader}，{studio or '未填工作室'}"
                            f"（{'、'.join(f'项目{i}' for i in ids)}）"))
    return found


def _application(reg: Any, ref: str) -> tuple[str, int]:
    """The application ``ref`` names, read as every command reads one
    (:func:`boostdesk.app_refs.find_application`)."""
    from boostdesk.app_refs import NoSuchApplication, find_application, stream_and_id
    from boostdesk.validate import ValidationError

    try:
        return find_application(reg, ref)
    except ValidationError as exc:
        if isinstance(exc, NoSuchApplication) and stream_and_id(ref) is None:
            # a person's name may be meant: said with the rest
            raise UserError(exc.message + "，第一发明人的姓名、身份证号、人员编号（人员3），或项目领衔人的姓名"
                            ) from None
        raise UserError(exc.message) from None
