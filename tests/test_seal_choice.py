"""The seal the 审批表 print is the register's, chosen and changed with a line in the trail
(who, when, old → new path, the file's SHA-256), and a file replaced since it was chosen is
not printed from unless someone confirms it (finance keeps the stamped sheets as vouchers)."""

from __future__ import annotations

import pytest
from PIL import Image

from boostdesk import seal_choice
from boostdesk.audit_log import trail
from boostdesk.cli import main
from boostdesk.commands import print_cmds
from boostdesk.printing.samples import YEAR, fill_sample


def scan(path, colour=(200, 0, 0)):
    """A seal scan on white paper: a coloured disc."""
    img = Image.new("RGB", (120, 120), "white")
    for x in range(120):
        for y in range(120):
            if (x - 60) ** 2 + (y - 60) ** 2 < 50 ** 2:
                img.putpixel((x, y), colour)
    img.save(path)
    return path


def seal_lines(reg, year=None):
    return [line for line in trail(reg, year=year) if line.subject == "审批表印章"]


def test_choosing_changing_and_clearing_the_seal_each_leave_a_line(reg, tmp_path):
    first, second = scan(tmp_path / "甲.png"), scan(tmp_path / "乙.png", (180, 0, 30))
    reg.operator = "王秀兰"
    chosen = seal_choice.choose(reg, first)
    assert seal_choice.current(reg) == chosen
    assert chosen.sha256 == seal_choice.file_sha256(first) and chosen.operator == "王秀兰"
    reg.operator = "刘建国"
    seal_choice.choose(reg, second)
    seal_choice.choose(reg, "")
    assert seal_choice.current(reg).specimen
    one, two, three = seal_lines(reg)
    assert (one.operator, one.action) == ("王秀兰", "选定印章图片")
    assert one.details == (f"印章图片：{first}；SHA-256 前 16 位：{chosen.sha256[:16]}")
    assert (two.operator, two.action) == ("刘建国", "选定印章图片")
    new = seal_choice.file_sha256(second)[:16]
    assert two.details == (f"印章图片：{first} → {second}；"
                           f"SHA-256 前 16 位：{chosen.sha256[:16]} → {new}")
    assert three.action == "不用印章扫描件（审批表印样章）"
    assert three.details.startswith(f"印章图片：{second} → 样章")
    # every year's sheets are stamped with it from then on: in a year's trail too
    assert len(seal_lines(reg, year=YEAR)) == 3


def test_a_file_that_is_no_image_is_not_recorded(reg, tmp_path):
    bad = tmp_path / "seal.png"
    bad.write_bytes(b"not an image")
    with pytest.raises(ValueError, match="无法读取印章图片"):
        seal_choice.choose(reg, bad)
    assert seal_choice.current(reg) is None and not seal_lines(reg)


def test_this_computers_old_setting_is_recorded_once_in_a_register_that_has_none(reg, tmp_path):
    old = scan(tmp_path / "旧印章.png")
    other = scan(tmp_path / "别人的.png", (100, 0, 0))
    adopted = seal_choice.adopt_local(reg, str(old))
    assert adopted.path == str(old) and adopted.sha256 == seal_choice.file_sha256(old)
    [line] = seal_lines(reg)
    assert line.action == "本机设置的印章图片记入登记册" and "来源：本机设置" in line.details
    # another computer's setting does not replace the register's seal
    assert seal_choice.adopt_local(reg, str(other)) == adopted
    assert len(seal_lines(reg)) == 1


def test_a_replaced_file_is_found_out_and_accepted_only_by_name(reg, tmp_path):
    path = scan(tmp_path / "印章.png")
    reg.operator = "王秀兰"
    chosen = seal_choice.choose(reg, path)
    assert seal_choice.check(chosen).state == "ok"
    scan(path, (0, 0, 200))  # the same name, another picture
    found = seal_choice.check(chosen)
    assert found.state == "replaced"
    assert f"选定时 SHA-256 前 16 位 {chosen.sha256[:16]}" in found.message()
    with pytest.raises(seal_choice.SealReplaced):
        seal_choice.seal_to_print(reg, None)
    reg.operator = "刘建国"
    printed, notes = seal_choice.seal_to_print(reg, None, accept=True)
    assert printed == str(path) and "已确认采用替换后的印章图片" in notes[0]
    assert seal_choice.current(reg).sha256 == seal_choice.file_sha256(path)
    line = seal_lines(reg)[-1]
    assert (line.operator, line.action) == ("刘建国", "确认采用被替换的印章图片")
    assert f"{chosen.sha256[:16]} → {seal_choice.file_sha256(path)[:16]}" in line.details
    path.unlink()
    with pytest.raises(seal_choice.SealRefused, match="找不到审批表的印章图片"):
        seal_choice.seal_to_print(reg, None)


def _print(db, out, *extra):
    return main(["print", "approval", "--db", str(db), "--out", str(out), "--year", str(YEAR),
                 "--operator", "赵丽娟", *extra])


def test_print_approval_refuses_a_replaced_seal_unless_confirmed(reg, tmp_path, capsys,
                                                                   monkeypatch):
    """The command line: --seal records the seal as 设置 does; a file replaced afterwards
    is refused, saying how to confirm it; --accept-replaced-seal prints, audited."""
    monkeypatch.setattr(print_cmds, "_settings_value", lambda key: None)
    fill_sample(reg)
    reg.close()
    path = scan(tmp_path / "印章.png")
    out = tmp_path / "审批表.pdf"
    assert _print(reg.path, out, "--seal", str(path)) == 0
    said = capsys.readouterr().out
    assert f"注意：审批表的印章图片已改为 {path}" in said and "记入修改记录" in said
    out.unlink()
    assert _print(reg.path, out) == 0  # the register's seal, unchanged: printed, nothing said
    assert "印章" not in capsys.readouterr().out
    out.unlink()

    scan(path, (0, 0, 200))
    assert _print(reg.path, out) != 0
    err = capsys.readouterr().err
    assert "已不是 赵丽娟 于" in err and "--accept-replaced-seal" in err
    assert not out.exists()
    assert _print(reg.path, out, "--accept-replaced-seal") == 0
    assert "已确认采用替换后的印章图片" in capsys.readouterr().out and out.exists()

    from boostdesk.models import Register

    with Register.open(reg.path) as again:
        actions = [(line.operator, line.action) for line in seal_lines(again)]
    assert actions == [("赵丽娟", "选定印章图片"), ("赵丽娟", "确认采用被替换的印章图片")]


def test_the_seal_cannot_be_changed_in_a_register_open_read_only(reg, tmp_path):
    reg.read_only = True
    reg.read_only_message = "登记册只读（王秀兰正在使用）"
    with pytest.raises(seal_choice.SealRefused, match="王秀兰正在使用.*不能更改审批表的印章图片"):
        seal_choice.choose(reg, scan(tmp_path / "印章.png"))
    # this computer's old setting is not recorded, and the sheets say why they are specimens
    local = str(tmp_path / "印章.png")
    assert seal_choice.adopt_local(reg, local) is None
    assert seal_choice.seal_to_print(reg, local) == (
        None, [seal_choice.unrecorded_note(reg, local)])
    assert "尚未记入登记册（登记册只读），审批表印样章" in seal_choice.unrecorded_note(reg, local)
