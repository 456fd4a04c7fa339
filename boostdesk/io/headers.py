"""The columns of the two summary tables and the wordings clerks use for them.

Attachment 2 (专利汇总表) and attachment 4 (项目汇总表) of the plan: the
``header`` of each column is the text the template writes; ``variants`` are
other wordings seen in units' own sheets. Headers are compared after
:func:`normalize_header` (full-width → half-width, no spaces, no asterisks),
so only genuinely different wordings need listing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from boostdesk.models.records import PATENT, PROJECT

if TYPE_CHECKING:
    from boostdesk.models.campaign import Campaign

# Cell kinds: how a cell is read.
TEXT = "text"
NAME = "name"  # a person's name: spaces between Chinese characters dropped
NUMBER = "number"  # ID, card, phone, patent numbers: digits kept exactly as text
SEQ = "seq"
DATE = "date"
YES_NO = "yes_no"
AMOUNT_WAN = "amount_wan"  # money, 万元 unless the header or the cell says 元
LEVEL = "level"


@dataclass(frozen=True)
class Column:
    field: str  # attribute of PatentApplication / ProjectApplication
    header: str  # exact text in the template ("" for columns the template leaves out)
    kind: str = TEXT
    variants: tuple[str, ...] = ()
    width: float = 14
    note: str = ""  # one line of 填表说明
    # an optional column the blank table offers under this header (所属领域): read as any
    # other column, but a table without it is not warned of (old tables import as before)
    optional_header: str = ""

    @property
    def label(self) -> str:
        return self.header or self.variants[0]


@dataclass(frozen=True)
class Table:
    stream: str
    name_zh: str  # 专利汇总表; its attachment number is the year's plan's (``named``)
    title_suffix: str  # the template title after the year
    columns: tuple[Column, ...]
    key_fields: tuple[str, ...]  # columns without which the sheet is not this table
    name_field: str  # the column a row cannot do without

    def named(self, campaign: Campaign | None) -> str:
        """专利汇总表（附件2）: with the number the year's plan gives the table, where the
        year is known (a re-issued plan may renumber its attachments)."""
        if campaign is None:
            return self.name_zh
        return f"{self.name_zh}（{campaign.attachment(f'{self.stream}_summary')}）"

    def template_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.header)

    def blank_columns(self) -> tuple[Column, ...]:
        """The blank table's columns: the template's, then the optional ones (所属领域).
        Last, after 备注: last year's rows pasted into a new table keep every column."""
        return self.template_columns() + tuple(
            c for c in self.columns if not c.header and c.optional_header)

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)


_SEQ = Column("seq", "序号", SEQ, ("编号",), 6, "可留空")
_UNIT = Column(
    "unit_name", "推荐单位", TEXT,
    ("推荐单位名称", "推荐工会", "区、局、集团（公司）工会", "推荐单位（区、局、集团（公司）工会）"),
    22, "推荐的区、局、集团（公司）工会全称",
)
_ENTERPRISE = Column(
    "enterprise_name", "所在单位", TEXT,
    ("所在单位名称", "工作单位", "所在企业", "企业名称", "单位名称", "所在企业名称", "工作单位名称"), 24, "所在企业或单位全称",
)
_REMARKS = Column("remarks", "备注", TEXT, ("说明",), 16)
_INDUSTRY = Column("industry", "", TEXT, ("所属行业", "行业领域", "所属领域", "产业领域", "行业"), 16,
                   "可不填",
                   optional_header="所属领域")
_RECEIVED = Column("received_date", "", DATE, ("收件日期", "报送日期", "收到日期", "接收日期"))

