"""`boostdesk check`, `boostdesk demo` and `boostdesk campaign`: the register from a script."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from boostdesk.cli import (
    UserError,
    add_db_argument,
    open_register,
    refuse_wrong_register,
    year_number,
)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check", help="按方案逐条核对全部申报",
        description="按助推计划的每条规则核对一个年度的全部申报，保存结论并逐项列出",
    )
    add_db_argument(p)
    which = p.add_mutually_exclusive_group()
    which.add_argument("--year", metavar="N", help="年度（默认：登记册中最新的年度）")
    which.add_argument("--all-years", action="store_true",
                       help="核对登记册中的全部年度，按年度分组列出（由早到晚），最后写各年度合计")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（供脚本使用）")
    p.add_argument("--verbose", action="store_true",
                   help="登记册损坏时，列出完整性检查发现的全部问题（供技术人员查看）")
    p.set_defaults(func=run_check)

    p = sub.add_parser(
        "demo", help="填入演示数据",
        description="在登记册中填入演示数据：2021、2022 两个年度，两类助推的各个阶段；"
                    "只用于试用，请用一个新文件（--db 新文件.db），不能填入正在使用的登记册",
    )
    add_db_argument(p)
    p.add_argument("--force", action="store_true",
                   help="演示登记册已有演示数据时，先删除再重新填入（登记册中有不是演示数据的申报时不填入）")
    p.set_defaults(func=run_demo, starts_register=True)

    p = sub.add_parser(
        "campaign", help="查看、新建或修改年度助推计划（规则参数）",
        description="show：显示一个年度的规则参数；list：列出全部年度；"
                    "new：按已有年度复制出新年度（日期顺延相应年数）；"
                    "set：修改一个年度的参数（参数=值，可写多个），保存后按新参数重新核对该年度全部申报，"
                    "如 boostdesk campaign set --year 2023 patent_award=5000 publicity_days=5；"
                    "参数：" + "、".join(f"{k}（{v}）" for k, v in _setting_labels().items())
                    + "；tiers 写成“名称:金额（元）:名额:级别”，多档用分号分开；"
                    "新方案给条款改了编号时，clause_… 写新编号（如 clause_patent_service=一（二）3），"
                    "核对意见和审批表即引用新编号；另需材料用顿号分开（如 "
                    "extra_patent_materials=专利年费缴纳凭证），写空值即取消；2022 年清单中不再要求的材料写在 "
                    "omitted_…_materials（如 omitted_patent_materials=企业应用证明）",
    )
    p.add_argument("action", metavar="show|list|new|set", choices=("show", "list", "new", "set"),
                   help="show、list、new 或 set")
    p.add_argument("settings", nargs="*", metavar="参数=值",
                   help="set：要修改的参数；new：新年度与所复制年度不同的参数")
    add_db_argument(p, new_register=True)
    p.add_argument("--year", metavar="N", help="年度（show 默认最新年度；new 必填）")
    p.add_argument("--from", dest="source", metavar="YEAR",
                   help="new：复制哪个年度（默认最新年度）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--yes", action="store_true",
                   help="set：修改往年（不是最新年度）的计划，或修改会使已核准、已拨付的申报改判为"
                        "不合格、暂缓拨付或应追回，或会改变审批表已打印的核准金额、分担，"
                        "或专利授权期间与其他年度重叠、与相邻年度之间空出日期时，"
                        "确认仍然保存（不加时只列出影响，不保存）")
    p.set_defaults(func=run_campaign, starts_register=lambda a: a.action in ("new", "set"))


def _setting_labels() -> dict[str, str]:
    from boostdesk.campaign_settings import LABELS

    return LABELS


def _campaign(reg: Any, year: int | None) -> Any:
    from boostdesk.models import RegisterError

    try:
        return reg.campaign(year)
    except RegisterError as exc:  # its text sends the clerk to 设置, a window's screen
        known = "、".join(str(y) for y in reg.campaign_years()) or "无"
        raise UserError(f"没有 {year} 年度的助推计划（登记册中已有年度：{known}）；"
                        f"建立该年度请用 boostdesk campaign new --year {year}") from exc


# -- check ---------------------------------------------------------------------
def verdict_word(eligible: bool, incomplete: bool) -> str:
    if not eligible:
        return "不合格"
    return "待补材料" if incomplete else "合格"


def _word(v: Any) -> str:
    """A verdict's word, 待补材料（待填收件日期） for a paper lacking only its 收件日期 (the
    office's to fill: ``review received``), as the window's list says it."""
    from boostdesk.rules.findings import lacks_intake_date_only

    word = verdict_word(v.eligible, v.incomplete)
    if word == "待补材料" and lacks_intake_date_only(v.findings):
        from boostdesk.rules.findings import NO_RECEIVED_ZH

        return NO_RECEIVED_ZH
    return word


def run_check(args: argparse.Namespace) -> int:
    from boostdesk.gc_pause import collector_paused

    if getattr(args, "all_years", False):
        return _check_all_years(args)
    year = year_number(args.year)
    # No cyclic collection in this command: its batches make no cycles, and the pass
    # after each (over every object made in it) and the full passes the verdicts' rows
    # and report lines would set off cost ≈ 0.2 s at 100,000 applications.
    with collector_paused():
        return _check(args, year)


def _check_all_years(args: argparse.Namespace) -> int:
    """`check --all-years`: every campaign of the register re-checked and stored, oldest
    first, each year's report as `check --year` prints it, then the years' totals (JSON:
    one object a year). The plain way (no early reading beside the integrity check: that
    is the newest year's benchmarked path)."""
    from boostdesk.rules import check_campaign, refresh

    refuse_wrong_register(args)
    with open_register(args, integrity="full") as reg:
        years = reg.campaign_years()
        if not years:
            raise UserError("登记册中还没有年度助推计划；建立请用 boostdesk campaign new --year N")
        read_only = getattr(reg, "read_only", False)
        if read_only:
            why = getattr(reg, "why", "登记册只读")
            print(f"提示：{why}，本次为只读：核对结果未存入登记册", file=sys.stderr)
        out: list[dict[str, Any]] = []
        totals = {"合格": 0, "不合格": 0, "待补材料": 0}
        for year in sorted(years):
            campaign = reg.campaign(year)
            verdicts = check_campaign(reg, year) if read_only else refresh(reg, year)
            if args.json:
                out.append({"year": year, "title": campaign.title, "verdicts": [
                    {**v.to_dict(), "incomplete": v.incomplete} for v in verdicts]})
                continue
            if year != min(years):
                sys.stdout.write("\n")
            sys.stdout.write(f"【{year} 年度】\n")
            for word, n in _print_verdicts(args, campaign, verdicts).items():
                totals[word] += n
        if args.json:
            print(json.dumps(out, ensure_ascii=False, indent=1))
        else:
            print(f"\n各年度合计（{len(years)} 个年度）："
                  + "，".join(f"{k} {n} 项" for k, n in totals.items()))
        return _print_chain(args, reg)


def _check(args: argparse.Namespace, year: int | None) -> int:
    from boostdesk.cli_progress import shown
    from boostdesk.rules import refresh
    from boostdesk.rules.check import store_verdicts

    refuse_wrong_register(args)  # before the early reading locks it
    # its stages on stderr (the verdicts are stdout's): ≈ 4 s at 100,000 papers, many
    # more on a loaded machine, with nothing printed before the report
    with shown(f"正在核对{'' if year is None else f' {year} 年度'}") as progress:
        stages = _Stages(progress)
        check, lock, early = _verdicts_beside_the_check(args, year, stages)
        try:
            stages.stage("检查登记册文件是否完好", _Stages.RULES)
            with open_register(args, integrity=check or "full") as reg:  # waits for the check
                campaign = _campaign(reg, year)
                if getattr(reg, "read_only", False):  # held elsewhere, or cannot be written: judge, not store
                    from boostdesk.rules import check_campaign

                    stages.stage("按方案核对各项申报", 0)
                    verdicts = check_campaign(reg, campaign.year, progress=stages.rules)
                    why = getattr(reg, "why", "登记册只读")
                    progress.close()
                    print(f"提示：{why}，本次为只读：核对结果未存入登记册", file=sys.stderr)
                elif early is not None and early[0] == campaign:
                    stages.stage("保存核对结论", _Stages.RULES + 1)
                    verdicts = store_verdicts(reg, campaign, early[1])
                else:
                    stages.stage("按方案核对各项申报", 0)
                    verdicts = refresh(reg, campaign.year, progress=stages.rules)
                progress.close()
                _print_verdicts(args, campaign, verdicts)
                progress.label, progress.what = "正在校验修改记录", ""
                progress(0, 0)
                return _print_chain(args, reg, progress.close)
        finally:
            if lock is not None:
                lock.release()


class _Stages:
    """`check`'s stages told to a ``cli_progress.Progress``: the rules' own steps
    (``rules.check._Steps``, ≈ 1 s each at 100,000) first, then the integrity check
    waited for and the verdicts stored — one line a stage in a log, not one a paper."""

    RULES = 5  # (rules.check._Steps.TOTAL)
    TOTAL = RULES + 2

    def __init__(self, progress: Any) -> None:
        self.progress = progress

    def stage(self, what: str, done: int) -> None:
        self.progress.what = what
        self.progress(done, self.TOTAL)
        self.progress.say(what)  # (drawn at once on a terminal)

    def rules(self, done: int, total: int) -> None:
        self.progress(min(done, self.RULES), self.TOTAL)


def _print_chain(args: argparse.Namespace, reg: Any, checked: Any = None) -> int:
    """Whether the trail's chain is whole (``models.audit_chain``): after the report
    (on stderr beside --json, whose output stays the verdicts' list); 1 when it is not —
    a register from before the chain (格式 30) is said so, and 0. ``checked()``: called
    once the chain is read (a progress line cleared)."""
    from boostdesk.models.audit_chain import verify

    report = verify(reg.conn)
    if checked is not None:
        checked()
    if report.whole and not args.json:
        print(report.said())
    elif report.whole and report.backwards_count:  # (--json: said beside it, as a warning)
        print("提示：" + report.said(), file=sys.stderr)
    elif not report.whole:
        print(("警告：" if report.present else "提示：") + report.said(),
              file=sys.stderr if args.json or report.present else sys.stdout)
    return 0 if report.whole or not report.present else 1


def _verdicts_beside_the_check(args: argparse.Namespace, year: int | None,
                               stages: _Stages | None = None) -> tuple[Any, Any, Any]:
    """(the register's integrity check, started; the write lock; the campaign and its
    verdicts) — the verdicts made from a read-only reader while SQLite checks the file
    beside them on the other core (the check runs without Python's lock: at 100,000
    applications it used to add 0.7 s before the first rule). The lock, taken first,
    keeps them current until they are stored, and they are stored only after the check
    has passed (``open_register`` waits for it). Whatever stops the early reading (no
    file, another holder, damage, an older schema, no such year) leaves it to the usual
    way, which says why."""
    from pathlib import Path

    from boostdesk.paths import default_operator, default_register_path
    from boostdesk.rules.check import check_campaign
    from boostdesk.safety import BackgroundCheck, acquire, open_read_only
    from boostdesk.safety.integrity import disk_full

    path = Path(args.db or default_register_path())
    if not path.is_file():
        return None, None, None
    if disk_full(path):  # opened read-only, unlocked (``open_register``): the lock taken
        # here wiped the name a window killed had left in it
        return BackgroundCheck.start(path, quick=False), None, None
    operator = default_operator(args.operator)
    try:
        lock = acquire(path, operator)
    except Exception:  # noqa: BLE001 - another holder, no right to lock: the usual way says
        return BackgroundCheck.start(path, quick=False), None, None
    # the check too under the lock: read as it is, as the reader below. Unlocked, its own
    # -wal and -shm made the reader open the file the usual way, and when the check had
    # found damage and removed them first, the reader made them again beside the damaged
    # copy (seen on a loaded machine only)
    check = BackgroundCheck.start(path, quick=False, closed=True)
    try:
        # under the lock: read as it is (a -wal and -shm made beside a damaged copy were
        # then named by the damage message as files to send with it)
        reader = open_read_only(path, operator, None, closed=True)
        try:
            campaign = reader.campaign(year)
            if stages is not None:
                stages.stage("按方案核对各项申报", 0)
            return check, lock, (campaign, check_campaign(
                reader, campaign.year, progress=stages.rules if stages else None))
        finally:
            reader.close()
    except Exception:  # noqa: BLE001 - the usual way reports it
        return check, lock, None
    except BaseException:  # Ctrl+C while reading: else the next command is told this
        lock.release()     # one ended abnormally (killed, crashed or a power cut)
        raise


def _print_verdicts(args: argparse.Namespace, campaign: Any,
                    verdicts: list[Any]) -> dict[str, int]:
    """The report, written at once (100,000 applications are 150,000 lines); returns its
    counts by verdict word (none for --json)."""
    from boostdesk.rules.findings import NO_RECEIVED_ZH, SEVERITY_ZH, is_eligible, is_incomplete

    if args.json:
        out = [{**v.to_dict(), "incomplete": v.incomplete} for v in verdicts]
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return {}
    counts = {"合格": 0, "不合格": 0, "待补材料": 0}
    lines = [f"{campaign.title}：共 {len(verdicts)} 项申报"]
    # The verdicts share a few findings lists (findings.py): each one's word and lines
    # are made once, found again by the identities of its findings (most lists are
    # empty: that word is found without a key).
    said: dict[tuple[int, ...], tuple[str, list[str]]] = {}
    nothing: tuple[str, list[str]] = (verdict_word(is_eligible([]), is_incomplete([])), [])
    append, extend = lines.append, lines.extend
    for v in verdicts:
        if v.findings:
            key = tuple(map(id, v.findings))
            known = said.get(key)
            if known is None:
                known = said[key] = (_word(v), [
                    f"    [{SEVERITY_ZH.get(f.severity, f.severity)}] {f.message}"
                    for f in v.findings])
            word, notes = known
        else:
            word, notes = nothing
        counts[word] = counts.get(word, 0) + 1
        if v.stream == "patent":
            append(f"专利 {v.ref or '（无专利号）'} {v.name} {word}")
        else:
            append(f"项目 {v.ref or '（无项目名称）'} {v.name} {word}")
        extend(notes)
    undated = counts.pop(NO_RECEIVED_ZH, 0)  # counted 待补材料, as the status bar does
    counts["待补材料"] += undated
    lines.append("合计：" + "，".join(f"{k} {n} 项" for k, n in counts.items())
                 + (f"（其中待填收件日期 {undated} 项）" if undated else ""))
    sys.stdout.write("\n".join(lines) + "\n")
    return counts


# -- demo ----------------------------------------------------------------------
DEMO_MARK = "fill_demo"  # the audit line `demo` writes: the event ids its data was made with


def run_demo(args: argparse.Namespace) -> int:
    from boostdesk.demo import fill_demo

    if not args.db:
        raise UserError("请用 --db 指定演示登记册文件，如 boostdesk demo --db demo.db"
                        "（演示数据不写入日常使用的登记册）")
    with open_register(args) as reg:
        existing = (reg.scalar("SELECT COUNT(*) FROM patent_applications")
                    + reg.scalar("SELECT COUNT(*) FROM project_applications"))
        if existing:
            refuse_real_work(reg, args.db)
        if existing and not args.force:
            raise UserError(
                f"登记册 {args.db} 已有 {existing} 项申报（演示数据），未填入演示数据；"
                "如确要清空后重新填入，请加 --force"
            )
        from boostdesk.safety.backup import backed_up_write

        # --force on the demo's own register: keep a way back all the same
        with backed_up_write(reg, "demo" if existing else None) as backed_up:
            if backed_up.made is not None:
                print(f"已先备份原有的 {existing} 项申报（演示数据）：{backed_up.made.path}")
            with reg.transaction():
                if existing:
                    clear_applications(reg)
                mark = reg.scalar("SELECT COALESCE(MAX(id), 0) FROM audit_events")
                fill_demo(reg)
                last = reg.scalar("SELECT COALESCE(MAX(id), 0) FROM audit_events")
                reg.audit(DEMO_MARK, "register", None, None,
                          {"first_id": mark + 1, "last_id": last})
        patents = reg.scalar("SELECT COUNT(*) FROM patent_applications")
        projects = reg.scalar("SELECT COUNT(*) FROM project_applications")
        print(f"已填入演示数据：专利申报 {patents} 项，项目申报 {projects} 项（{args.db}）")
    return 0


def not_demo(reg: Any) -> dict[str, list[int]]:
    """The applications `demo` did not put in the register, by stream: each one whose
    latest creation is not among the events of a `demo` run (a register's own work, an
    older demo's, an import's, one entered in the window since). Ids alone would not do:
    SQLite gives a deleted last row's id to the next one."""
    from boostdesk.models.records import PATENT, PROJECT

    runs = []
    for (after,) in reg.conn.execute(
            "SELECT after FROM audit_events WHERE entity = 'register' AND action = ?",
            (DEMO_MARK,)):
        doc = json.loads(after or "{}")
        runs.append((int(doc.get("first_id", 0)), int(doc.get("last_id", -1))))
    found: dict[str, list[int]] = {}
    for stream, table in ((PATENT, "patent_applications"), (PROJECT, "project_applications")):
        made = dict(reg.conn.execute(
            "SELECT entity_id, MAX(id) FROM audit_events WHERE entity = ? AND action = 'create'"
            " AND entity_id IS NOT NULL GROUP BY entity_id", (table,)).fetchall())
        found[stream] = [
            app_id for (app_id,) in reg.conn.execute(f"SELECT id FROM {table} ORDER BY id")
            if not any(first <= (made.get(app_id) or 0) <= last for first, last in runs)]
    return found


def refuse_real_work(reg: Any, db: str) -> None:
    """`demo` deletes every application before filling its own: never a register's real
    work (paid money, approved awards), --force or not; demo is for trying the program."""
    real = not_demo(reg)
    count = sum(len(ids) for ids in real.values())
    if not count:
        return
    approved = paid = 0
    for stream, ids in real.items():
        table = "patent_applications" if stream == "patent" else "project_applications"
        mine = set(ids)
        approved += sum(1 for (app_id,) in reg.conn.execute(
            f"SELECT id FROM {table} WHERE approved_date IS NOT NULL") if app_id in mine)
        paid += sum(1 for (app_id,) in reg.conn.execute(
            "SELECT application_id FROM payments WHERE stream = ? AND paid_date IS NOT NULL",
            (stream,)) if app_id in mine)
    held = "、".join(x for x in (approved and f"{approved} 项已核准",
                                paid and f"{paid} 笔已拨付") if x)
    raise UserError(
        f"登记册 {db} 中有 {count} 项申报不是演示数据" + (f"（其中{held}）" if held else "")
        + "，未填入演示数据，也没有删除任何申报：演示数据只用于试用，不能填入正在使用的登记册"
        "（加 --force 也不行）。请填到一个新文件，如 boostdesk demo --db 新文件.db")


def clear_applications(reg: Any) -> None:
    """Delete every application and earlier studio award (audited), for ``demo --force``."""
    from boostdesk.models.records import PATENT, PROJECT

    with reg.transaction():
        for stream, table in ((PATENT, "patent_applications"), (PROJECT, "project_applications")):
            for (app_id,) in reg.conn.execute(f"SELECT id FROM {table}").fetchall():
                reg.delete_application(stream, app_id)
        for row in reg.query("SELECT * FROM studio_awards"):
            reg.conn.execute("DELETE FROM studio_awards WHERE id = ?", (row["id"],))
            reg.audit("delete", "studio_awards", row["id"], row, None)


# -- campaign ------------------------------------------------------------------
def run_campaign(args: argparse.Namespace) -> int:
    from boostdesk.campaign_settings import campaign_lines

    if args.settings and args.action not in ("set", "new"):
        raise UserError(f"“{args.settings[0]}”：只有 campaign set 和 campaign new 接受“参数=值”")
    opened = open_register(args)
    with opened as reg:
        if args.action == "list":
            rows = [reg.campaign(y) for y in reg.campaign_years()]
            if args.json:
                print(json.dumps([json.loads(c.to_json()) for c in rows], ensure_ascii=False,
                                 indent=1))
            else:
                for c in rows:
                    print(f"{c.year}  {c.title}")
            return 0
        if args.action == "show":
            c = _campaign(reg, year_number(args.year))
            if args.json:
                print(json.dumps(json.loads(c.to_json()), ensure_ascii=False, indent=1))
            else:
                print("\n".join(campaign_lines(c)))
            return 0
        if args.action == "set":
            return _set_campaign(reg, args)
        year = year_number(args.year)
        if year is None:
            raise UserError("新建年度须指定 --year，如 boostdesk campaign new --year 2023")
        if year in reg.campaign_years() and opened.made:
            # a new register comes with the 2022 plan: the year asked for is there already
            print(f"新登记册已预置 {year} 年度的助推计划（{reg.campaign(year).title}）；"
                  f"查看：boostdesk campaign show --year {year}"
                  + ("；下面按所给参数修改" if args.settings else ""))
            return _set_campaign(reg, args) if args.settings else 0
        if year in reg.campaign_years():
            raise UserError(f"{year} 年度的助推计划已存在；查看请用 campaign show --year {year}")
        from boostdesk.campaign_settings import contacts_kept, new_year
        from boostdesk.validate import ValidationError

        pairs = _setting_pairs(args.settings)
        source = _campaign(reg, year_number(args.source))
        try:
            new = new_year(reg, year, source.year, pairs)
        except ValidationError as exc:
            raise UserError(f"{exc.message}（{year} 年度未建立）") from None
        shift = year - source.year
        moved = f"顺延 {shift} 年" if shift > 0 else f"提前 {-shift} 年"
        copied = campaign_lines(source.for_year(year))
        changed = [b for a, b in zip(copied, campaign_lines(new), strict=True) if a != b]
        print(f"已按 {source.year} 年度建立 {year} 年度助推计划：{new.title}"
              f"（日期{moved}，" + ("其余" if changed else "") + "评审参数和评分细则照旧；"
              "请按新方案核对金额与名额、条款编号和申报材料，以及核对意见联系人和邮箱）")
        for line in changed:
            print(f"  {line}")
        kept = contacts_kept(source, new, f"请用 boostdesk campaign set --year {year} "
                                          "notice_contact=… notice_email=… 改")
        if kept:
            print(f"  {kept}")
        from boostdesk.grant_window_neighbours import clash_question, register_clashes

        clashes = register_clashes(reg, year, new.grant_window_start, new.grant_window_end)
        if clashes:  # made all the same: the new plan's window is to be checked anyway
            print("注意：" + clash_question(
                year, clashes, f"方案原文确实如此的，不必改动；不是的，请用 boostdesk campaign set "
                               f"--year {year} grant_window_start=… grant_window_end=… 改正"))
        from boostdesk.plan_amounts import doubt_question, register_doubts

        doubts = register_doubts(reg, source.for_year(year), new)  # the amounts given here
        if doubts:  # made all the same, as a window: said with how to correct
            print("注意：" + doubt_question(
                year, doubts, f"方案原文确实如此的，不必改动；不是的，请用 boostdesk campaign set "
                              f"--year {year} patent_award=… tiers=… 改正"))
    return 0


def _setting_pairs(settings: list[str]) -> list[tuple[str, str]]:
    """The (key, value) of each 参数=值 of ``campaign set`` / ``campaign new``."""
    pairs = []
    for item in settings:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UserError(f"“{item}”应写成 参数=值，如 publicity_days=5")
        pairs.append((key.strip(), value))
    return pairs


class _Trial(Exception):
    """Rolls back a trial save (:func:`_past_year_question`) with what it changed."""

    def __init__(self, verdicts: Any, effect: Any, now: dict[tuple[str, int], Any]) -> None:
        super().__init__()
        self.verdicts, self.effect, self.now = verdicts, effect, now


def _verdicts(reg: Any, year: int) -> dict[tuple[str, int], Any]:
    """A year's stored verdicts: (stream, id) -> ``decided_changes.Judged``."""
    from boostdesk.decided_changes import Judged
    from boostdesk.rules.findings import stored_findings

    out = {}
    for stream, table in (("patent", "patent_applications"), ("project", "project_applications")):
        for app_id, eligible, incomplete, text in reg.conn.execute(
                f"SELECT a.id, a.eligible, a.incomplete, a.findings FROM {table} a JOIN campaigns c"
                " ON c.id = a.campaign_id WHERE c.year = ? AND a.eligible IS NOT NULL", (year,)):
            out[(stream, int(app_id))] = Judged(bool(eligible), bool(incomplete), tuple(
                (f.code, f.message) for f in stored_findings(text or "[]")))
    return out


def _verdict_moved(was: Any, now: Any) -> str:
    """专利39（不合格 → 合格）; the same word on another ground says the ground (不合格，
    新增：…；不再：…), else the move read 不合格 → 不合格."""
    from boostdesk.decided_changes import what_changed

    old, new = verdict_word(was.eligible, was.incomplete), verdict_word(now.eligible, now.incomplete)
    if old != new:
        return f"{old} → {new}"
    return f"{new}，{what_changed(was, now) or '核对意见改变'}"


def _past_year_question(reg: Any, before: Any, after: Any) -> str:
    """What the window asks (修改往年计划) before an earlier year's plan is changed, with
    what the change does there: the title printed on the year archive's copies of sheets
    already signed, its papers re-judged (tried, rolled back). "" for the newest year."""
    from boostdesk.models.records import id_ref
    from boostdesk.plan_change_effects import ANY, save_plan
    from boostdesk.rules import refresh

    newest = max(reg.campaign_years(), default=before.year)
    if before.year >= newest:
        return ""
    year = before.year
    lines = [f"正在修改的是 {year} 年度（往年）的计划，不是最新的 {newest} 年度。"]
    awarded = reg.scalar(
        "SELECT COUNT(*) FROM patent_applications a JOIN campaigns c ON c.id = a.campaign_id"
        " WHERE c.year = ? AND a.award_fen IS NOT NULL", (year,)) + reg.scalar(
        "SELECT COUNT(*) FROM project_applications a JOIN campaigns c ON c.id = a.campaign_id"
        " WHERE c.year = ? AND a.award_fen IS NOT NULL", (year,))
    if before.title != after.title:
        lines.append(
            f"计划名称改为“{after.title}”后，{year} 年度的年度归档（审批表存档副本、目录、统计表）"
            f"和此后打印的审批表、汇总表都印新名称"
            + (f"；已签发的 {awarded} 项核准申报的审批表印的是“{before.title}”，两者将不一致"
               "（打印记录不含计划名称，无法按原名称重印）" if awarded else "") + "。")
    if any(getattr(before, k) != getattr(after, k) for k in vars(before) if k != "title"):
        judged = _verdicts(reg, year)
        try:
            with reg.transaction():
                _followed, verdicts, effect = save_plan(reg, after, lambda: refresh(reg, year),
                                                        ANY)
                raise _Trial(verdicts, effect, _verdicts(reg, year))
        except _Trial as trial:
            now, effect, checked = trial.now, trial.effect, len(trial.verdicts)
        moved = [f"{id_ref(*k)}（{_verdict_moved(judged[k], v)}）" for k, v in now.items()
                 if k in judged and (judged[k].eligible, judged[k].incomplete)
                 != (v.eligible, v.incomplete)]
        said = (f"核对结论改变的 {len(moved)} 项：{'、'.join(moved[:12])}"
                f"{' 等' if len(moved) > 12 else ''}" if moved else "核对结论没有改变的")
        decided = (f"；已核准、已拨付的申报{'改判' if effect.refused or effect.held else ''}："
                   f"{'；'.join(effect.lines())}" if effect else "")
        lines.append(f"{year} 年度全部 {checked} 项申报将按新参数重新核对（每人每年助推次数等"
                     f"核对规则改变，往年已判定的申报随之改判），{said}{decided}。")
    return "\n".join(lines)


class _Rollback(Exception):
    """Ends :func:`_refused_first`'s trial write."""


def _refused_first(reg: Any, after: Any) -> None:
    """The register's own refusal of ``after`` (a tier amount an approved project holds),
    raised as the command's error before any question the refusal makes moot: the plan
    stored in a transaction rolled back."""
    from boostdesk.models import RegisterError

    try:
        with reg.transaction():
            reg.save_campaign(after)
            raise _Rollback
    except _Rollback:
        pass
    except RegisterError as exc:
        raise UserError(str(exc)) from None


def _effect_words(effect: Any) -> str:
    if effect.refused or effect.held:
        return "按新参数改判"
    return f"改变{effect.decided_words}申报的核对结论或排名" if effect.rejudged else "改变已签发审批表的金额"


def _print_changes(changed: list[tuple[str, str]]) -> None:
    """Each changed parameter, old → new (said whether stored or asked about)."""
    for old, new in changed:
        label, _, old_value = old.partition("：")
        print(f"  {label}：{old_value} → {new.partition('：')[2]}")


def _ask_all(reg: Any, after: Any, agree: list[str], changed: list[tuple[str, str]]) -> None:
    """Refuses (stores nothing) a change the questions already printed ask about, saying
    with them what it does to approved and paid papers (tried, rolled back): one ``--yes``
    agrees to all of it, so none is left to be found out after it."""
    from boostdesk.models import RegisterError
    from boostdesk.plan_change_effects import trial_effect
    from boostdesk.rules import refresh

    try:
        effect = trial_effect(reg, after, lambda: refresh(reg, after.year))
    except RegisterError as exc:  # a split or shares changed under what it governs
        raise UserError(str(exc)) from None
    if effect:
        print(effect.question)
        if effect.details():
            print(effect.details())
        agree = [*agree, f"确需{_effect_words(effect)}"]
    _print_changes(changed)
    raise UserError(f"未保存：{after.year} 年度计划未改动；核对无误、{'、'.join(agree)}的，"
                    "请加 --yes 重新运行")


def _set_campaign(reg: Any, args: argparse.Namespace) -> int:
    """``campaign set``: the parameters changed and the campaign re-checked in one
    transaction (the window's 保存本年度计划); the changed lines printed old → new."""
    from boostdesk.campaign_settings import apply_settings, campaign_lines
    from boostdesk.models import RegisterError
    from boostdesk.money import format_money
    from boostdesk.plan_change_effects import ANY, PlanChangeAsks, save_plan
    from boostdesk.rules import refresh
    from boostdesk.validate import ValidationError

    if not args.settings:
        raise UserError("campaign set 须写出要修改的参数，如 patent_award=5000；"
                        "参数名见 boostdesk campaign --help")
    pairs = _setting_pairs(args.settings)
    before = _campaign(reg, year_number(args.year))
    try:
        after = apply_settings(before, pairs)
    except ValidationError as exc:
        raise UserError(exc.message) from None
    changed = [(a, b) for a, b in zip(campaign_lines(before), campaign_lines(after), strict=True)
               if a != b]
    if not changed:
        print(f"{before.year} 年度助推计划没有改动")
        return 0
    from boostdesk.grant_window_neighbours import changed_window_clashes, clash_question
    from boostdesk.plan_amounts import doubt_question, register_doubts
    from boostdesk.plan_deadline import deadline_move
    from boostdesk.plan_issue_date import issue_date_move

    clashes = changed_window_clashes(reg, before, after)
    if clashes:  # said even with --yes: the office should know
        print(clash_question(after.year, clashes))
    issued = issue_date_move(reg, before, after)  # after days already held: asked as a clash is
    if issued:
        print(issued.question())
    deadline = deadline_move(reg, before, after)  # before receipts held: asked as a clash is
    if deadline:
        print(deadline.question())
    doubts = register_doubts(reg, before, after)  # 3万 typed for 3000元: asked as a clash is
    if doubts:
        _refused_first(reg, after)  # a tier held by an award: refused, not asked about
        print(doubt_question(after.year, doubts))
    try:  # the trial save refuses what 设置 refuses (an award already sent): said as such
        asked = "" if args.yes else _past_year_question(reg, before, after)
    except RegisterError as exc:
        raise UserError(str(exc)) from None
    if asked:
        print(asked)
        _print_changes(changed)
        raise UserError(f"未保存：{before.year} 年度是往年，计划未改动；核对无误、确需修改"
                        f" {before.year} 年度的，请加 --yes 重新运行") from None
    if not args.yes and (clashes or issued or deadline or doubts):  # the plan may say so
        _ask_all(reg, after, [what for what, found in (
            ("方案确定授权期间如此", clashes), ("方案确定印发日期如此", issued),
            ("方案确定报送截止日如此", deadline), ("方案确定金额如此", doubts)) if found],
            changed)
    from boostdesk.plan_shares_followed import shares_followed

    shares = shares_followed(reg, before, after)  # (read before: refused ones print nothing)
    try:
        followed, verdicts, effect = save_plan(reg, after, lambda: refresh(reg, after.year),
                                               ANY if args.yes else None)
    except PlanChangeAsks as asks:  # rolled back: said, and stored only with --yes
        print(asks.effect.question)
        if asks.effect.details():
            print(asks.effect.details())
        _print_changes(changed)
        raise UserError(f"未保存：{after.year} 年度计划未改动；核对无误、"
                        f"确需{_effect_words(asks.effect)}的，请加 --yes 重新运行") from None
    except RegisterError as exc:  # a split, shares or an award changed under what it governs
        raise UserError(str(exc)) from None
    print(f"已修改 {after.year} 年度助推计划：")
    _print_changes(changed)
    if followed:
        print(f"已核准尚未拨付的 {followed} 项专利，助推金额随之改为 "
              f"{format_money(after.patent_award_fen)}（审批表请重新打印）")
    for line in shares:
        print(line)
    print(f"已按新参数重新核对该年度全部 {len(verdicts)} 项申报")
    if effect:  # agreed with --yes: what it did, paper by paper
        rejudged = [line for line in effect.lines() if line != effect.sealed_line()]
        if rejudged:
            print(f"按新参数{'改判' if effect.refused or effect.held else '改变'}："
                  + "；".join(rejudged))
        if effect.sealed:
            print(f"已签发的审批表：{effect.sealed_line()}（已记入修改记录；重新打印的审批表页脚注明"
                  "“重新打印（内容已变更，…打印的原件作废）”）")
        if effect.details():
            print(effect.details())
    return 0

