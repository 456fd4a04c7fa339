"""Running every rule over a campaign, including the rules that need the register.

``check_campaign`` is the one place that knows which applications compete with
each other (one award per person, one application per patent, per-studio
limits); ``refresh`` stores its verdicts so views can sort and filter on them.

``recheck`` stores the verdicts a few writes can have changed, and no others:
an application's verdict depends only on itself, its person's or studio's
facts, its campaign, and the applications sharing its patent number (any
campaign), its person (the year's awards a person) or its studio (any campaign: limits,
duplicates, unfinished awards). ``judge_new`` does the same for applications
about to be inserted, so an import writes their verdicts with the rows. A write to
one application (a status move, a save, a deletion, a move to another year) judges the
papers of later years it can change again itself, in the write's transaction: its
studio's, or its patent number's (``rejudge_later``, from ``Register``). An earlier year's
decided paper waits for no material (:func:`settles`): a new newest year notes the year
before it (``Register.save_campaign``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from itertools import chain
from typing import Any, NamedTuple

from boostdesk.app_refs import id_ref
from boostdesk.cancel_points import checkpoint
from boostdesk.gc_pause import collector_paused as _collector_paused
from boostdesk.models import clock
from boostdesk.models.campaign import Campaign
from boostdesk.models.record_rows import select_in
from boostdesk.models.records import PATENT, PROJECT, PatentApplication, ProjectApplication
from boostdesk.models.register import Changes, Register
from boostdesk.models.search_text import title_key
from boostdesk.models.workflow import STATUS_ZH, outcome_recorded
from boostdesk.money import format_money
from boostdesk.studio_names import (
    BY_PEOPLE,
    NearIndex,
    StudioFacts,
    studio_facts,
    studios_near,
)
from boostdesk.validate import person_key, tidy_name

from . import near_studios
from . import patent as patent_rules
from . import project as project_rules
from .findings import Finding, blocking, is_eligible, is_incomplete, settle, to_json, warning
from .near_people import REGISTERED_NEAR, near_people, near_people_of, registered_near
from .near_titles import GONE as NEAR_GONE
from .near_titles import near_titles, near_titles_of

# 二（一）: an award not completed; a failed acceptance (验收未通过) never completes it
AWARDED_UNFINISHED = ("approved", "paid_first", "acceptance_failed")
AWARDED_BY_PLAN = (*AWARDED_UNFINISHED, "accepted", "paid_final")  # a project's award
HAS_AWARD = ("approved", "paid", "paid_first", "accepted", "paid_final", "acceptance_failed")


@dataclass
class Verdict:
    stream: str
    app_id: int | None
    ref: str
    findings: list[Finding] = field(default_factory=list)
    name: str = ""  # the first inventor or the studio, for listings without a second query

    @property
    def eligible(self) -> bool:
        return is_eligible(self.findings)

    @property
    def incomplete(self) -> bool:
        return is_incomplete(self.findings)

    def to_dict(self) -> dict[str, object]:
        return {
            "stream": self.stream, "id": self.app_id, "ref": self.ref,
            "eligible": self.eligible,
            "findings": [
                {"code": f.code, "severity": f.severity, "message": f.message, "field": f.field}
                for f in self.findings
            ],
        }


# -- patents -------------------------------------------------------------
# 一（三）: an application claims its patent number unless it can never be awarded in its
# campaign: refused, or granted after its campaign's window ended (sent a year too early,
# to be sent again next year) and not passed by the clerk since. As SQL over ``a`` (the
# application) and ``c`` (its campaign), and as Python for applications not yet stored.
CLAIMS_PATENT_SQL = (
    "a.status != 'refused' AND (a.status != 'registered' OR a.grant_date IS NULL"
    " OR a.grant_date <= json_extract(c.params, '$.grant_window_end'))"
)


def claims_patent(campaign: Campaign, app: PatentApplication) -> bool:
    if app.status == "refused":
        return False
    return (app.status != "registered" or app.grant_date is None
            or app.grant_date <= campaign.grant_window_end)


class Claim(NamedTuple):
    """The application that claimed a patent number first: which, of which year, in what state."""

    app_id: int
    year: int
    status: str
    # a patent's: its first inventor (name, ID number) and recommending union, to tell a
    # second paper naming another first inventor (a dispute) from the same one sent again
    inventor: str | None = None
    person: str | None = None
    union: str | None = None


def _first_by_patent_number(
    reg: Register, numbers: Collection[str] | None = None,
    pending: Sequence[PatentApplication] = (),
) -> dict[str, Claim]:
    """Each canonical patent number -> the application that claimed it first (any campaign).

    What claims a number: :data:`CLAIMS_PATENT_SQL` (a refused application, or one sent a
    year too early, claims nothing). ``numbers``: only these (None: every number that two
    applications or more have, the only ones :func:`_duplicate_patent` can find taken);
    ``pending``: applications about to be inserted (ids given), claiming as if stored.
    """
    first: dict[str, Claim] = {}
    select = ("SELECT c.year, a.id, a.patent_number, a.status, p.name,"
              " COALESCE(p.id_number, a.reported_id_number), u.name FROM patent_applications a"
              " JOIN campaigns c ON c.id = a.campaign_id LEFT JOIN people p ON p.id = a.person_id"
              " LEFT JOIN units u ON u.id = a.unit_id"
              f" WHERE {CLAIMS_PATENT_SQL} AND a.patent_number")
    if numbers is None and not pending:
        # Only the numbers of two applications or more: a number of one application bars
        # nothing (it claims it, or nobody does), and these are a few hundred of 80,000 —
        # read by the number's index instead of every claim being read and kept.
        for year, app_id, number, status, *who in reg.conn.execute(
                select + " IN (SELECT patent_number FROM patent_applications"
                " WHERE patent_number IS NOT NULL GROUP BY patent_number HAVING COUNT(*) > 1)"
                " ORDER BY c.year, a.id"):
            if number not in first:
                first[number] = Claim(app_id, year, status, *who)
        return first
    if numbers is None:
        numbers = {a.patent_number for a in pending if a.patent_number}
    claims = select_in(reg.conn, select + " IN", numbers)
    campaigns: dict[int, Campaign] = {}
    for a in pending:
        if a.patent_number:
            c = campaigns.get(a.campaign_year) or campaigns.setdefault(
                a.campaign_year, reg.campaign(a.campaign_year))
            if claims_patent(c, a):
                claims.append((a.campaign_year, a.id, a.patent_number, a.status,
                               a.inventor_name, a.id_number, a.unit_name))
    claims.sort(key=lambda c: (c[0], c[1]))
    for year, app_id, number, status, *who in claims:
        if number not in first:
            first[number] = Claim(app_id, year, status, *who)
    return first


def inventor_key(id_number: str | None) -> str:
    """An ID number as one person's: the 18 digits a 15-digit one became, upper-case X."""
    from boostdesk.old_ids import is_old_id, to_18

    key = person_key(id_number) if id_number else ""
    return to_18(key) if is_old_id(key) else key


def another_inventor(owner: Claim, app: PatentApplication) -> bool:
    """Whether ``app`` names another first inventor than the paper claiming its patent:
    another ID number (however written), else — one missing — another name."""
    mine, theirs = inventor_key(app.id_number), inventor_key(owner.person)
    if mine and theirs:
        return mine != theirs
    return bool(app.inventor_name and owner.inventor) and tidy_name(
        app.inventor_name) != tidy_name(owner.inventor)


def _duplicate_patent(
    c: Campaign, app: PatentApplication, first: dict[str, Claim],
) -> list[Finding]:
    """一（三）: one award per patent — the same patent number applied for again."""
    if not app.patent_number or app.patent_number not in first:
        return []
    owner = first[app.patent_number]
    if owner.app_id == app.id:
        return []
    # The clerk looks for the owner in the year it was registered in: name that year.
    awarded = owner.status in HAS_AWARD
    if owner.year == app.campaign_year:
        when = "本年度已获助推" if awarded else "本年度已有申报"
    else:
        when = f"已于 {owner.year} 年度{'获助推' if awarded else '申报'}"
    ref = id_ref(PATENT, owner.app_id)
    # a co-inventor's paper: two people each claiming to be its first inventor, whom the
    # plan pays (一（一）) — the clerk settles it from the patent certificate
    # (the stored finding names the rival's inventor, a person's fact a re-check follows —
    # not his union, renamed where no re-check looks: the form and the import name it live)
    rival = (f"：登记册中{ref}的第一发明人为{owner.inventor or '（未填）'}，"
             f"本申报为{app.inventor_name}，两人都称是该专利的第一发明人，请按专利证书核定"
             if another_inventor(owner, app) else "")
    return [blocking(
        "DUPLICATE_APPLICATION",
        f"专利 {app.patent_number} {when}（{ref}），"
        f"同一专利不能重复申报（{c.clause('patent_award')}）{rival}",
        "patent_number_raw",
    )]


def _person_key(app: PatentApplication) -> str | None:
    return person_key(app.id_number) or None


_SMALL = 200  # cards looked up by value below this; a whole year's by one grouped scan


