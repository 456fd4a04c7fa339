"""Recommending unions and enterprises: found or created, renamed (and back), corrected,
each change audited."""

from __future__ import annotations

from typing import Any

from boostdesk.money import format_money as _money
from boostdesk.validate import ValidationError, check_org_name, tidy_name

from .campaign import federation_as_union
from .record_rows import IN_CHUNK
from .records import PATENT, PROJECT, guess_unit_kind, id_ref
from .register_base import RegisterBase, RegisterError, unit_kind


class UnitWrites(RegisterBase):
    # What refers to a recommending union: moved with it when two spellings are merged.
    _UNIT_REFS = ("patent_applications", "project_applications", "enterprises", "studios")

    def ensure_unit(self, name: str, kind: str | None = None) -> int | None:
        name = tidy_name(name)
        if not name:
            return None
        kind = unit_kind(kind) if kind else None
        row = self.conn.execute("SELECT id, kind FROM units WHERE name = ?", (name,)).fetchone()
        if row:
            if kind and kind != row[1]:
                self.conn.execute("UPDATE units SET kind = ? WHERE id = ?", (kind, row[0]))
                self.audit("update", "units", row[0], {"kind": row[1]}, {"kind": kind})
            return int(row[0])
        kind = kind or guess_unit_kind(name)
        cur = self.conn.execute("INSERT INTO units (name, kind) VALUES (?, ?)", (name, kind))
        self.audit("create", "units", cur.lastrowid, None, {"name": name, "kind": kind})
        return int(cur.lastrowid or 0)

    def unit_uses(self, name: str) -> dict[str, int]:
        """How many rows of each kind refer to the unit of that name (none: empty)."""
        uid = self.scalar("SELECT id FROM units WHERE name = ?", (tidy_name(name),))
        if uid is None:
            return {}
        return {t: int(self.scalar(f"SELECT COUNT(*) FROM {t} WHERE unit_id = ?", (uid,)))
                for t in self._UNIT_REFS}

    def unit_paid_shares(self, name: str) -> list[dict[str, Any]]:
        """The union's sent shares (payer 推荐单位) of the unit of that name: standing paid
        (paid_date set), or sent and sent back by the bank (退汇, owed again: ``returned``
        its return's day, ``sent_date`` and ``voucher`` the transfer's). Their payment
        lists were printed and stamped under this spelling, and the money left its account
        under it; a mark cancelled as recorded by mistake was never sent."""
        import json

        from .payment_marks import SENT_SQL, STANDING_RETURN_SQL

        uid = self.scalar("SELECT id FROM units WHERE name = ?", (tidy_name(name),))
        if uid is None:
            return []
        back = STANDING_RETURN_SQL.format(payment="p.id")
        one = ("SELECT p.id, p.stream, p.application_id, y.year, p.tranche, p.amount_fen,"
               f" p.paid_date, p.voucher, CASE WHEN p.paid_date IS NULL THEN {back} END"
               " AS return_event FROM {} a JOIN campaigns y ON y.id = a.campaign_id"
               # the payments' (stream, application_id, …) index, from the union's papers
               " JOIN payments p ON p.stream = '{}' AND p.application_id = a.id"
               f" WHERE a.unit_id = ? AND p.payer = 'union' AND {SENT_SQL}")
        shares = self.query(
            one.format("patent_applications", "patent") + " UNION ALL "
            + one.format("project_applications", "project")
            + " ORDER BY 4, 2, 5, 3", (uid, uid))
        for s in shares:
            event = s.pop("return_event")
            s["returned"] = s["sent_date"] = None
            if event is not None:  # the transfer's day and voucher, as the return kept them
                before, after = self.conn.execute(
                    "SELECT before, after FROM audit_events WHERE id = ?", (event,)).fetchone()
                was, now = json.loads(before or "{}") or {}, json.loads(after or "{}") or {}
                s.update(returned=now.get("returned_date"), sent_date=was.get("paid_date"),
                         voucher=was.get("voucher") or "")
        return shares

    @staticmethod
    def _shares_text(shares: list[dict[str, Any]]) -> str:
        """已拨付 3 笔 / 已汇出 3 笔（其中 1 笔被银行退回，待重拨）, as the refusals say it."""
        from .payment_marks import sent_text

        returned = sum(1 for s in shares if s["returned"])
        if not returned:
            return f"已拨付 {len(shares)} 笔"
        if len(shares) == 1:
            return "已汇出 1 笔（被银行退回，待重拨）"
        return sent_text(len(shares) - returned, returned)

    def unit_rename_effects(self, name: str, new_name: str) -> str:
        """What a rename or merge of a union changes that was sent or printed: each sent
        share (its payment list stamped under the old spelling; one the bank sent back is
        sent again by the union under its new name), the approval sheets of those awards,
        and those of awards approved and not yet paid by the union (sheets signed, lists
        perhaps printed). Empty when there are none."""
        name = tidy_name(name)
        shares = self.unit_paid_shares(name)
        stream_zh = {"patent": "专利", "project": "项目"}

        def part(s: dict[str, Any]) -> str:  # a patent award is paid at once
            return "一次拨付" if s["stream"] == "patent" else f"第 {s['tranche']} 笔"

        def when(s: dict[str, Any]) -> str:  # a returned share is owed again
            voucher = f"，凭证 {s['voucher']}" if s["voucher"] else ""
            if s["returned"]:
                return f"{s['sent_date'] or ''} 汇出{voucher}，{s['returned']} 被银行退回，待重拨"
            return f"{s['paid_date']} 已拨付{voucher}"

        paid_apps = {(s["stream"], s["application_id"]) for s in shares}
        approved = [(stream, i) for stream, table in (("patent", "patent_applications"),
                                                      ("project", "project_applications"))
                    for (i,) in self.conn.execute(
                        f"SELECT a.id FROM {table} a JOIN units u ON u.id = a.unit_id"
                        " WHERE u.name = ? AND a.approved_date IS NOT NULL ORDER BY a.id",
                        (name,)) if (stream, i) not in paid_apps]
        out = []
        if shares:
            lines = [f"{s['year']} 年度 {stream_zh[s['stream']]}{s['application_id']} {part(s)}"
                     f" {_money(s['amount_fen'])}（{when(s)}）" for s in shares]
            lists = sorted({(s["year"], stream_zh[s["stream"]], part(s)) for s in shares})
            docs = "；".join(f"{y} 年度{k}助推拨付清单（{t}）" for y, k, t in lists)
            total = sum(s["amount_fen"] for s in shares)
            returned = any(s["returned"] for s in shares)
            head = (f"“{name}”的推荐单位承担部分{self._shares_text(shares)}" if returned
                    else f"“{name}”已拨付的推荐单位承担部分 {len(shares)} 笔")
            # the money sent back leaves again from the union under its new name: the
            # new list names it, and the line paid anew no longer says the old one
            resent = (f"；被银行退回的由“{new_name}”重拨，重拨的清单写“{new_name}”"
                      if returned else "")
            out.append(
                f"{head}，共 {_money(total)}：\n"
                + "\n".join(lines[:12])  # a message box, not the list: the rest counted
                + (f"\n……另 {len(lines) - 12} 笔（见“拨付”）" if len(lines) > 12 else "")
                + f"\n已按“{name}”打印盖章的：{docs}，及这些申报的审批表。"
                f"改后重印的清单和审批表写“{new_name}”，金额不变{resent}；"
                "每笔的付款单位改名记入修改记录")
        if approved:
            refs = "、".join(f"{stream_zh[k]}{i}" for k, i in approved[:20])
            more = f"等 {len(approved)} 项" if len(approved) > 20 else ""
            out.append(f"已核准、推荐单位部分尚未拨付的 {refs}{more}：审批表和拨付清单如已打印，"
                       f"写的是“{name}”，请重印")
        return "\n\n".join(out)

    def rename_unit(self, name: str, new_name: str, reason: str = "") -> dict[str, Any]:
        """Correct a recommending union's name; when ``new_name`` is another unit's (two
        spellings of one union), merge into it: its applications, enterprises and studios
        move there and the misspelt unit goes. Audited; returns what :meth:`unrename_unit`
        needs to undo it. The union is the same body under its right name, so paid lines
        name it so too: their lists were stamped under the old spelling, so a union with
        paid shares needs a reason, kept on each paid share's line; a merge into a union
        of another kind (区 / 产业 …) is refused, it would record them paid by another."""
        name, new, reason = tidy_name(name), tidy_name(new_name), reason.strip()
        if not new:
            raise RegisterError("请填写推荐单位名称")
        with self.transaction():
            rows = self.query("SELECT * FROM units WHERE name = ?", (name,))
            if not rows:
                raise RegisterError(f"登记册中没有推荐单位“{name}”（可能已被改名或合并）")
            old = rows[0]
            if new == name:
                return {}
            target = self.query("SELECT id, kind FROM units WHERE name = ?", (new,))
            if not target:  # a name made anew, checked as the form's and the import's are
                _org_name(new)
            self._refuse_federation_name(new)
            shares = self.unit_paid_shares(name)
            if shares and target and target[0]["kind"] != old["kind"]:
                raise RegisterError(
                    f"“{name}”（{old['kind']}）的推荐单位承担部分{self._shares_text(shares)}，"
                    f"“{new}”是{target[0]['kind']}：两者类别不同，不像是同一工会的两种写法，"
                    f"并入会把“{name}”汇出的款项记成“{new}”汇出的，未合并。请核对拨付凭证上的"
                    f"付款单位；确是同一工会的，先在“单位与人员”→“推荐单位”中只把“{name}”的类别改为"
                    f"{target[0]['kind']}并保存，再合并")
            if shares and not reason:
                raise RegisterError(
                    f"“{name}”的推荐单位承担部分{self._shares_text(shares)}，其拨付清单按此名盖章："
                    "请写明改名原因（如“两种写法同属一个工会，以工会法人证书为准”），"
                    "它记入每笔拨付的修改记录")
            refs = {t: [r[0] for r in self.conn.execute(
                f"SELECT id FROM {t} WHERE unit_id = ? ORDER BY id", (old["id"],))]
                for t in self._UNIT_REFS}
            if not target:
                self.conn.execute("UPDATE units SET name = ? WHERE id = ?", (new, old["id"]))
                why = {"reason": reason} if reason else {}
                self.audit("update", "units", old["id"], {"name": name}, {"name": new, **why})
                into = None
            else:
                into = int(target[0]["id"])
                for table in refs:
                    self.conn.execute(f"UPDATE {table} SET unit_id = ? WHERE unit_id = ?",
                                      (into, old["id"]))
                self.conn.execute("DELETE FROM units WHERE id = ?", (old["id"],))
                self.audit("merge", "units", old["id"], {**old, "refs": refs},
                           {"into": into, "name": new, **({"reason": reason} if reason else {})})
            self._audit_payers(shares, name, new, reason)
            self._reindex(refs["patent_applications"], refs["project_applications"])
            return {"unit": old, "name": new, "merged_into": into, "refs": refs,
                    "paid": [s["id"] for s in shares], "reason": reason}

    def _refuse_federation_name(self, new: str) -> None:
        """A union is never renamed (or merged) into the federation of a year's plan: its
        papers' union share would be the federation's own second payment (the forms and the
        import refuse such a 推荐单位 alike, ``models.campaign.federation_as_union``)."""
        for year in self.campaign_years():
            campaign = self.campaign(year)
            federation = campaign.federation
            if federation_as_union(new, campaign, PATENT):
                raise RegisterError(
                    f"“{new}”是{federation}本身，不是推荐单位：助推资金由{federation}与推荐单位"
                    "按比例分担，未改名。请填写该工会的全称（直属基层工会填本单位工会的全称）")

    def _audit_payers(self, shares: list[dict[str, Any]], old: str, new: str,
                      reason: str) -> None:
        """One line per paid share whose payer's name a union's rename or merge changed:
        the auditor holding the stamped list finds why it now reads otherwise."""
        for s in shares:
            self.audit("rename_payer", "payments", s["id"], {"payer_name": old},
                       {"payer_name": new, "reason": reason})

    def unrename_unit(self, done: dict[str, Any]) -> None:
        """Undo :meth:`rename_unit`: the old name back, or the merged unit restored with
        exactly the rows that were moved from it."""
        if not done:
            return
        old, refs = done["unit"], done["refs"]
        with self.transaction():
            taken = self.scalar("SELECT id FROM units WHERE name = ?", (old["name"],))
            if done["merged_into"] is None and taken is not None:
                # a paper typed since under the old name made it again: merged back into it
                self.rename_unit(done["name"], old["name"], "撤销：" + (done.get("reason") or ""))
                return
            if done["merged_into"] is None:
                self.conn.execute("UPDATE units SET name = ? WHERE id = ?",
                                  (old["name"], old["id"]))
                self.audit("update", "units", old["id"], {"name": done["name"]},
                           {"name": old["name"]})
            else:
                self.conn.execute("INSERT INTO units (id, name, kind) VALUES (?, ?, ?)",
                                  (old["id"], old["name"], old["kind"]))
                for table, ids in refs.items():
                    for i in range(0, len(ids), IN_CHUNK):
                        part = ids[i:i + IN_CHUNK]
                        self.conn.execute(f"UPDATE {table} SET unit_id = ? WHERE id IN"
                                          f" ({', '.join('?' * len(part))})", (old["id"], *part))
                self.audit("unmerge", "units", old["id"], {"into": done["merged_into"]},
                           {**old, "refs": refs})
            back = "撤销：" + (done.get("reason") or "")
            for pid in done.get("paid", ()):
                self.audit("rename_payer", "payments", pid, {"payer_name": done["name"]},
                           {"payer_name": old["name"], "reason": back})
            self._reindex(refs["patent_applications"], refs["project_applications"])

    def ensure_enterprise(
        self, name: str, unit_id: int | None = None, credit_code: str | None = None
    ) -> int | None:
        name = tidy_name(name)
        if not name:
            return None
        row = self.conn.execute("SELECT id FROM enterprises WHERE name = ?", (name,)).fetchone()
        if row:
            if credit_code:
                self.conn.execute(
                    "UPDATE enterprises SET credit_code = ? WHERE id = ?", (credit_code, row[0])
                )
            return int(row[0])
        cur = self.conn.execute(
            "INSERT INTO enterprises (name, unit_id, credit_code) VALUES (?, ?, ?)",
            (name, unit_id, credit_code),
        )
        self.audit("create", "enterprises", cur.lastrowid, None, {"name": name})
        return int(cur.lastrowid or 0)

    # -- what a save created, taken back when it is undone ---------------------------
    def new_names(self, *named: tuple[str, str]) -> list[tuple[str, str]]:
        """Of ``named`` ((table, name): ``units`` or ``enterprises``), those a save would
        create, not registered yet: what :meth:`drop_unused_names` takes back on its undo."""
        out: list[tuple[str, str]] = []
        for table, name in named:
            name = tidy_name(name)
            if (table in ("units", "enterprises") and name and (table, name) not in out
                    and not self.scalar(f"SELECT 1 FROM {table} WHERE name = ?", (name,))):
                out.append((table, name))
        return out

    def drop_unused_names(self, created: list[tuple[str, str]]) -> list[str]:
        """An undone save's new unions and enterprises (:meth:`new_names` before it)
        removed, each while nothing refers to it any more (an application, a studio, a
        person, an enterprise of the union): left, the misspelt 海淀区总公会 of a paper
        undone stayed in the 推荐单位 filter and the completer, beside 海淀区总工会.
        Enterprises first (a new one names its union). Audited; returns the names gone."""
        gone: list[str] = []
        with self.transaction():
            for table in ("enterprises", "units"):
                for kind, name in created:
                    if kind != table:
                        continue
                    rows = self.query(f"SELECT * FROM {table} WHERE name = ?", (name,))
                    if not rows or self._referred_to(table, rows[0]["id"]):
                        continue
                    self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (rows[0]["id"],))
                    self.audit("delete", table, rows[0]["id"], rows[0], None)
                    gone.append(name)
        return gone

    def _referred_to(self, table: str, row_id: int) -> bool:
        """Whether any row refers to ``table``'s row (every foreign key to it, as the
        schema declares them: a table added later is counted too)."""
        refs = [(t, fk[3]) for (t,) in self.conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'")
                for fk in self.conn.execute(f"PRAGMA foreign_key_list({t})") if fk[2] == table]
        return any(self.scalar(f"SELECT EXISTS (SELECT 1 FROM {t} WHERE {column} = ?)",
                               (row_id,)) for t, column in refs)

    def enterprise_papers(self, enterprise_id: int) -> dict[str, list[int]]:
        """The applications naming an enterprise: ``patents`` (their own), ``projects``
        (paid to it, or unpaid and its studio's, or naming no studio and giving it:
        migration 21; a project redirected since its transfers went to it too:
        ``finance.redirect``), ``sent`` (those projects with a transfer sent to it:
        standing paid, or sent back by the bank (退汇) and owed to it again — their payee is
        fixed all the same, migration 11 and ``keep_payee``; not a project redirected to it
        whose money has not gone yet: :func:`.payment_marks.sent_to_enterprise`)."""
        from .payment_marks import sent_to_enterprise

        patents = [r[0] for r in self.conn.execute(
            "SELECT id FROM patent_applications WHERE enterprise_id = ? ORDER BY id",
            (enterprise_id,))]
        named = [r[0] for r in self.conn.execute(
            "SELECT a.id FROM project_applications a LEFT JOIN studios s ON s.id = a.studio_id"
            " WHERE COALESCE(a.payee_enterprise_id, s.enterprise_id, a.reported_enterprise_id)"
            " = ? ORDER BY a.id", (enterprise_id,))]
        sent = sorted(sent_to_enterprise(self.conn, enterprise_id))
        return {"patents": patents, "projects": sorted({*named, *sent}), "sent": sent}

    def _projects_sent(self, *enterprise_ids: int) -> tuple[int, int]:
        """What went to these enterprises: (transfers standing paid, sent and sent back by
        the bank, owed to them again)."""
        from .payment_marks import sent_to_enterprise

        counts = [c for e in enterprise_ids for c in sent_to_enterprise(self.conn, e).values()]
        return sum(p for p, _ in counts), sum(r for _, r in counts)

    def enterprise_correction_effects(self, enterprise_id: int, name: str) -> str:
        """What correcting an enterprise's name to ``name`` changes that was sent: the
        projects whose money went to it (paid, or sent and sent back by the bank, owed
        again: it is sent again to the same company, under its right name) and the papers
        that follow. Empty when no money was sent to it."""
        from .payment_marks import sent_text, sent_to_enterprise

        old = self.scalar("SELECT name FROM enterprises WHERE id = ?", (enterprise_id,))
        counts = sent_to_enterprise(self.conn, enterprise_id)
        if old is None or not counts:
            return ""
        papers = self.enterprise_papers(enterprise_id)
        sent = sorted(counts)
        name = tidy_name(name)
        paid, returned = self._projects_sent(enterprise_id)
        head = (f"“{old}”是 {len(sent)} 项项目的收款单位，其助推款{sent_text(paid, returned)}"
                if returned else f"“{old}”是 {len(sent)} 项已登记拨付项目的收款单位")
        # a project redirected since (finance.redirect): what went here before, by this name
        gone = [r for r in self.conn.execute(
            "SELECT a.id, e.name FROM project_applications a JOIN enterprises e"
            " ON e.id = a.payee_enterprise_id WHERE a.payee_enterprise_id != ? AND a.id IN"
            f" ({','.join('?' * len(sent))}) ORDER BY a.id", (enterprise_id, *sent))]
        if gone:
            head += "（其中" + "、".join(f"{id_ref(PROJECT, i)}已改汇“{e}”" for i, e in gone) + \
                f"，此前汇往“{old}”的款项随之更正）"
        resent = f"；被银行退回的按“{name}”重拨" if returned else ""
        said = (f"{head}。更正后，这些项目的拨付清单、审批表和修改记录都写作“{name}”"
                f"（收款单位仍是这家企业，金额不变{resent}）。\n"
                f"项目 {len(papers['projects'])} 项、专利 {len(papers['patents'])} 项随之更正。")
        if not returned:
            return said
        from boostdesk.said_where import way

        ref = next(id_ref(PROJECT, i) for i, (_paid, back) in sorted(counts.items()) if back)
        return said + (
            "\n如不是录错，而是企业更名、收款账户变更，退回的款项要汇往新的收款单位（已汇出的仍记为"
            f"汇往“{old}”），请不要在这里更正，" + way(
                "在“工作室”中把工作室的所在单位改为新单位，按提示改汇",
                f"用 boostdesk correct payee {ref} 新收款单位 --reason 原因 改汇") + "。")

    def correct_enterprise_name(self, enterprise_id: int, name: str, reason: str) -> str:
        """An enterprise's misspelt name corrected everywhere: its studios, people and
        papers, and the projects whose money was sent to it, paid or sent back by the bank
        (their payee is fixed at the first transfer, so no paper or studio edit can correct
        it: the bank transfer names the company, and the lists and sheets must too). The
        money stays where it is; a name that is another enterprise's would move it to
        another payee and is refused, saying what to do.
        Audited with its reason, on the enterprise and on each paper naming it. Returns
        the name it had."""
        name, reason = tidy_name(name), reason.strip()
        if not name:
            raise RegisterError("请填写更正后的所在单位名称")
        if not reason:
            raise RegisterError("请写明更正原因（如“营业执照为‘首钢智能装备制造有限公司’，"
                                "录入时误作‘制适’”），它记入修改记录")
        with self.transaction():
            row = self.conn.execute("SELECT name FROM enterprises WHERE id = ?",
                                    (enterprise_id,)).fetchone()
            if row is None:
                raise RegisterError("登记册中没有此所在单位（可能已被更正或删除），未更正")
            old = str(row[0])
            if old == name:
                return old
            papers = self.enterprise_papers(enterprise_id)
            other = self.scalar("SELECT id FROM enterprises WHERE name = ?", (name,))
            if other is None:  # a name made anew, checked as the form's and the import's are
                _org_name(name)
            if other is not None and any(self._enterprise_uses(int(other)).values()):
                raise RegisterError(self._enterprise_taken(enterprise_id, old, name, int(other),
                                                           papers))
            if other is not None:  # a name nothing uses (a studio's move undone left it)
                # … but a posted 公示名单 may name it (migration 35): the same company, its
                # list reads the name it had, now this row's
                self.conn.execute("UPDATE proposals SET published_enterprise_id = ?"
                                  " WHERE published_enterprise_id = ?", (enterprise_id, other))
                gone = self.query("SELECT * FROM enterprises WHERE id = ?", (other,))[0]
                self.conn.execute("DELETE FROM enterprises WHERE id = ?", (other,))
                self.audit("delete", "enterprises", int(other), gone, None)
            self.conn.execute("UPDATE enterprises SET name = ? WHERE id = ?",
                              (name, enterprise_id))
            # "update", not "correct_name": the trail labels that one 更正姓名 (a person's)
            self.audit("update", "enterprises", enterprise_id, {"name": old},
                       {"name": name, "reason": reason})
            # their payee is fixed: the company the money went to (or was redirected to)
            sent = set(papers["sent"]) | {r[0] for r in self.conn.execute(
                "SELECT id FROM project_applications WHERE payee_enterprise_id = ?",
                (enterprise_id,))}
            for table, ids in (("patent_applications", papers["patents"]),
                               ("project_applications", papers["projects"])):
                for app_id in ids:  # each paper's 修改记录 says why its 所在单位 changed
                    key = "payee" if app_id in sent and table != "patent_applications" \
                        else "enterprise_name"
                    self.audit("update", table, app_id, {key: old}, {key: name, "reason": reason})
            self._reindex(papers["patents"], papers["projects"])
            return old

    def _enterprise_uses(self, enterprise_id: int) -> dict[str, int]:
        """How many studios, people, patents, projects sent money (paid, or sent back by
        the bank and owed again: their payee fixed) and projects naming no studio (the
        enterprise they give, migration 21) refer to an enterprise."""
        return {key: int(self.scalar(f"SELECT COUNT(*) FROM {t} WHERE {col} = ?",
                                     (enterprise_id,)))
                for key, t, col in (("studios", "studios", "enterprise_id"),
                                    ("people", "people", "enterprise_id"),
                                    ("patent_applications", "patent_applications", "enterprise_id"),
                                    ("project_applications", "project_applications",
                                     "payee_enterprise_id"),
                                    ("unnamed_projects", "project_applications",
                                     "reported_enterprise_id"))}

    def _enterprise_taken(self, own_id: int, old: str, new: str, other_id: int,
                          papers: dict[str, list[int]]) -> str:
        """Why an enterprise's name cannot be corrected to another enterprise's, and what
        to do: the two would be one, and what was paid to one would read paid to the other."""
        theirs = self.enterprise_papers(other_id)
        uses = self._enterprise_uses(other_id)
        head = (f"所在单位“{new}”在登记册中已是另一单位（工作室 {uses['studios']} 个、"
                f"项目 {len(theirs['projects'])} 项、专利 {len(theirs['patents'])} 项、"
                f"人员 {uses['people']} 人）。改为此名是把“{old}”并入另一单位，不是更正写法，未更正。")
        mine, ours = "、".join(id_ref(PROJECT, i) for i in papers["sent"]), papers["sent"]
        if ours and theirs["sent"]:
            return (head + f"两者都有{self._sent_label(own_id, other_id)}的项目（“{old}”："
                    f"{mine}；“{new}”：{'、'.join(id_ref(PROJECT, i) for i in theirs['sent'])}），"
                    "是两个收款单位，不能合并：请核对拨付凭证上的收款单位；确属同一企业的，保留现状，"
                    "在这些项目的备注中写明")
        if ours:
            money = ("已汇出的款项（被银行退回的也将重拨给它）" if self._projects_sent(own_id)[1]
                     else "已拨付的款项")
            return (head + f"“{old}”有{self._sent_label(own_id)}的项目（{mine}），并入会把"
                    f"{money}记到“{new}”名下。请先核对营业执照和拨付凭证：如两者确是同一企业（如“{new}”"
                    f"是在“工作室 → 修改”中按正确写法新填的），请先在“工作室 → 修改”和各申报中把“{new}”"
                    f"改回“{old}”（或用 Ctrl+Z 撤销那次修改），不再有工作室、人员或申报使用“{new}”后，"
                    f"再在这里更正；如不是同一企业，请按营业执照填写“{old}”的全称")
        return (head + f"如两者确是同一企业，请在“工作室 → 修改”和各申报中把所在单位改为“{new}”；"
                f"如不是，请按营业执照填写“{old}”的全称")

    def _sent_label(self, *enterprise_ids: int) -> str:
        """What was sent for these projects, as the refusals say it: 已登记拨付, or, the bank
        having sent some back (owed again), 已汇出助推款（含 / 均被银行退回、待重拨）."""
        paid, returned = self._projects_sent(*enterprise_ids)
        if not returned:
            return "已登记拨付"
        return f"已汇出助推款（{'含' if paid else '均'}被银行退回、待重拨）"


def _org_name(name: str) -> None:
    """A union's or enterprise's new name refused as the form and the import refuse it (a
    date or 6 digits in it: a paper's fields run on into the box); 单位与人员's correction
    and ``boostdesk correct`` had registered such a name."""
    try:
        check_org_name(name)
    except ValidationError as exc:
        raise RegisterError(f"未更正：{exc}") from None
