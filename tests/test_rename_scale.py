"""A union renamed on 单位与人员 (or ``correct union``) rewrites the search text of every
application naming it. It built each of them as a whole record first: at ten years, a
union of 21,570 papers took 2.2 s on the window's thread before its re-check; the few names
a text is made of are read instead (1.8 s), the texts the same."""

from __future__ import annotations

from test_finance import add_project
from test_ui_undo_status import a_patent

from boostdesk.models import Register
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.models.search_text import (
    number_keys,
    patent_numbers,
    patent_search_key,
    search_key,
)


def _texts(reg: Register) -> dict[tuple[str, int], tuple[str, str]]:
    """Each application's search text and numbers, as the whole record makes them."""
    out = {(PATENT, a.id): (patent_search_key(a.inventor_name, a.patent_number_raw,
                                              a.patent_number, a.title, a.unit_name,
                                              a.enterprise_name),
                            patent_numbers(a.id_number, a.phone, a.card_number, None))
           for a in reg.patents()}  # (each person's card: his paper's here)
    out.update({(PROJECT, a.id): (search_key(a.title, a.studio_name, a.leader, a.unit_name,
                                             a.enterprise_name, a.contact_name),
                                  number_keys(a.contact_phone)) for a in reg.projects()})
    return out


def _stored(reg: Register) -> dict[tuple[str, int], tuple[str, str]]:
    return {**{(PATENT, i): (t, n) for i, t, n in reg.conn.execute(
        "SELECT id, search_text, search_numbers FROM patent_applications")},
        **{(PROJECT, i): (t, n) for i, t, n in reg.conn.execute(
            "SELECT id, search_text, search_numbers FROM project_applications")}}


def test_a_renamed_unions_search_texts_are_made_without_whole_records(reg, monkeypatch):
    a_patent(reg, unit_name="北京市海淀区总工会")
    a_patent(reg, unit_name="北京市海淀区总工会", title="一种焊缝检测方法",
             patent_number_raw="ZL 2021 1 0154862.5", inventor_name="买买提・艾力")
    add_project(reg, unit="北京市海淀区总工会", status="registered")
    add_project(reg, unit="首钢集团工会", studio="张伟技能大师工作室", title="另一项目",
                status="registered")

    def whole(*_args, **_kw):
        raise AssertionError("a rename built whole records")

    monkeypatch.setattr(Register, "patents_by_id", whole)
    monkeypatch.setattr(Register, "projects_by_id", whole)
    reg.rename_unit("北京市海淀区总工会", "北京市海淀区总工会（新）")
    reg.rename_unit("首钢集团工会", "北京市海淀区总工会（新）")  # merged into it
    monkeypatch.undo()
    assert _stored(reg) == _texts(reg)
    assert sum(search_key("北京市海淀区总工会（新）") in t for t, _n in _stored(reg).values()) == 4
