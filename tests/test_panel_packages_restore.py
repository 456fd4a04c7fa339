"""Packages out with the experts when the register is restored to a backup made before its
first export: the restored register has no signing key, and they were refused for good. The
register the restore replaced is kept whole (its 恢复前 backup, named in the restore's line of
the trail), and its key checks them: taken when the expert and the projects are still the
ones they were exported for, refused saying what to do otherwise."""

from __future__ import annotations

import json

import openpyxl
import pytest

from boostdesk.models import Register
from boostdesk.panel.errors import PackageRefused
from boostdesk.panel.experts import Expert, assign, save_expert
from boostdesk.panel.package_export import export_packages
from boostdesk.panel.package_import import import_package
from boostdesk.panel.scoring import expert_sheet
from boostdesk.safety.backup import backup_register, restore
from tests.test_panel_support import CITY, YEAR, make_project, to_review

SCORES = (18, 12.5, 13, 12, 11, 8, 9)  # 83.5


def _fill(path, score_shift: float = 0, comment: str = "同意推荐") -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["评分表"]
    for c, value in enumerate(SCORES, start=3):
        ws.cell(2, c, value - score_shift)
    ws.cell(2, 3 + len(SCORES), comment)
    wb.save(path)


def _restored(db, backup) -> Register:
    restore(backup, db, "测试员")
    return Register.open(db, operator="测试员")


@pytest.fixture
def db(tmp_path):
    return tmp_path / "register.db"


def _panel(db) -> tuple[Register, int, int]:
    reg = Register.open(db, operator="测试员")
    pid = make_project(reg, "五轴数控加工程序优化", "数控加工技能大师工作室", CITY)
    to_review(reg, pid)
    eid = save_expert(reg, YEAR, Expert("张三", "清华大学", "机械"))
    assign(reg, eid, pid)
    return reg, pid, eid


def _scores(reg, eid) -> tuple[dict[int, int], str]:
    [row] = expert_sheet(reg, eid)
    return row.scores_x10, row.comment


def test_a_package_exported_before_a_restore_to_before_the_first_export_imports(db, tmp_path):
    reg, pid, eid = _panel(db)
    before = backup_register(db, "manual")  # no package exported yet: no signing key
    [path] = export_packages(reg, YEAR, tmp_path / "out", None)
    _fill(path)
    reg.close()
    with _restored(db, before.path) as reg:
        assert reg.scalar("SELECT COUNT(*) FROM panel_secret") == 0
        result = import_package(reg, path, year=YEAR)
        assert (result.expert, result.projects) == ("张三", 1)
        [said] = [n for n in result.notes if "恢复前" in n]
        assert said.startswith(f"{path.name} 由恢复前的登记册导出（登记册此后从导出评分包之前的备份恢复），"
                               "签名已按恢复前的登记册 register-")
        assert said.endswith("核对无误，专家、项目及项目概况与本登记册一致")
        assert _scores(reg, eid)[1] == "同意推荐"
        doc = json.loads(reg.scalar("SELECT after FROM audit_events WHERE action = 'import_package'"))
        assert doc["notes"].startswith("由恢复前的登记册导出，签名按 register-")
        assert "export_seq" not in doc  # the replaced register's count, not this trail's
        assert reg.scalar("SELECT COUNT(*) FROM panel_secret") == 0  # nothing else stored


def test_a_package_from_before_the_restore_is_older_than_one_exported_after_it(db, tmp_path):
    reg, pid, eid = _panel(db)
    before = backup_register(db, "manual")
    [old] = export_packages(reg, YEAR, tmp_path / "old", None)
    _fill(old, comment="旧评分包")
    reg.close()
    with _restored(db, before.path) as reg:
        [new] = export_packages(reg, YEAR, tmp_path / "new", None)  # a key of its own
        _fill(new, score_shift=1, comment="新评分包")
        import_package(reg, new, year=YEAR)
        with pytest.raises(PackageRefused) as info:
            import_package(reg, old, year=YEAR)
        assert "早于已导入的专家“张三”评分包" in info.value.reasons[0]
        assert _scores(reg, eid)[1] == "新评分包"
    # the other way round: the package from after the restore replaces the older one
    with _restored(db, before.path) as reg:
        import_package(reg, old, year=YEAR)
        [new] = export_packages(reg, YEAR, tmp_path / "new2", None)
        _fill(new, score_shift=1, comment="新评分包")
        assert import_package(reg, new, year=YEAR, replace=True).replaced
        assert _scores(reg, eid)[1] == "新评分包"


