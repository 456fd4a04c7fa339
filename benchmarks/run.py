"""BoostDesk's speed at office scale and far beyond: each figure next to its baseline.

    python benchmarks/run.py [--quick] [--only check,import,...]

prints one line per figure on stdout, exactly

    NAME VALUE UNIT baseline VALUE ratio R

(or ``NAME n/a reason`` when the code a figure measures is not there), and its
progress and the targets on stderr. Every measurement runs in a fresh Python
process, the figure's and its baseline's alike, one after the other in the same
run. The peak memory of a process is its own high-water mark (``VmHWM`` of
``/proc/self/status``; ``ru_maxrss`` elsewhere): on Linux ``ru_maxrss`` keeps the
parent's peak across ``exec``, so a child of this runner would report at least
the runner's own memory. Times are the median of ``--repeat`` runs (1 with
``--quick``, else 3), memory the largest.

Registers and the summary table are generated once into ``benchmarks/.cache/``
(``generate.py``); ``--cache DIR`` puts them elsewhere and ``--apps N`` changes the
size of the large register (the tests use a tiny one).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
# this checkout's boostdesk, here and in every probe: the venv's editable install may name
# another checkout's (a worktree's run timed the main one's code)
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
OWN_PATH = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)

PY = sys.executable
LARGE = 100_000  # applications in the large register
OFFICE = 10_000  # applications in the register printed from
TABLE_ROWS = 10_000  # rows of the imported summary table
SHEETS = 1_000  # approval sheets printed
START_TURNS = 5  # starts per --repeat: a start is short and noisy
YEAR = 2022  # the campaign of the generated registers and table

TARGETS = {
    "start": "start ≤ 1.3× the bare window",
    "search": "a keystroke ≤ 50 ms at 100,000 rows",
    "import": "import ≤ 1.5× calamine's raw read",
    "print": "printing ≤ 1.5× reportlab's plain pages",
    "check": "check over 100,000 applications ≤ 5 s",
    "save": "one save at 100,000 applications: what the edit can affect, not the campaign",
    "screens": "every screen's first visit at 100,000 applications (no target of its own: "
               "the register view's opening is the nearest)",
    "forms": "a new paper's form opened at 100,000 applications (first and again) and its "
             "re-check after a pause in typing (no target of its own: the register view's "
             "opening and a keystroke are the nearest)",
    "history": "ten years of history, the same applications dealt over ten campaigns: the "
               "newest year's keystroke ≤ 50 ms, its view and its slowest screen",
    "memory": "memory at 100,000 rows ≤ 2× what the rows take as Python objects",
    "lists": "the searched lists of 拨付, 专家评审 (资格审核) and 公示 at 100,000 applications, "
             "and 拨付 at 100,000 payment lines: a keystroke ≤ 50 ms, the first search after "
             "opening the screen too (no target for the opening: the register view's is nearest)",
}


# -- running a process --------------------------------------------------------------
@dataclass
class Run:
    seconds: float  # wall time of the whole process, start to exit
    result: dict = field(default_factory=dict)  # the probe's JSON line

    @property
    def rss_mb(self) -> float:
        """Peak resident memory of the process."""
        return float(self.result["peak_mb"])


class ProbeFailed(RuntimeError):
    pass


def spawn(args: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Run ``python ARGS`` to the end: wall time and the last stdout line as JSON."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        code = subprocess.call([PY, *args], stdout=out, stderr=err, cwd=cwd,
                               env={**os.environ, "PYTHONPATH": OWN_PATH, **(env or {})})
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    lines = stdout.strip().splitlines()
    if code != 0 or not lines or not lines[-1].startswith("{"):
        tail = " | ".join(stderr.strip().splitlines()[-6:])
        raise ProbeFailed(f"{' '.join(args[:4])} exited {code}: {tail}")
    return Run(seconds, json.loads(lines[-1]))


def probe(name: str, *args: str, env: dict[str, str] | None = None) -> Run:
    return spawn([str(Path(__file__).resolve()), "--probe", name, *args], env=env)


def start_probe(kind: str, *args: str, env: dict[str, str] | None = None) -> Run:
    """probe_start.py: imports nothing of its own before the window shows."""
    return spawn([str(HERE / "probe_start.py"), kind, repr(time.time()), *args], env=env)


def alternated(times: int, *fns: Callable[[], Run]) -> list[list[Run]]:
    """Each of ``fns`` run ``times`` times, taking turns (a figure, its baseline, a figure…):
    a busy moment of a noisy machine then slows both alike instead of one block of runs."""
    runs: list[list[Run]] = [[] for _ in fns]
    for _ in range(times):
        for fn, out in zip(fns, runs, strict=True):
            out.append(fn())
    return runs


def median(values: list[float]) -> float:
    return statistics.median(values)


# -- output -------------------------------------------------------------------------
def line(name: str, value: float, unit: str, base: float) -> str:
    ratio = value / base if base else float("inf")
    digits = 1 if unit in ("MB", "ms") else 3
    return f"{name} {value:.{digits}f} {unit} baseline {base:.{digits}f} ratio {ratio:.2f}"


def na(name: str, reason: str) -> str:
    return f"{name} n/a {reason}"


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def missing(module: str) -> str | None:
    """Why the code a figure measures cannot run yet, or None when it is there."""
    try:
        found = importlib.util.find_spec(module)
    except ModuleNotFoundError:
        found = None
    return None if found else f"{module} not there yet"


def size_label(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


# -- the figures --------------------------------------------------------------------
@dataclass
class Context:
    cache: Path
    work: Path  # a scratch folder, removed at the end
    repeat: int
    large: int
    qt_platform: str = "offscreen"
    display: str | None = None  # an Xvfb display when qt_platform is xcb

    def register(self, n: int) -> Path:
        import generate

        t = time.perf_counter()
        path = generate.cached_register(n, self.cache)
        if time.perf_counter() - t > 1:
            say(f"  generated {path.name} in {time.perf_counter() - t:.1f} s")
        return path

    def qt_env(self, home: Path) -> dict[str, str]:
        """Environment of a Qt process: the display, and settings (the operator's name)
        kept in ``home`` so that no dialog asks for it and the user's own are untouched."""
        config = home / "config"
        conf = config / "BoostDesk" / "BoostDesk.conf"
        if not conf.exists():
            conf.parent.mkdir(parents=True, exist_ok=True)
            conf.write_text("[operator]\nname=基准\n", encoding="utf-8")
        env = {"XDG_CONFIG_HOME": str(config), "BOOSTDESK_DATA": str(home / "data"),
               "QT_QPA_PLATFORM": self.qt_platform}
        if self.display:
            env["DISPLAY"] = self.display
        return env

    def copy(self, path: Path, name: str) -> Path:
        target = self.work / name
        shutil.copyfile(path, target)
        return target


def figure_check(ctx: Context) -> list[str]:
    """5: ``boostdesk check`` over the large register, against fetching its rows as tuples."""
    label = size_label(ctx.large)
    name = f"check_{label}"
    db = ctx.copy(ctx.register(ctx.large), f"check-{ctx.large}.db")
    report = ctx.work / "check-report.txt"
    runs, base = alternated(
        ctx.repeat,
        lambda: probe("cli", str(report), "check", "--db", str(db), "--operator", "基准"),
        lambda: probe("rows", str(db)))
    return [
        line(name, median([r.seconds for r in runs]), "s", median([b.seconds for b in base])),
        # both processes' peaks added up, as if they had come at the same moment
        line(f"{name}_peak_rss", max(r.rss_mb + r.result["children_peak_mb"] for r in runs), "MB",
             max(b.rss_mb for b in base)),
    ]


def figure_import(ctx: Context) -> list[str]:
    """3: importing a 10,000-row summary table, against python-calamine merely reading it."""
    reason = missing("boostdesk.io.importer")
    label = size_label(TABLE_ROWS)
    if reason:
        return [na(f"import_{label}", reason)]
    import generate

    t = time.perf_counter()
    table = generate.cached_table(TABLE_ROWS, ctx.cache)
    if time.perf_counter() - t > 1:
        say(f"  generated {table.name} in {time.perf_counter() - t:.1f} s")
    runs, floor, base, judged, window = alternated(
        ctx.repeat,
        lambda: probe("import", str(table), str(ctx.work)),
        lambda: probe("import_floor", str(table), str(ctx.work)),
        lambda: probe("calamine", str(table)),
        lambda: probe("import_verdicts", str(table), str(ctx.work)),
        lambda: probe("import_window", str(table), str(ctx.work)))
    raw = median([b.result["seconds"] for b in base])
    return [
        line(f"import_{label}", median([r.result["seconds"] for r in runs]), "s", raw),
        line(f"import_read_{label}", median([r.result["read_seconds"] for r in runs]), "s", raw),
        line(f"import_floor_{label}", median([r.result["seconds"] for r in floor]), "s", raw),
        # the preview's 导入后资格 (on its reading worker, after the read): not in import_10k
        line(f"import_preview_verdicts_{label}", median([r.result["seconds"] for r in judged]),
             "s", raw),
        # the window's import as the clerk meets it: the preview (read, compared, judged),
        # then 导入 (stored with the preview's verdicts while nothing was written since)
        line(f"import_preview_commit_{label}", median([r.result["seconds"] for r in window]),
             "s", raw),
        line(f"import_{label}_peak_rss", max(r.rss_mb for r in runs), "MB",
             max(b.rss_mb for b in base)),
    ]


def figure_print(ctx: Context) -> list[str]:
    """4: printing 1,000 approval sheets, against reportlab drawing 1,000 plain pages."""
    reason = missing("boostdesk.printing.approval")
    label = size_label(SHEETS)
    if reason:
        return [na(f"print_{label}", reason)]
    db = ctx.register(OFFICE)
    runs, base = alternated(ctx.repeat, lambda: probe("print", str(db), str(ctx.work)),
                            lambda: probe("plain_pages", str(ctx.work)))
    pages = {r.result["pages"] for r in runs}
    if pages != {SHEETS}:
        return [na(f"print_{label}", f"printed {sorted(pages)} pages, not {SHEETS}")]
    return [
        line(f"print_{label}", median([r.result["seconds"] for r in runs]), "s",
             median([b.result["seconds"] for b in base])),
        line(f"print_{label}_peak_rss", max(r.rss_mb for r in runs), "MB",
             max(b.rss_mb for b in base)),
    ]


def figure_start(ctx: Context) -> list[str]:
    """1: cold start to the main window shown on the large register, against a bare window."""
    label = size_label(ctx.large)
    reason = missing("boostdesk.ui.app") or missing("boostdesk.ui.main_window")
    if reason:
        return [na(f"start_{label}", reason)]
    source = ctx.register(ctx.large)

    def app_run() -> Run:
        # a fresh copy each time: the app takes a lock and a start-up backup beside it
        folder = Path(tempfile.mkdtemp(dir=ctx.work))
        db = folder / "register.db"
        shutil.copyfile(source, db)
        run = start_probe("app", str(db), env=ctx.qt_env(folder))
        shutil.rmtree(folder, ignore_errors=True)
        return run

    compile_bytecode()
    # A start is short (≈ 0.2 s) and moves by ± 0.05 s from one to the next on a busy
    # machine: five times the turns (≈ 1 s a pair) for a median that holds still.
    runs, base = alternated(ctx.repeat * START_TURNS, app_run,
                            lambda: start_probe("bare", env=ctx.qt_env(ctx.work)))
    bare = median([b.result["shown"] for b in base])
    return [
        line(f"start_{label}", median([r.result["shown"] for r in runs]), "s", bare),
        line(f"start_ready_{label}", median([r.result["ready"] for r in runs]), "s", bare),
        line(f"start_{label}_peak_rss", max(r.rss_mb for r in runs), "MB",
             max(b.rss_mb for b in base)),
    ]


def compile_bytecode() -> None:
    """Compile boostdesk's modules as an installation does: a start measured while Python
    compiled every module from source (PYTHONDONTWRITEBYTECODE, a fresh checkout) would
    time the compiler (≈ 60 ms), which an installed or packaged BoostDesk never runs."""
    import compileall

    compileall.compile_dir(str(ROOT / "boostdesk"), quiet=1)


def figure_search(ctx: Context) -> list[str]:
    """2: one search keystroke and one filter change in the register view (median and worst
    of 50), and opening the view, on the large register."""
    label = size_label(ctx.large)
    reason = missing("boostdesk.ui.register_screen")
    if reason:
        return [na(f"search_key_{label}", reason)]
    db = ctx.register(ctx.large)
    runs, base = alternated(
        ctx.repeat,
        lambda: probe("view", str(db), str(ctx.work), env=ctx.qt_env(ctx.work)),
        lambda: probe("bare_table", str(db), env=ctx.qt_env(ctx.work)))

    def ms(key: str, how: Callable[[list[float]], float]) -> float:
        return median([how(r.result[key]) * 1000 for r in runs])

    return [
        line(f"search_key_median_{label}", ms("keys", statistics.median), "ms",
             ms("keys_sql", statistics.median)),
        line(f"search_key_worst_{label}", ms("keys", max), "ms", ms("keys_sql", max)),
        line(f"filter_median_{label}", ms("filters", statistics.median), "ms",
             ms("filters_sql", statistics.median)),
        line(f"filter_worst_{label}", ms("filters", max), "ms", ms("filters_sql", max)),
        line(f"view_open_{label}", median([r.result["open"] for r in runs]), "s",
             median([b.result["open"] for b in base])),
        line(f"view_{label}_peak_rss", max(r.rss_mb for r in runs), "MB",
             max(b.rss_mb for b in base)),
    ]


def figure_save(ctx: Context) -> list[str]:
    """One save at the large register: a clerk corrects the patent number of one application
    (in the middle of a single campaign holding all of them) and saves, through the intake
    desk's own path (``ui.operations.save_application``: the save, the re-check of what it
    can affect and the undo entry, in one committed transaction).

    Baseline: the same change as one plain ``UPDATE`` of that row and its ``COMMIT``, over
    a connection with the register's settings (WAL, synchronous=NORMAL), in a fresh process
    of its own. It is the floor of any save: one row rewritten durably, without the audit
    trail, the person lookup or the rules. Both start timing once the register is open (the
    app has it open when the clerk saves) and stop after the commit; each run saves into a
    fresh copy of the register, as a first save after opening it.

    And a project's save (``save_project_…``): the middle project application's title
    corrected (the year's papers of its old and new title read for the one-title-two-studios
    提示), against the plain ``UPDATE`` of its title."""
    label = size_label(ctx.large)
    reason = missing("boostdesk.ui.operations")
    if reason:
        return [na(f"save_{label}", reason)]
    source = ctx.register(ctx.large)

    def fresh(kind: str) -> Run:
        db = ctx.copy(source, f"save-{ctx.large}.db")
        try:
            return probe(kind, str(db), str(ctx.work), env={"QT_QPA_PLATFORM": "offscreen"})
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)

    runs, base, project, project_base = alternated(
        ctx.repeat, lambda: fresh("save"), lambda: fresh("plain_update"),
        lambda: fresh("save_project"), lambda: fresh("plain_project_update"))
    # No peak-memory line: the save holds no more than the window does, and a bare
    # sqlite3 process is no baseline for that.
    return [line(f"save_{label}", median([r.result["seconds"] * 1000 for r in runs]), "ms",
                 median([b.result["seconds"] * 1000 for b in base])),
            line(f"save_project_{label}", median([r.result["seconds"] * 1000 for r in project]),
                 "ms", median([b.result["seconds"] * 1000 for b in project_base]))]


