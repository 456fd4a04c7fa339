"""删除个人信息 (PIPL Art. 47): one person's personal data erased once its purpose has ended.

Who: a person none of whose papers holds or ever held an award or money (资格审核不通过,
未获助推, 撤回 or deleted papers only; never 公示, 核准, 拨付, 撤销助推, nor a payment or a
recovery on record), every paper's year ended at least its campaign's
``personal_info_retention_years`` ago (an office policy, 设置). What: in the register's
tables his name becomes a placeholder (（已删除个人信息·人员N）), his ID, card and phone
are cleared, and every other text holding his numbers has them replaced; his papers stay
(patent number, title, verdict, dates) so statistics count them. In the trail every
occurrence of his numbers, and of his name in the lines about him, becomes the
placeholder; the lines from the first rewritten one are re-sealed
(:func:`boostdesk.models.audit_chain.reseal_from`) and one line ``erase_person`` says so
(no personal data in it: the old chain value of the last line, the range re-sealed).
Refused while the trail's check is not whole: a re-seal then would launder tampering.

After the commit the file is rewritten (VACUUM, then the -wal checkpointed and truncated):
SQLite leaves deleted and overwritten bytes in free pages (and his paper deleted long ago
left them there), so only a rewritten file no longer holds his numbers. Backups and year
archives made before still hold them (:func:`leftovers`).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from boostdesk.errors import UserError
from boostdesk.models import audit_chain, clock
from boostdesk.models.audit_chain import ERASE_ACTION
from boostdesk.models.records import ERASED_NAME_HEAD, PATENT, PROJECT, id_ref
from boostdesk.models.register_base import RegisterError
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.program_name import hint_named
from boostdesk.safety.copies_aside import pending as pending_copies
from boostdesk.safety.privacy import mask_card_grouped, mask_id, mask_phone

if TYPE_CHECKING:
    from boostdesk.models.register import Register

BACKUP_REASON = "erase"
PLACEHOLDER = "（已删除个人信息·人员{n}）"
PLACEHOLDER_HEAD = ERASED_NAME_HEAD
DEFAULT_RETENTION = 3  # Campaign.personal_info_retention_years' default (README says why)
# A paper's current status that lets its applicant's data go: the year's outcome is a no.
DONE = ("refused", "not_awarded")
# Statuses that mean an award was (or is) held: a paper ever in one keeps its person.
AWARDED = ("publicized", "approved", "paid", "paid_first", "accepted", "acceptance_failed",
           "paid_final", "revoked")
_TABLE = {PATENT: "patent_applications", PROJECT: "project_applications"}
_STREAM = {v: k for k, v in _TABLE.items()}
# Tables whose text is not scrubbed by the generic pass: the trail (its own pass, re-sealed)
_SKIPPED = {"audit_events", "audit_seal", "sqlite_sequence", "sqlite_stat1"}


class EraseRefused(RegisterError, UserError):
    """The person cannot be erased (said why, in Chinese); nothing was changed."""


@dataclass
class Paper:
    stream: str
    id: int
    year: int | None
    status: str  # "deleted": gone from the register, found in the trail
    reason: str = ""

    @property
    def ref(self) -> str:
        return id_ref(self.stream, self.id)

    @property
    def status_zh(self) -> str:
        return "已删除" if self.status == "deleted" else STATUS_ZH.get(self.status, self.status)


@dataclass
class Subject:
    """The person to erase, as the register and its trail know him."""

    name: str
    person_id: int | None = None  # his ``people`` row (None: gone, or a project contact)
    ids: set[str] = field(default_factory=set)
    cards: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    old_person_ids: set[int] = field(default_factory=set)  # people ids the trail gives him
    papers: list[Paper] = field(default_factory=list)

    @property
    def numbers(self) -> set[str]:
        return {n for n in (*self.ids, *self.cards, *self.phones) if n}

    def masked(self) -> str:
        parts = [f"身份证号 {mask_id(n)}" for n in sorted(self.ids)]
        parts += [f"卡号 {mask_card_grouped(n)}" for n in sorted(self.cards)]
        parts += [f"联系电话 {mask_phone(n)}" for n in sorted(self.phones)]
        return f"{self.name}（{'，'.join(parts)}）" if parts else self.name


@dataclass
class Plan:
    """What :func:`plan` found: the person, why not (``refusals``), what would change."""

    subject: Subject
    placeholder: str
    refusals: list[str] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)  # numbers others hold too: kept for them
    history: list[str] = field(default_factory=list)  # his numbers in others' trail lines
    register_cells: int = 0  # table cells holding his data, beside his own row
    trail_lines: list[int] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.refusals

    def preview(self) -> list[str]:
        s = self.subject
        kinds = "、".join(k for k, v in (("身份证号", s.ids), ("卡号", s.cards),
                                         ("联系电话", s.phones)) if v)
        lines = [f"将删除个人信息：{s.masked()}",
                 f"姓名改为“{self.placeholder}”" + (f"，{kinds}清空" if kinds else "")]
        kept = [p for p in s.papers if p.status != "deleted"]
        gone = [p for p in s.papers if p.status == "deleted"]
        if kept:
            lines.append("其申报（保留登记号、专利号、名称、结论和日期，统计照旧计入）："
                         + "；".join(f"{p.ref}（{p.year or '?'} 年度，{p.status_zh}）"
                                     for p in kept))
        if gone:  # (deleted papers are counted nowhere: only the trail holds them)
            lines.append("已删除的申报（不在登记册中，不计入统计，只在修改记录中）："
                         + "；".join(f"{p.ref}（{p.year or '?'} 年度）" for p in gone))
        if self.register_cells:
            lines.append(f"登记册中另有 {self.register_cells} 处文字含其号码，将改为占位名")
        if self.trail_lines:
            first, last = self.trail_lines[0], self.trail_lines[-1]
            where = f"第 {first} 行" if first == last else f"第 {first}–{last} 行之间"
            lines.append(f"修改记录中 {len(self.trail_lines)} 行含其个人信息（{where}），将改为占位名，"
                         f"并从第 {self.trail_lines[0]} 行起重新计算校验链，另记一行说明")
        for n in self.shared:
            lines.append(f"注意：{n}亦为他人所用，只从其本人的记录中清除")
        for n in self.history:
            lines.append(f"注意：{n}，在他人的记录中保留，只从其本人的记录中清除")
        lines.append("此操作不能撤销：只能从删除前自动做的备份恢复整个登记册"
                     "（恢复会同时撤回其后的所有改动）")
        lines.append(BACKUP_NOTE)
        return lines


BACKUP_NOTE = ("删除前会自动备份登记册；此前的备份和年度归档仍含其个人信息"
               "（删除后列出这些文件及何时轮换删除）")


# --- finding the person ----------------------------------------------------------------

def _flat(text: str) -> str:
    return re.sub(r"[\s\-]", "", text).upper()


def _number_like(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9]{6,}[0-9X]?", _flat(text)))


def find(reg: Register, text: str) -> Subject:
    """The person ``text`` names: an ID, card or phone number, a name, or 人员N; his
    ``people`` row, else the trail's (a person whose paper was deleted), else a project's
    contact. Two people of one name: refused, asked for the ID."""
    key = text.strip()
    if not key:
        raise EraseRefused("请写明要删除个人信息的人员：身份证号或姓名")
    rows: list[dict[str, Any]]
    if re.fullmatch(r"人员\d+", key):
        rows = reg.query("SELECT * FROM people WHERE id = ?", (int(key[2:]),))
    elif _number_like(key):
        flat = _flat(key)
        rows = reg.query("SELECT * FROM people WHERE upper(id_number) = ? OR card_number = ?"
                         " OR phone = ?", (flat, flat, flat))
    else:
        rows = reg.query("SELECT * FROM people WHERE name = ?", (key,))
    if len(rows) > 1:
        raise EraseRefused(f"有 {len(rows)} 位人员与“{key}”相符（"
                           + "、".join(f"{r['name']} {mask_id(r['id_number'])}" for r in rows)
                           + "），请用身份证号指定")
    if rows:
        r = rows[0]
        subject = Subject(r["name"], r["id"], {r["id_number"]} - {None, ""},
                          {r["card_number"]} - {None, ""}, {r["phone"]} - {None, ""},
                          {r["id"]})
    else:
        found = _from_trail(reg, key) or _project_contact(reg, key)
        if found is None:
            if reg.scalar("SELECT 1 FROM experts WHERE name = ?", (key,)):
                raise EraseRefused(f"“{key}”是评审专家，不是申报人：专家的信息不在“删除个人信息”的"
                                   "范围内（在“专家评审”的专家名单中管理）")
            raise EraseRefused(f"登记册及其修改记录中没有“{key}”这位人员")
        subject = found
    _add_papers(reg, subject)
    return subject


def _from_trail(reg: Register, key: str) -> Subject | None:
    """A person whose ``people`` row is gone (his paper deleted): the trail's lines about
    him give his numbers, by his ID or his name (one ID under that name, or refused)."""
    lines = reg.query("SELECT entity_id, before, after FROM audit_events WHERE entity = 'people'"
                      " ORDER BY id")
    found: dict[str, Subject] = {}
    flat = _flat(key)
    for line in lines:
        for side in ("before", "after"):
            data = _json(line[side])
            if not isinstance(data, dict) or not data.get("id_number"):
                continue
            number = str(data["id_number"]).upper()
            if number != flat and data.get("name") != key:
                continue
            s = found.setdefault(number, Subject(str(data.get("name") or key), None, {number}))
            if data.get("name") and str(data["name"]).startswith(PLACEHOLDER_HEAD):
                continue
            s.name = str(data.get("name") or s.name)
            for kind, bucket in (("card_number", s.cards), ("phone", s.phones)):
                if data.get(kind):
                    bucket.add(str(data[kind]))
            if line["entity_id"] is not None:
                s.old_person_ids.add(int(line["entity_id"]))
    if len(found) > 1:
        raise EraseRefused(f"修改记录中有 {len(found)} 位名为“{key}”的人员（"
                           + "、".join(mask_id(n) for n in found) + "），请用身份证号指定")
    if found:
        s = next(iter(found.values()))
        if reg.scalar("SELECT 1 FROM people WHERE upper(id_number) = ?", (next(iter(s.ids)),)):
            return None  # (the row is there under another name: asked by its ID instead)
        return s
    return None


def _project_contact(reg: Register, key: str) -> Subject | None:
    """A project's contact or leader, who has no ``people`` row: by name or phone."""
    if _number_like(key):
        rows = reg.query("SELECT contact_name, contact_phone FROM project_applications"
                         " WHERE replace(replace(contact_phone, '-', ''), ' ', '') = ?",
                         (_flat(key),))
        if not rows:
            return None
        names = {r["contact_name"] for r in rows if r["contact_name"]}
        return Subject(next(iter(names)) if len(names) == 1 else key, phones={_flat(key)})
    rows = reg.query("SELECT contact_name, contact_phone FROM project_applications"
                     " WHERE contact_name = ?", (key,))
    if not rows:
        if reg.scalar("SELECT 1 FROM project_applications WHERE leader = ?", (key,)):
            raise EraseRefused(f"“{key}”只是项目负责人（工作室带头人），其姓名随工作室的记录保存"
                               "（工作室多以其命名），不在此删除；项目联系人的姓名和电话可删除")
        return None
    if reg.scalar("SELECT 1 FROM project_applications WHERE leader = ?", (key,)) or \
            reg.scalar("SELECT 1 FROM studios WHERE leader = ?", (key,)):
        # his name is a studio's leader's too (the studio named after him): kept with it,
        # and the placeholder would rewrite the leader and the studio's name
        raise EraseRefused(f"项目联系人“{key}”同时是工作室带头人（项目负责人），其姓名随工作室的"
                           "记录保存（工作室多以其命名），不能删除；只需删除其联系电话时，请在"
                           "项目中把联系电话改为空")
    phones = {_flat(r["contact_phone"]) for r in rows
              if r["contact_name"] == key and r["contact_phone"]}
    return Subject(key, phones=phones)


