"""A large campaign's patents checked on two processes give the verdicts of one process
(`rules.halves`; the split is forced here by lowering its threshold)."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import replace

import pytest
from fixtures.summary_sheets import own_card, patent_no, resident_id
from test_check_speed import PATENT

from boostdesk.demo import fill_demo
from boostdesk.models.records import PATENT as PATENT_STREAM
from boostdesk.rules import check_campaign, halves, refresh


def verdicts(reg, year: int = 2022) -> list[dict]:
    return [v.to_dict() for v in check_campaign(reg, year)]


@pytest.fixture
def split(monkeypatch):
    """Every campaign split, and a record of whether a second process was started."""
    started = []
    real = halves.start_other_half

    def counted(reg, campaign, *claims):
        other = real(reg, campaign, *claims)
        started.append(other is not None)
        return other

    monkeypatch.setattr(halves, "SPLIT_FROM", 1)
    monkeypatch.setattr(halves, "start_other_half", counted)
    return started


def crossing(reg) -> None:
    """Cases that cross the halves: one person's several patents (one awarded), the same
    patent number sent by two people, an application with no inventor at all."""
    numbers = [patent_no(f"20201012345{i}") for i in (6, 7, 8)]
    for i, number in enumerate(numbers):  # 张三 three times: one award a year
        reg.save_patent(replace(PATENT, patent_number_raw=number, title=f"张三的专利{i}"))
    for i, name in enumerate(["李四", "王五", "赵六", "钱七"]):  # the same number, four people
        reg.save_patent(replace(PATENT, patent_number_raw=numbers[1], inventor_name=name,
                                id_number=resident_id(f"11010819800202{i:03d}"),
                                card_number=own_card(name)))  # (each their own card)
    reg.save_patent(replace(PATENT, inventor_name="", id_number="", title="无人署名"))
    first = reg.patents(2022)[0]
    reg.set_status(PATENT_STREAM, first.id, "qualified")


def near_and_shared(reg) -> tuple[int, int]:
    """What is read of the whole register, whatever the papers judged, across the halves:
    two 孙八 of one phone, their ID numbers one digit off (near copies), and one card two
    people give (孙八's second paper gives 周九's). Their ids."""
    ids = [reg.save_patent(replace(
        PATENT, patent_number_raw=patent_no(f"20201022345{n}"), inventor_name=name,
        id_number=resident_id(f"1101081980030300{n}"), phone=phone, card_number=own_card(card)))
        for n, (name, phone, card) in enumerate([("孙八", "13800139000", "孙八"),
                                                 ("孙八", "13800139000", "周九"),
                                                 ("周九", "13900139009", "周九")])]
    return ids[0], ids[1]


def test_two_halves_give_the_verdicts_of_one_process(reg, monkeypatch, split):
    fill_demo(reg)
    crossing(reg)
    near_and_shared(reg)
    monkeypatch.setattr(halves, "SPLIT_FROM", 10**9)
    one = verdicts(reg)
    monkeypatch.setattr(halves, "SPLIT_FROM", 1)
    two = verdicts(reg)
    assert split == [True]  # the second process did check half of them
    assert two == one  # the same findings, in the same order
    codes = [f["code"] for v in two for f in v["findings"]]
    assert codes.count("DUPLICATE_APPLICATION") >= 4  # the four who sent 张三's number
    assert codes.count("PERSON_ALREADY_AWARDED_THIS_YEAR") >= 2  # 张三's other two
    assert codes.count("PERSON_NEAR_REGISTERED") >= 2 and "UNION_CARD_SHARED" in codes
    assert {0, 1} == {p.person_id % 2 for p in reg.patents(2022) if p.person_id}
    halves_ids = [a.id for h in (0, 1) for a in reg.patents(2022, people_half=h)]
    assert sorted(halves_ids) == [a.id for a in reg.patents(2022)]  # each once


def test_a_failed_second_process_leaves_this_one_to_check_both(reg, monkeypatch, split):
    fill_demo(reg)
    monkeypatch.setattr(halves, "SPLIT_FROM", 10**9)
    one = verdicts(reg)

    class Broken:
        def shutdown(self, **_kw) -> None:
            pass

    failed: Future = Future()
    failed.set_exception(OSError("no process"))
    monkeypatch.setattr(halves, "SPLIT_FROM", 1)
    monkeypatch.setattr(halves, "start_other_half",
                        lambda reg, campaign, *claims: (Broken(), failed, failed))
    assert verdicts(reg) == one


def test_nothing_uncommitted_is_checked_elsewhere(reg, monkeypatch, split):
    # a campaign's new parameters re-checked inside the transaction that saves them: the
    # second process would read the old ones, so this one checks it all
    reg.save_patent(PATENT)
    campaign = reg.campaign(2022)
    with reg.transaction():
        reg.save_campaign(replace(campaign, grant_window_start=PATENT.grant_date.replace(day=16)))
        refreshed = refresh(reg, 2022)
    assert split == []
    assert "GRANT_DATE_OUTSIDE_WINDOW" in {f.code for f in refreshed[0].findings}


def test_new_parameters_alone_uncommitted_are_given_to_the_second_process(reg, split):
    # what 设置's save of a large campaign does: the applications are as committed, and
    # the second process checks its half with the parameters it is given
    reg.save_patent(PATENT)
    reg.save_patent(replace(PATENT, patent_number_raw=patent_no("202010123459"),
                            inventor_name="李四", id_number=resident_id("11010819800202001")))
    assert {p.person_id % 2 for p in reg.patents(2022)} == {0, 1}  # one in each half
    campaign = reg.campaign(2022)
    with reg.transaction():
        reg.save_campaign(replace(campaign, grant_window_start=PATENT.grant_date.replace(day=16)))
        refreshed = refresh(reg, 2022, only_campaign_uncommitted=True)
    assert split == [True]
    assert all("GRANT_DATE_OUTSIDE_WINDOW" in {f.code for f in v.findings} for v in refreshed)


def test_the_second_process_judges_claims_by_the_parameters_it_is_given(reg, monkeypatch,
                                                                        split):
    # 设置's save of a large campaign moves its grant window's end before one paper's grant
    # date: that paper claims its patent number no more, and the other paper of the same
    # number (the other person's half) holds it. The second process read the claims by
    # the parameters committed, the old ones, and found that other paper the duplicate.
    number = patent_no("202010123459")
    early = reg.save_patent(replace(PATENT, patent_number_raw=number,
                                    grant_date=PATENT.grant_date.replace(day=20)))
    later = reg.save_patent(replace(PATENT, patent_number_raw=number, inventor_name="李四",
                                    id_number=resident_id("11010819800202001")))
    assert len({p.person_id % 2 for p in reg.patents(2022)}) == 2  # one in each half
    campaign = reg.campaign(2022)
    end = PATENT.grant_date.replace(day=18)  # after the later paper's grant, before the early's
    with reg.transaction():
        reg.save_campaign(replace(campaign, grant_window_end=end))
        monkeypatch.setattr(halves, "SPLIT_FROM", 10**9)
        one = [v.to_dict() for v in check_campaign(reg, 2022)]
        monkeypatch.setattr(halves, "SPLIT_FROM", 1)
        two = [v.to_dict() for v in refresh(reg, 2022, only_campaign_uncommitted=True)]
    assert split == [True]
    assert two == one
    duplicates = {v["id"] for v in two for f in v["findings"]
                  if f["code"] == "DUPLICATE_APPLICATION"}
    assert duplicates == {early} and later not in duplicates


def test_a_small_campaign_stays_in_one_process(reg, monkeypatch):
    reg.save_patent(PATENT)
    started = []
    monkeypatch.setattr(halves, "start_other_half", lambda *a: started.append(a))
    check_campaign(reg, 2022)
    assert started == []


def test_boostdesk_check_prints_the_same_report_on_two_processes(tmp_path, capsys, monkeypatch,
                                                                 split):
    from boostdesk.cli import main

    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    split.clear()
    reports = []
    for threshold in (10**9, 1):
        monkeypatch.setattr(halves, "SPLIT_FROM", threshold)
        capsys.readouterr()
        assert main(["check", "--db", str(db)]) == 0
        reports.append(capsys.readouterr().out)
    assert split == [True]  # the second time, from the command's read-only reader
    assert reports[0] == reports[1] and reports[0].splitlines()[-2].startswith("合计：")
    assert reports[0].splitlines()[-1].startswith("修改记录防篡改校验：完整")  # the trail's chain


def test_the_second_process_sends_each_findings_list_once(reg):
    # its verdicts travel packed (halves.pack): the same verdicts come back, and
    # applications sharing a findings list share it still (the store encodes each once)
    import pickle

    fill_demo(reg)
    crossing(reg)
    from boostdesk.rules.check import check_patents

    mine = check_patents(reg, reg.campaign(2022), reg.patents(2022))
    lists, rows = packed = halves.pack(mine)
    assert len(lists) < len(rows) == len(mine)
    back = halves.unpack(pickle.loads(pickle.dumps(packed)))
    assert [v.to_dict() for v in back] == [v.to_dict() for v in mine]
    assert [v.name for v in back] == [v.name for v in mine]
    by_list: dict[int, list] = {}
    for (_, _, _, index), v in zip(rows, back, strict=True):
        by_list.setdefault(index, []).append(v)
    assert max(len(group) for group in by_list.values()) > 1
    for first, *others in by_list.values():
        for v in others:  # the same findings, each verdict its own list
            assert tuple(map(id, v.findings)) == tuple(map(id, first.findings))
            assert v.findings is not first.findings



def test_the_whole_register_is_read_once_for_both_halves(reg, monkeypatch):
    # the near copies among the registered people and the cards held twice: read of the
    # whole register by the second process first, handed to the first (which checks the
    # projects meanwhile) and kept for its own half. Each process read them (≈ 0.6 s of
    # CPU at 100,000 applications, on the first one's way to the storing)
    from boostdesk.rules import check, near_people
    from boostdesk.rules.check import _first_by_patent_number, check_patents
    from boostdesk.safety import open_read_only

    fill_demo(reg)
    a, b = near_and_shared(reg)
    people = {p.id: p.person_id for p in reg.patents(2022)}
    assert people[a] % 2 != people[b] % 2  # the near pair: one in each half
    monkeypatch.setattr(near_people, "_SMALL", 1)  # the campaign's ways at any size
    monkeypatch.setattr(check, "_SMALL", 1)
    campaign = reg.campaign(2022)
    first = _first_by_patent_number(reg)
    elsewhere = open_read_only(reg.path, reg.operator, None)  # (reg itself keeps nothing)
    halves_read = [[v.to_dict() for v in check_patents(
        elsewhere, campaign, elsewhere.patents(2022, people_half=half, for_rules=True), first)]
        for half in (0, 1)]
    elsewhere.close()
    codes = {f["code"] for half in halves_read for v in half for f in v["findings"]}
    assert {"PERSON_NEAR_REGISTERED", "UNION_CARD_SHARED"} <= codes

    whole = halves._read_whole(str(reg.path), reg.operator)  # the second process's first

    def read_again(*_args):
        raise AssertionError("the whole register read again")

    monkeypatch.setattr(near_people, "_registered_near", read_again)
    monkeypatch.setattr(check, "_CARD_SQL", ("SELECT read_again()",) * 2)
    theirs = halves.unpack(halves._check_half(str(reg.path), reg.operator, campaign.to_json(),
                                              1, first))
    assert [v.to_dict() for v in theirs] == halves_read[1]
    handed: Future = Future()
    handed.set_result(whole)
    halves.take_whole(reg, (None, None, handed))  # the first process's, handed to it
    mine = check_patents(reg, campaign, reg.patents(2022, people_half=0, for_rules=True), first)
    assert [v.to_dict() for v in mine] == halves_read[0]
