"""The audit trail as an auditor reads it: who changed what in the register, when, from
what to what, in Chinese, resident ID, card and phone numbers masked as the documents and
the detail pane mask them.

For one application (its own changes, its payments, review and publicity, and what another
screen changed of its inventor, studio or union since it was entered), for a year (every
change to its applications, plan, panel and publicity, and to the people, studios and
unions its applications name), or for the whole register; as lines of text or an .xlsx
workbook (``boostdesk audit``, the window's 导出修改记录…).
"""

from __future__ import annotations

import json
import marshal
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import starmap
from operator import attrgetter
from pathlib import Path
from typing import IO, Any, cast

from boostdesk.labels import (
    ACTION_ZH,
    FIELD_ZH,
    MASKED_BACK,
    MASKED_DIFFER,
    MASKED_FIELDS,
    show_value,
)
from boostdesk.models import Register, RegisterError
from boostdesk.models.campaign import PAYER_ZH
from boostdesk.models.records import PATENT, PROJECT, erased, id_ref, same_value
from boostdesk.models.register import GONE_WITH_APPLICATION
from boostdesk.models.register_base import OPERATOR_SWITCH
from boostdesk.money import format_money
from boostdesk.printing.print_log import ACTION as PRINT_ACTION
from boostdesk.printing.print_log import ARCHIVE_ACTION, archive_details
from boostdesk.printing.print_log import CHANGED_ACTION as SEALED_ACTION
from boostdesk.printing.print_log import details as print_details
from boostdesk.safety.copies_aside import REFUSED_ACTION, noted_said, refused_said
from boostdesk.safety.lost_changes import ACTION as LOST_ACTION
from boostdesk.safety.lost_changes import ACTION_ZH as LOST_ACTION_ZH
from boostdesk.safety.privacy import mask_message, mask_phone
from boostdesk.seal_choice import ACTION_ZH as SEAL_ACTIONS
from boostdesk.seal_choice import ENTITY as SEAL
from boostdesk.sealed_sheets import details as sealed_details
from boostdesk.validate import shown_patent_number

APP_TABLES = {"patent_applications": PATENT, "project_applications": PROJECT}
_TABLE = {PATENT: "patent_applications", PROJECT: "project_applications"}

# Actions beyond the record screens' (ACTION_ZH), as the office names them.
_ACTIONS = {
    "score": "录入评分", "score_correct": "更正评分（公示中）", "declare_conflict": "申明回避", "withdraw_conflict": "撤回回避",
    "import": "导入汇总表", "import_package": "导入评分包", "export_packages": "导出评分包",
    "export_unmasked": "导出全号文件（财务联）", "resolve": "处理异议", "close": "结束公示",
    "adopt": "采纳拟助推名单", "withdraw": "撤回拟助推名单", "rerank_settle": "排名复核",
    "keep_published_tier": "维持公示档次", "undo_keep_published_tier": "撤销维持公示档次",
    "award_keep": "核对不合格后维持核准", "keep_card": "确认按原卡号重拨（退汇后）", "confirm_distinct": "确认为不同工作室", "clear_near": "确认为不同的人或项目（不再提示相近）", "accept_findings": "自动核对有不符合项仍改变状态",
    "rename_payer": "付款单位改名（推荐单位改名或合并）", "record_past": "补录往年结果",
    "withdraw_past": "撤销补录的往年结果", "withdraw_acceptance": "撤销结题验收",
    "postpone_acceptance": "登记延期验收", "withdraw_postponement": "撤销延期验收",
    "revoke_award": "撤销助推（已拨付，应追回）", "undo_revoke_award": "撤销“撤销助推”",
    "recovered": "登记已追回", "withdraw_recovered": "撤销“已追回”登记",
    "close_year": "往年结年（其余申报记为未获助推）",
    "reopen_year": "撤销往年结年", "settle_past": "补录往年结题验收",
    "restore_chain": "恢复修改记录校验链（chain 列曾在本程序之外被删除）",
    "erase_person": "删除个人信息（个人信息保护法第四十七条）",
    "record_unsealed_exports": "记下 0.19.0 版导出评分包未加校验值的行",
    "export_notices": "导出核对意见", "export_notices_copy": "导出核对意见存档副本（不是再次告知）",
    "withdraw_application": "推荐单位撤回申报", OPERATOR_SWITCH: "更换操作人",
    PRINT_ACTION: "打印或导出正式文件", ARCHIVE_ACTION: "导出年度归档",
    SEALED_ACTION: "修改计划改变已打印审批表的金额",
    "restore_application": "推荐单位撤销撤回（恢复申报）", "undo_withdrawal": "撤销撤回申报（误操作）",
    **SEAL_ACTIONS,
}
_ENTITY = {
    "units": "推荐单位", "enterprises": "所在单位", "people": "人员", "studios": "工作室",
    "studio_awards": "往年助推", "experts": "评审专家", "assignments": "评审分配",
    "criteria": "评分细则", "panel_settings": "评审参数", "panel_secret": "评分包签名",
    "publicity_periods": "公示", "objections": "异议", "proposals": "拟助推名单",
    "payments": "拨付", "campaigns": "助推计划", "documents": "文件", "register": "登记册",
    SEAL: "审批表印章",
}
# Keys of the panel's, publicity's and finance's audit documents.
_KEYS = {
    "expert": "专家", "project": "项目", "project_id": "项目登记号", "scores": "评分",
    "distinct_from": "另一工作室", "names": "两工作室名称",
    "computer": "电脑", "comment": "评语", "submitted_at": "提交时间", "source": "来源", "note": "说明",
    "file": "文件", "sheet": "工作表", "applications": "申报项数", "projects": "项目",
    "experts": "专家", "folder": "文件夹", "document": "文件", "to": "保存到", "year": "年度",
    "resolution": "处理结果", "corrected_from": "更正前的处理结果", "resolved": "处理日期", "received": "收到日期",
    "objector": "异议人", "content": "异议内容", "start": "开始", "end": "结束",
    "recovered_fen": "追回金额", "recovered_date": "追回日期", "to_recover": "应追回",
    "recovered_total_fen": "累计已追回", "owing_fen": "尚欠",
    "deleted_unpaid": "删除的未拨付款项", "revocation": "撤销助推", "money": "款项",
    "closed_date": "结束日期", "approved": "核准", "pending": "待处理", "paid_date": "拨付日期",
    "voucher": "凭证号", "due_date": "应拨日期", "payer": "付款单位", "tranche": "批次",
    "amount_fen": "金额", "organisation": "单位", "field": "专业领域", "contact": "联系方式",
    "withdrawn_score": "已交评分撤回", "replaced": "替换原评分", "exported_at": "导出时间",
    "saved_at": "保存时间", "trim_min_scores": "去极值起始专家数", "trim_each": "去掉最高最低各",
    "disagreement_sd_x10": "分歧阈值（标准差×10）", "experts_per_project": "每个项目专家数",
    "into": "并入", "refs": "涉及", "project_title": "项目名称", "accepted": "已验收",
    "payee_enterprise_id": "收款单位", "published_enterprise_id": "公示时的所在单位",
    "verdict": "核对结论", "approval_reason": "核准理由",  # (migrations 22, 24: the upgrade's)
    "credit_code": "统一社会信用代码", "payment_fen": "金额", "expert_id": "专家",
    "criteria": "评分项", "max_score": "满分", "weight": "权重", "criterion_id": "评分项",
    "score_x10": "得分", "enterprise_id": "所在单位", "unit_id": "推荐单位",
    "ranking": "排名变化", "short": "评审专家不足",
    "letter_date": "来函日期", "by": "来函单位", "payments_deleted": "删除的待拨付款项",
    "payments_restored": "恢复的待拨付款项", "withdrawn": "撤回的来函",
    "short_reason": "按现有评分采纳的理由",
    "short_kept": "沿用此前采纳时的决定", "replaced_list": "合并采纳前待公示的名单", "short_kept_reasons": "沿用的理由",
    "description": "评分要点",
    "published_fen": "公示档次", "ranked_fen": "按现有排名的档次",
    "withdrawn_decision": "撤销的决定", "withdrawn_acceptance": "撤销的验收",
    "acceptance_due": "验收期限", "latest_completion": "最晚结题日期",
    "payer_name": "付款单位", "updated": "按表更新的登记号",
    "asked": "表中另写第一发明人姓名的申报（按登记册或本表先出现的姓名登记）",
    "paid_to": "收款人", "paid_card": "收款卡号", "resent_after": "曾退汇",
    "redirected": "改汇的款项", "decided": "决定日期",
    "returned_date": "退汇日期", "return_date": "所依据的退汇日期", "returned_from": "原收款人及账户",
    "resolution_note": "处理意见", "resolved_date": "处理日期", "start_date": "开始日期",
    "end_date": "结束日期", "undone_paper": "随之撤回的申报登记号",
    "failed_date": "验收未通过日期", "patents": "专利",
    "taken_findings": "补录时自动核对的不符合项（按往年结果补录）", "notes": "提示",
    "findings": "自动核对的不符合项",
    "unchanged": "未改动的项目数", "export_seq": "评分包导出序号",
    "replace_confirmed": "经确认替换（导入前所告知的情况）",
    "older_save": "以较早保存的一份替换较晚导入的一份",
    "expert_confirmed": "经确认为该专家本人的评分（导入前所告知的情况）",
    "near_confirmed": "经核实无利益冲突（工作单位名称相近）",
    # 结年's before: each paper's status, reason and date as they were (撤销结年 puts them back)
    "was": "结年前的状态",
    # 导出年度归档 (year_archive.record)
    "files": "文件数", "pages": "页数", "index_sha256": "目录的 SHA-256", "backup": "登记册备份",
    "entries": "文件（名称、页数、SHA-256）",
    # 采纳拟助推名单's rows (panel.ranking_rows.RankRow.to_dict, said in full by _proposal)
    # and the proposals table's (an adoption's before, a withdrawal's, a restore's)
    "proposals": "拟助推名单", "ref": "项目", "studio": "工作室", "score": "得分",
    "rank": "排名", "tier": "档次（元）", "tier_fen": "档次金额", "tier_name": "档次",
    "tie": "同分排序", "mean": "平均分", "trimmed_mean": "去掉最高最低分后的平均分",
    "sd": "标准差", "assigned": "分配专家数", "missing_experts": "未交评分的专家",
    "conflicted_experts": "回避的专家", "disagreement": "专家评分分歧较大",
    "held": "已公示或核准（保留档次）", "override": "人工调整档次",
    "against_plan": "不符合方案条件", "score_x100": "得分", "adopted_at": "采纳时间", "adopted_on": "采纳日期",
    "cutoff_ties": "档次分界处同分", "tie_reason": "同分排序的理由",
    "over_request": "超过申请金额", "over_request_reason": "超过申请金额仍按档次助推的理由",
    "against_plan_reason": "不符合方案条件仍列入档次的理由",
    "first_paid_date": "首笔拨付日期", "payments": "拨付记录",
    "score_kept_flagged": "已交评分保留（标注回避），项目状态", "studios": "重新核对的工作室",
    # an import's (import_commit): the rows it did not store, the rows of blank 序号
    "refused": "未导入的行", "rows": "序号空白或重复的行",
}
_RESOLUTIONS = {"upheld": "异议成立", "dismissed": "异议不成立"}
_SOURCES = {"package": "评分包", "screen": "评分录入"}
_QUIET = {"updated_at", "created_at", "search_text", "search_numbers", "paper", "id", "at",
          "operator", "sha256", "first_id", "last_id", "person_id", "studio_id", "unit_id",
          "enterprise_id", "campaign_id", "period_id", "assignment_id", "stream",
          "application_id", "instalment",
          "eligible", "incomplete", "findings", "patent_number",
          "printed"}  # (sheet_fields: the same change as the sheet printed it)
