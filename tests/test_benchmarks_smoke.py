"""The benchmark generator and runner work, at a size that takes seconds.

The figures' values are not asserted (they are timings); their format is.
"""

from __future__ import annotations

import os
import random
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from stdnum import luhn
from stdnum.cn import ric

from boostdesk.models import Register
from boostdesk.models.search_text import search_key
from boostdesk.rules import check_campaign
from boostdesk.validate import check_resident_id, parse_patent_number

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import run  # noqa: E402

LINE = re.compile(r"^(\S+) (\d+\.\d+) (s|ms|MB) baseline (\d+\.\d+) ratio (\d+\.\d\d)$")


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "small.db"
    generate.generate_register(path, 300, approved=40)
    return path


def test_generated_register_counts_and_statuses(small):
    conn = sqlite3.connect(small)
    assert conn.execute("SELECT COUNT(*) FROM patent_applications").fetchone()[0] == 240
    assert conn.execute("SELECT COUNT(*) FROM project_applications").fetchone()[0] == 60
    approved = conn.execute(
        "SELECT (SELECT COUNT(*) FROM patent_applications WHERE status = 'approved')"
        " + (SELECT COUNT(*) FROM project_applications WHERE status = 'approved')").fetchone()[0]
    assert approved == 40
    # every application has its first status-history row, approved ones three
    assert conn.execute("SELECT COUNT(*) FROM status_history").fetchone()[0] == 300 + 2 * 40
    conn.close()


def test_generated_trail_is_dated_in_the_order_it_was_written(small):
    """Its papers' lines were dated at the story's day, years before the line opening the
    register: `check` said 100,000 of them were written by a clock set back."""
    from boostdesk.models.audit_chain import back_dated

    conn = sqlite3.connect(small)
    try:
        assert conn.execute("SELECT COUNT(*) FROM audit_events").fetchone()[0] > 300
        assert back_dated(conn) == ([], 0)
    finally:
        conn.close()


def test_generated_patent_numbers_parse_to_their_canonical_form(small):
    conn = sqlite3.connect(small)
    rows = conn.execute(
        "SELECT patent_number_raw, patent_number FROM patent_applications").fetchall()
    assert sum(1 for _, canonical in rows if canonical) > 200
    for raw, canonical in rows:
        if canonical and raw != canonical:  # a duplicate copies the canonical number as raw
            assert parse_patent_number(raw).patent_number == canonical
    conn.close()


def test_generated_text_is_chinese_and_search_keys_match_the_register(small):
    reg = Register.open(small)
    try:
        names = {a.inventor_name for a in reg.patents(2022)}
        assert any(len(n) == 2 for n in names) and any(len(n) == 3 for n in names)
        assert all("\u4e00" <= n[0] <= "\u9fff" for n in names)
        app = reg.patents(2022)[0]
        stored = reg.scalar("SELECT search_text FROM patent_applications WHERE id = ?", (app.id,))
        assert stored == search_key(app.inventor_name, app.patent_number_raw, app.patent_number,
                                    app.title, app.unit_name, app.enterprise_name)
        verdicts = check_campaign(reg, 2022)
        assert len(verdicts) == 300
        assert 0 < sum(v.eligible for v in verdicts) < 300  # some break a rule on purpose
        assert {a.approved_date for a in reg.patents(2022) if a.status == "approved"} != {None}
    finally:
        reg.close()


def test_id_check_char_is_gb_11643():
    r = random.Random(5)
    for _ in range(2000):
        first17 = "".join(str(r.randrange(10)) for _ in range(17))
        assert generate.id_check_char(first17) == ric.calc_check_digit(first17 + "0")
    fake = generate.Faker(1)
    for _ in range(200):
        number = fake.id_number()
        assert check_resident_id(number) == number


def test_card_numbers_pass_luhn():
    fake = generate.Faker(2)
    cards = [fake.card_number() for _ in range(500)]
    assert all(len(c) == 19 and luhn.is_valid(c) for c in cards)


def test_summary_table_is_read_by_the_importer(tmp_path):
    from boostdesk.io.importer import read_table

    path = generate.write_summary_table(tmp_path / "t.xlsx", 25)
    preview = read_table(path, 2022)
    assert preview.stream == "patent"
    assert preview.errors == []
    assert len(preview.records) == 25
    assert all(r.inventor_name and r.patent_number_raw for r in preview.records)


