"""Reader pages: home, the filtered list, search, speakers, the scale, corrections, feeds, sitemap."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import feedparser
import pytest
from sqlalchemy import update

from factcheck.models import Claim, Verdict
from factcheck.services.editorial import Change, correct


def test_home_lists_the_latest_verdicts_newest_first(client, publish):
    publish("First verdict on taxes"), publish("Second verdict on crime")
    text = client.get("/").text
    assert text.index("Second verdict on crime") < text.index("First verdict on taxes")
    assert 'href="/feeds/verdicts.atom"' in text


def test_list_filters_by_rating_speaker_claim_type_and_date(client, publish, session):
    publish("About jobs", rating="true", speaker="Ann Able", claim_types=["comparison"])
    old = publish("About crime", rating="false", speaker="Bob Baker", claim_types=["quantity"])
    session.execute(update(Verdict).where(Verdict.id == old.id).values(published_at=datetime(2023, 5, 1)))
    session.commit()
    def shown(query):
        return [h for h in ("About jobs", "About crime") if h in client.get(f"/verdicts/?{query}").text]
    assert shown("rating=false") == ["About crime"]
    assert shown("speaker=ann-able") == ["About jobs"]
    assert shown("claim_type=quantity") == ["About crime"]
    assert shown("until=2023-12-31") == ["About crime"]
    assert shown("since=2024-01-01") == ["About jobs"]
    assert shown("") == ["About jobs", "About crime"]


def test_list_is_paginated(client, publish, session):
    for n in range(23):
        publish(f"Verdict number {n:02d}")
    first = client.get("/verdicts/").text
    older = re.search(r'<a rel="next" href="([^"]+)">Older', first).group(1).replace("&amp;", "&")
    assert "Page 1" in first and "page=2" in older and "before=" in older  # a cursor, not an offset
    second = client.get(older).text
    assert second.count('class="verdict-card"') == 3 and "Verdict number 00" in second
    assert "Page 2" in second and '<a rel="prev" href="/verdicts/">' in second and 'rel="next"' not in second
    assert client.get("/verdicts/?page=2").text == second  # links made before cursors still work


@pytest.mark.parametrize("query,message", [
    ("page=abc", "page number"), ("page=0", "page number"), ("page=-1", "page number"),
    ("page=99", "no page 99"), ("rating=fantastic", "no rating"), ("claim_type=gossip", "no claim type"),
    ("since=yesterday", "2024-01-31"), ("speaker=nobody-at-all", "speaker"),
])
def test_bad_list_queries_are_explained_not_500(client, publish, query, message):
    publish()
    page = client.get(f"/verdicts/?{query}")
    assert page.status_code == 400
    assert message in page.text and 'href="/methodology"' in page.text


def test_search_finds_words_in_claim_speaker_and_text_with_stemming(client, publish):
    publish("Unemployment claim checked", claim_text="Unemployment doubled last year.", speaker="Carla Jobs",
            body="Labour market statistics [1] disagree.")
    publish("Crime claim checked", claim_text="Crime rose by half.", speaker="Dan Police")
    def found(query):
        return [h for h in ("Unemployment claim", "Crime claim") if h in client.get(f"/search?q={query}").text]
    assert found("unemployment") == ["Unemployment claim"]
    assert found("doubling") == ["Unemployment claim"]        # stemmed
    assert found("carla labour") == ["Unemployment claim"]    # every word, across fields
    assert found("dan") == ["Crime claim"]
    assert found("nothing-like-this") == []


@pytest.mark.parametrize("query", ['"unbalanced', "a AND OR NOT (", "*", "NEAR(x y)", "col:umn", "'; drop table"])
def test_search_syntax_from_readers_never_breaks(client, publish, query):
    publish()
    assert client.get("/search", query_string={"q": query}).status_code == 200


def test_over_long_search_is_refused_with_a_message(client):
    page = client.get("/search", query_string={"q": "x" * 201})
    assert page.status_code == 400 and "at most 200 characters" in page.text


def test_speaker_page_has_verdicts_and_a_readable_rating_chart(client, publish):
    publish("One", speaker="Eve Example", rating="false")
    publish("Two", speaker="Eve Example", rating="false")
    publish("Three", speaker="Eve Example", rating="true")
    text = client.get("/speakers/eve-example").text
    assert all(h in text for h in ("One", "Two", "Three"))
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in text
    assert "3 verdicts by rating. True: 1, False: 2." in text
    assert client.get("/speakers/nobody").status_code == 404


def test_methodology_defines_every_rating_the_badges_link_to(client):
    text = client.get("/methodology").text
    for slug, label in (("true", "True"), ("false", "False"), ("misleading", "Misleading")):
        assert f'id="rating-{slug}"' in text and label in text
    assert "Score 1 on a scale from 1 to 5." in text


def test_corrections_page_lists_every_correction_across_verdicts(client, publish, session):
    first, second = publish("First"), publish("Second")
    for verdict, note in ((first, "We misread the table."), (second, "Added the 2024 figures.")):
        claim = session.get(Claim, verdict.claim_id)
        correct(session, publish.editor, verdict.claim_id, claim.version, Change(note=note, summary="New summary."))
    text = client.get("/corrections").text
    assert "We misread the table." in text and "Added the 2024 figures." in text
    assert f'href="/verdicts/{first.slug}#corrections"' in text and 'id="policy"' in text


def test_atom_feed_parses_with_a_real_feed_parser(client, publish):
    publish("Taxes went up", speaker="Fay Finance"), publish("Crime went down", speaker="Gus Guard")
    feed = feedparser.parse(client.get("/feeds/verdicts.atom").data)
    assert not feed.bozo, feed.bozo_exception
    assert [e.title for e in feed.entries] == ["Crime went down", "Taxes went up"]
    assert feed.entries[0].link.endswith("/verdicts/crime-went-down")
    assert "False" in feed.entries[0].summary and feed.entries[0].published_parsed
    speaker = feedparser.parse(client.get("/speakers/fay-finance/feed.atom").data)
    assert not speaker.bozo and [e.title for e in speaker.entries] == ["Taxes went up"]


def test_sitemap_lists_every_public_verdict(client, publish):
    verdict = publish()
    index = client.get("/sitemap.xml").text
    assert "<sitemapindex" in index and "/sitemaps/pages.xml</loc>" in index
    text = client.get(re.search(r"<loc>[^<]*(/sitemaps/verdicts-1\.xml)</loc>", index).group(1)).text
    assert f"/verdicts/{verdict.slug}</loc>" in text and "<lastmod>" in text


def test_lists_mark_retracted_verdicts(client, publish, session):
    verdict = publish("Retracted one")
    session.execute(update(Verdict).where(Verdict.id == verdict.id).values(retracted_at=verdict.published_at + timedelta(days=1)))
    session.commit()
    text = client.get("/verdicts/").text
    assert "Retracted one" in text and 'class="badge retracted"' in text
