"""One printing job as data: which document, for which year, with which options.

The 打印 screen builds a :class:`PrintJob` from its options and runs it off the UI thread
(``run(reg, outdir, progress, cancelled)``); no Qt here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from boostdesk.models.campaign import Campaign
from boostdesk.models.records import id_ref
from boostdesk.models.register import Register

from . import print_log

if TYPE_CHECKING:
    from boostdesk.paid_in import Period

APPROVAL = "approval"
SUMMARY_PATENT = "summary-patent"
SUMMARY_PROJECT = "summary-project"
PAYMENTS = "payments"
PROGRESS = "progress"  # 办理进度告知单 of papers named
PROGRESS_UNION = "progress-union"  # of a recommending union's papers of the year
RECOVERIES = "recoveries"  # 追回清单: the year's revoked awards' money and its return
STATISTICS = "statistics"  # 年度统计: the handout `stats --out X.pdf` writes (总览 first)
DOCUMENTS = {
    APPROVAL: "审批表",
    SUMMARY_PATENT: "汇总表（专利）",
    SUMMARY_PROJECT: "汇总表（项目）",
    PAYMENTS: "拨付清单",
    PROGRESS: "办理进度告知单",
    # (not 办理进度告知单（推荐单位）, the letter's title: 打印's column at 18 pt is as
    # wide as 汇总表（附件2 专利）, and a longer name squeezed its other rows)
    PROGRESS_UNION: "推荐单位进度告知单",
    RECOVERIES: "追回清单",
    STATISTICS: "年度统计",
}
# masked to the last four digits, never finance's copy, no seal (printing.progress)
PLAIN_LETTERS = (PROGRESS, PROGRESS_UNION)
# no number to mask (names, refs, vouchers, amounts): one copy, no 财务联, no seal
ONE_COPY = (*PLAIN_LETTERS, RECOVERIES, STATISTICS)
# The summary tables by the attachment the year's plan numbers them (附件2, 附件4 in 2022's).
ATTACHMENT_OF = {SUMMARY_PATENT: "patent_summary", SUMMARY_PROJECT: "project_summary"}


def document_name(kind: str, campaign: Campaign) -> str:
    """A document as 打印 lists it: 汇总表（附件2 专利） with the year's attachment number."""
    if kind in ATTACHMENT_OF:
        stream = "专利" if kind == SUMMARY_PATENT else "项目"
        return f"汇总表（{campaign.attachment(ATTACHMENT_OF[kind])} {stream}）"
    return DOCUMENTS[kind]


HAS_XLSX = (SUMMARY_PATENT, SUMMARY_PROJECT, PAYMENTS, RECOVERIES, STATISTICS)
SHORT_NAMES = {SUMMARY_PATENT: "专利汇总表", SUMMARY_PROJECT: "项目汇总表"}
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')  # not in a Windows file name


class JobCancelled(Exception):
    """The operator cancelled the job; nothing was written."""


