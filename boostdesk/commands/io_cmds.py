"""`boostdesk template` and `boostdesk import`: the summary tables in and out."""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import Any

from boostdesk.cli import (
    UserError,
    add_db_argument,
    open_register,
    refuse_absent_register,
    year_number,
)
from boostdesk.os_errors import cannot_write

MAX_GONE = 20  # registered applications a table no longer lists, named one by one

STREAMS = {"patent": "patent", "project": "project", "专利": "patent", "项目": "project"}


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "template", help="生成空白汇总表（专利或项目，附件编号按该年度计划）",
        description="生成空白汇总表：patent 为职工创新发明专利助推汇总表，"
                    "project 为创新项目助推汇总表；附件编号按该年度计划的设置"
                    "（campaign show 可查看）",
    )
    p.add_argument("stream", metavar="patent|project", help="patent（专利）或 project（项目）")
    p.add_argument("out", metavar="OUT.xlsx", help="要生成的 .xlsx 文件")
    add_db_argument(p)
    p.add_argument("--year", metavar="N",
                   help="标题中的年度（默认：登记册中最新的年度）；填表说明的示例按该年度的计划")
    p.add_argument("--replace", action="store_true",
                   help="OUT.xlsx 已存在时用空白汇总表覆盖它（默认不覆盖：它可能是单位填好报来的表）")
    p.set_defaults(func=run_template)

    p = sub.add_parser(
        "import", help="导入汇总表（.xlsx 或 Excel 97-2003 的 .xls；可一次导入多个文件或整个文件夹）",
        description="导入单位报送的专利汇总表或项目汇总表（按表头自动识别）。"
                    "有无法读取的行、已登记或重复的行时不导入该文件的任何数据，除非加 --skip-bad-rows。"
                    "多个文件或文件夹：逐个文件导入，每个文件全部导入或全部不导入，互不影响，"
                    "最后逐个文件列出结果；此前已导入的文件会认出，不会重复导入",
    )
    p.add_argument("file", metavar="FILE.xlsx", nargs="+",
                   help="汇总表文件（.xlsx 或 .xls），可写多个；或一个文件夹（导入其中全部汇总表，按文件名顺序）")
    add_db_argument(p, new_register=True)
    p.add_argument("--year", metavar="N",
                   help="导入到哪个年度（默认：表格标题中的年度，没有则为登记册中最新的年度）")
    p.add_argument("--skip-bad-rows", action="store_true",
                   help="跳过无法读取的行和已登记或重复的行，导入其余各行")
    p.add_argument("--update-studios", action="store_true",
                   help="表中已登记工作室的级别、示范性、领衔人、推荐单位、所在单位与登记册不同时，"
                        "按表中所填更新（默认保留登记册的，逐行提示不同之处）")
    p.add_argument("--registered-studios", action="store_true",
                   help="表中工作室名称与已登记的工作室只差“职工”“劳模”“技术”“创新”“工作室”、括号或空格"
                        "（领衔人相同或未填）的，按已登记的工作室登记，逐行提示；默认按新工作室登记")
    p.add_argument("--update-registered", action="store_true",
                   help="表中已登记（同一年度）的申报与登记册不同时，按表中所填更新登记册（登记后修改过的项、"
                        "已进入评审、公示、核准或拨付的申报不更新）；默认不改动已登记的申报，逐行列出不同之处")
    p.add_argument("--rename-people", action="store_true",
                   help="表中第一发明人的姓名与登记册中同一身份证号的人不同时（只差间隔号“·”的不算），"
                        "按表中写法更正此人姓名，其全部申报随之改名；默认按登记册的姓名登记，逐行列出请核对")
    p.add_argument("--import-similar", action="store_true",
                   help="表中与本年度已登记申报可能是同一份的行（同一第一发明人，专利号只差一位、专利名称只差"
                        "括号或标点）仍作为新申报导入；默认逐行列出，与已登记的行一样不导入")
    p.add_argument("--import-set-aside", action="store_true",
                   help="表中隐藏（或筛选掉）的行、主表下面另一张表（如“附：本单位撤回的申报”及其表头之下）"
                        "的行仍作为本表的申报导入；默认逐行列出，不导入（加 --skip-bad-rows 跳过这些行、导入其余各行）")
    p.add_argument("--sheet", metavar="名称",
                   help="只导入这张工作表（一个文件有几张工作表都填了本年度的汇总表时，默认不导入，"
                        "请选一张；每张导入一次）")
    p.add_argument("--received", metavar="YYYY-MM-DD",
                   help="收件日期：表中没有收件日期的行都记为这一天")
    p.set_defaults(func=run_import, starts_register=True)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"收件日期应写成 YYYY-MM-DD，如 2022-10-31，而不是“{text}”") from None


