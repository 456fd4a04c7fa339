"""删除个人信息 (PIPL Art. 47): a refused applicant's ID, card, phone and name erased from the
register's tables, its trail (re-sealed, the check whole after) and the file's bytes."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest
from fixtures.summary_sheets import card, resident_id

from boostdesk import erase_person
from boostdesk.cli import main
from boostdesk.models import PatentApplication, Register, audit_chain
from boostdesk.models.records import PATENT
from boostdesk.rules import refresh
from boostdesk.statistics import year_statistics

WANG_ID = resident_id("11010619781120789")
WANG_CARD = card("621468528816055324")
WANG_PHONE = "15077778888"
WANG = "王小五"
AFTER = date(2026, 1, 1)  # 2022 ended 2022-12-31; kept 3 years (the default): to 2025-12-31


def _paper(reg, name, id_number, number, phone="", remarks="") -> int:
    return reg.save_patent(PatentApplication(
        campaign_year=2022, title=f"{name}的测试方法", patent_number_raw=number,
        grant_date=date(2021, 5, 11), inventor_name=name, id_number=id_number,
        card_number=card("621468" + id_number[6:17]) if id_number != WANG_ID else WANG_CARD,
        phone=phone, unit_name="海淀区总工会", enterprise_name="北京测试有限公司",
        frontline=True, service_invention=True, applied_in_production=True, remarks=remarks))


@pytest.fixture
def path(tmp_path):
    db = tmp_path / "register.db"
    reg = Register.open(db, operator="测试员")
    wang = _paper(reg, WANG, WANG_ID, "ZL202110123456.7", WANG_PHONE,
                  remarks="卡号 " + " ".join(WANG_CARD[i:i + 4] for i in range(0, 19, 4))
                          + "，电话 150-7777-8888")
    reg.set_status(PATENT, wang, "refused", "专利授权日期不在期间内")
    paid = _paper(reg, "张三", resident_id("11010519491231002"), "ZL202120987654.3",
                  "13911112222")
    reg.set_status(PATENT, paid, "qualified")
    reg.set_status(PATENT, paid, "approved", award_fen=3000_00, approved_date=date(2022, 12, 15))
    reg.close()
    return db


def _verdicts(reg) -> list[tuple]:
    return [(r["id"], r["eligible"], r["incomplete"],
             sorted(f["code"] for f in json.loads(r["findings"])))
            for r in reg.query("SELECT id, eligible, incomplete, findings"
                               " FROM patent_applications ORDER BY id")]


def _everything_text(db) -> str:
    """Every text cell of every table, the trail's JSON included."""
    conn = sqlite3.connect(db)
    out = []
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        for row in conn.execute(f'SELECT * FROM "{table}"'):
            out += [str(v) for v in row if isinstance(v, str)]
    conn.close()
    return "\n".join(out)


def _file_bytes(db) -> bytes:
    data = db.read_bytes()
    for extra in (db.with_name(db.name + "-wal"),):
        if extra.exists():
            data += extra.read_bytes()
    return data


def test_a_refused_applicants_data_is_gone_from_tables_trail_and_file(path):
    reg = Register.open(path, operator="隐私专员")
    refresh(reg, 2022)
    stats = repr(year_statistics(reg, 2022))
    verdicts = _verdicts(reg)
    done = erase_person.erase(reg, WANG_ID, "申报资格审核不通过，保存期限已满", AFTER)
    refresh(reg, 2022)  # his cleared ID and card are not asked for (待补材料)
    assert _verdicts(reg) == verdicts
    assert done.lines_rewritten >= 2 and done.backup
    report = audit_chain.verify(reg.conn)
    assert report.whole, report.said()
    assert "删除个人信息" in report.said()
    assert repr(year_statistics(reg, 2022)) == stats.replace(WANG, done.placeholder)
    row = reg.query("SELECT name, id_number, card_number, phone FROM people WHERE name LIKE"
                    " '（已删除个人信息%'")
    assert row == [{"name": done.placeholder, "id_number": None, "card_number": None,
                    "phone": None}]
    paper = reg.query("SELECT patent_number, title, status FROM patent_applications"
                      " WHERE patent_number = 'ZL202110123456.7'")
    assert paper and paper[0]["status"] == "refused"  # the decision stays
    line = reg.query("SELECT operator, after FROM audit_events WHERE action = 'erase_person'")[0]
    said = json.loads(line["after"])
    assert line["operator"] == "隐私专员" and said["lines_rewritten"] == done.lines_rewritten
    assert said["old_chain_of_last_line"] and said["first_line"] == done.first_line
    reg.close()
    text = _everything_text(path)
    for secret in (WANG_ID, WANG_CARD, WANG_PHONE, WANG, "7777-8888", "0553"):
        assert secret not in text.replace(" ", ""), secret
    raw = _file_bytes(path)
    for secret in (WANG_ID, WANG_CARD, WANG_PHONE):
        assert secret.encode() not in raw, secret
    assert WANG.encode() not in raw
    assert b"13911112222" in raw  # the approved one's data stays


