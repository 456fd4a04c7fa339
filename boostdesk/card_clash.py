"""A union card typed for one inventor that another inventor's paper already gives.

The plan pays the award to the first inventor's own card (一（二）2, 一（四）3): a card
another paper gives would pay one of them the other's award. The re-check finds it later
(``rules.patent.shared_card``; an approved award is then held, ``award_holds``); this says
it when the card is typed — the form's card field, ``correct card`` — in the words `pay
list` uses (与专利26（蒋伟）登记的相同), so the clerk learns it before, not from a list.
"""

from __future__ import annotations

from boostdesk.models.records import PATENT, PatentApplication, id_ref
from boostdesk.models.register import Register
from boostdesk.validate import person_key, tidy_card, tidy_name


def card_clash(reg: Register, app: PatentApplication) -> str:
    """"" or: 互助服务卡号 6214 **** **** *** 6638 与专利26（蒋伟）登记的相同，助推资金须发放至
    本人的卡（方案一（二）2）, when another person's paper (any year) gives ``app``'s card."""
    card = tidy_card(app.card_number) if app.card_number else ""
    if not card:
        return ""
    me = person_key(app.id_number) if app.id_number else ""
    my_name = tidy_name(app.inventor_name)
    others = []
    for paper, year, name, number in reg.conn.execute(
            "SELECT a.id, c.year, p.name, p.id_number FROM patent_applications a"
            " JOIN campaigns c ON c.id = a.campaign_id LEFT JOIN people p ON p.id = a.person_id"
            " WHERE a.card_number = ? AND a.id IS NOT ? ORDER BY a.id", (card, app.id)):
        same = (person_key(number) == me) if me and number else tidy_name(name) == my_name
        if not same:
            others.append((paper, year, name))
    if not others:
        return ""
    from boostdesk.safety.privacy import mask_card_grouped

    refs = "、".join(f"{'' if y == app.campaign_year else f'{y} 年度'}{id_ref(PATENT, i)}"
                     f"{f'（{name}）' if name else ''}" for i, y, name in others)
    clause = reg.campaign(app.campaign_year).clause("patent_service")
    return (f"互助服务卡号 {mask_card_grouped(card)} 与{refs}登记的相同，"
            f"助推资金须发放至本人的卡（{clause}）")
