"""The triage queue: order, filters, keyset pages, what each row shows, and claims entered by hand."""
import datetime as dt
import re

import pytest
from sqlalchemy import select

from factcheck.models import Claim


def queue_ids(page) -> list[int]:
    return [int(i) for i in re.findall(r'<tr id="claim-(\d+)"', page.text)]


def test_new_claims_highest_score_first_with_article_score_reasons_and_age(client, login, make_claim, make_article):
    article = make_article(title="Budget day", outlet="The Ledger", published_date=dt.date(2024, 3, 1))
    low = make_claim(score=0.2, article=article)
    high = make_claim(score=0.9, article=article, speaker="Ana Ruiz", speaker_role="finance minister",
                      attribution="said", claim_types=["quantity"], claim_date=dt.date(2023, 8, 1),
                      claim_date_text="last August", claim_date_precision="month",
                      )
    hidden = make_claim("dismissed", score=1.0)
    login("reviewer")
    page = client.get("/desk/")
    assert page.status_code == 200 and "New claims" in page.text
    assert queue_ids(page) == [high.id, low.id] and hidden.id not in queue_ids(page)
    for shown in ("Budget day", "The Ledger", "2024-03-01", "0.90", "contains a number", "Ana Ruiz",
                  "finance minister", "(said)", "quantity/statistic", "August 2023", "last August", "just now"):
        assert shown in page.text, shown


@pytest.mark.parametrize("sort,expected", [("score", [3, 1, 2]), ("oldest", [1, 2, 3]), ("newest", [3, 2, 1]),
                                           ("article_date", [2, 3, 1])])
def test_each_sort_order(client, login, make_claim, make_article, sort, expected):
    dates = [dt.date(2024, 1, 1), dt.date(2024, 6, 1), dt.date(2024, 3, 1)]
    claims = [make_claim(score=score, article=make_article(published_date=day))
              for score, day in zip((0.5, 0.1, 0.9), dates)]
    login("reviewer")
    page = client.get(f"/desk/?sort={sort}")
    assert queue_ids(page) == [claims[i - 1].id for i in expected]


def test_keyset_pages_cover_every_claim_once(app, client, login, make_claim):
    app.config["PAGE_SIZE"] = 3
    made = [make_claim(score=s) for s in (0.5, 0.5, 0.5, 0.7, 0.2, 0.9, 0.5)]
    login("reviewer")
    seen, url = [], "/desk/"
    while url:
        page = client.get(url)
        assert page.status_code == 200
        seen += queue_ids(page)
        found = re.search(r'<a rel="next" href="([^"]+)"', page.text)
        url = found.group(1).replace("&amp;", "&") if found else None
    assert sorted(seen) == sorted(c.id for c in made) and len(seen) == len(set(seen))
    assert "page 3" in page.text


def test_filters_narrow_the_queue(client, login, make_claim, make_article, make_user):
    ledger = make_article(outlet="The Ledger")
    a = make_claim(speaker="Ana Ruiz", claim_types=["quantity", "comparison"], score=0.8, article=ledger,
                   text="Exports doubled since 2019.")
    b = make_claim(speaker="Ben Ode", claim_types=["prediction"], score=0.3, text="Prices will fall next year.")
    login("reviewer")
    assert queue_ids(client.get("/desk/?speaker=Ana+Ruiz")) == [a.id]
    assert queue_ids(client.get("/desk/?type=prediction")) == [b.id]
    assert queue_ids(client.get("/desk/?outlet=The+Ledger")) == [a.id]
    assert queue_ids(client.get(f"/desk/?article={b.article_id}")) == [b.id]
    assert queue_ids(client.get("/desk/?min_score=0.5&max_score=1")) == [a.id]
    assert queue_ids(client.get("/desk/?q=exports")) == [a.id]
    assert queue_ids(client.get("/desk/?q=100%25")) == []


def test_assignee_and_status_filters(client, login, make_claim, make_user):
    rosa = make_user("reviewer", name="Rosa")
    mine = make_claim("researching", assignee=rosa)
    make_claim("researching", assignee=make_user("reviewer"))
    login("reviewer")
    page = client.get(f"/desk/?status=researching&assignee={rosa.id}")
    assert queue_ids(page) == [mine.id] and "Researching claims" in page.text


@pytest.mark.parametrize("query,message", [
    ("page=abc", "Not a valid integer"), ("status=bogus", "Not a valid choice"),
    ("min_score=0.9&max_score=0.1", "lowest score is above"), ("min_score=2", "between 0"),
    ("after=garbage~x", "page link is damaged"), ("q=" + "x" * 201, "200 characters"),
])
def test_bad_filters_are_refused_with_a_message(client, login, query, message):
    login("reviewer")
    page = client.get(f"/desk/?{query}")
    assert page.status_code == 422 and message in page.text


def test_a_claim_entered_by_hand_joins_the_queue(client, login, session):
    login("reviewer")
    page = client.post("/desk/claims/new", data={
        "text": "The mayor said 40% of the buses were cancelled in May.", "speaker": "A reader",
        "where": "Reader email", "appeared_on": "2024-05-20", "url": "https://social.example/post/1",
    }, follow_redirects=True)
    assert page.status_code == 200 and "waits in the queue" in page.text
    claim = session.scalar(select(Claim))
    assert (claim.status, claim.article_id, claim.appearance_where, str(claim.appeared_on)) == \
        ("new", None, "Reader email", "2024-05-20")
    assert "entered by hand" in claim.reasons
    assert claim.id in queue_ids(client.get("/desk/"))


@pytest.mark.parametrize("data,message", [
    ({"text": ""}, "This field is required"),
    ({"text": "x" * 2001}, "2000 characters"),
    ({"text": "Taxes rose.", "url": "javascript:alert(1)"}, "http:// or https://"),
    ({"text": "Taxes rose.", "url": "data:text/html,hi"}, "http:// or https://"),
])
def test_bad_hand_entered_claims_are_refused(client, login, session, data, message):
    login("reviewer")
    page = client.post("/desk/claims/new", data=data)
    assert page.status_code == 422 and message in page.text
    assert session.scalar(select(Claim)) is None
