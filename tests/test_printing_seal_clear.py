"""审批表: a held award's 注 keeps clear of the seal and of the name and date it is stamped
over (the seal's edge lay ≈ 4 mm over the right end of the 注's lines), the sheet one page."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_printing import page_count, pdf_text, squash
from test_printing_edges import approve_patent, approve_project, pdf_words

from boostdesk.printing.approval import (
    BOTTOM,
    RIGHT,
    SEAL_DIAMETER,
    load_sheets,
    write_approval_pdf,
)
from boostdesk.printing.common import A4, MM
from boostdesk.printing.samples import PRINTED_ON, YEAR

# where the office stamps: the seal's centre 38 mm in from the box's right and 25 mm above
# its foot, the federation box ending on the sheet's bottom margin
SEAL_X, SEAL_Y = RIGHT - 38 * MM, BOTTOM + 25 * MM
FINDING = "发明人与申报材料所列不一致，需补充说明并经所在单位工会盖章确认"
LONG_FEDERATION = "北京经济技术开发区总工会（亦庄新城产业工会联合会）"


def note_and_stamp(pdf, page: int, sheet, seal_left: float):
    """The 注's words on ``page`` (under its first word, above 经办人, beginning left of
    the seal: not the specimen seal's own lettering) and the words stamped over (the
    federation's name and the date, centred under the seal), each (x0, y0, x1, y1, text)."""
    day = sheet.app.approved_date
    words = pdf_words(pdf, page)
    top = min(w[1] for w in words if w[4].startswith("注："))
    foot = min(w[1] for w in words if w[4].startswith("经办人"))
    inside = [w for w in words if top <= w[1] and w[3] < foot]
    stamp = [w for w in inside if abs((w[0] + w[2]) / 2 - SEAL_X) < 1.5 and (
        w[4] in sheet.federation or w[4] == f"{day.year}年{day.month}月{day.day}日")]
    return [w for w in inside if w not in stamp and w[0] < seal_left], stamp


def overlaps(a, b, gap: float = 0.0) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("federation", ["", LONG_FEDERATION])
def test_a_held_awards_note_keeps_clear_of_the_seal_on_one_page(reg, tmp_path, federation):
    approve_patent(reg, 3000_00)
    approve_project(reg, 100_000_00)
    sheets = load_sheets(reg, YEAR)
    why = "；".join(f"第{k}条：{FINDING}" for k in range(1, 7))  # fills the box's room
    held = [replace(s, hold=why, **({"federation": federation} if federation else {}))
            for s in sheets]
    pdf = tmp_path / "held.pdf"
    assert write_approval_pdf(pdf, held, printed_on=PRINTED_ON) == page_count(pdf) == 2
    height = A4[1]
    r = SEAL_DIAMETER / 2
    # the seal's square (a scan's whatever its shape), top-down as pdftotext gives it: the
    # federation box ends on the sheet's bottom margin
    seal = (SEAL_X - r, height - (SEAL_Y + r), SEAL_X + r, height - (SEAL_Y - r))
    for page, sheet in enumerate(held, start=1):
        note, stamp = note_and_stamp(pdf, page, sheet, seal[0])
        # whole, on the sheet, no 附页
        shown = "".join(w[4] for w in sorted(note, key=lambda w: (round(w[1]), w[0])))
        assert shown == squash(f"注：{why}，暂缓拨付，待复核。")
        assert "附页" not in pdf_text(pdf, page)
        assert len(stamp) >= 2, "the name and the date under the seal"
        # beside the seal: at least a millimetre left of it, as of the name and the date
        beside = [w for w in note if w[1] < seal[3] and seal[1] < w[3]]
        assert beside, "the note reaches down beside the seal"
        assert [w[4] for w in note if overlaps(w, seal, 1 * MM)] == []
        assert [(w[4], s[4]) for w in note for s in stamp if overlaps(w, s, 1 * MM)] == []
        # and no narrower than it needs: the lines beside the seal come near it
        assert max(w[2] for w in beside) > seal[0] - (12 if not federation else 90) * MM
