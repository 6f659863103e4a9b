"""Adding articles from the desk: paste, upload, duplicates and bad input."""
import io

import pytest
from sqlalchemy import func, select

from factcheck.models import Article, Claim
from tests.conftest import ROOT

SEED = ROOT / "seeds" / "000_65ea208533dae351.txt"


def count(session, model):
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def test_pasted_article_lands_in_the_queue_as_new_claims(client, login, session):
    login("reviewer")
    page = client.post("/desk/articles/new", data={
        "title": "Deficit report", "outlet": "The Ledger", "url": "https://ledger.example/deficit",
        "published_date": "2024-04-01",
        "body": "The deficit grew by 4% in 2024, the treasury said. Spending on schools fell by $2 billion.",
    }, follow_redirects=True)
    assert page.status_code == 200 and "claims extracted" in page.text
    article = session.scalar(select(Article))
    assert (article.title, article.outlet, str(article.published_date)) == ("Deficit report", "The Ledger", "2024-04-01")
    claims = list(session.scalars(select(Claim).order_by(Claim.id)))
    assert claims and all(claim.status == "new" for claim in claims)
    for claim in claims:  # each keeps the sentence it was found in, at its place in the text, as it was
        original = claim.original
        assert (original.kind, original.article_id, original.url) == ("article", article.id, article.url)
        assert original.text == claim.text == article.body[original.span_start:original.span_end]
        assert original.appeared_on == article.published_date
    queue = client.get("/desk/")
    assert "The deficit grew by 4% in 2024" in queue.text and "Deficit report" in queue.text


def test_uploading_the_seed_article_uses_its_date_header(client, login, session):
    login("reviewer")
    page = client.post("/desk/articles/new", data={"file": (io.BytesIO(SEED.read_bytes()), SEED.name)},
                       content_type="multipart/form-data", follow_redirects=True)
    assert page.status_code == 200
    article = session.scalar(select(Article))
    assert str(article.published_date) == "2023-01-20"
    assert not article.body.lstrip().startswith("date ")
    assert count(session, Claim) >= 10


def test_the_same_text_twice_shows_the_existing_article(client, login, session):
    login("reviewer")
    data = {"title": "One", "body": "Unemployment fell to 3.9% in February, the office said."}
    first = client.post("/desk/articles/new", data=data)
    second = client.post("/desk/articles/new", data={**data, "title": "Two", "body": data["body"] + "\n  "},
                         follow_redirects=True)
    assert "already on the desk" in second.text
    assert second.request.path == first.headers["Location"]
    assert count(session, Article) == 1


@pytest.mark.parametrize("data,message", [
    ({"body": "   \n  "}, "The article has no text"),
    ({"body": "Fine text.", "published_date": "2024-02-31"}, "Not a valid date value"),
    ({"body": "Fine text.", "url": "javascript:alert(1)"}, "must start with http"),
    ({"body": "Fine text.", "title": "x" * 301}, "Field cannot be longer than 300 characters"),
])
def test_bad_pasted_input_is_refused_and_the_text_is_kept(client, login, session, data, message):
    login("reviewer")
    page = client.post("/desk/articles/new", data=data)
    assert page.status_code == 422 and message in page.text
    if data["body"].strip():
        assert data["body"] in page.text  # nothing the reviewer typed is lost
    assert count(session, Article) == 0


@pytest.mark.parametrize("name,payload,message", [
    ("empty.txt", b"", "empty (0 bytes)"),
    ("binary.txt", b"\x00\x01\x02\x03" * 10, "binary"),
    ("latin1.txt", "Caf\xe9".encode("latin-1"), "not UTF-8"),
    ("slides.pptx", b"PK\x03\x04", "can be imported"),
])
def test_bad_uploads_are_refused_with_a_reason(client, login, session, name, payload, message):
    login("reviewer")
    page = client.post("/desk/articles/new", data={"file": (io.BytesIO(payload), name)},
                       content_type="multipart/form-data")
    assert page.status_code == 422 and message in page.text
    assert count(session, Article) == 0 and count(session, Claim) == 0


def test_upload_over_the_size_limit_is_a_413(app, client, login, session):
    app.config["MAX_UPLOAD_MB"] = 0.01
    app.config["MAX_CONTENT_LENGTH"] = 100 * 1024
    login("reviewer")
    big = b"Numbers rose by 5%. " * 20000
    page = client.post("/desk/articles/new", data={"file": (io.BytesIO(big), "big.txt")},
                       content_type="multipart/form-data")
    assert page.status_code in (413, 422) and "limit" in page.text
    assert count(session, Article) == 0


def test_no_page_answers_500_to_a_malformed_page_number(client, login):
    login("reviewer")
    assert client.get("/desk/?page=abc").status_code == 422
    assert client.get("/desk/claims/999999").status_code == 404


def test_articles_page_lists_each_article_with_its_claim_count(client, login, make_article, make_claim):
    make_article(title="Nothing checkable")
    busy = make_article(title="Three claims")
    for _ in range(3):
        make_claim("new", article=busy)
    login("reviewer")
    page = client.get("/desk/articles").text
    assert "Nothing checkable" in page and "Three claims" in page
    rows = {title: row for row in page.split("<tr>") for title in ("Nothing checkable", "Three claims") if title in row}
    assert "<td>0</td>" in rows["Nothing checkable"] and "<td>3</td>" in rows["Three claims"]
