"""Real people's names that are hard for computers.

A transliterated name's dot as a clerk types it in a search box (买买提.艾力, 买买提・艾力,
买买提•艾力, or none: 买买提艾力) finds the name the register stores with the middle dot
(买买提·艾力), as the entry forms and the import already take it for the same person: the
search leaves the dot out of what it compares. A name copied with a variation
selector after a hanzi (葛 + U+E0100, an IVS) is the name without it, and prints without a 〓."""

from __future__ import annotations

import pytest

from boostdesk.models import Register
from boostdesk.models.records import PatentApplication
from boostdesk.printing import fonts
from boostdesk.ui import queries
from boostdesk.ui.queries import PATENT_SPEC, Filters
from boostdesk.ui.search_keys import Searcher
from boostdesk.validate import fold_name_dots, search_fragment, tidy_name

TYPED_DOTS = ["买买提.艾力", "买买提・艾力", "买买提･艾力", "买买提•艾力", "买买提‧艾力",
              "买买提。艾力", "买买提．艾力", "买买提·艾力"]


@pytest.mark.parametrize("typed", [*TYPED_DOTS, "买买提艾力"])
def test_a_dot_typed_between_hanzi_is_searched_as_none(typed: str) -> None:
    assert queries.search_terms(typed) == ["买买提艾力"]


def test_a_dot_at_a_fragments_edge_is_left_out_while_typing() -> None:
    assert queries.search_terms("买买提.") == ["买买提"]
    assert queries.search_terms("·艾力 买买提。") == ["艾力", "买买提"]
    # digits and letters keep their dots: a patent number's check character
    assert queries.search_terms("ZL202110000901.0 1.5") == ["202110000901.0", "1.5"]
    assert queries.search_terms("·") == []  # a dot alone is no fragment


def test_a_rare_first_character_is_a_hanzi_too() -> None:
    assert tidy_name("𠈌.艾力") == "𠈌·艾力"
    assert tidy_name("艾力・𬌗") == "艾力·𬌗"
    assert fold_name_dots("王𠈌•李") == "王𠈌·李"
    assert search_fragment("𠈌.") == "𠈌"


@pytest.fixture
def register(reg: Register) -> Register:
    reg.save_patent(PatentApplication(2022, title="一种基于阿卜杜拉・买买提工作法的装置",
                                      patent_number_raw="ZL202110000901.0",
                                      inventor_name="买买提.艾力", unit_name="丰台区总工会"))
    reg.save_patent(PatentApplication(2022, title="一种焊缝检测装置", inventor_name="张伟",
                                      unit_name="丰台区总工会"))
    return reg


def _found(reg: Register, text: str) -> tuple[list[int], list[int]]:
    filters = Filters(text=text)
    return (queries.search_ids(reg, PATENT_SPEC, 2022, filters),
            Searcher(reg, PATENT_SPEC).search_ids(2022, filters))


@pytest.mark.parametrize("typed", ["买买提.艾力", "买买提•艾力", "买买提・艾力", "买买提.", "艾力",
                                   "买买提艾力", "提艾"])
def test_the_register_search_finds_the_inventor_whatever_dot_is_typed(
        register: Register, typed: str) -> None:
    in_sql, in_memory = _found(register, typed)
    assert in_sql == in_memory == [1]


@pytest.mark.parametrize("typed", ["阿卜杜拉.买买提", "阿卜杜拉·买买提", "阿卜杜拉・买买提工作法",
                                   "阿卜杜拉买买提工作法"])
def test_a_title_holding_a_name_is_found_by_any_of_its_dots(register: Register, typed: str) -> None:
    in_sql, in_memory = _found(register, typed)
    assert in_sql == in_memory == [1]


def test_the_people_list_finds_the_name_typed_with_a_full_stop(register: Register, qtbot) -> None:
    from boostdesk.ui.people_screen import PeopleModel

    model = PeopleModel(register)
    for typed in ("买买提.艾力", "买买提艾力"):
        model.search(typed)
        assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["买买提·艾力"]


IVS_NAME = "葛\U000e0100明"  # 葛 with an ideographic variation selector, as a Macao ID writes it


