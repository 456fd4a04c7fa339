"""办理进度告知单: where a paper stands, for the inventor or studio who asks, one A4 page a
paper; and a recommending union's papers of a year in one list (A4 landscape), each with
its status, the reason or what it lacks, what happens next, and its money paid and owed.

What is said is ``boostdesk.progress``'s, as the detail pane says it. Numbers are masked
to their last four digits (身份证号尾号 0021, 会员卡尾号 4492): the letter goes to the
person or the union, and no copy is finance's. The office's name is the federation's (the
campaign title's, or 设置's); the office's contact is the campaign's. No seal: a status
letter certifies nothing, as the 核对意见 the unions are sent carry none. Platypus
paragraphs in the embedded fonts (``fonts``); no Qt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from boostdesk.finance.terms import federation_name
from boostdesk.models.campaign import Campaign
from boostdesk.models.records import PATENT, PROJECT, STREAM_ZH, id_ref
from boostdesk.models.register import Register
from boostdesk.money import daxie, format_money
from boostdesk.progress import RULES_SAID, TO_SEND, PaperProgress, UnionProgress, paper_progress
from boostdesk.progress_letter import revoked_facts
from boostdesk.rules.late_papers import LIST_MARK as LATE
from boostdesk.safety.privacy import mask_log_text

from .common import A4, A4_LANDSCAPE, MARGIN, MM, cn_date, cn_dates, draw_footer
from .common import para as _para
from .fonts import MAIN

TITLE = "办理进度告知单"
UNION_TITLE = "办理进度告知单（推荐单位）"
MASKED = "身份证号、卡号只印尾号 4 位"
CANCELLED = "已取消打印，未生成文件"
GRID = (0.35, 0.35, 0.35)
HEAD_FILL = (0.90, 0.90, 0.90)


# A masked card (6214 **** **** *** 0013, 6214********0013) or ID (110105********002X,
# 110105******002) as the findings say it: the letter prints its last four only, as its
# footer says (MASKED), the space before it dropped (互助服务卡号尾号 0013); a card's
# four not the tail of an ID's six (身份证 11尾号 0012)
_MASKED_CARD = re.compile(r"(?<![0-9]) ?\d{4}(?: ?\*+)+ ?(\d{4})(?![0-9])")
_MASKED_ID = re.compile(r" ?\d{6}(?:\*{8}(\d{3}[0-9Xx])|\*{6}(\d{3}))(?![0-9Xx])")


def tails_only(text: str) -> str:
    """``text`` with each ID and card number (whole or masked) cut to 尾号 and its last 4,
    a phone number masked (138****8000): a reason or finding typed with one (来函撤回
    13911112222) leaves the office on the letter, masked as the audit view shows it."""
    text = mask_log_text(text)
    text = _MASKED_CARD.sub(lambda m: f"尾号 {m.group(1)}", text)
    return _MASKED_ID.sub(lambda m: f"尾号 {m.group(1) or m.group(2)}", text)


def para(text: object, size: float = 9, align: str = "left"):  # noqa: ANN201
    """common.para, its numbers printed to their last four digits (:func:`tails_only`)
    and its days as a letter writes them (2023年3月15日: the reasons and steps it quotes
    are the screens', in ISO)."""
    return _para(None if text is None else cn_dates(tails_only(str(text))), size, align)


class ProgressError(ValueError):
    """A reference that names no paper, or several; a union with no paper; in Chinese."""


@dataclass(frozen=True)
class Letter:
    """One paper's letter: what it says, under whose name."""

    paper: PaperProgress
    campaign: Campaign
    office: str  # the federation's name


# -- which papers ----------------------------------------------------------------------
def find_papers(reg: Register, refs: Sequence[str]) -> list[tuple[str, int]]:
    """The papers a typed list names, as every command reads a reference (``app_refs.
    find_application``: 登记号 专利12 / 项目3, patent number, title), in any year; a list
    split at its commas unless it is one title; a reference naming none or several refused
    in words, naming them."""
    from boostdesk.app_refs import NoSuchApplication, find_application
    from boostdesk.validate import ValidationError

    from .refs import split_refs

    wanted: list[tuple[str, int]] = []
    problems: list[str] = []
    for typed in (r for r in refs if r.strip()):
        try:  # a title with a comma in it is one reference
            hits = [find_application(reg, typed)]
        except NoSuchApplication:
            hits = []
            pieces = split_refs(typed, ())
            for ref in pieces if len(pieces) > 1 else ():
                try:
                    hits.append(find_application(reg, ref))
                except ValidationError as exc:
                    problems.append(exc.message)
            if len(pieces) <= 1:
                problems.append(f"登记册中没有“{typed.strip()}”：请写登记号（专利12 / 项目3）、"
                                "专利号、专利或项目名称")
        except ValidationError as exc:
            problems.append(exc.message)
            continue
        for stream, app_id in hits:  # a 登记号 written with its stream is taken as typed
            if not reg.scalar(f"SELECT 1 FROM {_TABLE[stream]} WHERE id = ?", (app_id,)):
                problems.append(f"登记册中没有登记号为 {id_ref(stream, app_id)} 的申报")
            elif (stream, app_id) not in wanted:
                wanted.append((stream, app_id))
    if problems:
        raise ProgressError("；".join(problems))
    if not wanted:
        raise ProgressError("请写出要告知的申报：登记号（如 专利12、项目3）、专利号、专利或项目名称")
    return wanted


_TABLE = {PATENT: "patent_applications", PROJECT: "project_applications"}


def letters(reg: Register, papers: Sequence[tuple[str, int]], as_of: date,
            federation: str | None = None) -> list[Letter]:
    """The letters of these papers as of ``as_of``; ``federation``: 设置's name, for a
    campaign title naming none."""
    out = []
    campaigns: dict[int, Campaign] = {}
    for stream, app_id in papers:
        p = paper_progress(reg, stream, app_id, as_of)
        c = campaigns.get(p.year) or campaigns.setdefault(p.year, reg.campaign(p.year))
        out.append(Letter(p, c, federation_name(c, federation)))
    return out


def union_letter(reg: Register, year: int, name: str, as_of: date,
                 federation: str | None = None) -> tuple[UnionProgress, Campaign, str]:
    """A union's papers of ``year`` (the union as typed: its full name, or a part only it
    has), its campaign and the office's name; ProgressError naming what is wrong."""
    from boostdesk.io.findings_notice import NoticeError, resolve_union
    from boostdesk.progress import union_progress

    if not name.strip():
        raise ProgressError("请写出推荐单位的名称（全称，或只有它含有的一段名称）")
    try:
        union = resolve_union(reg, name)
    except NoticeError as exc:
        raise ProgressError(exc.message) from None
    progress = union_progress(reg, year, union, as_of)
    if not progress.count():
        raise ProgressError(f"“{union}”在 {year} 年度没有登记的申报（未收到其汇总表，或其申报在其他年度）")
    campaign = reg.campaign(year)
    return progress, campaign, federation_name(campaign, federation)


# -- drawing -------------------------------------------------------------------------------
def _doc(target: str | Path | IO[bytes], pagesize: tuple[float, float], title: str) -> Any:
    from reportlab.platypus import SimpleDocTemplate

    from .fonts import register_fonts

    register_fonts()
    return SimpleDocTemplate(
        target if not isinstance(target, Path) else str(target), pagesize=pagesize,
        leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
        title=title, author="BoostDesk", creator="BoostDesk",
        initialFontName=MAIN)  # no standard (non-embedded) font named in the file


def _table(rows: list[list[Any]], widths_mm: Sequence[float], *, header: bool = False,
           shade: Sequence[int] = ()) -> Any:
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=[w * MM for w in widths_mm], repeatRows=1 if header else 0)
    style = [("FONTNAME", (0, 0), (-1, -1), MAIN),  # its default is Helvetica, never embedded
             ("GRID", (0, 0), (-1, -1), 0.5, GRID), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL))
    for i in shade:
        style.append(("BACKGROUND", (0, i), (-1, i), (0.96, 0.96, 0.96)))
    table.setStyle(TableStyle(style))
    return table


