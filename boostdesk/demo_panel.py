"""The expert panel of the demo register: the 2022 project stream's season, told through
the panel's own write paths (资格审核, 分配专家, 评分, 排名与档次, 公示), so every panel
and publicity screen, the 审批表 and the 评审汇总表 tell one story.

Called by :func:`boostdesk.demo.fill_demo` (in place of moving the 2022 projects' status
by hand) once they are entered. Six experts (two from an applicant's own organisation, so
the automatic conflict rule has something to do, and one declared conflict) and the default
scoring grid; then the applications in batches, each qualified (decided on a day of the
season), its experts assigned by the automatic assignment (回避 kept), their packages
returned and imported, the ranking adopted on a day after the scores:

- the first batch (the awards on their way) publicized and approved when its period ended,
  its first tranches then paid by the demo (``demo.pay_awards``);
- the second publicized and still in its period (one objection dismissed, one still open),
  two of its projects left out of the list by a tier set by hand (人工调整档次: 不予助推);
- the third adopted, waiting for the next publicity;
- the last under review: three packages returned, one expert's scores half-typed on screen,
  and four projects just qualified with no experts yet.

A batch is qualified only once the one before is adopted: a qualified project still to be
scored holds any adoption (二（四）2). Deterministic (seeded).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from boostdesk.models.register import Register

SEED = 4
YEAR = 2022
OPERATOR = "刘建国"  # the demo's reviewer (审核)

EXPERTS: tuple[tuple[str, str, str, str], ...] = (
    ("周建华", "北京工业大学", "机械制造及其自动化", "zhoujh@example.edu.cn"),
    ("吴晓梅", "北京理工大学", "材料科学与工程", "wuxm@example.edu.cn"),
    ("郑国强", "中国铁道科学研究院", "轨道交通装备", "zhenggq@example.cn"),
    ("孙立平", "北京市科学技术研究院", "新一代信息技术", "sunlp@example.cn"),
    ("何文静", "北京化工大学", "生物医药与化工", "hewj@example.edu.cn"),
    ("陈志远", "北京市市政工程研究院", "土木与道桥工程", "chenzy@example.cn"),
)
DECLARED = ("陈志远", "城市快速路改造交通导改方案优化", "曾为该工作室的导改方案提供技术咨询")
RETURNED = ("周建华", "郑国强", "孙立平")  # the last batch: packages returned and imported
DRAFTING = "何文静"  # the last batch: scoring on the office machine, not yet submitted
NOT_AWARDED = "专家评审得分在本批次末位，评审委员会审议认为项目创新性和示范作用不足，不予助推"


@dataclass(frozen=True)
class Batch:
    """One batch of the season: the demo's targets it takes and the day of each step."""

    targets: tuple[str, ...]
    qualified: date
    assigned: date
    returned: date  # the experts' packages imported
    adopted: date | None = None
    publicity: date | None = None
    closed: date | None = None


PUBLICITY_START = date(2022, 12, 26)  # the period under way
BATCHES = (
    Batch(("approved", "paid_first", "accepted", "paid_final"), date(2022, 11, 3),
          date(2022, 11, 4), date(2022, 11, 30), date(2022, 12, 8), date(2022, 12, 12),
          date(2022, 12, 20)),
    Batch(("publicized", "not_awarded"), date(2022, 12, 9), date(2022, 12, 9),
          date(2022, 12, 16), date(2022, 12, 19), PUBLICITY_START),
    Batch(("proposed",), date(2022, 12, 20), date(2022, 12, 21), date(2023, 1, 9),
          date(2023, 1, 11)),
    Batch(("review",), date(2023, 1, 12), date(2023, 1, 13), date(2023, 2, 24)),
)
LAST_QUALIFIED = date(2023, 3, 1)  # the "qualified" ones: no experts yet
REFUSED_ON = date(2022, 11, 10)
OBJECTIONS = (
    ("精密光学组件自动装调平台研制", date(2022, 12, 27), "某职工（来电）",
     "反映项目所用装调平台为外购设备，并非工作室自主研制",
     "经核查，平台核心装调算法与工装为工作室自主开发，外购的仅为通用位移台",
     date(2022, 12, 30)),
    ("电驱总成下线测试台架开发", date(2022, 12, 29), "匿名来信",
     "反映项目负责人同时主持另一在研项目，精力难以保证", None, None),
)
# how well the experts rate a project, by the tier the demo means it for (a 10万 award
# ranked above a 5万; one left out at the bottom of its batch)
QUALITY = {100_000_00: (0.84, 0.92), 50_000_00: (0.76, 0.84), 30_000_00: (0.68, 0.8)}
UNDECIDED, LEFT_OUT = (0.62, 0.9), (0.6, 0.66)


