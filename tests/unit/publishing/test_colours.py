"""Badge text is chosen by the contrast it really has (#111 or white), and colours that cannot reach
WCAG AA are known, so the admin can be warned."""
import itertools

from factcheck.publishing.colours import DARK_TEXT, LIGHT_TEXT, best_contrast, contrast, text_colour_on


def test_contrast_matches_wcag_reference_values():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48  # the classic just-fails-AA grey


def test_the_text_colour_is_the_more_readable_of_the_two_actually_drawn():
    steps = range(0, 256, 17)
    for red, green, blue in itertools.product(steps, steps, steps):
        colour = f"#{red:02x}{green:02x}{blue:02x}"
        chosen = text_colour_on(colour)
        other = LIGHT_TEXT if chosen == DARK_TEXT else DARK_TEXT
        assert contrast(colour, chosen) >= contrast(colour, other), colour


def test_the_missing_context_grey_reads_in_white_at_aa():
    # chosen against pure black it got #111 at 4.15:1 (axe-core's finding); against #111 white wins
    assert text_colour_on("#6e7781") == LIGHT_TEXT and best_contrast("#6e7781") >= 4.5


def test_some_mid_greys_reach_aa_with_neither():
    assert best_contrast("#777777") < 4.5