@dataclass(frozen=True)
class PrintJob:
    kind: str
    year: int
    refs: tuple[str, ...] = ()  # approval: these applications only
    tranche: int = 1  # payments; 0 (payments.ALL_TRANCHES): a period's list of every tranche
    payer: str | None = None  # payments: a payer's name, None for every payer
    unpaid_only: bool = True  # payments: a list for paying lists only what is still to pay
    approved_only: bool = False  # summaries
    unmasked: bool = False  # finance's copy
    seal_image: str | None = None  # approval: the office's scan
    federation: str | None = None  # 设置's name: for a campaign title naming no federation
    union: str = ""  # progress-union: the recommending union as typed
    # payments: the transfers sent in these days (print payments --paid-in): 本期拨付
    paid_in: Period | None = None
    # payments by paid day: every campaign year's transfers of those days (所有年度)
    all_years: bool = False

    @property
    def title(self) -> str:
        return DOCUMENTS[self.kind]

    def file_stem(self) -> str:
        """The file name offered: each document, payer and copy its own, so that saved side
        by side none overwrites another and finance's copy says what it is."""
        parts = [str(self.year), SHORT_NAMES.get(self.kind, self.title)]
        if self.kind == APPROVAL and self.refs:
            # named applications are found in any year: named by them, not the year in view
            parts = [self.title, *(r[:20] for r in self.refs[:3])] + (["等"] if len(self.refs) > 3 else [])
        if self.kind == PROGRESS and self.refs:
            parts = [self.title, *(r[:20] for r in self.refs[:3])]
        if self.kind == PROGRESS_UNION:
            parts.append(self.union.strip()[:30])
        if self.kind == PAYMENTS:
            parts.append(f"第{self.tranche}批" if self.tranche else "各批次")
            if self.payer:
                parts.append(self.payer)
            if self.paid_in is not None:
                parts.append(f"拨付{self.paid_in.label}")
                if self.all_years:  # not the year in view's alone
                    parts[0] = "各年度"
        if self.approved_only and self.kind in (SUMMARY_PATENT, SUMMARY_PROJECT):
            parts.append("核准")
        if self.unmasked and self.kind not in ONE_COPY:
            parts.append("财务联")
        return _UNSAFE.sub("_", "-".join(parts))

    def run(self, reg: Register, outdir: Path,
            progress: Callable[[int, int], None] | None = None,
            cancelled: Callable[[], bool] | None = None,
            notes: list[str] | None = None,
            official: list[print_log.PrintJob] | None = None) -> tuple[Path, int]:
        """Write the PDF into ``outdir``; returns (path, pages). ``notes`` takes what the
        office must be told about the document (an approval sheet's award counted a score
        a conflict of interest has since kept out); ``official``, an official document's
        print line to record once it leaves (printed, saved: ``print_log.record``), its
        papers printed before marked 补打 in their footers."""
        out = Path(outdir) / f"{self.file_stem()}.pdf"
        if self.kind == APPROVAL:
            from .approval import load_sheets, sheet_marks, write_approval_pdf
            from .seal import Seal, load_seal_image

            # Named applications are looked for in every year, as `print approval --ref`
            # does: an earlier year's sheet is reprinted with the newest year in view.
            sheets = load_sheets(reg, None if self.refs else self.year,
                                 list(self.refs) or None, federation=self.federation)
            if not sheets:
                from .approval import SheetError

                raise SheetError(f"{self.year} 年度还没有已核准的申报，无审批表可打印")
            if notes is not None:
                from boostdesk.models.records import PROJECT
                from boostdesk.panel.experts import award_conflict_notes

                notes.extend(award_conflict_notes(
                    reg, [s.app.id or 0 for s in sheets if s.stream == PROJECT]))
                from boostdesk.award_holds import refusal_notes

                notes.extend(refusal_notes(
                    reg, [(s.stream, s.app.id or 0, s.app.campaign_year) for s in sheets]))
            seal = (Seal(sheets[0].federation, load_seal_image(self.seal_image))
                    if self.seal_image else None)
            keys = [print_log.sheet_key(s.stream, s.app.id or 0) for s in sheets]
            marks, contents = sheet_marks(reg, sheets, unmasked=self.unmasked)
            pages = write_approval_pdf(out, sheets, seal, unmasked=self.unmasked,
                                       progress=progress, cancelled=cancelled, marks=marks)
            if cancelled and cancelled():
                raise JobCancelled("已取消打印，未生成文件")
            if official is not None:
                years = {s.app.campaign_year for s in sheets}
                official.append(print_log.PrintJob(
                    print_log.APPROVAL, years.pop() if len(years) == 1 else None, keys,
                    [id_ref(s.stream, s.app.id or 0) for s in sheets], pages,
                    unmasked=self.unmasked, reprinted=list(marks),
                    changed=print_log.changed_keys(marks), contents=contents))
            return out, pages
        if self.kind in PLAIN_LETTERS:
            return out, self._letters(reg, out, cancelled)
        if self.kind == RECOVERIES:
            from .recoveries import print_job, write_recoveries_pdf, year_recoveries

            owed = year_recoveries(reg, self.year, federation=self.federation)
            pages = write_recoveries_pdf(out, owed, self.year, reg.campaign(self.year).title,
                                         cancelled=cancelled)
            if cancelled and cancelled():
                raise JobCancelled("已取消打印，未生成文件")
            if official is not None:
                official.append(print_job(owed, self.year, pages))
            return out, pages
        if self.kind == STATISTICS:  # as `stats --out X.pdf` and 导出年度统计 write it
            from boostdesk.statistics import year_statistics

            from .statistics import write_statistics_pdf

            stats = year_statistics(reg, self.year)
            if cancelled and cancelled():
                raise JobCancelled("已取消打印，未生成文件")
            return out, write_statistics_pdf(out, stats)
        if self.kind == PAYMENTS:
            from .payments import write_payments_pdf

            lists = self.payment_lists(reg)
            marks = print_log.list_marks(reg, lists, unmasked=self.unmasked)
            pages = write_payments_pdf(out, lists, unmasked=self.unmasked,
                                       progress=progress, cancelled=cancelled, marks=marks)
            if notes is not None:  # as print payments says them: the void originals
                from .list_void import list_notices

                notes.extend(list_notices(reg, self.year, self.tranche, lists, marks,
                                          every_payer=not self.payer and self.paid_in is None,
                                          unmasked=self.unmasked))
            if official is not None:
                official.append(self.payments_job(lists, pages, marks))
            return out, pages
        from boostdesk.io.export_summary import build_summary

        from .summary import write_summary_pdf

        summary = build_summary(reg, self.stream, self.year, approved_only=self.approved_only,
                                unmasked=self.unmasked)
        if cancelled and cancelled():  # 取消 while the rows were read (2 s at 80,000)
            raise JobCancelled("已取消打印，未生成文件")
        return out, write_summary_pdf(out, summary, progress=progress, cancelled=cancelled)

    def _letters(self, reg: Register, out: Path,
                 cancelled: Callable[[], bool] | None) -> int:
        """办理进度告知单: of the papers named (any year), or of a union's papers of the
        year, as of the day the screens judge by."""
        from boostdesk.models import clock

        from .progress import (
            find_papers,
            letters,
            union_letter,
            unregistered_rows,
            write_progress_pdf,
            write_union_progress_pdf,
        )

        day = clock.today()
        if self.kind == PROGRESS:
            chosen = letters(reg, find_papers(reg, self.refs), day, self.federation)
            return write_progress_pdf(out, chosen, day, cancelled)
        union, campaign, office = union_letter(reg, self.year, self.union, day, self.federation)
        return write_union_progress_pdf(out, union, campaign, office, day, cancelled,
                                        unregistered=unregistered_rows(reg, self.year, union.union))

    def payments_job(self, lists: list, pages: int | None,
                     marks: dict[str, str] | None = None) -> print_log.PrintJob:
        """A payment list's print line (its .pdf, or its .xlsx: ``pages`` None), with its
        lists' content (a reprint compares it) and its footers' marks."""
        years = {y for pl in lists for y in pl.years} or {self.year}
        return print_log.PrintJob(
            print_log.PAYMENTS, years.pop() if len(years) == 1 else None,
            [print_log.list_key(pl) for pl in lists],
            [id_ref(x.stream, x.app_id) for pl in lists for x in pl.lines], pages,
            unmasked=self.unmasked, what="、".join(pl.payer_name for pl in lists),
            reprinted=list(marks or ()), changed=print_log.changed_keys(marks or {}),
            **print_log.list_facts(lists))

    @property
    def stream(self) -> str:
        return "patent" if self.kind == SUMMARY_PATENT else "project"

    def payment_lists(self, reg: Register) -> list:
        from boostdesk.finance.payment_plan import sync_if_writable

        from .payments import PayerError, build_payment_lists, nothing_payable, resolve_payer

        sync_if_writable(reg, self.year)
        payer, unit = resolve_payer(reg, self.year, self.payer, self.federation)
        # every tranche (a period's alone): one list of the year in view's, or every year's
        if self.paid_in is not None and (self.all_years or not self.tranche):
            from .payments import build_period_lists

            lists = build_period_lists(reg, self.tranche or None, self.paid_in, payer=payer,
                                       unit_name=unit, federation=self.federation,
                                       years=None if self.all_years else [self.year])
            if not lists:
                who = f"“{self.payer}”" if self.payer else "各付款单位"
                which = "各年度" if self.all_years else f"{self.year} 年度"
                batch = f"第 {self.tranche} 批" if self.tranche else "各批次"
                raise PayerError(f"{which}{batch}{who}都没有拨付日期在 "
                                 f"{self.paid_in.days} 的款项" + ("" if self.all_years else
                                 "（其他年度的款项请勾选“所有年度”，或在工具栏选该年度）"))
            return lists
        lists = build_payment_lists(reg, self.year, self.tranche, payer=payer, unit_name=unit,
                                    unpaid_only=self.unpaid_only, federation=self.federation,
                                    paid_in=self.paid_in)
        if not lists and self.paid_in is not None:  # as print payments --paid-in says it
            who = f"“{self.payer}”" if self.payer else "各付款单位"
            raise PayerError(f"{self.year} 年度第 {self.tranche} 批{who}没有拨付日期在 "
                             f"{self.paid_in.days} 的款项（其他年度的款项请勾选“所有年度”，"
                             "或在工具栏选该年度）")
        if not lists:
            hint = "如需连同已拨付的款项列出，请取消勾选“只列尚未拨付的款项”" if self.unpaid_only else ""
            raise PayerError(nothing_payable(reg, self.year, self.tranche, payer=payer,
                                             unit_name=unit, paid_hint=hint))
        return lists

    def write_xlsx(self, reg: Register, path: Path,
                   progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None,
                   official: list[print_log.PrintJob] | None = None) -> Path:
        """The same document as a spreadsheet (summaries and payment lists only); a
        summary's rows report ``progress`` and stop at ``cancelled`` before the file;
        ``official``: a payment list's line for the trail (as :meth:`run`'s)."""
        if self.kind == PAYMENTS:
            from .payments import write_payments_xlsx

            lists = self.payment_lists(reg)
            saved = write_payments_xlsx(path, lists, unmasked=self.unmasked,
                                        progress=progress, cancelled=cancelled)
            if official is not None:
                official.append(self.payments_job(lists, None))
            return saved
        if self.kind == RECOVERIES:
            from .recoveries import print_job, write_recoveries_xlsx, year_recoveries

            owed = year_recoveries(reg, self.year, federation=self.federation)
            write_recoveries_xlsx(path, owed, self.year, reg.campaign(self.year).title,
                                  cancelled=cancelled)
            if official is not None:
                official.append(print_job(owed, self.year, None))
            return path
        if self.kind == STATISTICS:
            from boostdesk.io.export_statistics import write_statistics_xlsx
            from boostdesk.statistics import year_statistics

            return write_statistics_xlsx(path, year_statistics(reg, self.year), cancelled)
        if self.kind in (SUMMARY_PATENT, SUMMARY_PROJECT):
            from boostdesk.io.export_summary import build_summary, write_summary_xlsx

            summary = build_summary(reg, self.stream, self.year,
                                    approved_only=self.approved_only, unmasked=self.unmasked)
            return write_summary_xlsx(path, summary, progress, cancelled)
        raise ValueError("审批表只有 PDF 格式")