def headed(heading: Sequence[Any], rows: list[list[Any]], widths_mm: Sequence[float], *,
           shade: Sequence[int] = (), first: int = 2) -> list[Any]:
    """A heading and its table (header row repeated on each page): the page turned before
    the heading when it and the table's first ``first`` rows would not fit below it, so
    that no heading ends a page with its table on the next."""
    from reportlab.platypus.flowables import CondPageBreak

    start = _table(rows[:first], widths_mm, header=True)

    class Room(CondPageBreak):
        def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
            self.height = (sum(f.wrap(avail_w, avail_h)[1] for f in heading)
                           + start.wrap(avail_w, avail_h)[1])
            return super().wrap(avail_w, avail_h)

    return [Room(0), *heading, _table(rows, widths_mm, header=True, shade=shade)]


PAD = 6.0  # a table cell's padding each side (reportlab's LEFTPADDING, RIGHTPADDING)


def figure(text: str, width_mm: float, size: float, align: str = "right") -> Any:
    """A cell of one line never broken (an amount: ¥100,000.00, never ¥100,000. / 00):
    at ``size``, or smaller so that it fits the column ``width_mm`` wide."""
    from .common import fitting

    return para(text, fitting(text, width_mm * MM - 2 * PAD - 1, size), align)


def _title(campaign: Campaign, title: str) -> list[Any]:
    from reportlab.platypus import Spacer

    return [para(campaign.title, 11, "center"), Spacer(1, 2 * MM), para(title, 18, "center"),
            Spacer(1, 4 * MM)]


