"""Lists that stay cheap at any size: speaker pages in keyset pages, the speakers index from an index
walk, search newest first with every word required, the desk's full-text search, the corrections
log by cursor, and the editor's review queue in the same number of queries however long it is."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from factcheck.models import Amendment, AmendmentKind, AmendmentStatus, Claim
from factcheck.services import research
from factcheck.services.editorial import Change, correct
from tests.conftest import rating_id


def cards(html: str) -> list[str]:
    return re.findall(r'<h2 dir="auto"><a href="/verdicts/[^"]+">([^<]+)</a>', html)


def older_link(html: str) -> str | None:
    found = re.search(r'<a rel="next" href="([^"]+)">Older', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_speaker_page_is_paginated_and_counts_every_verdict(client, publish):
    for n in range(23):
        publish(f"Claim number {n:02d} checked", speaker="Eve Example", rating="false" if n % 2 else "true")
    first = client.get("/speakers/eve-example").text
    assert len(cards(first)) == 20 and "23 fact checks" in first and "True: 12, False: 11" in first
    second = client.get(older_link(first)).text
    assert cards(second) == ["Claim number 02 checked", "Claim number 01 checked", "Claim number 00 checked"]
    assert older_link(second) is None and "23 fact checks" in second


def test_speakers_index_lists_published_speakers_once_by_name(client, publish, make_claim):
    publish("One", speaker="Zoe Zed"), publish("Two", speaker="Ann Able"), publish("Three", speaker="ann able")
    make_claim("queued", speaker="Nobody Published")
    text = client.get("/speakers/").text
    assert re.findall(r'<a href="/speakers/([^"]+)"', text) == ["ann-able", "zoe-zed"]
    assert len(cards(client.get("/speakers/ann-able").text)) == 2  # both spellings share the page


def test_search_needs_every_word_honours_phrases_and_lists_newest_first(client, publish):
    publish("Older on crime", claim_text="Crime rose by half in the capital.")
    publish("Newer on crime", claim_text="Crime fell by half in the north.")
    publish("About wages", claim_text="Wages rose by half.")
    def found(query):
        return cards(client.get("/search", query_string={"q": query}).text)
    assert found("crime") == ["Newer on crime", "Older on crime"]
    assert found("crime rose") == ["Older on crime"]
    assert found('"rose by half"') == ["About wages", "Older on crime"]
    assert found('"half rose"') == []
    assert found("crime or wages") == []  # "or" is a word here, not an operator


def test_search_pages_by_cursor(client, publish):
    for n in range(23):
        publish(f"Crime verdict {n:02d}")
    first = client.get("/search?q=crime").text
    assert len(cards(first)) == 20
    assert cards(client.get(older_link(first)).text) == [f"Crime verdict {n:02d}" for n in (2, 1, 0)]


def test_desk_search_uses_stems_every_word_and_a_prefix_for_the_last(client, login, make_claim):
    login("reviewer")
    make_claim("new", text="Unemployment rose sharply in the north.")
    make_claim("new", text="Unemployment fell in the south.")
    make_claim("new", text="Rents rising everywhere.")
    def shown(query):
        page = client.get("/desk/", query_string={"q": query}).text
        return sorted(re.findall(r'<a class="claim-link" dir="auto" href="[^"]+">([^<]+)</a>', page))
    assert shown("unemployment") == ["Unemployment fell in the south.", "Unemployment rose sharply in the north."]
    assert shown("unemployment rose") == ["Unemployment rose sharply in the north."]
    assert shown("unemp") == ["Unemployment fell in the south.", "Unemployment rose sharply in the north."]
    assert shown("rise") == ["Rents rising everywhere."]  # stemmed: rise, rising
    assert shown("%%") == []


def test_corrections_log_pages_by_cursor(client, publish, session):
    verdicts = [publish(f"Verdict {n}") for n in range(3)]
    for verdict in verdicts:
        claim = session.get(Claim, verdict.claim_id)
        correct(session, publish.editor, claim.id, claim.version, Change(f"Note on {verdict.headline}.", summary="New."))
    from factcheck.services.public import queries
    first = queries.corrections_log(session, queries.Position(), size=2)
    assert [c.note for c, _ in first.rows] == ["Note on Verdict 2.", "Note on Verdict 1."] and first.older
    rest = queries.corrections_log(session, queries.Position(2, before=queries.Cursor.parse(first.older)), size=2)
    assert [c.note for c, _ in rest.rows] == ["Note on Verdict 0."] and rest.older is None


@pytest.mark.parametrize("query", ["before=yesterday~3", "after=2024-01-01T00:00:00~x", "before=~", "page=2&before=x"])
def test_damaged_cursors_are_a_400_not_a_500(client, publish, query):
    publish()
    for path in ("/verdicts/", "/search?q=crime&", "/speakers/jane-minister", "/corrections"):
        response = client.get(path + ("&" if "?" in path else "?") + query)
        assert response.status_code == 400 and "damaged" in response.text
    assert client.get(f"/api/v1/verdicts?{query}").status_code == 400


def drafts_in_review(session, make_user, make_claim, n: int) -> None:
    reviewer = make_user("reviewer")
    for k in range(n):
        claim = make_claim("queued", text=f"Claim waiting {k}.")
        claim = research.take(session, reviewer, claim.id, claim.version)
        research.save_draft(session, reviewer, claim.id, claim.version, research.DraftInput(
            rating_id=rating_id(session, "false"), headline=f"Draft {k}", summary="Summary.", body="Body."))


def statements_for(app, client, path: str) -> int:
    engine = app.extensions["factcheck.engine"]
    seen = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def test_review_queue_costs_the_same_number_of_queries_for_two_or_ten_items(app, client, login, session, make_user,
                                                                           make_claim, publish):
    from sqlalchemy import update

    login("editor")
    counts = []
    for more in (2, 8):
        drafts_in_review(session, make_user, make_claim, more)
        session.execute(update(Claim).where(Claim.status == "researching").values(status="in_review"))
        for _ in range(more // 2):
            verdict = publish(f"Published {len(counts)}-{_}")
            session.add(Amendment(verdict_id=verdict.id, kind=AmendmentKind.CORRECTION, status=AmendmentStatus.PENDING,
                                  note="Waiting.", changes={"summary": "x"}, proposed_by_id=publish.editor.id))
        session.commit()
        client.get("/desk/review/")  # warm
        counts.append(statements_for(app, client, "/desk/review/"))
    page = client.get("/desk/review/").text
    assert page.count(">Draft ") == 10 and page.count(">Published ") == 5  # every draft and every waiting correction
    assert counts[0] == counts[1], counts