def _screens_on_copy(ctx: Context, source: Path) -> Run:
    """The screens probe on a copy of ``source``: opening the window may write (the
    operator, a migration), and each run should find the register as generated."""
    db = ctx.copy(source, f"screens-{source.name}")
    try:
        return probe("screens", str(db), str(ctx.work), env=ctx.qt_env(ctx.work))
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)


def figure_screens(ctx: Context) -> list[str]:
    """Each screen of the main window visited for the first time on the large register (the
    screen built from the register and painted), against the bare table the register view's
    opening is measured against; and the window's memory once every screen is built."""
    label = size_label(ctx.large)
    reason = missing("boostdesk.ui.main_window")
    if reason:
        return [na(f"screens_{label}", reason)]
    source = ctx.register(ctx.large)
    runs, base = alternated(ctx.repeat, lambda: _screens_on_copy(ctx, source),
                            lambda: probe("bare_table", str(source), env=ctx.qt_env(ctx.work)))
    bare = median([b.result["open"] for b in base])
    return [
        *(line(f"screen_{key}_{label}", median([r.result[key] for r in runs]), "s", bare)
          for key in SCREEN_KEYS.values() if key in runs[0].result),
        line(f"screens_{label}_peak_rss", max(r.rss_mb for r in runs), "MB",
             max(b.rss_mb for b in base)),
    ]