PATENT_TABLE = Table(
    stream=PATENT,
    name_zh="专利汇总表",
    title_suffix="年职工创新发明专利助推汇总表",
    columns=(
        _SEQ,
        _UNIT,
        _ENTERPRISE,
        Column("title", "专利名称", TEXT, ("发明名称", "发明专利名称", "专利名", "发明创造名称"),
               30, "与专利证书一致"),
        Column("patent_number_raw", "专利号", NUMBER,
               ("专利号码", "发明专利号", "专利证号", "专利申请号", "专利号/申请号"),
               20, "如 ZL202110123456.7，与专利证书一致"),
        Column("grant_date", "授权公告日", DATE,
               ("授权日期", "授权公告日期", "授权日", "授权公告时间", "授权时间", "公告日"),
               13, "专利证书上的授权公告日，如 2021-03-05"),
        Column("inventor_name", "第一发明人", NAME,
               ("第一发明人姓名", "发明人", "发明人姓名", "第一发明人(姓名)"), 11, "必填"),
        Column("id_number", "身份证号", NUMBER,
               ("身份证号码", "公民身份号码", "第一发明人身份证号", "身份证", "身份证件号码",
                "证件号码", "证件号", "身份证件号", "公民身份证号码", "公民身份证号"),
               21, "第一发明人的18位身份证号（单元格为文本格式）"),
        Column("card_number", "工会会员互助服务卡号", NUMBER,
               ("互助服务卡号", "会员卡号", "工会会员卡号", "互助服务卡卡号", "工会会员互助服务卡卡号",
                "工会卡号", "会员互助服务卡号", "工会会员服务卡号", "会员服务卡号", "会员服务卡卡号", "互助卡号",
                "工会互助卡号", "工会服务卡号", "服务卡号"),
               23, "16至19位卡号（单元格为文本格式）"),
        Column("phone", "联系电话", NUMBER,
               ("电话", "手机", "手机号", "手机号码", "联系方式", "联系电话(手机)"), 14),
        Column("frontline", "是否一线职工", YES_NO,
               ("一线职工", "是否为一线职工", "是否一线", "是否一线员工", "是否为一线员工",
                "一线员工", "一线"), 9, "填 是 或 否"),
        Column("service_invention", "是否职务发明", YES_NO,
               ("职务发明", "是否为职务发明", "是否职务发明创造", "是否为职务发明创造",
                "职务发明创造", "职务"), 9,
               "填 是 或 否"),
        Column("applied_in_production", "是否已在生产中应用", YES_NO,
               ("是否在生产中应用", "是否已应用", "生产中应用", "是否已在企业生产中应用",
                "是否已在企业生产中得到应用", "是否在企业生产中应用", "已在生产中应用",
                "是否生产中应用", "是否应用于生产", "是否在生产中使用", "是否已在生产中使用",
                "是否已投入生产应用", "是否投入生产应用", "生产应用", "是否应用", "应用"),
               11, "填 是 或 否"),
        _REMARKS,
        _INDUSTRY,
        _RECEIVED,
    ),
    key_fields=("inventor_name", "patent_number_raw"),
    name_field="inventor_name",
)

PROJECT_TABLE = Table(
    stream=PROJECT,
    name_zh="项目汇总表",
    title_suffix="年创新项目助推汇总表",
    columns=(
        _SEQ,
        _UNIT,
        Column("studio_name", "工作室名称", TEXT,
               ("创新工作室名称", "职工创新工作室名称", "工作室", "创新工作室"), 24, "工作室全称"),
        Column("studio_level", "工作室级别", LEVEL,
               ("级别", "工作室等级", "工作室层级", "创新工作室级别", "职工创新工作室级别"), 14,
               "市级，或 区、局、集团（公司）级"),
        Column("title", "项目名称", TEXT, ("创新项目名称", "申报项目名称", "项目"), 30, "必填"),
        Column("leader", "领衔人", NAME, ("工作室领衔人", "领衔人姓名", "项目负责人", "负责人",
                                        "带头人", "工作室带头人"), 10),
        Column("approval_date", "立项日期", DATE, ("立项时间", "企业立项日期", "立项日", "立项批准日期", "批准立项日期"), 13,
               "企业批准立项的日期，如 2022-03-05"),
        Column("startup_funds_paid", "启动资金是否到位", YES_NO,
               ("启动资金到位", "是否拨付启动资金", "启动资金是否拨付", "启动资金是否已到位",
                "启动资金到位情况"),
               10, "填 是 或 否"),
        Column("planned_completion", "计划完成日期", DATE,
               ("计划完成时间", "计划结题日期", "计划结题时间", "预计完成日期", "预计完成时间"),
               13, "如 2024-06-30"),
        Column("total_budget_fen", "项目总投入（万元）", AMOUNT_WAN,
               ("项目总投资", "项目总投入", "总投入", "项目所需资金总额", "项目资金总额", "项目总经费",
                "项目总预算", "项目总投入资金", "总投入资金", "项目总投资额"),
               12, "单位：万元"),
        Column("requested_fen", "申请助推金额（万元）", AMOUNT_WAN,
               ("申请助推资金", "申请金额", "申请助推金额", "申报助推金额", "助推金额", "申请资助金额",
                "申请资助资金", "申请助推资金额度", "申请助推资金金额", "拟申请助推金额",
                "本次申请助推金额", "拟申请助推资金"), 12,
               "单位：万元，如 10、5、3"),
        Column("contact_name", "联系人", NAME, ("联系人姓名",), 10),
        Column("contact_phone", "联系电话", NUMBER,
               ("电话", "手机", "手机号", "手机号码", "联系方式", "联系电话(手机)", "联系人电话",
                "联系人手机", "联系人手机号", "联系人手机号码", "联系人联系电话"), 14),
        _REMARKS,
        # not a column of the plan's 附件4, but the money goes to it (二（四）4) and a studio
        # without it is 待补材料 (rules.project.enterprise): the blank table offers it
        Column("enterprise_name", "", TEXT, ("所在单位", *_ENTERPRISE.variants), 24,
               "工作室所在企业或单位全称（助推资金拨付至该单位）",
               optional_header="所在单位"),
        Column("model_studio", "", YES_NO,
               ("是否示范性工作室", "是否示范性", "示范性", "是否市级示范性工作室",
                "是否为示范性工作室", "是否为示范性")),
        _INDUSTRY,
        _RECEIVED,
    ),
    key_fields=("title",),
    name_field="title",
)

