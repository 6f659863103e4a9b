"""Matching against a real database (SQLite, or PostgreSQL with FACTCHECK_TEST_DATABASE_URL): the
full-text index kept right by the index functions, reindex, retraction, suggestions, partner import."""
from __future__ import annotations

import json
import threading
from datetime import datetime
from functools import partial
from http.server import HTTPServer, SimpleHTTPRequestHandler

import pytest
from sqlalchemy import func, select

from factcheck import matching
from factcheck.cli import main as cli
from factcheck.errors import PermissionDenied, ValidationError
from factcheck.matching import MatchKind
from factcheck.models import AuditEvent, ClaimMatch, ExternalFactCheck, RatingLevel, Verdict
from factcheck.services import matching as match_service
from factcheck.services import partners

BUDGET = "The government cut the health budget by 13 percent in 2021."


@pytest.fixture
def indexed_claim(session, make_claim):
    def make(text: str, status: str = "new", **fields):
        claim = make_claim(status, text=text, **fields)
        matching.index_claim(session, claim)
        session.commit()
        return claim
    return make


@pytest.fixture
def published(session, indexed_claim):
    """A claim with a published verdict, indexed as the services will do after publishing."""
    def make(text: str = BUDGET, headline: str = "No, the health budget was not cut"):
        claim = indexed_claim(text, status="published")
        verdict = Verdict(claim_id=claim.id, headline=headline, summary="s", body="b", slug=f"v-{claim.id}",
                          published_at=datetime(2024, 5, 1))
        session.add(verdict)
        session.flush()
        matching.index_verdict(session, verdict)
        session.commit()
        return verdict
    return make


def test_a_reworded_claim_finds_the_earlier_one_as_the_same_claim(session, indexed_claim):
    claim = indexed_claim(BUDGET)
    indexed_claim("Unemployment fell to 4 percent last year.")
    found = matching.similar(session, "In 2021 the government cut the health budget by 13 percent.")
    assert [(m.claim_id, m.kind) for m in found][:1] == [(claim.id, MatchKind.SAME_CLAIM)]
    assert found[0].reason.startswith("same claim: ") and "% of the words match" in found[0].reason


def test_a_changed_number_is_related_with_the_reason(session, indexed_claim):
    claim = indexed_claim(BUDGET)
    found = matching.similar(session, "The government cut the health budget by 31 percent in 2021.")
    assert found[0].claim_id == claim.id and found[0].kind is MatchKind.RELATED
    assert found[0].reason == "related, differs in: number (31 / 13)"


def test_the_index_follows_an_edit_of_the_claim_text(session, indexed_claim):
    claim = indexed_claim(BUDGET)
    claim.text = "Ferry tickets to the islands doubled in price this summer."
    matching.index_claim(session, claim)
    session.commit()
    assert matching.similar(session, "government cut the health budget by 13 percent in 2021") == []
    assert matching.similar(session, "ferry tickets to the islands doubled in price")[0].claim_id == claim.id


def test_reindex_rebuilds_the_index_from_the_tables(session, make_claim, published):
    verdict = published()
    plain = make_claim("new", text="Ferry tickets to the islands doubled in price this summer.")
    assert matching.similar(session, "ferry tickets doubled in price") == []  # never indexed
    counts = matching.reindex(session)
    session.commit()
    assert counts["verdict"] == 1 and counts["claim"] >= 2
    assert matching.similar(session, "ferry tickets to the islands doubled in price")[0].claim_id == plain.id
    assert matching.similar(session, BUDGET)[0].verdict_id == verdict.id


def test_a_published_verdict_is_already_checked_until_it_is_retracted(session, published):
    verdict = published()
    found = matching.similar(session, BUDGET, sources=("verdict",))
    assert found[0].kind is MatchKind.ALREADY_CHECKED and found[0].verdict_id == verdict.id
    verdict.retracted_at = datetime(2024, 6, 1)
    matching.index_verdict(session, verdict)
    session.commit()
    assert matching.similar(session, BUDGET, sources=("verdict",)) == []
    assert matching.similar(session, BUDGET)[0].kind is MatchKind.SAME_CLAIM  # the claim itself is still there