def _add_papers(reg: Register, s: Subject) -> None:
    """His papers: a patent of his row or bearing his numbers, a project whose contact's
    phone is his (or, for a project contact, bearing his name), and the deleted ones the
    trail shows bearing his ID or phone."""
    seen: set[tuple[str, int]] = set()
    ids, cards, phones = sorted(s.ids), sorted(s.cards), sorted(s.phones)
    q = ",".join("?" * len(ids)) or "NULL"
    c = ",".join("?" * len(cards)) or "NULL"
    pids = [s.person_id] if s.person_id is not None else []
    p = ",".join("?" * len(pids)) or "NULL"
    for r in reg.query(
            "SELECT a.id, c.year, a.status, a.status_reason FROM patent_applications a"
            " JOIN campaigns c ON c.id = a.campaign_id"
            f" WHERE a.person_id IN ({p}) OR upper(a.reported_id_number) IN ({q})"
            # (a card alone names another's paper when shared: only one with no person)
            f" OR (a.person_id IS NULL AND a.card_number IN ({c})) ORDER BY a.id",
            (*pids, *ids, *cards)):
        seen.add((PATENT, r["id"]))
        s.papers.append(Paper(PATENT, r["id"], r["year"], r["status"], r["status_reason"]))
    contact = s.person_id is None and not s.ids
    ph = ",".join("?" * len(phones)) or "NULL"
    for r in reg.query("SELECT a.id, c.year, a.status, a.status_reason FROM"
                       " project_applications a JOIN campaigns c ON c.id = a.campaign_id"
                       " WHERE replace(replace(a.contact_phone, '-', ''), ' ', '')"
                       f" IN ({ph}) OR (? AND a.contact_name = ?) ORDER BY a.id",
                       (*phones, contact, s.name)):
        seen.add((PROJECT, r["id"]))
        s.papers.append(Paper(PROJECT, r["id"], r["year"], r["status"], r["status_reason"]))
    # deleted papers (rare: 只应删除录错的申报), their lines narrowed by his numbers or name
    marks = sorted(s.numbers | {s.name})
    for line in reg.query("SELECT entity, entity_id, before FROM audit_events WHERE action ="
                          " 'delete' AND entity IN ('patent_applications',"
                          " 'project_applications') AND ("
                          + " OR ".join("instr(before, ?)" for _ in marks) + ") ORDER BY id",
                          tuple(marks)):
        data = _json(line["before"])
        if not isinstance(data, dict):
            continue
        stream = _STREAM[line["entity"]]
        number = str(data.get("id_number") or "").upper()
        phone = _flat(str(data.get("phone") or data.get("contact_phone") or ""))
        if not ((number and number in s.ids) or (phone and phone in phones)
                or (data.get("person_id") in s.old_person_ids and stream == PATENT
                    and data.get("inventor_name") == s.name)):
            continue
        key = (stream, int(line["entity_id"]))
        if key in seen:
            continue
        seen.add(key)
        year = data.get("campaign_year")
        s.papers.append(Paper(stream, key[1], int(year) if year else None, "deleted"))
    s.papers.sort(key=lambda x: (x.stream, x.id))


