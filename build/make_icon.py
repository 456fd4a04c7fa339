"""Draw BoostDesk's application icon: resources/icons/boostdesk.png and boostdesk.ico.

A union-red rounded square, the character 助 (boost) in white from the shipped
WenQuanYi font, and a gold arrow rising from its lower right. Drawn with Pillow
(a reportlab dependency, so always installed); run it again only to change the
design: the PNG and ICO are committed.

    python build/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
RED = (200, 16, 46, 255)
GOLD = (255, 200, 40, 255)
WHITE = (255, 255, 255, 255)
SIZE = 512  # drawn large, scaled down for each icon size
# Windows asks 16 and 32 at 100 %, 20 and 40 at 125 %, 24 and 48 at 150 %, 32 and 64 at 200 %
# (title bar and taskbar, Explorer): each drawn, not scaled by Windows from another.
ICO_SIZES = [(16, 16), (20, 20), (24, 24), (32, 32), (40, 40), (48, 48), (64, 64), (128, 128),
             (256, 256)]


def draw(size: int = SIZE) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    pad = size // 16
    d.rounded_rectangle((pad, pad, size - pad, size - pad), radius=size // 6, fill=RED)
    font = ImageFont.truetype(str(FONT), int(size * 0.58), index=0)
    box = d.textbbox((0, 0), "助", font=font)
    w, h = box[2] - box[0], box[3] - box[1]
    d.text(((size - w) / 2 - box[0] - size * 0.04, (size - h) / 2 - box[1] - size * 0.02), "助",
           font=font, fill=WHITE)
    # The rising arrow: a thick diagonal stroke and a triangular head.
    s = size / 512
    d.line((330 * s, 420 * s, 430 * s, 320 * s), fill=GOLD, width=int(34 * s))
    d.polygon([(455 * s, 290 * s), (455 * s, 380 * s), (365 * s, 290 * s)], fill=GOLD)
    return img


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    big = draw()
    big.resize((256, 256), Image.LANCZOS).save(ICONS / "boostdesk.png", optimize=True)
    big.save(ICONS / "boostdesk.ico", sizes=ICO_SIZES)
    print(f"wrote {ICONS / 'boostdesk.png'} and {ICONS / 'boostdesk.ico'}")


if __name__ == "__main__":
    main()
