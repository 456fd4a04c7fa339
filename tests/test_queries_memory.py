"""The register view's search from memory (``search_keys.Searcher``) gives exactly what the SQL
search (``queries.search_ids``) gives — the same ids in the same order — whatever the text,
filters and sort, and sees every change: this window's, another window's, another process's."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boostdesk.models import Register, plan_2022
from boostdesk.models.records import PatentApplication
from boostdesk.ui import queries, search_keys
from boostdesk.ui.queries import PATENT_SPEC, PROJECT_SPEC, Filters
from boostdesk.ui.search_keys import Searcher, match, narrows

NAMES = ["张伟", "王芳", "张三丰", "李娜", "Zhang Wei", "王伟", "刘", "O'Neil", ""]
TITLES = ["一种焊缝检测装置", "电池热管理系统", "50%_折扣方法", "C:\\路径工具", "ZL2019数控机床",
          "轴承诊断", "北京华信网络", ""]
UNITS = ["北京市海淀区总工会", "朝阳区总工会", "北京华信工会", ""]
NUMBERS = ["ZL201910154870.7", "zl 2020 1 0154905.x", "CN202010154862.5", "", "2019101548"]
STATUSES = ["registered", "qualified", "approved", "bogus"]
FLAGS = [None, 0, 1, 2]
# What a clerk might type: names, number fragments in either case, full-width letters and
# spaces (folded by NFKC), LIKE's wildcards and escape (plain text here).
TYPED = "张伟王芳三丰李娜刘北京华信焊缝zZlL2019cCnNX.%_\\ 　Ａａ'"


def fill(reg: Register, rng: random.Random, n: int, year: int = 2022) -> list[int]:
    """``n`` patents of ``year`` with repeating names and every awkward value the columns
    hold: ASCII capitals in search_text, odd flags, unknown statuses, no unit."""
    ids = []
    with reg.transaction():
        for _ in range(n):
            ids.append(reg.save_patent(PatentApplication(
                year, title=rng.choice(TITLES), patent_number_raw=rng.choice(NUMBERS),
                inventor_name=rng.choice(NAMES), unit_name=rng.choice(UNITS),
                enterprise_name=rng.choice(UNITS[:2] + [""]),
            )))
        for app_id in ids:
            reg.conn.execute(
                "UPDATE patent_applications SET eligible = ?, incomplete = ?, status = ?,"
                " search_text = CASE WHEN ? THEN upper(search_text) ELSE search_text END,"
                " unit_id = CASE WHEN ? THEN NULL ELSE unit_id END WHERE id = ?",
                (rng.choice(FLAGS), rng.choice(FLAGS), rng.choice(STATUSES),
                 rng.random() < 0.2, rng.random() < 0.1, app_id))
    return ids


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory) -> Register:
    reg = Register.open(tmp_path_factory.mktemp("memory") / "register.db", operator="测试员")
    reg.save_campaign(plan_2022().for_year(2023))
    fill(reg, random.Random(7), 180)
    fill(reg, random.Random(8), 30, year=2023)
    yield reg
    reg.close()


@pytest.fixture(scope="module")
def kept(varied: Register) -> Searcher:
    """One searcher for every example: its memory carries over, as in a view."""
    return Searcher(varied, PATENT_SPEC)


def unit_ids(reg: Register) -> list[int | None]:
    return [None, -1, *(uid for uid, _name in queries.units(reg))]


other_filters = st.fixed_dictionaries({
    "status": st.sampled_from([None, "", *STATUSES, "unknown"]),
    "verdict": st.sampled_from([None, "", *queries.VERDICT_SQL]),
    "sort_key": st.sampled_from([c.key for c in PATENT_SPEC.columns]),
    "descending": st.booleans(),
    "year": st.sampled_from([2022, 2022, 2023, 2030]),
})


def typing(text: str) -> list[str]:
    """The box's text after each key of typing ``text`` and then erasing it."""
    return [text[:i] for i in range(1, len(text) + 1)] + [text[:i] for i in range(len(text) - 1,
                                                                                  -1, -1)]


