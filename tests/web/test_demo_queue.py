"""The foundation's promise: import the seeds, log in as a reviewer, and the queue lists the claims
of every seed article (following its pages), each with its speaker, score and reasons."""
import html
import re

from sqlalchemy import select

from factcheck.cli import main
from factcheck.models import Article, Claim
from tests.conftest import ROOT


def queue_claim_ids(client) -> tuple[list[int], str]:
    ids, url, texts = [], "/desk/", []
    while url:
        page = client.get(url)
        assert page.status_code == 200
        texts.append(page.text)
        ids += [int(i) for i in re.findall(r'<tr id="claim-(\d+)"', page.text)]
        following = re.search(r'<a rel="next" href="([^"]+)"', page.text)
        url = html.unescape(following.group(1)) if following else None
    return ids, "".join(texts)


def test_reviewer_sees_the_claims_of_every_seed_article(app, client, login, session):
    result = app.test_cli_runner().invoke(main, ["import", str(ROOT / "seeds")])
    assert result.exit_code == 0 and "failed 0" in result.output
    login("reviewer")
    shown, pages = queue_claim_ids(client)
    assert len(shown) == len(set(shown))  # no claim twice across pages
    claims = {c.id: c for c in session.scalars(select(Claim))}
    assert set(shown) == set(claims)  # every new claim, nothing else
    articles = set(session.scalars(select(Article.id)))
    assert {claims[i].article_id for i in shown} == articles and len(articles) == 7
    assert "Zamir Kabulov" in pages and "contains a number" in pages  # speaker and reasons are shown
    scores = [claims[i].score for i in shown]
    assert scores == sorted(scores, reverse=True)  # highest check-worthiness first