def _json(text: str | None) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


# --- deciding ------------------------------------------------------------------------------

def retention_years(reg: Register, year: int | None) -> int:
    if year is None or year not in reg.campaign_years():
        return DEFAULT_RETENTION
    return int(getattr(reg.campaign(year), "personal_info_retention_years", DEFAULT_RETENTION))


def kept_until(reg: Register, year: int) -> date:
    """The last day a year's applicants' data is kept: its year's end plus the retention."""
    return date(year + retention_years(reg, year), 12, 31)


def refusals(reg: Register, s: Subject, today: date | None = None) -> list[str]:
    """Why ``s`` may not be erased yet (empty: he may), each in Chinese."""
    today = today or clock.today()
    out: list[str] = []
    if s.name.startswith(PLACEHOLDER_HEAD) and not s.numbers:
        return [f"{s.name}的个人信息已删除"]
    for p in s.papers:
        if p.status != "deleted":
            if p.status not in DONE:
                out.append(f"{p.ref}的状态为“{p.status_zh}”：只有资格审核不通过、未获助推、"
                           "撤回或已删除的申报，其申报人的个人信息才能删除")
                continue
            ever = reg.scalar(
                "SELECT to_status FROM status_history WHERE stream = ? AND application_id = ?"
                f" AND to_status IN ({','.join('?' * len(AWARDED))}) ORDER BY id LIMIT 1",
                (p.stream, p.id, *AWARDED))
            if ever:
                out.append(f"{p.ref}曾为“{STATUS_ZH.get(ever, ever)}”：获过助推的申报须留作"
                           "资金往来的凭据，其申报人的个人信息不能删除")
                continue
            if reg.scalar("SELECT 1 FROM payments WHERE stream = ? AND application_id = ?",
                          (p.stream, p.id)) or reg.scalar(
                    "SELECT 1 FROM recoveries WHERE stream = ? AND application_id = ?",
                    (p.stream, p.id)):
                out.append(f"{p.ref}有拨付或追回的记录：须留作资金往来的凭据，"
                           "其申报人的个人信息不能删除")
                continue
        if p.year is not None:
            until = kept_until(reg, p.year)
            if today <= until:
                out.append(f"{p.ref}属 {p.year} 年度：按该年度的设置，个人信息保存至 "
                           f"{until.isoformat()}（年度结束后 {retention_years(reg, p.year)} 年，"
                           "可在“设置”中调整），期满后方可删除")
    return out


def chain_refusal(reg: Register) -> str | None:
    report = audit_chain.verify(reg.conn)
    if report.whole or not report.present:
        return None
    return hint_named("修改记录的防篡改校验未通过，不能删除个人信息：删除须改写修改记录并重新计算"
                      "校验链，此时改写会掩盖在本程序之外的改动。请先查明（boostdesk check）。"
                      ) + report.said()


# --- rewriting ----------------------------------------------------------------------------

# Full-width digits, X, brackets, dots and dashes read as their ASCII forms (one character
# for one: the matches' places are the original text's); the masker's patterns match then.
_ASCII = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "Ｘ": "X", "ｘ": "x",
                        "（": "(", "）": ")", "．": ".", "－": "-", "\u3000": " "})
