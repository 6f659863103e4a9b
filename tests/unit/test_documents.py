"""Reading files into article drafts: formats, the date header, and every kind of bad file."""
from datetime import date

import pytest

from factcheck.documents import is_transcript, read_document, split_date_header
from factcheck.errors import ValidationError

LIMIT = 1_000_000


def test_date_header_becomes_the_published_date_and_leaves_the_body():
    published, body = split_date_header(" date 2023-01-20 The United States on Thursday said")
    assert published == date(2023, 1, 20)
    assert body == "The United States on Thursday said"


def test_a_date_header_that_is_not_a_date_is_refused():
    with pytest.raises(ValidationError, match="'2023-02-30' is not a date"):
        split_date_header("date 2023-02-30\nText.")


def test_plain_text_headline_becomes_the_title():
    draft = read_document("a.txt", b"date 2024-01-02\nBudget passes\n\nThe budget grew 4%.", LIMIT)
    assert (draft.title, draft.published_date) == ("Budget passes", date(2024, 1, 2))
    assert draft.body.startswith("Budget passes")


def test_markdown_heading_becomes_the_title_after_the_date_header():
    draft = read_document("a.md", b"date 2024-05-02\n# Waiting lists\n\nNobody waits 18 weeks.", LIMIT)
    assert draft.title == "Waiting lists" and draft.body == "Nobody waits 18 weeks."


def test_html_is_reduced_to_its_article_text():
    html = (b"<html><head><title>T | Site</title><script>alert(1)</script></head><body><nav>Home News</nav>"
            b"<article><h1>Curfew</h1><p>Crime fell <b>22%</b>.</p><p>Second paragraph.</p></article>"
            b"<footer>Subscribe</footer></body></html>")
    draft = read_document("page.html", html, LIMIT)
    assert draft.title == "Curfew"
    assert "Crime fell 22%." in draft.body and "Second paragraph." in draft.body
    assert "alert" not in draft.body and "Subscribe" not in draft.body and "Home News" not in draft.body


@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\t \n", "no text"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("latin1.txt", "Café society".encode("latin-1"), "not UTF-8"),
    ("big.txt", b"a" * (LIMIT + 1), "limit"),
    ("report.pdf", b"%PDF-1.7", r"only \.htm, \.html, .*\.txt.* files can be imported"),
    ("bad-date.txt", b"date 2024-13-01\nText.", "is not a date"),
])
def test_bad_files_are_refused_with_a_reason(name, data, message):
    with pytest.raises(ValidationError, match=message):
        read_document(name, data, LIMIT)


def test_utf8_with_bom_is_read():
    assert read_document("bom.txt", "\ufeffNo BOM here.".encode("utf-8"), LIMIT).body == "No BOM here."


def test_transcript_is_recognised_by_its_speaker_labels():
    assert is_transcript("MODERATOR: Welcome.\nHART: Thank you.\nMORALES: Thanks.")
    assert not is_transcript("The minister said: it is fine.")