def _card_holders(reg: Register, apps: Sequence[PatentApplication],
                  pending: Sequence[PatentApplication] = ()) -> dict[str, dict[str, str]]:
    """Each card of ``apps`` that two people or more hold -> person (ID number, else
    name) -> name: in the register (a person's card, or a paper's card in any year) or
    among ``apps`` and ``pending`` (a table giving one card for several inventors, its
    papers of other years too, not yet stored). The award is paid to the card: one card
    for two people pays one of them the other's award.

    Each card's holders come in the order they gave it (:func:`_card_order`): the first
    keeps it, the later ones claim another's card (``rules.patent.shared_card``)."""
    from boostdesk.validate import tidy_card

    # ``pending`` are mostly among ``apps`` (the batch judged): each paper once, ``apps``
    # first (the name a card's holder is told by is the first paper's). A paper naming no
    # inventor holds no card: stored, it has no person to hold it by (the register's
    # holders below), and no name to tell the other holder (its own card is still judged
    # against theirs, by the ID number it gives).
    among = set(map(id, apps)) if pending else set()
    named = [a for a in apps if a.card_number and tidy_name(a.inventor_name)]
    givers = named + [p for p in pending if id(p) not in among
                      and p.card_number and tidy_name(p.inventor_name)]
    # each card tidied once (past the tidy cache's size at 100,000 papers each call was
    # the work again: four passes over a campaign's cards)
    given_cards = [tidy_card(a.card_number) for a in givers]
    cards = set(given_cards[:len(named)]) | {
        tidy_card(a.card_number) for a in apps
        if a.card_number and not tidy_name(a.inventor_name)}
    cards.discard("")
    if not cards:
        return {}
    rows: Sequence[tuple[Any, ...]]
    if len(cards) < _SMALL:
        rows = [r for q in _CARD_SQL for r in select_in(reg.conn, q + " IN", cards)]
    else:
        rows = cards_held_twice(reg)
    # A card given once is one person's: holders are listed for the cards given twice only
    # (an import's thousands of cards are each one paper's: no dict, no list for each)
    twice = {card for card, n in Counter(chain((r[0] for r in rows), given_cards)).items()
             if n > 1 and card}
    held: dict[str, dict[str, str]] = defaultdict(dict)
    for card, id_number, name, _ in rows:
        if card in twice and card in cards and (key := person_key(id_number) or tidy_name(name)):
            held[card][key] = name
    for a, card in zip(givers, given_cards, strict=True):
        if card in twice:
            held[card].setdefault(person_key(a.id_number) or tidy_name(a.inventor_name),
                                  a.inventor_name)
    shared = {card: who for card, who in held.items() if len(who) > 1}
    if not shared:
        return {}
    # Of the shared cards: (card, person) -> when each of his papers gave it: (0, audit
    # event, id) of a stored paper (read below), (2, 0, id) a paper typed or about to be
    # stored; (1, 0, 0) his card in the register, counted only without a paper of his giving
    # it (an import's people are written before its papers are judged: their cards are
    # those papers')
    since: dict[tuple[str, str], list[tuple[int, int, int]]] = defaultdict(list)
    stored: dict[tuple[str, int], str] = {}  # (card, stored paper) -> whose in the register
    for card, id_number, name, app_id in rows:
        if card in cards and card in shared and (key := person_key(id_number) or tidy_name(name)):
            since[(card, key)].append((0, 0, app_id) if app_id is not None else (1, 0, 0))
            if app_id is not None:
                stored[(card, app_id)] = key
    for a, card in zip(givers, given_cards, strict=True):
        if card in shared:
            key = person_key(a.id_number) or tidy_name(a.inventor_name)
            if stored.get((card, a.id or 0)) != key:  # typed (another's now), or new
                since[(card, key)].append((2, 0, a.id or 1 << 62))
    given = _card_order(reg, [i for (_card, i) in stored])

    def first_given(card: str, key: str) -> tuple[int, int, int]:
        ways = since[(card, key)]
        papers = [w for w in ways if w[0] != 1] or ways
        return min(((k, given.get(i, 0), i) if k == 0 else (k, n, i)
                    for k, n, i in papers), default=(2, 0, 1 << 62))

    return {card: {key: who[key] for key in sorted(who, key=partial(first_given, card))}
            for card, who in shared.items()}


# (card, ID number, name, paper's id) of the papers' cards and of the people's (no paper)
_CARD_SQL = ("SELECT a.card_number, p.id_number, p.name, a.id FROM patent_applications a"
             " JOIN people p ON p.id = a.person_id WHERE a.card_number",
             "SELECT card_number, id_number, name, NULL FROM people WHERE card_number")
CARDS_HELD_TWICE = "cards_held_twice"  # (RegisterBase.kept's key)


def cards_held_twice(reg: Register) -> tuple[tuple[Any, ...], ...]:
    """:data:`_CARD_SQL`'s rows of the cards two people or more hold anywhere in the
    register: one pass each, not one per 500 cards; kept until the register changes."""
    def build() -> tuple[tuple[Any, ...], ...]:
        both = f"{_CARD_SQL[0]} IS NOT NULL UNION ALL {_CARD_SQL[1]} IS NOT NULL"
        return tuple(reg.conn.execute(
            f"SELECT * FROM ({both}) WHERE card_number IN (SELECT card_number FROM ({both})"
            " GROUP BY card_number HAVING COUNT(DISTINCT COALESCE(id_number, name)) > 1)"))
    return reg.kept(CARDS_HELD_TWICE, build)


def _card_order(reg: Register, app_ids: Collection[int]) -> dict[int, int]:
    """Stored papers -> the audit event that last gave each its card (its entry, or its card
    corrected; ``award_holds`` reads the same): a card changed later than another paper's
    entry is the later claim. A paper with no such event (recorded before the trail) is
    the earliest."""
    last: dict[int, int] = {}
    for i, n in select_in(
            reg.conn, "SELECT entity_id, id FROM audit_events"
            " WHERE entity = 'patent_applications' AND (action IN ('create', 'restore')"
            " OR (action = 'update' AND json_type(after, '$.card_number') IS NOT NULL))"
            " AND entity_id IN", set(app_ids)):
        last[i] = max(n, last.get(i, 0))
    return last


def _awarded_person_finding(c: Campaign, owners: Sequence[PatentApplication]) -> Finding:
    """The person's year is full: ``owners`` (the campaign's allowance of them, in winner
    order) keep its awards."""
    # An owner may be awarded already, or only first in line (registered earlier).
    awarded = {o.status in HAS_AWARD for o in owners}
    what = ("已获助推" if awarded == {True} else "已有在先申报" if awarded == {False}
            else "已获助推或已有在先申报")
    held = "；".join(f"{o.ref}，{id_ref(PATENT, o.id or 0)}" for o in owners)
    return blocking(
        "PERSON_ALREADY_AWARDED_THIS_YEAR",
        f"{owners[0].inventor_name} 本年度{what}的专利（{held}），"
        f"{c.per_person_limit}（{c.clause('patent_award')}）",
        "id_number",
    )


def _winner_order(app: PatentApplication) -> tuple[int, int]:
    # An application paid keeps its award (the money is the person's), then one approved;
    # otherwise first come first served.
    rank = 0 if app.status == "paid" else 1 if app.status in HAS_AWARD else 2
    return (rank, app.id or 1 << 62)


def _awarded(app: PatentApplication) -> bool:
    """An award approved or paid to a person: his year's place whatever its findings now.
    (A paper naming no inventor has no person: a re-check finds no papers of his by it.)"""
    return app.status in HAS_AWARD and bool(tidy_name(app.inventor_name))


def _person_owners(c: Campaign, claims: Iterable[PatentApplication]) -> list[PatentApplication]:
    """The person's claims that keep the year's awards: the first N in winner order (N the
    year's 每人每年最多享受 N 次). Fewer than N: the year is not full and nobody is refused."""
    owners = sorted(claims, key=_winner_order)[:c.max_patent_awards_per_person]
    return owners if len(owners) == c.max_patent_awards_per_person else []


def settles(reg: Register, year: int) -> bool:
    """``year`` is earlier than the register's newest: its decided papers (past
    :data:`~boostdesk.models.workflow.UNDECIDED`: recorded by 补录, closed by 往年结年,
    awarded and paid — not refused by the clerk, ``workflow.outcome_recorded``) wait for no
    material, their missing facts settled (``findings.settle``). A new newest year makes
    the year before it earlier (``Register.save_campaign`` notes its papers to judge again)."""
    newest = reg.scalar("SELECT max(year) FROM campaigns")
    return newest is not None and year < newest


# A patent approved and not yet paid is paid to the inventor's union card (一（四）3): a
# blank card stays asked for in a closed year, or its money could never leave.
UNPAID_PATENT_ASKS = ("NO_UNION_CARD",)


def _settled(verdict: Verdict, app: PatentApplication | ProjectApplication) -> Verdict:
    if outcome_recorded(app.status, app.status_reason):
        keep = UNPAID_PATENT_ASKS if app.stream == PATENT and app.status == "approved" else ()
        verdict.findings = settle(verdict.findings, keep)
    return verdict