def check(reg: Register, searchers: list[Searcher], year: int, filters: Filters,
          sort_key: str, descending: bool) -> None:
    expected = queries.search_ids(reg, PATENT_SPEC, year, filters, sort_key, descending)
    for searcher in searchers:
        assert searcher.search_ids(year, filters, sort_key, descending) == expected, filters


@settings(max_examples=60, deadline=None)
@given(data=st.data(), typed=st.text(TYPED, max_size=7), others=other_filters)
def test_typing_with_any_filters_and_sort_gives_the_sql_result(varied, kept, data, typed,
                                                               others):
    unit = data.draw(st.sampled_from(unit_ids(varied)))
    fresh = Searcher(varied, PATENT_SPEC)
    for text in typing(typed) or [""]:
        check(varied, [kept, fresh], others["year"],
              Filters(text, unit, others["status"], others["verdict"]),
              others["sort_key"], others["descending"])


@settings(max_examples=40, deadline=None)
@given(data=st.data(), texts=st.lists(st.text(TYPED, max_size=6), min_size=1, max_size=6))
def test_jumping_between_searches_and_filters_gives_the_sql_result(varied, kept, data, texts):
    units = unit_ids(varied)
    for text in texts:
        others = data.draw(other_filters)
        check(varied, [kept], others["year"],
              Filters(text, data.draw(st.sampled_from(units)), others["status"],
                      others["verdict"]), others["sort_key"], others["descending"])


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(0, 40),
       texts=st.lists(st.text(TYPED, max_size=4), min_size=1, max_size=5))
def test_any_generated_register_searches_the_same_in_memory(seed, n, texts):
    reg = Register.open(":memory:", operator="测试员")
    try:
        fill(reg, random.Random(seed), n)
        searcher = Searcher(reg, PATENT_SPEC)
        rng = random.Random(seed)
        for text in texts:
            filters = Filters(text, rng.choice(unit_ids(reg)), rng.choice([None, *STATUSES]),
                              rng.choice([None, *queries.VERDICT_SQL]))
            check(reg, [searcher], 2022, filters, rng.choice(["id", "person", "verdict"]),
                  rng.random() < 0.5)
    finally:
        reg.close()


def test_projects_search_the_same_in_memory(reg):
    from boostdesk.models.records import ProjectApplication

    for i, (title, leader) in enumerate([("数控机床精度补偿", "王五"), ("焊接机器人", "张伟"),
                                         ("BIM 建模", "Li Na")]):
        reg.save_project(ProjectApplication(2022, title=title, leader=leader,
                                            studio_name=f"第{i}职工创新工作室"))
    searcher = Searcher(reg, PROJECT_SPEC)
    for text in ["", "工作室", "bim", "张", "王五 数控", "第1"]:
        for sort_key in ("id", "studio", "requested"):
            expected = queries.search_ids(reg, PROJECT_SPEC, 2022, Filters(text), sort_key)
            assert searcher.search_ids(2022, Filters(text), sort_key) == expected


def patent(reg: Register, name: str, title: str = "专利") -> int:
    return reg.save_patent(PatentApplication(2022, title=title, inventor_name=name))


def test_this_windows_edits_are_seen_at_once(reg):
    searcher = Searcher(reg, PATENT_SPEC)
    a = patent(reg, "张伟")
    assert searcher.search_ids(2022, Filters("张")) == [a]
    b = patent(reg, "张三")
    assert searcher.search_ids(2022, Filters("张")) == [a, b]
    app = reg.patent(a)
    from dataclasses import replace

    reg.save_patent(replace(app, inventor_name="李伟"))
    assert searcher.search_ids(2022, Filters("张")) == [b]
    assert searcher.search_ids(2022, Filters("伟")) == [a]