def _closing(campaign: Campaign, office: str, day: date) -> list[Any]:
    from reportlab.platypus import KeepTogether, Spacer

    out: list[Any] = []
    ask = "、".join(x for x in (campaign.notice_contact,
                               f"邮箱 {campaign.notice_email}" if campaign.notice_email else "")
                    if x)
    if ask:  # the office's own numbers, printed whole (not a person's quoted in a reason)
        out.append(_para(f"如有疑问，请联系：{ask}", 10))
    out += [Spacer(1, 8 * MM), para(office, 11, "right"), para(cn_date(day), 11, "right")]
    return [Spacer(1, 4 * MM), KeepTogether(out)]  # the office's name never alone on a page


def _paper_story(letter: Letter, day: date) -> list[Any]:
    from reportlab.platypus import Spacer

    p, c = letter.paper, letter.campaign
    patent = p.stream == PATENT
    seq = f"（{p.unit} 汇总表序号 {p.seq}）" if p.seq is not None and p.unit else ""
    story = _title(c, TITLE)
    story.append(para(f"登记号：{p.ref}{seq}；打印日期：{cn_date(day)}", 9))
    story.append(Spacer(1, 2 * MM))
    facts: list[tuple[str, str]] = [("申报类别", f"{STREAM_ZH[p.stream]}（{p.year} 年度）")]
    if patent:
        facts += [("专利名称", p.title), ("专利号", p.number),
                  ("第一发明人", p.person + (f"（身份证号{p.id_tail}）" if p.id_tail else ""))]
    else:
        facts += [("项目名称", p.title), ("工作室", p.studio + (f"（领衔人 {p.person}）"
                                                          if p.person else ""))]
    facts += [("推荐单位", p.unit or "（未填写）"),
              ("收件日期", cn_date(p.received) or "（未登记）"),
              ("办理状态", p.status)]
    if not p.revoked:  # a revoked award's 合格 would read as if it stood
        facts.append(("规则核对", p.verdict.removeprefix(RULES_SAID)))
    if p.late:
        facts.append((LATE, p.late.removeprefix(f"{LATE}：").removeprefix(f"{LATE}，")))
    if p.refund is not None:  # the decision as recorded, and what goes back to whom
        facts += revoked_facts(p.refund)
    elif p.reason:
        facts.append(("原因", p.reason))
    if p.problems:  # what makes it 不合格 first, as the 核对意见: what it lacks comes after
        facts.append(("不符合", "\n".join(p.problems)))
    if p.missing:
        facts.append((TO_SEND, "\n".join(p.missing)))
    if p.revoked and p.award_fen:  # no award now: what was paid is to come back
        facts.append(("助推金额", f"已撤销助推（原核准 {format_money(p.award_fen)}）"))
        if p.recovery_text:
            facts.append(("追回情况", p.recovery_text))
    elif p.award_fen:
        facts.append(("助推金额", f"{format_money(p.award_fen)}（{daxie(p.award_fen)}）"))
    if p.payout is not None and not p.revoked:  # nothing more is paid on a revoked award
        facts.append(("拨付方式", p.payout.tranches))
        if p.payout.completion is not None:
            late = (f"，已过 {p.payout.completion_late} 天仍未结题验收"
                    if p.payout.completion_late else "")
            if p.payout.postponed:  # the days late counted from the new deadline
                late = f"，{p.payout.postponed}{late}"
            facts.append(("最晚结题日期", f"{p.payout.completion}{late}"))
        if patent and p.card_tail:  # a card a transfer came back from: said so
            facts.append(("收款会员卡", p.card_tail + ("（已退汇，须更正卡号）"
                                                  if p.payout.returned_card else "")))
    story.append(_table([[para(k, 10), para(v, 10)] for k, v in facts], (32, 148)))
    if p.payout is not None and p.payout.lines:
        story.append(Spacer(1, 4 * MM))
        rows = [[para(h, 9, "center") for h in ("批次", "付款单位", "金额", "应拨日期", "办理情况")]]
        money_w = _PAID_WIDTHS[2]
        for x in p.payout.lines:
            rows.append([para(x.tranche, 9), para(x.payer, 9),
                         figure(format_money(x.amount_fen), money_w, 9),
                         # a column of days, as the 拨付清单's 应拨日期 (ISO: it fits)
                         _para(x.due.isoformat() if x.due else "验收后", 9, "center"),
                         para(x.said, 9)])
        rows.append([para("合计", 9), para("", 9),
                     figure(format_money(sum(x.amount_fen for x in p.payout.lines)), money_w, 9),
                     para("", 9), para(p.recovery_text or "\n".join(p.payout.settled_parts), 9)])
        story += headed([para("拨付情况", 12)], rows, _PAID_WIDTHS, shade=[len(rows) - 1])
    story += [Spacer(1, 4 * MM), para(f"下一步：{p.step_brief or p.next_step}", 11)]
    if p.missing:  # where to, said once
        story.append(para(f"补报所缺材料：{p.send_to}", 10))
    return story + _closing(c, letter.office, day)