def run_template(args: argparse.Namespace) -> int:
    from boostdesk.io.headers import TABLE_BY_STREAM
    from boostdesk.io.template import deadline_passed, template_title, write_template

    stream = STREAMS.get(args.stream.strip().lower())
    if stream is None:
        raise UserError(f"表的种类应为 patent（专利）或 project（项目），而不是“{args.stream}”")
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise UserError(f"模板文件名应以 .xlsx 结尾：{out}")
    if not out.absolute().parent.is_dir():
        raise UserError(f"无法写入 {out}：文件夹 {out.absolute().parent} 不存在")
    if out.is_dir():  # said first: --replace, suggested below, would be refused the same
        raise UserError(f"无法写入 {out}：这是一个文件夹，不是文件。请写出文件名，"
                        f"如 {out / '汇总表.xlsx'}")
    if out.exists() and not args.replace:
        # the union's filled table, sent back, had its rows emptied by a blank one
        raise UserError(f"{out} 已存在，未覆盖：它可能是单位填好报来的汇总表。请换一个文件名；"
                        "确要用空白汇总表覆盖它，请加 --replace")
    campaign = _template_campaign(args, year_number(args.year))
    year = campaign.year
    try:
        write_template(out, stream, year, campaign=campaign)
    except OSError as exc:
        raise UserError(cannot_write(out, exc)) from exc
    table = TABLE_BY_STREAM[stream]
    print(f"已生成{table.named(campaign)}“{template_title(table, year)}”：{out}")
    late = deadline_passed(campaign, date.today()) if args.year is None else ""
    if late:
        print(f"提示：{late}；如要下发新一年度的汇总表，请先建立该年度（boostdesk campaign new "
              f"--year {year + 1}）再生成", file=sys.stderr)
    return 0


def _template_campaign(args: argparse.Namespace, year: int | None) -> Any:
    """The plan a blank table is made for: ``year``'s (default: the register's newest),
    read from the register when it exists. A year the register has no plan for yet gets
    the latest earlier plan moved on (its dates and examples), as ``campaign new`` would."""
    from boostdesk.models import plan_2022
    from boostdesk.paths import default_register_path

    refuse_absent_register(args)  # a mistyped path: its year is unknown
    if args.db and not Path(args.db).exists():  # lost beside its backups: its year is unknown
        raise UserError(f"登记册不存在：{args.db}（汇总表的年度和填表说明取自登记册），请核对路径")
    if not Path(args.db or default_register_path()).exists():
        plans = {2022: plan_2022()}  # what a new register starts with
    else:
        with open_register(args, integrity="quick") as reg:
            plans = {y: reg.campaign(y) for y in reg.campaign_years()}
    if year is None:
        return plans[max(plans)]
    if year in plans:
        return plans[year]
    base = plans[max((y for y in plans if y < year), default=min(plans))]
    print(f"提示：登记册中还没有 {year} 年度的助推计划，填表说明按 {base.year} 年度计划顺延；"
          f"建立 {year} 年度请用 boostdesk campaign new --year {year}", file=sys.stderr)
    return base.for_year(year)


def run_import(args: argparse.Namespace) -> int:
    from boostdesk.io.batch import IMPORTED, PARTLY, REFUSED, FileResult, summary_lines, table_files

    year_arg = year_number(args.year or None)
    received = _day(args.received) if args.received else None
    given = [Path(f) for f in args.file]
    paths = table_files(given)
    if len(given) == 1 and not given[0].is_dir():
        try:
            with open_register(args) as reg:
                _import_one(reg, args, paths[0], year_arg, received, backup=True)
        except KeyboardInterrupt:  # the transaction rolled back: said, not a bare 已中断
            print(f"已中断：{paths[0].name} 未导入任何数据", file=sys.stderr)
            return 130
        return 0
    if not paths:
        raise UserError("所给文件夹中没有汇总表（.xlsx、.xls 等）：" + "、".join(str(g) for g in given))
    results: list[FileResult] = []
    try:
        with open_register(args) as reg:
            # One backup before the morning's files, not one a file rotating last week's
            # away; made by the first file that stores something, as the window makes it:
            # a folder refused or imported before wrote none (each pushed a useful one out).
            # A file failing after its backup (a full disk) takes it back: the next makes one.
            backed_up = False
            for i, path in enumerate(paths, start=1):
                print(f"—— [{i}/{len(paths)}] {path.name}", flush=True)
                try:
                    results.append(_import_one(reg, args, path, year_arg, received,
                                               backup=not backed_up, batch=True))
                    backed_up = backed_up or results[-1].state in (IMPORTED, PARTLY)
                except UserError as exc:
                    print(f"错误：{exc}", file=sys.stderr, flush=True)
                    results.append(FileResult(path, REFUSED, message=str(exc)))
    except KeyboardInterrupt:
        # Ctrl+C: the files before stay imported, the one under way rolled back whole;
        # the list says which is which and how to go on.
        stopped = paths[len(results)] if len(results) < len(paths) else None
        print()
        print("\n".join(summary_lines(results)) if results else "未导入任何文件")
        if stopped is None:  # after the last file: each said above
            print("已中断", file=sys.stderr)
            return 130
        left = len(paths) - len(results) - 1
        print(f"已中断：{stopped.name} 未导入任何数据"
              + (f"，其后 {left} 个文件未处理" if left else "")
              + "。再次对这些文件（或整个文件夹）运行 import 即可继续：已导入的会认出，不会重复导入",
              file=sys.stderr)
        return 130
    print()
    print("\n".join(summary_lines(results)))
    return 0 if all(r.ok for r in results) else 1