def figure_forms(ctx: Context) -> list[str]:
    """A new paper's form on the large register, opened (Ctrl+N) the first time and again,
    and a stored paper's (Enter on a row) the first time and again, against the bare table;
    the first Ctrl+N also in a window whose forms were warmed as ``boostdesk gui`` warms
    them once its first screen has painted (``ui.form_warmup``); its live re-check with a
    known person's or studio's paper typed, against reading that one application back by id."""
    label = size_label(ctx.large)
    reason = missing("boostdesk.ui.entry_form")
    if reason:
        return [na(f"forms_{label}", reason)]
    source = ctx.register(ctx.large)

    def forms(warm: str) -> Callable[[], Run]:
        return lambda: probe("forms", str(ctx.copy(source, f"forms-{source.name}")),
                             str(ctx.work), warm, env=ctx.qt_env(ctx.work))

    runs, warmed, base = alternated(
        ctx.repeat, forms("0"), forms("1"),
        lambda: probe("bare_table", str(source), env=ctx.qt_env(ctx.work)))
    bare = median([b.result["open"] for b in base])
    out = []
    for stream in ("patent", "project"):
        for turn in ("first", "again"):
            out.append(line(f"form_{stream}_open_{turn}_{label}",
                            median([r.result[f"{stream}_open_{turn}"] for r in runs]), "s", bare))
        out.append(line(f"form_{stream}_open_first_warmed_{label}",
                        median([r.result[f"{stream}_open_first"] for r in warmed]), "s", bare))
        for turn in ("first", "again"):
            out.append(line(f"form_{stream}_edit_{turn}_{label}",
                            median([r.result[f"{stream}_edit_{turn}"] for r in runs]), "s", bare))
        for how, fn in (("median", statistics.median), ("worst", max)):
            out.append(line(f"form_{stream}_recheck_{how}_{label}",
                            median([fn(r.result[f"{stream}_recheck"]) * 1000 for r in runs]), "ms",
                            median([fn(r.result[f"{stream}_read"]) * 1000 for r in runs])))
    return out


def figure_history(ctx: Context) -> list[str]:
    """The large register as IT staff load it: its applications dealt over ten campaigns
    (``generate.cached_history_register``), each re-checked; the window opens on the newest
    year. Its register view (keystrokes, opening) and the slowest of the screens' first
    visits, against the same baselines as ``search`` and ``screens``."""
    import generate

    label = size_label(ctx.large)
    reason = missing("boostdesk.ui.main_window")
    if reason:
        return [na(f"history_{label}", reason)]
    t = time.perf_counter()
    source = generate.cached_history_register(ctx.large, ctx.cache)
    if time.perf_counter() - t > 1:
        say(f"  made {source.name} in {time.perf_counter() - t:.1f} s")

    views, visits, base = alternated(
        ctx.repeat,
        lambda: probe("view", str(source), str(ctx.work), env=ctx.qt_env(ctx.work)),
        lambda: _screens_on_copy(ctx, source),
        lambda: probe("bare_table", str(source), env=ctx.qt_env(ctx.work)))
    slowest = [max(r.result.items(), key=lambda kv: kv[1] if kv[0] != "peak_mb" else -1)
               for r in visits]
    say(f"  slowest screen: {', '.join(f'{k} {v:.2f} s' for k, v in slowest)}")

    def ms(key: str, how: Callable[[list[float]], float]) -> float:
        return median([how(r.result[key]) * 1000 for r in views])

    bare = median([b.result["open"] for b in base])
    return [
        line(f"history_search_key_median_{label}", ms("keys", statistics.median), "ms",
             ms("keys_sql", statistics.median)),
        line(f"history_search_key_worst_{label}", ms("keys", max), "ms", ms("keys_sql", max)),
        line(f"history_view_open_{label}", median([r.result["open"] for r in views]), "s", bare),
        line(f"history_screen_slowest_{label}", median([v for _, v in slowest]), "s", bare),
        line(f"history_{label}_peak_rss", max(r.rss_mb for r in (*views, *visits)), "MB",
             max(b.rss_mb for b in base)),
    ]


# (figure name, screen, payment lines made up to as many as the large register's
# applications (else its own), seconds between the screen painted and the first keystroke)
LIST_SCREENS = (
    ("payments", "payments", False, 0.0),
    ("qualification", "qualification", False, 0.0),
    ("publicity", "publicity", False, 0.0),
    ("payments_lines", "payments", True, 0.0),
    ("payments_lines_after_1s", "payments", True, 1.0),
)