def test_secure_delete_matters_a_paper_deleted_before_left_the_bytes_in_the_file(tmp_path):
    """A paper deleted by 删除 leaves its person's numbers in free pages (and the trail);
    erasing him by his ID (his row gone, found in the trail) leaves none."""
    db = tmp_path / "register.db"
    reg = Register.open(db)
    # as Python's own SQLite on Windows has it (Debian's is built with secure_delete on)
    reg.conn.execute("PRAGMA secure_delete = OFF")
    # a long 备注 (SQLite keeps it on overflow pages, which a deletion frees unwiped)
    gone = _paper(reg, WANG, WANG_ID, "ZL202110123456.7", WANG_PHONE,
                  remarks="材料说明" * 800 + f"卡号{WANG_CARD}" + "材料说明" * 800)
    reg.delete_application(PATENT, gone)
    assert not reg.query("SELECT 1 FROM people")
    reg.close()
    assert WANG_CARD.encode() in _file_bytes(db)
    reg = Register.open(db)
    reg.conn.execute("PRAGMA secure_delete = OFF")
    erase_person.erase(reg, WANG_ID, "录错的申报已删除", AFTER)
    assert reg.scalar("PRAGMA secure_delete") == 0  # as it was, once done
    assert audit_chain.verify(reg.conn).whole
    reg.close()
    raw = _file_bytes(db)
    for secret in (WANG_ID, WANG_CARD, WANG_PHONE):
        assert secret.encode() not in raw, secret
    assert WANG_PHONE not in _everything_text(db)


def test_refused_while_the_trail_is_broken_and_nothing_changes(path):
    conn = sqlite3.connect(path)
    conn.execute("UPDATE audit_events SET note = '改过' WHERE id = 2")
    conn.commit()
    conn.close()
    reg = Register.open(path)
    with pytest.raises(erase_person.EraseRefused, match="防篡改校验未通过"):
        erase_person.erase(reg, WANG, "期满", AFTER)
    assert reg.scalar("SELECT COUNT(*) FROM people WHERE id_number = ?", (WANG_ID,)) == 1
    reg.close()


def test_refused_for_an_award_holder_and_before_the_retention_ends(path):
    reg = Register.open(path)
    plan = erase_person.plan(reg, "张三", AFTER)
    assert any("核准" in r for r in plan.refusals)
    with pytest.raises(erase_person.EraseRefused, match="核准"):
        erase_person.erase(reg, "张三", "期满", AFTER)
    early = erase_person.plan(reg, WANG, date(2025, 12, 31))
    assert any("保存至 2025-12-31" in r for r in early.refusals)
    reg.close()


def test_the_retention_is_each_years_setting(path):
    assert main(["campaign", "set", "--year", "2022", "personal_info_retention_years=5", "--yes",
                 "--db", str(path)]) == 0
    reg = Register.open(path)
    assert reg.campaign(2022).personal_info_retention_years == 5
    assert any("保存至 2027-12-31" in r for r in erase_person.plan(reg, WANG, AFTER).refusals)
    reg.close()