TABLES = (PATENT_TABLE, PROJECT_TABLE)
# Headers that name a yes/no column only in some units' sheets: 职务 beside 一线 and 应用
# (2018's 是否职务发明), but an inventor's post (高级工程师) in others. Read as the column
# only when every cell below it is a yes/no (``column_map``); else ignored, as unknown.
YES_NO_IF_ANSWERED = frozenset({"职务"})
TABLE_BY_STREAM = {t.stream: t for t in TABLES}

_SPACES = re.compile(r"\s+")
_TRAILING_GROUP = re.compile(r"\(([^()]*)\)$")
# A money unit as headers state it, after normalize_header: 元, 万元, 单位:元, 人民币元,
# 单位:人民币万元, 元人民币, 万; any other unit (千元, 百万元, 亿元, 美元) is named too, so that
# its column is refused rather than read in 万元.
_MONEY_UNIT = re.compile(r"^(?:金额)?(?:单位:?)?(?:人民币|RMB)?(万|[千百十亿]*万?元)(?:人民币|RMB)?$")


_NOTES_ONLY = re.compile(r"(\([^()]*\))+")


def header_note(text: object) -> str | None:
    """A cell of a row of notes under the headers — （万元）, 单位：元, （是/否） — as the
    bracketed group it adds to the header above it; None for any other text."""
    norm = normalize_header(text)
    if money_unit(norm) is not None:
        return f"({norm})"
    return norm if norm and _NOTES_ONLY.fullmatch(norm) else None


def normalize_header(text: object) -> str:
    """Compare headers ignoring width, spaces, line breaks, asterisks and a trailing colon."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    s = _SPACES.sub("", s).strip("*").rstrip(":")
    return s.replace("【", "(").replace("】", ")").replace("〔", "(").replace("〕", ")")


def money_unit(normalized: str) -> str | None:
    """The money unit a header's group states ("元", "万元", or another such as "千元"),
    or None when it states none."""
    m = _MONEY_UNIT.match(normalized.upper())
    if m is None:
        return None
    return "万元" if m.group(1) == "万" else m.group(1)


def split_unit(normalized: str) -> tuple[str, str | None]:
    """Strip trailing groups such as (万元), (必填), (是/否); return the money unit if named."""
    unit = None
    while True:
        m = _TRAILING_GROUP.search(normalized)
        if not m or m.start() == 0:
            return normalized, unit
        unit = unit or money_unit(m.group(1))
        normalized = normalized[: m.start()]


def _index(table: Table) -> dict[str, Column]:
    out: dict[str, Column] = {}
    for col in table.columns:
        for text in (col.header, *col.variants):
            if text:
                out.setdefault(normalize_header(text), col)
                out.setdefault(split_unit(normalize_header(text))[0], col)
    return out


_INDEXES = {t.stream: _index(t) for t in TABLES}


# Words naming whose or what a column's fact is, before a header the index knows
_OWNER_PREFIXES = ("第一发明人", "发明人", "发明专利", "发明", "专利", "工作室", "项目")
# 其中：申请助推金额 — a part of the total column before it, as money tables write it
_PART_OF = re.compile(r"^其中:?")


def match_header(table: Table, text: object) -> tuple[Column, str | None] | None:
    """The column a header cell names in ``table`` and the money unit it states, if any."""
    norm = normalize_header(text)
    if not norm:
        return None
    index = _INDEXES[table.stream]
    norm = _PART_OF.sub("", norm) or norm
    stripped, unit = split_unit(norm)
    col = index.get(norm) or index.get(stripped)
    if col is None:  # 第一发明人身份证号码, 专利授权日期, 项目立项时间: named for whose it is
        for prefix in _OWNER_PREFIXES:
            if stripped.startswith(prefix) and len(stripped) > len(prefix) + 1:
                col = index.get(stripped[len(prefix):])
                if col is not None:
                    break
    return (col, unit) if col else None
