"""Uploaded HTML is read in one linear pass: big pages keep all their text, pathological nesting is
refused with a message instead of losing text or holding a worker."""
import pytest

from factcheck.documents import html_to_text, read_document
from factcheck.errors import ValidationError


def test_a_four_megabyte_page_keeps_every_paragraph():
    paragraphs = [f"<p>Crime rose by {n} percent in district {n}, the <b>minister</b> said.</p>" for n in range(50_000)]
    html = "<html><head><title>Crime</title></head><body><nav>Home</nav><article>" + "".join(paragraphs) + \
        "</article><footer>About us</footer></body></html>"
    title, body, _ = html_to_text(html)
    lines = body.split("\n\n")
    assert title == "Crime" and len(lines) == 50_000
    assert lines[49_999] == "Crime rose by 49999 percent in district 49999, the minister said."
    assert "Home" not in body and "About us" not in body


def test_deep_nesting_is_refused_with_a_reason_not_silently_emptied():
    html = "<html><body>" + "<div>" * 100_000 + "Crime rose." + "</div>" * 100_000 + "</body></html>"
    with pytest.raises(ValidationError, match="nests elements more than 1,000 levels deep"):
        read_document("page.html", html.encode(), 5 * 1024 * 1024)


def test_moderate_nesting_keeps_its_text():
    html = "<html><body>" + "<div>" * 500 + "Unemployment fell to 4 percent." + "</div>" * 500 + "</body></html>"
    assert html_to_text(html)[1] == "Unemployment fell to 4 percent."


def test_comments_scripts_and_an_empty_page():
    title, body, _ = html_to_text("<html><body><!-- secret --><script>alert(1)</script><p>Fact.</p></body></html>")
    assert body == "Fact." and title is None
    assert html_to_text("   ") == (None, "", None)