def _fill_received(reg: Any, stream: str, matches: dict[int, Any],
                   received: date | None) -> None:
    """A table sent again: its rows' registered papers still 已登记 with no 收件日期 take
    ``--received`` (the office's day for the papers of this table), said with how many;
    without it, said how to give them one. A disputed row's paper is not this table's."""
    from boostdesk.models import RegisterError
    from boostdesk.models.records import id_ref
    from boostdesk.received_days import fill_registered, refs_text, said, still_registered

    ids = [m.app_id for m in matches.values() if not m.clash]
    own = {m.app_id: m.received for m in matches.values() if not m.clash and m.received}
    if own:  # the table's own 收件日期 where the register has none: filled, not refused
        from boostdesk.received_days import fill_days

        try:
            by_table = fill_days(reg, stream, own)
        except RegisterError as exc:
            raise UserError(f"收件日期未填写：{exc}") from None
        if by_table.was:
            print(f"已按表中收件日期为已登记、尚无收件日期的 {len(by_table.was)} 份申报填写收件日期："
                  f"{refs_text(stream, sorted(by_table.was))}（已有收件日期的不变）")
        if more := said(reg, stream, by_table, min(own.values())):
            print(more)
    if received is None:
        if lacking := still_registered(reg, stream, ids):
            refs = " ".join(id_ref(stream, i) for i in lacking[:20]) + (
                " …" if len(lacking) > 20 else "")
            print(f"提示：表中已登记的 {len(lacking)} 份申报尚无收件日期（{refs_text(stream, lacking)}，"
                  "收件日期由本办填写）：加 --received 日期 重新导入即可填上，或 "
                  + f"boostdesk review received --date YYYY-MM-DD {refs}", file=sys.stderr)
        return
    try:
        filled = fill_registered(reg, stream, ids, received)
    except RegisterError as exc:
        raise UserError(f"收件日期未填写：{exc}") from None
    if filled.was:
        print(f"已按 --received 为表中已登记、尚无收件日期的 {len(filled.was)} 份申报填写收件日期 "
              f"{received.isoformat()}：{refs_text(stream, sorted(filled.was))}（已有收件日期的不变）")
    if more := said(reg, stream, filled, received):
        print(more)


def _print_missing(gone: list[Any]) -> None:
    """A union's registered papers its whole table sent again leaves out: one 提示 a union
    with the count, the papers listed under it (at most ``MAX_GONE``), and the command."""
    for union in gone:
        print(f"提示：{union.summary()}：", file=sys.stderr)
        for item in union.items[:MAX_GONE]:
            print(f"  {item}", file=sys.stderr)
        if len(union.items) > MAX_GONE:  # a union of thousands: no one reads them all
            print(f"  ……另有 {len(union.items) - MAX_GONE} 项未逐一列出（boostdesk export summary "
                  "可导出全部已登记的申报核对）", file=sys.stderr)
    if gone:  # the step the notes name, as typed here
        print("提示：命令行撤回申报：boostdesk withdraw 登记号 --date 来函日期 --by 来函单位 --reason 理由",
              file=sys.stderr)


_WINDOW_CHOICE = re.compile(r"(请?)(?:勾)?选“[^”]*”（命令行加 (--[a-z][a-z-]*)）")