def check_patents(
    reg: Register, campaign: Campaign, apps: list[PatentApplication],
    first: dict[str, Claim] | None = None, pending: Sequence[PatentApplication] = (),
) -> list[Verdict]:
    """Verdicts of ``apps`` (of ``campaign``): each with every application of its person
    in the campaign among ``apps``. ``first``: the claims on the patent numbers of
    ``apps`` (default: read from the register); ``pending``: papers of any year about to
    be stored, whose cards count as the register's."""
    if first is None:
        first = _first_by_patent_number(reg)
    judge = patent_rules.campaign_judge(campaign)
    holders = _card_holders(reg, apps, pending)
    near = near_people(reg, apps, pending)
    verdicts = []
    for i, app in enumerate(apps):
        checkpoint()  # an import's preview, cancelled: stops here
        v = Verdict(PATENT, app.id, app.ref, judge(app), app.inventor_name)
        if i in near:
            v.findings.append(near[i])
        if app.patent_number in first:  # most numbers are no other application's
            v.findings.extend(_duplicate_patent(campaign, app, first))
        if holders:
            v.findings.extend(patent_rules.shared_card(campaign, app, holders))
        verdicts.append(v)
    # 一（三）每人每年最多享受一次助推 (the year's N times): among one person's otherwise
    # eligible patents of the campaign, the first N stay eligible and the others are
    # refused. One the clerk has refused (资格审核不通过) claims nothing, as for a patent
    # number: it is never one that stays, but once N stay it is told which do. An award
    # approved or paid claims its place whatever its findings now (held, not refused: a
    # finding that clears must not find the year's place given to a second paper).
    limit = campaign.max_patent_awards_per_person
    by_person: dict[str, list[int]] = defaultdict(list)
    for i, (app, v) in enumerate(zip(apps, verdicts, strict=True)):
        key = _person_key(app)
        # a revoked award (撤销助推, finance.recovery) is annulled: it claims no place
        if key and (v.eligible or _awarded(app)) and app.status != "revoked":
            by_person[key].append(i)
    for indexes in by_person.values():
        if len(indexes) <= limit:
            continue
        owners = _person_owners(campaign, (apps[i] for i in indexes
                                           if apps[i].status != "refused"))
        if not owners:
            continue
        kept = {id(o) for o in owners}
        for i in indexes:
            if id(apps[i]) not in kept:
                verdicts[i].findings.append(_awarded_person_finding(campaign, owners))
    if settles(reg, campaign.year):
        for app, v in zip(apps, verdicts, strict=True):
            _settled(v, app)
    return verdicts


def check_patent_draft(reg: Register, app: PatentApplication) -> Verdict:
    """Findings for one application as typed in a form (saved or not).

    Reads only what can bear on it — the claims on its patent number and its person's
    applications of the year — not the campaign: the form re-checks as the clerk types."""
    campaign = reg.campaign(app.campaign_year)
    v = Verdict(PATENT, app.id, app.ref, patent_rules.intrinsic_findings(campaign, app))
    v.findings.extend(patent_rules.shared_card(campaign, app, _card_holders(reg, [app])))
    v.findings.extend(near_people(reg, [app]).values())
    app = _with_canonical_number(app)
    v.findings.extend(_duplicate_patent(campaign, app, _first_by_patent_number(
        reg, {app.patent_number} if app.patent_number else ())))
    key = _person_key(app)
    if key and v.eligible:
        others = [o for o in reg.patents_by_id(
            app_id for (app_id,) in reg.conn.execute(
                "SELECT a.id FROM patent_applications a JOIN campaigns c ON c.id = +a.campaign_id"
                " JOIN people p ON p.id = a.person_id WHERE c.year = ? AND p.id_number = ?",
                (app.campaign_year, key))) if o.id != app.id]
        first = _first_by_patent_number(reg, {o.patent_number for o in others if o.patent_number})
        rivals = [o for o, verdict in zip(others, check_patents(reg, campaign, others, first),
                                          strict=True)
                  if verdict.eligible or _awarded(o)]  # (as check_patents)
        owners = _person_owners(campaign, (r for r in (*rivals, app)
                                           if r.status not in ("refused", "revoked")))
        if owners and not any(o is app for o in owners):
            v.findings.append(_awarded_person_finding(campaign, owners))
    return _settled(v, app) if settles(reg, campaign.year) else v


def _with_canonical_number(app: PatentApplication) -> PatentApplication:
    from dataclasses import replace

    from boostdesk.validate import ValidationError, parse_patent_number

    if not app.patent_number_raw.strip():
        return replace(app, patent_number=None)
    try:
        return replace(app, patent_number=parse_patent_number(app.patent_number_raw).patent_number)
    except ValidationError:
        return replace(app, patent_number=None)


# -- projects ------------------------------------------------------------
class Unfinished(NamedTuple):
    """An earlier award of a studio not completed (二（一））: its year, project and amount;
    ``accepted``: the day it was accepted after this year's deadline, if it was."""

    year: int
    title: str
    award_fen: int | None
    failed: bool = False  # its acceptance failed (验收未通过): never completed, said so
    accepted: date | None = None

    @property
    def late(self) -> str:
        """（验收于 2022-12-28，在截止日之后）: accepted since the deadline, as the studio list
        says it (it was not “未验收”); "" when not accepted at all. Not “逾期验收”: that read
        as if the studio was late for its own limit, which it may have kept."""
        return f"（验收于 {self.accepted.isoformat()}，在截止日之后）" if self.accepted else ""

    def not_completed(self, c: Campaign) -> str:
        """Why the award bars: 验收未通过, or not accepted by ``c``'s deadline (an acceptance
        after it said with its day). A studio whose project failed its acceptance read
        “未完成结题验收”, as if it could still pass."""
        if self.failed:
            return "结题验收未通过"
        return (f"至本年度报送截止日（{c.submission_deadline.isoformat()}）未完成结题验收"
                f"{self.late}")

    def __str__(self) -> str:
        # as the findings quote it: 2022 年度“…”, the year as every other text writes it
        # (已于 2022 年度获助推, 2022 年度助推 ¥…), not 2022年“…”
        return f"{self.year} 年度“{self.title}”"

    def described(self) -> str:
        """With its amount: 2022 年度助推 ¥100,000.00（“…”）."""
        money = f" {format_money(self.award_fen)}" if self.award_fen else ""
        return f"{self.year} 年度助推{money}（“{self.title}”）"

    def standing(self) -> str:
        """Described with why it bars, as the near-studio notes say it: a failed acceptance
        read “尚未验收”, as if it could still pass (and one accepted late, as if never)."""
        why = ("结题验收未通过" if self.failed else
               f"至本年度报送截止日未验收{self.late}" if self.accepted else
               "至本年度报送截止日尚未验收")
        return f"{self.described()}{why}"


def _unfinished_studios(
    reg: Register, year: int, studios: Collection[int] | None = None,
    pending: Sequence[ProjectApplication] = (),
) -> dict[int, Unfinished]:
    """二（一）: studios awarded in an earlier year whose project had not passed acceptance
    by this year's submission deadline (an acceptance after it does not unbar a paper
    that could not be submitted).

    The first such award of a studio is named: earlier awards typed in (in the order
    entered), then awarded applications by year, status and id. ``studios``: only
    these (None: every studio); ``pending``: applications about to be inserted.
    """
    out: dict[int, Unfinished] = {}
    deadline = reg.campaign(year).submission_deadline
    marks = ",".join("?" * len(AWARDED_BY_PLAN))
    awards = ("SELECT studio_id, year, project_title, award_fen, id,"
              " CASE WHEN accepted THEN accepted_date END FROM studio_awards"
              " WHERE (accepted = 0 OR accepted_date > ?) AND year < ?")
    awarded = ("SELECT a.studio_id, c.year, a.title, a.award_fen, a.status, a.id,"
               " a.accepted_date"
               " FROM project_applications a JOIN campaigns c ON c.id = a.campaign_id"
               f" WHERE c.year < ? AND a.status IN ({marks})"
               " AND (a.accepted_date IS NULL OR a.accepted_date > ?)")
    first = (deadline.isoformat(), year)
    then = (year, *AWARDED_BY_PLAN, deadline.isoformat())
    if studios is None:
        rows = list(reg.conn.execute(awards + " ORDER BY id", first))
        apps = list(reg.conn.execute(awarded + " ORDER BY c.year, a.status, a.id", then))
    else:
        rows = select_in(reg.conn, f"{awards} AND studio_id IN", studios, first)
        rows.sort(key=lambda r: r[4])
        apps = select_in(reg.conn, f"{awarded} AND a.studio_id IN", studios, then)
    if pending or studios is not None:
        apps.extend((a.studio_id, a.campaign_year, a.title, a.award_fen, a.status, a.id,
                     a.accepted_date)
                    for a in pending
                    if a.studio_id is not None and a.campaign_year < year
                    and a.status in AWARDED_BY_PLAN
                    and (a.accepted_date is None or a.accepted_date > deadline))
        apps.sort(key=lambda r: (r[1], r[4], r[5]))
    for sid, y, title, amount, _, on in rows:
        if sid not in out:
            out[sid] = Unfinished(y, title, amount, accepted=_day_of(on))
    for sid, y, title, amount, status, _, on in apps:
        if sid not in out:
            out[sid] = Unfinished(y, title, amount, status == "acceptance_failed",
                                  _day_of(on))
    return out


def _day_of(value: object) -> date | None:
    """A stored day (text) or a record's (date) as a date; None when there is none."""
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def unfinished_award(reg: Register, year: int, studio_id: int) -> Unfinished | None:
    """The studio's award that bars its papers of ``year`` (二（一）), if any."""
    return _unfinished_studios(reg, year, (studio_id,)).get(studio_id)


# -- a studio written two ways ------------------------------------------------------------
def near_unfinished_finding(c: Campaign, near: StudioFacts, by_name: bool,
                            award: Unfinished) -> Finding:
    """The 提示 of a paper whose studio is near a registered one barred by 二（一）: the same
    studio written two ways escapes the bar (``studio_names``)."""
    return warning(
        "NEAR_STUDIO_HAS_UNFINISHED_AWARD",
        f"与已登记的“{near.name}”{'名称相近' if by_name else BY_PEOPLE}：该工作室已获 {award}助推，"
        f"{award.not_completed(c)}；如为同一工作室，"
        f"不能申报（{c.clause('project_scope')}），请在“工作室”中合并",
        "studio_name",
    )


