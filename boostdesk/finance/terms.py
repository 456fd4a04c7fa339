"""The plan's payment terms, all read from the campaign (never from code), and the names
every part of finance shares: the payers, the statuses holding an award, a tranche's name.

* 一、（四）3 — a patent award is paid in one go to the first inventor's union member card
  within ``patent_payment_months`` of approval (核准);
* 二、（四）4 — a project award is paid in tranches (``tranche_shares``, 60 % then 40 %) to the
  studio's enterprise: the first within ``first_tranche_months`` after the publicity period
  ends, the rest after the project passes acceptance (结题验收) — within
  ``final_tranche_months``, a term the plan leaves to the office; a project whose acceptance
  failed (验收未通过) keeps what it was paid and is never paid the rest;
* 一、（三）/ 二、（三） — the federation and the recommending union share each award in the
  campaign's ratio (patents 1:1; city studios 1:1, district studios 1:2).
"""

from __future__ import annotations

import calendar
from datetime import date

from boostdesk.models.campaign import (
    FEDERATION,
    RECOMMENDING_UNION,
    Campaign,
    title_head,
)
from boostdesk.models.records import PATENT, PROJECT

PAYERS = (FEDERATION, RECOMMENDING_UNION)  # the order of the campaign's split ratios

# Statuses in which an application holds an award.
AWARDED = {
    PATENT: ("approved", "paid"),
    PROJECT: ("approved", "paid_first", "accepted", "paid_final", "acceptance_failed"),
}

FAILED = "acceptance_failed"  # the project's status
# A union share of an award approved with no recommending union: named, not blank, and
# alike on the lists, the sheets, the statistics and the 拨付 screen.
NO_UNION = "（未填写推荐单位）"


def federation_name(campaign: Campaign, typed: str | None = None) -> str:
    """The federation's name: the campaign title up to its year (北京市总工会2022年… → 北京市总工会).

    ``typed`` (设置's 单位名称, one for every year) only names a federation the title does
    not: a year of another federation, or before a rename, keeps the name its plan was
    issued under on its sheets and lists."""
    return title_head(campaign.title)[0] or (typed or "").strip() or campaign.federation


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (30 Nov + 3 months = 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def rest_due(campaign: Campaign, accepted: date | None) -> date | None:
    """When a project's 尾款 falls due: ``final_tranche_months`` after its acceptance (the
    plan sets no term, 验收后拨付余款); None before it. The payment lines (拨付, `pay list`)
    and the 审批表 both date it here."""
    return add_months(accepted, campaign.final_tranche_months) if accepted else None


def tranche_shares(campaign: Campaign, stream: str) -> tuple[int, ...]:
    return (100,) if stream == PATENT else tuple(campaign.tranche_shares)


def split_ratio(campaign: Campaign, stream: str, level: str | None) -> tuple[int, int]:
    if stream == PATENT:
        return tuple(campaign.patent_split)  # type: ignore[return-value]
    return tuple(campaign.project_split[level or "district"])  # type: ignore[return-value]


def batch_name(tranche: int) -> str:
    """A tranche as the payment list and 拨付's 批次 filter name it: 第一批, 第二批."""
    return f"第{'一二三四五六七八九'[tranche - 1]}批" if 1 <= tranche <= 9 else f"第 {tranche} 批"


def tranche_label(stream: str, tranche: int, count: int) -> str:
    if stream == PATENT or count == 1:
        return "一次拨付"
    if tranche == count:
        return "尾款"
    # a middle tranche (a year paying in three or more) is named by its number, not 尾款
    return "首笔" if tranche == 1 else f"第{tranche}笔"


def date_of(text: str | None) -> date | None:
    """A stored day (or time) as a date; None stays None."""
    return date.fromisoformat(text[:10]) if text else None


def app_table(stream: str) -> str:
    """The table of a stream's applications."""
    return {PATENT: "patent_applications", PROJECT: "project_applications"}[stream]