def _scores(rng: random.Random, grid: tuple, quality: float) -> dict[int, int | None]:
    """One expert's scores (tenths, in halves of a point) around a project's quality."""
    out: dict[int, int | None] = {}
    for c in grid:
        share = min(0.98, max(0.35, quality + rng.uniform(-0.09, 0.09)))
        out[c.id] = min(c.max_score * 10, round(c.max_score * share * 2) * 5)
    return out


def _drop_empty_periods(reg: Register) -> None:
    """Periods left without projects (their applications were cleared by demo --force)."""
    for row in reg.query(
        "SELECT p.* FROM publicity_periods p JOIN campaigns c ON c.id = p.campaign_id"
        " WHERE c.year = ? AND NOT EXISTS (SELECT 1 FROM proposals r WHERE r.period_id = p.id)",
        (YEAR,),
    ):
        reg.conn.execute("DELETE FROM publicity_periods WHERE id = ?", (row["id"],))
        reg.audit("delete", "publicity_periods", row["id"], row, None)


# the trail's lines of the applications and payments are dated by ``demo.date_the_history``
APPLICATION_TABLES = ("patent_applications", "project_applications", "payments")


@contextmanager
def _on(reg: Register, day: date) -> Iterator[None]:
    """The panel's trail lines written inside dated ``day`` (10:00, a minute apart), not
    the moment the demo is built: the 修改记录 tells the season as the records do."""
    mark = reg.scalar("SELECT COALESCE(MAX(id), 0) FROM audit_events")
    yield
    rows = reg.query(f"SELECT id FROM audit_events WHERE id > ? AND entity NOT IN"
                     f" ({','.join('?' * len(APPLICATION_TABLES))}) ORDER BY id",
                     (mark, *APPLICATION_TABLES))
    start = datetime.combine(day, time(10))
    for n, row in enumerate(rows):
        reg.conn.execute("UPDATE audit_events SET at = ? WHERE id = ?",
                         ((start + timedelta(minutes=n)).isoformat(timespec="seconds"),
                          row["id"]))


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T16:00:00"