def test_a_variation_selector_is_not_part_of_a_name() -> None:
    assert tidy_name(IVS_NAME) == tidy_name("葛\ufe00明") == "葛明"
    assert queries.search_terms(IVS_NAME) == ["葛明"]


def test_a_name_pasted_with_a_variation_selector_is_the_registered_person(reg: Register) -> None:
    reg.save_patent(PatentApplication(2022, title="一种装置", inventor_name="葛明",
                                      id_number="110105198001010016", unit_name="丰台区总工会"))
    reg.save_patent(PatentApplication(2022, title="另一种装置", inventor_name=IVS_NAME,
                                      id_number="110105198001010016", unit_name="丰台区总工会"))
    assert {a.inventor_name for a in reg.patents(2022)} == {"葛明"}
    in_sql, in_memory = _found(reg, "葛明")
    assert in_sql == in_memory == [1, 2]


def test_a_variation_selector_prints_as_nothing_not_as_a_missing_character() -> None:
    """reportlab cannot choose a glyph variant: the hanzi is drawn as itself (as a reader
    without the variant does), not followed by a 〓 and a note naming an invisible character."""
    assert fonts.font_runs(IVS_NAME) == [(fonts.MAIN, "葛明")]
    assert fonts.missing_chars(IVS_NAME) == ""
    assert fonts.markup(f"{IVS_NAME}<工作室>") == "葛明&lt;工作室&gt;"
    with fonts.noting_missing() as texts:
        fonts.font_runs("王\ufe0f明")
    assert texts == []


# -- migration 15 ------------------------------------------------------------------------
def test_the_upgrade_folds_the_dots_in_search_texts_saved_before_the_folding(tmp_path) -> None:
    """Schema 14 kept a title's dot in its search text as typed (阿卜杜拉・买买提), while the
    search box folds every typed dot to the middle dot: none of the ways of typing it found
    the paper until it was saved again. Nor did a name migration 14 re-tidied (𠈌.艾力 →
    𠈌·艾力), its search text keeping the old dot. The upgrade folds each text again."""
    import sqlite3

    from test_finance import add_project
    from test_migrations import as_version

    from boostdesk.ui.queries import PROJECT_SPEC

    path = tmp_path / "v13.db"
    reg = Register.open(path)
    titled = reg.save_patent(PatentApplication(2022, title="一种基于阿卜杜拉・买买提工作法的装置",
                                               inventor_name="张伟", unit_name="丰台区总工会"))
    named = reg.save_patent(PatentApplication(2022, title="一种焊缝检测装置",
                                              inventor_name="𠈌·艾力", unit_name="丰台区总工会"))
    project = add_project(reg, title="阿卜杜拉・买买提工作法推广", status="qualified")
    reg.close()
    conn = sqlite3.connect(path)
    as_version(conn, 13)
    # as schema 13 stored them: each dot as typed, in the name and in the search texts
    conn.execute("UPDATE people SET name = '𠈌.艾力' WHERE name = '𠈌·艾力'")
    conn.execute("UPDATE patent_applications SET search_text ="
                 " replace(search_text, '𠈌艾力', '𠈌.艾力') WHERE id = ?", (named,))
    for table in ("patent_applications", "project_applications"):  # the title's dot as typed
        conn.execute(f"UPDATE {table} SET search_text ="
                     " replace(search_text, '阿卜杜拉买买提', '阿卜杜拉・买买提')")
    assert conn.execute("SELECT count(*) FROM patent_applications"
                        " WHERE search_text LIKE '%阿卜杜拉・买买提%'").fetchone()[0] == 1
    conn.commit()
    conn.close()
    with Register.open(path) as reg:
        assert reg.patent(named).inventor_name == "𠈌·艾力"
        for typed in ("阿卜杜拉.买买提", "阿卜杜拉・买买提", "阿卜杜拉·买买提工作法"):
            assert _found(reg, typed) == ([titled], [titled]), typed
            assert queries.search_ids(reg, PROJECT_SPEC, 2022, Filters(text=typed)) == [project]
            assert Searcher(reg, PROJECT_SPEC).search_ids(2022, Filters(text=typed)) == [project]
        for typed in ("𠈌.艾力", "𠈌·艾力", "𠈌•艾力", "𠈌艾力"):
            assert _found(reg, typed) == ([named], [named]), typed
