"""Innovation studios: found or created, renamed and merged, their earlier awards
(往年助推), each change audited."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from boostdesk import pinyin_order
from boostdesk.validate import tidy_name

from .audit_json import award_doc
from .batch_insert import studios_with_award
from .record_rows import IN_CHUNK, db_day, db_flag, py_day
from .records import (
    PROJECT,
    Studio,
    StudioAward,
    id_ref,
)
from .register_base import RegisterBase, RegisterError


class StudioWrites(RegisterBase):
    _STUDIO_REFS = ("project_applications", "studio_awards")
    _STUDIO_SELECT = (
        "SELECT s.*, u.name AS unit_name, e.name AS enterprise_name FROM studios s"
        " LEFT JOIN units u ON u.id = s.unit_id"
        " LEFT JOIN enterprises e ON e.id = s.enterprise_id"
    )
    _STUDIO_FACTS = ("level", "model_studio", "unit_id", "enterprise_id", "leader")

    def ensure_studio(
        self, name: str, level: str | None, unit_id: int | None,
        enterprise_id: int | None, leader: str = "", model_studio: bool | None = None,
        *, exact: bool = False, overwrite: Collection[str] | None = None,
    ) -> int | None:
        """Find the studio by name (or create it, its level unknown when none is given:
        never a guessed one); the facts given overwrite the stored ones, a blank one
        leaves it (a table's empty cell), unless ``exact``: the studio's own edit, where a
        field cleared is cleared. ``overwrite``: only these columns may overwrite, the
        others only fill what the register lacks (a paper whose clerk kept the register's
        facts of the studio, or an edit that changed some of them)."""
        name = tidy_name(name)
        if not name:
            return None
        leader = tidy_name(leader)
        row = self.query("SELECT * FROM studios WHERE name = ?", (name,))
        if row:
            old = row[0]
            new = {"level": level, "unit_id": unit_id, "enterprise_id": enterprise_id,
                   "leader": leader, "model_studio": db_flag(model_studio)}
            if not exact and studios_with_award(self.conn, [old["id"]]) and old["level"] is not None:
                new["level"] = None  # see studios_with_award
            if exact:  # a unit or enterprise cleared is cleared; an unknown level or flag is not
                new = {k: v for k, v in new.items()
                       if v is not None or k in ("unit_id", "enterprise_id")}
            if overwrite is not None:
                new = {k: v for k, v in new.items() if k in overwrite or old[k] in (None, "")}
            changes = {k: v for k, v in new.items()
                       if (exact or v not in (None, "")) and old[k] != v}
            if changes:
                if changes.keys() & {"leader", "enterprise_id"}:
                    self.changes.studio_was(old)
                self.update_audited("studios", old["id"], old, changes)
                self.changes.studios.add(old["id"])
            return int(old["id"])
        cur = self.conn.execute(
            "INSERT INTO studios (name, level, model_studio, unit_id, enterprise_id, leader)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (name, level, int(bool(model_studio)), unit_id, enterprise_id, leader),
        )
        named = "SELECT name FROM {} WHERE id = ?"  # by name: the auditor reads what was typed
        self.audit("create", "studios", cur.lastrowid, None, {
            "name": name, "level": level,
            "unit_name": self.scalar(named.format("units"), (unit_id,)),
            "enterprise_name": self.scalar(named.format("enterprises"), (enterprise_id,)),
            "leader": leader, "model_studio": bool(model_studio)})
        return int(cur.lastrowid or 0)

    def keep_payee(self, stream: str, app_id: int) -> None:
        """After a payment of the award was recorded, cancelled or sent back: a project with
        a transfer sent (paid, or returned and owed again: the rest goes where it went) keeps
        the enterprise it is paid to (its studio's of the first payment)
        whatever the studio later becomes (migration 11), so the rest goes where the first
        part went; with none (a mistaken one cancelled) it follows its studio again. A
        patent's payee is its paper's own inventor and card already (migration 10)."""
        if stream != PROJECT:
            return
        from .payment_marks import SENT_SQL  # (a transfer the bank sent back was sent too)

        payee = ("SELECT e.name FROM project_applications a LEFT JOIN enterprises e"
                 " ON e.id = a.payee_enterprise_id WHERE a.id = ?")
        before = self.scalar(payee, (app_id,))
        self.conn.execute(
            "UPDATE project_applications SET payee_enterprise_id = CASE WHEN EXISTS ("
            " SELECT 1 FROM payments p WHERE p.stream = 'project'"
            f" AND p.application_id = project_applications.id AND {SENT_SQL})"
            " THEN COALESCE(payee_enterprise_id, (SELECT s.enterprise_id FROM studios s"
            " WHERE s.id = project_applications.studio_id)) END WHERE id = ?", (app_id,))
        after = self.scalar(payee, (app_id,))
        if after != before:  # who the award is paid to, fixed or freed: in its trail
            self.audit("update", "project_applications", app_id, {"payee": before},
                       {"payee": after})

    def studio_move_effects(self, studio_name: str, old: str, new: str) -> str:
        """What moving a studio from enterprise ``old`` to ``new`` (工作室 → 修改) leaves
        behind: its projects with money sent to ``old`` — paid, or sent and sent back by the
        bank (退汇, owed again) — keep it as their payee (``keep_payee``), so a misspelling
        retyped here would stay on their lists. Empty when none."""
        from .payment_marks import SENT_SQL, sent_text, sent_total

        ids = [r[0] for r in self.conn.execute(
            "SELECT a.id FROM project_applications a JOIN studios s ON s.id = a.studio_id"
            " JOIN enterprises e ON e.id = COALESCE(a.payee_enterprise_id, s.enterprise_id)"
            " WHERE s.name = ? AND e.name = ? AND EXISTS (SELECT 1 FROM payments p"
            f" WHERE p.stream = 'project' AND p.application_id = a.id AND {SENT_SQL})"
            " ORDER BY a.id", (tidy_name(studio_name), tidy_name(old)))]
        if not ids:
            return ""
        paid, returned = sent_total(self.conn, PROJECT, ids)
        if returned:  # not 已拨付: the money left, and came back to be sent again
            head = (f"工作室“{studio_name}”有 {len(ids)} 项项目的助推款{sent_text(paid, returned)}，"
                    f"收款单位为“{old}”：已拨付的款项仍记为拨付给“{old}”，拨付清单和审批表照此打印；"
                    f"被银行退回的和其余的款项是否改汇“{new}”，迁出后再问（不改汇的仍拨付给“{old}”）")
            fixed = "这些项目随之更正"
        else:
            head = (f"工作室“{studio_name}”有 {len(ids)} 项项目已登记拨付给“{old}”，它们的余款"
                    f"仍拨付给“{old}”，拨付清单和审批表仍写“{old}”（收款单位按首笔拨付固定）")
            fixed = "已拨付的项目随之更正"
        return (f"{head}；以后的项目拨付给“{new}”。\n如只是“{old}”的名称录错，请返回，在"
                f"“单位与人员 → 所在单位”中选中它按 Enter 更正（{fixed}）。")

    def rename_studio(self, name: str, new_name: str, reason: str = "") -> dict[str, Any]:
        """Correct a studio's name; when ``new_name`` is another studio's (one studio typed
        two ways, an earlier award under one, the projects under the other), merge into
        it: its projects and earlier awards move there, the other keeps its facts (a project
        with money sent, paid or sent back by the bank, keeps the enterprise it was sent to,
        and an awarded one the level it was awarded at: migrations 11 and 9). Audited, with
        ``reason`` when one is given; returns what :meth:`unrename_studio` needs."""
        name, new, reason = tidy_name(name), tidy_name(new_name), reason.strip()
        why = {"reason": reason} if reason else {}
        if not new:
            raise RegisterError("请填写工作室名称")
        with self.transaction():
            rows = self.query("SELECT * FROM studios WHERE name = ?", (name,))
            if not rows:
                raise RegisterError(f"登记册中没有工作室“{name}”（可能已被改名或合并）")
            old = rows[0]
            if new == name:
                return {}
            target = self.query("SELECT * FROM studios WHERE name = ?", (new,))
            refs = {t: [r[0] for r in self.conn.execute(
                f"SELECT id FROM {t} WHERE studio_id = ? ORDER BY id", (old["id"],))]
                for t in self._STUDIO_REFS}
            self.changes.studios.add(old["id"])
            self.changes.studio_was(old)
            self.changes.projects.update(refs["project_applications"])
            if not target:
                self.conn.execute("UPDATE studios SET name = ? WHERE id = ?", (new, old["id"]))
                self.audit("update", "studios", old["id"], {"name": name}, {"name": new, **why})
                into = None
            else:
                into = target[0]["id"]
                for table in refs:
                    self.conn.execute(f"UPDATE {table} SET studio_id = ? WHERE studio_id = ?",
                                      (into, old["id"]))
                self.conn.execute("DELETE FROM studios WHERE id = ?", (old["id"],))
                self.changes.studios.add(into)
                self.audit("merge", "studios", old["id"], {**old, "refs": refs},
                           {"into": into, "name": new, **why})
            self._reindex([], refs["project_applications"])
            return {"studio": old, "name": new, "merged_into": into, "refs": refs}

    def merge_studio(self, name: str, into: str, reason: str = "") -> tuple[dict[str, Any], str]:
        """Merge studio ``name`` into ``into`` (:meth:`rename_studio`), its projects and
        those of ``into`` judged again in the same transaction (the merge is what the
        rules count by: its earlier awards, its papers a year); returns what
        :meth:`unrename_studio` needs and what the re-judging changed (:meth:`_rejudged`),
        "" when nothing. Refused when the two hold more awards of a year than a studio may
        (``studio_limits.merge_refusal``). The one merge `correct studio --merge`,
        `correct studios-near` and 工作室 → 合并 make."""
        from boostdesk.rules import recheck  # (the rules import the models)

        from .studio_limits import merge_refusal

        with self.transaction():
            if refused := merge_refusal(self, name, into):
                raise RegisterError(refused)
            before = self._project_verdicts((name, into))
            done = self.rename_studio(name, into, reason)
            recheck(self)  # type: ignore[arg-type]
            return done, self._rejudged(before, tidy_name(into))

    def _project_verdicts(self, names: Sequence[str]) -> dict[int, int]:
        """The projects of these studios -> their stored eligibility (1 合格 or 待补; a
        project not judged yet is left out: no change to say)."""
        return {int(i): int(ok) for i, ok in self.conn.execute(
            "SELECT a.id, a.eligible FROM project_applications a JOIN studios s"
            " ON s.id = a.studio_id WHERE s.name IN (?, ?) AND a.eligible IS NOT NULL",
            (tidy_name(names[0]), tidy_name(names[1])))}

    def _rejudged(self, before: dict[int, int], into: str) -> str:
        """What the merge's re-judging changed of the projects ``before`` named, a line
        each: 合格 now 不合格 — an approved award held from payment, with the command
        that keeps it — or 不合格 now 合格."""
        from boostdesk.award_holds import hold_of, payment_ids
        from boostdesk.rules.findings import stored_findings
        from boostdesk.said_where import way

        from .record_rows import select_in

        lines = []
        for app_id, year, title, ok, award, findings in sorted(select_in(
                self.conn, "SELECT a.id, c.year, a.title, a.eligible, a.award_fen, a.findings"
                " FROM project_applications a JOIN campaigns c ON c.id = a.campaign_id"
                " WHERE a.id IN", before), key=lambda r: (r[1], r[0])):
            if bool(before[app_id]) == bool(ok):
                continue
            what = f"{into} {year} 年的{'核准助推' if award is not None else '申报'}（{id_ref(PROJECT, app_id)}“{title}”）"
            if ok:
                lines.append(f"并入后，{what}经核对为合格")
                continue
            why = "；".join(f.message for f in stored_findings(findings or "[]") if f.blocking)
            held = hold_of(self, PROJECT, app_id) if award is not None else None  # type: ignore[arg-type]
            if held is None:
                lines.append(f"并入后，{what}经核对为不合格：{why}")
                continue
            ids = payment_ids(self, PROJECT, app_id)  # type: ignore[arg-type]
            keep = way(f"在“拨付”中搜索“{id_ref(PROJECT, app_id)}”，选中其款项点“维持核准…”写明理由",
                       f"boostdesk pay keep {ids[0]} --reason 理由" if ids else
                       "boostdesk pay keep 编号 --reason 理由，编号见 boostdesk pay list")
            lines.append(f"并入后，{what}经核对为不合格，已暂缓拨付（如经研究仍拨付：{keep}）：{why}")
        return "\n".join(lines)

    def studio_merge_payees(self, name: str, into: str) -> str:
        """What merging studio ``name`` into ``into`` does to whom their approved awards
        are paid: one with money sent keeps its payee (migration 11; a transfer the bank
        sent back is sent again to it), an approved one with none sent takes the other
        studio's 所在单位 — its signed sheet names the old one. Empty: nothing."""
        from .payment_marks import sent_text, sent_total

        rows = self.conn.execute(
            "SELECT a.id, a.payee_enterprise_id IS NOT NULL, COALESCE(p.name, e.name)"
            " FROM project_applications a JOIN studios s ON s.id = a.studio_id"
            " LEFT JOIN enterprises p ON p.id = a.payee_enterprise_id"
            " LEFT JOIN enterprises e ON e.id = s.enterprise_id"
            " WHERE s.name = ? AND a.approved_date IS NOT NULL ORDER BY a.id",
            (tidy_name(name),)).fetchall()
        target = self.scalar("SELECT e.name FROM studios s JOIN enterprises e"
                             " ON e.id = s.enterprise_id WHERE s.name = ?", (tidy_name(into),))
        moved = [(i, payee) for i, fixed, payee in rows if not fixed and target
                 and payee != target]
        kept = [(i, payee) for i, fixed, payee in rows if fixed and payee != target]
        out = []
        if moved:
            ids = "、".join(id_ref(PROJECT, i) for i, _ in moved)
            was = "、".join(dict.fromkeys(f"“{p or '（未登记）'}”" for _, p in moved))
            out.append(f"已核准、尚未拨付的项目（{ids}）收款单位将由{was}改为“{target}”："
                       "其审批表和拨付清单如已打印，请重印。如原所在单位才是对的，请返回，"
                       f"先在“工作室”中改正“{into}”的所在单位")
        paid, returned = sent_total(self.conn, PROJECT, [i for i, _ in kept])
        if kept and returned:  # not 已拨付: some of it came back, to be sent again
            out.append("已汇出助推款的项目（" + "；".join(f"{id_ref(PROJECT, i)}：“{p}”" for i, p in kept)
                       + f"）仍拨付给原收款单位（按首次汇出固定），金额不变：其助推款"
                       f"{sent_text(paid, returned)}，被银行退回的仍向原收款单位重拨")
        elif kept:
            out.append("已拨付的项目（" + "；".join(f"{id_ref(PROJECT, i)}：“{p}”" for i, p in kept)
                       + "）仍拨付给原收款单位（按首笔拨付固定），金额不变")
        return "\n".join(out)

    def unrename_studio(self, done: dict[str, Any]) -> None:
        """Undo :meth:`rename_studio`: the old name back, or the merged studio restored with
        exactly the projects and awards moved from it."""
        if not done:
            return
        old, refs = done["studio"], done["refs"]
        with self.transaction():
            if done["merged_into"] is None:
                self.rename_studio(done["name"], old["name"])
                return
            cols = [k for k in old if k != "refs"]
            self.conn.execute(f"INSERT INTO studios ({', '.join(cols)}) VALUES"
                              f" ({', '.join('?' * len(cols))})", [old[c] for c in cols])
            for table, ids in refs.items():
                for i in range(0, len(ids), IN_CHUNK):
                    part = ids[i:i + IN_CHUNK]
                    self.conn.execute(f"UPDATE {table} SET studio_id = ? WHERE id IN"
                                      f" ({', '.join('?' * len(part))})", (old["id"], *part))
            self.changes.studios.update({old["id"], done["merged_into"]})
            self.changes.projects.update(refs["project_applications"])
            self.audit("unmerge", "studios", old["id"], {"into": done["merged_into"]},
                       {**old, "refs": refs})
            self._reindex([], refs["project_applications"])

    @staticmethod
    def _studio_from_row(r: dict[str, Any]) -> Studio:
        return Studio(r["id"], r["name"], r["level"], bool(r["model_studio"]),
                      r["unit_name"] or "", r["enterprise_name"] or "", r["leader"])

    def studios(self, where: str = "", params: Sequence[Any] = ()) -> list[Studio]:
        """Every studio, or those ``where`` (SQL over ``s`` the studio, ``e`` its
        enterprise, ``u`` its unit) holds of, by name in pinyin order (a name is unique)."""
        sql = self._STUDIO_SELECT + (f" WHERE {where}" if where else "")
        studios = [self._studio_from_row(r) for r in self.query(sql, params)]
        # sorted here, not by pinyin_key in SQL: one translation per name, no call per row
        studios.sort(key=lambda s: pinyin_order.sort_key(s.name) or "")
        return studios

    def studio(self, name: str) -> Studio | None:
        """The studio of that name (tidied), or None."""
        rows = self.query(self._STUDIO_SELECT + " WHERE s.name = ?", (tidy_name(name),))
        return self._studio_from_row(rows[0]) if rows else None

    def studio_has_award(self, studio_id: int) -> bool:
        """Whether the studio has an award in the register: a paper or table does not
        change its level (see studios_with_award)."""
        return bool(studios_with_award(self.conn, [studio_id]))

    def studio_state(self, name: str) -> dict[str, Any] | None:
        """The stored facts of the studio of that name, or None when there is none: what
        :meth:`put_studio_back` restores when the change that follows is undone."""
        rows = self.query("SELECT * FROM studios WHERE name = ?", (tidy_name(name),))
        return {k: rows[0][k] for k in self._STUDIO_FACTS} if rows else None

    def put_studio_back(self, name: str, state: dict[str, Any] | None) -> None:
        """Undo what an entry or an award did to a studio: its facts as ``studio_state``
        read them, or, when there was no such studio, the studio removed while no
        application or award refers to it (an entry undone leaves no studio behind for
        the completer to offer)."""
        name = tidy_name(name)
        rows = self.query("SELECT * FROM studios WHERE name = ?", (name,))
        if not rows:
            return
        old = rows[0]
        with self.transaction():
            if state is None:
                used = self.scalar(
                    "SELECT EXISTS (SELECT 1 FROM project_applications WHERE studio_id = ?)"
                    " OR EXISTS (SELECT 1 FROM studio_awards WHERE studio_id = ?)",
                    (old["id"], old["id"]))
                if not used:
                    self.conn.execute("DELETE FROM studios WHERE id = ?", (old["id"],))
                    self.changes.studios.add(old["id"])
                    self.changes.studio_was(old)
                    self.audit("delete", "studios", old["id"],
                               {"name": name, **{k: old[k] for k in self._STUDIO_FACTS}}, None)
                return
            changes = {k: v for k, v in state.items() if old[k] != v}
            if changes:
                self.changes.studio_was(old)
                self.update_audited("studios", old["id"], old, changes)
                self.changes.studios.add(old["id"])

    def add_studio_award(self, award: StudioAward) -> int:
        with self.transaction():
            sid = self.ensure_studio(award.studio_name, None, None, None)
            cur = self.conn.execute(
                "INSERT INTO studio_awards (studio_id, year, project_title, award_fen, accepted,"
                " accepted_date) VALUES (?, ?, ?, ?, ?, ?)",
                (sid, award.year, award.project_title, award.award_fen, int(award.accepted),
                 db_day(award.accepted_date)),
            )
            self.changes.studios.add(sid)  # type: ignore[arg-type]
            self.audit("create", "studio_awards", cur.lastrowid, None, award_doc(award))
            return int(cur.lastrowid or 0)

    def delete_studio_award(self, award_id: int) -> StudioAward:
        """Remove an earlier award typed in by mistake; the award as it was (to undo)."""
        with self.transaction():
            award = next((a for a in self.studio_awards() if a.id == award_id), None)
            if award is None:
                raise RegisterError(f"往年助推记录 {award_id} 不存在（可能已被删除）")
            sid = self.scalar("SELECT studio_id FROM studio_awards WHERE id = ?", (award_id,))
            self.conn.execute("DELETE FROM studio_awards WHERE id = ?", (award_id,))
            self.changes.studios.add(sid)
            self.audit("delete", "studio_awards", award_id, award_doc(award), None)
            return award

    def studio_awards(self) -> list[StudioAward]:
        rows = self.query(
            "SELECT s.name, a.* FROM studio_awards a JOIN studios s ON s.id = a.studio_id"
            " ORDER BY a.year, pinyin_key(s.name), a.id"
        )
        return [
            StudioAward(r["name"], r["year"], r["project_title"], r["award_fen"],
                        bool(r["accepted"]), py_day(r["accepted_date"]), r["id"])
            for r in rows
        ]
