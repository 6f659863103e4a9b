"""Verdict bodies are written by people and read by the public: hostile input must render inert."""

import pytest

from factcheck.rendering.markdown import Citation, plain_text_excerpt, render_markdown, safe_url

SOURCES = [Citation(1, "https://stats.example.org/report", "Annual report"),
           Citation(2, "https://example.com/b", "Second source")]


def test_script_tag_is_shown_as_text_not_run():
    html = render_markdown("Hello <script>alert('x')</script> world")
    assert "<script" not in html
    assert "&lt;script&gt;" in html


def test_onerror_attribute_never_reaches_the_page():
    html = render_markdown('<img src=x onerror="alert(1)"> and <a href="#" onclick="x()">y</a>')
    assert "<img" not in html and "<a " not in html
    assert "&lt;img" in html


@pytest.mark.parametrize("target", [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "java&#9;script:alert(1)",
    "<java\tscript:alert(1)>",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(1)",
])
def test_dangerous_markdown_links_lose_their_href(target):
    html = render_markdown(f"[click me]({target})")
    assert "click me" in html
    assert "href" not in html


def test_safe_links_keep_href_and_get_rel():
    html = render_markdown("[report](https://example.org/r) and [mail](mailto:desk@example.org)")
    assert '<a href="https://example.org/r" rel="nofollow noopener">report</a>' in html
    assert 'href="mailto:desk@example.org"' in html


def test_relative_links_are_not_allowed():
    assert "href" not in render_markdown("[admin](/admin/users)")


def test_raw_html_block_is_escaped():
    html = render_markdown('<div style="position:fixed">overlay</div>\n\n<iframe src="https://e"></iframe>')
    assert "<div" not in html and "<iframe" not in html
    assert "&lt;div" in html and "&lt;iframe" in html


def test_citation_marker_links_to_its_source():
    html = render_markdown("Unemployment fell to 4% [1].", SOURCES)
    assert '<sup class="cite"><a href="#source-1" rel="nofollow noopener">[1]</a></sup>' in html


def test_unknown_citation_number_is_left_as_text():
    html = render_markdown("See [1] and [7].", SOURCES)
    assert "#source-1" in html
    assert "#source-7" not in html
    assert "[7]" in html


def test_citation_markers_in_code_and_real_links_are_left_alone():
    html = render_markdown("Use `[1]` literally, or [read [2]](https://example.com/x).", SOURCES)
    assert "<code>[1]</code>" in html
    assert "#source-2" not in html
    assert "#source-1" not in html


def test_nested_emphasis_renders():
    html = render_markdown("*we **strongly** disagree*")
    assert "<em>we <strong>strongly</strong> disagree</em>" in html


def test_headings_are_kept_below_the_page_headline():
    html = render_markdown("# Our ruling\n\n###### Detail")
    assert "<h1" not in html and "<h6" not in html
    assert "<h2>Our ruling</h2>" in html and "<h4>Detail</h4>" in html


def test_images_become_their_alt_text():
    html = render_markdown("![a chart of prices](https://tracker.example/pixel.png)")
    assert "<img" not in html and "a chart of prices" in html


@pytest.mark.parametrize("url", ["https://example.org/a?b=c", "http://example.org", "  https://example.org/x  "])
def test_safe_url_accepts_web_urls(url):
    assert safe_url(url) == url.strip()


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)",
    "data:text/html,<b>", "vbscript:msgbox", "//evil.example/x", "https:\\\\evil.example",
    "ftp://example.org/file", "https://", "/relative/path", "https://exa mple.org", "",
    "https://example.org/\x00", "http://[::1",
])
def test_safe_url_rejects_everything_else(url):
    assert safe_url(url) is None


def test_excerpt_drops_markup_and_citations():
    text = plain_text_excerpt("## Ruling\n\nThe **claim** is [false](https://x.org) [1].", 200)
    assert text == "Ruling The claim is false."


def test_excerpt_cuts_at_a_word_and_marks_the_cut():
    text = plain_text_excerpt("alpha beta gamma delta epsilon zeta", 20)
    assert text.endswith("…") and len(text) <= 20
    assert text == "alpha beta gamma…"


def test_excerpt_keeps_short_text_whole():
    assert plain_text_excerpt("Short and *sweet*.", 100) == "Short and sweet."