def _near_unfinished(
    reg: Register, c: Campaign, studios: Iterable[StudioFacts],
    unfinished: dict[int, Unfinished] | None = None, index: NearIndex | None = None,
) -> dict[int | None, Finding]:
    """Studio id (None: a studio not registered yet) -> the 提示 of its papers, for those of
    ``studios`` near a studio barred by 二（一） and not barred themselves. ``unfinished``:
    every barred studio of the year, and ``index`` their facts (default: read)."""
    if unfinished is None:
        unfinished = _unfinished_studios(reg, c.year)
    if not unfinished:
        return {}
    if index is None:
        index = NearIndex(studio_facts(reg.conn, unfinished).values())
    out: dict[int | None, Finding] = {}
    for s in studios:
        if s.id in unfinished:
            continue
        near = index.near(s.name, s.leader, s.enterprise, s.id)
        if near and (barred := near[0].studio).id is not None:
            out[s.id] = near_unfinished_finding(c, barred, near[0].by_name, unfinished[barred.id])
    return out


def _year_bars(reg: Register, year: int) -> tuple[dict[int, Unfinished], NearIndex]:
    """The studios barred by 二（一） in ``year``, and their facts indexed: read once until the
    register changes (the form re-checks at every pause in typing)."""
    def build() -> tuple[dict[int, Unfinished], NearIndex]:
        unfinished = _unfinished_studios(reg, year)
        return unfinished, NearIndex(studio_facts(reg.conn, unfinished).values())
    return reg.kept(f"studio_bars_{year}", build)


# -- one title, two studios ---------------------------------------------------------------
class TitleClaim(NamedTuple):
    """A paper of a year by its folded title: which, of which studio."""

    app_id: int | None
    studio_id: int | None
    studio: str
    status: str = ""  # (a refused copy is no other paper's: near_titles.GONE)


# Past this many titles a campaign's keys are read whole (≈ 5 ms at 20,000 papers) rather
# than looked up one by one in its index (a whole campaign's check asks for all of them).
_TITLES_LOOKED_UP = 500


def _same_titles(
    reg: Register, year: int, keys: Collection[str],
    pending: Sequence[ProjectApplication] = (),
) -> dict[str, list[TitleClaim]]:
    """The year's papers (stored, and ``pending``) of these folded titles, by title, in id
    order, their studios named. Stored papers are found by their stored key
    (``title_key``, migration 17: the same :func:`title_key`, written with every title)
    in the (campaign, key) index; many keys by reading the campaign's keys whole."""
    wanted = set(keys) - {""}
    if not wanted:
        return {}
    select = ("SELECT id, studio_id, title_key, status FROM project_applications"
              " WHERE campaign_id = (SELECT id FROM campaigns WHERE year = ?)")
    if len(wanted) > _TITLES_LOOKED_UP:
        rows = [r for r in reg.conn.execute(select, (year,)) if r[2] in wanted]
    else:
        rows = select_in(reg.conn, select + " AND title_key IN", wanted, (year,))
    found: dict[str, list[TitleClaim]] = defaultdict(list)
    for app_id, sid, key, status in rows:
        found[key].append(TitleClaim(app_id, sid, "", status))  # named below
    names = dict(select_in(reg.conn, "SELECT id, name FROM studios WHERE id IN",
                           {c.studio_id for claims in found.values() for c in claims
                            if c.studio_id is not None}))
    for claims in found.values():
        claims[:] = [c._replace(studio=names.get(c.studio_id, "")) for c in claims]
    for a in pending:
        if a.campaign_year == year and (key := title_key(a.title)) in wanted:
            found[key].append(TitleClaim(a.id, a.studio_id, a.studio_name, a.status))
    return {key: sorted(claims, key=lambda c: c.app_id or 1 << 62)
            for key, claims in found.items()}


def _titles_now(reg: Register, year: int, key: str) -> list[TitleClaim]:
    """The year's papers of one folded title, as :func:`_same_titles` finds them; each title
    read once until the register changes (the form re-checks at every pause in typing, and
    most pauses are in other fields)."""
    seen: dict[tuple[int, str], list[TitleClaim]] = reg.kept("project_titles_read", dict)
    if (year, key) not in seen:
        seen[(year, key)] = _same_titles(reg, year, {key}).get(key, [])
    return seen[(year, key)]


def _titles_of(apps: Iterable[ProjectApplication]) -> dict[str, list[TitleClaim]]:
    """:func:`_same_titles` of a whole campaign's papers, from the papers themselves."""
    out: dict[str, list[TitleClaim]] = defaultdict(list)
    for a in sorted(apps, key=lambda a: a.id or 1 << 62):
        if key := title_key(a.title):
            out[key].append(TitleClaim(a.id, a.studio_id, a.studio_name, a.status))
    return out


def same_title_finding(others: Sequence[TitleClaim]) -> Finding:
    """The 提示 of a paper whose title another studio's paper of the year has too."""
    named = "、".join(f"{id_ref(PROJECT, o.app_id)}（{o.studio or '未填工作室'}）" if o.app_id is not None
                     else f"“{o.studio}”的申报" for o in others[:3])
    more = f"等 {len(others)} 项" if len(others) > 3 else ""
    return warning("SAME_TITLE_OTHER_STUDIO",
                   f"本年度已有同名项目：{named}{more}。请核对是否同一项目重复申报", "title")


def _other_studios(app: ProjectApplication, sid: int | None,
                   same: Sequence[TitleClaim]) -> list[TitleClaim]:
    """Of the year's papers of ``app``'s title, those of another studio (a paper of its own
    studio is a repeat, 二（二）2), not refused, withdrawn or revoked (the copy refused, the
    original stands: near_titles.GONE)."""
    if not tidy_name(app.studio_name):
        return []
    # (a studio not registered yet, sid None: no stored paper is of it)
    return [t for t in same if t.app_id != app.id and (sid is None or t.studio_id != sid)
            and t.status not in NEAR_GONE]


# 二（二）2 as the office applies it: a project the plan has funded (or has on a year's list
# to fund: 拟助推, 公示) cannot apply again; one an earlier year refused or did not award may,
# its year of 立项 judged under 二（二）1 as any paper's is. One paper of a year twice is one.
FUNDED_OR_LISTED = ("proposed", "publicized", *AWARDED_BY_PLAN)


def bars_project(year: int, claim_year: int, claim_status: str) -> bool:
    """Whether an application of the same studio and title, of ``claim_year`` and in
    ``claim_status``, makes a paper of ``year`` a repeat application (二（二）2): one of the
    same year, or one of an earlier year the plan funded or has listed to fund. The rules,
    the project form and the summary-table import all ask this."""
    return claim_year == year or (claim_year < year and claim_status in FUNDED_OR_LISTED)


# 二（二）2 not yet decided: an earlier year's project still in its review (not refused, not
# adopted, not left unawarded) may yet be funded, and then a later paper of it may not be:
# the later paper is told so (a caution, not a refusal), and re-judged when that one is
# decided (``rejudge_later``).
IN_REVIEW = ("registered", "qualified", "review")


def in_review_of(claims: Sequence[Claim], app: ProjectApplication) -> Claim | None:
    """The earlier year's application of ``app``'s studio and title (``claims`` in (year,
    id) order) still in review, when ``app`` repeats none: the first such."""
    for claim in claims:
        if claim.year >= app.campaign_year:
            return None
        if claim.status in IN_REVIEW:
            return claim
    return None


def in_review_finding(c: Campaign, claim: Claim) -> Finding:
    """The caution of a paper whose project ``claim`` is still in review in an earlier year."""
    state = STATUS_ZH.get(claim.status, claim.status)
    return warning(
        "PROJECT_IN_REVIEW_EARLIER",
        f"工作室的同名项目正在 {claim.year} 年度评审中（{id_ref(PROJECT, claim.app_id)}，{state}）："
        f"如获助推，本项目按{c.clause('project_studio')} 不能再获助推",
        "title",
    )


def repeat_of(claims: Sequence[Claim], app: ProjectApplication) -> Claim | None:
    """The application ``app`` repeats, of its studio's and title's ``claims`` in (year, id)
    order: an earlier year's funded one, else the first of its own year (not itself)."""
    for claim in claims:
        if claim.year > app.campaign_year or claim.app_id == app.id:
            return None
        if bars_project(app.campaign_year, claim.year, claim.status):
            return claim
    return None


# What a paper of a later year reads of an earlier application, beside its key (a
# project's studio, a patent's number) and year: a project's title, state and acceptance
# (二（二）2's repeat and its caution, 二（一）'s unfinished award); a patent's state and grant
# date (which claims its number, 一（三）). Not a patent's person: 每人每年 is one year's.
class Footing(NamedTuple):
    key: Any  # a project's studio id, a patent's (canonical) number
    year: int
    status: str
    rest: tuple[Any, ...]  # a project's title and acceptance day; a patent's grant date


_FOOTING_SQL = {
    PROJECT: ("SELECT a.studio_id, c.year, a.status, a.title, a.accepted_date"
              " FROM project_applications a JOIN campaigns c ON c.id = a.campaign_id"
              " WHERE a.id = ?"),
    PATENT: ("SELECT a.patent_number, c.year, a.status, a.grant_date"
             " FROM patent_applications a JOIN campaigns c ON c.id = a.campaign_id"
             " WHERE a.id = ?"),
}


