"""What extraction says about an article reaches the desk: surplus candidates are held back from the
queue with a warning on the article page, binary text is refused, and the claim page names the scorer."""
import io

from sqlalchemy import select

from factcheck.models import Article, Claim, Setting


def test_surplus_candidates_are_held_back_with_a_warning(client, login, session):
    session.merge(Setting(key="max_candidates", value=3))
    session.commit()
    login("reviewer")
    body = " ".join(f"Unemployment in district {n} rose to {n + 4} percent in 2023, the minister said."
                    for n in range(1, 9))
    page = client.post("/desk/articles/new", data={"title": "Districts", "body": body}, follow_redirects=True)
    assert page.status_code == 200
    article = session.scalar(select(Article))
    queued = session.scalars(select(Claim).where(Claim.article_id == article.id)).all()
    assert len(queued) == 3 and article.held_back >= 1
    assert "held back" in page.text and "are not in the queue" in page.text


def test_binary_looking_text_is_refused_and_nothing_stored(client, login, session):
    login("reviewer")
    upload = (io.BytesIO(b"\x01\x02\x03garbage\x05" * 200), "dump.txt")
    page = client.post("/desk/articles/new", data={"title": "x", "file": upload}, content_type="multipart/form-data")
    assert page.status_code == 422 and "Nothing was ingested" in page.text
    typed = client.post("/desk/articles/new", data={"title": "x", "body": "garbage\x00" * 20})
    assert typed.status_code == 400 and "control character (U+0000)" in typed.text  # a typed field: refused at the door
    assert session.scalar(select(Article)) is None


def test_the_claim_page_names_the_scorer(client, login, make_claim):
    login("reviewer")
    claim = make_claim()
    assert "this desk's scorer: fast" in client.get(f"/desk/claims/{claim.id}").text
