"""The ratings chart is read by people without JavaScript, CSS or sight: text must carry it all."""

import xml.etree.ElementTree as ET

import pytest

from factcheck.publishing.colours import valid_colour
from factcheck.publishing.rating_chart import rating_distribution_svg

SVG = "{http://www.w3.org/2000/svg}"
ROWS = [("True", "#2e7d32", 12), ("Half true", "#fa3", 3), ("False", "#c62828", 0)]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises if escaping ever produced malformed XML


def visible_texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_chart_is_an_accessible_image_with_title_and_description():
    root = parse(rating_distribution_svg(ROWS, "Our ratings in 2024"))
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Our ratings in 2024"
    assert desc.text == "15 verdicts by rating. True: 12, Half true: 3, False: 0."
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_labels_and_counts_are_visible_text():
    texts = visible_texts(parse(rating_distribution_svg(ROWS, "Ratings")))
    for label, _, count in ROWS:
        assert label in texts and str(count) in texts


def test_bars_scale_to_the_largest_count_and_zero_rows_still_show():
    rects = parse(rating_distribution_svg(ROWS, "Ratings")).findall(f".//{SVG}rect")
    widths = [int(r.get("width")) for r in rects]
    assert len(rects) == 3
    assert widths[0] > widths[1] > widths[2] == 0
    assert widths[1] == round(widths[0] * 3 / 12)


def test_labels_and_title_are_escaped():
    svg = rating_distribution_svg([('<script>x</script> & "q"', "#000", 1)], "</title><b>")
    assert "<script>" not in svg and "<b>" not in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "</title><b>"
    assert '<script>x</script> & "q"' in visible_texts(root)


@pytest.mark.parametrize("colour", ["red", "#12", "#1234567", 'x" onload="alert(1)', "url(#x)", ""])
def test_invalid_colours_fall_back_to_the_default(colour):
    svg = rating_distribution_svg([("True", colour, 2)], "Ratings")
    assert parse(svg).find(f".//{SVG}rect").get("fill") == valid_colour(None)
    assert "onload" not in svg


def test_short_hex_colours_are_kept():
    assert parse(rating_distribution_svg([("True", "#0A0", 2)], "R")).find(f".//{SVG}rect").get("fill") == "#00aa00"


def test_empty_input_says_so():
    root = parse(rating_distribution_svg([], "Ratings"))
    assert root.findall(f".//{SVG}rect") == []
    assert "No rated verdicts yet" in visible_texts(root)
    assert root.find(f"{SVG}desc").text == "No rated verdicts yet."


def test_two_charts_on_one_page_do_not_share_ids():
    first = parse(rating_distribution_svg(ROWS, "2023")).find(f"{SVG}title").get("id")
    second = parse(rating_distribution_svg(ROWS, "2024")).find(f"{SVG}title").get("id")
    assert first != second


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        rating_distribution_svg([("True", "#000", -1)], "Ratings")


def test_long_labels_are_shortened_but_described_in_full():
    label = "Mostly false but with important missing context"
    root = parse(rating_distribution_svg([(label, "#000", 1)], "Ratings"))
    assert label not in visible_texts(root)
    assert any(t.endswith("…") for t in visible_texts(root))
    assert label in root.find(f"{SVG}desc").text