def test_cli_previews_masked_then_erases_with_yes(path, capsys):
    from boostdesk.models import clock

    draft = path.with_name(path.name + ".draft-patent-2022.json")
    draft.write_text(json.dumps({"id_number": WANG_ID}), encoding="utf-8")
    with clock.fixed_day(AFTER):
        assert main(["erase-person", WANG_ID, "--reason", "期满", "--db", str(path)]) == 0
        out = capsys.readouterr().out
        assert "110106********" in out and WANG_ID not in out and "--yes" in out
        assert _everything_text(path).count(WANG_ID) > 0
        assert main(["erase-person", WANG_ID, "--reason", "期满", "--yes",
                     "--db", str(path)]) == 0
        out = capsys.readouterr().out
    assert "已删除" in out and "备份" in out and WANG_ID not in out
    assert "未保存的草稿" in out and draft.name in out  # said, not deleted: the clerk's
    assert WANG_ID not in _everything_text(path)
    assert main(["check", "--db", str(path)]) == 0
    assert "删除个人信息" in capsys.readouterr().out
    assert main(["audit", "--db", str(path)]) == 0  # the trail as the auditor reads it
    trail = capsys.readouterr().out
    assert "删除个人信息（个人信息保护法第四十七条）" in trail and "理由：期满" in trail
    assert "身份证号：（已删除）" in trail and "（已*" not in trail and WANG not in trail


def test_a_withdrawn_projects_contact_is_erased_by_name_and_the_leader_kept(tmp_path):
    """A project withdrawn (未获助推) keeps its 联系人's name and phone for good — until
    erased; the studio's leader (the studio is named after him) is not a contact."""
    from boostdesk.models import ProjectApplication
    from boostdesk.models.records import PROJECT

    db = tmp_path / "register.db"
    reg = Register.open(db)
    app_id = reg.save_project(ProjectApplication(
        campaign_year=2022, title="转炉炼钢终点碳温预测模型开发", studio_name="李红兵劳模创新工作室",
        studio_level="city", leader="李红兵", unit_name="首钢集团工会",
        enterprise_name="首钢智能装备制造有限公司", contact_name="赵小燕",
        contact_phone="138-0013-8000", remarks="联系人赵小燕，手机13800138000"))
    reg.set_status(PROJECT, app_id, "not_awarded", "推荐单位撤回")
    with pytest.raises(erase_person.EraseRefused, match="工作室带头人"):
        erase_person.plan(reg, "李红兵", AFTER)
    done = erase_person.erase(reg, "赵小燕", "撤回的申报，保存期限已满", AFTER)
    row = reg.query("SELECT contact_name, contact_phone, leader, remarks, title, status"
                    " FROM project_applications")[0]
    assert row["contact_name"] == done.placeholder and row["contact_phone"] == ""
    assert row["leader"] == "李红兵" and row["status"] == "not_awarded"
    assert "13800138000" not in row["remarks"] and "赵小燕" not in row["remarks"]
    assert audit_chain.verify(reg.conn).whole
    reg.close()
    text = _everything_text(db)
    assert "赵小燕" not in text and "13800138000" not in text and "0013-8000" not in text


def test_a_card_another_person_holds_too_is_kept_for_him(path):
    """A card given for two people (a family's): cleared from the erased one's rows only."""
    reg = Register.open(path)
    other = _paper(reg, "王大五", resident_id("11010619800101123"), "ZL202130111111.1")
    with reg.transaction():  # (audited: a row changed with no line is what `check` names)
        reg.update_audited("patent_applications", other, {"card_number": None},
                           {"card_number": WANG_CARD})
        person = reg.scalar("SELECT id FROM people WHERE name = '王大五'")
        reg.update_audited("people", person, {"card_number": None}, {"card_number": WANG_CARD})
    plan = erase_person.plan(reg, WANG, AFTER)
    assert any("亦为他人所用" in line for line in plan.preview())
    erase_person.erase(reg, WANG, "期满", AFTER)
    assert reg.scalar("SELECT card_number FROM people WHERE name = '王大五'") == WANG_CARD
    assert reg.scalar("SELECT card_number FROM patent_applications WHERE id = ?",
                      (other,)) == WANG_CARD
    assert WANG_ID not in _everything_text(path) and WANG_PHONE not in _everything_text(path)
    reg.close()


