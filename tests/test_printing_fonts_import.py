"""The printing fonts module escapes a Paragraph's text without ``xml.sax.saxutils``: that
module imports ``urllib.request`` and ``http.client`` (≈ 25 ms), which the 打印 screen's
first visit paid for (0.06 → 0.15 s once nothing before it had imported them)."""

from __future__ import annotations

import subprocess
import sys
from xml.sax.saxutils import escape as sax_escape

from boostdesk.printing.fonts import escape


def test_importing_the_fonts_module_does_not_import_the_web_client():
    code = ("import sys, boostdesk.printing.fonts; "
            "print(sorted({'urllib.request', 'http.client'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_the_escape_is_sax_s():
    for text in ("", "a & b", "<font name=\"x\">", "R&D <研发> &amp; 1 > 0", "已&lt;转义"):
        assert escape(text) == sax_escape(text)
