"""A clerk back from two weeks' leave reads what her colleague did meanwhile: the trail by
operator (`boostdesk audit --by`), of every year (an earlier year's payment made this
week is not in this year's), in Chinese words throughout (采纳拟助推名单's rows, every
key the code writes), printable from LibreOffice (row heights), and a card filled in for
the first time said as such."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from boostdesk import audit_log
from boostdesk.cli import main
from boostdesk.labels import FIELD_ZH
from boostdesk.models import PatentApplication, Register

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def leave(tmp_path) -> Path:
    """2021 and 2022 on one register; 李梦遥 worked on both years while 高珊 was away."""
    from boostdesk.models.campaign import plan_2022

    db = tmp_path / "register.db"
    with Register.open(db, operator="高珊") as reg:
        c = plan_2022()
        reg.save_campaign(type(c).from_json(c.to_json().replace('"year": 2022', '"year": 2021')))
        old = reg.save_patent(PatentApplication(2021, inventor_name="赵一", title="一种旧装置"))
        reg.operator = "李梦遥"
        reg.save_patent(PatentApplication(2022, inventor_name="钱二", title="一种新装置"))
        reg.set_status("patent", old, "refused", "授权日不在2021年度范围")
    return db


def _out(capsys) -> list[str]:
    return capsys.readouterr().out.splitlines()


def test_audit_by_an_operator_lists_her_lines_of_every_year(leave, capsys):
    assert main(["audit", "--by", "李梦遥", "--db", str(leave)]) == 0
    title, *lines = _out(capsys)
    assert title == "修改记录（全部年度，操作人 李梦遥，共 3 条）"  # a person, a paper, a refusal
    assert len(lines) == 3 and all("  李梦遥  " in x for x in lines)
    assert any("专利1 一种旧装置（赵一）" in x for x in lines)  # 2021's, made this week


def test_an_operator_not_in_the_trail_is_refused_with_those_there_are(leave, capsys):
    assert main(["audit", "--by", "李孟瑶", "--db", str(leave)]) == 1
    err = capsys.readouterr().err
    assert "修改记录中没有操作人“李孟瑶”" in err
    assert "记录中的操作人（最近操作的在前）：李梦遥、高珊" in err


def test_an_operators_name_given_as_a_paper_or_person_says_where_it_goes(leave, capsys):
    """申报或人员 (--ref) is an inventor or leader: the tester typed her colleague there."""
    assert main(["audit", "--ref", "李梦遥", "--db", str(leave)]) == 1
    err = capsys.readouterr().err
    assert "“李梦遥”不是申报或人员（第一发明人、项目领衔人），而是修改记录中的操作人" in err
    assert "--by 李梦遥" in err


def test_the_files_header_says_which_years_it_covers(leave, tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    assert main(["audit", "--year", "2022", "--out", str(out), "--db", str(leave)]) == 0
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][0].startswith("修改记录（2022 年度，")
    assert rows[1][0].endswith("；范围：仅 2022 年度（不含 2021 年度）")
    assert main(["audit", "--out", str(out), "--db", str(leave)]) == 0
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][0].startswith("修改记录（全部年度，")
    assert rows[1][0].endswith("；范围：全部年度（2021、2022 年度）及共用名录")


# -- 2. the trail's words: no raw key -------------------------------------------------
RAW_KEY = re.compile(r"(?<![A-Za-z0-9_.\-/\\])[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?=[ ：:，])")


def _raw_keys(lines: list[audit_log.Line]) -> list[tuple[str, str]]:
    return [(x.action, m) for x in lines for m in RAW_KEY.findall(x.details)]


@pytest.fixture
def adopted(reg):
    """Two projects scored and adopted, adopted again after a tier set by hand, the list
    withdrawn and adopted once more; an expert's conflict found after his score."""
    from boostdesk.panel.adopt_proposal import adopt, withdraw
    from boostdesk.panel.experts import declare_conflict
    from boostdesk.panel.tier_overrides import set_override
    from tests.test_panel_support import (
        CITY,
        WAN,
        YEAR,
        add_experts,
        make_project,
        score_all,
        to_review,
    )

    first = make_project(reg, "市级甲项目", "工作室甲", CITY)
    second = make_project(reg, "市级乙项目", "工作室乙", CITY, budget_fen=15 * WAN)
    to_review(reg, first, second)
    experts = add_experts(reg, 3)
    for n, e in enumerate(experts):
        score_all(reg, e, {first: 90 - n, second: 80 + 2 * n})
    adopt(reg, YEAR)
    set_override(reg, second, None, "评审会决定")
    adopt(reg, YEAR)
    withdraw(reg, YEAR, "评审会要求复核")
    declare_conflict(reg, experts[0], first, "同单位")
    return reg