def figure_lists(ctx: Context) -> list[str]:
    """The searched lists of the screens that filter their own rows (``row_search``): each
    screen opened on a copy of the large register (拨付 brings its payment plan up to
    date, so it writes), the first keystroke typed as soon as it is painted, then the 50
    keystrokes of ``search``, each timed to the repainted list; against the register
    view (专利助推, 80,000 patents, ``search_keys.Searcher``: the ``search`` figure) opened
    beside it in the same process, the same keystroke typed into its box after each and
    timed the same way. ``payments_lines``: 拨付 with its lines made up to as many
    as the register's applications, 100,000 (the register's lines, each given another application's inventor, number,
    title, union and enterprise: as many distinct texts as real ones), the scale of the
    field report (its opening reads the register's own 2,400 lines, then takes those
    made before the timing); ``…_after_1s``: its first keystroke a second after the
    screen painted (a clerk's Ctrl+F), and ``_stall`` the longest the window then left
    an event waiting (against the register view's worst keystroke). The opening is
    against the bare table of ``search`` and ``screens``."""
    label = size_label(ctx.large)
    reason = missing("boostdesk.ui.row_search")
    if reason:
        return [na(f"lists_{label}", reason)]
    source = ctx.register(ctx.large)

    def on_copy(screen: str, made_up: bool, wait: float) -> Callable[[], Run]:
        def run() -> Run:
            db = ctx.copy(source, f"lists-{source.name}")
            try:
                return probe("lists", str(db), str(ctx.work), screen,
                             str(ctx.large if made_up else 0), str(wait),
                             env=ctx.qt_env(ctx.work))
            finally:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
        return run

    runs = alternated(ctx.repeat, *(on_copy(*how) for _, *how in LIST_SCREENS),
                      lambda: probe("bare_table", str(source), env=ctx.qt_env(ctx.work)))
    bare = median([b.result["open"] for b in runs[-1]])
    out = []
    for (name, _screen, _made_up, wait), found in zip(LIST_SCREENS, runs, strict=False):
        shown = found[0].result["rows"]
        tag = f"{name}_{label}"
        say(f"  {name}: {shown} rows in the list")
        if not shown:
            out.append(na(f"{tag}_search", "the list is empty on this register"))
            out.append(line(f"{tag}_open", median([r.result["open"] for r in found]), "s", bare))
            continue

        def ms(key: str, how: Callable[[list[float]], float], runs: list[Run] = found) -> float:
            return median([how(r.result[key]) * 1000 for r in runs])

        out += [
            line(f"{tag}_search_first", ms("first", max), "ms", ms("first_base", max)),
            line(f"{tag}_search_key_median", ms("keys", statistics.median), "ms",
                 ms("keys_base", statistics.median)),
            line(f"{tag}_search_key_worst", ms("keys", max), "ms", ms("keys_base", max)),
            line(f"{tag}_open", median([r.result["open"] for r in found]), "s", bare),
        ]
        if wait:  # the longest the window did not answer meanwhile, against a keystroke's
            out.append(line(f"{tag}_stall", ms("stall", max), "ms", ms("keys_base", max)))
    return out


SCREEN_KEYS = {"专利助推": "patents", "创新项目": "projects", "工作室": "studios",
               "单位与人员": "people", "专家评审": "panel", "公示": "publicity", "拨付": "payments",
               "打印": "print", "设置": "settings", "待办": "todo"}


FIGURES: dict[str, Callable[[Context], list[str]]] = {
    "check": figure_check,
    "import": figure_import,
    "print": figure_print,
    "start": figure_start,
    "search": figure_search,
    "save": figure_save,
    "screens": figure_screens,
    "forms": figure_forms,
    "history": figure_history,
    "lists": figure_lists,
}


