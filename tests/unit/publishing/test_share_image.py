"""The share card is what people see in a feed before they click: it must always render."""

import io

import pytest
from PIL import Image

from factcheck.publishing.share_image import CLAIM_SIZE, ELLIPSIS, _font, fit_lines, share_image_png

CLAIM = "Crime doubled in the city last year."


def open_png(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_output_is_a_1200x630_png():
    data = share_image_png("False", "#c62828", CLAIM, "The Desk")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = open_png(data)
    assert image.format == "PNG" and image.size == (1200, 630)


def test_same_input_gives_the_same_bytes():
    assert share_image_png("False", "#c62828", CLAIM, "The Desk") == share_image_png(
        "False", "#c62828", CLAIM, "The Desk")


def test_different_ratings_give_different_images():
    assert share_image_png("False", "#c62828", CLAIM, "The Desk") != share_image_png(
        "True", "#2e7d32", CLAIM, "The Desk")


def test_badge_is_painted_in_the_rating_colour():
    image = open_png(share_image_png("False", "#c62828", CLAIM, "The Desk")).convert("RGB")
    assert image.getpixel((70, 70)) == (0xC6, 0x28, 0x28)
    assert image.getpixel((600, 625)) == (0xC6, 0x28, 0x28)  # the strip along the bottom


def test_invalid_colour_falls_back_instead_of_failing():
    image = open_png(share_image_png("False", "javascript:red", CLAIM, "The Desk")).convert("RGB")
    assert image.getpixel((70, 70)) == (0x6B, 0x72, 0x80)


@pytest.mark.parametrize("claim", [
    "word " * 2000,
    "x" * 5000,
    "",
    "Emoji 🙂 and accents: éàü, and RTL: مرحبا",
])
def test_awkward_claims_still_render(claim):
    assert open_png(share_image_png("Misleading", "#fa3", claim, "O" * 300)).size == (1200, 630)


def test_long_text_is_cut_with_an_ellipsis():
    font = _font(CLAIM_SIZE)
    lines = fit_lines(font, "many words " * 200, 1072, 5)
    assert len(lines) == 5
    assert lines[-1].endswith(ELLIPSIS)
    assert all(font.getlength(line) <= 1072 for line in lines)


def test_short_text_is_not_cut():
    lines = fit_lines(_font(CLAIM_SIZE), CLAIM, 1072, 5)
    assert lines == [CLAIM]