# The same, replaced one character at a time where the text holds it: the same text (each
# maps to an ASCII character none maps from), 8 times quicker than str.translate, which
# took 1.5 s of the patents' text cells at 100,000 papers and two thirds of each reading
# of the trail (0.7 s of 0.9 s)
_WIDE = tuple((chr(k), str(v)) for k, v in _ASCII.items())
_SEP = r"[\s\-.·()]*"
CLEARED_NUMBER = "（已删除号码）"  # another's number in his own paper's remark or reason


def _read(text: str) -> str:
    """``text`` read through :data:`_ASCII` (one character for one)."""
    for wide, ascii_form in _WIDE:
        if wide in text:
            text = text.replace(wide, ascii_form)
    return text


def _row_text(cols: Iterable[str]) -> str:
    """SQL: a row's texts in one, "|" between (a value not text, as NULL, is empty). A
    number's match holds only digits, X, an opening bracket and separators, and a text's
    edge reads as "|" does (neither digit nor X): the row's text holds a match exactly
    when one of its texts does. Asked once a row, the row's texts are then asked one by
    one only in the rows that hold one (at 100,000 papers the register's text cells took
    3.9 s asked one by one, 2.0 s a row at a time)."""
    return " || '|' || ".join(f"CASE WHEN typeof(\"{c}\") = 'text' THEN \"{c}\" ELSE '' END"
                              for c in cols)


def _number_pattern(numbers: set[str]) -> re.Pattern[str] | None:
    """Each number as it may be written (asked of the text read through :data:`_ASCII`):
    digits with spaces, dashes, dots or brackets between, X either case; never part of
    a longer number."""
    if not numbers:
        return None
    alts = [_SEP.join(re.escape(ch) for ch in n)
            for n in sorted(numbers, key=len, reverse=True)]
    return re.compile(r"(?<![0-9])\(?(?:" + "|".join(alts) + r")(?![0-9Xx])", re.IGNORECASE)


def _number_seeker(numbers: set[str]) -> re.Pattern[str] | None:
    """Whether a text holds one of :func:`_number_pattern`'s matches, found 2–3 times
    quicker: each number's first character, then the one before it asked not to be a
    digit, so that the search skips ahead to those first characters (a leading look-behind
    has it try every place). The same texts: a match read from a bracket reads from the
    number too, the bracket being no digit."""
    if not numbers:
        return None
    alts = [re.escape(n[0]) + "(?<![0-9].)" + "".join(_SEP + re.escape(ch) for ch in n[1:])
            for n in sorted(numbers, key=len, reverse=True)]
    return re.compile("(?:" + "|".join(alts) + r")(?![0-9Xx])", re.IGNORECASE)


def _shapes() -> list[re.Pattern[str]]:
    """The log masker's ID, card and mobile patterns (safety.privacy: one list of the
    shapes people write them in, widened there)."""
    from boostdesk.safety import privacy

    return [getattr(privacy, n) for n in ("_ID", "_OLD_ID", "_CARD", "_MOBILE")
            if isinstance(getattr(privacy, n, None), re.Pattern)]


def _sub(pattern: re.Pattern[str], value: str, new: str) -> str:
    """``pattern``'s matches in ``value`` read through :data:`_ASCII`, replaced in it."""
    read = _read(value)
    spans = [m.span() for m in pattern.finditer(read)]
    for start, end in reversed(spans):
        value = value[:start] + new + value[end:]
    return value


@dataclass
class _Scrub:
    numbers: re.Pattern[str] | None
    name: str
    placeholder: str
    shapes: bool = False  # his own rows and lines: every ID, card, phone in them cleared
    seek: re.Pattern[str] | None = None  # ``numbers``' texts, found quicker (_number_seeker)

    def text(self, value: str, with_name: bool) -> str:
        if self.numbers is not None:
            value = _sub(self.numbers, value, self.placeholder)
        if self.shapes:
            for pattern in _shapes():
                value = _sub(pattern, value, CLEARED_NUMBER)
        if with_name and len(self.name) >= 2 and self.name in value:
            value = value.replace(self.name, self.placeholder)
        return value

    def has(self, value: str, with_name: bool) -> bool:
        return value != self.text(value, with_name)

    def found(self, value: str, with_name: bool = False) -> bool:
        """:meth:`has`, by a search alone (the trail's every line is asked)."""
        read = _read(value)
        seek = self.numbers if self.seek is None else self.seek
        if seek is not None and seek.search(read):
            return True
        if self.shapes and any(p.search(read) for p in _shapes()):
            return True
        return with_name and len(self.name) >= 2 and self.name in value

    def data(self, value: Any, with_name: bool) -> Any:
        if isinstance(value, str):
            if with_name and value == self.name:
                return self.placeholder
            return self.text(value, with_name)
        if isinstance(value, list):
            return [self.data(v, with_name) for v in value]
        if isinstance(value, dict):
            return {k: self.data(v, with_name) for k, v in value.items()}
        return value

    def json_text(self, value: str | None, with_name: bool) -> str | None:
        if value is None:
            return None
        data = _json(value)
        if data is None:
            return self.text(value, with_name)
        new = self.data(data, with_name)
        return value if new == data else json.dumps(new, ensure_ascii=False)


def _placeholder(reg: Register, s: Subject) -> str:
    n = s.person_id if s.person_id is not None else (
        min(s.old_person_ids) if s.old_person_ids else None)
    if n is None:
        n = 1 + int(reg.scalar("SELECT COUNT(*) FROM audit_events WHERE action = ?",
                               (ERASE_ACTION,)))
        return f"（已删除个人信息·联系人{n}）"
    return PLACEHOLDER.format(n=n)


def _shared(reg: Register, s: Subject) -> set[str]:
    """His numbers another person or another's paper holds too (a card shared in a family):
    cleared from his rows, left in theirs."""
    mine_patents = [p.id for p in s.papers if p.stream == PATENT and p.status != "deleted"]
    mine_projects = [p.id for p in s.papers if p.stream == PROJECT and p.status != "deleted"]
    out = set()
    for n in s.numbers:
        if reg.scalar("SELECT 1 FROM people WHERE id IS NOT ? AND (upper(id_number) = ? OR"
                      " card_number = ? OR phone = ?)", (s.person_id, n, n, n)) or reg.scalar("SELECT 1 FROM patent_applications WHERE card_number = ? AND id NOT IN"
                        f" ({','.join('?' * len(mine_patents)) or 'NULL'})", (n, *mine_patents)) or reg.scalar("SELECT 1 FROM project_applications WHERE replace(replace(contact_phone,"
                        " '-', ''), ' ', '') = ? AND id NOT IN"
                        f" ({','.join('?' * len(mine_projects)) or 'NULL'})",
                        (n, *mine_projects)):
            out.add(n)
    return out