def cli_words(text: str) -> str:
    """A row's note as the command line says it: the option, not the window's box it names
    first (请选“按表中姓名更正已登记人员的姓名”（命令行加 --rename-people） → 请加 --rename-people)."""
    def said(found: re.Match[str]) -> str:  # a space before the words going on
        after = text[found.end():found.end() + 1]
        return f"{found[1]}加 {found[2]}" + ("" if after in ("", "，", "。", "；", "）") else " ")

    return _WINDOW_CHOICE.sub(said, text)


def _refused_after_text(reg: Any, kept: Any, received: Any, update_studios: bool) -> str:
    """The readable rows that would be 不合格 once imported, each with why (as the window's
    preview lists them): said with the unreadable ones, so the union corrects both at once."""
    from boostdesk.io.import_verdicts import MOST_LISTED, REFUSED, preview_verdicts

    if not kept.records:
        return ""
    verdicts = preview_verdicts(reg, kept, received_date=received, update_studios=update_studios)
    refused = [v for v in verdicts.values() if v.verdict == REFUSED]
    if not refused:
        return ""
    lines = [f"另有 {len(refused)} 行可以读取，但导入后将核对为不合格（可一并改正）："]
    lines += [f"  {v.listed}：{cli_words('；'.join(v.reasons))}" for v in refused[:MOST_LISTED]]
    if len(refused) > MOST_LISTED:
        lines.append(f"  ……另有 {len(refused) - MOST_LISTED} 行")
    return "\n".join(lines) + "\n"


def _asked_text(asked: list[str], done: str = "已") -> str:
    """The rows whose first inventor's name differs from the register's (or an earlier
    row's) for the same ID, under their 请核对 line (``done``: "已", or "导入时将" before)."""
    table = any("，本表第 " in text for text in asked)  # a new person spelt two ways
    return "\n".join([
        f"请核对：{len(asked)} 行第一发明人的姓名与登记册"
        + (f"或本表另一行不同（同一身份证号），{done}按登记册（或本表先出现）的姓名登记："
           if table else f"不同（同一身份证号），{done}按登记册的姓名登记："),
        *(f"  {cli_words(text)}" for text in asked)])


def _keep_refused(reg: Any, preview: Any, backup: bool,
                  entries: list[dict[str, Any]] | None = None) -> str:
    """A table none of whose rows could be read, with --skip-bad-rows: its rows kept in an
    import event that stores no paper (``refused_rows``), so that ``export notices`` writes
    its union a letter listing them — the union learns what to send again, as when some of
    its rows were stored. Returns what the clerk is told of it ("" none kept)."""
    from boostdesk.io.duplicates import without_rows
    from boostdesk.io.import_commit import commit
    from boostdesk.io.refused_rows import refused_entries

    entries = refused_entries(preview, {}) if entries is None else entries
    unions = sorted({str(e["unit"]) for e in entries if e.get("unit")})
    if not entries or not unions or getattr(reg, "read_only", False):
        return ""
    commit(reg, without_rows(preview, list(preview.rows)), skip_bad_rows=True, backup=backup,
           refused=entries)
    return ("；这些行已记下（未登记任何申报）：可导出核对意见告知推荐单位（boostdesk export notices "
            f"--union {unions[0]}），列于“未能登记的行”")