# -- probes: what runs inside the measured processes --------------------------------
def _peak_mb() -> float:
    """This process's peak resident memory in MB (its own, not its parent's)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for text in fh:
                if text.startswith("VmHWM:"):
                    return int(text.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def probe_cli(report: str, *argv: str) -> dict:
    """``boostdesk ARGV`` in this process, its stdout to ``report`` (as ``> report`` would)."""
    from contextlib import redirect_stdout

    from boostdesk.cli import main

    with open(report, "w", encoding="utf-8") as out, redirect_stdout(out):
        code = main(list(argv))
    if code:
        raise SystemExit(f"boostdesk {' '.join(argv)} exited {code}")
    return {"lines": sum(1 for _ in open(report, encoding="utf-8")),
            "children_peak_mb": _children_peak_mb()}


def _children_peak_mb() -> float:
    """The peak of the processes this one started (``rules.halves``' second process), once
    they have exited; 0 if none. On Linux a started process's figure is at least this one's
    size when it started it (small: the check starts it before reading)."""
    import multiprocessing
    import resource

    deadline = time.perf_counter() + 10
    while multiprocessing.active_children() and time.perf_counter() < deadline:
        time.sleep(0.01)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _all_rows(db: str) -> list[tuple]:
    import sqlite3

    from boostdesk.models.record_rows import PATENT_TABLES, PROJECT_TABLES

    conn = sqlite3.connect(db)
    rows = []
    # every column of each application, with the names and year it is shown with
    for select in (
            "SELECT a.*, c.year AS campaign_year, u.name AS unit_name, e.name AS enterprise_name,"
            " p.name AS inventor_name, p.id_number, p.phone FROM " + PATENT_TABLES,
            "SELECT a.*, c.year AS campaign_year, u.name AS unit_name, s.name AS studio_name,"
            " COALESCE(a.award_level, s.level) AS studio_level, s.model_studio,"
            " e.name AS enterprise_name FROM " + PROJECT_TABLES):
        rows.extend(conn.execute(select + " ORDER BY a.id").fetchall())
    conn.close()
    return rows


def probe_rows(db: str) -> dict:
    """Every application of the register as tuples: the floor under any check."""
    return {"rows": len(_all_rows(db))}


def probe_calamine(path: str) -> dict:
    import python_calamine as calamine

    start = time.perf_counter()
    wb = calamine.CalamineWorkbook.from_path(path)
    cells = wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": len(cells)}


def probe_import(path: str, work: str) -> dict:
    from boostdesk.io.import_commit import commit
    from boostdesk.io.importer import read_table
    from boostdesk.models import Register

    db = Path(tempfile.mkdtemp(dir=work)) / "import.db"
    reg = Register.open(db, operator="基准")
    start = time.perf_counter()
    preview = read_table(path, YEAR)
    read = time.perf_counter() - start
    ids = commit(reg, preview)
    seconds = time.perf_counter() - start
    reg.close()
    return {"seconds": seconds, "read_seconds": read, "rows": len(ids)}


def probe_import_verdicts(path: str, work: str) -> dict:
    """The verdicts the import preview shows for every row (``import_commit.judge_rows``:
    the import's own steps up to its verdicts, rolled back), the table read first."""
    from boostdesk.io.import_commit import judge_rows
    from boostdesk.io.importer import read_table
    from boostdesk.models import Register

    db = Path(tempfile.mkdtemp(dir=work)) / "verdicts.db"
    reg = Register.open(db, operator="基准")
    preview = read_table(path, YEAR)
    start = time.perf_counter()
    judged = judge_rows(reg, preview)
    seconds = time.perf_counter() - start
    reg.close()
    return {"seconds": seconds, "rows": len(judged)}


def probe_import_window(path: str, work: str) -> dict:
    """The import window's work for a table (``ui.import_dialog``): its reading worker's
    read and ``analyse`` (the register compared, each row's verdict judged), then 导入's
    ``commit`` of the rows to store, given the preview's judging (the window gives it while
    nothing was written since). The clerk's pause between the two is not counted."""
    from boostdesk.io.import_commit import commit
    from boostdesk.io.importer import read_table
    from boostdesk.models import Register
    from boostdesk.ui.import_dialog import analyse, to_store

    db = Path(tempfile.mkdtemp(dir=work)) / "window.db"
    reg = Register.open(db, operator="基准")
    start = time.perf_counter()
    found = analyse(reg, read_table(path, YEAR), False)
    previewed = time.perf_counter() - start
    stored = to_store(found.preview, found.duplicates, found.matches)
    judged = getattr(found, "judged", None)  # (a checkout before the preview's judging was kept)
    ids = commit(reg, stored, **({"judged": judged} if judged is not None else {}))
    seconds = time.perf_counter() - start
    reg.close()
    return {"seconds": seconds, "preview_seconds": previewed,
            "commit_seconds": seconds - previewed, "rows": len(ids)}


def probe_import_floor(path: str, work: str) -> dict:
    """The least any import into the register can do: calamine's read, then each row's
    person (by ID number) and its application (campaign, title, patent number) inserted
    with one executemany each, in one transaction. No column matching, no validation, no
    units, rules, history or audit: what is left above this is what the importer adds."""
    import sqlite3

    import python_calamine as calamine

    from boostdesk.models import Register

    db = Path(tempfile.mkdtemp(dir=work)) / "floor.db"
    Register.open(db, operator="基准").close()  # the same schema, indexes and campaign
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    campaign = conn.execute("SELECT id FROM campaigns WHERE year = ?", (YEAR,)).fetchone()[0]
    start = time.perf_counter()
    wb = calamine.CalamineWorkbook.from_path(path)
    rows = wb.get_sheet_by_index(0).to_python(skip_empty_area=False)[2:]  # title, header
    conn.execute("BEGIN")
    conn.executemany("INSERT OR IGNORE INTO people (name, id_number) VALUES (?, ?)",
                     [(r[6], r[7]) for r in rows])
    conn.executemany(
        "INSERT INTO patent_applications (campaign_id, title, patent_number, created_at,"
        " updated_at) VALUES (?, ?, ?, '', '')", [(campaign, r[3], r[4]) for r in rows])
    conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    conn.close()
    return {"seconds": seconds, "rows": len(rows)}


# a paper the intake desk still corrects freely: not approved or paid (a fact printed on
# an approved award's signed 审批表 changes only with a reason since stop 45)
_UNDECIDED = "status IN ('registered', 'qualified', 'refused', 'withdrawn')"


def _save_target(conn: Any) -> tuple[int, str]:
    """The application the save figure edits (the middle patent application) and the
    corrected patent number it gets (valid, and new to the register)."""
    from boostdesk.validate import patent_check_char

    app_id = conn.execute(f"SELECT id FROM patent_applications WHERE {_UNDECIDED} ORDER BY id"
                          " LIMIT 1 OFFSET (SELECT count(*) / 2 FROM patent_applications"
                          f" WHERE {_UNDECIDED})").fetchone()[0]
    digits = "202110999999"
    return app_id, f"ZL{digits}.{patent_check_char(digits)}"


def probe_save(db: str, work: str) -> dict:
    from dataclasses import replace

    from PySide6.QtCore import QCoreApplication, QSettings

    import boostdesk.ui.entry_checks  # noqa: F401 - the entry form's checks, open while editing
    from boostdesk.models import Register
    from boostdesk.ui import operations
    from boostdesk.ui.context import AppContext

    app = QCoreApplication([])  # the context's signals need an application, not a window
    settings = QSettings(str(Path(tempfile.mkdtemp(dir=work)) / "save.ini"),
                         QSettings.Format.IniFormat)
    reg = Register.open(db, operator="基准")
    ctx = AppContext(reg, settings=settings)
    app_id, number = _save_target(reg.conn)
    # The form checks the loaded record's ID as it opens (python-stdnum is imported at the
    # first ID checked): that import is the form's opening, not the save.
    from boostdesk.validate import ValidationError, check_resident_id

    try:
        check_resident_id(reg.patent(app_id).id_number)
    except ValidationError:
        pass
    start = time.perf_counter()
    edited = replace(reg.patent(app_id), patent_number_raw=number)  # the form, as loaded
    result = operations.save_application(ctx, edited)
    seconds = time.perf_counter() - start
    if not result.ok or reg.patent(app_id).patent_number != number:
        raise SystemExit(f"the save failed: {result}")
    reg.close()
    del app
    return {"seconds": seconds}


def probe_plain_update(db: str, work: str) -> dict:
    from boostdesk.models.register import open_connection

    conn = open_connection(db)
    app_id, number = _save_target(conn)
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE patent_applications SET patent_number_raw = ?, patent_number = ?"
                 " WHERE id = ?", (number, number, app_id))
    conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    conn.close()
    return {"seconds": seconds}


def _project_target(conn: Any) -> tuple[int, str]:
    """The application the project save edits (the middle project application) and the
    title it is corrected to (its own with （二期）: a title of the year's papers is read
    for the one it had and the one it gets)."""
    app_id, title = conn.execute(
        f"SELECT id, title FROM project_applications WHERE {_UNDECIDED} ORDER BY id LIMIT 1"
        f" OFFSET (SELECT count(*) / 2 FROM project_applications WHERE {_UNDECIDED})").fetchone()
    return app_id, f"{title}（二期）"


def probe_save_project(db: str, work: str) -> dict:
    """:func:`probe_save` of a project paper whose title the clerk corrects."""
    from dataclasses import replace

    from PySide6.QtCore import QCoreApplication, QSettings

    import boostdesk.ui.entry_checks  # noqa: F401 - the entry form's checks, open while editing
    from boostdesk.models import Register
    from boostdesk.ui import operations
    from boostdesk.ui.context import AppContext

    app = QCoreApplication([])
    settings = QSettings(str(Path(tempfile.mkdtemp(dir=work)) / "save.ini"),
                         QSettings.Format.IniFormat)
    reg = Register.open(db, operator="基准")
    ctx = AppContext(reg, settings=settings)
    app_id, title = _project_target(reg.conn)
    # The window builds the names' pinyin order after its first paint (ui.form_warmup): a
    # studio near a barred one is ranked by it, ≈ 0.16 s the first time in a process.
    from boostdesk import pinyin_order

    pinyin_order.table()
    start = time.perf_counter()
    edited = replace(reg.project(app_id), title=title)  # the form, as loaded
    result = operations.save_application(ctx, edited)
    seconds = time.perf_counter() - start
    if not result.ok or reg.project(app_id).title != title:
        raise SystemExit(f"the save failed: {result}")
    reg.close()
    del app
    return {"seconds": seconds}


def probe_plain_project_update(db: str, work: str) -> dict:
    from boostdesk.models.register import open_connection

    conn = open_connection(db)
    app_id, title = _project_target(conn)
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE project_applications SET title = ? WHERE id = ?", (title, app_id))
    conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    conn.close()
    return {"seconds": seconds}


def probe_print(db: str, work: str) -> dict:
    from boostdesk.models import Register
    from boostdesk.printing.approval import load_sheets, write_approval_pdf

    reg = Register.open(db, operator="基准")
    out = Path(tempfile.mkdtemp(dir=work)) / "sheets.pdf"
    start = time.perf_counter()
    sheets = load_sheets(reg, YEAR)[:SHEETS]
    pages = write_approval_pdf(out, sheets)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "pages": pages, "bytes": out.stat().st_size}