def footing(reg: Register, stream: str, app_id: int) -> Footing | None:
    """What later years' papers read of application ``app_id`` as stored (None: not
    stored): for :func:`rejudge_later`, read before a write and after it."""
    row = reg.conn.execute(_FOOTING_SQL[stream], (app_id,)).fetchone()
    return None if row is None else Footing(row[0], row[1], row[2], tuple(row[3:]))


def footing_of(app: PatentApplication | ProjectApplication | None) -> Footing | None:
    """:func:`footing` of an application read whole (the register's own writes read it
    before and after anyway); compared only with another of this kind (days are dates
    here, text there)."""
    if app is None:
        return None
    if isinstance(app, PatentApplication):
        return Footing(app.patent_number, app.campaign_year, app.status, (app.grant_date,))
    return Footing(app.studio_id, app.campaign_year, app.status, (app.title, app.accepted_date))


def rejudge_later(reg: Register, stream: str, was: Footing | None, now: Footing | None) -> None:
    """An application written (``Register.set_status``, ``save_patent`` / ``save_project``,
    ``delete_application``, ``move_to_year``; inside the write's transaction) from ``was``
    to ``now`` (its :func:`footing` or :func:`footing_of` before and after; None: not
    stored): the verdicts of the papers of later years it can change — of its key (a
    project's studio, a patent's number) before and after the write, each year after the
    one it was or is in — are judged again and stored with the write, each by its own
    year's plan. Left to the next re-check, a 2023 paper of a 2022 project just listed, or
    of a 2022 patent just refused, stayed as it was in the file until then (a re-check
    after the write failed, a command that wrote and stopped: until F5).

    A write that changes nothing a later paper reads (most saves) costs nothing more; one
    that does, one indexed look-up per key (most find no later paper). The application's
    own verdict and its year's other papers are the re-check's, as before."""
    if now == was:
        return
    keys = {(f.key, f.year) for f in (was, now) if f is not None and f.key is not None}
    if not keys:
        return
    if stream == PATENT:
        _rejudge_later_patents(reg, keys)
    else:  # an award given, taken back or accepted bars or frees the studio (二（一）)
        _rejudge_later_projects(reg, keys, any(
            f is not None and f.status in AWARDED_BY_PLAN for f in (was, now)),
            {(f.year, f.rest[0]) for f in (was, now) if f is not None})


def _rejudge_later_projects(reg: Register, keys: Collection[tuple[int, int]],
                            awarded: bool = False,
                            titles: Collection[tuple[int, str]] = ()) -> None:
    """Every paper of each (studio, year)'s studio of a year after it, judged again and
    stored. Every later paper of the studio, not only the title's: a repeat does not count
    towards the studio's 2 papers of its year (二（二）2), and 二（一） bars them all.
    ``awarded``: an award was written, and the papers of the studios near each one too
    (a studio barred by 二（一） warns the papers of one written otherwise, ``studio_names``).
    ``titles``: (year, title) the paper had and has: the papers of a year after it with that
    title (a paper moved into it is one more of its title there), with their studios'."""
    keys = set(keys)
    if awarded:
        keys |= {(sid, year) for s_id, year in keys for sid in studios_near(
            reg.conn, studio_facts(reg.conn, [s_id]).values())}
    later: set[int] = set()
    for year, title in titles:
        for (after,) in reg.conn.execute("SELECT year FROM campaigns WHERE year > ?", (year,)):
            for same in _same_titles(reg, after, {title_key(title)}).values():
                for claim in same:
                    if claim.studio_id is not None:
                        keys.add((claim.studio_id, after - 1))  # its studio's papers of then
                    elif claim.app_id is not None:
                        later.add(claim.app_id)
    # +a.campaign_id: by the studio's index (most writes find no later paper)
    later |= {i for sid, year in keys for (i,) in reg.conn.execute(
        "SELECT a.id FROM project_applications a JOIN campaigns c ON c.id = +a.campaign_id"
        " WHERE a.studio_id = ? AND c.year > ?", (sid, year))}
    if not later:
        return
    apps = reg.projects_by_id(later)
    studios = {sid for sid, _ in keys}
    # the papers of their years of the studios near theirs count with theirs towards the
    # limit (rules.near_studios): judged beside them, not stored
    near = studios_near(reg.conn, studio_facts(reg.conn, studios).values()) - studios
    years = {a.campaign_year for a in apps}
    context = {i for i, sid, year in select_in(
        reg.conn, "SELECT a.id, a.studio_id, c.year FROM project_applications a"
        " JOIN campaigns c ON c.id = a.campaign_id WHERE a.studio_id IN", near)
        if year in years} - later
    claims = _project_claims(reg, studios | near)
    verdicts: list[Verdict] = []
    for campaign, group in _by_campaign(reg, [*apps, *reg.projects_by_id(context)]):
        verdicts.extend(v for v in check_projects(
            reg, campaign, group, claims, _unfinished_studios(reg, campaign.year, studios))
            if v.app_id in later)
    _store(reg, "project_applications", verdicts, _Encoder())


def _rejudge_later_patents(reg: Register, keys: Collection[tuple[str, int]]) -> None:
    """Every paper of each (number, year)'s number of a year after it, judged again and
    stored; with every paper of their people in their years: which of a person's eligible
    papers keeps the year's award (一（三）每人每年) turns on theirs."""
    # +a.campaign_id: by the number's index (most writes find no later paper)
    later = {row for number, year in keys for row in reg.conn.execute(
        "SELECT a.id, a.person_id, a.campaign_id FROM patent_applications a"
        " JOIN campaigns c ON c.id = +a.campaign_id WHERE a.patent_number = ? AND c.year > ?",
        (number, year))}
    if not later:
        return
    person_years = {(pid, cid) for _, pid, cid in later if pid is not None}
    scope = {app_id for app_id, _, _ in later}
    scope.update(app_id for app_id, pid, cid in select_in(
        reg.conn, "SELECT id, person_id, campaign_id FROM patent_applications WHERE person_id IN",
        {pid for pid, _ in person_years}) if (pid, cid) in person_years)
    apps = reg.patents_by_id(scope)
    first = _first_by_patent_number(reg, {a.patent_number for a in apps if a.patent_number})
    verdicts: list[Verdict] = []
    for campaign, group in _by_campaign(reg, apps):
        verdicts.extend(check_patents(reg, campaign, group, first))
    _store(reg, "patent_applications", verdicts, _Encoder())


def _project_claims(
    reg: Register, studios: Collection[int] | None = None,
    pending: Sequence[ProjectApplication] = (),
) -> dict[tuple[int, str], list[Claim]]:
    """Each (studio, title) -> its applications (any campaign), in (year, id) order."""
    select = ("SELECT c.year, a.id, a.studio_id, a.title_key, a.status FROM project_applications a"
              " JOIN campaigns c ON c.id = a.campaign_id WHERE a.studio_id")
    if studios is None:
        claims = list(reg.conn.execute(select + " IS NOT NULL ORDER BY c.year, a.id"))
    else:
        claims = select_in(reg.conn, select + " IN", studios)
    if pending or studios is not None:
        claims.extend((a.campaign_year, a.id, a.studio_id, title_key(a.title), a.status)
                      for a in pending if a.studio_id is not None)
        claims.sort(key=lambda c: (c[0], c[1]))
    by_project: dict[tuple[int, str], list[Claim]] = defaultdict(list)
    for year, app_id, sid, key, status in claims:  # (the key stored with the title)
        by_project[(sid, key)].append(Claim(app_id, year, status))
    return by_project


def _project_cross(
    c: Campaign, app: ProjectApplication, sid: int | None, unfinished: dict[int, Unfinished],
    owner: Claim | None, rank_in_studio: int, pending: Claim | None = None,
) -> list[Finding]:
    out: list[Finding] = []
    if sid is None:
        return out
    if sid in unfinished:
        out.append(blocking(
            "STUDIO_HAS_UNFINISHED_AWARD",
            f"工作室“{app.studio_name}”已获 {unfinished[sid]}助推，{unfinished[sid].not_completed(c)}，"
            f"不能申报（{c.clause('project_scope')}）",
            "studio_name",
        ))
    if owner is not None:
        out.append(blocking(
            "DUPLICATE_APPLICATION",
            f"工作室“{app.studio_name}”的项目“{app.title}”{repeat_text(c, app.campaign_year, owner)}",
            "title",
        ))
    elif rank_in_studio > c.max_applications_per_studio:
        out.append(blocking(
            "STUDIO_TOO_MANY_APPLICATIONS",
            f"工作室“{app.studio_name}”本年度已申报 {c.max_applications_per_studio} 项，"
            f"此为第 {rank_in_studio} 项：同一创新工作室申报不超过 "
            f"{c.max_applications_per_studio} 项（{c.clause('project_studio')}）",
            "studio_name",
        ))
    if owner is None and pending is not None:
        out.append(in_review_finding(c, pending))
    return out


def repeat_text(c: Campaign, year: int, owner: Claim) -> str:
    """Why a paper of ``year`` repeats ``owner`` (held where, then :func:`repeat_rule`).
    Another year's application is not in this year's list: its year and state say where
    to find it."""
    state = STATUS_ZH.get(owner.status, owner.status)
    if owner.year == year:
        held = f"已申报（{id_ref(PROJECT, owner.app_id)}）"
    elif owner.status in AWARDED_BY_PLAN:
        held = f"已于 {owner.year} 年度获助推（{id_ref(PROJECT, owner.app_id)}，{state}）"
    else:
        held = f"已列入 {owner.year} 年度拟助推项目（{id_ref(PROJECT, owner.app_id)}，{state}）"
    return f"{held}，{repeat_rule(c, year, owner)}"