def test_a_number_taken_since_the_restore_by_another_expert_is_refused(db, tmp_path):
    reg, pid, _ = _panel(db)
    before = backup_register(db, "manual")
    wang = save_expert(reg, YEAR, Expert("王五", "中国科学院", "机械"))
    assign(reg, wang, pid)
    [path] = export_packages(reg, YEAR, tmp_path / "out", ["王五"])
    _fill(path)
    reg.close()
    with _restored(db, before.path) as reg:
        zhao = save_expert(reg, YEAR, Expert("赵六", "北京化工大学", "机械"))
        assert zhao == wang  # the number the restore freed, taken again
        assign(reg, zhao, pid)
        with pytest.raises(PackageRefused) as info:
            import_package(reg, path, year=YEAR)
        [reason] = info.value.reasons
        assert reason.startswith(f"{path.name} 由恢复前的登记册导出（签名已按恢复前的登记册 register-")
        assert ("但评分包的专家“王五”在本登记册中是另一位专家“赵六”：评分不能对应到本登记册的专家和项目，"
                "未导入。请重新导出该专家的评分包交其填写（原评分包中已填的评分可照抄），交回后导入新的"
                "评分包") in reason
        assert reg.scalar("SELECT COUNT(*) FROM scores") == 0


def test_a_project_changed_since_the_restore_is_refused(db, tmp_path):
    from dataclasses import replace

    reg, pid, _ = _panel(db)
    before = backup_register(db, "manual")
    [path] = export_packages(reg, YEAR, tmp_path / "out", None)
    _fill(path)
    reg.close()
    with _restored(db, before.path) as reg:
        reg.save_project(replace(reg.project(pid), total_budget_fen=50 * 10_000_00))
        with pytest.raises(PackageRefused) as info:
            import_package(reg, path, year=YEAR)
        assert "评分包“项目概况”中的项目信息与本登记册现有的不同（恢复后有改动）" in info.value.reasons[0]


def test_the_replaced_register_s_backup_gone_says_what_to_do(db, tmp_path):
    reg, _, _ = _panel(db)
    before = backup_register(db, "manual")
    [path] = export_packages(reg, YEAR, tmp_path / "out", None)
    _fill(path)
    reg.close()
    with _restored(db, before.path) as reg:
        kept = json.loads(reg.scalar("SELECT before FROM audit_events WHERE action = 'restore'"))
        moved = tmp_path / "elsewhere.zip"
        (tmp_path / kept["file"]).rename(moved)
        with pytest.raises(PackageRefused) as info:
            import_package(reg, path, year=YEAR)
        name = kept["file"].rsplit("/", 1)[-1]
        assert info.value.reasons == [
            f"{path.name} 的签名无法核对：本登记册曾从导出评分包之前的备份恢复，评分包可能由恢复前的登记册"
            f"导出，但恢复前的登记册备份（{name}）已不在备份文件夹中或无法读取。请把该备份文件放回登记册的 "
            "backups 文件夹后再导入；找不到时，请重新导出该专家的评分包交其填写（原评分包中已填的评分可"
            "照抄），交回后导入新的评分包"]
        moved.rename(tmp_path / kept["file"])  # put back: taken
        assert import_package(reg, path, year=YEAR).projects == 1


def test_a_package_of_another_register_is_still_refused_after_a_restore(db, tmp_path):
    reg, _, _ = _panel(db)
    before = backup_register(db, "manual")
    export_packages(reg, YEAR, tmp_path / "ours", None)
    reg.close()
    other_db = tmp_path / "other" / "register.db"
    other_db.parent.mkdir()
    other, _, _ = _panel(other_db)
    [foreign] = export_packages(other, YEAR, tmp_path / "foreign", None)
    other.close()
    _fill(foreign)
    with _restored(db, before.path) as reg:
        with pytest.raises(PackageRefused) as info:
            import_package(reg, foreign, year=YEAR)
        assert info.value.reasons[0].startswith(
            f"{foreign.name} 的签名不符：评分包既不是由本登记册导出的，也不是由它恢复前的登记册导出的")
        assert "或重新导出该专家的评分包交其填写" in info.value.reasons[0]
