"""First inventors: found by ID number or created, their name or ID corrected, put back by
undo, each change audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from boostdesk.old_ids import is_old_id, to_18
from boostdesk.validate import (
    ValidationError,
    check_no_name_remark,
    check_person_name,
    person_key,
    same_name,
    tidy_card,
    tidy_name,
    tidy_phone,
)

from .batch_insert import PAPER_PERSON_FACTS
from .record_rows import db_flag, py_flag
from .records import PATENT, Person, id_ref
from .register_base import RegisterBase, RegisterError
from .search_text import SEARCHED_FACTS


class PersonWrites(RegisterBase):
    _PERSON_FACTS = ("name", "card_number", "phone", "frontline", "enterprise_id")

    def person_by_id_number(self, id_number: str) -> Person | None:
        rows = self.query(
            "SELECT p.*, e.name AS enterprise_name FROM people p"
            " LEFT JOIN enterprises e ON e.id = p.enterprise_id WHERE p.id_number = ?",
            (person_key(id_number),),
        )
        if not rows:
            return None
        r = rows[0]
        return Person(
            r["id"], r["name"], r["id_number"], r["card_number"] or "", r["phone"] or "",
            py_flag(r["frontline"]), r["enterprise_name"] or "",
        )

    def ensure_person(
        self, name: str, id_number: str, card_number: str, phone: str,
        frontline: bool | None, enterprise_id: int | None, current_id: int | None = None,
        *, newest: bool = True,
    ) -> int | None:
        """Find the person by ID number (or create them); newer facts overwrite older.

        ``current_id`` is the person an application being edited already points at: kept
        while no ID number is known, and completed when one is typed in. ``newest`` False:
        the paper is of an earlier year than another of the person's, whose card and
        frontline status stay the person's (each paper keeps its own: migration 10).
        """
        name = tidy_name(name)
        if not name:
            return None
        id_number = person_key(id_number) or None  # type: ignore[assignment]
        card_number, phone = tidy_card(card_number), tidy_phone(phone)
        row = None
        if id_number:
            row = self.query("SELECT * FROM people WHERE id_number = ?", (id_number,))
        if not row and current_id is not None:
            row = self.query(
                "SELECT * FROM people WHERE id = ? AND id_number IS NULL", (current_id,)
            )
        new = {
            "name": name, "id_number": id_number, "card_number": card_number,
            "phone": phone, "frontline": db_flag(frontline), "enterprise_id": enterprise_id,
        }
        if row:
            old = row[0]
            if same_name(old["name"], name):  # 买买提艾力 for 买买提·艾力: his, not a rename
                new["name"] = old["name"]
            changes = {k: v for k, v in new.items() if v not in (None, "") and old[k] != v
                       and (newest or k not in PAPER_PERSON_FACTS)}
            if changes:
                self.update_audited("people", old["id"], old, changes)
                self.changes.people.add(old["id"])
                if changes.keys() & SEARCHED_FACTS:
                    self._reindex_person(old["id"])
            return int(old["id"])
        cur = self.conn.execute(
            "INSERT INTO people (name, id_number, card_number, phone, frontline, enterprise_id)"
            " VALUES (:name, :id_number, :card_number, :phone, :frontline, :enterprise_id)",
            new,
        )
        self.audit("create", "people", cur.lastrowid, None, new)
        return int(cur.lastrowid or 0)

    def person_state(self, id_number: str) -> dict[str, Any] | None:
        """The stored facts of the person with that ID number, or None when there is none:
        what :meth:`put_person_back` restores when the change that follows is undone."""
        key = person_key(id_number)
        rows = self.query("SELECT * FROM people WHERE id_number = ?", (key,)) if key else []
        return {k: rows[0][k] for k in self._PERSON_FACTS} if rows else None

    def put_person_back(self, id_number: str, state: dict[str, Any] | None) -> None:
        """Undo what an entry or an edit did to the person of that ID number: their facts as
        ``person_state`` read them (a paper typed with another's ID renamed them), or, when
        there was no such person, the person removed while no application refers to them."""
        key = person_key(id_number)
        rows = self.query("SELECT * FROM people WHERE id_number = ?", (key,)) if key else []
        if not rows:
            return
        old = rows[0]
        with self.transaction():
            if state is None:
                self._drop_person_if_unused(old["id"])
                return
            changes = {k: v for k, v in state.items() if old[k] != v}
            if changes:
                self.update_audited("people", old["id"], old, changes)
                self.changes.people.add(old["id"])
                if changes.keys() & SEARCHED_FACTS:
                    self._reindex_person(old["id"])

    def _reindex_person(self, person_id: int) -> None:
        """A renamed person's papers are found by the new name, and by his numbers as they
        are now (their search texts hold them: ``SEARCHED_FACTS``)."""
        ids = [r[0] for r in self.conn.execute(
            "SELECT id FROM patent_applications WHERE person_id = ?", (person_id,))]
        self.changes.patents.update(ids)
        self._reindex(ids, [])

    def correct_person_name(self, person_id: int, name: str, reason: str, *,
                            checked: bool = True) -> str:
        """The register's spelling of a person corrected on every paper of theirs, paid ones
        too: a paper or table cannot rename a paid inventor (the lines would name someone
        else), but the money went to the card of this ID number, and a misspelling must be
        put right on the lists and sheets. The reason is kept in the audit trail. Returns
        the name it had. ``checked`` False: an undo putting back the name as it was (one
        stored with a title in brackets before the papers dropped it: the correction that
        took it off is undone whole)."""
        name, reason = tidy_name(name), reason.strip()
        if not name:
            raise RegisterError("请填写更正后的姓名")
        try:  # an ID pasted along (the papers refuse it), or a title (the papers drop it, said)
            if checked:
                check_no_name_remark(check_person_name(name))
        except ValidationError as exc:
            raise RegisterError(exc.message) from None
        if not reason:
            raise RegisterError("请写明更正原因（如“身份证复印件为‘张叁’，录入时误作‘张三’”），"
                                "它记入修改记录")
        with self.transaction():
            row = self.conn.execute("SELECT name, id_number, phone FROM people WHERE id = ?",
                                    (person_id,)).fetchone()
            if row is None:
                raise RegisterError("登记册中没有此人（可能已被删除），未更正")
            old = str(row[0])
            if old == name:
                return old
            self.conn.execute("UPDATE people SET name = ? WHERE id = ?", (name, person_id))
            self.changes.people.add(person_id)
            self.changes.person_was(dict(zip(("name", "id_number", "phone"), row, strict=True)))
            self.audit("correct_name", "people", person_id, {"name": old},
                       {"name": name, "reason": reason})
            self._reindex_person(person_id)
            return old

    def correct_person_id(self, person_id: int, id_number: str, reason: str, *,
                          checked: bool = True, done: dict[str, Any] | None = None,
                          merge: bool = False) -> str:
        """A person's mistyped resident ID number corrected on every paper of theirs, paid
        ones too: the money went to the card, not to the number, but the approval sheets,
        payment lists and exports must show the number the ID card bears, and the rules
        key one award per person per year by it. The reason is kept in the audit trail.
        ``checked`` False: an undo putting back the number as it was (it may fail the
        check digit: that is why it was corrected). Returns the number it had ("" none);
        a 15-digit person merged into his 18-digit self fills ``done`` with what
        :meth:`unmerge_old_id` needs to undo it. Every refusal comes before any write (the
        bulk :meth:`correct_old_ids` lists a refused person and goes on). ``merge``: the
        number another person's of the same name, and none of this person's papers sent
        (what the register would keep of them is their own), this person's papers are moved
        to that person and this one goes, as the entry form saves a paper typed with the
        other's number (`correct id --merge`)."""
        from boostdesk.validate import ValidationError, check_resident_id

        reason = reason.strip()
        if checked:
            try:
                number: str | None = check_resident_id(id_number)
            except ValidationError as exc:
                raise RegisterError(f"更正后的身份证号无效：{exc.message}。未更正") from None
        else:
            number = person_key(id_number) or None
        if not reason:
            raise RegisterError("请写明更正原因（如“审计核对身份证复印件，第 11、12 位录入时颠倒”），"
                                "它记入修改记录")
        with self.transaction():
            row = self.conn.execute("SELECT name, id_number, phone FROM people WHERE id = ?",
                                    (person_id,)).fetchone()
            if row is None:
                raise RegisterError("登记册中没有此人（可能已被删除），未更正")
            name, old = str(row[0]), str(row[1] or "")
            if old == (number or ""):
                return old
            other = self.conn.execute("SELECT id, name FROM people WHERE id_number = ?",
                                      (number,)).fetchone() if number else None
            if other is not None and not checked:  # an undo: the number was typed since
                raise RegisterError(
                    f"身份证号 {number} 现已是“{other[1]}”的（{self.person_papers(other[0])}），"
                    f"不能改回：同一身份证号只能是一个人。“{name}”仍为 {old or '（未填）'}")
            if other is not None and is_old_id(old) and to_18(old) == number:
                return self._merge_old_id(person_id, name, old, int(other[0]), str(other[1]),
                                          reason, done)
            if other is not None and merge:
                if why := self._merge_refused(person_id, name, int(other[0]), str(other[1])):
                    raise RegisterError(why)
                return self._merge_old_id(person_id, name, old, int(other[0]), str(other[1]),
                                          reason, done, number=number)
            if other is not None:
                raise RegisterError(self._id_taken(person_id, name, old, number or "",
                                                   other[0], other[1]))
            self.conn.execute("UPDATE people SET id_number = ? WHERE id = ?", (number, person_id))
            self.changes.people.add(person_id)  # his papers, keyed by the number, re-judged
            self.changes.person_was(dict(zip(("name", "id_number", "phone"), row, strict=True)))
            self._reindex_person(person_id)  # found by the number corrected
            self.audit("correct_id", "people", person_id, {"id_number": old or None},
                       {"id_number": number, "reason": reason})
            return old

    def _merge_refused(self, person_id: int, name: str, other_id: int, other: str) -> str:
        """Why this person cannot be merged into the other (``correct id --merge``), or ""."""
        if self._papers_sent(r[0] for r in self.conn.execute(
                "SELECT id FROM patent_applications WHERE person_id = ?", (person_id,))):
            return (f"“{name}”的申报（{self.person_papers(person_id)}）已有款项汇出，其人员记录"
                    f"不能并入“{other}”，未合并：请保留现状，在双方申报的备注中写明实为同一人")
        if not same_name(name, other):
            return (f"身份证号已是“{other}”的（{self.person_papers(other_id)}），与“{name}”姓名不同，"
                    "未合并。请先核对身份证复印件；确是同一人的，先更正其中一人的姓名使两者一致，"
                    "再合并")
        return ""

    def _merge_old_id(self, person_id: int, name: str, old: str, other_id: int, other: str,
                      reason: str, done: dict[str, Any] | None = None, *,
                      number: str | None = None) -> str:
        """A person registered under a 15-digit ID (a 2013 table's) whose 18-digit number
        is another person's (his later papers'): one person, his papers moved to the
        18-digit one and the 15-digit one gone, as a studio merged into its other spelling.
        Refused when the names differ: the numbers may still be two people's (a 15-digit
        number has no check character to catch a slip). The numbers are said whole, as the
        window's dialog shows them (`correct id` masks them). Each paper moved has the
        correction in its own trail (the person it was recorded on is gone, and the
        trail and the pane follow a paper's person now); the person's deletion says
        why. Returns the old number. ``number``: another person's number the clerk merges
        this one into (:meth:`_merge_refused` asked first), not the 15-digit one's."""
        asked = number is not None  # the names compared by _merge_refused (same_name)
        number = number or to_18(old)
        if not asked and other != name:
            raise RegisterError(
                f"“{name}”的 15 位旧身份证号 {old} 换算为 18 位即 {number}，"
                f"登记册中此号码是“{other}”的（{self.person_papers(other_id)}）：姓名不同，未合并。"
                f"请先核对身份证复印件；确是同一人的，先更正其中一人的姓名使两者一致，再更正身份证号")
        row = self.query("SELECT * FROM people WHERE id = ?", (person_id,))[0]
        papers = [r[0] for r in self.conn.execute(
            "SELECT id FROM patent_applications WHERE person_id = ? ORDER BY id", (person_id,))]
        self.conn.execute("UPDATE patent_applications SET person_id = ? WHERE person_id = ?",
                          (other_id, person_id))
        self._reindex(papers, [])  # found by the 18-digit number
        self.changes.people.update((person_id, other_id))  # his papers of every year re-judged
        self.changes.patents.update(papers)
        for paper in papers:
            self.audit("correct_id", "patent_applications", paper, {"id_number": old},
                       {"id_number": number, "reason": reason})
        self.conn.execute("DELETE FROM people WHERE id = ?", (person_id,))
        self._person_gone(row)
        self.audit("delete", "people", person_id, row,
                   {"reason": f"并入身份证号 {number} 的同一人（{reason}）"})
        if done is not None:
            done.clear()
            done.update(person=row, papers=papers, into=other_id, number=number)
        return old

    def unmerge_old_id(self, done: dict[str, Any], reason: str) -> None:
        """Undo :meth:`_merge_old_id` (``done`` as it filled it): the 15-digit person back,
        his facts as they were, with exactly the papers moved from him (each paper's card
        and frontline status are its own: the 18-digit person's facts were not changed by
        the merge, and stay). Refused, nothing changed, when his number is another's since
        or one of those papers is no longer the 18-digit person's. His own id when free
        (his earlier trail follows him), else a new one, noted in ``done`` for a redo."""
        row, papers, into = dict(done["person"]), list(done["papers"]), int(done["into"])
        old = str(row["id_number"])
        with self.transaction():
            taken = self.conn.execute("SELECT name FROM people WHERE id_number = ?",
                                      (old,)).fetchone()
            if taken is not None:
                raise RegisterError(f"身份证号 {old} 现已是“{taken[0]}”的，不能把“{row['name']}”"
                                    "与其 18 位号码的同一人重新分开")
            moved = {r[0] for r in self.conn.execute(
                "SELECT id FROM patent_applications WHERE person_id = ?", (into,))}
            gone = [p for p in papers if p not in moved]
            if gone:
                raise RegisterError(
                    f"{'、'.join(id_ref(PATENT, p) for p in gone)}现已不是此人的申报（已删除或改了"
                    f"第一发明人），不能把“{row['name']}”重新分开")
            if self.scalar("SELECT 1 FROM people WHERE id = ?", (row["id"],)):
                del row["id"]  # (his id given to a person made since)
            cols = list(row)
            cur = self.conn.execute(
                f"INSERT INTO people ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [row[c] for c in cols])
            person_id = int(row.get("id") or cur.lastrowid or 0)
            done["person"] = {**done["person"], "id": person_id}
            self.audit("restore", "people", person_id, None, {**row, "id": person_id})
            self.conn.executemany("UPDATE patent_applications SET person_id = ? WHERE id = ?",
                                  [(person_id, p) for p in papers])
            self._reindex(papers, [])  # found by the 15-digit number again
            for paper in papers:
                self.audit("correct_id", "patent_applications", paper,
                           {"id_number": done["number"]}, {"id_number": old, "reason": reason})
            self.changes.people.update((person_id, into))
            self.changes.patents.update(papers)

    def correct_old_ids(self, reason: str, *, dry_run: bool = False) -> list[OldIdOutcome]:
        """Every person still stored under a 15-digit number (a register loaded before
        BoostDesk converted them) given his 18-digit one by :meth:`correct_person_id`, as
        `correct id` does one: merged into the 18-digit person when there is one (names
        agreeing), else the number rewritten. One transaction; a person it refuses (names
        differ, a number whose birth date is no date) is listed and left. ``dry_run``:
        the same, rolled back (what a run would do, nothing stored)."""
        out: list[OldIdOutcome] = []
        try:
            with self.transaction():
                rows = self.conn.execute(
                    "SELECT id, name, id_number FROM people WHERE length(id_number) = 15"
                    " ORDER BY id").fetchall()
                for person_id, name, old in rows:
                    if not is_old_id(old):
                        continue
                    new = to_18(old)
                    into = self.scalar("SELECT id FROM people WHERE id_number = ?", (new,))
                    try:
                        self.correct_person_id(int(person_id), new, reason)
                    except RegisterError as exc:  # refused before it wrote anything
                        out.append(OldIdOutcome(str(name), old, new, OLD_ID_LEFT, str(exc)))
                        continue
                    kept = int(into) if into is not None else int(person_id)
                    out.append(OldIdOutcome(str(name), old, new,
                                            OLD_ID_MERGED if into is not None else OLD_ID_REWRITTEN,
                                            self.person_papers(kept)))
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        return out

    def person_papers(self, person_id: int) -> str:
        """A person's patent papers by year, for a message: 2022 年度专利3（已拨付）; a
        paper whose transfer the bank sent back (退汇, owed again) was sent all the same
        (its facts stay fixed): 2022 年度专利3（已汇出 1 笔，被银行退回、待重拨）."""
        rows = self.query(
            "SELECT a.id, c.year FROM patent_applications a"
            " JOIN campaigns c ON c.id = a.campaign_id WHERE a.person_id = ?"
            " ORDER BY c.year, a.id", (person_id,))
        sent = self._papers_sent(r["id"] for r in rows)
        return "、".join(f"{r['year']} 年度{id_ref(PATENT, r['id'])}{_sent_mark(*sent.get(r['id'], (0, 0)))}"
                        for r in rows) or "没有申报"

    def _papers_sent(self, app_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
        """Of these patent papers, those with a transfer sent: id -> (standing paid,
        sent and sent back by the bank, owed again)."""
        from .payment_marks import sent_counts

        return sent_counts(self.conn, "patent", app_ids)

    def person_history(self, person_id: int, but: int | None = None) -> list[dict[str, Any]]:
        """A person's patent papers of every year (but ``but``), oldest first: year, id,
        title, status, award_fen (by the index patent_person)."""
        return self.query(
            "SELECT c.year, a.id, a.title, a.status, a.award_fen FROM patent_applications a"
            " JOIN campaigns c ON c.id = a.campaign_id WHERE a.person_id = ? AND a.id IS NOT ?"
            " ORDER BY c.year, a.id", (person_id, but))

    def _id_taken(self, person_id: int, name: str, old: str, number: str, other_id: int,
                  other: str) -> str:
        """Why an ID number cannot be corrected to another person's, and what to do: this
        person's papers moved to the other (none of them sent: `correct id --merge`, or each
        paper's number corrected in its form, as the window does), the other's moved here
        (none of theirs sent), or, both sent, the two left apart."""
        from boostdesk.said_where import way

        theirs, mine = self.person_papers(other_id), self.person_papers(person_id)
        sent = self._papers_sent(r[0] for r in self.conn.execute(
            "SELECT id FROM patent_applications WHERE person_id = ?", (other_id,)))
        mine_sent = self._papers_sent(r[0] for r in self.conn.execute(
            "SELECT id FROM patent_applications WHERE person_id = ?", (person_id,)))
        if not mine_sent:  # this person's papers go to the number's person: nothing sent moves
            renamed = "" if same_name(name, other) else f"、姓名写作“{other}”"
            moved = (f"“{name}”的申报（{mine}）即归入此号码的“{other}”，原号码"
                     f"{f' {old} ' if old else ''}的人员记录随之删除")
            then = way(f"请在“专利助推”中逐份打开“{name}”的申报，把身份证号改为 {number}{renamed}"
                       f"并保存：{moved}",
                       (f"请先用 boostdesk correct name 把“{name}”的姓名更正为“{other}”，再"
                        if renamed else "请") + f"在本命令后加 --merge 合并：{moved}（窗口中："
                       f"在“专利助推”中逐份打开这些申报，把身份证号改为 {number} 并保存）")
        elif sent:  # a transfer sent back by the bank fixes its paper's person all the same
            what = ("已登记拨付" if not any(r for _, r in sent.values())
                    else "已汇出（含被银行退回、待重拨）")
            then = (f"“{other}”也有{what}的申报，两条人员记录不能合并：请保留现状，"
                    "在双方申报的备注中写明实为同一人")
        else:
            then = (f"请先在“专利助推”中逐份打开“{other}”的申报（{theirs}），把身份证号改为"
                    f"“{name}”现登记的号码{f' {old}' if old else ''}、姓名写作“{name}”"
                    "（并入此人），再回到这里更正")
        same = "两条记录确是同一人" if other == name else f"“{other}”与“{name}”确是同一人"
        return (f"身份证号 {number} 在登记册中已是“{other}”的（{theirs}）。同一身份证号只能是"
                f"一个人，未更正。请先核对身份证复印件：如是号码仍有录错，请按复印件填写；如{same}，"
                f"{then}")

    def _drop_person_if_unused(self, person_id: int) -> None:
        """A person no application names any more (their ID number was corrected, their
        entry undone) goes: kept, the wrong number would fill a later paper with their name."""
        if self.scalar("SELECT EXISTS (SELECT 1 FROM patent_applications WHERE person_id = ?)",
                       (person_id,)):
            return
        rows = self.query("SELECT * FROM people WHERE id = ?", (person_id,))
        if rows:
            self.conn.execute("DELETE FROM people WHERE id = ?", (person_id,))
            self.changes.people.add(person_id)
            self._person_gone(rows[0])
            self.audit("delete", "people", person_id, rows[0], None)

    def card_left_with(self, person_id: int, paper_id: int, card: str | None,
                       paper_card: str | None) -> str | None:
        """The union card a person holds once a paper (``paper_id``, which gave
        ``paper_card``) names him no more, his card being ``card`` then: his card follows
        his papers. The card that paper gave him, or one none of his other papers names,
        gives way to the card of his newest other paper naming one (year, then the later
        entry), else to none: kept, it would make him a holder of a card no paper of his
        names (UNION_CARD_SHARED on its real holder's papers) and fill his next form with
        it. Each paper keeps its own card (migration 10), a paid one the card it was paid
        to: only the person's row, read by the rules and the forms, changes. With no other
        paper he is dropped (:meth:`_drop_person_if_unused`), with the card he held."""
        rows = self.conn.execute(
            "SELECT a.card_number FROM patent_applications a"
            " JOIN campaigns c ON c.id = a.campaign_id WHERE a.person_id = ? AND a.id != ?"
            " ORDER BY c.year DESC, a.id DESC", (person_id, paper_id)).fetchall()
        if not rows or not card:
            return card
        named = [r[0] for r in rows if r[0]]
        if card in named and card != paper_card:
            return card
        return named[0] if named else None

    def _person_gone(self, row: Any) -> None:
        """A person deleted: the card he held (``row``: his row as it was) is one holder
        short, perhaps no longer shared (UNION_CARD_SHARED); his namesakes near him no
        longer near (rules.near_people). The re-check reads a noted person's card and
        facts from his row, gone now: they are noted for it."""
        if row["card_number"]:
            self.changes.cards.add(row["card_number"])
        self.changes.person_was(row)


OLD_ID_MERGED, OLD_ID_REWRITTEN, OLD_ID_LEFT = "merged", "rewritten", "left"


class OldIdOutcome(NamedTuple):
    """What :meth:`PersonWrites.correct_old_ids` did with one person: ``how`` merged into
    the 18-digit person, his number rewritten, or left; ``said``: his papers now, or why
    he was left (numbers whole: a command masks them)."""

    name: str
    old: str
    new: str
    how: str
    said: str


class _DryRun(Exception):
    """Rolls a dry run's transaction back."""


def _sent_mark(paid: int, returned: int) -> str:
    """A paper's mark in :meth:`PersonWrites.person_papers`: （已拨付）, or what was sent
    when the bank sent some back: （已汇出 2 笔，其中 1 笔被银行退回、待重拨）."""
    if not returned:
        return "（已拨付）" if paid else ""
    if not paid:
        return f"（已汇出 {returned} 笔，{'均' if returned > 1 else ''}被银行退回、待重拨）"
    return f"（已汇出 {paid + returned} 笔，其中 {returned} 笔被银行退回、待重拨）"