def _import_one(reg: Any, args: argparse.Namespace, path: Path, year_arg: int | None,
                received: date | None, *, backup: bool, batch: bool = False) -> Any:
    """One table imported, all or nothing (a refusal is a ``UserError``); what became of it."""
    from boostdesk import near_names
    from boostdesk.io.batch import (
        BEFORE,
        IMPORTED,
        PARTLY,
        FileResult,
        earlier_import,
        earlier_text,
        new_unions,
        unions_of,
        unit_kinds,
    )
    from boostdesk.io.duplicates import (
        find_duplicates,
        keep_corrected_names,
        old_ids_text,
        person_notes,
        refuse_renamed_payees,
        registered_names,
        similar_papers,
        table_studio_notes,
        without_rows,
    )
    from boostdesk.io.errors import ImportFailed, ImportRefused
    from boostdesk.io.import_commit import commit, stored_verdicts, summarize
    from boostdesk.io.import_messages import empty_table_text, refusal_message
    from boostdesk.io.import_preview import with_registered_studios
    from boostdesk.io.import_verdicts import update_lines
    from boostdesk.io.importer import read_table
    from boostdesk.io.other_studios import with_other_studios
    from boostdesk.io.read_as import year_notes
    from boostdesk.io.refused_rows import refused_entries
    from boostdesk.io.resend import (
        compare,
        earlier_year,
        marks,
        studio_changes,
        unchanged,
        unchanged_line,
        unmask,
    )
    from boostdesk.io.resend_notes import ids_not_taken, locked_for_union, missing, not_taken
    from boostdesk.io.set_aside import (
        SET_ASIDE_OPTION,
        set_aside_kinds,
        set_aside_lines,
        with_registered,
        without_set_aside,
    )
    from boostdesk.io.template import deadline_passed
    from boostdesk.models import RegisterError, clock
    from boostdesk.models.register import refused_write_text
    from boostdesk.no_enterprise import (
        import_line,
        imported_studios,
        patent_import_line,
        patent_rows,
    )
    from boostdesk.received_days import table_day_refusal

    if getattr(reg, "read_only", False):  # said before the table is read and judged: its
        # notes (800 lines for 3,000 rows) put the reason far above 未做任何修改
        raise UserError(f"{path.name} 未导入任何数据：{reg.read_only_message}")
    years = reg.campaign_years()
    year = year_arg or max(years)
    if year not in years:
        raise UserError(
            f"登记册中没有 {year} 年度的助推计划（现有："
            + "、".join(str(y) for y in years) + "），请先建立该年度或改用 --year"
        )
    try:
        preview = read_table(path, year, campaign=reg.campaign(year), sheet=args.sheet)
        if (year_arg is None and preview.title_year is not None
                and preview.title_year in years and preview.title_year != year):  # the table says which year it is for
            past = deadline_passed(reg.campaign(preview.title_year), clock.today())
            if past:  # last year's template filled in with this year's papers, most likely:
                # judged and stored under a closed year on a 提示 alone (the window asks)
                titled = preview.title_year
                raise UserError(
                    f"{path.name} 的表格标题写的是 {titled} 年，登记册当前为 {year} 年度；"
                    f"{past}，未导入任何数据。报送单位可能用了 {titled} 年的模板填写本年度的申报："
                    f"如是 {year} 年度的申报，请加 --year {year}；如确是补报 {titled} 年度的申报，"
                    f"请加 --year {titled}")
            year = preview.title_year
            preview = read_table(path, year, campaign=reg.campaign(year), sheet=args.sheet)
            print(f"提示：按表格标题导入 {year} 年度（另一年度请用 --year）", file=sys.stderr)
        elif year_arg is None and preview.title_year and preview.title_year not in years:
            # a next year's table come before its plan: judged under this year's it
            # would be stored in the wrong year with the wrong verdicts
            titled = preview.title_year
            raise UserError(
                f"{path.name} 的表格标题写的是 {titled} 年，登记册中还没有 {titled} 年度的"
                f"助推计划（现有：{'、'.join(str(y) for y in years)}），未导入任何数据：如是 "
                f"{titled} 年度的申报，请先用 boostdesk campaign new --year {titled} 建立该年度"
                f"再导入；如确属 {year} 年度，请加 --year {year}")
    except ImportFailed as exc:
        raise UserError(exc.message) from exc
    if received is not None and (why := table_day_refusal(reg.campaign(preview.year), received)):
        raise UserError(f"--received：{why}；{path.name} 未导入任何数据")
    # hidden rows, another table's under the main one: listed, not imported unless she says
    held = {} if args.import_set_aside else dict(with_registered(reg, preview).set_aside)
    preview = without_set_aside(preview) if held else preview
    held_text = (f"另有 {len(held)} 行是表中标出的行，默认不导入：\n" + "\n".join(set_aside_lines(held))
                 + "\n" if held else "")
    preview = refuse_renamed_payees(reg, unmask(reg, preview))
    preview, named = keep_corrected_names(reg, preview)
    if args.registered_studios:  # 熊德职工技术创新工作室 is the registered 熊德职工创新工作室
        preview, taken = with_registered_studios(reg, preview)
        named += taken
    preview, others = with_other_studios(reg, preview)  # a second 技术创新工作室: its own
    named += others
    # a table sent again: its rows already registered this year, unchanged or not
    matches = compare(reg, preview, args.rename_people)
    # a registered person's name spelt otherwise on a new paper: his name kept unless she
    # takes the table's (a registered paper's row says it as a difference of its own)
    preview, name_notes, name_asked = registered_names(reg, preview, args.rename_people,
                                                       matches)
    duplicates = marks(matches, preview.stream, year, find_duplicates(reg, preview))
    # a registered paper written with slips (a digit, the title's brackets): asked, not
    # stored as his second application unless she says it is another patent
    similar = {} if args.import_similar else similar_papers(reg, preview, {*duplicates, *matches})
    duplicates = dict(sorted({**duplicates, **similar}.items()))
    table_unions, made = unions_of(preview), new_unions(reg, preview)
    earlier = earlier_import(reg, preview.sha256) if duplicates else None
    kept = without_rows(preview, sorted(duplicates))  # the rows that would be stored
    restudied: set[int] = set()  # rows changing a registered studio
    notes = table_studio_notes(
        reg, preview, kept.rows, list(matches), args.update_registered, args.update_studios,
        "（确有变化请在“工作室”中修改，或加 --update-studios 按表中所填更新）", changed=restudied)
    # the rows that are registered papers as the table gives them (typed at the desk before
    # the union's table came): passed over and counted, not errors stopping the rest
    same = unchanged(matches, studio_changes(reg, preview, matches))
    rows = preview.row_count  # all of them: 全部 N 行
    duplicates = {row: why for row, why in duplicates.items() if row not in same}
    # a registered row taken (--update-registered) whose studio the table corrects: work to do
    restudied &= {row for row, m in matches.items() if not m.clash} if args.update_registered else set()
    if (batch and preview.records and not preview.errors and set(preview.rows) <= set(matches)
            and not any(m.differences for m in matches.values()) and not restudied):
        # every row registered as the table gives it: imported before, nothing to do (nor
        # to warn about: its union's other applications are not "withdrawn" by a copy)
        said = earlier_text(earlier, path.name) if earlier else "各行均已登记，与登记册相同"
        print(f"{BEFORE}：{said}")
        _fill_received(reg, preview.stream, matches, received)
        if not earlier:  # not the very file: a corrected one may drop papers withdrawn
            _print_missing(missing(reg, preview, matches))
        return FileResult(path, BEFORE, preview.table_name, table_unions, message=said)
    notes += [(row, text) for row, text in named if row in kept.rows]
    notes += person_notes(reg, kept, old_ids=False)  # 15-digit IDs: one line, not a hundred
    converted = old_ids_text(kept)
    if converted:
        notes.insert(0, (0, converted))
    notes += near_names.table_notes(reg, kept)  # a union or enterprise one slip from a registered one
    for warning in [*preview.warnings, *(text for _row, text in notes)]:
        print(f"提示：{cli_words(warning)}", file=sys.stderr)
    for line in year_notes(kept.read_as, set(kept.rows)):  # 10月28日: the year is a reading
        print(f"提示：{line}", file=sys.stderr)
    _print_missing(missing(reg, preview, matches))
    for warning in earlier_year(reg, preview, duplicates):
        print(f"提示：{warning}", file=sys.stderr)
    updates = {row: m for row, m in matches.items() if m.takes} if args.update_registered else {}
    if args.update_registered:  # the clerk chose: this year's registered rows are handled,
        # but for another first inventor's (or union's) claim on a paper: a dispute, refused
        duplicates = {row: why for row, why in duplicates.items()
                      if row not in matches or matches[row].clash}
    where = f"{path.name}，{preview.table_name}，{year} 年度"
    listed = "\n".join(f"  第 {row} 行：{cli_words(why)}" for row, why in sorted(duplicates.items()))
    # only the rows it would take: not a paper in publicity, approved or paid, nor one
    # whose every difference was typed by hand since (it keeps them)
    fixes = sum(1 for m in matches.values() if m.takes)
    differ = (f"\n其中 {fixes} 行与登记册不同：加 --update-registered 按表更新登记册"
              "（登记后修改过的项不变）" if fixes and not args.update_registered else "")
    left = not_taken(preview.stream, matches)
    if left:  # said why and what to do above, row by row: not sent to the option
        differ += (f"\n其中 {len(left)} 行与登记册不同，但加 --update-registered 也不按表更新"
                   "（原因和更正办法见各行）")
    if similar:  # not the same paper for sure: her choice, with its option
        differ += (f"\n其中 {len(similar)} 行可能是同一份申报：确是另一项专利的，加 --import-similar "
                   "仍作为新申报导入")
    gone = sum(1 for m in matches.values() if "按保存期限删除" in m.clash)
    if gone:  # (the registered paper's applicant erased: no claim left to dispute)
        differ += (f"\n其中 {gone} 行所对应的已登记申报，其申报人的个人信息已按保存期限删除："
                   "不按表更新（原因见各行）")
    clashes = sum(1 for m in matches.values() if m.clash) - gone
    if clashes:  # no option takes them: said so, not left to --update-registered
        differ += (f"\n其中 {clashes} 行与已登记的申报争第一发明人或推荐单位，属争议："
                   "加 --update-registered 也不按表更新，请按专利证书核定后在登记册中处理")
    asked = [text for row, text in name_notes if row in name_asked and row in kept.rows]
    if preview.errors and not args.skip_bad_rows:  # its other rows perhaps imported before
        # every problem at once, as the window's preview lists them: not the unreadable
        # rows now, the registered or disputed ones after --skip-bad-rows
        more = ""
        if duplicates:
            more += (f"另有 {len(duplicates)} 行已登记或在表中重复（加 --skip-bad-rows 也不导入）："
                     f"\n{listed}{differ}\n")
        if asked:
            more += _asked_text(asked, "导入时将") + "\n"
        more += held_text + _refused_after_text(reg, kept, received, args.update_studios)
        raise UserError((f"{earlier_text(earlier, path.name)}。\n" if earlier else "") + refusal_message(
            preview, more + "请改正这些行后重新导入，或加 --skip-bad-rows 跳过这些行、导入其余各行"
        ))
    if not preview.records:
        if preview.errors:  # kept all the same: the union's letter tells it what became of them
            kept_for = _keep_refused(reg, preview, backup)
            raise UserError(refusal_message(preview, held_text + "跳过这些行后没有可导入的行，请改正后重新导入"
                                            + kept_for))
        if held:  # every row hidden, or under another table's header
            raise UserError(f"{path.name} 中没有可导入的行，未导入任何数据：{len(held)} 行是表中标出的行，"
                            f"默认不导入：\n" + "\n".join(set_aside_lines(held))
                            + f"\n确是本表申报的，加 {SET_ASIDE_OPTION} 导入")
        raise UserError(empty_table_text(preview))
    if duplicates and not args.skip_bad_rows:
        # skipping them leaves something to do, or it is advice that cannot work
        skip = ("\n加 --skip-bad-rows 跳过这些行、导入其余各行" if kept.records or updates
                or restudied else "")
        passed = "".join(f"\n  第 {row} 行：{matches[row].text(preview.stream, year)}"
                         for row in sorted(same))
        if passed:  # not what stops it: said apart
            passed = f"\n另有{unchanged_line(same, rows)}（不是错误）：{passed}"
        raise UserError(
            (f"{earlier_text(earlier, path.name)}。\n" if earlier else "")
            + f"{path.name} 中有 {len(duplicates)} 行已登记或在表中重复，未导入任何一行：\n"
            f"{listed}{skip}{differ}{passed}" + (f"\n{held_text.rstrip()}" if held else ""))
    if held and not args.skip_bad_rows:  # all or nothing: she skips them, or takes them
        raise UserError(
            f"{path.name} 中有 {len(held)} 行是表中标出的行（{set_aside_kinds(held)}），"
            "未导入任何一行：\n" + "\n".join(set_aside_lines(held))
            + f"\n不报的，加 --skip-bad-rows 跳过这些行、导入其余各行；确是本表申报的，加 {SET_ASIDE_OPTION}")
    # what the import leaves out, kept with it for the union's 核对意见 (refused_rows): an
    # ID correction not taken too, though --update-registered handled its row
    untaken = ids_not_taken(matches, args.update_registered)
    not_stored = {**duplicates, **{row: matches[row].text(preview.stream, year)
                                   for row in untaken if row not in duplicates}}
    # a row of a paper approved (in publicity, paid): the union told it stands as registered
    locked = locked_for_union(preview.stream, matches)
    left_out = (refused_entries(preview, not_stored, {**locked, **untaken}, locked)
                if preview.errors or not_stored else None)
    preview = kept
    if not preview.records and not updates and not restudied and not duplicates and same:
        # every row a registered paper as the table gives it: nothing to do, no error
        said = unchanged_line(same, rows)
        if earlier:  # the very file, imported before: said when and by whom
            said = f"{earlier_text(earlier, path.name)}；{said}"
        print(f"没有新的申报（{where}）：{said}")
        _fill_received(reg, preview.stream, matches, received)
        if preview.errors:  # --skip-bad-rows: the rows skipped are said, as below
            print(f"跳过无法读取的 {len(preview.refused_rows)} 行：", file=sys.stderr)
            for error in preview.errors:
                print(f"  {error}", file=sys.stderr)
        for line in [f"跳过表中标出的 {len(held)} 行：", *set_aside_lines(held)] if held else ():
            print(line, file=sys.stderr)
        return FileResult(path, BEFORE, preview.table_name, table_unions, message=said)
    if not preview.records and not updates and not restudied:
        disputed = [f"\n  第 {row} 行：{duplicates[row]}" for row, m in sorted(matches.items())
                    if m.clash and row in duplicates]
        # --update-registered given and nothing it takes: each row it left says why
        left = [f"\n  {line}" for line in not_taken(preview.stream, matches)
                ] if args.update_registered else []
        # the rows skipped kept all the same: the union's letter says why each was not taken
        # (without it, only such an ID correction is left: no bad row skipped)
        kept_for = _keep_refused(reg, preview, backup, left_out) if left_out else ""
        raise UserError((f"{earlier_text(earlier, path.name)}。\n" if earlier else "")
                        + f"{path.name} 中各行均已登记，没有新的申报可导入"
                        + ("，已登记的各行与登记册相同" if matches and not any(
                            m.differences for m in matches.values()) else "")
                        + (f"；与登记册不同的 {len(left)} 行未按表更新：" + "".join(left)
                           if left else "")
                        + ("；以下各行属争议，未按表更新：" + "".join(disputed) if disputed else "")
                        + (f"\n{kept_for.lstrip('；')}" if kept_for else ""))
    before = stored_verdicts(reg, preview.stream, [m.app_id for m in updates.values()])
    try:
        ids = commit(reg, preview, skip_bad_rows=args.skip_bad_rows, received_date=received,
                     update_studios=args.update_studios, updates=updates, backup=backup,
                     registered={row: m for row, m in matches.items() if not m.clash}
                     if args.update_registered else None, refused=left_out)
    except ImportRefused as exc:
        raise UserError(exc.message) from exc
    except RegisterError as exc:  # a row the register refuses (a paid award's payee)
        raise UserError(str(exc)) from exc
    except sqlite3.Error as exc:  # a full disk: rolled back whole, said, not a traceback
        refused = refused_write_text(exc, f"{path.name} 未导入任何数据")
        if refused is None:  # not a condition of the disk or file: a bug to see whole
            raise
        raise UserError(refused) from exc
    summary = summarize(reg, preview.stream, ids, preview)
    print(f"{summary}（{where}）" if ids else f"没有新的申报（{where}）")
    if same:  # typed at the desk before the table came: counted, not imported twice
        print(unchanged_line(same, rows))
    for line in summary.lines():  # the rows by verdict: each 不合格 one with why
        print(line)
    _fill_received(reg, preview.stream, matches, received)
    asked = [text for row, text in name_notes if row in name_asked and row in preview.rows]
    if asked:  # questions, not notes: each row's spellings, the register's kept
        print(_asked_text(asked))
    kinds = unit_kinds(reg, made)
    made = [f"{u}（{kinds[u]}）" for u in made if u in kinds]
    if made:  # its kind guessed from the name: the clerk checks it
        print("新登记的推荐单位：" + "、".join(made)
              + "；类别按名称推定，如有误请在“单位与人员”中修改")
    unchecked = imported_studios(reg, ids) if preview.stream == "project" else []
    if unchecked:  # a 附件4 has no 所在单位: 回避 unchecked until it is filled on 工作室
        print(import_line(unchecked))
    if line := patent_import_line(patent_rows(summary.verdicts),  # 一（四）1: 待补 until filled
                                  reg.campaign(preview.year).clause("patent_materials")):
        print(line)
    for line in update_lines(reg, preview.stream, updates, before):  # each with its verdict
        print(line)
    if left := preview.sheets_left_text():  # --sheet: the others still to import
        print(left.replace("并选择该工作表", "，加 --sheet " + " / ".join(
            f"\"{name}\"" for name, _n in preview.sheets_left)))
    if args.update_registered:  # the rows it left as they are: why, and what to do
        for line in not_taken(preview.stream, matches):
            print(cli_words(line), file=sys.stderr)
    if preview.errors:
        print(f"跳过无法读取的 {len(preview.refused_rows)} 行：", file=sys.stderr)
        for error in preview.errors:
            print(f"  {error}", file=sys.stderr)
    if duplicates:
        print(f"跳过已登记或重复的 {len(duplicates)} 行：", file=sys.stderr)
        for row, why in sorted(duplicates.items()):
            print(f"  第 {row} 行：{cli_words(why)}", file=sys.stderr)
    if held:
        print(f"跳过表中标出的 {len(held)} 行（确是本表申报的，加 {SET_ASIDE_OPTION} 重新导入）：",
              file=sys.stderr)
        for line in set_aside_lines(held):
            print(line, file=sys.stderr)
    skipped = len(preview.refused_rows) + len(duplicates) + len(held)
    return FileResult(path, PARTLY if skipped else IMPORTED, preview.table_name, table_unions,
                      len(ids), skipped, str(summary), made, unchecked)
