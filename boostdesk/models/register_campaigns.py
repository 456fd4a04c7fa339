"""A year's plan saved, and what a change of it may not touch once awards are published,
held or paid."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter

from boostdesk.money import format_money as _money

from .campaign import LEVEL_ZH, LEVELS, Campaign
from .payment_marks import SENT_SQL, sent_text
from .records import (
    PATENT,
    PROJECT,
)
from .register_base import RegisterBase, RegisterError
from .workflow import outcome_recorded_sql


class CampaignWrites(RegisterBase):
    def save_campaign(self, campaign: Campaign) -> int:
        """Store ``campaign``; returns how many approved, unpaid patents took its new
        patent award (一（三）: the award is the year's fixed amount)."""
        followed = 0
        with self.transaction():
            old = self.conn.execute(
                "SELECT id, params FROM campaigns WHERE year = ?", (campaign.year,)
            ).fetchone()
            if old:
                before = Campaign.from_json(old[1])
                self._refuse_paid_plan_change(before, campaign, old[0])
                self._refuse_held_tier_change(before, campaign, old[0])
                self._refuse_published_tier_change(before, campaign, old[0])
                self._refuse_published_quota_cut(before, campaign, old[0])
                self._refuse_published_tie_rule_change(before, campaign, old[0])
                followed = self._follow_patent_award(before, campaign, old[0])
            params = campaign.to_json()
            self.changes.campaigns.add(campaign.year)
            if old:
                self.conn.execute(
                    "UPDATE campaigns SET title = ?, params = ? WHERE id = ?",
                    (campaign.title, params, old[0]),
                )
                self.audit("update", "campaigns", old[0], json.loads(old[1]), json.loads(params))
            else:
                self._note_newly_earlier(campaign.year)
                cur = self.conn.execute(
                    "INSERT INTO campaigns (year, title, params) VALUES (?, ?, ?)",
                    (campaign.year, campaign.title, params),
                )
                self.audit("create", "campaigns", cur.lastrowid, None, json.loads(params))
        return followed

    def _note_newly_earlier(self, year: int) -> None:
        """A new year after the newest makes that one earlier: its decided papers waiting
        for material (0 of them, mostly) wait no longer (``rules.check.settles``), judged
        again at the re-check after this write."""
        row = self.conn.execute(
            "SELECT id, year FROM campaigns ORDER BY year DESC LIMIT 1").fetchone()
        if row is None or row[1] > year:
            return
        for table, noted in (("patent_applications", self.changes.patents),
                             ("project_applications", self.changes.projects)):
            noted.update(i for (i,) in self.conn.execute(
                f"SELECT id FROM {table} WHERE campaign_id = ? AND incomplete = 1"
                f" AND {outcome_recorded_sql()}", (row[0],)))

    def _refuse_paid_plan_change(self, before: Campaign, after: Campaign,
                                 campaign_id: int) -> None:
        """方案二（三）/ 二（四）4: what has been paid was worked out in the year's split and
        tranche shares, and the approval sheets and payment lists read them from the
        campaign. Changed once money has moved, the documents would contradict the
        payments: refused (for 设置 and ``campaign set`` alike). Dates and terms stay
        editable."""
        changed: dict[str, list[str]] = {PATENT: [], PROJECT: []}
        if tuple(before.tranche_shares) != tuple(after.tranche_shares):
            changed[PROJECT].append("分期拨付比例")
        if tuple(before.patent_split) != tuple(after.patent_split):
            changed[PATENT].append("专利分担比例")
        for level in LEVELS:
            old, new = before.project_split.get(level), after.project_split.get(level)
            if tuple(old or ()) != tuple(new or ()):
                changed[PROJECT].append(f"{LEVEL_ZH[level]}工作室分担比例")
        streams = [stream for stream, names in changed.items() if names]
        if not streams:
            return
        paid, returned = self._sent(campaign_id, streams)
        if paid or returned:
            names = "、".join(name for stream in streams for name in changed[stream])
            sent = "已汇出的款项按原比例计算，被银行退回的也按原比例重拨" if returned else \
                "已拨付的款项按原比例计算"
            raise RegisterError(
                f"{after.year} 年度{sent_text(paid, returned)}，{names}不能再改："
                f"{sent}，审批表和拨付清单也按原比例打印（日期、期限等其余参数仍可修改）"
            )

    def _sent(self, campaign_id: int, streams: list[str]) -> tuple[int, int]:
        """How many of the year's payments of ``streams`` stand paid, and how many were
        sent and came back (退汇, owed again): both were worked out in the year's plan."""
        row = self.conn.execute(
            "SELECT COUNT(p.paid_date),"
            f" COALESCE(SUM(p.paid_date IS NULL AND {SENT_SQL}), 0) FROM payments p"
            " LEFT JOIN patent_applications pa ON p.stream = 'patent' AND pa.id = p.application_id"
            " LEFT JOIN project_applications pr ON p.stream = 'project'"
            " AND pr.id = p.application_id"
            " WHERE COALESCE(pa.campaign_id, pr.campaign_id) = ?"
            f" AND p.stream IN ({','.join('?' * len(streams))})",
            (campaign_id, *streams),
        ).fetchone()
        return int(row[0]), int(row[1])

    def _refuse_published_tier_change(self, before: Campaign, after: Campaign,
                                      campaign_id: int) -> None:
        """二（四）3: a published award is its tier's. A tier's amount (or level) changed,
        or the tier removed, once awards were published in it would leave them in no tier:
        the ranking would no longer count them against its quota and fill it again.
        Refused; names, quotas and the tiers nobody holds stay editable."""
        kept = {(t.amount_fen, t.level) for t in after.tiers}
        gone = [t for t in before.tiers if (t.amount_fen, t.level) not in kept]
        if not gone:
            return
        held = Counter(r[0] for r in self.conn.execute(
            "SELECT a.award_fen FROM project_applications a WHERE a.campaign_id = ?"
            " AND a.award_fen IS NOT NULL AND a.status IN ('approved', 'paid_first',"
            " 'accepted', 'paid_final', 'acceptance_failed')"
            " UNION ALL SELECT pr.amount_fen FROM proposals pr JOIN project_applications a"
            " ON a.id = pr.project_id WHERE pr.campaign_id = ? AND pr.period_id IS NOT NULL"
            " AND a.status = 'publicized'", (campaign_id, campaign_id)))
        from boostdesk.money import format_money

        used = [f"“{t.name}”档（{format_money(t.amount_fen)}）已有 {held[t.amount_fen]} 项公示或核准"
                for t in gone if held[t.amount_fen]]
        if used:
            raise RegisterError(
                f"{after.year} 年度：" + "；".join(used) + "，该档的金额和级别不能再改、也不能删去："
                "公示和核准的助推资金按该档计算（名称、名额和其余各档仍可修改）"
            )

    def _refuse_published_quota_cut(self, before: Campaign, after: Campaign,
                                    campaign_id: int) -> None:
        """二（三） 原则上 N 项: a quota cut below the projects publicized or approved in its
        tier ranks the last of them out of it. Before any money moves that is the office's
        to settle (the ranking names the cut, the close waits, 排名复核 keeps or withdraws
        the award: ``panel.published_rerank``). Once the year's project money is paid (or
        sent and returned), the published list is history: its awards would read 多拨，应予
        追回 for a number typed afterwards. Refused then; a quota raised, or cut to no fewer
        than hold the tier, stays editable, as splits are (``_refuse_paid_plan_change``)."""
        old = {(t.amount_fen, t.level): t.quota for t in before.tiers}
        cut = [t for t in after.tiers if t.quota < old.get((t.amount_fen, t.level), 0)]
        if not cut:
            return
        from .record_rows import PAPER_STUDIO_LEVEL

        level = f"COALESCE(a.award_level, {PAPER_STUDIO_LEVEL})"
        held = Counter((r[0], r[1]) for r in self.conn.execute(
            f"SELECT a.award_fen, {level} FROM project_applications a"
            " LEFT JOIN studios s ON s.id = a.studio_id WHERE a.campaign_id = ?"
            " AND a.award_fen IS NOT NULL AND a.status IN ('approved', 'paid_first',"
            " 'accepted', 'paid_final', 'acceptance_failed')"
            f" UNION ALL SELECT pr.amount_fen, {level} FROM proposals pr"
            " JOIN project_applications a ON a.id = pr.project_id"
            " LEFT JOIN studios s ON s.id = a.studio_id WHERE pr.campaign_id = ?"
            " AND pr.period_id IS NOT NULL AND a.status = 'publicized'",
            (campaign_id, campaign_id)))
        over = [f"“{t.name}”档已有 {held[(t.amount_fen, t.level)]} 项公示或核准，名额不能少于 "
                f"{held[(t.amount_fen, t.level)]} 项（现填 {t.quota} 项）"
                for t in cut if held[(t.amount_fen, t.level)] > t.quota]
        if not over:
            return
        paid, returned = self._sent(campaign_id, [PROJECT])
        if paid or returned:
            raise RegisterError(
                f"{after.year} 年度项目助推{sent_text(paid, returned)}，" + "；".join(over)
                + "：公示的名单按原名额排定，已核准、拨付的项目不因事后减少名额而改变"
                "（增加名额、其余参数仍可修改）"
            )

    def _refuse_published_tie_rule_change(self, before: Campaign, after: Campaign,
                                          campaign_id: int) -> None:
        """The published list was ranked by the year's tie-break steps: changed after, the
        ranking would part the published projects' ties otherwise, as the trimming rule
        (评审参数) cannot change then either."""
        if before.tie_break_steps == after.tie_break_steps:
            return
        if why := tie_rule_locked(self.conn, campaign_id, after.year):
            raise RegisterError(why)

    def _follow_patent_award(self, before: Campaign, after: Campaign, campaign_id: int) -> int:
        """一（三）每项职务发明专利给予 N 元: an approved patent's award is the year's fixed
        amount, and 核准 cannot be undone. A corrected amount (a plan copied from last year,
        approved under, then put right) reaches the patents approved at the old amount;
        once a patent payment of the year is recorded it is refused, as splits are."""
        if before.patent_award_fen == after.patent_award_fen:
            return 0
        paid, returned = self._sent(campaign_id, [PATENT])
        if paid or returned:
            sent = (f"专利助推款{sent_text(paid, returned)}" if returned
                    else f"已登记专利拨付 {paid} 笔")
            raise RegisterError(
                f"{after.year} 年度{sent}，每项专利助推金额不能再改："
                f"已核准的专利按 {_money(before.patent_award_fen)} 核准并拨付"
                f"{'，被银行退回的也按原金额重拨' if returned else ''}（日期、期限等其余参数仍可修改）"
            )
        ids = self.approved_patents_at(after.year, before.patent_award_fen)
        for app_id in ids:
            self.conn.execute("UPDATE patent_applications SET award_fen = ? WHERE id = ?",
                              (after.patent_award_fen, app_id))
            self.audit("update", "patent_applications", app_id,
                       {"award_fen": before.patent_award_fen},
                       {"award_fen": after.patent_award_fen})
        return len(ids)

    def approved_patents_at(self, year: int, award_fen: int) -> list[int]:
        """The approved, unpaid patents of ``year`` awarded ``award_fen``."""
        return [r[0] for r in self.conn.execute(
            "SELECT a.id FROM patent_applications a JOIN campaigns c ON c.id = a.campaign_id"
            " WHERE c.year = ? AND a.status = 'approved' AND a.award_fen = ? ORDER BY a.id",
            (year, award_fen))]

    def _refuse_held_tier_change(self, before: Campaign, after: Campaign,
                                 campaign_id: int) -> None:
        """二（三）: a project adopted, published or approved at a tier's amount holds it;
        a tier amount that goes from the plan under it would leave its award (and its
        payments and sheet) matching no tier of the year. Names and quotas stay editable."""
        gone = {t.amount_fen for t in before.tiers} - {t.amount_fen for t in after.tiers}
        if not gone:
            return
        marks = ",".join("?" * len(gone))
        rows = self.query(
            "SELECT COALESCE(a.award_fen, p.amount_fen) AS amount, COUNT(*) AS n"
            " FROM project_applications a LEFT JOIN proposals p ON p.project_id = a.id"
            " WHERE a.campaign_id = ? AND a.status IN"
            " ('proposed', 'publicized', 'approved', 'paid_first', 'accepted', 'paid_final')"
            f" AND COALESCE(a.award_fen, p.amount_fen) IN ({marks})"
            " GROUP BY amount ORDER BY amount DESC",
            (campaign_id, *sorted(gone)),
        )
        if rows:
            held = "，".join(f"{r['n']} 个项目已按 {_money(r['amount'])} 拟助推或核准"
                            for r in rows)
            raise RegisterError(
                f"{after.year} 年度 {held}，该档金额不能再改：尚未公示的，请先在“专家评审”"
                "撤回拟助推名单；档次名称和名额仍可修改"
            )


def tie_rule_locked(conn: sqlite3.Connection, campaign_id: int, year: int) -> str:
    """Why the year's tie-break steps can no longer change (a list of it published), or
    "": saving refuses the change, and 设置 greys the field with these words."""
    if not conn.execute("SELECT 1 FROM proposals WHERE campaign_id = ? AND period_id IS NOT NULL"
                        " LIMIT 1", (campaign_id,)).fetchone():
        return ""
    return (f"{year} 年度拟助推名单已公示，同分规则不能再改：已公示项目和后续批次的排名都按现行"
            "同分规则排定")
