"""A split typed 3000:2000 was stored and printed as typed (审批表 按 3000:2000 分担, 工作流程
（3000:2000）), and once paid the equal 3:2 was refused as a change (专利分担比例不能再改).
Splits are kept in lowest terms: typed, stored before, or built in code."""

from __future__ import annotations

import json

from boostdesk.campaign_settings import apply_settings, campaign_lines, parse_ratio
from boostdesk.cli import main
from boostdesk.finance.paying import mark_all_paid
from boostdesk.models import plan_2022
from boostdesk.models.campaign import CITY, DISTRICT, Campaign
from boostdesk.models.records import PATENT
from boostdesk.money import split_by_ratio
from boostdesk.season_guide import guide_text
from tests.test_award_holds import PAY_DAY, _lines
from tests.test_finance import add_patent
from tests.test_panel_support import YEAR


def test_a_ratio_is_reduced_as_typed():
    assert parse_ratio("60:40", "") == (3, 2)
    assert parse_ratio("3000：2000", "") == (3, 2)
    c = apply_settings(plan_2022(), [("patent_split", "3000:2000"), ("district_split", "2:4")])
    assert c.patent_split == (3, 2) and c.project_split == {CITY: (1, 1), DISTRICT: (1, 2)}
    assert "专利助推分担比例（市总工会:推荐工会）：3:2" in campaign_lines(c)
    assert "（3:2）" in guide_text(c) and "3000" not in guide_text(c)


def test_a_split_stored_unreduced_reads_in_lowest_terms_and_splits_the_same():
    raw = json.loads(plan_2022().to_json())
    raw["patent_split"] = [3000, 2000]
    c = Campaign.from_json(json.dumps(raw))
    assert c.patent_split == (3, 2)
    for fen in (5000_00, 3333_33, 1):
        assert split_by_ratio(fen, (3000, 2000)) == split_by_ratio(fen, c.patent_split)


def test_after_payment_the_equal_ratio_is_no_change(reg, capsys):
    """The register was saved with 3000:2000 before this: paid, typing 3:2 is accepted."""
    reg.conn.execute("UPDATE campaigns SET params = json_set(params, '$.patent_split',"
                     " json('[3000, 2000]')) WHERE year = ?", (YEAR,))
    patent = add_patent(reg)
    mark_all_paid(reg, [x.id for x in _lines(reg, patent, stream=PATENT)], PAY_DAY, "记-1")
    reg.close()
    db = ["--db", str(reg.path), "--year", str(YEAR)]
    capsys.readouterr()
    assert main(["campaign", "set", *db, "patent_split=3:2"]) == 0
    assert "没有改动" in capsys.readouterr().out
    assert main(["campaign", "set", *db, "patent_split=60:40", "publicity_days=5"]) == 0
    out = capsys.readouterr().out
    assert "不能再改" not in out and "公示期" in out
    assert main(["campaign", "set", *db, "patent_split=1:1"]) == 1
    assert "专利分担比例不能再改" in capsys.readouterr().err