def test_refused_for_a_paid_person_even_once_the_award_is_withdrawn(path):
    """Paid money is accounted for: a paper once 已拨付 keeps its person, whatever its
    status now (an approval withdrawn back to 资格审核不通过 after a cancelled payment)."""
    from boostdesk.finance.paying import mark_paid
    from boostdesk.finance.payment_plan import sync_plan

    reg = Register.open(path)
    zhang = reg.scalar("SELECT id FROM patent_applications WHERE patent_number ="
                       " 'ZL202120987654.3'")
    sync_plan(reg, 2022)
    for (line,) in reg.conn.execute("SELECT id FROM payments WHERE application_id = ?",
                                    (zhang,)).fetchall():
        mark_paid(reg, line, date(2023, 1, 10), "记-2023-0008")
    assert reg.scalar("SELECT status FROM patent_applications WHERE id = ?", (zhang,)) == "paid"
    refused = erase_person.plan(reg, "张三", AFTER).refusals
    assert any("已拨付" in r for r in refused)
    reg.conn.execute("UPDATE patent_applications SET status = 'refused' WHERE id = ?", (zhang,))
    reg.conn.commit()  # (as if moved back: the history and the payment lines remain)
    refused = erase_person.plan(reg, "张三", AFTER).refusals
    assert any("曾为“核准”" in r or "拨付" in r for r in refused)
    reg.close()


def test_an_awarded_persons_old_card_given_to_the_erased_one_stays_in_his_lines(path, capsys):
    """张三 (核准)'s card corrected; his old card then given to the refused 王小五 and 王小五
    erased: 张三's lines (his row's, his paper's) keep the old card as it was, and the
    preview and the result say it is kept there."""
    reg = Register.open(path)
    zhang_person = reg.scalar("SELECT id FROM people WHERE name = '张三'")
    zhang = reg.scalar("SELECT id FROM patent_applications WHERE person_id = ?", (zhang_person,))
    old = reg.scalar("SELECT card_number FROM patent_applications WHERE id = ?", (zhang,))
    wang = reg.scalar("SELECT a.id FROM patent_applications a JOIN people p ON p.id ="
                      " a.person_id WHERE p.name = ?", (WANG,))
    reg.close()
    new = card("621468990011223344")
    assert main(["correct", "card", f"专利{zhang}", new, "--reason", "银行告知卡号有误",
                 "--db", str(path)]) == 0
    assert main(["correct", "card", f"专利{wang}", old, "--reason", "更正", "--db",
                 str(path)]) == 0
    reg = Register.open(path)
    before = reg.query("SELECT id, before, after, note FROM audit_events WHERE"
                       " (entity = 'patent_applications' AND entity_id = ?) OR"
                       " (entity = 'people' AND entity_id = ?) ORDER BY id",
                       (zhang, zhang_person))
    assert any(old in (r["before"] or "") + (r["after"] or "") for r in before)
    preview = erase_person.plan(reg, WANG, AFTER).preview()
    done = erase_person.erase(reg, WANG, "期满", AFTER)
    after = reg.query("SELECT id, before, after, note FROM audit_events WHERE"
                      " (entity = 'patent_applications' AND entity_id = ?) OR"
                      " (entity = 'people' AND entity_id = ?) ORDER BY id",
                      (zhang, zhang_person))
    assert after == before
    assert any("亦见于" in x and "在他人的记录中保留" in x for x in preview), preview
    assert any("在其记录中保留" in x for x in erase_person.result_lines(done))
    # his own rows no longer hold it
    assert reg.scalar("SELECT card_number FROM patent_applications WHERE id = ?", (wang,)) is None
    assert audit_chain.verify(reg.conn).whole
    reg.close()