def _others_history(reg: Register, s: Subject) -> dict[str, set[str]]:
    """His numbers the trail's lines about another person or another's paper hold (a card
    of his that was another's before, or is still in another's history): those numbers are
    that person's data too, kept in his lines (number → who, as said)."""
    if not s.numbers:
        return {}
    about = _about_him(s)
    pattern = _number_seeker(s.numbers)
    assert pattern is not None
    reg.conn.create_function("erase_hist", 1, lambda v: isinstance(v, str)
                             and pattern.search(_read(v)) is not None,
                             deterministic=True)
    each = {n: _number_seeker({n}) for n in s.numbers}
    out: dict[str, set[str]] = {}
    for entity, entity_id, before, after, note in reg.conn.execute(
            "SELECT entity, entity_id, before, after, note FROM audit_events WHERE entity IN"
            " ('people', 'patent_applications', 'project_applications') AND erase_hist("
            + _row_text(("before", "after", "note")) + ")").fetchall():
        if entity_id is None or (entity, entity_id) in about:
            continue
        text = _read("\n".join(t for t in (before, after, note) if t))
        for n, one in each.items():
            if one is not None and one.search(text):
                out.setdefault(n, set()).add(_who(reg, entity, int(entity_id)))
    return out


def _who(reg: Register, entity: str, entity_id: int) -> str:
    if entity == "people":
        name = reg.scalar("SELECT name FROM people WHERE id = ?", (entity_id,))
        return f"{name}（人员{entity_id}）" if name else f"人员{entity_id}"
    return id_ref(_STREAM[entity], entity_id)


def _about_him(s: Subject) -> set[tuple[str, int]]:
    out = {("people", i) for i in s.old_person_ids | ({s.person_id} - {None})}
    out |= {(_TABLE[p.stream], p.id) for p in s.papers}
    return out  # type: ignore[return-value]


def _trail_changes(reg: Register, s: Subject, own: _Scrub, everywhere: _Scrub
                   ) -> list[tuple[int, str | None, str | None, str]]:
    """The trail's lines to rewrite: (id, before, after, note) as they will read."""
    about = _about_him(s)
    # read: his lines, and the others holding a number of ``everywhere``'s, asked in SQL a
    # line at a time (the rest, nearly the whole trail, is not read into Python); the
    # tests below are asked of those lines as of every line before
    ids: dict[str, list[int]] = {}
    for entity, entity_id in sorted(about):
        ids.setdefault(entity, []).append(entity_id)
    where = [f"(entity = '{entity}' AND entity_id IN (SELECT value FROM json_each(?)))"
             for entity in ids]
    params: list[Any] = [json.dumps(i) for i in ids.values()]
    if everywhere.numbers is not None:
        reg.conn.create_function("erase_line", 1, lambda v: everywhere.found(v),
                                 deterministic=True)
        where.append("erase_line(" + _row_text(("before", "after", "note")) + ")")
    if not where:
        return []
    out = []
    for line_id, entity, entity_id, before, after, note in reg.conn.execute(
            "SELECT id, entity, entity_id, before, after, note FROM audit_events WHERE "
            + " OR ".join(where) + " ORDER BY id", params):
        texts = (before or "", after or "", note or "")
        mine = (entity, entity_id) in about
        # a line about his row or papers is his: all of his rewritten; any other line only
        # loses his numbers no one else holds or held (a card of his that was another's
        # stays in that person's lines), and his name only where such a number is
        if not mine and not any(everywhere.found(t) for t in texts):
            continue
        scrub = own if mine else everywhere
        if not any(scrub.found(t, True) for t in texts):
            continue
        new = (scrub.json_text(before, True), scrub.json_text(after, True),
               scrub.text(note or "", True))
        if new != (before, after, note or ""):
            out.append((line_id, *new))
    return out


def _text_columns(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    cols = []
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                 " ORDER BY name").fetchall():
        if table in _SKIPPED or table.startswith("sqlite_"):
            continue
        for row in conn.execute(f'PRAGMA table_info("{table}")'):
            if row[2].upper() in ("TEXT", "") and row[1] != "id":
                cols.append((table, row[1]))
    return cols


def _text_tables(conn: sqlite3.Connection) -> list[tuple[str, list[str]]]:
    """:func:`_text_columns` by table, in their order."""
    out: dict[str, list[str]] = {}
    for table, col in _text_columns(conn):
        out.setdefault(table, []).append(col)
    return list(out.items())


def plan(reg: Register, text: str, today: date | None = None, *, counted: bool = True) -> Plan:
    """What erasing the person ``text`` names would do, or why it may not (nothing written).
    ``counted`` False: without the preview's trail lines and register cells, two readings
    of the whole trail and register (:func:`erase` finds them again in its transaction)."""
    s = find(reg, text)
    p = Plan(s, _placeholder(reg, s), refusals(reg, s, today))
    chain = chain_refusal(reg)
    if chain:
        p.refusals.append(chain)
    shared = _shared(reg, s)
    history = _others_history(reg, s)
    p.shared = [_said_number(s, n) for n in sorted(shared)]
    p.history = [f"{_said_number(s, n)}亦见于{'、'.join(sorted(who))}的记录（也是其个人信息）"
                 for n, who in sorted(history.items())]
    if counted:
        own, everywhere = _scrubs(s, p.placeholder, shared | set(history))
        p.trail_lines = [c[0] for c in _trail_changes(reg, s, own, everywhere)]
        p.register_cells = sum(n for _, _, n in _register_cells(reg, everywhere))
    return p


def _said_number(s: Subject, n: str) -> str:
    if n in s.ids:
        return f"身份证号 {mask_id(n)} "
    if n in s.cards:
        return f"卡号 {mask_card_grouped(n)} "
    return f"联系电话 {mask_phone(n)} "