@pytest.mark.parametrize("query", [
    "", "the of and is it", "?!?!...", "😀🔥🙈", '"budget" NEAR(health cut) * ^ : -government (2021)',
    "budget' OR 1=1; DROP TABLE claims; --", "health budget " * 8000, "x" * 100_000, "budget:* & !cut | <->",
])
def test_hostile_queries_get_an_answer_from_both_databases(session, indexed_claim, query):
    claim = indexed_claim(BUDGET)
    found = matching.similar(session, query)
    assert all(0 <= m.score <= 1 for m in found)
    if "health budget" in query or "NEAR" in query:
        assert found and found[0].claim_id == claim.id


def test_new_claims_get_suggestions_and_a_rejected_pair_is_never_suggested_again(session, make_user, indexed_claim,
                                                                                 make_claim):
    earlier = indexed_claim(BUDGET)
    new = make_claim("new", text="In 2021 the government cut the health budget by 13 percent.")
    suggested = match_service.match_new_claims(session, [new.id])[new.id]
    assert [(s.other_claim_id, s.kind) for s in suggested] == [(earlier.id, "same_claim")]
    editor = make_user("editor")
    match_service.reject(session, editor, suggested[0].id)
    assert match_service.match_new_claims(session, [new.id])[new.id] == []
    row = session.get(ClaimMatch, suggested[0].id)
    assert row.status == "rejected" and row.decided_by_id == editor.id
    assert session.scalar(select(AuditEvent.action).where(AuditEvent.claim_id == new.id)) == "match_rejected"


def test_only_an_editor_confirms_a_match(session, make_user, indexed_claim, make_claim):
    indexed_claim(BUDGET)
    new = make_claim("new", text="In 2021 the government cut the health budget by 13 percent.")
    suggestion = match_service.match_new_claims(session, [new.id])[new.id][0]
    with pytest.raises(PermissionDenied):
        match_service.confirm(session, make_user("reviewer"), suggestion.id)
    assert match_service.confirm(session, make_user("editor"), suggestion.id).status == "confirmed"


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(cli, list(args))


@pytest.fixture
def our_feed(app, client, session, published, tmp_path):
    """Our own /api/v1/claimreview.json with one published verdict, saved as a file."""
    rating = session.scalar(select(func.min(RatingLevel.id)))
    verdict = published()
    verdict.rating_id = rating
    session.commit()
    response = client.get("/api/v1/claimreview.json")
    assert response.status_code == 200, response.text
    path = tmp_path / "feed" / "claimreview.json"
    path.parent.mkdir()
    path.write_bytes(response.data)
    return path