def test_a_contact_who_is_the_studios_leader_is_refused_and_a_contacts_result_says_phone(
        tmp_path):
    """A contact whose name is a studio's leader's: refused (the leader and the studio's
    name would be rewritten). A plain contact's result says only the phone was cleared."""
    from boostdesk.models import ProjectApplication
    from boostdesk.models.records import PROJECT

    db = tmp_path / "register.db"
    reg = Register.open(db)
    ids = []
    for title, contact, phone in (("转炉炼钢终点碳温预测", "李红兵", "138-0013-8000"),
                                  ("高炉炉温预测", "赵小燕", "138-0013-9000")):
        ids.append(reg.save_project(ProjectApplication(
            campaign_year=2022, title=title, studio_name="李红兵劳模创新工作室",
            studio_level="city", leader="李红兵", unit_name="首钢集团工会",
            enterprise_name="首钢智能装备制造有限公司", contact_name=contact,
            contact_phone=phone)))
        reg.set_status(PROJECT, ids[-1], "not_awarded", "推荐单位撤回")
    lines = reg.scalar("SELECT COUNT(*) FROM audit_events")
    with pytest.raises(erase_person.EraseRefused, match="同时是工作室带头人"):
        erase_person.erase(reg, "李红兵", "期满", AFTER)
    assert reg.scalar("SELECT COUNT(*) FROM audit_events") == lines
    assert reg.scalar("SELECT leader FROM project_applications WHERE id = ?", (ids[0],)) == "李红兵"
    done = erase_person.erase(reg, "赵小燕", "期满", AFTER)
    said = "\n".join(erase_person.result_lines(done))
    assert "联系电话已清除" in said and "身份证号" not in said and "卡号" not in said
    reg.close()


def test_his_numbers_in_other_shapes_and_other_numbers_in_his_remark_are_gone(tmp_path):
    """His phone, card and ID written with dots, brackets, full-width digits, and another
    card and phone written in his own paper's remark: gone from the tables, the trail and
    the file's bytes."""
    db = tmp_path / "register.db"
    reg = Register.open(db, operator="测试员")
    wide = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
    shapes = ["150.7777.8888", "(150)77778888", WANG_PHONE.translate(wide),
              ".".join(WANG_CARD[i:i + 4] for i in range(0, 19, 4)), WANG_ID.translate(wide),
              "6222 0200 1111 2222 333", "139-1234-5678"]
    wang = _paper(reg, WANG, WANG_ID, "ZL202110123456.7", WANG_PHONE,
                  remarks="本人电话 " + "；".join(shapes))
    reg.set_status(PATENT, wang, "refused", f"授权日不在期间；申报人另一电话 {shapes[-1]}")
    reg.close()
    reg = Register.open(db, operator="隐私专员")
    done = erase_person.erase(reg, WANG, "期满", AFTER)
    assert not done.vacuumed, done.vacuumed
    reg.close()
    text = _everything_text(db)
    raw = _file_bytes(db)
    for shape in shapes:
        assert shape not in text, shape
        assert shape.encode() not in raw, shape


def test_an_erased_persons_withdrawn_paper_cannot_be_restored_nor_moved(tmp_path):
    """撤回 then erased: 恢复申报 (withdraw --undo) and any status move are refused, saying
    when his data was erased (the erase_person line listing the paper)."""
    from boostdesk.models.register_base import RegisterError
    from boostdesk.panel.errors import PanelError
    from boostdesk.panel.withdrawal import withdraw_application
    from boostdesk.panel.withdrawal_restore import refusal, restore_application

    db = tmp_path / "register.db"
    reg = Register.open(db, operator="测试员")
    wang = _paper(reg, WANG, WANG_ID, "ZL202110123456.7", WANG_PHONE)
    withdraw_application(reg, PATENT, wang, date(2022, 10, 1), "海淀区总工会", "申报人申请撤回")
    status = reg.scalar("SELECT status FROM patent_applications WHERE id = ?", (wang,))
    erase_person.erase(reg, WANG, "撤回的申报，保存期满", AFTER)
    assert "按保存期限删除" in refusal(reg, PATENT, wang)
    with pytest.raises(PanelError, match="按保存期限删除"):
        restore_application(reg, PATENT, wang, date(2026, 1, 2), "海淀区总工会", "来函恢复")
    with pytest.raises(RegisterError, match="按保存期限删除"):
        reg.set_status(PATENT, wang, "registered", "恢复", restoring=True)
    assert reg.scalar("SELECT status FROM patent_applications WHERE id = ?", (wang,)) == status
    reg.close()


