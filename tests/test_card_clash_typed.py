"""The tester's `correct card 专利28 6214682415822176638`: the card was 专利26 蒋伟's, the
command said only 已将专利28（钱俊杰）的互助服务卡号…更正为…6638, exit 0, and the award turned
暂缓拨付 — learnt from `pay list`. Another inventor's card is now said when it is typed, in
`pay list`'s words (与专利26（蒋伟）登记的相同): the command refuses it without --yes, as the
form's card field says it (in red) as typed and the form asks before saving it."""

from __future__ import annotations

from dataclasses import replace

from fixtures.summary_sheets import CARD_2, ID_2, INVENTION_2
from test_ui_corrections import a_paid_patent

from boostdesk.award_holds import holds
from boostdesk.card_clash import card_clash
from boostdesk.cli import main
from boostdesk.models.records import PATENT
from boostdesk.models.register import Register
from boostdesk.safety.privacy import mask_card_grouped


def _two(reg) -> tuple[int, int]:
    """李四 approved and paid with his card; 张三 approved, nothing sent yet."""
    li = a_paid_patent(reg, number=INVENTION_2, name="李四", id_number=ID_2, card=CARD_2)
    zhang = a_paid_patent(reg, pay=False)
    return li, zhang


def test_the_command_refuses_another_inventors_card_and_says_whose(reg, capsys):
    li, zhang = _two(reg)
    before = reg.patent(zhang).card_number
    reg.close()
    db = ["--db", str(reg.path)]
    capsys.readouterr()
    assert main(["correct", "card", f"专利{zhang}", CARD_2, "--reason", "本人提供新卡", *db]) != 0
    said = capsys.readouterr()
    out = said.out + said.err
    assert f"互助服务卡号 {mask_card_grouped(CARD_2)} 与专利{li}（李四）登记的相同" in out, out
    assert "暂缓拨付" in out and "--yes" in out and "未作改动" in out
    with Register.open(reg.path) as again:
        assert again.patent(zhang).card_number == before  # nothing saved
        assert (PATENT, zhang) not in holds(again, 2022)


def test_with_yes_the_card_is_saved_and_the_clash_said(reg, capsys):
    li, zhang = _two(reg)
    reg.close()
    db = ["--db", str(reg.path)]
    capsys.readouterr()
    assert main(["correct", "card", f"专利{zhang}", CARD_2, "--reason", "本人提供新卡",
                 "--yes", *db]) == 0
    out = capsys.readouterr().out
    assert "更正为" in out and f"与专利{li}（李四）登记的相同" in out, out


def test_the_clash_names_no_paper_of_the_same_person(reg):
    li, zhang = _two(reg)
    assert card_clash(reg, reg.patent(li)) == ""  # his own card, his own paper
    assert card_clash(reg, replace(reg.patent(zhang), card_number=CARD_2)).startswith(
        f"互助服务卡号 {mask_card_grouped(CARD_2)} 与专利{li}（李四）登记的相同")

