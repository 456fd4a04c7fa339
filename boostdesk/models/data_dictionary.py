"""数据说明: the register's tables and columns in Chinese, for whoever opens a backup or an
archived register in ten years without BoostDesk (SQLite reads it; this says what it means).

Made from the schema of the file itself (every table and column it has, in its order) and
the description kept here of each (:data:`TABLES`); a column no description names is
listed as such (a test keeps the map whole: no table or column of the current schema is
left undescribed). The code values (status, payer, level …) come from the maps the
program itself shows them by. Written into every backup zip and into the year's archive.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

FILE_NAME = "数据说明.md"

YUAN = "金额单位为分（整数，元 × 100，如 300000 即 ¥3,000.00）"
DAY = "日期，YYYY-MM-DD"
STAMP = "时间，YYYY-MM-DDTHH:MM:SS（本机时间）"
STREAM = "类别：patent 专利助推，project 创新项目助推"
APP = "申报的登记号（与 stream 合看：patent_applications.id 或 project_applications.id）"
PAYER = "付款单位：federation 市总工会，union 推荐工会（见 units）"

# table -> (what it is, {column: what it holds})
TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "campaigns": ("助推计划，一个年度一行", {
        "id": "编号",
        "year": "年度",
        "title": "计划名称（如 北京市总工会2022年职工创新助推计划），各文件的抬头",
        "params": "该年度计划的参数（JSON）：授权公告日期间 grant_window_start/end、专利助推金额 "
                  "patent_award_fen（分）及分担比例 patent_split、项目档次 tiers（级别、金额分、名额）、"
                  "分担比例 project_split、分批比例 tranche_shares（%）、拨付期限（月）、公示天数 "
                  "publicity_days、最晚结题 latest_completion、重点产业领域 priority_industries、条款编号 "
                  "clauses、附件编号 attachments、核对意见联系人 notice_contact 等",
    }),
    "units": ("推荐单位（推荐工会）：区、产业、局、集团（公司）、高等院校、直属基层工会；项目首笔、尾款"
              "和专利的推荐工会分担部分由它拨付", {
        "id": "编号",
        "name": "名称（全称）",
        "kind": "类别：区、产业、局、集团（公司）、高等院校、直属基层",
    }),
    "enterprises": ("所在单位（企业），专利第一发明人的、工作室的单位；项目资金拨付至此", {
        "id": "编号",
        "name": "名称",
        "credit_code": "统一社会信用代码",
        "unit_id": "所属推荐单位（units.id）",
    }),
    "people": ("人员：专利第一发明人，按身份证号一人一行（跨年度）", {
        "id": "编号",
        "name": "姓名",
        "id_number": "身份证号（18 位）",
        "card_number": "工会会员互助服务卡号（其最新一项专利申报的；每项申报另存其自己的）",
        "phone": "联系电话",
        "frontline": "是否一线职工（1 是，0 否，空 未填）；每项申报另存其自己的",
        "enterprise_id": "所在单位（enterprises.id）",
    }),
    "studios": ("职工创新工作室，一室一行（跨年度）", {
        "id": "编号",
        "name": "名称",
        "level": "级别：city 市级，district 区/局/集团级",
        "model_studio": "是否示范性工作室（1 是，0 否）",
        "unit_id": "推荐单位（units.id）",
        "enterprise_id": "所在单位（enterprises.id）",
        "leader": "领衔人",
    }),
    "studio_awards": ("工作室往年获得的项目助推（登记册启用前的，或补录的），用于“已获往年助推且未完成"
                      "结题验收的不能申报”等规则", {
        "id": "编号",
        "studio_id": "工作室（studios.id）",
        "year": "获助推的年度",
        "project_title": "项目名称",
        "award_fen": f"助推金额，{YUAN}",
        "accepted": "是否已结题验收（1 是，0 否）",
        "accepted_date": f"结题验收日期，{DAY}",
    }),
    "patent_applications": ("专利助推申报，一项专利一行（附件2 汇总表的一行）", {
        "id": "登记号（写作 专利12）",
        "campaign_id": "年度（campaigns.id）",
        "seq": "在推荐单位汇总表中的序号（纸质申报为空）",
        "unit_id": "推荐单位（units.id）",
        "enterprise_id": "所在单位（enterprises.id）",
        "person_id": "第一发明人（people.id）",
        "title": "专利名称",
        "patent_number_raw": "专利号，按申报所写",
        "patent_number": "专利号，规范后（查重用）",
        "grant_date": f"授权公告日，{DAY}",
        "service_invention": "是否职务发明（1 是，0 否）",
        "applied_in_production": "是否已在生产中应用（1 是，0 否）",
        "industry": "所属重点产业领域",
        "remarks": "备注",
        "received_date": f"材料报送日期，{DAY}",
        "materials": "已交材料（JSON）：材料名 → true/false，如 {\"form\": true, \"certificate\": true}",
        "status": "状态（代码见下文“状态”）",
        "status_reason": "状态的理由（资格审核不通过的理由、撤回的来函等）",
        "award_fen": f"核准助推金额，{YUAN}",
        "approved_date": f"核准日期，{DAY}",
        "created_at": f"录入时间，{STAMP}",
        "updated_at": f"最后修改时间，{STAMP}",
        "search_text": "查找用的文字（名称、姓名等小写连写），程序生成",
        "search_numbers": "查找用的号码（发明人身份证号、电话、会员卡号的全号与尾号），程序生成",
        "eligible": "自动核对结论：1 合格，0 不合格，空 未核对",
        "incomplete": "自动核对：1 待补材料",
        "findings": "自动核对的不符合项（JSON 列表）：每项 code 规则代码、severity blocking 不合格 / "
                    "warning 提示、message 说明（引方案条款）、field 字段、missing 是否缺材料",
        "card_number": "该申报的工会会员互助服务卡号（专利助推资金拨至此卡）",
        "frontline": "该申报的是否一线职工（1 是，0 否）",
        "reported_id_number": "未填第一发明人时，申报上所写的身份证号",
        "reported_phone": "未填第一发明人时，申报上所写的电话",
    }),
    "project_applications": ("创新项目助推申报，一个项目一行（附件4 汇总表的一行）", {
        "id": "登记号（写作 项目6）",
        "campaign_id": "年度（campaigns.id）",
        "seq": "在推荐单位汇总表中的序号（纸质申报为空）",
        "unit_id": "推荐单位（units.id）",
        "studio_id": "工作室（studios.id）",
        "title": "项目名称",
        "leader": "项目领衔人",
        "approval_date": f"立项日期，{DAY}",
        "startup_funds_paid": "启动资金是否已到位（1 是，0 否）",
        "planned_completion": f"计划完成日期，{DAY}",
        "total_budget_fen": f"项目总预算，{YUAN}",
        "requested_fen": f"申请助推金额，{YUAN}",
        "contact_name": "联系人",
        "contact_phone": "联系电话",
        "industry": "所属重点产业领域",
        "remarks": "备注",
        "received_date": f"材料报送日期，{DAY}",
        "materials": "已交材料（JSON）：材料名 → true/false",
        "status": "状态（代码见下文“状态”）",
        "status_reason": "状态的理由（核准的理由、未获助推的理由、撤回的来函等）",
        "award_fen": f"核准助推金额（档次），{YUAN}",
        "approved_date": f"核准日期，{DAY}",
        "accepted_date": f"结题验收日期（验收未通过的：验收日期），{DAY}",
        "created_at": f"录入时间，{STAMP}",
        "updated_at": f"最后修改时间，{STAMP}",
        "search_text": "查找用的文字，程序生成",
        "search_numbers": "查找用的号码（联系电话的全号与尾号），程序生成",
        "eligible": "自动核对结论：1 合格，0 不合格，空 未核对",
        "incomplete": "自动核对：1 待补材料",
        "findings": "自动核对的不符合项（JSON 列表，格式同专利申报）",
        "award_level": "获助推时工作室的级别（city 市级，district 区/局/集团级）",
        "payee_enterprise_id": "首笔拨付的收款单位（enterprises.id），尾款仍拨至此",
        "title_key": "项目名称规范后（查重用），程序生成",
        "reported_level": "未填工作室时，申报上所写的级别",
        "outside_level": "申报上所写的、方案不予助推的工作室级别（如 企业级，二（一））；其他为空",
        "reported_model_studio": "未填工作室时，申报上所写的是否示范性",
        "reported_enterprise_id": "未填工作室时，申报上所写的所在单位（enterprises.id）",
    }),
    "status_history": ("申报的每一次状态变更（谁、何时、从何到何、理由）", {
        "id": "编号",
        "stream": STREAM,
        "application_id": APP,
        "from_status": "原状态（代码见“状态”）",
        "to_status": "新状态",
        "reason": "理由",
        "operator": "操作人",
        "at": f"记录时间，{STAMP}",
        "decided_on": f"决定日期（资格审核的日期等，经办人所填），{DAY}",
    }),
    "payments": ("应拨款项：每项核准的助推按批次、付款单位各一行（专利一次拨付；项目首笔、尾款）。"
                 "只存现状（已拨付的日期、凭证号）；每次拨付、退汇（银行退回）、撤销登记、重拨都在修改"
                 "记录 audit_events 中（entity = 'payments'，entity_id = 本表 id；退汇的 after 含 "
                 "returned_date），拨付的历史从那里读", {
        "id": "编号（拨付记录编号）",
        "stream": STREAM,
        "application_id": APP,
        "tranche": "批次：1 第一批（专利一次拨付、项目首笔），2 第二批（项目尾款）",
        "payer": PAYER,
        "amount_fen": f"应拨金额，{YUAN}",
        "due_date": f"应拨日期，{DAY}",
        "paid_date": f"拨付日期，{DAY}；空为尚未拨付（含退汇待重拨）",
        "voucher": "记账凭证号",
    }),
    "recoveries": ("撤销助推（已拨付，应追回）：已拨付的助推经核查不应获得，每项一行", {
        "id": "编号",
        "stream": STREAM,
        "application_id": APP,
        "from_status": "撤销时的状态",
        "decided_on": f"决定日期，{DAY}",
        "reason": "理由",
        "document": "依据的文件（文号等）",
    }),
    "recovery_payers": ("撤销助推后各付款单位应追回的金额", {
        "recovery_id": "撤销助推（recoveries.id）",
        "payer": PAYER,
        "amount_fen": f"应追回金额，{YUAN}",
    }),
    "recovery_instalments": ("已追回的每一笔（可分次）", {
        "id": "编号",
        "recovery_id": "撤销助推（recoveries.id）",
        "payer": PAYER,
        "amount_fen": f"本次追回金额，{YUAN}",
        "recovered_date": f"追回日期，{DAY}",
        "voucher": "凭证号",
        "note": "备注",
    }),
    "panel_settings": ("专家评审的参数，一个年度一行", {
        "campaign_id": "年度（campaigns.id）",
        "trim_min_scores": "评分专家达到此数时去掉最高分、最低分",
        "trim_each": "去掉最高分、最低分各几个",
        "disagreement_sd_x10": "评分分歧提示的标准差 × 10（整数）",
        "experts_per_project": "每个项目的评审专家数",
    }),
    "panel_secret": ("评分包签名用的密钥（程序生成，一行）", {
        "id": "固定为 1",
        "secret": "密钥",
    }),
    "experts": ("评审专家，每个年度各自登记", {
        "id": "编号",
        "campaign_id": "年度（campaigns.id）",
        "name": "姓名",
        "organisation": "单位",
        "field": "专业领域",
        "contact": "联系方式",
    }),
    "criteria": ("评分细则：评分项", {
        "id": "编号",
        "campaign_id": "年度（campaigns.id）",
        "position": "次序",
        "name": "评分项名称",
        "max_score": "满分",
        "weight": "权重",
        "description": "评分要点（评分包“填写说明”中写在满分旁）",
    }),
    "assignments": ("评审分配：某专家评某项目", {
        "id": "编号",
        "expert_id": "专家（experts.id）",
        "project_id": "项目（project_applications.id）",
        "comment": "评语",
        "submitted_at": f"评分提交时间，{STAMP}；空为未提交",
        "source": "评分来源：package 评分包，screen 评分录入",
    }),
    "conflicts": ("回避登记", {
        "id": "编号",
        "expert_id": "专家（experts.id）",
        "project_id": "项目（project_applications.id）",
        "reason": "回避理由",
        "declared_at": f"登记时间，{STAMP}",
    }),
    "scores": ("各专家对各评分项的评分", {
        "assignment_id": "评审分配（assignments.id）",
        "criterion_id": "评分项（criteria.id）",
        "score_x10": "得分 × 10（整数，如 85 即 8.5 分）",
    }),
    "tier_overrides": ("人工调整档次", {
        "project_id": "项目（project_applications.id）",
        "amount_fen": f"调整后的档次金额，{YUAN}；空为不予助推",
        "reason": "理由",
        "operator": "操作人",
        "at": f"时间，{STAMP}",
    }),
    "publicity_periods": ("公示批次", {
        "id": "编号",
        "campaign_id": "年度（campaigns.id）",
        "start_date": f"公示开始日期，{DAY}",
        "end_date": f"公示结束日期，{DAY}",
        "closed_date": f"结束公示（核准）的日期，{DAY}；空为公示中",
    }),
    "proposals": ("采纳的拟助推名单", {
        "project_id": "项目（project_applications.id）",
        "campaign_id": "年度（campaigns.id）",
        "rank": "排名",
        "score_x100": "得分 × 100（整数）",
        "amount_fen": f"拟助推金额（档次），{YUAN}",
        "reason": "采纳的理由（如超过申请金额、违背方案的说明）",
        "adopted_at": f"采纳的记录时间，{STAMP}",
        "adopted_on": "采纳日期（办公室采纳名单之日，公示不得早于此日），YYYY-MM-DD；"
                      "空为未经排名、开始公示时按申请金额列入",
        "period_id": "所在的公示批次（publicity_periods.id）；空为待公示",
        "published_enterprise_id": "公示时的所在单位（enterprises.id）：公示名单按此打印，改汇、工作室"
                                   "迁往其他单位后不变；空为待公示",
    }),
    "objections": ("公示期内收到的异议", {
        "id": "编号",
        "period_id": "公示批次（publicity_periods.id）",
        "project_id": "项目（project_applications.id）",
        "received_date": f"收到日期，{DAY}",
        "objector": "异议人",
        "content": "异议内容",
        "resolution": "处理结果：upheld 异议成立（不予助推），dismissed 异议不成立；空为待处理",
        "resolution_note": "处理意见",
        "resolved_date": f"处理日期，{DAY}",
    }),
    "register_settings": ("登记册的设置（各电脑共用），如审批表的印章图片", {
        "key": "设置名",
        "value": "设置值（JSON 或文字）",
    }),
    "audit_events": ("修改记录：登记册的每一次录入、修改、删除、状态变更、评审、公示、拨付、退汇、打印和"
                     "导出正式文件、设置和恢复，一次一行，只增不改；每行带校验值（chain 列，见“要点”中的"
                     "防篡改校验），在本程序之外改动、删除或插入的行由 boostdesk check 指出。按审计人员的"
                     "读法列出：boostdesk audit（或“文件 → 导出修改记录”）", {
        "id": "编号（先后次序）",
        "at": f"时间，{STAMP}",
        "operator": "操作人",
        "action": "操作的代码：全部代码及其含义见下文“修改记录的操作（audit_events.action）”",
        "entity": "对象所在的表（如 patent_applications、payments；documents 为文件，register 为"
                  "登记册本身）",
        "entity_id": "对象在该表中的 id",
        "before": "改动前的内容（JSON）",
        "after": "改动后的内容（JSON）；拨付、退汇、撤销登记、重拨、撤销助推、追回的各键见下文"
                 "“修改记录中拨付与追回的内容”",
        "computer": "操作的电脑名",
        "note": "说明（如 撤销“…”、登记册升级）",
        "chain": "防篡改校验值（16 字节）：本行内容与上一行校验值的 BLAKE2b-128 散列，"
                 "写入该行的保存提交时由程序写入（算法见“要点”）",
    }),
    "audit_seal": ("修改记录的计数（仅一行）：本程序写入并加校验值的修改记录的最大编号和总行数，"
                   "每次保存时累加；boostdesk check 用它发现末尾或全部被删除的修改记录（编号会被"
                   "重新使用，校验链本身显不出）", {
        "id": "固定为 1",
        "last_id": "本程序写入的修改记录的最大编号（audit_events.id）",
        "lines": "本程序写入并加校验值的修改记录的总行数",
    }),
}

CODES_TITLE = "代码的含义"


def _codes() -> list[tuple[str, dict[str, str]]]:
    """The code values the program shows in Chinese, from the maps it shows them by."""
    from .campaign import LEVEL_ZH, PAYER_ZH
    from .workflow import STATUS_ZH

    return [
        ("状态（patent_applications.status、project_applications.status、status_history）",
         dict(STATUS_ZH)),
        ("付款单位（payments.payer、recovery_payers.payer）", dict(PAYER_ZH)),
        ("工作室级别（studios.level、project_applications.award_level）", dict(LEVEL_ZH)),
        ("类别（stream）", {"patent": "专利助推（职工创新发明专利）", "project": "创新项目助推"}),
        ("异议处理结果（objections.resolution）", {"upheld": "异议成立", "dismissed": "异议不成立"}),
    ]


NOTES = (
    "金额：凡以 _fen 结尾的列都是分（整数），元 = 分 ÷ 100；以 _x10、_x100 结尾的是乘以 10、100 后的整数。",
    "日期写作 YYYY-MM-DD，时间写作 YYYY-MM-DDTHH:MM:SS（本机时间）。",
    "推荐单位（units）即推荐工会：申报由它推荐，助推资金的推荐工会分担部分由它拨付。payments.payer = "
    "'union' 的一笔，付款单位就是该申报的推荐工会：patent_applications.unit_id 或 "
    "project_applications.unit_id 所指的 units 行（不是另记的单位）；拨付时它的名称记在修改记录 "
    "after.payer_name 中，推荐单位改名或合并记为 rename_payer。payer = 'federation' 为市总工会。",
    "拨付的历史：payments 只存每笔应拨款项的现状；每一次登记拨付、退汇（银行退回）、撤销登记、重拨"
    "都记在 audit_events（entity = 'payments'），退汇后 paid_date 为空、款项重新待拨付。"
    "撤销助推后的应追回、已追回在 recoveries、recovery_payers、recovery_instalments。",
    "身份证号、卡号在登记册中为完整号码：登记册及其备份须妥善保管。",
    "JSON 列（params、materials、findings、before、after）是 UTF-8 的 JSON 文字，任何 JSON 工具可读。",
    "防篡改校验（登记册格式 30 起）：audit_events 每行的 chain = BLAKE2b（digest_size=16）"
    "(上一行的 chain 字节 + 本行内容)，第一行的“上一行”为空；本行内容为 id, at, operator, action, "
    "entity, entity_id, before, after, computer, note 各列的 UTF-8 文字，列间以字节 0x1F 分隔，"
    "NULL 写作字节 0x1E（即 SQLite 的 CAST(ifnull(id,x'1e')||x'1f'||ifnull(at,x'1e')||… AS BLOB)）。"
    "某行被改动，"
    "该行对不上；某行被删除，其后一行对不上；在本程序之外插入的行没有 chain。boostdesk check 逐行"
    "核对并指出第一处断点（年度归档的目录和本说明也记下核对结果）。校验链能显出用数据库工具直接改动"
    "的痕迹，但不是加密签名：知道算法的人可以重算整条链。末尾几行或全部修改记录被删除不留断点，"
    "boostdesk check 另作三项核对（登记册格式 31 起）：行数和最大编号不少于 audit_seal 所记；"
    "每份申报（patent_applications、project_applications）在修改记录中至少有一行；每笔已登记拨付的"
    "款项（payments.paid_date 非空）有一行 after.paid_date 非空的登记拨付记录；不符的列出件数和"
    "几例，作为警告。登记册格式 30 起而没有 chain 列，是该列在本程序之外被删除：check 警告，"
    "程序下次打开或保存时恢复此列并记一行 restore_chain，其后各行照常加校验值。"
    "例外：0.19.0 版导出评分包（action = export_packages，entity = campaigns）的一行未加校验值"
    "（该版本的缺陷），其后一行的“上一行 chain”按空计算；check 把这样的行单独说明，不算断点，"
    "但这些行本身的内容无法核对。请同时核对备份。",
)

# What each payment's and recovery's line in the trail holds (entity payments / the papers').
TRAIL_KEYS_TITLE = "修改记录中拨付与追回的内容"
PAYMENT_KEYS: dict[str, str] = {
    "paid_date": "拨付日期（登记拨付、重拨后）；退汇、撤销拨付登记后为 null",
    "voucher": "记账凭证号（同上；退汇、撤销拨付登记后为空）",
    "payment_fen": f"这一笔的金额，{YUAN}",
    "payer_name": "付款单位的名称（写入时的：市总工会，或推荐工会的全称）",
    "paid_to": "收款人：专利为第一发明人姓名，项目为收款单位（所在单位）名称",
    "paid_card": "专利助推资金汇往的工会会员互助服务卡号（写入时的；之后更正卡号不改此值）",
    "returned_date": "退汇日期（银行退回）：款项未到账，退汇后重新待拨付",
    "return_date": "撤销改汇所依据的退汇日期（该退汇登记已撤销）",
    "returned_from": "退汇时，被退回的那次汇款原汇往的收款人和卡号",
    "resent_after": "重拨（退汇后再次拨付）时，此前那次退汇的日期和原因",
    "reason": "理由：退汇原因；以“撤销拨付登记：”开头的为撤销拨付登记，以“撤销退汇登记：”开头的为"
              "撤销退汇登记",
    "deleted_unpaid / deleted_unpaid_fen": "撤销助推（revoke_award）时删除的未拨付款项笔数和金额",
    "money": "撤销助推（revoke_award）时款项均未拨付的（撤销助推（未拨付）），写明无需追回（无 to_recover）",
    "to_recover": "撤销助推：各付款单位应追回的金额（名称 → 分）；登记已追回（recovered）：该付款单位"
                  "应追回的总额（分）",
    "recovered_fen / recovered_date / voucher / remarks": "登记已追回：这一次追回的金额（分）、日期、"
                                                         "凭证号、备注",
    "recovered_total_fen / owing_fen / instalment": "登记已追回：累计已追回、尚欠（分），"
                                                    "recovery_instalments.id",
    "payee / redirected / decided": "改汇（记在项目申报的行上，entity = project_applications）："
                          "before.payee、after.payee 为原、新收款单位，redirected 为改汇的款项（被银行退回的"
                          "和未拨付的），decided 为改汇决定日期（YYYY-MM-DD，审批表的注按此日期）；"
                          "此行之前已汇出的款项汇往 before.payee（拨付清单、审批表照此打印）",
}
PAYMENT_EVENTS = (
    "拨付记录的每一次变动都是 audit_events 中 entity = 'payments'、entity_id = payments.id、"
    "action = 'update' 的一行，before 为变动前的 paid_date、voucher。按 after 依次判断（先符合者为准，"
    "与修改记录的读法相同）：",
    "1. 撤销退汇登记：after.reason 以“撤销退汇登记：”开头——误登记的退汇被撤销，原汇款（after 中的"
    "日期、凭证）仍然有效；",
    "2. 重拨（退汇后）：after.paid_date 有值，且有 resent_after；",
    "3. 登记拨付：after.paid_date 有值；",
    "4. 撤销拨付登记：after.reason 以“撤销拨付登记：”开头，after.paid_date 为 null。它撤销的是一次"
    "误登记：before.paid_date、before.voucher 是被撤销的那次登记，款项并未按它汇出，银行流水中"
    "不会有这一笔；修改记录称之为“撤销拨付登记”；",
    "5. 登记退汇：after.returned_date 有值（after.paid_date 为 null）；",
    "6. 其余为修改应拨款项（如金额随计划调整）。",
    "action = 'create' 为生成应拨款项，'delete' 为删除未拨付的应拨款项。撤销助推（revoke_award）、"
    "登记已追回（recovered）、撤销“已追回”登记（withdraw_recovered）记在申报的行上（entity = "
    "patent_applications 或 project_applications）。",
)

ACTIONS_TITLE = "修改记录的操作（audit_events.action）"
# Codes whose words depend on the entity (audit_log._action), beside the trail's own words.
_ACTION_MORE = {
    "create": "新建（录入）；entity = payments 时为生成应拨款项",
    "update": "修改；entity = payments 时为登记拨付、退汇、撤销拨付登记、撤销退汇登记或重拨（见上文）",
    "delete": "删除；entity = payments 时为删除未拨付的应拨款项",
    "restore": "恢复（撤销删除）；entity = register 时为从备份恢复登记册",
    "withdraw": "撤回（拟助推名单；随申报删除的回避、拟助推行等）",
    "upgrade": "登记册升级（程序新版本首次打开）",
    "fill_demo": "填入演示数据",
    "backup_out": "备份登记册到指定文件",
    "copies_refused": "登记册旁的副本记录（register.db.copies）中有行无法读取或不是本程序记下的，未补记（entity = register）",
    "restore_chain": "恢复修改记录校验链（chain 列曾在本程序之外被删除；entity = register）",
    "record_unsealed_exports": "本版本首次打开登记册时记下 0.19.0 版导出评分包未加校验值的行"
                               "（after.lines：行号及其内容的校验值；entity = register）",
}


def action_codes() -> dict[str, str]:
    """Every action code the program writes into the trail, in the words its lines use
    (``audit_log``), with the entity-dependent ones spelled out (a test scans the code for
    codes missing here)."""
    from boostdesk.audit_log import action_words, known_actions
    from boostdesk.safety.lost_changes import ACTION as LOST
    from boostdesk.safety.lost_changes import ACTION_ZH as LOST_ZH

    codes = {code: action_words(code) for code in known_actions()}
    codes[LOST] = LOST_ZH
    codes.update(_ACTION_MORE)
    return dict(sorted(codes.items()))


def schema(conn: sqlite3.Connection) -> list[tuple[str, list[tuple[str, str, bool]]]]:
    """Each table of the file (SQLite's own left out) with its columns: (name, type, key)."""
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY name")]
    return [(t, [(c[1], c[2], bool(c[5])) for c in conn.execute(
        "SELECT * FROM pragma_table_info(?)", (t,))]) for t in tables]


def undescribed(conn: sqlite3.Connection) -> list[str]:
    """The tables and columns (table.column) of the file no description names."""
    out = []
    for table, columns in schema(conn):
        described = TABLES.get(table)
        if described is None:
            out.append(table)
            continue
        out += [f"{table}.{name}" for name, _type, _key in columns if name not in described[1]]
    return out


def text(conn: sqlite3.Connection, *, made: datetime | None = None,
         chain: str | None = None) -> str:
    """数据说明.md: the tables in the order a reader needs them (the plan, the names, the
    papers, the money, the panel, the trail), then any other, each column described.
    ``chain``: what the check of the trail's chain found (the year's archive)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    made = made or datetime.now()
    lines = [
        "# BoostDesk 登记册数据说明",
        "",
        f"登记册是一个 SQLite 数据库文件（登记册格式 {version}），可用任何 SQLite 工具"
        "（如 DB Browser for SQLite、sqlite3）打开。本说明于 "
        f"{made.strftime('%Y-%m-%d %H:%M')} 按该文件的结构生成。",
        "",
        *([chain, ""] if chain else []),
        "## 要点",
        "",
        *(f"- {n}" for n in NOTES),
        "",
    ]
    tables = dict(schema(conn))
    order = [t for t in TABLES if t in tables] + [t for t in tables if t not in TABLES]
    for table in order:
        what, columns = TABLES.get(table, ("（无说明）", {}))
        lines += [f"## {table}", "", what, "", "| 列 | 类型 | 说明 |", "|---|---|---|"]
        for name, kind, key in tables[table]:
            said = columns.get(name, "（无说明）") + ("（主键）" if key else "")
            lines.append(f"| {name} | {kind or ''} | {said.replace('|', '／')} |")
        lines.append("")
    lines += [f"## {TRAIL_KEYS_TITLE}", "", *(f"- {x}" for x in PAYMENT_EVENTS), "",
              "| 键（after / before） | 含义 |", "|---|---|",
              *(f"| {k} | {v} |" for k, v in PAYMENT_KEYS.items()), ""]
    lines += [f"## {CODES_TITLE}", ""]
    for title, codes in [*_codes(), (ACTIONS_TITLE, action_codes())]:
        lines += [f"### {title}", "", "| 代码 | 含义 |", "|---|---|"]
        lines += [f"| {code} | {zh.replace('|', '／')} |" for code, zh in codes.items()]
        lines.append("")
    return "\n".join(lines)


def text_of(path: str, *, made: datetime | None = None) -> str:
    """:func:`text` of a register file, opened read-only (a backup's copy)."""
    from pathlib import Path

    conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return text(conn, made=made)
    finally:
        conn.close()
