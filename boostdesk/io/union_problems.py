"""复制问题清单: what the import dialog copies for the e-mail back to the union that sent the
table — what is wrong in their table, by row and field, and what to send again. The clerk's
own guidance (screens, boxes to tick, command-line flags, the register's numbers) stays in
the preview and the command line; a resent row is said as it is: 已登记，本次未改动, 已登记，
本次有更正 N 处, 与前面第 N 行重复."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any

from .import_preview import ImportPreview

UNCHANGED = "已登记，本次未改动"
# Values a union's e-mail does not carry: which field changed is said, not its number
_PRIVATE = frozenset({"id_number", "card_number", "phone", "contact_phone"})
# The clerk's own steps in a note: such a clause is left out of the union's copy
_CLERK = re.compile(r"--|命令行|勾选|请选|导入后|“专利助推”|“创新项目”|“单位与人员”|“工作室”|“设置”|"
                    r"接收员|按表更新")
_REGISTER_REF = re.compile(r"，(?:专利|项目)\d+）")  # (2022 年度，专利66): the register's number
_ID_REF = re.compile(r"(?:专利|项目)\d+")  # 专利12: the register's number for a paper
_OWN_REF = re.compile(r"[，、]?(?:专利|项目)\d+(?![\d.])")  # （ZL…，专利1） → （ZL…）
_ASK = re.compile(r"[：。]请")  # where the facts end and what to do begins
_REPEAT = re.compile(r"与第 (\d+) 行重复")


_ASIDE = re.compile(r"（[^（）]*）")


# A person's card or phone the register holds otherwise (``duplicates.person_notes``): perhaps
# another union's paper's, which this union's copy neither quotes nor names
_PERSON_FACT = re.compile(r"^(第 \d+ 行：身份证号 \S+（[^（）]*）的(?:联系电话|工会会员互助服务卡号))"
                          r"表中为 .+?，登记册为 .*$")


def for_union(text: str) -> str:
    """A note as the union reads it: the clauses and asides naming the clerk's steps left
    out, the union named as "you", not as 报送单位."""
    text = _PERSON_FACT.sub(r"\1与此前登记的不同，将按本表所填登记：请确认本表所填无误", text)
    text = _REGISTER_REF.sub("）", text)
    text = _ASIDE.sub(lambda m: "" if _CLERK.search(m[0]) else m[0], text)
    text = text.replace("请报送单位改正", "请改正").replace("，或联系报送单位", "")
    text = text.replace("后重新导入", "后重新报送")
    clauses = [c for c in text.split("；") if not _CLERK.search(c)]
    kept = "；".join(clauses)
    return kept if kept.strip() else ""


def union_problem_list(
    preview: ImportPreview, duplicates: Mapping[int, str], matches: Mapping[int, Any],
    same: Collection[int] = (), notes: Collection[str] = (), similar: Collection[int] = (),
) -> str:
    """The copied problem list: unreadable cells as the import says them; the rows already
    registered (``matches``: row → ``resend.Match``; ``same``: those as the register has
    them; ``similar``: those that may be a registered paper written with slips) or repeated (``duplicates``: row → the import's reason), each as the union reads
    it; then the warnings and ``notes`` without the clerk's steps. "" when nothing."""
    stream, year = preview.stream, preview.year
    records = dict(zip(preview.rows, preview.records, strict=True))
    # a cell's own words for the union where the clerk's name another's (``CellError.union``)
    items: list[tuple[int, str]] = [
        (e.row, error_for_union(str(replace(e, message=e.union)) if e.union else str(e)))
        for e in preview.errors]
    unchanged: list[int] = []
    corrected = repeated = other = alike = 0
    for row, why in duplicates.items():
        match = matches.get(row)
        if match is not None and (row in same or not match.differences) and not match.clash:
            unchanged.append(row)
            continue
        if match is not None and match.clash:
            items.append((row, f"第 {row} 行：{_clash(match, stream, year)}"))
            other += 1
        elif match is not None:
            items.append((row, f"第 {row} 行：{_corrected(match, stream)}"))
            corrected += 1
        elif found := _REPEAT.search(why):
            items.append((row, f"第 {row} 行：{_repeat(row, int(found[1]), records, why)}"))
            repeated += 1
        else:  # a registered paper written with slips, maybe, or one of an earlier year
            facts = for_union(_ID_REF.sub("申报", _ASK.split(why, 1)[0]))
            ask = ("请对照专利证书核对：如是同一项，请改正本行后重新报送；如确是另一项，请来函说明"
                   if row in similar else "请核对")
            items.append((row, f"第 {row} 行：{facts or '已登记'}。{ask}"))
            if row in similar:
                alike += 1
            else:
                other += 1
    items.sort(key=lambda item: item[0])  # stable: a row's cells stay in column order
    warnings = [said for w in [*preview.warnings, *notes] if (said := for_union(w))]
    if not items and not warnings:
        return ""
    counts = []
    if preview.refused_rows:
        counts.append(f"{len(preview.refused_rows)} 行无法读取")
    # 与登记册不同: the import's 结果 column's word for those rows, said alike here
    kinds = "、".join(f"{what} {n} 行" for n, what in (
        (corrected, "本次有更正"), (len(unchanged), "本次未改动"), (other, "与登记册不同")) if n)
    if kinds:
        counts.append(f"已登记 {corrected + len(unchanged) + other} 行（{kinds}）")
    if repeated:
        counts.append(f"与前面的行重复 {repeated} 行")
    if alike:
        counts.append(f"可能与已登记的申报重复 {alike} 行")
    head = (f"{preview.path.name}（{preview.table_name}，工作表“{preview.sheet_name}”）"
            + (f"：{'，'.join(counts)}" if counts else ""))
    lines = [head, *(text for _, text in items)]
    if warnings:
        lines += ["", "提示：", *warnings]
    return "\n".join(lines)


def _what(match: Any, stream: str) -> str:
    from boostdesk.models.records import PATENT
    from boostdesk.validate import shown_patent_number

    record = match.record
    if record is None:
        return ""
    if stream == PATENT:
        return f"专利 {shown_patent_number(record.patent_number_raw)} "
    return f"项目“{record.title}”"


def _corrected(match: Any, stream: str) -> str:
    """已登记，本次有更正 N 处: which, and (but for personal numbers) from what to what."""
    from boostdesk.labels import show_value
    from boostdesk.validate import same_name, tidy_name

    from .resend import NAMESAKE

    # the name the union's first table gave, where the register kept another for its ID
    # (``Match.asked``): 原报 is what the union wrote, not the register's choice
    asked = tidy_name(match.asked or "")
    kept_name = bool(asked) and any(d.field == "inventor_name" and same_name(
        asked, tidy_name(d.table or "")) for d in match.differences)
    said = []
    for d in match.differences:
        if d.field == "inventor_name" and asked:
            if not kept_name:
                said.append(f"{d.label}：原报“{asked}”，本次“{show_value(d.field, d.table)}”")
        elif d.field == "id_number" and NAMESAKE in d.kept:
            said.append(f"{d.label}（须核实后才能更正，请提供第一发明人的身份证复印件）")
        elif d.field == "id_number" and kept_name:
            said.append(f"{d.label}（原报的与登记册中另一人的相同，曾按该人登记）")
        elif d.field in _PRIVATE:
            said.append(f"{d.label}")
        else:
            said.append(f"{d.label}：原报“{show_value(d.field, d.stored)}”，本次"
                        f"“{show_value(d.field, d.table)}”")
    found = ("与已登记的一项申报同一发明人、同一专利名称" if match.by_person
             else f"{_what(match, stream)}已登记")
    text = f"{found}，本次有更正 {len(said)} 处（{'；'.join(said)}）"
    if match.locked:
        text += f"；该申报{match.locked}，本次更正暂未采用，确需更正请来函说明"
    return text


def _clash(match: Any, stream: str, year: int) -> str:
    """Another first inventor (or union) for a registered paper: the facts, and what the
    union checks — not how the clerk corrects the register."""
    record = match.record
    facts = _no_other_applicant(match.clash.split("。请", 1)[0],
                                getattr(record, "unit_name", None) or "")
    facts = re.sub(r"，属争议，不按表更新（[^）]*）", "", facts)
    facts = facts.replace("：同一申报不按表改换推荐单位", "")
    if "按保存期限删除" in facts:  # (its applicant erased: the office says what it knows)
        return f"{_what(match, stream)}已登记（{year} 年度）{facts}"
    ask = ("请按专利证书核对第一发明人及其身份证号，改正后重新报送本行" if "第一发明人" in facts
           else "同一申报只能由一个单位推荐，请核实由哪个单位推荐")
    return f"{_what(match, stream)}已登记（{year} 年度）{facts}。{ask}"


# the register's first inventor of a disputed patent, and the union that recommended him
_REGISTERED_INVENTOR = re.compile(r"，第一发明人为(.*?)（([^（）]*)推荐）；")
# the row's own first inventor and union, as the dispute names them (resend.clash)
_ROW_UNION = re.compile(r"本表第 \d+ 行的第一发明人为[^（]*（([^（）]*)推荐）")


def _no_other_applicant(facts: str, ours: str) -> str:
    """A letter leaving the office names no other union's applicant (PIPL): the dispute
    says the patent is registered by another union's paper, not whose (the clerk's
    preview keeps the name). ``ours``: the union the letter goes to ("" unknown: the
    name left out)."""
    m = _REGISTERED_INVENTOR.search(facts)
    if m is None:
        return facts
    from boostdesk.validate import tidy_name

    ours = tidy_name(ours)
    if ours and tidy_name(m.group(2)) == ours:  # the union's own applicant: theirs to know
        return facts
    return (facts[:m.start()] + "，该专利已由另一推荐单位的申报登记为第一发明人；"
            + facts[m.end():])


def _repeat(row: int, first: int, records: Mapping[int, Any], why: str) -> str:
    text = f"与前面第 {first} 行重复"
    mine, theirs = records.get(row), records.get(first)
    if "属争议" in why and mine is not None and theirs is not None:
        return (f"{text}（专利号相同，第一发明人不同：第 {first} 行为{theirs.inventor_name}，本行为"
                f"{mine.inventor_name}）：请按专利证书核对，删去多余的一行或改正后重新报送")
    return f"{text}：请删去多余的一行"


def error_for_union(text: str) -> str:
    """An unreadable cell's reason as the union reads it: 重新报送, not 重新导入; the
    clerk's steps left out (the reason itself kept if nothing else is left)."""
    return for_union(text) or text.replace("后重新导入", "后重新报送")


_FIRST_IS = re.compile(r"第 \d+ 行的第一发明人为([^（，：]+)")
_THIS_IS = re.compile(r"本行为([^（，：]+)")


def refused_for_union(why: str) -> str:
    """Why a row was not registered (``refused_rows``: the import's reason, as the clerk
    read it) as the union's letter says it: the words :func:`union_problem_list` gives the
    same row, no screens, options or register numbers."""
    from types import SimpleNamespace

    found = _REPEAT.search(why)
    if found:
        first = _FIRST_IS.search(why)
        this = _THIS_IS.search(why)
        records = {1: SimpleNamespace(inventor_name=this[1]) if this else None,
                   0: SimpleNamespace(inventor_name=first[1]) if first else None}
        named = {k: v for k, v in records.items() if v is not None}
        text = _repeat(1, 0, named, why)
        return text.replace("第 0 行", f"第 {found[1]} 行")
    if "争议" in why:  # another first inventor or union for a registered paper
        facts = re.sub(r"，属争议，不按表更新（[^）]*）", "", why.split("。请", 1)[0])
        row_union = _ROW_UNION.search(facts)
        facts = _no_other_applicant(facts, row_union[1] if row_union else "")
        facts = _unnumbered(for_union(facts.replace("：同一申报不按表改换推荐单位", "")))
        ask = ("请按专利证书核对第一发明人及其身份证号，改正后重新报送本行" if "第一发明人" in why
               else "同一申报只能由一个单位推荐，请核实由哪个单位推荐")
        return f"{facts}。{ask}" if facts else ask
    return _unnumbered(error_for_union(why))


def _unnumbered(text: str) -> str:
    """The register's numbers (专利64) a union does not know: 申报."""
    return re.sub(r"(?:专利|项目)\d+ ?", "申报", text)


def missing_for_union(gone: Any) -> list[str]:
    """A union's registered papers its whole table sent again lacks (``resend_notes.Missing``),
    one line each: withdrawn, or left out by mistake?"""
    return [f"{gone.year} 年度已登记的{item}不在本表中：如已撤回，请来函说明；如仍申报，请补入表中"
            for item in gone.items]


def refused_rows_text(verdicts: Sequence[Any]) -> str:
    """The rows read whole that the plan refuses once stored (``import_verdicts.RowVerdict``
    of 不合格: a wrong ID check digit, a grant date outside the window…), for the union to
    correct with the others; "" when none (None: a row not judged yet)."""
    from boostdesk.rules.findings import REFUSED

    # the register's 登记号 (专利1) is the office's, not the union's: left out
    lines = [f"第 {v.row} 行" + (f"（{v.name}）" if v.name else "") + "："
             + "；".join(_OWN_REF.sub("", r) for r in v.told_reasons)
             for v in verdicts if v is not None and v.verdict == REFUSED and v.was is None]
    if not lines:
        return ""
    # a grant date outside the window is no slip to correct: the plan refuses the paper
    return "\n".join([f"按方案核对不合格 {len(lines)} 行（不符合方案所列条件的，不予助推；"
                      "如系填写错误，请核对改正后重新报送）：", *lines])
