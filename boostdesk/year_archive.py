"""导出年度归档: every document of a year in one folder, for the archive (no Qt).

Each document is made by the function that prints or exports it anywhere else (the
summary tables, the 评审汇总表, each batch's 公示名单, the 审批表, each payer's 拨付清单 of
each tranche, the statistics, the trail; the 核对意见 as 存档副本), as PDF, and as the
workbook too where the document is a table. All the money that moved is in them: the
拨付清单 list a revoked award's transfers among the paid ones (marked 其后撤销助推, so each
list's 已拨付 is the payer's and the bank's), its 审批表 is kept (its 注 and footer say the
revocation), and a year with such an award has its 追回清单 (``printing.recoveries``). The names sort in the archive's order
(2022-01-专利汇总表.pdf …), and 2022-00-目录.txt / .pdf list each file with its pages,
SHA-256 and what it is; beside them 数据说明.md (what the register's tables mean) and
the register's backup of that moment (a zip, as in backups/).

All or nothing: written into a hidden folder beside the one asked for and renamed to it
once whole; a cancel or a failure leaves nothing. The official documents' copies say
存档副本 in their footers and are no first print (``printing.print_log``); the archive
is one line in the trail, with the 目录's SHA-256.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from boostdesk.errors import UserError
from boostdesk.models.register import Register
from boostdesk.os_errors import cannot_write
from boostdesk.safety.files import PRIVATE_DIR, PRIVATE_FILE

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
Said = Callable[[str], None]  # what is being written now (审批表 1,203/7,124 页)
# A part's weight per row, line or page of it, in tenths of a millisecond as timed at
# 100,000 papers (80,000 patents: the summary's PDF 25 s, its workbook 44 s before
# io.fast_rows, ≈ 17 s since; 1,000 审批表 pages 0.8 s; the year's 102,405 trail lines
# 42 s as PDF, ≈ 20 s as a workbook)
ROW, SUMMARY_PDF_ROW, APPROVAL_PAGE, PAYMENT_LINE, TRAIL_LINE, TRAIL_PDF_LINE = 2, 3, 8, 3, 2, 4
SMALL = 2_000  # a small file's weight (statistics, 评审汇总表, 公示名单, the 目录)
BACKUP_BYTES = 3_000  # the backup's weight: a unit per so many bytes of the register
INDEX = "目录"
SUMS = "SHA256SUMS.txt"  # the checksums alone, as sha256sum -c reads them (no other line)
DICTIONARY = "数据说明.md"
BACKUP_REASON = "archive"
CANCELLED = "已取消导出年度归档，未生成文件夹"
MASKED = "身份证号、卡号、电话部分隐去"


class ArchiveCancelled(UserError):
    """取消 pressed: nothing is left of the archive."""


class ArchiveError(UserError):
    """The archive cannot be made where asked (said in Chinese); nothing was written."""


@dataclass(frozen=True)
class Part:
    """One file of a document: its suffix and how it is written, ``write(path, progress)``
    (returns its pages, or None for a workbook; ``progress(done, total)`` as it goes, in
    ``unit``s, where the writer reports any). ``weight``: its share of the whole archive's
    progress, about its time (ROW …: the summary tables and the trail are most of a big
    year's archive; the bar counting files sat at 2/79 for 45 s, then ran)."""

    suffix: str
    write: Callable[[Path, Progress], int | None]
    weight: int = 1
    unit: str = ""


@dataclass(frozen=True)
class Document:
    stem: str  # 专利汇总表, 公示名单-第1批, 拨付清单-第1批-北京市总工会
    what: str  # what the 目录 says it is
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Entry:
    """One file of the archive as its 目录 lists it."""

    name: str  # relative to the archive folder (a letter: in its sub-folder)
    what: str
    pages: int | None
    sha256: str
    size: int


@dataclass
class Made:
    """The archive written: where, its files, the backup in it, whether the trail has it."""

    folder: Path
    year: int
    entries: list[Entry] = field(default_factory=list)
    backup: str = ""
    letters: int = 0
    index_sha256: str = ""
    recorded: bool = False
    unrecorded: str = ""  # not recorded: where the copy is noted instead (copies_aside)
    chain: str = ""  # what the check of the trail's chain found (models.audit_chain)
    chain_whole: bool = True  # ... whole, or a register before the chain (said, not warned)
    absent: dict[str, str] = field(default_factory=dict)  # an official document the year has none of: why

    @property
    def pages(self) -> int:
        return sum(e.pages or 0 for e in self.entries)


def default_folder(parent: Path, year: int, today: date | None = None) -> Path:
    """The folder the window proposes in the one chosen: 2022年度归档-20261205 (-2 …)."""
    stem = f"{year}年度归档-{(today or date.today()).strftime('%Y%m%d')}"
    out, n = parent / stem, 1
    while out.exists():
        n += 1
        out = parent / f"{stem}-{n}"
    return out


def check_out(out: Path) -> None:
    """The folder asked for is new (or empty), its parent there: else nothing is begun."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ArchiveError(f"{out} 已存在且不是空文件夹：年度归档请写入一个新文件夹（如 "
                           f"{out.name}-2），已有的文件不会被覆盖或混在一起")
    if not out.absolute().parent.is_dir():
        raise ArchiveError(f"无法写入 {out}：文件夹 {out.absolute().parent} 不存在（U 盘或网络盘"
                           "是否已接好？）；年度归档未生成")


def make_archive(reg: Register, year: int, out: str | Path, *, operator: str = "",
                 federation: str | None = None, seal_path: str | None = None,
                 progress: Progress | None = None,
                 cancelled: Cancelled | None = None, said: Said | None = None) -> Made:
    """Write ``year``'s archive into the new folder ``out`` (see the module); returns what
    was written. ``seal_path``: the seal the 审批表 are stamped with (None: the specimen),
    as the caller checked it (seal_choice). ``progress(done, total)`` is weighted by each
    file's work (:class:`Part`) and moves within a big file; ``said(what)`` names
    the file being written (the command's progress line)."""
    out = Path(out)
    check_out(out)
    from boostdesk.finance.payment_plan import catch_up

    reg.campaign_id(year)  # a year the register has not: refused (RegisterError)
    if not getattr(reg, "read_only", False):
        catch_up(reg, year)  # the payment lines in line with the awards, as 拨付 reads them
    work = out.absolute().parent / f".{out.name}.part-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    made = Made(out, year)
    try:
        work.mkdir(mode=PRIVATE_DIR)  # (the umask may take bits away, never add them)
        _write_all(reg, year, work, made, operator, federation, seal_path, progress, cancelled,
                   said)
        if cancelled is not None and cancelled():
            raise ArchiveCancelled(CANCELLED)
        if out.exists():
            out.rmdir()  # empty (check_out): the archive takes its name
        work.rename(out)
    except BaseException as exc:
        shutil.rmtree(work, ignore_errors=True)
        if isinstance(exc, OSError):
            raise ArchiveError(cannot_write(out, exc) + "；年度归档未生成") from exc
        raise
    made.recorded = record(reg, made)
    return made


def _write_all(reg: Register, year: int, work: Path, made: Made, operator: str,
               federation: str | None, seal_path: str | None, progress: Progress | None,
               cancelled: Cancelled | None, said: Said | None = None) -> None:
    documents = plan(reg, year, federation=federation, seal_path=seal_path,
                     operator=operator, cancelled=cancelled)
    letters = _letters(reg, year)
    made.absent = absent(reg, year, documents)
    numbered = [*documents, *([None] if letters.notices else [])]
    # dictionary, 目录 and the letters: a small file's weight each
    backup_weight = SMALL + _size(reg) // BACKUP_BYTES
    total = (sum(sum(p.weight for p in d.parts) if d else SMALL for d in numbered)
             + backup_weight + 2 * SMALL)
    done = 0

    def step(weight: int = SMALL) -> None:
        nonlocal done
        done += weight
        if progress is not None:
            progress(done, total)
        if cancelled is not None and cancelled():
            raise ArchiveCancelled(CANCELLED)

    def within(name: str, part: Part) -> Progress:
        """The part's own progress as a share of its weight in the whole."""
        def moved(inner: int, of: int) -> None:
            if said is not None:
                said(f"{name} {inner:,}/{of:,}{part.unit}" if of > 0 else name)
            if progress is not None and of > 0:
                progress(done + part.weight * min(inner, of) // of, total)
        return moved

    def saying(what: str) -> None:
        if said is not None:
            said(what)

    # the register as it is now, first: every document below is made from this moment
    saying("登记册备份")
    backup = _backup(reg, cancelled)
    step(backup_weight)
    width = 2
    for number, doc in enumerate(numbered, start=1):
        prefix = f"{year}-{number:0{width}d}-"
        if doc is None:  # the letters sent, as 存档副本 in a folder of their own
            folder = work / f"{prefix}核对意见（存档副本）"
            folder.mkdir(mode=PRIVATE_DIR)
            from boostdesk.io.findings_notice import write_notices

            saying("核对意见存档副本")
            written = write_notices(letters, folder, cancelled=cancelled)
            made.letters = len(written)
            for w in written:
                made.entries.append(_entry(w.path, work, f"核对意见存档副本：{w.union}（原件"
                                           f"{_letter_day(letters, w.union)}发出，核对日期为原件的）"))
            step()
            continue
        for part in doc.parts:
            path = work / f"{prefix}{doc.stem}{part.suffix}"
            saying(f"{doc.stem}{part.suffix}")
            pages = part.write(path, within(f"{doc.stem}{part.suffix}", part))
            made.entries.append(_entry(path, work, doc.what, pages))
            step(part.weight)
    tail = len(numbered) + 1
    dictionary = work / f"{year}-{tail:0{width}d}-{DICTIONARY}"
    from boostdesk.models.audit_chain import verify
    from boostdesk.models.data_dictionary import text

    saying(DICTIONARY)
    report = verify(reg.conn)  # the trail as the archive found it
    made.chain, made.chain_whole = report.said(), report.whole or not report.present
    dictionary.write_text(text(reg.conn, chain=("" if made.chain_whole else "警告：") + made.chain),
                          encoding="utf-8")
    made.entries.append(_entry(dictionary, work, "数据说明：登记册（SQLite 数据库）每张表、每一列的"
                               "含义，代码取值，金额单位为分，拨付历史所在，修改记录的操作代码和防篡改校验结果"))
    step()
    kept = work / f"{year}-{tail + 1:0{width}d}-登记册备份-{backup.name}"
    from boostdesk.safety.files import create_private

    create_private(kept)  # whole ID and card numbers: the owner's alone, as in backups/
    shutil.copyfile(backup, kept)
    made.backup = kept.name
    saying(f"{INDEX}（各文件的 SHA-256）")
    made.entries.append(_entry(kept, work, "登记册备份（生成归档时的整个登记册：全部年度的申报、人员和"
                               "修改记录，不只本年度；zip 内为 SQLite 数据库和数据说明；含完整身份证号、"
                               "卡号，请妥善保管；可在“从备份恢复…→从其他位置选择…”中打开）"))
    step()
    # The checksums in a file of their own: within the 目录 sha256sum -c warned of every
    # other line (WARNING: 81 lines are improperly formatted). LF, no BOM: its format.
    (work / f"{year}-00-{SUMS}").write_bytes(
        "".join(f"{e.sha256}  {e.name}\n" for e in made.entries).encode("utf-8"))
    index_txt = work / f"{year}-00-{INDEX}.txt"
    index_txt.write_text(index_text(reg, made, operator), encoding="utf-8-sig", newline="\r\n")
    made.index_sha256 = _sha256(index_txt)
    _index_pdf(work / f"{year}-00-{INDEX}.pdf", reg, made, operator)
    # One mode for every file and folder: the owner's alone, as every other copy the
    # program writes (0600 files, 0700 folders). The archive holds names, masked IDs and
    # cards, amounts, and the backup's whole numbers; the archive room copies it as it
    # copies any file (until stop 40 its files were 0644 "as any copy", but no copy is).
    _private(work)


def _private(work: Path) -> None:
    """Every file in ``work`` 0600, every folder 0700 (POSIX; Windows: the profile's ACL)."""
    from boostdesk.safety.files import posix

    if not posix():
        return
    work.chmod(PRIVATE_DIR)
    for path in work.rglob("*"):
        path.chmod(PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)


def plan(reg: Register, year: int, *, federation: str | None = None,
         seal_path: str | None = None, operator: str = "",
         cancelled: Cancelled | None = None) -> list[Document]:
    """The year's documents in the archive's order, each as the program makes it anywhere
    else; those the year has none of (no panel, no publicity, no approved paper, no
    payment) left out."""
    from boostdesk.io.export_summary import build_summary, write_summary_xlsx
    from boostdesk.io.headers import TABLE_BY_STREAM
    from boostdesk.printing.summary import write_summary_pdf

    campaign = reg.campaign(year)
    docs: list[Document] = []
    summaries = []
    for stream, stem in (("patent", "专利汇总表"), ("project", "创新项目汇总表")):
        summary = build_summary(reg, stream, year)
        summaries.append(summary)

        def pdf(path: Path, progress: Progress, summary: Any = summary) -> int:
            return write_summary_pdf(path, summary, progress=progress, cancelled=cancelled)

        def xlsx(path: Path, progress: Progress, summary: Any = summary) -> None:
            write_summary_xlsx(path, summary, progress, cancelled)

        rows = len(summary.rows)
        docs.append(Document(stem, f"{TABLE_BY_STREAM[stream].named(campaign)}：{year} 年度全部 "
                                   f"{len(summary.rows)} 项申报及核对结论、核准金额；{MASKED}；"
                                   "xlsx 为同一张表（可再导入）",
                              (Part(".pdf", pdf, SMALL + rows * SUMMARY_PDF_ROW, " 页"),
                               Part(".xlsx", xlsx, SMALL + rows * ROW, " 行"))))
    docs += _panel(reg, year, operator)
    docs += _publicity(reg, year)
    docs += _approval(reg, year, federation, seal_path, cancelled)
    docs += _payments(reg, year, federation, cancelled)
    docs += _recoveries(reg, year, federation, cancelled)
    docs += _statistics(reg, year, cancelled)
    papers = sum(len(s.rows) for s in summaries)
    docs += _trail(reg, year, operator, cancelled, papers)
    return docs


def _none(_written: Any) -> None:
    return None


def _panel(reg: Register, year: int, operator: str) -> list[Document]:
    from boostdesk.io.export_panel_summary import write_panel_summary_xlsx
    from boostdesk.panel.score_summary import panel_summary
    from boostdesk.printing.panel_summary import write_panel_summary_pdf

    summary = panel_summary(reg, year, operator)
    if not summary.experts and not summary.rows:
        return []
    return [Document("评审汇总表", f"创新项目专家评审汇总表：{len(summary.rows)} 个项目、"
                                   f"{len(summary.experts)} 位专家的评分、得分、排名和档次，回避登记，"
                                   "评分包交回；xlsx 各分数为数值", (
        Part(".pdf", lambda p, _: write_panel_summary_pdf(p, summary), SMALL),
        Part(".xlsx", lambda p, _: _none(write_panel_summary_xlsx(p, summary)), SMALL)))]


def _publicity(reg: Register, year: int) -> list[Document]:
    from boostdesk.panel.publicity import periods
    from boostdesk.panel.publicity_docs import publicity_list, write_publicity_pdf
    from boostdesk.printing import print_log

    docs = []
    for p in periods(reg, year):
        doc = publicity_list(reg, year, p.id)
        key = print_log.publicity_key(doc)
        mark = print_log.marks(reg, [key], archive=True)[key]
        stem = f"公示名单-第{p.batch}批" + ("-更正" if doc.posted else "")
        what = (f"拟助推创新项目公示名单第 {p.batch} 批（{p.label}，{len(doc.posted or doc.rows)} 项）"
                + ("，经更正（不予助推的已注明）" if doc.posted else ""))

        def pdf(path: Path, _: Progress, pid: int = p.id, mark: str = mark) -> int:
            return write_publicity_pdf(reg, year, path, period_id=pid, mark=mark)

        docs.append(Document(stem, what, (Part(".pdf", pdf, SMALL),)))
    return docs


def _approval(reg: Register, year: int, federation: str | None, seal_path: str | None,
              cancelled: Cancelled | None) -> list[Document]:
    from boostdesk.printing import print_log
    from boostdesk.printing.approval import load_sheets, write_approval_pdf
    from boostdesk.printing.seal import Seal, load_seal_image

    # the revoked awards' too: the sheet their money was paid on, its 注 the revocation
    sheets = load_sheets(reg, year, federation=federation, revoked=True)
    if not sheets:
        return []
    seal = Seal(sheets[0].federation, load_seal_image(seal_path)) if seal_path else None
    keys = {print_log.sheet_key(s.stream, s.app.id or 0): s for s in sheets}
    marks = {k: mark + ("　本项助推已撤销（见注）" if keys[k].revoked else "")
             for k, mark in print_log.marks(reg, list(keys), archive=True).items()}
    said = "印章为本单位印章扫描件" if seal else "印章为样章（登记册未选定印章图片）"
    revoked = sum(1 for s in sheets if s.revoked)
    among = (f"，其中 {revoked} 项其后撤销助推（款已拨付，应追回：注中写明撤销决定和追回，页脚注明"
             "已撤销）" if revoked else "")
    return [Document("审批表", f"审批表：{year} 年度已核准的 {len(sheets)} 项申报{among}，每项一页"
                               f"（{said}；{MASKED}；页脚注明存档副本及首次打印日期）",
                     (Part(".pdf", lambda p, progress: (
        write_approval_pdf(p, sheets, seal, marks=marks, progress=progress, cancelled=cancelled)),
        SMALL + len(sheets) * APPROVAL_PAGE, " 页"),))]


def _payments(reg: Register, year: int, federation: str | None,
              cancelled: Cancelled | None) -> list[Document]:
    from boostdesk.printing import print_log
    from boostdesk.printing.payments import build_payment_lists, write_payments_pdf

    docs = []
    for tranche in (1, 2):
        for pl in build_payment_lists(reg, year, tranche, unpaid_only=False,
                                      federation=federation, revoked_listed=True):
            key = print_log.list_key(pl)
            marks = print_log.marks(reg, [key], archive=True)
            safe = "".join("_" if ch in '\\/:*?"<>|' else ch for ch in pl.payer_name)
            revoked = (f"，其中其后撤销助推 {len(pl.revoked_later)} 笔（备注注明应追回、已追回，"
                       "追回见追回清单）" if pl.revoked_later else "")
            what = (f"拨付清单第 {tranche} 批（{pl.tranche_text}），付款单位{pl.payer_name}："
                    f"{len(pl.lines)} 笔，已拨付的注明拨付日期和凭证号{revoked}；{MASKED}")

            def pdf(path: Path, progress: Progress, pl: Any = pl,
                    marks: dict[str, str] = marks) -> int:
                return write_payments_pdf(path, [pl], marks=marks, progress=progress,
                                          cancelled=cancelled)

            docs.append(Document(f"拨付清单-第{tranche}批-{safe}", what, (
                Part(".pdf", pdf, SMALL + len(pl.lines) * PAYMENT_LINE),)))
    return docs


def _recoveries(reg: Register, year: int, federation: str | None,
                cancelled: Cancelled | None) -> list[Document]:
    """The 追回清单 of a year with an award revoked after payment: the money that left on
    it and each sum come back, by payer (the 拨付清单 list what left, marked)."""
    from boostdesk.printing import print_log
    from boostdesk.printing.recoveries import (
        build_recoveries,
        what,
        write_recoveries_pdf,
        write_recoveries_xlsx,
    )

    lists = build_recoveries(reg, year, federation=federation)
    if not lists:
        return []
    title = reg.campaign(year).title

    def xlsx(path: Path, _: Progress) -> None:
        write_recoveries_xlsx(path, lists, year, title, cancelled=cancelled)

    return [Document("追回清单", f"撤销助推款项追回清单：{what(lists)}；每项的原拨付（日期、凭证、"
                                 "金额）、撤销决定、逐笔追回（日期、凭证、金额）和尚欠；xlsx 为同一张表",
                     (Part(".pdf", lambda p, _: write_recoveries_pdf(
                         p, lists, year, title, mark=print_log.ARCHIVE_COPY,
                         cancelled=cancelled), SMALL),
                      Part(".xlsx", xlsx, SMALL)))]


def _statistics(reg: Register, year: int, cancelled: Cancelled | None) -> list[Document]:
    from boostdesk.io.export_statistics import write_statistics_xlsx
    from boostdesk.printing.statistics import write_statistics_pdf
    from boostdesk.statistics import year_statistics

    stats = year_statistics(reg, year)
    return [Document("年度统计", f"{year} 年度统计：按推荐工会的申报、审核、核准、分担、拨付，档次和"
                                 "工作室级别，资格审核不通过的条款；xlsx 含全部列", (
        Part(".pdf", lambda p, _: write_statistics_pdf(p, stats), SMALL),
        Part(".xlsx", lambda p, _: _none(write_statistics_xlsx(p, stats, cancelled)), SMALL)))]


def _trail(reg: Register, year: int, operator: str, cancelled: Cancelled | None,
           count: int) -> list[Document]:
    """The year's trail; ``count``: about how many lines (its papers', as a first guess at
    its weight: the lines are counted only as they are read)."""
    from boostdesk import audit_log, audit_picks
    from boostdesk.printing.plain_table import trail_cols, write_table_pdf

    choice = audit_picks.Choice(audit_picks.Whose(year=year))
    note = audit_log.export_note(reg.path or "", operator)

    def xlsx(path: Path, progress: Progress) -> None:
        title, count, lines = choice.trail(reg, cancelled)
        audit_log.write_xlsx(lines, path, title, cancelled, note=note, progress=progress,
                             count=count)

    def pdf(path: Path, progress: Progress) -> int:
        title, count, lines = choice.trail(reg, cancelled)
        rows = ([str(n), x.at, x.operator, str(x.year or ""), x.subject, x.action, x.details,
                 x.computer] for n, x in enumerate(lines, start=1))
        return write_table_pdf(path, title, note, trail_cols(), counted(rows, count, progress),
                               cancelled=cancelled)


    return [Document("修改记录", f"修改记录：{year} 年度的每一次录入、修改、状态变更、评审、公示、拨付、"
                                 "打印正式文件（谁、何时、从什么改成什么）；xlsx 可筛选",
                     (Part(".pdf", pdf, SMALL + count * TRAIL_PDF_LINE, " 条"),
                      Part(".xlsx", xlsx, SMALL + count * TRAIL_LINE, " 条")))]


def counted(rows: Iterator[list[str]], count: int, progress: Progress,
            every: int = 1000) -> Iterator[list[str]]:
    """``rows`` as they are read, ``progress(read, count)`` every ``every``."""
    for n, row in enumerate(rows, start=1):
        if n % every == 0:
            progress(n, max(n, count))
        yield row


def _letters(reg: Register, year: int) -> Any:
    from boostdesk.io.findings_notice import gather_copies

    return gather_copies(reg, year)


def _letter_day(letters: Any, union: str) -> str:
    notice = next((n for n in letters.notices if n.union == union), None)
    day = notice.copy_of if notice is not None else None
    return f" {day.isoformat()} " if day else ""


def _size(reg: Register) -> int:
    try:
        return Path(reg.path).stat().st_size if reg.path else 0
    except OSError:
        return 0


def _backup(reg: Register, cancelled: Cancelled | None) -> Path:
    """The register's backup of this moment, made as every backup (into backups/, a zip
    with 数据说明.md), to be copied into the archive."""
    from boostdesk.safety.backup import backup_register

    if not reg.path:
        raise ArchiveError("登记册不是一个文件（内存中的登记册），无法备份，年度归档未生成")
    return backup_register(reg.path, BACKUP_REASON, cancelled=cancelled).path


def _entry(path: Path, root: Path, what: str, pages: int | None = None) -> Entry:
    return Entry(path.relative_to(root).as_posix(), what, pages, _sha256(path),
                 path.stat().st_size)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


# -- the 目录 -------------------------------------------------------------------------
def heading(reg: Register, made: Made, operator: str) -> list[str]:
    """What the 目录 says of the archive before its files."""
    from boostdesk import __version__
    from boostdesk.models import clock

    campaign = reg.campaign(made.year)
    version = reg.scalar("PRAGMA user_version")
    at = clock.now()[:16].replace("T", " ")
    return [
        f"{campaign.title} 年度归档",
        f"年度：{made.year}",
        f"生成：{at}；操作人：{operator or '（未填）'}；电脑：{getattr(reg, 'computer', '') or ''}；"
        f"BoostDesk {__version__}；登记册格式 {version}",
        f"登记册：{Path(reg.path).resolve() if reg.path else ''}",
        f"共 {len(made.entries)} 个文件（不含本目录），PDF 共 {made.pages} 页。",
        f"各文件中{MASKED}；完整号码只在登记册备份中（{made.backup}），请妥善保管。",
        *([("" if made.chain_whole else "警告：")
           + made.chain.replace("校验：", "校验（生成归档时核对）：", 1)] if made.chain else []),
        *copies_said(made.absent),
        "SHA-256 为文件内容的指纹：在 Windows 中可用 certutil -hashfile 文件名 SHA256 核对，"
        "其他系统用 sha256sum；本目录的 SHA-256 记在登记册的修改记录中（导出年度归档）。",
    ]


OFFICIAL = ("审批表", "拨付清单", "公示名单")  # the documents whose copies say 存档副本


def absent(reg: Register, year: int, documents: list[Document]) -> dict[str, str]:
    """Each official document the year has none of, and why (a year whose awards are all
    held has no 拨付清单: its 目录 said they were 存档副本 without a word of their absence)."""
    stems = [d.stem for d in documents]
    has = {name: any(s == name or s.startswith(f"{name}-") for s in stems) for name in OFFICIAL}
    why: dict[str, str] = {}
    if not has["审批表"]:
        why["审批表"] = "本年度没有核准助推的申报"
    if not has["拨付清单"]:
        held = _held(reg, year) if has["审批表"] else 0
        why["拨付清单"] = (why.get("审批表") or (
            f"核准的助推均暂缓拨付（{held} 项，核准后经核对不合格或排名变化，待研究决定），"
            "没有应拨付的款项" if held else "本年度没有应拨付的款项"))
    if not has["公示名单"]:
        why["公示名单"] = "登记册中没有本年度创新项目的公示批次（未在本程序中公示）"
    return why


def _held(reg: Register, year: int) -> int:
    from boostdesk.award_holds import holds

    return len(holds(reg, year))


def copies_said(missing: dict[str, str]) -> list[str]:
    """The 目录's word on the official documents: those present are 存档副本; those absent
    named, each with why."""
    present = [name for name in OFFICIAL if name not in missing]
    lines = []
    if present:
        lines.append(f"{'、'.join(present)}为存档副本（页脚注明，并注明首次打印的日期），"
                     "不是签字盖章的原件。")
    if missing:
        lines.append("本归档没有" + "；没有".join(f"{name}：{why}" for name, why in missing.items())
                     + "。")
    return lines


# What a file without pages is, by its suffix (the 目录's 页数 column).
_NO_PAGES = {".xlsx": "表格", ".md": "文字", ".txt": "文字", ".zip": "压缩包"}


def no_pages(name: str) -> str:
    """表格, 文字 or 压缩包: what the 目录 says in place of a file's pages."""
    return _NO_PAGES.get(Path(name).suffix.lower(), "非 PDF")


def _pages_said(e: Entry) -> str:
    return str(e.pages) if e.pages is not None else f"—（{no_pages(e.name)}）"


def index_text(reg: Register, made: Made, operator: str) -> str:
    lines = [*heading(reg, made, operator), ""]
    for n, e in enumerate(made.entries, start=1):
        lines += [f"{n}. {e.name}",
                  f"   内容：{e.what}",
                  f"   页数：{_pages_said(e)}；大小：{e.size:,} 字节",
                  f"   SHA-256：{e.sha256}", ""]
    lines += [f"校验和（sha256sum -c 的格式）另见 {made.year}-00-{SUMS}：在本文件夹中运行 "
              f"sha256sum -c {made.year}-00-{SUMS} 核对全部文件。", ""]
    return "\n".join(lines)


def _index_pdf(path: Path, reg: Register, made: Made, operator: str) -> None:
    from boostdesk.printing.common import Col
    from boostdesk.printing.plain_table import write_table_pdf

    head = heading(reg, made, operator)
    cols = [Col("序号", 10, "center"), Col("文件", 62), Col("内容", 90), Col("页数", 14, "center"),
            Col("SHA-256", 91)]
    rows = [[str(n), e.name, e.what, _pages_said(e), e.sha256]
            for n, e in enumerate(made.entries, start=1)]
    rows.append(["", f"{made.year}-00-{INDEX}.txt", "本目录的文字版（其 SHA-256 记在修改记录中）",
                 "—", made.index_sha256])
    note = "；".join([*head[1:4], *([made.chain] if made.chain else [])])
    write_table_pdf(path, f"{head[0]}：目录", note, cols, rows, size=7)


def record(reg: Register, made: Made) -> bool:
    """The archive's line in the trail: where, how many files and pages, the 目录's
    SHA-256 (which names every file's), the backup; False when the register is read-only."""
    from boostdesk.printing.print_log import ARCHIVE_ACTION, ENTITY

    line = {"year": made.year, "to": str(made.folder.resolve()), "files": len(made.entries),
            "pages": made.pages, "index_sha256": made.index_sha256, "backup": made.backup,
            "letters": made.letters,
            "entries": [[e.name, e.pages, e.sha256] for e in made.entries]}
    if getattr(reg, "read_only", False):
        if reg.path is not None:  # its backup holds everyone's data: 删除个人信息 names it
            from boostdesk.safety.copies_aside import note, unrecorded

            made.unrecorded = unrecorded(note(reg.path, ARCHIVE_ACTION, ENTITY, line,
                                              reg.operator), reg.path)
        return False
    with reg.transaction():
        reg.audit(ARCHIVE_ACTION, ENTITY, None, None, line)
    return True


def summary_lines(made: Made) -> list[str]:
    """What the command and the window say afterwards."""
    lines = [f"已导出 {made.year} 年度归档：{made.folder}",
             f"共 {len(made.entries)} 个文件，PDF {made.pages} 页；目录见 {made.year}-00-{INDEX}.txt"
             f"（SHA-256 {made.index_sha256[:16]}…）",
             f"登记册备份：{made.backup}"]
    if made.chain and not made.chain_whole:  # said where the office looks, not only filed
        lines.append("警告：" + made.chain)
    if made.letters:
        lines.append(f"核对意见存档副本 {made.letters} 份（核对日期为原件发出的日期）")
    if not made.recorded:
        lines.append("注意：登记册只读，本次归档（含登记册备份，有完整证件号码）未记入修改记录"
                     + (f"；{made.unrecorded}" if made.unrecorded else ""))
    return lines

