"""How fast the entry forms find a union's or enterprise's near name at 10,000 names.

    python benchmarks/near_names_trial.py [--names N] [--typed N]

The forms look the 推荐单位 and 所在单位 up at every pause in typing (``near_names.near``):
the target is a keystroke's ≤ 50 ms, all of it. Prints ``NAME VALUE UNIT baseline VALUE
ratio R`` lines, each against a plain scan of every name (``one_edit`` and ``in`` on each):

- ``near_build``: the index made from ``--names`` enterprise names (once a session, or when
  another BoostDesk wrote to the register);
- ``near_keystroke`` (median) and ``near_keystroke_max``: each prefix of ``--typed``
  names, every third one misspelt, looked up as they are typed;
- ``near_after_save``: the first look-up after a paper saved with a new enterprise into a
  register of ``--names`` enterprises (its name list taken forward, the index synced);
  the baseline is the same look-up again, nothing changed.

No Qt.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
for path in (HERE, HERE.parent):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from generate import Faker  # noqa: E402
from run import line  # noqa: E402

from boostdesk.near_names import ENTERPRISES, NameIndex, fold, near, one_edit  # noqa: E402

NAMES = 10_000
TYPED = 40


def names(n: int) -> list[str]:
    return Faker(7).enterprise_names(n)


def typed_names(known: list[str], n: int, seed: int = 3) -> list[str]:
    """``n`` names as clerks type them: every third with one character changed, every
    third new (a registered name with another city word), the rest as registered."""
    r = random.Random(seed)
    out = []
    for i in range(n):
        name = r.choice(known)
        if i % 3 == 0:
            at = r.randrange(2, len(name) - 2)
            name = name[:at] + "侧" + name[at + 1:]
        elif i % 3 == 1:
            name = name.replace("北京", "天津", 1)
        out.append(name)
    return out


def scan(known: list[str], typed: str) -> list[str]:
    """The baseline: every name compared in turn."""
    key = fold(typed)
    return [n for n in known if (f := fold(n)) != key
            and (one_edit(key, f) or (len(key) >= 2 and key in f))]


def ms(seconds: float) -> float:
    return seconds * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=NAMES)
    parser.add_argument("--typed", type=int, default=TYPED)
    args = parser.parse_args(argv)
    known = names(args.names)
    typed = typed_names(known, args.typed)

    start = time.perf_counter()
    index = NameIndex(enterprises=True).sync(known)
    build = time.perf_counter() - start
    start = time.perf_counter()
    for name in typed[:3]:
        scan(known, name)
    scanned = (time.perf_counter() - start) / 3
    print(line("near_build", ms(build), "ms", ms(scanned)))

    times = []
    for name in typed:
        for end in range(1, len(name) + 1):
            start = time.perf_counter()
            index.near(name[:end])
            times.append(time.perf_counter() - start)
    print(line("near_keystroke", ms(statistics.median(times)), "ms", ms(scanned)))
    print(line("near_keystroke_max", ms(max(times)), "ms", ms(scanned)))

    from boostdesk.models import Register
    from boostdesk.models.records import PatentApplication

    with tempfile.TemporaryDirectory() as folder:
        reg = Register.open(Path(folder) / "near.db", operator="基准")
        with reg.transaction():
            reg.conn.executemany("INSERT INTO enterprises (name) VALUES (?)",
                                 [(n,) for n in known])
        near(reg, ENTERPRISES, typed[0])  # the lists and the index made once
        reg.save_patent(PatentApplication(2022, title="一种扳手", enterprise_name="新企业有限公司"))
        start = time.perf_counter()
        after = near(reg, ENTERPRISES, typed[0])
        first = time.perf_counter() - start
        start = time.perf_counter()
        again = near(reg, ENTERPRISES, typed[0])
        steady = time.perf_counter() - start
        assert after == again
        assert "新企业有限公司" in index_names(reg)
        reg.close()
    print(line("near_after_save", ms(first), "ms", ms(steady)))
    return 0


def index_names(reg: object) -> set[str]:
    from boostdesk.near_names import index_of

    return index_of(reg, ENTERPRISES).names


if __name__ == "__main__":
    raise SystemExit(main())