@pytest.fixture
def loopback(our_feed):
    """A real HTTP server on 127.0.0.1 serving the feed's folder."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(our_feed.parent))
    handler.log_message = lambda *args: None
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_import_claimreview_from_a_loopback_server_then_reimport_updates(run, session, loopback, our_feed):
    result = run("import-claimreview", f"{loopback}/claimreview.json")
    assert result.exit_code == 0, result.output
    assert "1 new, 0 updated" in result.output
    row = session.scalar(select(ExternalFactCheck))
    assert row.claim_reviewed == BUDGET and row.review_url.startswith("http")
    feed = json.loads(our_feed.read_text())
    feed["dataFeedElement"][0]["reviewRating"]["alternateName"] = "Mostly false"
    our_feed.write_text(json.dumps(feed))
    result = run("import-claimreview", f"{loopback}/claimreview.json")
    assert "0 new, 1 updated" in result.output, result.output
    session.expire_all()
    assert session.scalar(select(func.count(ExternalFactCheck.id))) == 1
    assert session.scalar(select(ExternalFactCheck.rating_text)) == "Mostly false"
    found = matching.similar(session, BUDGET, sources=("external",))
    assert found[0].external_id == row.id and found[0].kind is MatchKind.ALREADY_CHECKED


def review(url: str = "https://partner.example.org/checks/1", **changes) -> dict:
    record = {"@type": "ClaimReview", "url": url, "claimReviewed": "Bridges in the city are closing at night.",
              "author": {"@type": "Organization", "name": "Partner Checks", "url": "https://partner.example.org"},
              "reviewRating": {"@type": "Rating", "alternateName": "False"}, "datePublished": "2024-03-02"}
    return record | changes


@pytest.mark.parametrize("bad, problem", [
    (review(url="javascript:alert(1)"), "Record 2: url must be an http:// or https:// address"),
    (review(claimReviewed=42), "Record 2: claimReviewed must be text, not int"),
    ({k: v for k, v in review().items() if k != "claimReviewed"}, "Record 2: claimReviewed is missing"),
    (review(author=None), "Record 2: author (the publisher) is missing"),
    (review(datePublished="yesterday"), "Record 2: datePublished 'yesterday' is not an ISO date"),
    (review(reviewRating="False"), "Record 2: reviewRating must be an object"),
    ("just a string", "Record 2 must be an object, not str"),
])
def test_a_hostile_feed_is_refused_whole_with_its_problem_named(session, bad, problem):
    feed = {"@type": "DataFeed", "dataFeedElement": [review("https://partner.example.org/ok"), bad]}
    with pytest.raises(ValidationError) as refused:
        partners.import_claimreviews(session, None, json.dumps(feed).encode())
    assert refused.value.message.startswith(problem)
    assert session.scalar(select(func.count(ExternalFactCheck.id))) == 0


@pytest.mark.parametrize("data, problem", [
    (b'{"@type": "DataFeed", "dataFeedElement": [', "The feed is not valid JSON"),
    (b'{"@type": "DataFeed", "dataFeedElement": {"a": 1}}', "The feed's dataFeedElement must be a list"),
    (b"\xff\xfe\x00", "The feed is not UTF-8 text"),
    (b"[" * 100_000, "The feed is not valid JSON"),
])
def test_malformed_feeds_are_refused(session, data, problem):
    with pytest.raises(ValidationError, match=problem):
        partners.import_claimreviews(session, None, data)


def test_a_50_mb_feed_is_refused_by_the_command_and_nothing_is_imported(run, session, tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b'{"dataFeedElement": [' + b" " * (50 * 1024 * 1024) + b"]}")
    result = run("import-claimreview", str(big))
    assert result.exit_code != 0 and "larger than 20 MB" in result.output
    assert session.scalar(select(func.count(ExternalFactCheck.id))) == 0


def test_a_csv_export_imports_and_matches(session):
    data = ("url,claim_reviewed,publisher,rating,date_published\n"
            "https://partner.example.org/c/9,Bridges in the city are closing at night.,Partner Checks,False,2024-03-02\n")
    assert partners.import_claimreviews(session, None, data.encode(), name="export.csv").created == 1
    found = matching.similar(session, "Are the city's bridges closing at night?")
    assert found and found[0].external_id is not None


def test_reindex_command(run, indexed_claim):
    indexed_claim(BUDGET)
    result = run("reindex")
    assert result.exit_code == 0 and "1 claims" in result.output, result.output


# the speed paths: cached word counts and memoised analyses must never change what is found


def test_cached_word_counts_follow_this_process_writes(session, indexed_claim):
    from factcheck.matching import candidates
    indexed_claim(BUDGET)
    matching.similar(session, "the health budget was cut by 13 percent in 2021")
    first = candidates.weight_frequencies(session, {"budget"})["budget"]
    indexed_claim("The budget for schools doubled in 2021.")
    assert candidates.weight_frequencies(session, {"budget"})["budget"] == first + 1


def test_a_new_word_is_found_right_after_it_is_indexed(session, indexed_claim):
    indexed_claim(BUDGET)
    assert matching.similar(session, "Zorblat tariffs tripled") == []
    claim = indexed_claim("Zorblat tariffs tripled, the ministry said.")
    assert [m.claim_id for m in matching.similar(session, "Zorblat tariffs tripled")] == [claim.id]


def test_an_edited_claim_is_matched_on_its_new_text(session, indexed_claim):
    claim = indexed_claim(BUDGET)
    assert matching.similar(session, BUDGET)[0].claim_id == claim.id
    claim.text = "Bus fares rose sharply last winter."
    matching.index_claim(session, claim)
    session.commit()
    assert [m.claim_id for m in matching.similar(session, BUDGET)] == []
    assert matching.similar(session, "bus fares rose sharply")[0].claim_id == claim.id


def test_a_published_verdict_is_found_for_a_claim_among_many_verdicts(session, published):
    verdicts = [published(f"Tram fares in town {n} rose by {n} percent in 2019.", f"Fares {n}") for n in range(5)]
    verdict = published()
    found = matching.similar(session, BUDGET)
    assert found[0].verdict_id == verdict.id and found[0].kind == MatchKind.ALREADY_CHECKED
    assert all(m.verdict_id != v.id for v in verdicts for m in found[:1])