def _scrubs(s: Subject, placeholder: str, shared: set[str]) -> tuple[_Scrub, _Scrub]:
    """Two scrubs: ``own`` for his rows and lines (all his numbers and his name),
    ``everywhere`` for the rest (his numbers no one else holds)."""
    mine, others = s.numbers, s.numbers - shared
    return (_Scrub(_number_pattern(mine), s.name, placeholder, shapes=True,
                   seek=_number_seeker(mine)),
            _Scrub(_number_pattern(others), s.name, placeholder, seek=_number_seeker(others)))


def _register_cells(reg: Register, scrub: _Scrub) -> list[tuple[str, str, int]]:
    if scrub.numbers is None:
        return []
    # a regular expression's search in each text cell (a 100,000-paper register's in
    # ≈ 3 s; its substitution, asked the same way, took 10 s)
    reg.conn.create_function("erase_has", 1, lambda v: isinstance(v, str) and scrub.found(v),
                             deterministic=True)
    out = []
    for table, cols in _text_tables(reg.conn):
        counts = reg.conn.execute(
            "SELECT " + ", ".join(f'SUM(erase_has("{c}"))' for c in cols)
            + f' FROM "{table}" WHERE erase_has({_row_text(cols)})').fetchone()
        out += [(table, col, int(n)) for col, n in zip(cols, counts, strict=True) if n]
    return out


@dataclass
class Erased:
    placeholder: str
    lines_rewritten: int
    first_line: int | None
    last_line: int | None
    erase_line: int
    backup: str | None
    vacuumed: str  # "" done; else why not
    leftovers: list[str]
    kept: list[str] = field(default_factory=list)  # his numbers left in others' records
    cleared: list[str] = field(default_factory=list)  # what he had: 身份证号, 卡号, 联系电话


def erase(reg: Register, text: str, reason: str, today: date | None = None,
          backup: bool = True, cancelled: Callable[[], bool] | None = None) -> Erased:
    """Erase the person ``text`` names (see the module); all or nothing, after a backup.
    Raises :class:`EraseRefused` saying why when he may not be erased."""
    from boostdesk.safety.backup import backed_up_write

    reason = " ".join(reason.split())
    if not reason:
        raise EraseRefused("请写明删除个人信息的理由（如：申报未获助推，保存期限已满）")
    if getattr(reg, "read_only", False):
        raise EraseRefused("登记册以只读方式打开，不能删除个人信息")
    p = plan(reg, text, today, counted=False)
    if p.refusals:
        raise EraseRefused("不能删除个人信息：" + "；".join(p.refusals))
    # secure_delete: the rewritten cells and the trail's overflow pages freed by the rewrite
    # are zeroed as they go, should the VACUUM after be refused (another window reading)
    was = reg.scalar("PRAGMA secure_delete")
    reg.conn.execute("PRAGMA secure_delete = ON")
    try:
        with backed_up_write(reg, BACKUP_REASON if backup else None, cancelled) as made, \
                reg.transaction():
            result = _rewrite(reg, p, reason)
    finally:
        reg.conn.execute(f"PRAGMA secure_delete = {int(was or 0)}")
    result.backup = made.kept.path.name if made.kept is not None else None
    result.kept = ([f"{n}亦为他人所用，在其记录中保留" for n in p.shared]
                   + [f"{n}，在其记录中保留" for n in p.history])
    result.vacuumed = compact(reg)
    result.leftovers = leftovers(reg, p.subject, result.backup)
    return result


def _rewrite(reg: Register, p: Plan, reason: str) -> Erased:
    s = p.subject
    conn = reg.conn
    # the check once more inside the transaction: nothing slipped in since the preview
    chain = chain_refusal(reg)
    if chain:
        raise EraseRefused(chain)
    shared = _shared(reg, s) | set(_others_history(reg, s))
    own, everywhere = _scrubs(s, p.placeholder, shared)
    patents = [x.id for x in s.papers if x.stream == PATENT and x.status != "deleted"]
    projects = [x.id for x in s.papers if x.stream == PROJECT and x.status != "deleted"]
    if s.person_id is not None:
        conn.execute("UPDATE people SET name = ?, id_number = NULL, card_number = NULL,"
                     " phone = NULL WHERE id = ?", (p.placeholder, s.person_id))
    for app_id in patents:
        conn.execute("UPDATE patent_applications SET card_number = NULL, reported_id_number"
                     " = NULL, reported_phone = NULL WHERE id = ?", (app_id,))
        _scrub_row(conn, "patent_applications", app_id, own)
        _scrub_history(conn, PATENT, app_id, own)
    for app_id in projects:
        conn.execute("UPDATE project_applications SET contact_phone = '',"
                     " contact_name = CASE WHEN contact_name = ? THEN ? ELSE contact_name END,"
                     " leader = CASE WHEN leader = ? THEN ? ELSE leader END WHERE id = ?",
                     (s.name, p.placeholder, s.name, p.placeholder, app_id))
        _scrub_row(conn, "project_applications", app_id, own)
        _scrub_history(conn, PROJECT, app_id, own)
    if everywhere.numbers is not None:
        conn.create_function("erase_has", 1,
                             lambda v: isinstance(v, str) and everywhere.found(v),
                             deterministic=True)
        conn.create_function("erase_text", 1,
                             lambda v: everywhere.text(v, False) if isinstance(v, str) else v)
        for table, cols in _text_tables(conn):
            rows = json.dumps([r for (r,) in conn.execute(
                f'SELECT rowid FROM "{table}" WHERE erase_has({_row_text(cols)})')])
            if rows == "[]":
                continue
            for col in cols:
                conn.execute(f'UPDATE "{table}" SET "{col}" = erase_text("{col}") WHERE rowid'
                             f' IN (SELECT value FROM json_each(?)) AND erase_has("{col}")',
                             (rows,))
    reg._reindex(patents, projects)  # the search texts held his name and numbers
    reg.changes.patents.update(patents)  # judged again (his ID and card not asked for)
    reg.changes.projects.update(projects)
    if len(s.name) >= 2:  # another's paper whose findings name him (a card they shared)
        for table, ids in (("patent_applications", reg.changes.patents),
                           ("project_applications", reg.changes.projects)):
            ids.update(r[0] for r in conn.execute(
                f"SELECT id FROM {table} WHERE instr(findings, ?)", (s.name,)))
    from boostdesk.rules.check import recheck  # (the rules import the models)

    recheck(reg)  # in this write: no finding keeps his name until the next check
    # the trail: rewritten, then re-sealed from its first rewritten line
    changes = _trail_changes(reg, s, own, everywhere)
    last = conn.execute("SELECT id, chain FROM audit_events ORDER BY id DESC LIMIT 1").fetchone()
    first_id = changes[0][0] if changes else None
    if changes:
        conn.executemany("UPDATE audit_events SET before = ?, after = ?, note = ? WHERE id = ?",
                         [(b, a, n, i) for i, b, a, n in changes])
        audit_chain.reseal_from(conn, changes[0][0])
    kinds = [k for k, v in (("身份证号", s.ids), ("卡号", s.cards), ("联系电话", s.phones)) if v]
    # his row's line when he has one; a contact's or a gone person's: the register's
    reg.audit(ERASE_ACTION, "people" if s.person_id is not None else "register", s.person_id,
              None, {
        "说明": "删除个人信息（个人信息保护法第四十七条）：姓名改为占位名，"
                + ("、".join(kinds) + "已清除；" if kinds else "")
                + "修改记录中含其个人信息的行已改写并重新计算校验链",
        "placeholder": p.placeholder,
        "reason": own.text(reason, True),
        "papers": [x.ref for x in s.papers],
        "lines_rewritten": len(changes),
        "first_line": first_id,
        "last_line": changes[-1][0] if changes else None,
        "resealed_to": last[0] if last and changes else None,
        "old_chain_of_last_line": last[1].hex() if last and last[1] is not None else None,
        "day": clock.today().isoformat(),
    })
    erase_line = audit_chain.last_id(conn)
    return Erased(p.placeholder, len(changes), first_id, changes[-1][0] if changes else None,
                  erase_line, None, "", [], cleared=kinds)