_PAID_WIDTHS = (18, 38, 26, 22, 76)  # 180 mm: A4 less margins


def _build(target: str | Path | IO[bytes], story: list[Any], pagesize: tuple[float, float],
           title: str, note: str, numbered: bool = True,
           cancelled: Callable[[], bool] | None = None) -> int:
    """The story built once, each page's footer drawn when the last page is known (共 N
    页): the pages are kept until the document is saved. Not ``numbered``: letters to
    several people in one file, each numbered of its own pages (第 1 页 共 1 页), none
    第 2 页 共 4 页 of the others; each letter's story starts with :func:`letter_start`.
    ``cancelled`` is asked at each page."""
    from reportlab.pdfgen.canvas import Canvas

    class Numbered(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._kept: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            if cancelled and cancelled():
                from .jobs import JobCancelled

                raise JobCancelled(CANCELLED)
            self._kept.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            # each page's letter (one for a numbered document): its pages, its count
            letters = [0 if numbered else state.get(_LETTER, 0) for state in self._kept]
            for k, state in enumerate(self._kept):
                self.__dict__.update(state)
                mine = letters[k]
                draw_footer(self, pagesize, letters[:k + 1].count(mine), letters.count(mine),
                            left=note)
                super().showPage()
            super().save()

    doc = _doc(target, pagesize, title)
    doc.build(story, canvasmaker=Numbered)
    return int(doc.page)


_LETTER = "_boostdesk_letter"  # the canvas' attribute: the letter its page belongs to


def letter_start(number: int) -> Any:
    """Where a letter of several in one file begins: a flowable of no size that marks
    its pages on the canvas, for their footer's 第 n 页 共 N 页 (of that letter's only)."""
    from reportlab.platypus import Flowable

    class LetterStart(Flowable):
        def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
            return 0, 0

        def draw(self) -> None:
            setattr(self.canv, _LETTER, number)

    return LetterStart()


def write_progress_pdf(target: str | Path | IO[bytes], chosen: Sequence[Letter], day: date,
                       cancelled: Callable[[], bool] | None = None) -> int:
    """One page a paper's letter; returns the pages."""
    from reportlab.platypus import PageBreak

    story: list[Any] = []
    for i, letter in enumerate(chosen):
        if i:
            story.append(PageBreak())
        story += [letter_start(i), *_paper_story(letter, day)]
    title = TITLE if len(chosen) != 1 else f"{TITLE}（{chosen[0].paper.ref}）"
    return _build(target, story, A4, title, MASKED, len(chosen) == 1, cancelled)


# -- a union's papers ------------------------------------------------------------------------
_UNION_WIDTHS = (10, 16, 46, 26, 22, 81, 22, 22, 22)  # 267 mm: A4 landscape less margins
# with a 不予拨付 column: 16 mm of the 原因 column's and 6 of the names' give it its 22 mm
_REFUSED_WIDTHS = (10, 16, 42, 24, 22, 65, 22, 22, 22, 22)


def _union_widths(papers: Sequence[PaperProgress]) -> tuple[float, ...]:
    """A stream's columns: a 不予拨付 one when a 尾款 of it is withheld after a failed
    acceptance (二（四）4) — without it the 合计 (助推 = 已拨付 + 未拨付) did not add up
    under a summary that says it; no such 尾款, the columns as they were."""
    return _REFUSED_WIDTHS if any(p.refused_fen for p in papers) else _UNION_WIDTHS


def _union_rows(papers: Sequence[PaperProgress], stream: str) -> tuple[list[list[Any]], int]:
    name = "专利名称" if stream == PATENT else "项目名称"
    who = "第一发明人" if stream == PATENT else "工作室"
    head = ["序号", "登记号", name, who, "办理状态", "原因、所缺材料、下一步", "助推金额", "已拨付",
            "未拨付"]
    widths = _union_widths(papers)
    refused = widths is _REFUSED_WIDTHS
    if refused:
        head.append("不予拨付")
    rows = [[para(h, 8, "center") for h in head]]
    award_w, paid_w, owed_w = widths[6:9]
    refused_w = widths[-1]
    for p in papers:
        remark = p.refund.decision if p.refund is not None else p.remark
        said = "\n".join(x for x in (p.late, remark, p.recovery_text,
                                     f"下一步：{p.step_brief or p.next_step}") if x)
        rows.append([
            para(p.seq if p.seq is not None else "", 8, "center"), para(p.ref, 8),
            para(p.title, 8), para(p.person if stream == PATENT else p.studio, 8),
            para(p.status, 8), para(said, 8),
            figure("已撤销助推" if p.revoked else format_money(p.award_fen) if p.award_fen else "",
                   award_w, 8),
            figure(format_money(p.paid_fen) if p.paid_fen else "", paid_w, 8),
            figure(format_money(p.owed_fen) if p.owed_fen else "", owed_w, 8)])
        if refused:
            rows[-1].append(figure(format_money(p.refused_fen) if p.refused_fen else "",
                                   refused_w, 8))
    rows.append([para("合计", 8, "center"), para("", 8), para(f"{len(papers)} 项", 8),
                 para("", 8), para("", 8), para("", 8),
                 figure(format_money(sum(p.awarded_fen for p in papers)), award_w, 8),
                 figure(format_money(sum(p.paid_fen for p in papers)), paid_w, 8),
                 figure(format_money(sum(p.owed_fen for p in papers)), owed_w, 8)])
    if refused:
        rows[-1].append(figure(format_money(sum(p.refused_fen for p in papers)), refused_w, 8))
    return rows, len(rows) - 1


def unregistered_rows(reg: Register, year: int, union: str) -> dict[str, list[Any]]:
    """stream -> the rows of the union's tables of ``year`` that no import stored
    (``refused_rows.RefusedRow``), as its 核对意见 lists them under 未能登记的行: the
    union's 告知单 says every row it sent, not only the papers registered."""
    from boostdesk.io.refused_rows import refused_rows
    from boostdesk.validate import tidy_name

    return refused_rows(reg, year).get(tidy_name(union), {})


def _unregistered_story(rows: Sequence[Any], stream: str) -> list[Any]:
    """A stream's 未能登记的行: the 核对意见's heading and columns (the union's words)."""
    from reportlab.platypus import Spacer

    from boostdesk.io.findings_notice import refused_columns, refused_heading
    from boostdesk.io.xlsx_layout import sheet_text

    columns = refused_columns(stream)
    scale = sum(_UNION_WIDTHS) / sum(c.width for c in columns)
    table = [[para(c.header, 8, "center") for c in columns]]
    table += [[para(sheet_text(c.value(r, 0)), 8, "center" if j < 2 else "left")
               for j, c in enumerate(columns)] for r in rows]
    heading = (f"{STREAM_ZH[stream]}：{refused_heading(rows).replace('核对意见表', '上表')}"
               "（同核对意见“未能登记的行”页）")
    return [Spacer(1, 3 * MM), *headed([para(heading, 10), Spacer(1, 1 * MM)], table,
                                        [c.width * scale for c in columns])]


def write_union_progress_pdf(target: str | Path | IO[bytes], union: UnionProgress,
                             campaign: Campaign, office: str, day: date,
                             cancelled: Callable[[], bool] | None = None, *,
                             unregistered: dict[str, list[Any]] | None = None) -> int:
    """A union's papers of a year, by stream, then the rows of its tables no import
    stored (``unregistered``: :func:`unregistered_rows`); returns the pages."""
    left_out = {s: rows for s, rows in (unregistered or {}).items() if rows}

    def story() -> list[Any]:
        from reportlab.platypus import Spacer

        out = _title(campaign, UNION_TITLE)
        out.append(para(f"致：{union.union}；{union.year} 年度申报；打印日期：{cn_date(day)}", 10))
        summary = union.summary()
        if left_out:  # rows it sent that are no paper: said, then listed after the papers
            summary += (f"；另有 {sum(len(r) for r in left_out.values())} 行未能登记"
                        "（见本告知单末“未能登记的行”）")
        out += [Spacer(1, 2 * MM), para(summary, 10), Spacer(1, 2 * MM)]
        for stream in (PATENT, PROJECT):
            papers = union.papers.get(stream, [])
            if not papers:
                continue
            rows, total_row = _union_rows(papers, stream)
            out.append(Spacer(1, 3 * MM))
            out += headed([para(f"{STREAM_ZH[stream]}（{len(papers)} 项）", 12),
                           Spacer(1, 1 * MM)], rows, _union_widths(papers), shade=[total_row])
        if any(p.missing for p in union.all()):
            from boostdesk.progress import send_to

            out += [Spacer(1, 3 * MM),
                    para(f"{TO_SEND}材料的申报，请补报：{send_to(campaign)}", 10)]
        for stream in (PATENT, PROJECT):
            if stream in left_out:
                out += _unregistered_story(left_out[stream], stream)
        return out + _closing(campaign, office, day)

    title = f"{UNION_TITLE}（{union.union}）"
    return _build(target, story(), A4_LANDSCAPE, title, "本单位各项申报的办理进度；" + MASKED,
                  cancelled=cancelled)
