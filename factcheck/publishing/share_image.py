"""The 1200x630 PNG shown when a verdict is shared on social networks (og:image).

The rating travels with the link, so the card must show the rating and the claim legibly at
thumbnail size. It uses Pillow's built-in font so it needs no font files on the server, and it
is deterministic (same input, same bytes) so it can be cached and tested.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from factcheck.publishing.colours import text_colour_on, valid_colour

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
TEXT_WIDTH = WIDTH - 2 * MARGIN
BACKGROUND = "#ffffff"
INK = "#111827"
MUTED = "#4b5563"
CLAIM_SIZE, BADGE_SIZE, FOOTER_SIZE = 46, 44, 30
CLAIM_TOP, CLAIM_BOTTOM = 210, 520
LINE_SPACING = 1.3
ELLIPSIS = "…"

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=8)
def _font(size: int) -> Font:
    """Pillow's bundled font at `size` (Pillow >= 10.1 with FreeType); bitmap default otherwise."""
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # older Pillow or no FreeType: small, but never fails
        return ImageFont.load_default()


def _fits(font: Font, text: str, width: int) -> bool:
    return font.getlength(text) <= width


def _chop(font: Font, word: str, width: int) -> Iterator[str]:
    """Break a word wider than the line (a long URL) into pieces that fit."""
    piece = ""
    for char in word:
        if piece and not _fits(font, piece + char, width):
            yield piece
            piece = ""
        piece += char
    if piece:
        yield piece


def wrap(font: Font, text: str, width: int) -> list[str]:
    """Greedy word wrap by measured pixel width, not character count (the font is proportional)."""
    lines: list[str] = []
    current = ""
    for word in (piece for w in text.split() for piece in _chop(font, w, width)):
        candidate = f"{current} {word}" if current else word
        if _fits(font, candidate, width):
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def truncate_line(font: Font, line: str, width: int) -> str:
    """End a line with an ellipsis, dropping characters until it fits."""
    text = line.rstrip()
    while text and not _fits(font, text + ELLIPSIS, width):
        text = text[:-1].rstrip()
    return text + ELLIPSIS


def fit_lines(font: Font, text: str, width: int, max_lines: int) -> list[str]:
    """Wrapped lines, cut to `max_lines`; the last one ends with an ellipsis if text was lost."""
    lines = wrap(font, text, width)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    kept[-1] = truncate_line(font, kept[-1], width)
    return kept


def _draw_badge(draw: ImageDraw.ImageDraw, label: str, colour: str) -> None:
    """The rating in a coloured pill, with black or white text for contrast."""
    font = _font(BADGE_SIZE)
    text = fit_lines(font, label, TEXT_WIDTH - 56, 1)[0] if label.strip() else "Unrated"
    box = draw.textbbox((0, 0), text, font=font)
    right = MARGIN + (box[2] - box[0]) + 56
    draw.rounded_rectangle((MARGIN, MARGIN, right, MARGIN + 88), radius=18, fill=colour)
    draw.text((MARGIN + 28, MARGIN + 44), text, font=font, fill=text_colour_on(colour), anchor="lm")


def _draw_claim(draw: ImageDraw.ImageDraw, claim_text: str) -> None:
    """The claim in quotation marks, as many lines as fit between the badge and the footer."""
    font = _font(CLAIM_SIZE)
    line_height = round(CLAIM_SIZE * LINE_SPACING)
    max_lines = (CLAIM_BOTTOM - CLAIM_TOP) // line_height
    claim = " ".join(claim_text.split())
    lines = fit_lines(font, f"“{claim}”", TEXT_WIDTH, max_lines) if claim else []
    for index, line in enumerate(lines):
        draw.text((MARGIN, CLAIM_TOP + index * line_height), line, font=font, fill=INK)


def _draw_footer(draw: ImageDraw.ImageDraw, org_name: str, colour: str) -> None:
    """Who checked it, and a strip in the rating colour so the card reads at a glance."""
    font = _font(FOOTER_SIZE)
    name = " ".join(org_name.split())
    footer = fit_lines(font, f"Fact check by {name}" if name else "Fact check", TEXT_WIDTH, 1)[0]
    draw.text((MARGIN, HEIGHT - 64), footer, font=font, fill=MUTED, anchor="lm")
    draw.rectangle((0, HEIGHT - 16, WIDTH, HEIGHT), fill=colour)


def share_image_png(rating_label: str, colour: str, claim_text: str, org_name: str) -> bytes:
    """A 1200x630 PNG card: rating badge, the claim (wrapped, ellipsised), and the organisation."""
    badge_colour = valid_colour(colour)
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    _draw_badge(draw, rating_label, badge_colour)
    _draw_claim(draw, claim_text)
    _draw_footer(draw, org_name, badge_colour)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