def run_figure(name: str, cache: Path) -> subprocess.CompletedProcess[str]:
    """``run.py --only NAME`` at 120 applications, one run, Qt offscreen."""
    return subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--only", name, "--apps", "120",
         "--cache", str(cache), "--repeat", "1", "--qt", "offscreen"],
        capture_output=True, text=True, timeout=300, check=True,
    )


def test_run_prints_the_check_figure_in_the_agreed_format(tmp_path):
    out = run_figure("check", tmp_path)
    lines = out.stdout.strip().splitlines()
    assert [LINE.match(text).group(1) for text in lines] == ["check_120", "check_120_peak_rss"]
    for text in lines:
        _, value, _, base, ratio = LINE.match(text).groups()
        assert float(value) > 0 and float(base) > 0
        assert float(ratio) == pytest.approx(float(value) / float(base), rel=0.05, abs=0.01)


def test_run_times_the_start_of_the_app_and_of_the_bare_window(tmp_path):
    """The start probe sees each window's first paint, and the app's table after it."""
    out = run_figure("start", tmp_path)
    lines = {LINE.match(text).group(1): LINE.match(text).groups()
             for text in out.stdout.strip().splitlines()}
    assert set(lines) == {"start_120", "start_ready_120", "start_120_peak_rss"}
    shown, ready = float(lines["start_120"][1]), float(lines["start_ready_120"][1])
    assert 0 < shown < ready and float(lines["start_120"][3]) > 0


def test_run_visits_every_screen_but_the_first(tmp_path):
    out = run_figure("screens", tmp_path)
    names = [LINE.match(text).group(1) for text in out.stdout.strip().splitlines()]
    assert names == [f"screen_{key}_120" for key in ("projects", "studios", "people", "panel",
                                                     "publicity", "payments", "print",
                                                     "settings", "todo")] + ["screens_120_peak_rss"]


def test_run_opens_each_form_and_rechecks_a_typed_paper(tmp_path):
    out = run_figure("forms", tmp_path)
    names = [LINE.match(text).group(1) for text in out.stdout.strip().splitlines()]
    assert names == [f"form_{stream}_{what}_120" for stream in ("patent", "project")
                     for what in ("open_first", "open_again", "open_first_warmed", "edit_first",
                                  "edit_again", "recheck_median", "recheck_worst")]


def test_history_register_spreads_the_applications_over_ten_checked_campaigns(tmp_path):
    path = generate.cached_history_register(120, tmp_path)
    conn = sqlite3.connect(path)
    per_year = dict(conn.execute(
        "SELECT c.year, COUNT(*) FROM patent_applications a JOIN campaigns c"
        " ON c.id = a.campaign_id GROUP BY c.year"))
    assert sorted(per_year) == list(range(2013, 2023))
    assert sum(per_year.values()) == 96 and min(per_year.values()) > 0
    assert conn.execute("SELECT COUNT(*) FROM patent_applications WHERE eligible IS NULL"
                        ).fetchone()[0] == 0  # every campaign checked
    conn.close()
    with Register.open(path, operator="测试员") as reg:
        assert check_campaign(reg, 2013)  # the re-issued plan of an earlier year