_PAYER = PAYER_ZH  # 市总工会, 推荐工会: as 拨付 and the statistics name the two payers
_REUSED = ("payments", "assignments", "objections")  # rows deleted and their ids given again

Apps = set[tuple[str, int]]
# What an auditor picks out (boostdesk.audit_picks): given an event, the applications it is
# about and its line (made on demand), the line as kept, or None
Pick = Callable[[dict[str, Any], Apps, Callable[[], "Line"]], "Line | None"]


@dataclass(frozen=True, slots=True)
class Line:
    """One change as the auditor reads it."""

    at: str  # 2022-12-20 09:15:03
    operator: str
    year: int | None  # the campaign it belongs to; None: the register's shared names
    subject: str  # 专利12 ZL…（张三）, 项目3 …, 2022 年度助推计划, 工作室“…”
    action: str
    details: str
    entity: str = ""  # the audit event's own (assignments: a review; payments: finance's)
    computer: str = ""  # the computer it was made on ("": before it was recorded)
    # the one paper the line is about, (stream, id), for 修改记录's Enter to open it; None:
    # several (a table imported), none (a setting) or one deleted since
    paper: tuple[str, int] | None = None

    def text(self) -> str:
        return "  ".join(x for x in (self.at, self.operator, self.subject, self.action,
                                     self.details, self.computer and f"（电脑：{self.computer}）")
                         if x)


# the register's lines a year's trail takes only through the papers they name (the demo's
# filling; 0.20.0's record of 0.19.0's unsealed lines): a restore and the seal are every year's
NO_YEAR_OF_ITS_OWN = ("fill_demo", "record_unsealed_exports")

def _load(text: str | None) -> Any:
    return json.loads(text) if text else None


