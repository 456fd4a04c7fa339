"""The federation's seal on a printed sheet: the office's scan, or a drawn specimen.

The office supplies a scan of its seal (设置 → 印章图片, QSettings ``print/seal_image``; the
command line's ``--seal PATH``). A PNG with transparency is used as it is; a scan on white
paper has its paper made transparent here, so the seal never hides the name and date under
it. Until a scan is supplied, a seal is drawn from the federation's name — ring, five-point
star, the name along the arc — with 样章 (specimen) in large bold type where a real seal
carries its 专用章 line, so a sheet stamped with it can never pass for a stamped original.

The seal is printed in red with the Multiply blend mode, as ink: the black text beneath
stays readable. Each document holds the seal once (a form XObject or one image) however
many sheets it stamps.
"""

from __future__ import annotations

import io
import math
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .fonts import MAIN, font_runs, register_fonts

SEAL_RED = (0.86, 0.08, 0.10)
SPECIMEN_TEXT = "样章"
SEAL_SETTING = "print/seal_image"
FORM_NAME = "BoostDeskSpecimenSeal"


class SealImageError(ValueError):
    """The seal image cannot be used (message in Chinese)."""


@dataclass(frozen=True)
class Seal:
    """What to stamp: ``name`` is the federation's name; ``image`` the office's scan, if any."""

    name: str
    image: Path | None = None

    @property
    def specimen(self) -> bool:
        return self.image is None

    def stamp(self, canvas, cx: float, cy: float, diameter: float) -> None:  # noqa: ANN001
        """Stamp the seal centred on (cx, cy), ``diameter`` points across."""
        canvas.saveState()
        canvas.setBlendMode("Multiply")
        if self.image is not None:
            reader = _prepared_image(str(self.image), self.image.stat().st_mtime)
            w, h = reader.getSize()
            scale = diameter / max(w, h)
            canvas.drawImage(reader, cx - w * scale / 2, cy - h * scale / 2, w * scale,
                             h * scale, mask="auto")
        else:
            form = f"{FORM_NAME}{zlib.crc32(self.name.encode()):08x}"
            if not canvas.hasForm(form):
                canvas.beginForm(form, -60, -60, 60, 60)
                draw_specimen(canvas, 0, 0, 50, self.name)
                canvas.endForm()
            canvas.translate(cx, cy)
            canvas.scale(diameter / 100, diameter / 100)
            canvas.doForm(form)
        canvas.restoreState()


def load_seal_image(path: str | Path) -> Path:
    """Check that ``path`` is an image the seal can be printed from; return it."""
    p = Path(path)
    if not p.is_file():
        raise SealImageError(f"找不到印章图片：{p}")
    try:
        _prepared_image(str(p), p.stat().st_mtime)
    except Exception as exc:  # PIL raises a zoo of types for a bad file
        raise SealImageError(
            f"无法读取印章图片 {p.name}：请提供 PNG（透明背景最佳）或 JPG 扫描件"
        ) from exc
    return p


@lru_cache(maxsize=4)
def _prepared_image(path: str, mtime: float):  # noqa: ANN202 - reportlab ImageReader
    """The scan with white paper made transparent (a PNG's own transparency is kept)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    img: Image.Image = Image.open(path)
    img.load()
    has_alpha = img.mode in ("RGBA", "LA") or (img.mode == "P" and "transparency" in img.info)
    img = img.convert("RGBA")
    if not has_alpha:
        # Ink is where the scan is darker than the paper: alpha from the distance to white.
        r, g, b, _ = img.split()
        lightest = Image.merge("RGB", (r, g, b)).convert("L")
        alpha = lightest.point(lambda v: 0 if v > 235 else min(255, (255 - v) * 3))
        img.putalpha(alpha)
    bbox = img.getchannel("A").getbbox()
    if bbox is None:
        raise SealImageError("印章图片是空白的")
    img = img.crop(bbox)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    buf.seek(0)
    return ImageReader(buf)


def star_points(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    """The ten corners of a five-point star, one point straight up."""
    inner = outer * math.sin(math.radians(18)) / math.sin(math.radians(54))
    pts = []
    for i in range(10):
        r = outer if i % 2 == 0 else inner
        a = math.radians(90 + i * 36)
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def draw_specimen(canvas, cx: float, cy: float, radius: float,  # noqa: ANN001
                  name: str) -> None:
    """Draw the specimen seal: ring, star, ``name`` along the upper arc, 样章 below the star."""
    register_fonts()
    canvas.saveState()
    canvas.setStrokeColorRGB(*SEAL_RED)
    canvas.setFillColorRGB(*SEAL_RED)
    canvas.setLineWidth(radius * 0.07)
    canvas.circle(cx, cy, radius * 0.955, stroke=1, fill=0)

    path = canvas.beginPath()
    pts = star_points(cx, cy, radius * 0.25)
    path.moveTo(*pts[0])
    for p in pts[1:]:
        path.lineTo(*p)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)

    _arc_text(canvas, cx, cy, radius, name)

    # The specimen says so where a real seal carries its 专用章 line: 样章, large and bold.
    _centered(canvas, cx, cy - radius * 0.58, SPECIMEN_TEXT, radius * 0.30, bold=True)
    canvas.restoreState()


def _arc_text(canvas, cx: float, cy: float, radius: float, name: str) -> None:  # noqa: ANN001
    """``name`` along the upper arc, clockwise, each character upright to the centre."""
    chars = [c for c in name if not c.isspace()]
    if not chars:
        return
    text_radius = radius * 0.68
    span = math.radians(min(250, 60 + 26 * len(chars)))  # long names use more of the ring
    step = span / max(1, len(chars) - 1) if len(chars) > 1 else 0
    size = min(radius * 0.34, text_radius * step * 0.92 if step else radius * 0.34)
    start = math.pi / 2 + span / 2
    for i, ch in enumerate(chars):
        angle = start - i * step
        x = cx + text_radius * math.cos(angle)
        y = cy + text_radius * math.sin(angle)
        canvas.saveState()
        canvas.translate(x, y)
        canvas.rotate(math.degrees(angle) - 90)
        # Outer edge of the glyph towards the ring: baseline below, glyph rising outwards.
        _centered(canvas, 0, -size * 0.45, ch, size, bold=True)
        canvas.restoreState()


def _centered(canvas, x: float, y: float, text: str, size: float,  # noqa: ANN001
              bold: bool = False) -> None:
    runs = font_runs(text)
    width = sum(_width(f, run, size) for f, run in runs)
    t = canvas.beginText(x - width / 2, y)
    if bold:  # fill and stroke: the seal's engraved strokes are heavier than body text
        canvas.setLineWidth(size * 0.04)
        t.setTextRenderMode(2)
    for f, run in runs:
        t.setFont(f, size)
        t.textOut(run)
    canvas.drawText(t)


def _width(font: str, text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font or MAIN, size)


def default_seal(name: str, image: str | Path | None = None) -> Seal:
    """The seal to print: the scan at ``image`` when given, else the specimen."""
    return Seal(name=name, image=load_seal_image(image) if image else None)