def repeat_rule(c: Campaign, year: int, owner: Claim) -> str:
    """The rule a repeat breaks, citing ``c``'s (the paper's year's) clause."""
    if owner.year < year and owner.status in AWARDED_BY_PLAN:
        return f"已获助推的项目不能再次申报（{c.clause('project_studio')}）"
    return f"同一项目不能重复申报（{c.clause('project_studio')}）"


def check_projects(
    reg: Register, campaign: Campaign, apps: list[ProjectApplication],
    claims: dict[tuple[int, str], list[Claim]] | None = None,
    unfinished: dict[int, Unfinished] | None = None,
    near: dict[int | None, Finding] | None = None,
    titles: dict[str, list[TitleClaim]] | None = None,
) -> list[Verdict]:
    """Verdicts of ``apps`` (of ``campaign``): each with every application of its studio
    in the campaign among ``apps``. ``claims`` and ``unfinished``: the applications of their
    studios by title and their unfinished awards; ``near``: the 提示 of the studios near a
    barred one (:func:`_near_unfinished`); ``titles``: the campaign's papers of their titles
    (:func:`_same_titles`). Each by default read from the register."""
    if unfinished is None:
        unfinished = _unfinished_studios(reg, campaign.year)
    if claims is None:
        claims = _project_claims(reg)
    if near is None:
        near = _near_unfinished(reg, campaign, studio_facts(
            reg.conn, {a.studio_id for a in apps if a.studio_id is not None}).values())
    if titles is None:
        titles = _same_titles(reg, campaign.year, {title_key(a.title) for a in apps})
    judge = project_rules.campaign_judge(campaign)
    earlier = settles(reg, campaign.year)
    near_title = {id(apps[i]): f for i, f in near_titles(reg, campaign.year, apps).items()}
    seen: dict[int, int] = defaultdict(int)
    counted: list[ProjectApplication] = []  # towards their studios' limits, in order
    own_rank: dict[int, int] = {}
    verdicts = []
    for app in sorted(apps, key=lambda a: a.id or 1 << 62):
        checkpoint()  # an import's preview, cancelled: stops here
        sid = app.studio_id
        same = claims.get((sid, title_key(app.title)), ()) if sid is not None else ()
        owner = repeat_of(same, app) if same else None
        pending = in_review_of(same, app) if owner is None and same else None
        if sid is not None and owner is None:
            seen[sid] += 1
            counted.append(app)
            own_rank[id(app)] = seen[sid]
        v = Verdict(PROJECT, app.id, app.ref, judge(app), app.studio_name)
        v.findings.extend(_project_cross(campaign, app, sid, unfinished, owner,
                                         seen[sid] if sid else 0, pending))
        v.findings.extend(_elsewhere(app, sid, near, titles))
        if id(app) in near_title:
            v.findings.append(near_title[id(app)])
        verdicts.append(_settled(v, app) if earlier else v)
    # 二（二）2 over a studio and those near it (probably one studio written otherwise)
    if over := near_studios.over_limit(reg, campaign, counted, own_rank):
        for app, v in zip(sorted(apps, key=lambda a: a.id or 1 << 62), verdicts, strict=True):
            if id(app) in over:
                v.findings.append(over[id(app)])
    order = {id(a): i for i, a in enumerate(apps)}
    by_app = dict(zip((id(a) for a in sorted(apps, key=lambda a: a.id or 1 << 62)), verdicts, strict=True))
    return [by_app[k] for k in sorted(by_app, key=order.__getitem__)]


def _elsewhere(app: ProjectApplication, sid: int | None, near: dict[int | None, Finding],
               titles: dict[str, list[TitleClaim]]) -> list[Finding]:
    """What another studio's papers say of this one: a studio near one barred by 二（一）,
    a title another studio's paper of the year has too."""
    out: list[Finding] = []
    if sid in near:  # (None: the studio of a paper being typed, not registered yet)
        out.append(near[sid])
    same = titles.get(title_key(app.title)) if titles else None
    if same and (others := _other_studios(app, sid, same)):
        out.append(same_title_finding(others))
    return out


def check_project_draft(reg: Register, app: ProjectApplication) -> Verdict:
    """Findings for one project as typed in a form: its studio's awards and applications
    are read, not every studio's (the form re-checks as the clerk types)."""
    campaign = reg.campaign(app.campaign_year)
    sid = app.studio_id
    name = tidy_name(app.studio_name)
    if sid is None and name:
        sid = reg.scalar("SELECT id FROM studios WHERE name = ?", (name,))
    others = 0
    studios = () if sid is None else (sid,)
    if sid is not None:
        # +a.campaign_id: by the studio's index, not the campaign's every project
        others = reg.scalar(
            "SELECT COUNT(*) FROM project_applications a JOIN campaigns c ON c.id = +a.campaign_id"
            " WHERE c.year = ? AND a.studio_id = ? AND (a.id < ? OR ? IS NULL)",
            (app.campaign_year, sid, app.id, app.id),
        )
    v = Verdict(PROJECT, app.id, app.ref, project_rules.intrinsic_findings(campaign, app))
    same = () if sid is None else _project_claims(reg, studios).get((sid, title_key(app.title)), ())
    owner = repeat_of(same, app)
    unfinished = _unfinished_studios(reg, campaign.year, studios)
    v.findings.extend(_project_cross(
        campaign, app, sid, unfinished, owner,
        int(others or 0) + 1, None if owner is not None else in_review_of(same, app),
    ))
    if owner is None and (over := near_studios.draft_finding(
            reg, campaign, app, sid, int(others or 0) + 1)):
        v.findings.append(over)
    # Another studio's papers: what every pause would read again is kept until a write.
    near: dict[int | None, Finding] = {}
    if name and sid not in unfinished:
        barred, index = _year_bars(reg, campaign.year)
        if index:  # (a studio not registered yet is what the paper says of it)
            facts = (studio_facts(reg.conn, studios).get(sid) if sid is not None else None) or (
                StudioFacts(sid, name, tidy_name(app.leader), tidy_name(app.enterprise_name)))
            near = _near_unfinished(reg, campaign, [facts], barred, index)
    key = title_key(app.title)
    titled = _titles_now(reg, campaign.year, key) if key else []
    v.findings.extend(_elsewhere(app, sid, near, {key: titled}))
    v.findings.extend(near_titles(reg, campaign.year, [app]).values())
    return _settled(v, app) if settles(reg, campaign.year) else v


# -- whole campaign ------------------------------------------------------
class CheckCancelled(Exception):
    """The operator cancelled a re-check before its verdicts were stored: nothing changed."""

    def __init__(self, message: str = "已取消重新核对，登记册未作任何改动") -> None:
        super().__init__(message)
        self.message = message