def test_an_adoption_reads_in_chinese(adopted):
    lines = audit_log.trail(adopted, year=2022)
    adoption = [x for x in lines if x.action == "采纳拟助推名单"]
    assert len(adoption) == 2
    text = adoption[0].details
    assert text.startswith("拟助推名单：第 1 名“市级甲项目”（工作室甲，市级）：得分 ")
    assert "10万元档 ¥100,000.00" in text and "评分专家 3 人（分配 3 人）" in text
    assert "理由：市级第 1 名" in text
    for raw in ("proposals", "ref ", "tier_fen", "trimmed_mean", "against_plan", "held"):
        assert raw not in text, raw
    assert _raw_keys(lines) == []


def test_a_proposal_withdrawn_reads_in_chinese(adopted):
    (withdrawn,) = [x for x in audit_log.trail(adopted, year=2022) if x.action == "撤回拟助推名单"]
    assert "第 1 名“市级甲项目”：得分 " in withdrawn.details
    assert "score_x100" not in withdrawn.details and "adopted_at" not in withdrawn.details
    assert "采纳于 " in withdrawn.details and "理由：评审会要求复核" in withdrawn.details


def test_a_busy_registers_trail_has_no_raw_key(tmp_path):
    """The demo and a week of the office's commands, rendered: no English key left."""
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    gear = "高精度齿轮测量中心国产化应用"
    for command in (["panel", "qualify", "--pass", gear, "--year", "2022"],
                    ["panel", "assign", "--expert", "吴晓梅", "--project", gear, "--year", "2022"],
                    ["panel", "conflict", "--expert", "何文静", "--project", gear,
                     "--reason", "同单位", "--year", "2022"],
                    ["panel", "override", "--tier", "none", "--reason", "评审会决定", gear,
                     "--year", "2022"],
                    ["correct", "union", "朝阳区总工会", "朝阳区总工会（更正）", "--reason", "录错"],
                    ["backup", "--out", str(tmp_path / "U盘.db")]):
        assert main([*command, "--db", str(db), "--operator", "审计员甲"]) == 0
    with Register.open(db, operator="录入员甲") as reg:  # what hung on it goes with it
        reg.delete_application("project", int(reg.scalar(
            "SELECT id FROM project_applications WHERE title = ?", (gear,))))
        assert reg.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'clear_override'")
        assert _raw_keys(audit_log.trail(reg)) == []


# Keys the trail says through code of their own, not by a label: a plan's settings
# (campaign_settings), a backup's size, an upgrade's version, 导出核对意见's letters,
# the amounts folded into their counts (audit_log.counted)
SAID_APART = {"letters", "program", "version", "size", "deleted_unpaid_fen",
              "payments_deleted_fen", "payments_restored_fen",
              # erase_person's and record_unsealed_exports' lines (audit_log says them whole)
              "说明", "placeholder", "papers", "lines_rewritten", "first_line", "last_line",
              "resealed_to", "old_chain_of_last_line", "day", "release", "lines",
              # sealed_sheets.details says its line whole (the keys serve the reprint)
              "keys"}