def _scrub_row(conn: sqlite3.Connection, table: str, row_id: int, scrub: _Scrub) -> None:
    cols = [c for t, c in _text_columns(conn) if t == table]
    row = conn.execute(f"SELECT {', '.join(cols)} FROM {table} WHERE id = ?", (row_id,)).fetchone()
    new = {c: (scrub.json_text(v, True) if isinstance(v, str) else v)
           for c, v in zip(cols, row, strict=True)}
    changed = {c: v for c, v in new.items() if v != row[cols.index(c)]}
    if changed:
        conn.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in changed)} WHERE id = ?",
                     (*changed.values(), row_id))


def _scrub_history(conn: sqlite3.Connection, stream: str, app_id: int, scrub: _Scrub) -> None:
    for hid, why in conn.execute("SELECT id, reason FROM status_history WHERE stream = ? AND"
                                 " application_id = ?", (stream, app_id)).fetchall():
        new = scrub.text(why or "", True)
        if new != (why or ""):
            conn.execute("UPDATE status_history SET reason = ? WHERE id = ?", (new, hid))


def compact(reg: Register) -> str:
    """The file rewritten so no free page keeps deleted bytes (VACUUM, with secure_delete
    on), and the -wal folded in and truncated; "" done, else why not (in Chinese)."""
    conn = reg.conn
    try:
        conn.execute("VACUUM")
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error as exc:
        return f"登记册文件未能整理（{exc}），已删除的字节可能仍留在文件的空闲页中；请稍后关闭其他窗口后重试"
    if busy and busy[0]:
        # (VACUUM done: its pages wait in the -wal until the reader lets them into the file)
        return ("登记册文件正被另一个窗口（或程序）读取，整理未能完成，已删除的号码暂时仍留在登记册"
                "文件中：请关闭读取它的其他窗口，最后一个窗口关闭时文件即整理完毕")
    return ""


# --- what is left elsewhere ----------------------------------------------------------------

def leftovers(reg: Register, s: Subject, made: str | None) -> list[str]:
    """What still holds his data outside the register, said plainly: backups (rotating,
    and when), the never-rotated ones, the year archives (by folder)."""
    from boostdesk.printing.print_log import ARCHIVE_ACTION
    from boostdesk.safety.backup import (
        KEEP_DAYS,
        KEEP_MONTHS,
        NEVER_ROTATED,
        REASONS,
        backup_dir,
        backup_keep,
        list_backups,
    )

    out: list[str] = []
    if reg.path is None:
        return out
    try:
        backups = list_backups(reg.path)
    except Exception:  # noqa: BLE001 - a folder not readable: said generally below
        backups = []
    folder = backup_dir(reg.path).absolute()  # (a relative --db: "r1/backups" said nothing)
    rotating = [b for b in backups if b.reason not in NEVER_ROTATED]
    fixed = [b for b in backups if b.reason in NEVER_ROTATED]
    out.append(f"此前的备份仍含其个人信息（{folder} 中 {len(rotating)} 份自动轮换的备份"
               + (f"，含删除前刚做的 {made}" if made else "") + "）：它们按备份设置轮换删除——"
               f"每份在其后又有 {backup_keep(reg.path)} 份备份时不再作为“最近的”保留，但各日最新的一份"
               f"保留到其后又有 {KEEP_DAYS} 个有备份的日子，各月最新的一份保留到其后又有 "
               f"{KEEP_MONTHS} 个有备份的月份，即最长约一年后才全部轮换掉；急需时可在文件管理器中打开"
               f"备份文件夹 {folder}，手动删去其中做于本次删除之前的备份（删除前刚做的那份"
               "也含其个人信息，确认无需撤销本次删除后再删）")
    if fixed:
        out.append("以下备份永不自动轮换（"
                   + "、".join(REASONS[k] for k in sorted(NEVER_ROTATED))
                   + "），仍含其个人信息，须手动删除或妥善保管：" + "、".join(b.path.name for b in fixed))
    years = {p.year for p in s.papers if p.year}
    archives = []
    for data in [_json(after) or {} for (after,) in reg.conn.execute(
            "SELECT after FROM audit_events WHERE action = ?", (ARCHIVE_ACTION,))] + [
            e["after"] for e in pending_copies(reg.path) if e["action"] == ARCHIVE_ACTION]:
        if not years or data.get("year") in years:
            archives.append(f"{data.get('year')} 年度：{data.get('to')}")
    if archives:
        out.append("此前导出的年度归档（含其中的登记册备份和汇总表）仍含其个人信息，须手动删除或"
                   "重新导出：" + "；".join(archives))
    out += _copies_out(reg, s)
    drafts = [d.name for d in sorted(reg.path.parent.glob(reg.path.name + ".draft-*.json"))
              if _holds(d, s)]
    if drafts:
        out.append("录入窗口未保存的草稿含其个人信息（在登记册所在文件夹），请在录入窗口中放弃"
                   "或手动删除：" + "、".join(drafts))
    out.append("此外，此前导出或打印的表格、核对意见、评审材料等文件不在登记册中，须另行清理")
    return out


