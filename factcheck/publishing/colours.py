"""Rating colours come from an admin form, so they are validated before they reach SVG or images."""

from __future__ import annotations

import re

DEFAULT_COLOUR = "#6b7280"  # neutral grey: a bad value must not make a rating look "true" or "false"
_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def valid_colour(colour: str | None, default: str = DEFAULT_COLOUR) -> str:
    """`colour` as lower-case #rrggbb if it is #rgb or #rrggbb, else `default` (never user junk)."""
    if not isinstance(colour, str) or not _HEX_COLOUR.fullmatch(colour.strip()):
        return default
    digits = colour.strip()[1:].lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return f"#{digits}"


def rgb(colour: str) -> tuple[int, int, int]:
    """The (r, g, b) of a colour, after validation."""
    digits = valid_colour(colour)[1:]
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _channel(value: int) -> float:
    scaled = value / 255
    return scaled / 12.92 if scaled <= 0.03928 else ((scaled + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance, used to pick readable text on a coloured badge."""
    red, green, blue = (_channel(v) for v in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


DARK_TEXT, LIGHT_TEXT = "#111111", "#ffffff"
AA_NORMAL_TEXT = 4.5


def contrast(one: str, other: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour_on(background: str) -> str:
    """The badge's text colour, #111111 or white, whichever has the higher WCAG contrast against
    `background` — measured against the #111111 actually drawn, not pure black."""
    return DARK_TEXT if contrast(background, DARK_TEXT) >= contrast(background, LIGHT_TEXT) else LIGHT_TEXT


def best_contrast(background: str) -> float:
    """The contrast the badge's text reaches on `background`: under 4.5 fails WCAG AA for normal text."""
    return contrast(background, text_colour_on(background))