def _written_keys() -> dict[str, set[str]]:
    """Every key the code writes into an audit document as a literal: reg.audit(…, {…})."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / "boostdesk").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "audit"):
                continue
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                for sub in ast.walk(arg):
                    keys = []
                    if isinstance(sub, ast.Dict):
                        keys = [k.value for k in sub.keys
                                if isinstance(k, ast.Constant) and isinstance(k.value, str)]
                    elif isinstance(sub, ast.Call) and getattr(sub.func, "id", "") == "dict":
                        keys = [k.arg for k in sub.keywords if k.arg]
                    for key in keys:
                        found.setdefault(key, set()).add(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_key_the_code_writes_into_the_trail_has_chinese_words():
    labelled = set(FIELD_ZH) | set(audit_log._KEYS) | audit_log._QUIET | SAID_APART
    written = _written_keys()
    assert len(written) > 50  # the scan found the audit calls
    assert {k: sorted(v) for k, v in written.items() if k not in labelled} == {}


def test_every_key_of_an_adopted_row_and_a_proposals_row_has_chinese_words(reg):
    """采纳拟助推名单 writes RankRow.to_dict() and the proposals table's rows: not literals
    the scan above sees."""
    from boostdesk.panel.ranking_rows import RankRow

    labelled = set(FIELD_ZH) | set(audit_log._KEYS) | audit_log._QUIET
    row = RankRow(project_id=1, ref="项目", studio="工作室", studio_id=1, level="city",
                  status="review")
    assert set(row.to_dict()) - labelled == set()
    columns = {r[1] for r in reg.conn.execute("PRAGMA table_info(proposals)")}
    assert columns - labelled == set()


# -- 4. a card filled in for the first time ----------------------------------------
def test_a_card_filled_in_says_so(tmp_path, capsys):
    db = tmp_path / "register.db"
    with Register.open(db, operator="高珊") as reg:
        pid = reg.save_patent(PatentApplication(2022, inventor_name="萧子涵", title="一种泵"))
    assert main(["correct", "card", f"专利{pid}", "6222020812345678906", "--reason", "推荐单位补报卡号",
                 "--db", str(db), "--operator", "李梦遥"]) == 0
    out = capsys.readouterr().out
    assert f"已为专利{pid}（萧子涵）补填互助服务卡号 6222" in out and "（原未填）" in out
    assert "由  更正为" not in out
    with Register.open(db, operator="x") as reg:
        person, paper = [x for x in audit_log.trail(reg) if "卡号" in x.details]
    assert person.subject == "人员“萧子涵”" and person.details.endswith(f"（随专利{pid}的修改）")
    assert paper.subject.startswith(f"专利{pid} ")


# -- 5. printed from LibreOffice ---------------------------------------------------------
def test_each_row_is_as_tall_as_its_wrapped_text(tmp_path):
    long = "；".join(f"名称：一种精密齿轮磨削加工方法{n}" for n in range(12))
    lines = [audit_log.Line("2023-03-06 09:20:00", "李梦遥", 2022, "专利32 ZL202011245489.0（梁雪梅）",
                            "新建", long),
             audit_log.Line("2023-03-06 09:21:00", "李梦遥", 2022, "专利33", "修改", "名称：甲 → 乙")]
    path = tmp_path / "t.xlsx"
    audit_log.write_xlsx(lines, path, "修改记录")
    ws = openpyxl.load_workbook(path).active
    tall, short = ws.row_dimensions[4].height, ws.row_dimensions[5].height
    assert tall is not None and tall >= 15 * audit_log._lines(long, audit_log.DETAILS_WIDTH)
    assert short is None  # one line: the sheet's own height
    assert all(ws.cell(4, c).alignment.vertical == "top" for c in range(1, 9))
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$3:$3"


def test_the_line_count_reads_hanzi_as_two_characters():
    assert audit_log._lines("", 10) == 1
    assert audit_log._lines("a" * 8, 10) == 1
    assert audit_log._lines("a" * 9, 10) == 2
    assert audit_log._lines("汉" * 4, 10) == 1 and audit_log._lines("汉" * 5, 10) == 2
    assert audit_log._lines("甲\n乙", 10) == 2


def test_days_are_the_days_the_lines_bear(leave, capsys):
    today = date.today().isoformat()
    assert main(["audit", "--by", "高珊", "--from", today, "--db", str(leave)]) == 0
    title, *lines = _out(capsys)
    assert title.startswith(f"修改记录（全部年度，操作人 高珊，{today} 至 最近，共 ")
    assert lines and all(f"{today} " in x and "  高珊  " in x for x in lines)