def test_another_windows_edits_are_seen(reg):
    searcher = Searcher(reg, PATENT_SPEC)
    a = patent(reg, "张伟")
    assert searcher.search_ids(2022, Filters("张")) == [a]
    other = Register.open(reg.path, operator="另一窗口")
    try:
        b = patent(other, "张三")
        assert searcher.search_ids(2022, Filters("张")) == [a, b]
        assert searcher.search_ids(2022, Filters()) == [a, b]
        other.conn.execute("UPDATE patent_applications SET status = 'qualified' WHERE id = ?",
                           (b,))
        assert searcher.search_ids(2022, Filters(status="qualified")) == [b]
    finally:
        other.close()


def test_a_read_only_viewer_sees_what_the_holder_saves(reg):
    from boostdesk.safety.session import open_read_only

    a = patent(reg, "张伟")
    viewer = open_read_only(reg.path, "只读查看", None)
    try:
        searcher = Searcher(viewer, PATENT_SPEC)
        assert searcher.search_ids(2022, Filters("张")) == [a]
        b = patent(reg, "张三")
        assert searcher.search_ids(2022, Filters("张")) == [a, b]
    finally:
        viewer.close()


def test_another_processs_edits_are_seen(reg):
    searcher = Searcher(reg, PATENT_SPEC)
    a = patent(reg, "张伟")
    b = patent(reg, "张三")
    assert searcher.search_ids(2022, Filters("张")) == [a, b]
    script = (
        "import sys\n"
        "from boostdesk.models import Register\n"
        "from boostdesk.models.records import PatentApplication\n"
        "reg = Register.open(sys.argv[1], operator='另一台电脑')\n"
        "reg.save_patent(PatentApplication(2022, title='另一进程', inventor_name='张强'))\n"
        f"reg.conn.execute('DELETE FROM patent_applications WHERE id = {a}')\n"
        "reg.close()\n"
    )
    subprocess.run([sys.executable, "-c", script, str(reg.path)], check=True,
                   cwd=Path(__file__).resolve().parents[1], timeout=60)
    found = searcher.search_ids(2022, Filters("张"))
    assert found == queries.search_ids(reg, PATENT_SPEC, 2022, Filters("张"))
    assert a not in found and b in found and len(found) == 2


def test_uncommitted_rows_of_this_connection_are_searched_in_sql(reg):
    searcher = Searcher(reg, PATENT_SPEC)
    a = patent(reg, "张伟")
    assert searcher.search_ids(2022, Filters("张")) == [a]
    with pytest.raises(RuntimeError), reg.transaction():
        b = patent(reg, "张三")
        assert searcher.search_ids(2022, Filters("张")) == [a, b]
        raise RuntimeError("roll back")
    assert searcher.search_ids(2022, Filters("张")) == [a]


def test_texts_holding_the_separator_are_read_row_by_row(reg):
    a = patent(reg, "张伟")
    b = patent(reg, "王芳")
    reg.conn.execute("UPDATE patent_applications SET search_text = 'ab\x1fcd' WHERE id = ?", (a,))
    searcher = Searcher(reg, PATENT_SPEC)
    for text in ["ab", "cd", "b", "王", ""]:
        assert searcher.search_ids(2022, Filters(text)) == queries.search_ids(
            reg, PATENT_SPEC, 2022, Filters(text))
    assert searcher.search_ids(2022, Filters("cd")) == [a]
    assert searcher.search_ids(2022, Filters("芳")) == [b]


def test_a_longer_text_is_looked_for_among_the_earlier_matches_only(reg, monkeypatch):
    ids = [patent(reg, name) for name in ["张伟", "张三", "王伟", "李四"]]
    searcher = Searcher(reg, PATENT_SPEC)
    looked: list[int] = []
    real = search_keys.match

    def spy(texts, terms, among=None, numbers=None):
        looked.append(len(texts) if among is None or among.count(1) * 2 > len(texts)
                      else among.count(1))
        return real(texts, terms, among, numbers)

    monkeypatch.setattr(search_keys, "match", spy)
    assert searcher.search_ids(2022, Filters("张")) == ids[:2]
    assert searcher.search_ids(2022, Filters("张伟")) == ids[:1]
    assert searcher.search_ids(2022, Filters("张")) == ids[:2]  # Backspace: kept
    assert looked == [4, 2]