def probe_plain_pages(work: str) -> dict:
    """1,000 A4 pages in the same embedded TrueType font (WenQuanYi Micro Hei), each with
    as much text as an approval sheet (about 40 strings) drawn line by line: no table,
    no wrapping, no seal."""
    import generate
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    fake = generate.Faker(7)
    pages = []
    for i in range(1, SHEETS + 1):
        unit = generate.UNITS[i % len(generate.UNITS)][0]
        pairs = [
            ("专利名称", fake.patent_title()), ("专利号", f"ZL20191015{i:04d}.7"),
            ("授权公告日", "2021年4月4日"), ("第一发明人", fake.name()),
            ("联系电话", fake.phone()), ("身份证号", "110118********4694"),
            ("互助服务卡号", "6214 **** **** *** 2540"), ("所在单位", "北京航星水务有限公司"),
            ("推荐单位", unit), ("职务发明", "是"), ("一线职工", "是"), ("生产中应用", "是"),
            ("所属领域", "人工智能"), ("资格审核", "资格审核通过（2022年12月5日）"),
            ("核准助推金额", "¥3,000.00（人民币叁仟元整）"),
            ("资金分担", f"北京市总工会 ¥1,500.00；{unit} ¥1,500.00"),
            ("拨付方式", "核准后3个月内一次拨付至第一发明人工会会员互助服务卡"),
            ("所在单位工会意见：", "（盖章）　年　月　日"),
        ]
        pages.append(pairs)
    out = Path(tempfile.mkdtemp(dir=work)) / "plain.pdf"
    start = time.perf_counter()
    pdfmetrics.registerFont(TTFont("Plain", str(ROOT / "resources/fonts/wqy-microhei.ttc"),
                                   subfontIndex=0))
    c = Canvas(str(out), pagesize=A4)
    for i, pairs in enumerate(pages, start=1):
        c.setFont("Plain", 12)
        c.drawCentredString(A4[0] / 2, A4[1] - 50, "北京市总工会2022年职工创新助推计划")
        c.setFont("Plain", 20)
        c.drawCentredString(A4[0] / 2, A4[1] - 80, "职工创新发明专利助推审批表")
        c.setFont("Plain", 10.5)
        for k, (label, value) in enumerate(pairs):
            c.drawString(60, A4[1] - 120 - 24 * k, label)
            c.drawString(160, A4[1] - 120 - 24 * k, value)
        c.drawString(60, 40, f"第 {i} 页 共 {len(pages)} 页")
        c.showPage()
    c.save()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "pages": len(pages), "bytes": out.stat().st_size}


# -- probes of the Qt figures -----------------------------------------------------------
def _first_paint_watch(on_painted: Callable[[], None]) -> Any:
    """An application event filter calling ``on_painted`` once, after the first paint pass of
    a QMainWindow (or any top-level widget when none is a main window) has finished."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow, QWidget

    class Watch(QObject):
        done = False

        def __init__(self, main_window_only: bool) -> None:
            super().__init__()
            self.main_window_only = main_window_only

        def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
            if not self.done and event.type() == QEvent.Type.Paint and isinstance(obj, QWidget):
                window = obj.window()
                if isinstance(window, QMainWindow) or not self.main_window_only:
                    self.done = True
                    QTimer.singleShot(0, on_painted)  # after the whole paint pass
            return False

    return Watch


def _wait_painted(app: Any, watch: Any, limit: float = 30.0) -> None:
    start = time.perf_counter()
    while not watch.painted and time.perf_counter() - start < limit:
        app.processEvents()
    if not watch.painted:
        raise SystemExit("the view never painted")


def _painted_flag(app: Any) -> Any:
    class Flag:
        painted = False

    flag = Flag()
    watch = _first_paint_watch(lambda: setattr(flag, "painted", True))(False)
    app.installEventFilter(watch)
    flag.watch = watch  # type: ignore[attr-defined]
    return flag


# What a clerk types into the search box: Chinese through the input method (one committed
# character a keystroke), digits and letters of patent numbers, and Backspace.
BACK = "\b"
KEYSTROKES = (
    "张", "伟", BACK, BACK, "王", "芳", BACK, BACK,
    "z", "l", "2", "0", "1", "9", BACK, BACK, BACK, BACK, BACK, BACK,
    "北", "京", "华", "信", BACK, BACK, BACK, BACK,
    "焊", "缝", BACK, BACK, "海", "淀", BACK, BACK,
    "电", "池", "热", BACK, BACK, BACK, "1", "5", "4", BACK, BACK, BACK, "刘", BACK,
)


# Filter changes as a clerk makes them: pick a verdict, a status or a union, look, go back
# to all (index 0). 50 changes; the indexes are positions in each drop-down.
FILTER_CHANGES = tuple(
    change
    for unit in (3, 17, 29, 41, 52)
    for change in (("verdict", 1), ("verdict", 0), ("status", 1), ("status", 0),
                   ("unit", unit), ("unit", 0), ("verdict", 2), ("verdict", 0),
                   ("verdict", 3), ("verdict", 0))
)


def _type(screen: Any, key: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    box = screen.search
    box = getattr(box, "box", box)  # a ListSearch: its line edit
    if key == BACK:
        QTest.keyClick(box, Qt.Key.Key_Backspace)
    elif key.isascii():
        QTest.keyClick(box, key)
    else:  # what an input method delivers when the clerk picks a character
        event = QInputMethodEvent("", [])
        event.setCommitString(key)
        QApplication.sendEvent(box, event)


def _settle(screen: Any, app: Any) -> None:
    """Run the search the keystroke asked for now instead of after the screen's typing
    pause (the pause is a deliberate wait, not work), then let the view repaint."""
    timer = getattr(screen, "_timer", None)
    if timer is not None and timer.isActive():
        timer.stop()
        timer.timeout.emit()
    app.processEvents()


def probe_view(db: str, work: str) -> dict:
    """The 专利助推 register view on DB: time to open it, then 50 keystrokes in its search
    box and 50 filter changes, each timed to the repainted table, and the same searches
    as bare SQL (``queries.search_ids``) for comparison."""
    from PySide6.QtCore import QSettings

    from boostdesk.models import Register
    from boostdesk.ui import queries
    from boostdesk.ui.app import make_application
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.register_screen import PatentScreen

    app = make_application([])
    _no_waiting_dialogs()
    flag = _painted_flag(app)
    settings = QSettings(str(Path(tempfile.mkdtemp(dir=work)) / "view.ini"),
                         QSettings.Format.IniFormat)
    reg = Register.open(db, operator="基准")
    ctx = AppContext(reg, settings=settings)
    start = time.perf_counter()
    screen = PatentScreen(ctx)
    screen.resize(1366, 720)
    screen.show()
    _wait_painted(app, flag)
    opened = time.perf_counter() - start
    app.removeEventFilter(flag.watch)  # the probe's: it would see every event a keystroke makes

    # _type's own imports, loaded now: QtTest's first import (≈ 8 ms) is the probe's cost,
    # and it used to be timed as the first keystroke's, the worst of the 50.
    import PySide6.QtTest  # noqa: F401

    keys, keys_sql = [], []
    for key in KEYSTROKES:
        t = time.perf_counter()
        _type(screen, key)
        _settle(screen, app)
        keys.append(time.perf_counter() - t)
        t = time.perf_counter()
        queries.search_ids(reg, screen.spec, ctx.year, screen.filters())
        keys_sql.append(time.perf_counter() - t)
    screen.search.clear()
    _settle(screen, app)

    filters, filters_sql = [], []
    for name, index in FILTER_CHANGES:
        combo = getattr(screen, name)
        t = time.perf_counter()
        combo.setCurrentIndex(min(index, combo.count() - 1))
        _settle(screen, app)
        filters.append(time.perf_counter() - t)
        t = time.perf_counter()
        queries.search_ids(reg, screen.spec, ctx.year, screen.filters())
        filters_sql.append(time.perf_counter() - t)
    screen.close()
    reg.close()
    return {"open": opened, "keys": keys, "keys_sql": keys_sql, "filters": filters,
            "filters_sql": filters_sql, "rows_shown": screen.model.rowCount()}


def _made_up_lines(reg: Any, year: int, n: int) -> Callable[..., list]:
    """``payment_lines`` (as 拨付 looks it up) giving ``n`` lines for ``year``: the register's own, again
    and again, each copy another application's (inventor, number, title, union,
    enterprise). Made once, before the timing; the lines are still read each time."""
    from boostdesk.finance.payment_plan import sync_if_writable
    from boostdesk.finance.read_lines import payment_lines
    from boostdesk.models.record_rows import PATENT_TABLES

    real = payment_lines
    sync_if_writable(reg, year)
    own = real(reg, year)
    others = reg.conn.execute(
        "SELECT a.id, p.name, a.patent_number_raw, a.title, u.name, e.name FROM "
        + PATENT_TABLES + " ORDER BY a.id LIMIT ?", (n,)).fetchall()
    made = []
    new = object.__new__
    for k in range(n if own else 0):
        x = own[k % len(own)]
        app_id, name, number, title, unit, enterprise = others[k % len(others)]
        # dataclasses.replace's copy without its __init__ of 40 keywords (≈ 1.5 s of
        # each probe at 100,000 lines, before the timing): the same fields
        line = new(type(x))
        line.__dict__.update(x.__dict__, id=k + 1, app_id=app_id, payee=name or "",
                             ref=number or "", title=title or "", unit_name=unit or "",
                             enterprise_name=enterprise or "")
        made.append(line)

    def lines(*args: Any, **kwargs: Any) -> list:
        shown = real(*args, **kwargs)
        return made[:] if shown and args[1:2] == (year,) else shown

    return lines


def probe_lists(db: str, work: str, which: str, lines: str, wait: str = "0") -> dict:
    """One searched list on DB (``figure_lists``): the screen opened (seconds to painted),
    the first keystroke at once or after ``wait`` seconds of the window's own events (the
    longest of them: ``stall``), then the 50 keystrokes; each followed by the same
    keystroke in 专利助推's register view, opened beside it."""
    from PySide6.QtCore import QSettings

    from boostdesk.models import Register
    from boostdesk.ui.app import make_application
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.register_screen import PatentScreen

    app = make_application([])
    _no_waiting_dialogs()
    settings = QSettings(str(Path(tempfile.mkdtemp(dir=work)) / "lists.ini"),
                         QSettings.Format.IniFormat)
    reg = Register.open(db, operator="基准")
    ctx = AppContext(reg, settings=settings)
    if int(lines):
        from boostdesk.ui import payments_screen

        payments_screen.payment_lines = _made_up_lines(  # type: ignore[assignment]
            reg, ctx.year, int(lines))
    # imported before the timing, as the main window has them
    from boostdesk.ui.panel_screen import PanelScreen
    from boostdesk.ui.payments_screen import PaymentsScreen
    from boostdesk.ui.publicity_screen import PublicityScreen

    # the baseline: 专利助推's register view, opened beside it (not timed) before the
    # screen, its search memory read (a thread it starts at opening) to its end: that
    # thread, when the view was opened after the screen, ran through the screen's first
    # keystroke (stop 42: 80 ms, not the screen's own work: 21 ms once it had finished)
    view = PatentScreen(AppContext(reg, settings=settings))
    view.resize(1366, 720)
    view.show()
    app.processEvents()
    read_by = time.perf_counter() + 120
    while view.model._reading is not None and time.perf_counter() < read_by:
        app.processEvents()
        time.sleep(0.005)
    if view.model._reading is not None:
        raise SystemExit("the register view's search memory was not read in 120 s")

    flag = _painted_flag(app)
    start = time.perf_counter()
    if which == "payments":
        screen: Any = PaymentsScreen(ctx)
        model = screen.model
    elif which == "qualification":
        screen = PanelScreen(ctx)  # opens on 资格审核
        model = screen.qualification.model
    else:
        screen = PublicityScreen(ctx)
        model = screen.model
    screen.resize(1366, 720)
    screen.show()
    _wait_painted(app, flag)
    opened = time.perf_counter() - start
    app.removeEventFilter(flag.watch)
    import PySide6.QtTest  # noqa: F401 - _type's import, not the first keystroke's

    stall = 0.0
    idle = time.perf_counter() + float(wait)
    while time.perf_counter() < idle:  # a clerk's Ctrl+F: the window's own work goes on
        t = time.perf_counter()
        app.processEvents()
        stall = max(stall, time.perf_counter() - t)
        time.sleep(0.001)
    search = screen.search
    keys, keys_base = [], []
    for key in KEYSTROKES:
        t = time.perf_counter()
        _type(screen, key)
        _settle(search, app)
        keys.append(time.perf_counter() - t)
        t = time.perf_counter()
        _type(view, key)
        _settle(view, app)
        keys_base.append(time.perf_counter() - t)
    if search.box.text() != view.search.text():
        raise SystemExit(f"typed {view.search.text()!r}, the box holds {search.box.text()!r}")
    view.close()
    rows = len(model.all_rows)
    screen.close()
    reg.close()
    return {"open": opened, "rows": rows, "first": [keys[0]], "first_base": [keys_base[0]],
            "keys": keys[1:], "keys_base": keys_base[1:], "stall": [stall]}


