"""Images for the image tests: a sentence rendered with a TrueType font, and plain pictures."""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf")


def font(size: int = 40):
    for path in FONTS:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def sentence(text: str, size=None, fmt: str = "PNG") -> bytes:
    """`text` in black on white, as a screenshot of a post would have it (wide enough for the text)."""
    size = size or (int(font().getlength(text)) + 60, 220)
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).text((30, size[1] // 2 - 25), text, font=font(), fill="black")
    return encode(image, fmt)


def picture(seed: int = 1, size=(800, 600)) -> Image.Image:
    """A meme-like picture of coloured shapes (no text), different for each seed."""
    image = Image.new("RGB", size, ((seed * 70) % 256, (seed * 30) % 256, 160))
    draw = ImageDraw.Draw(image)
    for n in range(10):
        x, y = (n * 97 * seed) % size[0], (n * 61 * seed + 40) % size[1]
        draw.ellipse([x, y, x + 60 + (n * 23) % 200, y + 50 + (n * 37) % 180],
                     fill=((n * 50 + seed * 20) % 256, (n * 90) % 256, (seed * 45) % 256))
    return image


def encode(image: Image.Image, fmt: str = "PNG", **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def cropped_and_recompressed(image: Image.Image, share: float = 0.10, quality: int = 40) -> bytes:
    """`share` cut off the right side, saved again as a JPEG of `quality` (a re-post of a screenshot)."""
    kept = image.crop((0, 0, int(image.width * (1 - share)), image.height))
    return encode(kept.convert("RGB"), "JPEG", quality=quality)