class _Context:
    """What the events name, read once: applications, payments, panel and publicity rows."""

    def __init__(self, reg: Register, only: tuple[str, int] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> None:
        """``only``: one application's trail is wanted; its rows alone are read.
        ``cancelled()`` turning true stops the read of every application (seconds at
        100,000: 修改记录's in a worker) with :class:`ExportCancelled`."""
        self.reg = reg
        self.years = {r[0]: r[1] for r in reg.conn.execute("SELECT id, year FROM campaigns")}
        self.apps: dict[tuple[str, int], tuple[int, str]] = {}
        self.people: dict[int, set[int]] = {}
        self.studios: dict[int, set[int]] = {}
        self.units: dict[int, set[tuple[str, int]]] = {}

        def where(stream: str, column: str = "a.id") -> tuple[str, tuple[Any, ...]]:
            if only is None:
                return "", ()
            return (f" WHERE {column} = ?", (only[1],)) if only[0] == stream else (" WHERE 0", ())

        sql, args = where(PATENT)
        for n, r in enumerate(reg.conn.execute(
                "SELECT a.id, a.campaign_id, COALESCE(a.patent_number, a.patent_number_raw), a.title,"
                " p.name, a.person_id,"
                " a.unit_id FROM patent_applications a LEFT JOIN people p ON p.id = a.person_id"
                + sql, args)):
            if cancelled is not None and n % 5000 == 0 and cancelled():
                raise ExportCancelled
            ref = f"专利{r[0]} {r[2] or r[3]}" + (f"（{r[4]}）" if r[4] else "")
            self.apps[(PATENT, r[0])] = (self.years.get(r[1], 0), ref)
            self.people.setdefault(r[5], set()).add(r[0])
            self.units.setdefault(r[6], set()).add((PATENT, r[0]))
        sql, args = where(PROJECT)
        for r in reg.conn.execute(
                "SELECT id, campaign_id, title, studio_id, unit_id FROM project_applications a"
                + sql, args):
            self.apps[(PROJECT, r[0])] = (self.years.get(r[1], 0), f"项目{r[0]} {r[2]}")
            self.studios.setdefault(r[3], set()).add(r[0])
            self.units.setdefault(r[4], set()).add((PROJECT, r[0]))
        sql, args = ((" WHERE stream = ? AND application_id = ?", only) if only else ("", ()))
        self.payments: dict[int, tuple[str, int, int, str]] = {}
        self.payment_amounts: dict[int, int] = {}
        for r in reg.conn.execute("SELECT id, stream, application_id, tranche, payer, amount_fen"
                                  " FROM payments" + sql, args):
            self.payments[r[0]] = (r[1], r[2], r[3], r[4])
            self.payment_amounts[r[0]] = r[5]
        sql, args = where(PROJECT, "project_id")
        self.assignments = {r[0]: r[1] for r in reg.conn.execute(
            "SELECT id, project_id FROM assignments" + sql, args)}
        self.experts = {r[0]: (self.years.get(r[1]), r[2]) for r in reg.conn.execute(
            "SELECT id, campaign_id, name FROM experts")}
        self.periods = {r[0]: self.years.get(r[1]) for r in reg.conn.execute(
            "SELECT id, campaign_id FROM publicity_periods")}
        self.objections = {r[0]: r[1] for r in reg.conn.execute(
            "SELECT id, project_id FROM objections")}
        self._names: dict[str, dict[int, str]] = {}
        self._tranches: dict[int | None, int] = {}  # year -> its projects' tranche count
        self.docs: dict[tuple[str, int], dict[str, Any]] = {}  # deleted ones' last record
        # Rows deleted, by (entity, id): (event id, the row as deleted). SQLite gives a
        # deleted last row's id to the next one: an event of that id before its deletion is
        # the deleted row's, not the one holding the id now.
        self.ended: dict[tuple[str, int], list[tuple[int, dict[str, Any]]]] = {}
        # The line being worded: its entity, entity id and own id (_masked_before reads
        # the lines before it, whatever order the lines are worded in: Ctrl+H's is newest
        # first).
        self.row: tuple[str, Any, int] = ("", None, 0)

    def tranche_name(self, stream: str, year: int | None, tranche: Any) -> str:
        """A tranche as 拨付, `pay list` and the 审批表 name it (一次拨付, 首笔, 尾款): by the
        year's plan (how many tranches its projects are paid in)."""
        from boostdesk.finance.terms import tranche_label, tranche_shares

        if not isinstance(tranche, int):
            return str(tranche)
        if year not in self._tranches:
            try:
                self._tranches[year] = len(tranche_shares(self.reg.campaign(year), PROJECT))
            except RegisterError:
                self._tranches[year] = 0
        count = self._tranches[year]
        return tranche_label(stream, tranche, count) if count else _batch(tranche)

    def note_ended(self, events: Iterable[dict[str, Any]]) -> None:
        for e in events:
            if (e["action"] in ("delete", "merge") and e["entity"] not in APP_TABLES
                    and e["entity_id"] is not None and e["before"]):
                self.ended.setdefault((e["entity"], e["entity_id"]), []).append(
                    (e["id"], e["before"]))

    def row_then(self, e: dict[str, Any]) -> dict[str, Any] | None:
        """The row an event was about, when that row has since been deleted or merged into
        another (its id perhaps another's now); None: the row there now."""
        for event_id, row in self.ended.get((e["entity"], e["entity_id"]), ()):
            if event_id >= e["id"]:
                return row
        return None

    def name(self, table: str, row_id: Any) -> str | None:
        """A unit's, enterprise's, studio's, person's or criterion's name (read on first use:
        one application's trail needs few)."""
        if table not in self._names:
            self._names[table] = dict(self.reg.conn.execute(
                f"SELECT id, name FROM {table}").fetchall())
        return self._names[table].get(row_id)

    def app_ref(self, stream: str, app_id: int, doc: dict[str, Any] | None) -> tuple[int | None, str]:
        known = self.apps.get((stream, app_id))
        if known:
            return known
        # a deleted application: named by its documents (its entry's, until its deletion's)
        doc = {**self.docs.get((stream, app_id), {}), **(doc or {})}
        if stream == PATENT:
            name = doc.get("inventor_name")
            number = shown_patent_number(doc.get("patent_number_raw") or "", doc.get("patent_number"))
            ref = f"专利{app_id} {number or doc.get('title') or ''}".strip()
            return doc.get("campaign_year"), ref + (f"（{name}）" if name else "") + "（已删除）"
        return doc.get("campaign_year"), f"项目{app_id} {doc.get('title', '')}".strip() + "（已删除）"


def _event_apps(ctx: _Context, e: dict[str, Any]) -> set[tuple[str, int]]:
    """The applications an event is about (directly, or through its payment, review or
    publicity)."""
    entity, eid, before, after = e["entity"], e["entity_id"], e["before"] or {}, e["after"] or {}
    if entity in APP_TABLES and eid is None:  # a table imported: the rows it made
        first, last = after.get("first_id"), after.get("last_id")
        made = range(first, last + 1) if isinstance(first, int) and isinstance(last, int) else ()
        # and the registered ones a table sent again updated (io.resend)
        return {(APP_TABLES[entity], i) for i in [*made, *(after.get("updated") or [])]}
    if entity in APP_TABLES:
        return {(APP_TABLES[entity], eid)}
    then = ctx.row_then(e) if entity in _REUSED else None
    if entity == "payments":
        row = ctx.payments.get(eid)
        doc = {**(then or {}), **before, **after}
        if "application_id" in doc:  # its own first: the id may be another's since
            return {(doc.get("stream", PATENT), doc["application_id"])}
        if row:
            return {(row[0], row[1])}
    if entity == "assignments":  # the document's first: an id may be another's since
        pid = (before.get("project_id") or after.get("project_id")
               or (then or {}).get("project_id") or ctx.assignments.get(eid))
        return {(PROJECT, pid)} if pid else set()
    if entity == "experts" and ("project_id" in after or "project_id" in before):
        pid = after.get("project_id") or before.get("project_id")
        return {(PROJECT, pid)} if pid else set()
    if entity == "objections":
        pid = before.get("project_id") or (then or {}).get("project_id") or ctx.objections.get(eid)
        return {(PROJECT, pid)} if pid else set()
    if entity == "proposals":
        rows = (after or {}).get("proposals") or (before or {}).get("proposals") or []
        return {(PROJECT, r["project_id"]) for r in rows if isinstance(r, dict)
                and r.get("project_id")}
    if entity == "people" and isinstance(after.get("paper"), int):  # what a paper changed
        return {(PATENT, after["paper"])}
    if entity in ("units", "studios") and e["action"] in ("merge", "unmerge"):
        refs = (before if e["action"] == "merge" else after).get("refs") or {}
        return ({(PATENT, i) for i in refs.get("patent_applications", [])}
                | {(PROJECT, i) for i in refs.get("project_applications", [])})
    return set()


def _shared_apps(ctx: _Context, e: dict[str, Any]) -> set[tuple[str, int]]:
    """A person's, studio's or union's change, for the applications naming it now: the
    inventor's name or phone (his card and frontline status are each paper's own), a
    studio's facts, a union's name."""
    entity, eid, after = e["entity"], e["entity_id"], e["after"] or {}
    if e["action"] == "erase_person":  # 删除个人信息: his papers' as his 更正姓名 is
        from boostdesk.app_refs import stream_and_id

        named = {(PATENT, i) for i in ctx.people.get(eid, ())} if entity == "people" else set()
        refs = [stream_and_id(ref) for ref in after.get("papers") or [] if isinstance(ref, str)]
        return named | {(stream, i) for stream, i in filter(None, refs) if stream is not None}
    if e["action"] not in ("update", "correct_name", "correct_id"):
        return set()
    if entity == "people" and {"name", "phone", "id_number"} & after.keys():
        return {(PATENT, i) for i in ctx.people.get(eid, ())}
    if entity == "studios":
        return {(PROJECT, i) for i in ctx.studios.get(eid, ())}
    if entity == "units" and "name" in after:
        return set(ctx.units.get(eid, ()))
    return set()


def _subject(ctx: _Context, e: dict[str, Any],
             apps: Apps | None = None) -> tuple[int | None, str]:
    entity, eid = e["entity"], e["entity_id"]
    before, after = e["before"] or {}, e["after"] or {}
    doc = {**before, **after}
    apps = _event_apps(ctx, e) if apps is None else apps
    if entity in APP_TABLES and eid is None:
        years = {ctx.apps[a][0] for a in apps if a in ctx.apps}
        return (years.pop() if len(years) == 1 else None), f"汇总表“{after.get('file', '')}”"
    if entity in APP_TABLES:
        return ctx.app_ref(APP_TABLES[entity], eid, before or after)
    if entity in ("payments", "assignments", "objections") and apps:
        year, ref = ctx.app_ref(*next(iter(apps)), None)
        then = ctx.row_then(e)
        if entity == "payments" and (then or eid in ctx.payments):
            tranche, payer = ((then.get("tranche"), then.get("payer")) if then
                              else ctx.payments[eid][2:])
            stream = (then or {}).get("stream") or next(iter(apps))[0]
            ref += (f" · 拨付记录 {eid}（{_PAYER.get(payer or '', payer)}，"
                    f"{ctx.tranche_name(stream, year, tranche)}）")
        return year, ref
    if entity in ("campaigns", "criteria", "panel_settings", "proposals"):
        year = ctx.years.get(eid) or doc.get("year")
        what = {"campaigns": "助推计划", "criteria": "评分细则", "panel_settings": "评审参数",
                "proposals": "拟助推名单"}[entity]
        return year, f"{year} 年度{what}" if year else what
    then = ctx.row_then(e)  # a row deleted or merged since: its own name, not its id's now
    if entity == "experts":
        year, name = ((then.get("year"), then.get("name", "")) if then
                      else ctx.experts.get(eid, (None, doc.get("name", ""))))
        return year, f"评审专家“{name}”"
    if entity == "publicity_periods":
        year = ctx.periods.get(eid) or doc.get("year")
        return year, f"{year} 年度公示" if year else "公示"
    if entity == "documents":
        return doc.get("year"), "文件"
    if entity == "register":
        return None, "登记册"
    if entity == SEAL:
        return None, _ENTITY[SEAL]
    if entity == "people":
        name = (then or {}).get("name") or ctx.name("people", eid) or doc.get("name", "")
        paper = after.get("paper")  # changed by this paper: of its year
        year = ctx.app_ref(PATENT, paper, None)[0] if isinstance(paper, int) else None
        return year, f"人员“{name}”"
    if entity in ("units", "enterprises", "studios"):
        name = ((then or {}).get("name") or ctx.name(entity, eid) or before.get("name")
                or after.get("name", ""))
        return None, f"{_ENTITY[entity]}“{name}”"
    if entity == "studio_awards":
        return doc.get("year"), f"往年助推“{doc.get('studio_name', '')}”{doc.get('year', '')}年"
    return None, _ENTITY.get(entity, entity)


def _batch(tranche: Any) -> str:
    from boostdesk.finance.terms import batch_name

    return batch_name(tranche) if isinstance(tranche, int) else str(tranche)


# the fields 删除个人信息 cleared, as the trail shows them once the placeholder stands in
_ERASED_NUMBERS = {"id_number", "reported_id_number", "card_number", "paid_card", "phone",
                   "reported_phone", "contact_phone"}


def _grouped_card(number: Any) -> str:
    """A card as the documents mask it: 6214 **** **** 6679."""
    from boostdesk.safety.privacy import mask_card_grouped

    return mask_card_grouped(str(number or "")) or "（空）"


def _payment_doc(ctx: _Context, e: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    """A payment event's document as the trail says it: its amount 金额 (not an override's
    调整为), its tranche named as 拨付 and `pay list` name it (一次拨付, 首笔, 尾款), and the
    card it went to said once (收款人 and 收款卡号 rather than 原收款人及账户 too)."""
    out = {("payment_fen" if k == "amount_fen" else k): v for k, v in doc.items()}
    if isinstance(out.get("tranche"), int):
        apps = _event_apps(ctx, e)
        year = ctx.app_ref(*next(iter(apps)), None)[0] if apps else None
        out["tranche"] = ctx.tranche_name(str(doc.get("stream") or PATENT), year, out["tranche"])
    if out.get("payer_name"):  # the payer by its name: its role (推荐工会) said once, above
        out.pop("payer", None)
    if "paid_to" in out:
        out.pop("returned_from", None)
    elif (doc is e["after"] and "paid_date" in out and "payment_fen" not in out
          and e["action"] == "update" and ctx.row_then(e) is None
          and e["entity_id"] in ctx.payment_amounts):
        # a mark an older BoostDesk wrote, without its amount: a paid row's amount is
        # never changed since (sync_plan leaves it), so the row's own says it
        out = {"payment_fen": ctx.payment_amounts[e["entity_id"]], **out}
    return out


def _label(key: str) -> str:
    return FIELD_ZH.get(key) or _KEYS.get(key) or key


def field_name(key: str) -> str:
    """A key of an audit document as the trail names it (the detail pane's too)."""
    return _label(key)


def action_name(e: dict[str, Any]) -> str:
    """An event's action as the trail names it (the detail pane's too)."""
    return _action(e)


def _value(ctx: _Context, key: str, value: Any) -> str:
    if isinstance(value, str) and erased(value):  # 删除个人信息's placeholder, never masked
        return "（已删除）" if key in _ERASED_NUMBERS else value
    if key in _PHONES and isinstance(value, str) and value:
        return mask_phone(value)  # as the pane shows them: 187****3157
    if key in ("unit_id", "enterprise_id", "payee_enterprise_id",
               "published_enterprise_id") and isinstance(value, int):
        table = "units" if key == "unit_id" else "enterprises"
        return ctx.name(table, value) or str(value)
    if key == "payer":
        return _PAYER.get(value, str(value))
    if key == "tranche":
        return _batch(value)
    if key in ("paid_card", "card_number") and value:  # one form, as the documents print it
        return _grouped_card(value)
    if key == "resolution" and value in _RESOLUTIONS:
        return _RESOLUTIONS[value]
    if key == "expert_id" and isinstance(value, int):
        return ctx.experts.get(value, (None, str(value)))[1]
    if key == "materials":
        return show_value(key, value)
    if key.endswith("_at") and isinstance(value, str):
        return value.replace("T", " ")
    if key == "source" and value in _SOURCES:
        return _SOURCES[value]
    if key == "to_recover" and isinstance(value, int):  # fen, its key no _fen (older lines)
        return format_money(value)
    if key == "to_recover" and isinstance(value, dict):  # each payer's part, in fen
        return "、".join(f"{k} {format_money(v) if isinstance(v, int) else v}"
                        for k, v in value.items())
    if key == "score_x10" and isinstance(value, int):
        return f"{value / 10:g}"
    if key == "criterion_id" and isinstance(value, int):
        return ctx.name("criteria", value) or str(value)
    if key == "scores" and isinstance(value, dict):
        return "，".join(f"{k} {v}" for k, v in value.items()) or "无"
    if key == "proposals" and isinstance(value, list):
        return "；".join(_proposal(ctx, r) if isinstance(r, dict) else str(r)
                        for r in value) or "无"
    if key == "studios" and isinstance(value, list):  # the studios an import judged again
        return "、".join(ctx.name("studios", v) or str(v) if isinstance(v, int) else str(v)
                        for v in value) or "无"
    if key == "payments" and isinstance(value, list) and all(isinstance(v, int) for v in value):
        return "、".join(f"拨付记录 {v}" for v in value) or "无"
    if key == "refs" and isinstance(value, dict):
        count = {"patent_applications": "专利申报", "project_applications": "项目申报",
                 "enterprises": "所在单位", "studios": "工作室", "studio_awards": "往年助推"}
        return "、".join(f"{count.get(k, k)} {len(v)} 项" for k, v in value.items() if v) or "无"
    if key == "refused" and isinstance(value, list):  # the rows an import did not store
        return "；".join(_refused_row(r) for r in value if isinstance(r, dict)) or "无"
    if key == "rows" and isinstance(value, dict):  # papers imported with a blank or twice-used 序号
        return "、".join(f"登记号 {k} 为第 {v} 行" for k, v in value.items()) or "无"
    if isinstance(value, list):
        return "；".join(_value(ctx, "", v) if isinstance(v, dict) else str(v)
                        for v in value) or "无"
    if isinstance(value, dict):
        return "，".join(f"{_label(k)} {_value(ctx, k, v)}" for k, v in value.items()
                        if k not in _QUIET)
    return show_value(key, value)


def _refused_row(r: dict[str, Any]) -> str:
    """第 11 行（序号 6，李秀英）：why — a row an import did not store."""
    named = "，".join(x for x in (f"序号 {r['seq']}" if r.get("seq") else "",
                                 str(r.get("name") or "")) if x)
    return f"第 {r.get('row')} 行" + (f"（{named}）" if named else "") + f"：{r.get('why', '')}"


def _proposal(ctx: _Context, row: dict[str, Any]) -> str:
    """One project of a proposal as the ranking tab shows it: 第 7 名“药用…”（何雅琴…工作室，
    区/局/集团级）：得分 65.53，3万元档 ¥30,000.00，…，理由：…. ``row``: an adoption's
    (RankRow.to_dict) or a row of the proposals table (an adoption's before, a withdrawal's)."""
    def said(key: str) -> Any:
        value = row.get(key)
        return None if value in (None, "", [], False) else value

    project = row.get("project_id", row.get("id"))
    ref = said("ref") or (ctx.apps.get((PROJECT, project), (None, ""))[1].partition(" ")[2]
                          if isinstance(project, int) else "") or (
        f"项目{project}" if project is not None else "")
    where = "，".join(str(x) for x in (said("studio"), said("level")) if x)
    rank = said("rank")
    head = (f"第 {rank} 名" if rank is not None else "") + f"“{ref}”" + (f"（{where}）" if where else "")
    parts: list[str] = []
    score = said("score")
    if score is None and isinstance(row.get("score_x100"), int):
        score = f"{row['score_x100'] / 100:.2f}"
    if score is not None:
        parts.append(f"得分 {score}")
    fen = row.get("tier_fen", row.get("amount_fen"))
    if isinstance(fen, int):
        parts.append(f"{said('tier_name') + '档 ' if said('tier_name') else '档次 '}{format_money(fen)}")
    elif "tier_fen" in row or "amount_fen" in row:
        parts.append("未列入档次")
    for key, text in (("override", "人工调整档次"), ("held", "已公示或核准，保留档次"),
                      ("disagreement", "专家评分分歧较大")):
        if said(key):
            parts.append(text)
    for key in ("mean", "trimmed_mean", "sd"):
        if said(key) is not None:
            parts.append(f"{_label(key)} {row[key]}")
    if "experts" in row and "assigned" in row:
        parts.append(f"评分专家 {row['experts']} 人（分配 {row['assigned']} 人）")
    for key in ("missing_experts", "conflicted_experts", "against_plan"):
        if said(key):
            value = row[key]
            parts.append(f"{_label(key)}：{'、'.join(map(str, value)) if isinstance(value, list) else value}")
    if said("status"):
        parts.append(f"状态 {show_value('status', row['status'])}")
    if said("adopted_on"):
        parts.append(f"采纳日期 {row['adopted_on']}")
    if said("adopted_at"):
        parts.append(f"采纳于 {_shown_at(row['adopted_at'])}")
    if said("reason"):
        parts.append(f"理由：{row['reason']}")
    return head + (f"：{'，'.join(parts)}" if parts else "")


# Lines deleted with a move, counted: (the count's key, their amount's key). The amount is
# written since stop 37; an older line says the count alone.
_COUNTED = (("deleted_unpaid", "deleted_unpaid_fen"), ("payments_deleted", "payments_deleted_fen"),
            ("payments_restored", "payments_restored_fen"))


def counted(doc: dict[str, Any]) -> dict[str, Any]:
    """2 笔 ¥3,000.00 for a count and its amount, under the count's key."""
    for count, fen in _COUNTED:
        if count in doc:
            amount = doc.get(fen)
            doc = {k: v for k, v in doc.items() if k != fen}
            doc[count] = (f"{doc[count]} 笔" + (f" {format_money(amount)}"
                                                if isinstance(amount, int) else "")
                          if isinstance(doc[count], int) and doc[count] else doc[count])
    return doc


def _facts(ctx: _Context, doc: dict[str, Any]) -> str:
    if "payer" in doc and "amount_fen" in doc:  # a payment's amount, not an override's
        doc = {("payment_fen" if k == "amount_fen" else k): v for k, v in doc.items()}
    doc = counted(doc)
    return "；".join(f"{_label(k)}：{_value(ctx, k, v)}" for k, v in doc.items()
                    if k not in _QUIET and v not in (None, "", [], {}))


def _campaign_changes(before: dict[str, Any], after: dict[str, Any]) -> str:
    from boostdesk.campaign_settings import campaign_lines
    from boostdesk.models.campaign import Campaign

    try:
        was, now = Campaign.from_json(json.dumps(before)), Campaign.from_json(json.dumps(after))
        # A setting absent from both stored documents (added by a later release, its value
        # derived from another's) was not changed by this line: the later one takes the
        # earlier's, or an old line would show a change nobody made.
        absent = {k: getattr(was, k) for k in Campaign.__dataclass_fields__
                  if k not in before and k not in after}
        old, new = campaign_lines(was), campaign_lines(now.with_changes(**absent))
    except (KeyError, TypeError, ValueError):  # a document of an older plan's shape
        old, new = [], []
    if not old:
        return _changes({}, before, after)
    return "；".join(f"{a.partition('：')[0]}：{' → '.join(_without_same_note(a.partition('：')[2], b.partition('：')[2]))}"
                    for a, b in zip(old, new, strict=False) if a != b)


def _without_same_note(old: str, new: str) -> tuple[str, str]:
    """A setting's two values without the note in brackets both end with (公示期：7 天 → 8 天,
    not its （方案未定，本办自定…） twice)."""
    i = old.rfind("（")
    note = old[i:] if i > 0 else ""
    if note and new.endswith(note) and len(new) > len(note):
        return old[:i], new[:-len(note)]
    return old, new


def _changes(ctx: Any, before: dict[str, Any], after: dict[str, Any]) -> str:
    parts = []
    for key, new in after.items():
        if key in _QUIET and key not in ("unit_id", "enterprise_id"):
            continue
        show = (lambda k, v: _value(ctx, k, v)) if isinstance(ctx, _Context) else show_value
        if key in before:
            old = before[key]
            if same_value(key, old, new):  # (an import's {} checklist, the form's all false)
                continue
            was, now = show(key, old), show(key, new)
            # 6214 **** **** *** 9770 both ways: two numbers all the same, said so
            note = (("" if key not in MASKED_FIELDS else MASKED_DIFFER) if was == now
                    else _masked_before(ctx, key, new, now))
            parts.append(f"{_label(key)}：{was} → {now}{note}")
        elif new not in (None, ""):
            parts.append(f"{_label(key)}：{show(key, new)}")
    return "；".join(parts)


NUMBER_KEYS = ("card_number", "paid_card", "id_number", "phone", "contact_phone")


def _masked_before(ctx: Any, key: str, new: Any, shown: str) -> str:
    """:data:`MASKED_BACK` when ``new`` masks as a number this row held before but is
    another one (a card 'put back' to a number that is not the one it had): read from the
    row's earlier lines, only for a line changing one of its numbers."""
    if key not in NUMBER_KEYS or not isinstance(ctx, _Context) or new in (None, ""):
        return ""
    entity, entity_id, line_id = ctx.row
    held: set[str] = set()
    # (the key's values alone, picked in SQL: the row's create line is its whole document)
    for values in ctx.reg.conn.execute(
            f"SELECT CASE WHEN json_valid(before) THEN json_extract(before, '$.{key}') END,"
            f" CASE WHEN json_valid(after) THEN json_extract(after, '$.{key}') END"
            " FROM audit_events WHERE entity = ? AND entity_id = ? AND id < ?",
            (entity, entity_id, line_id)):
        for value in values:
            if value not in (None, "") and _value(ctx, key, value) == shown:
                held.add(str(value))
    return MASKED_BACK if held and str(new) not in held else ""


def _action(e: dict[str, Any]) -> str:
    action, entity, after = e["action"], e["entity"], e["after"] or {}
    if after.get("reason") == GONE_WITH_APPLICATION and action in (
            "delete", "withdraw", "clear_override"):  # what hung on a deleted application
        return f"随申报删除{_ENTITY.get(entity, '')}"
    if action == "revoke_award" and "money" in after:  # nothing was paid (finance.recovery)
        return "撤销助推（未拨付）"
    if entity == "payments" and action == "update":
        if str(after.get("reason", "")).startswith("撤销退汇"):
            return "撤销退汇登记"
        if after.get("paid_date") and after.get("resent_after"):
            return "登记重拨（退汇后）"
        if after.get("paid_date"):
            return "登记拨付"
        if str(after.get("reason", "")).startswith("撤销"):
            return "撤销拨付登记"
        if after.get("returned_date"):
            return "登记退汇"
        return "修改应拨款项"
    if entity == "payments":
        return {"create": "生成应拨款项", "delete": "删除未拨付的应拨款项"}.get(
            action, _ACTIONS.get(action, action))
    if entity == "register" and action == "restore":
        return "从备份恢复登记册"
    if entity == "register" and action == REFUSED_ACTION:
        return "副本记录有行未采用"
    if entity == "register" and action == "backup_out":
        return "备份登记册到指定文件"
    if entity == "register" and action == "upgrade":
        return "登记册升级"
    if entity == "register" and action == "fill_demo":
        return "填入演示数据"
    if entity == "register" and action == OPERATOR_SWITCH:
        return "更换操作人"
    if entity == "register" and action == LOST_ACTION:
        return LOST_ACTION_ZH
    if action in ("correct_name", "correct_id"):
        return ACTION_ZH[action]
    if entity == "objections" and action in ("create", "delete"):
        return "登记异议" if action == "create" else "撤销误登记的异议"
    if entity == "assignments" and action in ("create", "delete"):
        return "分配评审专家" if action == "create" else "取消评审分配"
    return action_words(action)


def line_action(e: dict[str, Any]) -> str:
    """A stored line's action in the office's words (``e``: its action, entity and after)."""
    return _action(e)


def known_actions() -> list[str]:
    """Every action code the trail has words for (数据说明 lists them)."""
    return [*ACTION_ZH, *_ACTIONS]


def action_words(action: str) -> str:
    """An audit line's action key in the office's words (the key itself when unknown)."""
    return _ACTIONS.get(action) or ACTION_ZH.get(action, action)


def _shown_at(at: Any) -> str:
    return str(at or "")[:19].replace("T", " ")


def _details(ctx: _Context, e: dict[str, Any]) -> str:
    action, entity = e["action"], e["entity"]
    before, after = e["before"] or {}, e["after"] or {}
    if entity == "payments":
        before, after = _payment_doc(ctx, e, before), _payment_doc(ctx, e, e["after"] or {})
    if entity == "campaigns" and action == "update":
        return _campaign_changes(before, after)
    if entity == "campaigns" and action == "create":
        return f"计划名称：{after.get('title', '')}"
    if entity == SEAL:
        return _seal_details(before, after)
    if action == "erase_person":  # (erase_person: no personal data in it)
        lines = (f"；修改记录第 {after.get('first_line')}–{after.get('last_line')} 行之间改写 "
                 f"{after.get('lines_rewritten')} 行，第 {after.get('first_line')}–"
                 f"{after.get('resealed_to')} 行重新计算校验值（原第 {after.get('resealed_to')} 行"
                 f"校验值 {after.get('old_chain_of_last_line')}）" if after.get("first_line") else "")
        return (f"{after.get('placeholder', '')}；理由：{after.get('reason', '')}；申报："
                f"{'、'.join(after.get('papers') or []) or '无'}{lines}")
    if entity == "campaigns" and action == "export_notices":
        return _letters(after)
    if entity == "campaigns" and action == "export_notices_copy":
        return "；".join(
            f"存档副本：{union}，文件 {letter.get('file', '')}，原件日期 {letter.get('day', '')}，"
            f"第{letter.get('number', 1)}次" for union, letter in (after.get("letters") or {}).items()
            if isinstance(letter, dict))
    if action == PRINT_ACTION or (action == "export_unmasked" and "keys" in after):
        return print_details(after)
    if action == ARCHIVE_ACTION:
        return archive_details(after) + noted_said(after)
    if action == SEALED_ACTION:
        return sealed_details(after)
    if entity == "register" and action == REFUSED_ACTION:
        return refused_said(after)
    if entity == "register" and action == "backup_out":
        return (f"保存到：{after.get('to', '')}；内容：整个登记册，含完整身份证号、卡号"
                + noted_said(after))
    if entity == "register" and action == "fill_demo":
        return "演示用的申报、评审、公示和拨付（操作人为演示人名）"
    if entity == "register" and action == OPERATOR_SWITCH:
        return f"操作人：{before.get('operator', '')} → {after.get('operator', '')}"
    if entity == "register" and action in ("restore_chain", "record_unsealed_exports"):
        known = after.get("lines") or []
        return str(after.get("说明", "")) + (
            "：" + "、".join(f"第 {x[0]} 行" for x in known if isinstance(x, list) and x)
            if known else "（没有这样的行）" if action == "record_unsealed_exports" else "")
    if entity == "register" and action == "upgrade":
        return (f"登记册格式 {before.get('version', '')} → {after.get('version', '')}"
                f"（BoostDesk {after.get('program', '')}）；升级前的登记册另存为备份（升级前）")
    if entity == "register" and action == LOST_ACTION:  # who was told, how, of what
        last = f"，最后一项：{before['last_lost']}" if before.get("last_lost") else ""
        return (f"确认方式：{after.get('how', '')}；登记册缺少 {_shown_at(before.get('register_had_until'))}"
                f" 之后到 {_shown_at(before.get('lost_until'))} 保存的约 {before.get('lost_count', '')}"
                f" 条修改记录{last}（{before.get('left_by', '')} 没有正常关闭，-wal 文件丢失）")
    if entity == "register":
        from boostdesk.safety import restore_dropped

        text = f"恢复所用备份：{after.get('file', '')}；恢复前的登记册另存为：{before.get('file', '')}"
        if before.get("discarded"):  # what the restore took out of the trail
            text += "；" + restore_dropped.said(before)
        return text
    if action == "withdraw_recovered":  # the recovery taken back: whose, which voucher
        taken = (f"{before.get('payer_name', '')} 已追回 "
                 f"{_value(ctx, 'recovered_fen', before.get('recovered_fen'))}"
                 f"（{before.get('recovered_date', '')}"
                 + (f"，凭证 {before['voucher']}" if before.get("voucher") else "")
                 + (f"，{before['remarks']}" if before.get("remarks") else "") + "）")
        return "；".join(x for x in (f"撤销的登记：{taken}", _facts(ctx, after)) if x)
    if entity == "proposals" and action == "withdraw" and before.get("proposals"):
        return "；".join(x for x in (f"撤回的{_label('proposals')}：{_value(ctx, 'proposals', before['proposals'])}",
                                     _facts(ctx, after)) if x)
    if entity == "proposals" and action in ("delete", "restore"):  # one project's row
        if action == "restore":
            return f"恢复：{_proposal(ctx, after)}"
        return "；".join(x for x in (f"删除前：{_proposal(ctx, before)}", _facts(ctx, after)) if x)
    if action in ("create", "restore"):
        text = _facts(ctx, after)
        source = after.get("source") if entity in APP_TABLES else None
        return f"从汇总表导入：{source}；{text}" if source else text
    if action == "delete":
        return "；".join(x for x in (f"删除前：{_facts(ctx, before)}", _facts(ctx, after)) if x)
    if action == "status":
        keys = ("status", "reason", "award_fen", "approved_date", "accepted_date", "award_level",
                "decided_on")
        # before: the status, and an award withdrawn with it (its amount and day)
        return _changes(ctx, {k: before[k] for k in keys if k in before},
                        {k: after[k] for k in keys if k in after and (k != "reason" or after[k])})
    if action == "merge":  # a union's or studio's, with the reason given (`correct --reason`)
        why = f"；理由：{after['reason']}" if after.get("reason") else ""
        return (f"“{before.get('name', '')}”并入“{after.get('name', '')}”"
                f"（{_value(ctx, 'refs', before.get('refs'))}）{why}")
    if action == "unmerge":
        return f"“{after.get('name', '')}”重新单列（{_value(ctx, 'refs', after.get('refs'))}）"
    if action in ("update", "correct_name", "correct_id", "move_year", "resolve", "close", "score",
                  "qualify", "override", "clear_override", "rename_payer", "record_past", "withdraw_past",
                  "withdraw_acceptance", "correct_qualified_date") and before:
        text = _changes(ctx, before, after)
        if entity == "people" and isinstance(after.get("paper"), int):
            # the person's record changed with a paper's, whose own line follows it
            text += f"（随{id_ref(PATENT, after['paper'])}的修改）"
        return text
    return _facts(ctx, after)


def _letters(after: dict[str, Any]) -> str:
    """导出核对意见 (``io.findings_notice.record_letters``), each union's letter: 核对意见：
    北京城建集团工会，文件 …，日期 2026-12-05，第1次，告知 项目38 不合格、项目43 待补材料."""
    from boostdesk.io.findings_notice import STREAM_ZH, STREAMS, VERDICT_ZH

    def told(key: str, verdict: Any) -> str:
        stream, _, number = key.partition("-")
        ref = id_ref(stream, int(number)) if stream in (PATENT, PROJECT) and number.isdigit() else key
        return f"{ref} {VERDICT_ZH.get(verdict, verdict)}"

    parts = []
    for union, letter in (after.get("letters") or {}).items():
        letter = letter if isinstance(letter, dict) else {}
        papers = "、".join(starmap(told, (letter.get("told") or {}).items()))
        streams = [s for s in STREAMS if s in (letter.get("streams") or STREAMS)]
        only = f"（仅{'、'.join(STREAM_ZH[s] for s in streams)}）" if len(streams) < len(STREAMS) else ""
        parts.append(f"核对意见：{union}{only}，文件 {letter.get('file', '')}，日期 {letter.get('day', '')}，"
                     f"第{letter.get('number', 1)}次，"
                     + (f"告知 {papers}" if papers else "无不合格、待补材料的申报"))
    return "；".join(parts)


def _seal_details(before: dict[str, Any], after: dict[str, Any]) -> str:
    """印章图片：old → new；SHA-256 前 16 位：old → new (the file's, as chosen or accepted)."""
    def path(doc: dict[str, Any]) -> str:
        return str(doc.get("path") or "样章")

    def print_(doc: dict[str, Any]) -> str:
        return str(doc.get("fingerprint") or ("无" if doc.get("path") else "—"))

    changed = bool(before) and path(before) != path(after)
    parts = [f"印章图片：{path(before) + ' → ' if changed else ''}{path(after)}"]
    parts.append(f"SHA-256 前 16 位：{print_(before) + ' → ' if before else ''}{print_(after)}")
    if after.get("modified"):
        parts.append(f"文件修改于 {after['modified']}")
    if after.get("source"):
        parts.append(f"来源：{after['source']}")
    return "；".join(parts)


def _events(reg: Register, where: str = "", params: Iterable[Any] = ()) -> Iterator[dict[str, Any]]:
    for r in reg.conn.execute(
            "SELECT id, at, operator, action, entity, entity_id, before, after, computer, note"
            f" FROM audit_events{' WHERE ' + where if where else ''} ORDER BY id", tuple(params)):
        yield {"id": r[0], "at": r[1], "operator": r[2], "action": r[3], "entity": r[4],
               "entity_id": r[5], "before": _load(r[6]), "after": _load(r[7]),
               "computer": r[8], "note": r[9]}


_PHONES = ("phone", "contact_phone")


def _line(ctx: _Context, e: dict[str, Any]) -> Line:
    apps = _event_apps(ctx, e)  # once: the subject's and the paper's
    year, subject = _subject(ctx, e, apps)
    ctx.row = (e["entity"], e["entity_id"], e["id"])
    details = _details(ctx, e)
    if e["entity"] not in ("register", SEAL):  # (a backup's file name holds its time, a
        # seal's SHA-256 16 hex digits that may all be figures: no card number)
        # (a mobile in a free text too: an objector's; a file's name left whole: the
        # archive's backup reg-20261205-212346-675-archive.zip is no ID number)
        details = mask_message(details)
    named = _action(e)
    note = e.get("note")  # 撤销“…”; 登记册升级 says itself when the line is the upgrade's own
    action = named + (f"（{note}）" if note and note != named else "")
    return Line(e["at"].replace("T", " "), e["operator"], year, subject, action, details,
                e["entity"], e.get("computer") or "", _one_paper(ctx, e, apps))


def _one_paper(ctx: _Context, e: dict[str, Any], apps: Apps) -> tuple[str, int] | None:
    """The paper a line names alone and that is still registered (``ctx.apps``)."""
    if e["entity"] in APP_TABLES and e["entity_id"] is None:  # a table: its rows
        return None
    if len(apps) != 1:
        return None
    paper = next(iter(apps))
    return paper if paper in ctx.apps else None


def trail(reg: Register, *, year: int | None = None,
          application: tuple[str, int] | None = None,
          cancelled: Callable[[], bool] | None = None) -> list[Line]:
    """The audit trail, oldest first, as a list: one application's (``(stream, id)``), a
    year's, or (neither) the whole register's (see :func:`trail_lines`)."""
    return list(trail_lines(reg, year=year, application=application, cancelled=cancelled))


def trail_lines(reg: Register, *, year: int | None = None,
                application: tuple[str, int] | None = None,
                cancelled: Callable[[], bool] | None = None,
                applications: set[tuple[str, int]] | None = None,
                pick: Pick | None = None) -> Iterator[Line]:
    """The audit trail, oldest first, each line made as its event is read: of one
    application (``(stream, id)``), of a year, or (neither) of the whole register (1.2
    million lines held were 891 MB). An application unknown is refused here, before the
    first line. ``cancelled()`` turning true stops it with :class:`ExportCancelled` (a
    year's trail at ten years is seconds of reading). ``applications``: several
    applications' lines (a person's papers), read from the whole trail; ``pick``: what
    an auditor picks out of the lines chosen (see :mod:`boostdesk.audit_picks`)."""
    ctx = _Context(reg, application)
    where, params = "", cast("tuple[Any, ...]", ())
    if application is not None:
        stream, app_id = application
        # its own events, and those of what may name it (few rows each, by the index)
        rows = reg.query(f"SELECT * FROM {_TABLE[stream]} WHERE id = ?", (app_id,))
        row = rows[0] if rows else {}
        where = (
            "entity = ? AND (entity_id = ? OR entity_id IS NULL)"
            " OR entity = 'objections'"
            # an expert's event names a project when it is about one (a conflict); an
            # adoption is its campaign's (a year it was moved from included): not every
            # year's panel, each adoption naming every project ranked that year
            " OR entity = 'experts' AND (json_extract(after, '$.project_id') = ?"
            " OR json_extract(before, '$.project_id') = ?)"
            " OR entity = 'proposals' AND (? IS NULL OR entity_id IN (SELECT c.id FROM campaigns c"
            " WHERE c.year = ? OR c.year IN (SELECT json_extract(m.before, '$.campaign_year')"
            " FROM audit_events m WHERE m.entity = ? AND m.entity_id = ?"
            " AND m.action = 'move_year')))"  # (a deleted application: every year's)
            " OR entity = 'payments' AND (action = 'delete' OR entity_id IN"
            " (SELECT id FROM payments WHERE stream = ? AND application_id = ?))"
            " OR entity = 'people' AND entity_id IS ?"
            " OR entity IN ('units', 'studios') AND (action IN ('merge', 'unmerge')"
            " OR entity = 'units' AND entity_id IS ? OR entity = 'studios' AND entity_id IS ?)"
            " OR entity = 'assignments' AND (action = 'delete' OR entity_id IN"
            " (SELECT id FROM assignments WHERE project_id = ?))")
        year_now = reg.scalar("SELECT year FROM campaigns WHERE id = ?",
                              (row.get("campaign_id"),))
        params = (_TABLE[stream], app_id, app_id, app_id, year_now, year_now, _TABLE[stream],
                  app_id,
                  stream, app_id, row.get("person_id"),
                  row.get("unit_id"), row.get("studio_id"),
                  app_id if stream == PROJECT else None)
        if application not in ctx.apps and not reg.scalar(
                "SELECT 1 FROM audit_events WHERE entity = ? AND entity_id = ?",
                (_TABLE[stream], app_id)):
            raise RegisterError(f"登记册中没有登记号为 {app_id} 的{'专利' if stream == PATENT else '项目'}申报")
    events: Iterable[dict[str, Any]]
    if application is not None:  # every deletion of a payment, review or objection is in it
        events = list(_events(reg, where, params))
        ctx.note_ended(events)
        events = _with_earlier_rows(reg, ctx, events, application)
    else:
        ctx.note_ended(_events(reg, "action IN ('delete', 'merge')"))
        if year is not None:
            where, params = _YEAR_WHERE, (year, year)
        events = _events(reg, where, params)
    return _chosen_lines(ctx, events, year, application, cancelled, applications, pick)


def _chosen_lines(ctx: _Context, events: Iterable[dict[str, Any]], year: int | None,
                  application: tuple[str, int] | None,
                  cancelled: Callable[[], bool] | None,
                  applications: set[tuple[str, int]] | None = None,
                  pick: Pick | None = None) -> Iterator[Line]:
    """The lines of the events that belong to the year or the application (all: neither),
    those ``pick`` keeps (as it words them)."""
    wanted = {application} if application is not None else applications
    # each application's first event (its entry), by id: a clock set back since dates
    # what came later earlier, and a time would leave it out
    first: dict[tuple[str, int], int] = {}
    # The year each application was in when the event was made: one typed under the wrong
    # year and moved keeps what was done to it there in that year's trail, and its move
    # in both years'.
    year_then: dict[tuple[str, int], int | None] = {}
    for n, e in enumerate(events):
        if cancelled is not None and n % 1000 == 0 and cancelled():
            raise ExportCancelled("已取消导出修改记录")
        own = _event_apps(ctx, e)
        years: set[int | None] | None = None
        if e["entity"] in APP_TABLES and e["entity_id"] is not None:
            key = next(iter(own))
            first.setdefault(key, e["id"])
            doc = e["after"] or e["before"] or {}
            if key not in ctx.apps and "campaign_year" in doc:
                ctx.docs[key] = {**ctx.docs.get(key, {}), **doc}
            if key not in year_then:
                year_then[key] = doc.get("campaign_year", ctx.apps.get(key, (None,))[0])
            years = {year_then[key]}
            if e["action"] == "move_year":
                year_then[key] = (e["after"] or {}).get("campaign_year")
                years.add(year_then[key])
        shared = {a for a in _shared_apps(ctx, e) if a in first and e["id"] >= first[a]}
        if wanted is not None:
            if not (own | shared) & wanted:
                continue
        elif year is not None and years is not None:
            if year not in years:
                continue
        elif year is not None and (e["entity"] not in ("register", SEAL)
                                   or e["action"] in NO_YEAR_OF_ITS_OWN
                                   ):  # every year's (the record of 0.19.0's lines: none's):
            # a restore, and the seal every year's sheets are stamped with from then on
            # (the demo filled: the whole trail's)
            own_year, _subject_text = _subject(ctx, e)
            if own_year != year and not any(ctx.apps.get(a, (None,))[0] == year
                                            for a in own | shared):
                continue
        def made(e: dict[str, Any] = e, years: set[int | None] | None = years) -> Line:
            line = _line(ctx, e)
            if years is not None and line.year not in years:  # the year it was in then
                line = replace(line, year=year if year in years else min(years, key=str))
            return line

        if pick is None:
            yield made()
        elif (picked := pick(e, own | shared, made)) is not None:
            yield picked


# A year's trail leaves out, unread, the events of the applications of other years that
# were never moved between years: each such event's year is its application's year (the
# loop below would read and drop them; after ten years, nine in ten of the trail's lines).
# A deleted application's, a moved one's and an import's events are read and judged there.
_YEAR_WHERE = " AND ".join(
    f"NOT (entity = '{table}' AND entity_id IS NOT NULL AND entity_id IN (SELECT a.id FROM {table} a"
    " JOIN campaigns c ON c.id = a.campaign_id WHERE c.year != ?)"
    f" AND entity_id NOT IN (SELECT m.entity_id FROM audit_events m WHERE m.entity = '{table}'"
    " AND m.action = 'move_year' AND m.entity_id IS NOT NULL))"
    for table in ("patent_applications", "project_applications"))


def _with_earlier_rows(reg: Register, ctx: _Context, events: list[dict[str, Any]],
                       application: tuple[str, int]) -> list[dict[str, Any]]:
    """``events`` and those of the application's deleted payments, reviews and objections
    whose ids another row holds now (the query found them by the rows there now)."""
    seen = {e["id"] for e in events}
    more = []
    for (entity, eid), rows in ctx.ended.items():
        if entity not in _REUSED:
            continue
        for _event_id, row in rows:
            stream = row.get("stream", PROJECT)
            owner = (stream, row.get("application_id") if entity == "payments"
                     else row.get("project_id"))
            if owner == application:
                more += [e for e in _events(reg, "entity = ? AND entity_id = ?", (entity, eid))
                         if e["id"] not in seen]
                seen.update(e["id"] for e in more)
                break
    return sorted(events + more, key=lambda e: e["id"]) if more else events


def counted_trail(reg: Register, *, year: int | None = None,
                  application: tuple[str, int] | None = None,
                  cancelled: Callable[[], bool] | None = None,
                  applications: set[tuple[str, int]] | None = None,
                  pick: Pick | None = None) -> tuple[int, Iterator[Line]]:
    """How many lines the trail has (its title says so, above them) and the lines, none
    held in memory: the whole register's counted in SQL (every event is one line) and
    made as they are read; a year's or an application's, which the reading itself picks
    out, spooled to a temporary file as they are made and read back from it."""
    lines = trail_lines(reg, year=year, application=application, cancelled=cancelled,
                        applications=applications, pick=pick)
    if year is None and application is None and applications is None and pick is None:
        return int(reg.scalar("SELECT COUNT(*) FROM audit_events") or 0), lines
    return _spooled(lines)


_FIELDS = attrgetter(*Line.__match_args__)  # a Line as a tuple of its fields, in order


def _spooled(lines: Iterable[Line]) -> tuple[int, Iterator[Line]]:
    """``lines`` written to an anonymous temporary file (gone with the process, killed or
    not), counted; then read back one at a time."""
    from boostdesk.io.export_summary import rows_folder

    # buffered, so a line's small write is cheap; closed by _read_back once read through
    spool = tempfile.TemporaryFile(dir=rows_folder())  # noqa: SIM115
    count = 0
    batch: list[tuple[Any, ...]] = []
    try:
        for line in lines:
            batch.append(_FIELDS(line))
            if len(batch) == SPOOL_BATCH:
                marshal.dump(batch, spool)
                batch = []
            count += 1
        if batch:
            marshal.dump(batch, spool)
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    return count, _read_back(spool, count)


# Lines written to the spool and read back a batch at a time: marshal.load reads a file a
# few bytes at a time, each line's eight fields apart (100,000 lines made 4.8 → 4.55 s)
SPOOL_BATCH = 500


def _read_back(spool: IO[bytes], count: int) -> Iterator[Line]:
    with spool:
        while count > 0:
            batch = marshal.load(spool)
            count -= len(batch)
            yield from starmap(Line, batch)


HEADERS = ("序号", "时间", "操作人", "年度", "对象", "操作", "内容", "电脑")


def time_zone() -> str:
    """The clock the trail's times are read by: each line's time is the local time of the
    computer it was made on (clock.now), which in the office is Beijing time; said as this
    computer's zone when it is another."""
    from datetime import datetime, timedelta

    offset = datetime.now().astimezone().utcoffset() or timedelta(0)
    if offset == timedelta(hours=8):
        return "北京时间"
    return f"电脑本地时间，UTC{offset.total_seconds() / 3600:+g}"


def headers() -> tuple[str, ...]:
    """The workbook's header row: 时间 says its clock (时间（北京时间）)."""
    return tuple(f"时间（{time_zone()}）" if h == "时间" else h for h in HEADERS)


class ExportCancelled(Exception):
    """The export was cancelled: nothing written."""


def export_note(register: str | Path, operator: str, covers: str = "") -> str:
    """The line under the title: which register, who exported it and when; ``covers``:
    which years its lines are of (``audit_picks.Whose.covers``)."""
    from boostdesk.models import clock

    at = clock.now().replace("T", " ")
    return (f"登记册：{register}；导出人：{operator}；导出时间：{at}（{time_zone()}）；"
            "各行时间为记录该修改的电脑的本地时间" + (f"；范围：{covers}" if covers else ""))


# The workbook's columns (序号 … 电脑), in characters: narrow enough that a landscape A4
# page fitted to their width keeps the text near its size (at 204 it printed at 3/4)
COLUMN_WIDTHS = (6, 19, 9, 6, 32, 14, 72, 10)
SUBJECT_WIDTH, ACTION_WIDTH, DETAILS_WIDTH = COLUMN_WIDTHS[4], COLUMN_WIDTHS[5], COLUMN_WIDTHS[6]
HEADER_ROWS = 3  # the title, the note and the headings above the first line
LINE_POINTS = 15  # a wrapped line of the 11 pt text
MOST_POINTS = 409  # the tallest a row can be


def _lines(text: str, width: int) -> int:
    """The lines ``text`` wraps to in a column ``width`` characters wide: a hanzi (three
    bytes in UTF-8) takes two characters' room, a figure or letter one — counted from the
    UTF-8 length, not character by character (a year's 100,000 lines). A line break
    starts a line; a character's room is kept at the column's end, where Excel and
    LibreOffice wrap a word whole."""
    if not text:
        return 1
    if "\n" in text:
        return sum(_lines(part, width) for part in text.split("\n"))
    units = len(text) + (len(text.encode("utf-8")) - len(text)) // 2
    usable = width - 2
    return max(1, -(-units // usable))


PROGRESS_EVERY = 1000  # lines written between progress reports


def write_xlsx(lines: Iterable[Line], path: str | Path, title: str,
               cancelled: Callable[[], bool] | None = None, note: str = "",
               progress: Callable[[int, int], None] | None = None, count: int = 0) -> None:
    """The trail as the auditor's working paper: a title row, ``note`` (which register,
    who exported it and when: :func:`export_note`), the headers (frozen, filtered), one
    change a row numbered (written streaming: a year of 100,000 changes would hold the
    whole sheet in memory). ``progress(lines written, count)`` every PROGRESS_EVERY lines, when
    the caller knows the ``count``."""
    from copy import copy

    from openpyxl.cell import Cell, WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    from boostdesk.io.export_summary import discard_streamed, save_streamed, streamed_workbook
    from boostdesk.io.fast_rows import rows_writer
    from boostdesk.io.xlsx_layout import as_typed, landscape_a4, sheet_text

    wb = streamed_workbook()
    ws = wb.create_sheet("修改记录")
    for col, width in zip("ABCDEFGH", COLUMN_WIDTHS, strict=True):
        ws.column_dimensions[col].width = width
    # the auditor prints and files it: one page across, the headings on every page
    landscape_a4(ws, freeze_row=4, title_rows="3:3")

    # The wrapped cells' style, made once and copied: an Alignment made and looked up in
    # the workbook's styles for each cell was a sixth of a 100,000-line year's export.
    proto = WriteOnlyCell(ws)
    proto.alignment = Alignment(wrap_text=True, vertical="top")
    wrapped = proto._style  # type: ignore[attr-defined]  # StyleableObject's
    proto = WriteOnlyCell(ws)  # a tall row's other cells at its top too, beside its first line
    proto.alignment = Alignment(vertical="top")
    top = proto._style  # type: ignore[attr-defined]

    def styled(value: Any, font: Font | None = None, wrap: bool = False,
               at_top: bool = False) -> Cell:
        # a title pasted with a control character (Word's line break) refused the whole
        # export; a name typed as “=…” became a formula
        cell = as_typed(WriteOnlyCell(ws, value=sheet_text(value)))
        if wrap or at_top:
            cell._style = copy(wrapped if wrap else top)  # type: ignore[attr-defined]
        if font is not None:
            cell.font = font
        return cell

    ws.append([styled(title, Font(bold=True, size=13))])
    ws.append([styled(note)])
    heads = headers()  # 时间（北京时间）, or 时间（电脑本地时间，UTC+0） on two lines
    taken = max(_lines(h, w) for h, w in zip(heads, COLUMN_WIDTHS, strict=True))
    if taken > 1:  # repeated atop each printed page: its second line ran into the first row
        ws.row_dimensions[HEADER_ROWS].height = LINE_POINTS * taken + 3
    ws.append([styled(h, Font(bold=True), wrap=True) for h in heads])
    n = 0
    # the lines as text (io.fast_rows), in the styles styled() gives them
    fast = rows_writer(ws, [top] * 4 + [wrapped] * 3 + [top])
    try:  # Ctrl+C in a command (its progress line drawn), or a failure: no rows left behind
        for n, x in enumerate(lines, 1):
            if cancelled is not None and n % 1000 == 1 and cancelled():
                discard_streamed(wb)
                raise ExportCancelled("已取消导出修改记录")
            if progress is not None and n % PROGRESS_EVERY == 0:
                progress(n, max(count, n))
            lines_taken = max(_lines(x.subject, SUBJECT_WIDTH), _lines(x.action, ACTION_WIDTH),
                              _lines(x.details, DETAILS_WIDTH))
            if lines_taken > 1:
                # as tall as its wrapped cells: a row left without a height kept one line's in
                # LibreOffice, and printed, its 内容 ran over the rows below
                ws.row_dimensions[HEADER_ROWS + n].height = min(LINE_POINTS * lines_taken + 3,
                                                                MOST_POINTS)
            if fast is not None and fast([sheet_text(v) for v in (
                    n, x.at, x.operator, x.year or "", x.subject, x.action, x.details,
                    x.computer)]):
                continue
            ws.append([styled(n, at_top=True), styled(x.at, at_top=True),
                       styled(x.operator, at_top=True), styled(x.year or "", at_top=True),
                       styled(x.subject, wrap=True), styled(x.action, wrap=True),
                       styled(x.details, wrap=True), styled(x.computer, at_top=True)])
    except BaseException:
        discard_streamed(wb)
        raise
    ws.auto_filter.ref = f"A3:H{3 + n}"  # (a streamed sheet writes it after its rows)
    save_streamed(wb, path, cancelled)


def union_and_studio_changes(reg: Register, stream: str, app_id: int, unit_id: int | None,
                             since: int) -> list[dict[str, str]]:
    """What renaming or merging a union, or merging a studio, changed of this application
    since its entry, the audit event ``since`` (by id, not time: a clock set back dates
    later events earlier): its 推荐单位 or 工作室 moved with it, on another screen.
    For the window's 修改记录, which reads them per selection: one indexed look-up each."""
    table = _TABLE[stream]
    rows = reg.query(
        "SELECT at, operator, action, entity, before, after FROM audit_events"
        " WHERE entity = ? AND id >= ? AND (action = 'update' AND entity_id IS ?"
        " AND json_extract(after, '$.name') IS NOT NULL OR action IN ('merge', 'unmerge')"
        " AND EXISTS (SELECT 1 FROM json_each(CASE action WHEN 'merge' THEN before"
        " ELSE after END, '$.refs." + table + "') WHERE value = ?)) ORDER BY id",
        ("units", since, unit_id, app_id))
    if stream == PROJECT:
        rows += reg.query(
            "SELECT at, operator, action, entity, before, after FROM audit_events"
            " WHERE entity = 'studios' AND id >= ? AND action IN ('merge', 'unmerge')"
            " AND EXISTS (SELECT 1 FROM json_each(CASE action WHEN 'merge' THEN before"
            " ELSE after END, '$.refs.project_applications') WHERE value = ?) ORDER BY id",
            (since, app_id))
    out = []
    for r in rows:
        before, after = _load(r["before"]) or {}, _load(r["after"]) or {}
        what = _ENTITY[r["entity"]]
        if r["action"] == "update":
            action, text = f"{what}改名", f"{what}：{before.get('name', '')} → {after.get('name', '')}"
        elif r["action"] == "merge":
            action = f"{what}合并"
            text = f"{what}：{before.get('name', '')} → {after.get('name', '')}（两种写法合并为一个）"
        else:
            action, text = f"撤销{what}合并", f"{what}：恢复为“{after.get('name', '')}”"
        out.append({"at": r["at"], "operator": r["operator"], "action": action, "text": text})
    return out