class _Steps:
    """A whole-campaign check's progress in steps (read, check, per stream; then store),
    with the cancellation looked at between them: each step is ≈ 1 s at 100,000."""

    TOTAL = 5

    def __init__(self, progress: Callable[[int, int], None] | None,
                 cancelled: Callable[[], bool] | None) -> None:
        self._progress = progress
        self._cancelled = cancelled
        self._done = 0

    def __call__(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise CheckCancelled
        self._done += 1
        if self._progress is not None:
            self._progress(self._done, self.TOTAL)

    def finish(self) -> None:
        if self._progress is not None:
            self._progress(self.TOTAL, self.TOTAL)


def check_campaign(reg: Register, year: int | None = None, *,
                   progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> list[Verdict]:
    """Every verdict of a campaign, computed and not stored. ``progress(done, total)`` is
    told each step; ``cancelled()`` turning true raises :class:`CheckCancelled`."""
    return _check_campaign(reg, reg.campaign(year), _Steps(progress, cancelled))


def check_under(reg: Register, campaign: Campaign) -> list[Verdict]:
    """The verdicts of ``campaign``'s year under these parameters, whatever is stored (a
    plan's earlier parameters, to tell a change's effect from stale stored verdicts)."""
    return _check_campaign(reg, campaign, _Steps(None, None))


def _check_campaign(reg: Register, campaign: Campaign, step: _Steps,
                    only_campaign_uncommitted: bool = False) -> list[Verdict]:
    from . import halves

    year = campaign.year
    # The claims on patent numbers are read here, by this connection's parameters (maybe
    # uncommitted: the second process would read the old ones), for both halves.
    first = _first_by_patent_number(reg)
    other = (halves.start_other_half(reg, campaign, first)
             if halves.worth_splitting(reg, year, only_campaign_uncommitted) else None)

    def patents() -> list[Verdict]:
        mine = reg.patents(year, people_half=None if other is None else 0, for_rules=True)
        step()
        return check_patents(reg, campaign, mine, first)

    def projects() -> list[Verdict]:
        apps = reg.projects(year)
        step()
        unfinished = _unfinished_studios(reg, year)
        near = _near_unfinished(reg, campaign, studio_facts(
            reg.conn, {a.studio_id for a in apps if a.studio_id is not None}).values(),
            unfinished)
        return check_projects(reg, campaign, apps, None, unfinished, near, _titles_of(apps))

    try:
        with _collector_paused():
            if other is None:
                patent_verdicts = patents()
                step()
                project_verdicts = projects()
                return [*patent_verdicts, *project_verdicts]
            # The projects first: the second process reads what both halves need of the
            # whole register meanwhile (halves.whole_read), which this one read too
            # (≈ 0.6 s at 100,000 applications, on the way of the storing and the report)
            project_verdicts = projects()
            step()
            halves.take_whole(reg, other)
            patent_verdicts = halves.finish(reg, campaign, patents(), other, first)
            return [*patent_verdicts, *project_verdicts]
    except BaseException:
        halves.abandon(other)
        raise


def register_wide(reg: Register) -> dict[str, Any]:
    """What :func:`check_patents` reads of the whole register whatever the papers judged
    (``RegisterBase.kept``'s key -> value): read once for both halves (:mod:`.halves`),
    each process read it again (≈ 0.6 s of CPU at 100,000 applications)."""
    return {REGISTERED_NEAR: registered_near(reg), CARDS_HELD_TWICE: cards_held_twice(reg)}


def refresh(reg: Register, year: int | None = None, *,
            progress: Callable[[int, int], None] | None = None,
            cancelled: Callable[[], bool] | None = None,
            only_campaign_uncommitted: bool = False) -> list[Verdict]:
    """Re-run every rule over a campaign and store the verdicts beside the applications.

    ``progress`` and ``cancelled`` as for :func:`check_campaign`; a cancellation comes
    before the store, so a cancelled refresh changes nothing. Inside a transaction that
    has written nothing but the campaign's parameters, ``only_campaign_uncommitted``
    lets a large campaign still be checked on two processes (:mod:`.halves`)."""
    campaign = reg.campaign(year)
    step = _Steps(progress, cancelled)
    with _collector_paused():
        verdicts = _check_campaign(reg, campaign, step, only_campaign_uncommitted)
        step()
        verdicts = store_verdicts(reg, campaign, verdicts)
    step.finish()  # stored: too late to cancel
    return verdicts


def _refresh(reg: Register, campaign: Campaign) -> list[Verdict]:
    return store_verdicts(reg, campaign, _check_campaign(reg, campaign, _Steps(None, None)))


def store_verdicts(reg: Register, campaign: Campaign, verdicts: list[Verdict]) -> list[Verdict]:
    """Store a campaign's verdicts (``check_campaign``'s, made on this register or on a
    reader of the same file while nothing could write it) beside its applications."""
    encode = _Encoder()
    cid = reg.campaign_id(campaign.year)
    # (the check's verdicts are just made: the collector's full pass over them, which
    # the rows below would set off, finds nothing to free)
    with _collector_paused(), reg.transaction():
        rows: dict[str, list[tuple[int, int, str, int | None]]] = {PATENT: [], PROJECT: []}
        for v in verdicts:  # one pass, not one per stream with a call per verdict
            rows[v.stream].append((*encode(v), v.app_id))
        for stream, table in ((PATENT, "patent_applications"), (PROJECT, "project_applications")):
            # Write only the verdicts that changed: checking an unchanged campaign of
            # 100,000 applications used to rewrite every row (≈ 100 MB through the WAL).
            # The stored rows are read in the shape of ``rows`` (ids are unique, so a row
            # not among them is a changed verdict), as SQLite's own tuples.
            stored = set(reg.conn.execute(
                f"SELECT eligible, incomplete, findings, id FROM {table} WHERE campaign_id = ?",
                (cid,)).fetchall())
            reg.conn.executemany(
                f"UPDATE {table} SET eligible = ?, incomplete = ?, findings = ? WHERE id = ?",
                [r for r in rows[stream] if r not in stored],
            )
    return verdicts


# -- only what a change can affect ------------------------------------------
VerdictRow = tuple[int, int, str]  # eligible, incomplete, findings (JSON)
_NOTHING_FOUND: VerdictRow = (int(is_eligible([])), int(is_incomplete([])), to_json([]))


class _Encoder:
    """Verdict columns; most verdicts repeat a few finding lists: each encoded once.

    The rules hand out one shared Finding object per distinct finding (findings.py),
    so a list is looked up by the identities of its findings rather than by hashing
    them (a dataclass __hash__ in Python, per finding, per application). Equal
    findings that are distinct objects are only encoded again; the findings are kept
    here so that no identity is reused while the encoder lives."""

    def __init__(self) -> None:
        self.encoded: dict[tuple[int, ...], tuple[VerdictRow, list[Finding]]] = {}

    def __call__(self, v: Verdict) -> VerdictRow:
        findings = v.findings
        if not findings:  # most applications: nothing found
            return _NOTHING_FOUND
        key = tuple(map(id, findings))
        found = self.encoded.get(key)
        if found is None:
            found = self.encoded[key] = ((int(is_eligible(findings)),
                                          int(is_incomplete(findings)), to_json(findings)),
                                         list(findings))
        return found[0]


def recheck(reg: Register) -> list[Verdict]:
    """Store the verdicts the register's writes since the last re-check can have changed.

    What :func:`refresh` of every campaign would store, at the cost of the applications
    the writes touched and those sharing a patent number, a person or a studio with
    them (tests/test_recheck.py checks the equality after random writes). A campaign
    whose parameters changed is refreshed whole. Returns the verdicts computed.
    """
    changes = reg.take_changes()
    if not changes:
        return []
    try:
        with _collector_paused(), reg.transaction():
            out: list[Verdict] = []
            years = set(reg.campaign_years())
            for year in sorted(changes.campaigns & years):
                out.extend(_refresh(reg, reg.campaign(year)))
                # Its grant window decides which of its applications claim their patent
                # numbers: other years' applications of those numbers are judged again.
                changes.patent_numbers.update(n for (n,) in reg.conn.execute(
                    "SELECT DISTINCT a.patent_number FROM patent_applications a"
                    " JOIN campaigns c ON c.id = a.campaign_id WHERE c.year = ? AND EXISTS"
                    " (SELECT 1 FROM patent_applications b WHERE b.patent_number ="
                    " a.patent_number AND b.campaign_id != a.campaign_id)", (year,)))
            encode = _Encoder()
            out.extend(_recheck_patents(reg, changes, (), encode)[0])
            out.extend(_recheck_projects(reg, changes, (), encode)[0])
            return out
    except BaseException:
        reg.changes.update(changes)  # still to be checked
        raise


def judge_new(reg: Register, records: list[Any],
              kept: list[Judged] | None = None) -> list[VerdictRow]:
    """Verdict columns of applications about to be inserted (ids given, all of one
    stream), as :func:`refresh` will see them once they are; the stored applications
    they affect (same patent number, person or studio) get theirs updated now.

    The ``judge`` of ``Register.insert_patents`` / ``insert_projects``: called when the
    people, studios and names of the batch are written and its applications not yet.
    ``kept``: a :class:`Judged` appended to it, all this call did, for :func:`judged_again`
    (an import preview's judging, rolled back, done again by its commit without judging).
    """
    if not records:
        return []
    encode = _Encoder()
    written: list[tuple[int, int, str, int]] | None = [] if kept is not None else None
    checkpoint()
    with _collector_paused():
        if records[0].stream == PATENT:  # with the cards the batch took from people, and
            # the people it renamed or gave another number or phone, as they were
            cards, reg.changes.cards = reg.changes.cards, set()
            people, reg.changes.people_were = reg.changes.people_were, set()
            taken = Changes(cards=cards, people_were=people)
            verdicts = _recheck_patents(reg, taken.copy(), records, encode, written)[1]
        else:  # with the studios the batch gave another leader or enterprise, as they were
            were, reg.changes.studios_were = reg.changes.studios_were, set()
            taken = Changes(studios_were=were)
            verdicts = _recheck_projects(reg, taken.copy(), records, encode, written)[1]
    rows = [encode(v) for v in verdicts]
    if kept is not None and written is not None:
        kept.append(Judged(tuple(records), tuple(rows), tuple(written), taken, clock.today()))
    return rows


@dataclass(frozen=True)
class Judged:
    """What one :func:`judge_new` call did: the records it judged (ids given), their
    verdict columns, the stored applications' columns it rewrote (eligible, incomplete,
    findings, id), the noted changes it took, and the day it judged on (the rules judge a
    收件日期 to come by it)."""

    records: tuple[Any, ...]
    verdicts: tuple[VerdictRow, ...]
    written: tuple[tuple[int, int, str, int], ...]
    taken: Changes
    day: date


def judged_again(reg: Register, records: list[Any], judged: Judged) -> list[VerdictRow] | None:
    """:func:`judge_new`'s effect without judging: ``judged``'s writes and verdicts, when
    it judged these very ``records`` (ids, people, studios as the batch gives them), with the
    same changes noted, on the same day; None (nothing done) otherwise.

    The caller vouches that the register is as it was when ``judged`` was made up to the
    batch (``import_commit``: nothing written since the preview judged, the same choices):
    the rules read nothing else, so the columns are those :func:`judge_new` would give."""
    if not records:
        return []
    stream = records[0].stream
    if stream == PATENT:
        now = Changes(cards=set(reg.changes.cards), people_were=set(reg.changes.people_were))
    else:
        now = Changes(studios_were=set(reg.changes.studios_were))
    if (judged.day != clock.today() or now != judged.taken
            or len(records) != len(judged.records) or list(judged.records) != records):
        return None
    checkpoint()
    if stream == PATENT:
        reg.changes.cards, reg.changes.people_were = set(), set()
    else:
        reg.changes.studios_were = set()
    table = "patent_applications" if stream == PATENT else "project_applications"
    reg.conn.executemany(
        f"UPDATE {table} SET eligible = ?, incomplete = ?, findings = ? WHERE id = ?",
        judged.written)
    return list(judged.verdicts)


def _ids_where(reg: Register, table: str, column: str, keys: Iterable[Any]) -> list[tuple[Any, ...]]:
    return select_in(reg.conn, f"SELECT id, {column} FROM {table} WHERE {column} IN", keys)


def _by_campaign(reg: Register, records: Iterable[Any]) -> list[tuple[Campaign, list[Any]]]:
    years: dict[int, list[Any]] = defaultdict(list)
    for r in records:
        years[r.campaign_year].append(r)
    return [(reg.campaign(y), apps) for y, apps in sorted(years.items())]


def _store(reg: Register, table: str, verdicts: list[Verdict], encode: _Encoder,
           written: list[tuple[int, int, str, int]] | None = None) -> None:
    """Write the verdicts of stored applications that differ from what is stored (each
    row written also added to ``written``)."""
    if not verdicts:
        return
    stored = {app_id: (ok, missing, text) for app_id, ok, missing, text in select_in(
        reg.conn, f"SELECT id, eligible, incomplete, findings FROM {table} WHERE id IN",
        [v.app_id for v in verdicts])}
    rows = [(*row, v.app_id) for v in verdicts if stored.get(v.app_id) != (row := encode(v))]
    reg.conn.executemany(
        f"UPDATE {table} SET eligible = ?, incomplete = ?, findings = ? WHERE id = ?", rows)
    if written is not None:
        written.extend(rows)  # type: ignore[arg-type]


def _recheck_patents(
    reg: Register, changes: Changes, pending: Sequence[PatentApplication], encode: _Encoder,
    written: list[tuple[int, int, str, int]] | None = None,
) -> tuple[list[Verdict], list[Verdict]]:
    """Verdicts of the stored patent applications the changes (or ``pending``) can
    affect, stored when they differ; and the verdicts of ``pending``.

    The affected ones: those changed; those sharing a patent number with them (who
    claimed it first); and every application of the people of all these (their
    facts, and which of a person's eligible applications keeps the award).
    """
    table = "patent_applications"
    numbers: set[str | None] = set(changes.patent_numbers)  # None: a paper without one
    people: set[int | None] = set(changes.people)
    scope = set(changes.patents)
    for _, pid, number in select_in(
            reg.conn, f"SELECT id, person_id, patent_number FROM {table} WHERE id IN", scope):
        people.add(pid)
        numbers.add(number)
    for a in pending:
        people.add(a.person_id)
        numbers.add(a.patent_number)
    # a person's name and ID are named in the findings of papers rivalling his for a patent
    # (DUPLICATE_APPLICATION's two first inventors): their numbers' papers judged again too
    numbers.update(n for _, n in select_in(
        reg.conn, f"SELECT id, patent_number FROM {table} WHERE person_id IN",
        people - {None}))
    numbers.discard(None)
    for app_id, pid in select_in(
            reg.conn, f"SELECT id, person_id FROM {table} WHERE patent_number IN", numbers):
        scope.add(app_id)
        people.add(pid)
    people.discard(None)
    scope.update(app_id for app_id, _ in _ids_where(reg, table, "person_id", people))
    # the others holding a card of these (``_card_holders``: named in each other's
    # finding), or a card a write took from a paper or a person (changes.cards): judged
    # again beside them, with every paper of theirs
    cards = {card for _, card in select_in(
        reg.conn, f"SELECT id, card_number FROM {table} WHERE id IN", scope) if card}
    cards.update(card for (card,) in select_in(
        reg.conn, "SELECT card_number FROM people WHERE id IN", people) if card)
    cards.update(a.card_number for a in pending if a.card_number)
    cards.update(changes.cards)
    holders: set[int | None] = set()
    if cards:
        for app_id, pid in select_in(
                reg.conn, f"SELECT id, person_id FROM {table} WHERE card_number IN", cards):
            scope.add(app_id)  # (a paper of no person, too)
            holders.add(pid)
        holders.update(pid for (pid,) in select_in(
            reg.conn, "SELECT id FROM people WHERE card_number IN", cards))
    holders -= people | {None}
    people |= holders
    scope.update(app_id for app_id, _ in _ids_where(reg, table, "person_id", holders))
    # the people near these (rules.near_people: said on both), as they are and as a write
    # found them (a person renamed, given another number or phone, or gone leaves the
    # namesakes near him then: their papers said so)
    near = near_people_of(reg, {p for p in people if p is not None}, pending,
                          changes.people_were) - people
    scope.update(app_id for app_id, _ in _ids_where(reg, table, "person_id", near))
    checkpoint()
    stored = reg.patents_by_id(scope)
    checkpoint()
    apps = [*stored, *pending]
    first = _first_by_patent_number(
        reg, {a.patent_number for a in apps if a.patent_number}, pending)
    checkpoint()
    verdicts: dict[int, Verdict] = {}
    for campaign, group in _by_campaign(reg, apps):
        verdicts.update((v.app_id, v) for v in check_patents(  # type: ignore[misc]
            reg, campaign, group, first, pending))
    old = [verdicts[a.id] for a in stored]  # type: ignore[index]
    _store(reg, table, old, encode, written)
    return old, [verdicts[a.id] for a in pending]  # type: ignore[index]


def _recheck_projects(
    reg: Register, changes: Changes, pending: Sequence[ProjectApplication], encode: _Encoder,
    written: list[tuple[int, int, str, int]] | None = None,
) -> tuple[list[Verdict], list[Verdict]]:
    """:func:`_recheck_patents` for projects: the affected ones are those changed and
    every application of their studios, in every campaign (limits per studio,
    duplicate titles, awards not yet accepted), and of the studios near those studios as
    they are and as they were (a studio written two ways, 二（一））; and the other studios'
    papers of all these papers' titles in their years, as the titles are and were (one
    title, two studios), judged beside their studios' papers (which are not stored: their
    own titles were not read)."""
    table = "project_applications"
    studios = set(changes.studios)
    studios.update(sid for _, sid in select_in(
        reg.conn, f"SELECT id, studio_id FROM {table} WHERE id IN", changes.projects)
        if sid is not None)
    studios.update(a.studio_id for a in pending if a.studio_id is not None)
    were = [StudioFacts(None, name, leader, enterprise) for name, leader, enterprise
            in _enterprise_names(reg, changes.studios_were)]
    studios |= studios_near(reg.conn, [*studio_facts(reg.conn, studios).values(), *were])
    scope = set(changes.projects)
    scope.update(app_id for app_id, _ in _ids_where(reg, table, "studio_id", studios))
    keys: dict[int, set[str]] = defaultdict(set)
    for year, title in changes.project_titles:
        keys[year].add(title_key(title))
    for _, title, year in select_in(
            reg.conn, f"SELECT a.id, a.title, c.year FROM {table} a"
            " JOIN campaigns c ON c.id = a.campaign_id WHERE a.id IN", scope):
        keys[year].add(title_key(title))
    for a in pending:
        keys[a.campaign_year].add(title_key(a.title))
    titles = {year: _same_titles(reg, year, wanted, pending) for year, wanted in keys.items()}
    extra = {c.app_id for same in titles.values() for claims in same.values() for c in claims
             if c.app_id is not None and c.app_id not in scope} - {a.id for a in pending}
    # the papers of titles near these, of their years and the next (rules.near_titles)
    for year, wanted in keys.items():
        for y in (year, year + 1):
            extra.update(near_titles_of(reg, y, wanted))
    extra -= scope | {a.id for a in pending}
    beside = {sid for _, sid in select_in(
        reg.conn, f"SELECT id, studio_id FROM {table} WHERE id IN", extra)
        if sid is not None} - studios
    # the studios near those judged (the changed ones' near ones, the same or near titles'):
    # their papers counted beside them (rules.near_studios), judged and not stored
    beside |= studios_near(reg.conn, studio_facts(reg.conn, studios | beside).values()) - studios
    context = {app_id for app_id, _ in _ids_where(reg, table, "studio_id", beside)}
    stored = reg.projects_by_id(scope | extra | context)
    apps = [*stored, *pending]
    claims = _project_claims(reg, studios | beside, pending)
    verdicts: dict[int, Verdict] = {}
    for campaign, group in _by_campaign(reg, apps):
        unfinished = _unfinished_studios(reg, campaign.year, studios | beside, pending)
        near = _near_unfinished(reg, campaign, studio_facts(
            reg.conn, {a.studio_id for a in group if a.studio_id is not None}).values(),
            _unfinished_studios(reg, campaign.year, None, pending))
        verdicts.update((v.app_id, v) for v in check_projects(  # type: ignore[misc]
            reg, campaign, group, claims, unfinished, near, titles.get(campaign.year, {})))
    old = [verdicts[a.id] for a in stored if a.id in scope or a.id in extra]
    _store(reg, table, old, encode, written)
    return old, [verdicts[a.id] for a in pending]  # type: ignore[index]


def _enterprise_names(reg: Register, facts: Iterable[tuple[str, str, int | None]]
                      ) -> list[tuple[str, str, str]]:
    """(name, leader, enterprise id) -> (name, leader, the enterprise's name now)."""
    facts = list(facts)
    names = dict(select_in(reg.conn, "SELECT id, name FROM enterprises WHERE id IN",
                           {e for _, _, e in facts if e is not None}))
    return [(name, leader or "", names.get(e, "") if e is not None else "")
            for name, leader, e in facts]