def _copies_out(reg: Register, s: Subject) -> list[str]:
    """The copies the trail records leaving the register since his data came in, with their
    day and path: ``backup --out`` (备份到文件: everyone's data), and the prints and exports
    of documents naming his papers (finance's copy, 财务联, with his numbers whole)."""
    from boostdesk.printing.print_log import ACTION as PRINT_ACTION
    from boostdesk.printing.print_log import UNMASKED, sheet_key

    firsts = [reg.scalar("SELECT MIN(id) FROM audit_events WHERE entity = ? AND entity_id = ?",
                         (entity, entity_id)) for entity, entity_id in _about_him(s)]
    since = min((int(f) for f in firsts if f is not None), default=0)
    keys = {sheet_key(p.stream, p.id) for p in s.papers}
    refs = {p.ref for p in s.papers}
    years = {p.year for p in s.papers if p.year}
    backups, prints = [], []
    for at, action, after in reg.conn.execute(
            "SELECT at, action, after FROM audit_events WHERE id > ? AND action IN (?, ?, ?)"
            " ORDER BY id", (since, "backup_out", PRINT_ACTION, UNMASKED)):
        data = _json(after) or {}
        if not isinstance(data, dict) or not data.get("to"):
            continue
        day = str(at)[:10]
        if action == "backup_out":
            backups.append(f"{day} {data['to']}")
            continue
        named = set(map(str, data.get("keys") or ())) & keys or \
            set(map(str, data.get("papers") or ())) & refs
        whole_year = not data.get("keys") and not data.get("papers") and data.get("year") in years
        if named or (whole_year and action == UNMASKED):
            prints.append(f"{day} {data.get('document') or ''}（{data.get('copy') or '财务联'}）"
                          f"{data['to']}")
    if reg.path is not None:  # noted beside the register, not folded into the trail yet
        backups += [f"{str(e.get('at'))[:10]} {e['after']['to']}" for e in pending_copies(reg.path)
                    if e["action"] == "backup_out" and e["after"].get("to")]
    out = []
    if backups:
        out.append("此前用“备份到文件”（backup --out）保存的登记册副本仍含其个人信息，须手动删除或"
                   "妥善保管：" + "；".join(backups))
    if prints:
        out.append("修改记录所记此前打印或导出的含其申报的文件（财务联含完整号码），须另行清理："
                   + "；".join(prints))
    return out


def _holds(path: Path, s: Subject) -> bool:
    """Does a file (a form's draft: JSON text) hold one of his numbers?"""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    pattern = _number_pattern(s.numbers)
    return bool(pattern is not None and pattern.search(_read(text)))


def result_lines(done: Erased) -> list[str]:
    """What the command line and the window say once done."""
    cleared = "、".join(done.cleared)
    out = [f"已删除个人信息：姓名改为“{done.placeholder}”"
           + (f"，{cleared}已清除" if cleared else "")]
    out += [f"注意：{x}" for x in done.kept]
    if done.lines_rewritten:
        out.append(f"修改记录中 {done.lines_rewritten} 行已改写，第 {done.first_line} 行起的校验链已"
                   f"重新计算，说明记在第 {done.erase_line} 行")
    else:
        out.append(f"修改记录中没有含其个人信息的行；说明记在第 {done.erase_line} 行")
    if done.backup:
        out.append(f"删除前的备份：{done.backup}")
    if done.vacuumed:
        out.append(f"注意：{done.vacuumed}")
    else:
        out.append("登记册文件已整理，旧字节不再留在文件中")
    out += [f"注意：{x}" for x in done.leftovers]
    return out


def quick_refusal(reg: Register, person_id: int, today: date | None = None) -> str:
    """Why the person may not be erased, from his papers alone (the chain and the trail are
    read only when asked in full, :func:`plan`): "" none found. For 人员's button as a
    person is chosen: a few index look-ups."""
    try:
        s = find(reg, f"人员{person_id}")
    except EraseRefused as exc:
        return str(exc)
    found = refusals(reg, s, today)
    return found[0] + (f"（另有 {len(found) - 1} 条原因）" if len(found) > 1 else "") if found else ""


def erased_paper(reg: Register, stream: str, app_id: int) -> str:
    """The day the paper's applicant (or contact) was erased, "" if never: the
    ``erase_person`` line listing the paper (his row's lines, a contact's the
    register's: an index look-up or two). Such a paper stays in its final status."""
    ref = id_ref(stream, app_id)
    rows: list[dict[str, Any]] = []
    if stream == PATENT:
        person = reg.scalar("SELECT person_id FROM patent_applications WHERE id = ?", (app_id,))
        if person is not None:
            rows = reg.query("SELECT at, after FROM audit_events WHERE entity = 'people' AND"
                             " entity_id = ? AND action = ?", (person, ERASE_ACTION))
    rows += reg.query("SELECT at, after FROM audit_events WHERE entity = 'register' AND"
                      " entity_id IS NULL AND action = ?", (ERASE_ACTION,))
    for r in rows:
        data = _json(r["after"])
        if isinstance(data, dict) and ref in (data.get("papers") or []):
            return str(data.get("day") or str(r["at"])[:10])
    return ""


def erased_refusal(reg: Register, stream: str, app_id: int) -> str:
    """Why an erased person's paper may not change status (恢复申报, 撤销撤回, any move), or ""."""
    day = erased_paper(reg, stream, app_id)
    if not day:
        return ""
    return (f"{id_ref(stream, app_id)}的申报人个人信息已于 {day} 按保存期限删除（删除个人信息），"
            "该申报不能再改变状态或恢复；如确需重新处理，请推荐单位重新申报")