def test_a_table_naming_the_erased_applicant_again_is_not_called_a_dispute(tmp_path, capsys):
    """The registered paper's applicant erased, the union's table sent again naming him: the
    row says his data was erased on that day, not 身份证号不同…属争议."""
    from fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet

    db = tmp_path / "r.db"
    table = write_sheet(tmp_path / "海淀区.xlsx",
                        [["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS, patent_row()])
    assert main(["import", str(table), "--db", str(db)]) == 0
    with Register.open(db) as reg:
        [app] = reg.patents(2022)
        reg.set_status(PATENT, app.id, "refused", "授权日不在期间")
        erase_person.erase(reg, app.inventor_name, "期满", AFTER)
        day = reg.scalar("SELECT json_extract(after, '$.day') FROM audit_events WHERE"
                         " action = 'erase_person'")
    capsys.readouterr()
    main(["import", str(table), "--db", str(db)])
    said = capsys.readouterr()
    text = said.out + said.err
    assert f"已于 {day} 按保存期限删除" in text, text
    assert "属争议" not in text and "不是同一人" not in text


def test_the_result_lists_backups_to_a_file_and_finance_copies_from_the_trail(path):
    """备份到文件 (backup --out) and finance's copy / prints naming his paper, recorded in the
    trail with their paths: listed in what still holds his data, with day and path."""
    from boostdesk.printing.common import note_unmasked
    from boostdesk.printing.print_log import sheet_key

    reg = Register.open(path)
    wang = reg.scalar("SELECT a.id FROM patent_applications a JOIN people p ON p.id ="
                      " a.person_id WHERE p.name = ?", (WANG,))
    with reg.transaction():
        reg.audit("backup_out", "register", None, None, {"to": "/u盘/登记册备份.db", "size": 1})
    note_unmasked(reg, "审批表", 2022, "/财务/审批表-财务联.pdf",
                  {"keys": [sheet_key(PATENT, wang)], "papers": [f"专利{wang}"],
                   "copy": "财务联"})
    note_unmasked(reg, "审批表", 2022, "/财务/别人的审批表.pdf",
                  {"keys": [sheet_key(PATENT, wang + 1)], "papers": [f"专利{wang + 1}"],
                   "copy": "财务联"})
    done = erase_person.erase(reg, WANG, "期满", AFTER)
    said = "\n".join(done.leftovers)
    assert "/u盘/登记册备份.db" in said and "/财务/审批表-财务联.pdf" in said
    assert "别人的审批表" not in said
    reg.close()


def test_another_papers_findings_naming_him_are_judged_again_in_the_erasure(path):
    """A card he shared: the other paper's stored finding (也登记为“王小五”的卡号) no longer
    names him once the erasure commits, without waiting for the next check."""
    reg = Register.open(path)
    other = _paper(reg, "王大五", resident_id("11010619800101123"), "ZL202130111111.1")
    with reg.transaction():  # (audited: a row changed with no line is what `check` names)
        reg.update_audited("patent_applications", other, {"card_number": None},
                           {"card_number": WANG_CARD})
        person = reg.scalar("SELECT id FROM people WHERE name = '王大五'")
        reg.update_audited("people", person, {"card_number": None}, {"card_number": WANG_CARD})
    refresh(reg, 2022)
    assert WANG in reg.scalar("SELECT findings FROM patent_applications WHERE id = ?", (other,))
    erase_person.erase(reg, WANG, "期满", AFTER)
    assert WANG not in reg.scalar("SELECT findings FROM patent_applications WHERE id = ?",
                                  (other,))
    reg.close()
    assert WANG.encode() not in _file_bytes(path)


def test_wording_deleted_papers_an_expert_and_no_undo(tmp_path):
    """A deleted paper is not said to be counted; an expert's name says experts are out of
    scope; the preview says the erasure cannot be undone but by the backup."""
    db = tmp_path / "register.db"
    reg = Register.open(db)
    gone = _paper(reg, WANG, WANG_ID, "ZL202110123456.7", WANG_PHONE)
    reg.delete_application(PATENT, gone)
    reg.conn.execute("INSERT INTO experts (campaign_id, name) VALUES (?, '何文静')",
                     (reg.campaign_id(2022),))
    reg.conn.commit()
    preview = "\n".join(erase_person.plan(reg, WANG_ID, AFTER).preview())
    assert "统计照旧计入" not in preview and "不计入统计" in preview, preview
    assert "不能撤销" in preview and "备份" in preview
    with pytest.raises(erase_person.EraseRefused, match="评审专家，不是申报人"):
        erase_person.plan(reg, "何文静", AFTER)
    reg.close()


def test_his_numbers_far_from_his_papers_are_found_however_written(path):
    """The trail and the register are asked for his numbers a row at a time in SQL (all of
    a row's texts at once), the rows holding none never read into Python: his ID written
    full-width in a line about the register, his card with spaces in another paper's
    status reason, are still found, counted in the preview and cleared; nothing else moves."""
    reg = Register.open(path)
    wide = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
    spaced = " ".join(WANG_CARD[i:i + 4] for i in range(0, 19, 4))
    reg.audit("backup_out", "register", None, None, {"to": f"D:/备份/{WANG_ID.translate(wide)}.zip"})
    zhang = reg.scalar("SELECT id FROM patent_applications WHERE patent_number ="
                       " 'ZL202120987654.3'")
    reg.conn.execute("UPDATE status_history SET reason = ? WHERE application_id = ?",
                     (f"卡号 {spaced} 核对", zhang))
    reg.conn.commit()
    lines = reg.query("SELECT id, before, after, note FROM audit_events ORDER BY id")
    plan = erase_person.plan(reg, WANG, AFTER)
    said = lines[-1]["id"]
    assert said in plan.trail_lines and plan.register_cells >= 1, plan.preview()
    done = erase_person.erase(reg, WANG, "期满", AFTER)
    assert reg.scalar("SELECT reason FROM status_history WHERE application_id = ?",
                      (zhang,)) == f"卡号 {done.placeholder} 核对"
    after = {r["id"]: r for r in reg.query("SELECT id, before, after, note FROM audit_events")}
    assert done.placeholder in after[said]["after"]
    assert WANG_ID.translate(wide) not in after[said]["after"]
    assert [r for r in lines if r["id"] not in plan.trail_lines] == [
        after[r["id"]] for r in lines if r["id"] not in plan.trail_lines]
    assert audit_chain.verify(reg.conn).whole
    reg.close()


def test_the_backups_to_delete_in_a_hurry_are_named_by_their_folder(path):
    """急需时可在“备份”中手动删除: nothing in the window is called 备份 (立即备份 makes one,
    从备份恢复 restores one); the folder holding them is named, and how."""
    reg = Register.open(path)
    done = erase_person.erase(reg, WANG, "期满", AFTER)
    reg.close()
    (rotating,) = [x for x in done.leftovers if x.startswith("此前的备份")]
    assert "在“备份”中" not in rotating
    assert f"打开备份文件夹 {path.parent / 'backups'}，手动删去" in rotating, rotating


def test_the_backups_folder_is_named_by_its_full_path_with_a_relative_db(
        path, monkeypatch, capsys):
    """--db r1/reg.db: the erasure named the folder "r1/backups"."""
    from boostdesk.cli import main
    from boostdesk.models import clock

    monkeypatch.chdir(path.parent.parent)
    relative = f"{path.parent.name}/{path.name}"
    with clock.fixed_day(AFTER):
        assert main(["erase-person", WANG, "--reason", "期满", "--yes", "--db", relative]) == 0
    out = capsys.readouterr().out
    assert f"（{path.parent.resolve() / 'backups'} 中" in out, out