def _no_waiting_dialogs() -> None:
    """A message box in a probe waits for an answer nobody gives (a screen that failed to
    build says so in one): the probe ends with the message instead of hanging."""
    from boostdesk.ui import dialogs

    def refuse(_parent: Any, title: str = "", *rest: Any, **_kw: Any) -> Any:
        text = next((r for r in rest if isinstance(r, str)), "")
        raise SystemExit(f"a dialog would wait for an answer: {title} {text}".strip())

    for name in ("show_error", "show_info", "ask_yes_no", "confirm_discard", "ask_text",
                 "ask_choice"):
        setattr(dialogs, name, refuse)


def _window_painted(db: str, work: str) -> tuple[Any, Any, Any]:
    """(the application, the register, the main window) on DB, the window shown at
    1366×768 and painted once, with settings of its own under WORK."""
    from PySide6.QtCore import QSettings

    from boostdesk.models import Register
    from boostdesk.ui.app import make_application
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.main_window import MainWindow

    app = make_application([])
    _no_waiting_dialogs()
    settings = QSettings(str(Path(tempfile.mkdtemp(dir=work)) / "window.ini"),
                         QSettings.Format.IniFormat)
    reg = Register.open(db, operator="基准")
    flag = _painted_flag(app)
    window = MainWindow(AppContext(reg, settings=settings))
    window.resize(1366, 768)
    window.show()
    _wait_painted(app, flag)
    app.removeEventFilter(flag.watch)
    return app, reg, window


def probe_screens(db: str, work: str) -> dict:
    """The main window on DB, then each screen visited in turn as a clerk first clicks
    through them: seconds from the click to the screen painted, by screen (not the one the
    window opens on: that is ``view_open``)."""
    from boostdesk.ui.main_window import SCREENS
    from boostdesk.ui.todo_reader import wait_read

    app, reg, window = _window_painted(db, work)
    times = {}
    for index, (label, *_rest) in enumerate(SCREENS):
        if index in window.screens:  # the first screen, built with the window (view_open)
            continue
        flag = _painted_flag(app)
        start = time.perf_counter()
        if window.show_screen(index) is None:
            raise SystemExit(f"the screen {label} did not open")
        _wait_painted(app, flag)
        times[SCREEN_KEYS[label]] = time.perf_counter() - start
        app.removeEventFilter(flag.watch)
        # 待办 painted at once, its list read in a thread: read before the next screen
        wait_read(window.screens[index])
    window.close()
    reg.close()
    return times