def test_narrows_and_match_follow_like():
    assert narrows(["张"], ["张伟"]) and narrows(["张"], ["海淀", "张"])
    assert not narrows(["张伟"], ["张"]) and not narrows(["张", "海"], ["张伟"])
    texts = ["zl2019 张伟", "王芳 zl2020", "50%_off"]
    numbers = ["(110105198001010016)", "", "(13800138000)"]  # each paper's search_numbers
    assert match(texts, ["zl"], numbers=numbers) == b"\x01\x01\x00"
    assert match(texts, ["zl", "张"], numbers=numbers) == b"\x01\x00\x00"
    assert match(texts, ["%_"], numbers=numbers) == b"\x00\x00\x01"
    assert match(texts, ["zl20"], b"\x00\x01\x00", numbers) == b"\x00\x01\x00"
    assert match(texts, ["2019"], numbers=numbers) == b"\x01\x00\x00"  # the text's digits
    assert match(texts, ["8000"], numbers=numbers) == b"\x00\x00\x01"  # a number's end
    assert match(texts, ["0138"], numbers=numbers) == b"\x00\x00\x00"  # not inside it
    assert match(texts, ["8000"]) == b"\x00\x00\x00"  # texts alone (the other lists)


def test_the_status_bar_counts_are_the_verdict_conditions_counted(varied):
    """``queries.counts`` groups by the stored flags and statuses over indexes and counts
    in Python: the same numbers as each row's ``workflow.standing`` — its 资格审核
    decision, else the VERDICT_SQL condition it meets — odd flags (2, NULL) and all, an
    earlier year's decided paper included (tests/test_past_close.py)."""
    from boostdesk.models.workflow import standing

    verdict = "CASE " + " ".join(f"WHEN {sql} THEN '{key}'"
                                 for key, sql in queries.VERDICT_SQL.items()) + " ELSE '' END"
    for year in (2022, 2023, 2030):
        cid = queries.campaign_id(varied, year)
        said = [standing(status, key) for status, key in varied.conn.execute(
            f"SELECT a.status, {verdict} FROM patent_applications a WHERE a.campaign_id = ?",
            (cid,))]
        assert queries.counts(varied, "patent", year) == queries.Counts(
            len(said), *(said.count(k) for k in (
                queries.ELIGIBLE, queries.REFUSED, queries.INCOMPLETE)))
    assert queries.counts(varied, "patent", 2022).registered == 180


def test_a_registration_number_typed_finds_that_application_only(tmp_path):
    """专利12 / 项目6, as the detail pane, 打印's 申报 box and the other screens' searches take
    them: the list found the texts holding 专利12 (none, or a title 专利12号) instead."""
    reg = Register.open(tmp_path / "register.db", operator="测试员")
    try:
        ids = [reg.save_patent(PatentApplication(2022, title=title, inventor_name=name))
               for title, name in (("焊缝检测装置", "张伟"), ("专利1号改进", "王芳"),
                                   ("电池热管理", "张三丰"))]
        searcher = Searcher(reg, PATENT_SPEC)
        for text, found in ((f"专利{ids[0]}", [ids[0]]), (f"专利{ids[0]} 张", [ids[0]]),
                            (f"专利{ids[0]} 王芳", []), (f"项目{ids[0]}", []),
                            (f"专利{ids[2]}", [ids[2]]), ("专利1号", [ids[1]]),
                            ("专利９９９９９９９９９９９９９９９９９", [])):
            filters = Filters(text)
            assert queries.search_ids(reg, PATENT_SPEC, 2022, filters) == found, text
            assert searcher.search_ids(2022, filters) == found, text
    finally:
        reg.close()