def _score_batch(reg: Register, rng: random.Random, grid: tuple, quality: dict[int, float],
                 batch: Batch, export_seq: int, only: Sequence[str] = (),
                 drafting: str = "") -> None:
    """Each expert's scores of the projects under review: a package exported the day they
    were assigned (``export_seq``: the register's count it is signed with, as
    ``package_writer`` signs it: a ``demo --force`` run's come after the run before), returned
    and imported on ``batch.returned`` through the import's own store
    (``package_import.store_package``, as ``panel import`` after reading the file; no file
    is written); ``only`` those experts when given; ``drafting``'s half typed on screen."""
    from pathlib import Path

    from boostdesk.panel.experts import experts
    from boostdesk.panel.package_export import package_name
    from boostdesk.panel.package_import import store_package
    from boostdesk.panel.package_read import PackageContent
    from boostdesk.panel.scoring import SCREEN, expert_sheet, save_scores

    for e in sorted(experts(reg, YEAR), key=lambda e: e.id or 0):
        if only and e.name not in only and e.name != drafting:
            continue
        rows = expert_sheet(reg, e.id or 0)
        if not rows:
            continue
        draft = e.name == drafting
        if draft:
            rows = rows[: len(rows) // 2]
        entries = {r.project_id: (_scores(rng, grid, quality[r.project_id]),
                                  rng.choice(("", "", "技术路线清晰", "建议细化预算",
                                              "成果推广价值较高")))
                   for r in rows}
        if draft:
            save_scores(reg, e.id or 0, entries, submit=False, source=SCREEN)
            continue
        exported = f"{batch.assigned.isoformat()}T11:00:00"
        store_package(reg, PackageContent(
            Path(package_name(YEAR, e)), YEAR, e, grid, entries,
            {r.project_id: r.title for r in rows}, exported, export_seq=export_seq))
        # returned in the demo's season, not on the day it is built
        marks = ",".join("?" * len(entries))
        reg.conn.execute(f"UPDATE assignments SET submitted_at = ? WHERE expert_id = ?"
                         f" AND project_id IN ({marks}) AND submitted_at IS NOT NULL",
                         (_stamp(batch.returned), e.id or 0, *entries))


def _qualify(reg: Register, entries: Sequence, on: date) -> None:
    """资格审核通过 on ``on``: a late paper or one the checks find fault with passed with
    the reviewer's remark as the reason, as the clerk would type it."""
    from boostdesk.panel.qualification import decide

    for e in entries:
        app = reg.project(e.id)
        late = app.received_date is not None and app.received_date > reg.campaign(
            YEAR).submission_deadline
        decide(reg, e.id, True, "" if late else app.remarks, on,
               late_reason=app.remarks if late else None)


class Season:
    """The 2022 project stream through the panel's write paths, in two calls: :meth:`first`
    (the panel set up, refusals, the first batch to the close of its publicity: the demo
    then approves its payables and pays them) and :meth:`rest` (the later batches). Paid
    before the later batches are recorded, a payment's check that its award's ranking still
    stands finds nothing recorded since the close that could move it (else it ranks the
    year again, at every payment, inside the demo's one transaction).

    ``entries``: the demo's applications of the year with their targets; ``days[project]``:
    the day each status move was made (the demo's history is dated by it)."""

    def __init__(self, reg: Register, entries: Sequence, days: dict[int, dict[str, date]]):
        self.reg, self.entries, self.days = reg, list(entries), days
        self.rng = random.Random(SEED)
        self.grid: tuple = ()
        self.quality: dict[int, float] = {}

    @contextmanager
    def _writing(self) -> Iterator[None]:
        from boostdesk.safety.backup import one_backup_for_all

        reg, operator = self.reg, self.reg.operator
        try:
            reg.operator = OPERATOR
            with reg.transaction(), one_backup_for_all(reg):
                yield
        finally:
            reg.operator = operator

    def first(self) -> list[int]:
        """The panel, the refusals and the first batch; the projects it approved."""
        from boostdesk.panel.experts import Expert, experts, save_expert
        from boostdesk.panel.grid import ensure_grid
        from boostdesk.panel.qualification import decide

        reg = self.reg
        with self._writing():
            _drop_empty_periods(reg)
            known = {e.name: e.id for e in experts(reg, YEAR)}  # after demo --force
            with _on(reg, BATCHES[0].qualified):
                for name, org, field, contact in EXPERTS:
                    save_expert(reg, YEAR, Expert(name, org, field, contact, known.get(name)))
                self.grid = ensure_grid(reg, YEAR)
            self.quality = {e.id: self.rng.uniform(*(
                LEFT_OUT if e.target == "not_awarded" else QUALITY.get(e.award_fen, UNDECIDED)))
                for e in self.entries}
            for e in self.entries:
                if e.target == "refused":
                    decide(reg, e.id, False, e.reason, REFUSED_ON)
                    self.days[e.id] = {"refused": REFUSED_ON}
            return self._batch(BATCHES[0])

    def rest(self) -> None:
        """The later batches, the projects just qualified, a declared conflict, objections."""
        from boostdesk.panel import publicity
        from boostdesk.panel.experts import declare_conflict, experts

        reg = self.reg
        with self._writing():
            for batch in BATCHES[1:]:
                self._batch(batch)
            # the last ones qualified: waiting for 分配专家
            waiting = [e for e in self.entries if e.target == "qualified"]
            _qualify(reg, waiting, LAST_QUALIFIED)
            for e in waiting:
                self.days[e.id] = {"qualified": LAST_QUALIFIED}
            panel = {e.name: e for e in experts(reg, YEAR)}
            projects = {a.title: a for a in reg.projects(YEAR, statuses=("qualified", "review"))}
            who, title, reason = DECLARED
            if title in projects:
                with _on(reg, LAST_QUALIFIED):
                    declare_conflict(reg, panel[who].id or 0, projects[title].id or 0, reason)
                reg.conn.execute("UPDATE conflicts SET declared_at = ? WHERE expert_id = ?"
                                 " AND project_id = ?", (f"{LAST_QUALIFIED.isoformat()}T10:00:00",
                                                         panel[who].id or 0, projects[title].id))
            titles = {a.title: a.id for a in reg.projects(YEAR, statuses=("publicized",))}
            for title, received, who, content, note, resolved in OBJECTIONS:
                if title not in titles:
                    continue
                with _on(reg, received):
                    oid = publicity.record_objection(reg, titles[title] or 0, received, who,
                                                     content)
                if note and resolved:
                    with _on(reg, resolved):
                        publicity.resolve_objection(reg, oid, False, note, resolved)

    def _batch(self, batch: Batch) -> list[int]:
        """One batch qualified, assigned, scored and as far on as its days go; the projects
        approved by the close of its publicity."""
        from boostdesk.panel import publicity
        from boostdesk.panel.adopt_proposal import adopt
        from boostdesk.panel.experts import auto_assign
        from boostdesk.panel.tier_overrides import set_override

        reg, days = self.reg, self.days
        mine = [e for e in self.entries if e.target in batch.targets]
        _qualify(reg, mine, batch.qualified)
        with _on(reg, batch.assigned):
            auto_assign(reg, YEAR)
        exported = int(reg.scalar("SELECT COALESCE(MAX(id), 0) FROM audit_events"))
        with _on(reg, batch.returned):
            _score_batch(reg, self.rng, self.grid, self.quality, batch, exported,
                         RETURNED if batch.adopted is None else (),
                         DRAFTING if batch.adopted is None else "")
        for e in mine:
            days[e.id] = {"qualified": batch.qualified, "review": batch.assigned}
        if batch.adopted is None:
            return []
        for e in mine:
            if e.target == "not_awarded":  # 人工调整档次: left out of the list
                set_override(reg, e.id, None, NOT_AWARDED)
                reg.conn.execute("UPDATE tier_overrides SET at = ? WHERE project_id = ?",
                                 (f"{batch.adopted.isoformat()}T09:30:00", e.id))
        with _on(reg, batch.adopted):
            adopt(reg, YEAR, adopted_on=batch.adopted)
        # its rows written on its day, as its trail line: adoptions are told apart and
        # ordered by that stamp (published_list, ranking, score_correction)
        reg.conn.execute("UPDATE proposals SET adopted_at = ? WHERE period_id IS NULL AND"
                         " campaign_id = ?", (f"{batch.adopted.isoformat()}T10:00:00",
                                              reg.campaign_id(YEAR)))
        for e in mine:
            days[e.id]["proposed"] = days[e.id]["not_awarded"] = batch.adopted
        if batch.publicity is None:
            return []
        with _on(reg, batch.publicity):
            publicity.start_publicity(reg, YEAR, batch.publicity)
        for e in mine:
            days[e.id]["publicized"] = batch.publicity
        if batch.closed is None:
            return []
        with _on(reg, batch.closed):
            result = publicity.close_publicity(reg, YEAR, batch.closed)
        if result.pending:
            raise RuntimeError(f"demo: publicity left pending: {result.pending}")
        return [e.id for e in mine if reg.project(e.id).status == "approved"]