def probe_forms(db: str, work: str, warm: str = "0") -> dict:
    """On DB's window (its forms warmed first when WARM is "1", as ``boostdesk gui`` does):
    Ctrl+N on 专利助推 and 创新项目, twice each, then Enter on the list's first row twice
    (seconds to the form painted); then a form holding a copy of a stored paper (its
    person's or studio's facts, a number of its own) re-checked 20 times as after pauses in
    typing, against reading that paper back by id."""
    from dataclasses import replace

    app, reg, window = _window_painted(db, work)
    if warm == "1":
        from boostdesk.ui.form_warmup import warm_forms

        warmed: list[bool] = []
        warm_forms(window, done=lambda: warmed.append(True))
        while not warmed:
            app.processEvents()
            time.sleep(0.005)
    out: dict[str, Any] = {}

    def timed(key: str, open_form: Callable[[], Any]) -> None:
        flag = _painted_flag(app)
        start = time.perf_counter()
        form = open_form()
        _wait_painted(app, flag)
        out[key] = time.perf_counter() - start
        app.removeEventFilter(flag.watch)
        form.reject()
        app.processEvents()

    for index, stream in ((0, "patent"), (1, "project")):
        screen = window.show_screen(index)
        app.processEvents()
        for turn in ("first", "again"):
            timed(f"{stream}_open_{turn}", screen.new_item)
        screen.table.selectRow(0)
        for turn in ("first", "again"):
            timed(f"{stream}_edit_{turn}", screen.edit_current)
        app_id = reg.scalar(f"SELECT max(id) / 2 FROM {stream}_applications")
        stored = reg.application(stream, app_id)
        typed = (replace(stored, id=None, patent_number_raw="ZL202110999999.5")
                 if stream == "patent" else replace(stored, id=None, title="基准新项目"))
        form = screen.new_item()
        form._load(typed)
        checks, reads = [], []
        for _ in range(20):
            start = time.perf_counter()
            form.recheck()
            checks.append(time.perf_counter() - start)
            start = time.perf_counter()
            reg.application(stream, app_id)
            reads.append(time.perf_counter() - start)
        form._initial = form._snapshot()  # closed as typed: no "discard?" question to answer
        form.reject()
        out[f"{stream}_recheck"], out[f"{stream}_read"] = checks, reads
    window.close()
    reg.close()
    return out


def probe_bare_table(db: str) -> dict:
    """A bare QTableView of 200 rows × 10 columns of text (the view's first screenful),
    built and shown until painted, with the same application font — in a process that
    also holds every application of DB as tuples (the memory baseline: a window plus
    the rows as Python objects)."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    from boostdesk.ui.app import make_application

    rows = _all_rows(db)
    app = make_application([])
    flag = _painted_flag(app)
    import generate

    fake = generate.Faker(3)
    cells = [[fake.name(), fake.patent_title(), "北京市建设工会", "2021-04-04", "已登记", "合格",
              "ZL201910154870.7", "北京航星水务有限公司", "2022-10-20", str(i)]
             for i in range(200)]
    start = time.perf_counter()
    model = QStandardItemModel(200, 10)
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            model.setItem(r, c, QStandardItem(text))
    view = QTableView()
    view.setModel(model)
    view.resize(1366, 720)
    view.show()
    _wait_painted(app, flag)
    return {"open": time.perf_counter() - start, "rows": len(rows)}


PROBES: dict[str, Callable[..., dict]] = {
    "view": probe_view,
    "lists": probe_lists,
    "bare_table": probe_bare_table,
    "screens": probe_screens,
    "forms": probe_forms,
    "cli": probe_cli,
    "rows": probe_rows,
    "calamine": probe_calamine,
    "import": probe_import,
    "import_floor": probe_import_floor,
    "import_verdicts": probe_import_verdicts,
    "import_window": probe_import_window,
    "print": probe_print,
    "plain_pages": probe_plain_pages,
    "save": probe_save,
    "plain_update": probe_plain_update,
    "save_project": probe_save_project,
    "plain_project_update": probe_plain_project_update,
}


# -- main ---------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Measure BoostDesk against its baselines")
    p.add_argument("--quick", action="store_true", help="one run per figure (≤ 10 minutes)")
    p.add_argument("--only", help=f"comma-separated figures: {', '.join(FIGURES)}")
    p.add_argument("--repeat", type=int, help="runs per figure (default 1 quick, 3 full)")
    p.add_argument("--apps", type=int, default=LARGE, help="applications in the large register")
    p.add_argument("--cache", type=Path, default=CACHE, help="generated data folder")
    p.add_argument("--qt", choices=("auto", "xvfb", "offscreen"), default="auto",
                   help="where Qt windows show: a private Xvfb (auto: when installed) or "
                        "Qt's offscreen platform")
    p.add_argument("--probe", help=argparse.SUPPRESS)
    args, rest = p.parse_known_args(argv)
    if args.probe:
        result = PROBES[args.probe](*rest)
        result.setdefault("peak_mb", _peak_mb())
        print(json.dumps(result, ensure_ascii=False), flush=True)
        # Measured and reported: skip the interpreter's teardown, where PySide6 now and then
        # crashes freeing Qt objects (none_dealloc), which would lose a good measurement.
        os._exit(0)
    if rest:
        p.error(f"unrecognized arguments: {' '.join(rest)}")
    names = args.only.split(",") if args.only else list(FIGURES)
    unknown = [n for n in names if n not in FIGURES]
    if unknown:
        p.error(f"unknown figure {', '.join(unknown)}; known: {', '.join(FIGURES)}")
    repeat = args.repeat or (1 if args.quick else 3)
    started = time.perf_counter()
    args.cache.mkdir(parents=True, exist_ok=True)
    xvfb: subprocess.Popen | None = None
    with tempfile.TemporaryDirectory(prefix="boostdesk-bench-") as work:
        ctx = Context(args.cache, Path(work), repeat, args.apps)
        if {"start", "search", "history"} & set(names):
            use_xvfb = args.qt == "xvfb" or (args.qt == "auto" and shutil.which("Xvfb"))
            if use_xvfb:
                xvfb, ctx.display = start_xvfb()
                ctx.qt_platform = "xcb"
            say(f"Qt windows: {'Xvfb ' + ctx.display if ctx.display else 'offscreen'}")
        try:
            run_figures(ctx, names)
        finally:
            if xvfb is not None:
                xvfb.terminate()
                xvfb.wait(10)
    say(f"done in {time.perf_counter() - started:.0f} s")
    return 0


def start_xvfb() -> tuple[subprocess.Popen, str]:
    """A private X server for the Qt figures; the display it picked."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x900x24", "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as fh:
        number = fh.readline().strip()
    if not number:
        server.kill()
        raise SystemExit("Xvfb did not start; run with --qt offscreen")
    return server, f":{number}"


def run_figures(ctx: Context, names: list[str]) -> None:
    say(f"(every *_peak_rss line: {TARGETS['memory']})")
    for name in names:
        say(f"[{name}] {TARGETS.get(name, '')}")
        t = time.perf_counter()
        try:
            lines = FIGURES[name](ctx)
        except ProbeFailed as exc:
            lines = [na(name, f"failed: {exc}".replace("\n", " | "))]
        for text in lines:
            print(text, flush=True)
        say(f"  ({time.perf_counter() - t:.1f} s)")


if __name__ == "__main__":
    sys.exit(main())