def test_a_cached_register_of_an_older_schema_is_upgraded_once_not_in_every_timed_copy(
        tmp_path):
    from test_migrations import as_version

    from boostdesk.models.schema import SCHEMA_VERSION

    path = generate.cached_register(60, tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE units SET kind = '集团(公司)' WHERE id = 1")  # as schema 12 had it
    as_version(conn, 12)  # migrations 13 (that kind) and on run again
    conn.commit()
    conn.close()
    again = generate.cached_register(60, tmp_path)
    conn = sqlite3.connect(again)
    assert again == path
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT COUNT(*) FROM units WHERE kind = '集团(公司)'").fetchone()[0] == 0
    conn.close()


def test_run_prints_the_history_figures(tmp_path):
    out = run_figure("history", tmp_path)
    names = [LINE.match(text).group(1) for text in out.stdout.strip().splitlines()]
    assert names == ["history_search_key_median_120", "history_search_key_worst_120",
                     "history_view_open_120", "history_screen_slowest_120",
                     "history_120_peak_rss"]
    assert "slowest screen:" in out.stderr


def test_a_figure_whose_code_is_missing_says_so():
    assert run.missing("boostdesk.no_such_module") == "boostdesk.no_such_module not there yet"
    assert run.missing("boostdesk.rules") is None
    assert run.na("print_1k", "boostdesk.printing.approval not there yet") == (
        "print_1k n/a boostdesk.printing.approval not there yet")


def test_probe_reports_its_own_peak_memory_not_the_runners(small):
    ballast = bytearray(200 * 1024 * 1024)  # the runner's peak must not leak into the child
    ballast[::4096] = b"\x01" * len(ballast[::4096])
    result = run.probe("rows", str(small))
    del ballast
    assert result.result["rows"] == 300
    assert 5 < result.rss_mb < 100


def test_search_trial_compares_fts_with_the_screens_search(tmp_path, capsys):
    import search_trial

    assert search_trial.texts_typed()[:4] == ["张", "张伟", "张", ""]
    assert search_trial.main(["--apps", "300", "--cache", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    figures = [LINE.match(text) for text in out if not text.startswith("#")
               and " baseline " in text]
    assert [m.group(1) for m in figures] == [
        f"search_{way}_{stat}_300" for way in ("like", "trigram", "unigram")
        for stat in ("median", "worst")] + ["fts_trigram_size_300", "fts_unigram_size_300"]
    # LIKE and the trigram index (with its LIKE fallback under three characters) find
    # exactly what the screen finds; only the unigram phrase may match across punctuation.
    assert not [text for text in out if text.startswith(("# like", "# trigram"))]


def test_a_screen_that_fails_ends_the_probe_instead_of_waiting_on_its_message(reg, tmp_path):
    """A screen that cannot be built says so in a message box; in a probe nobody answers it,
    and the run hung until the test's timeout. Now the probe ends, naming the screen."""
    reg.close()
    code = (
        f"import sys; sys.path.insert(0, {str(BENCH)!r})\n"
        "import run\n"
        "from boostdesk.ui import main_window as m\n"
        "m.SCREENS[2] = ('工作室', 'boostdesk.ui.studio_screen', 'NoSuchScreen')\n"
        f"run.probe_screens({str(reg.path)!r}, {str(tmp_path)!r})\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode != 0
    assert "a dialog would wait for an answer: 无法打开“工作室”" in done.stderr


def test_copy_trial_copies_rows_of_the_register_list_in_a_process_of_its_own(tmp_path, capsys):
    import copy_trial

    assert copy_trial.main(["--apps", "300", "--cache", str(tmp_path), "--rows", "10,all"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out] == ["copy_10", "copy_all"]
    assert "# 10 lines; 已复制 10 行" in out[0]
    patents = int(out[1].split("# ")[1].split()[0])
    assert 200 < patents < 300 and out[1].endswith(f"已复制 {patents} 行")  # Ctrl+A: all found


def test_summary_pdf_reports_rows_a_second(small, capsys):
    """benchmarks/summary_pdf.py prints each size's time, rate and pages (not judged)."""
    import summary_pdf

    assert summary_pdf.main(["--rows", "30,300", "--db", str(small)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [re.match(r"^summary_pdf_(\d+) \d+\.\d\d s rows/s \d+ pages (\d+)$", text).group(1)
            for text in out] == ["30", "300"]


def test_handover_trial_times_the_list_after_a_worker_wrote_each_way(tmp_path, capsys):
    """benchmarks/handover_trial.py: without the hand-over every import and move reads the
    search texts again; with it none does."""
    import handover_trial

    assert handover_trial.main(["--apps", "300", "--cache", str(tmp_path), "--rows", "3",
                                "--runs", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out] == ["without", "with", "without", "with"]
    for line in out:  # (300 papers: none eligible to move in a batch)
        reads = 1 if line.startswith("without") else 0
        assert re.fullmatch(rf"\w+ +import_ms \d+ key_reads {reads} move_ms n/a .*", line), line
