"""单位与人员 at scale: counting each enterprise's people reads an index, not every person
(without one the screen took 43 s to open at 4,000 enterprises and 76,000 people)."""

from __future__ import annotations

from test_ui_support import answers, ctx, qsettings, window

__all__ = ["answers", "ctx", "qsettings", "window"]

ENTERPRISES, PEOPLE = 300, 3_000


def fill(reg) -> None:
    with reg.transaction():
        reg.conn.execute("INSERT INTO units (name) VALUES ('北京市建设工会')")
        reg.conn.executemany("INSERT INTO enterprises (name, unit_id) VALUES (?, 1)",
                             [(f"企业{i}",) for i in range(ENTERPRISES)])
        reg.conn.executemany(
            "INSERT INTO people (name, id_number, enterprise_id) VALUES (?, ?, ?)",
            [(f"职工{i}", f"ID{i:06d}", i % ENTERPRISES + 1) for i in range(PEOPLE)])


def test_the_people_screen_counts_heads_through_an_index(window, reg):
    fill(reg)
    screen = window.screen_named("单位与人员")
    steps = []
    reg.conn.set_progress_handler(lambda: steps.append(1), 1_000)  # every 1,000 VM steps
    try:
        screen.reload()
    finally:
        reg.conn.set_progress_handler(None, 0)
    heads = {screen.enterprises.text(r, 0): screen.enterprises.text(r, 3)
             for r in range(screen.enterprises.rowCount())}
    assert len(heads) == ENTERPRISES and heads["企业7"] == str(PEOPLE // ENTERPRISES)
    # a scan of every person for every enterprise is ≈ 4,500 rounds here; the index ≈ 100
    assert len(steps) < 1_000, len(steps)
