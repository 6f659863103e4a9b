"""Desk services against a real database: keyset pages, bulk transactions, evidence numbers, rules."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from factcheck.errors import StaleVersion, ValidationError
from factcheck.models import AuditEvent, Claim, Evidence, User
from factcheck.services import bulk, evidence
from factcheck.services.editorial_gate import majority
from factcheck.services.evidence import EvidenceInput, sourcing_gap
from factcheck.services.queue import SORTS, QueueFilter, queue_page


@pytest.mark.parametrize("sort", list(SORTS))
def test_keyset_pages_match_one_big_ordered_read_even_with_ties(session, make_claim, make_article, sort):
    days = [dt.date(2024, 1, d) for d in (1, 1, 2, 3, 3, 3, 4)]
    for n, day in enumerate(days * 2):
        make_claim(score=[0.5, 0.5, 0.7, 0.1][n % 4], article=make_article(published_date=day))
    make_claim("queued", score=0.99)
    everything = queue_page(session, QueueFilter(sort=sort), None, 100).rows
    walked, cursor = [], None
    while True:
        page = queue_page(session, QueueFilter(sort=sort), cursor, 3)
        walked += page.rows
        cursor = page.next_cursor
        if cursor is None:
            break
    assert [c.id for c in walked] == [c.id for c in everything] and len(everything) == 14
    order = SORTS[sort]
    keys = [(getattr(c, order.column.key), c.id) for c in everything]
    assert keys == sorted(keys, reverse=order.descending)


def test_a_bulk_action_is_one_transaction_that_a_concurrent_writer_makes_fail_whole(app, make_claim, make_user):
    maker = app.extensions["factcheck.sessionmaker"]
    claims, reviewer = [make_claim() for _ in range(3)], make_user("reviewer")
    mine, theirs = maker(), maker()
    loaded = list(mine.scalars(select(Claim)))  # read at version 1 by this person's request
    bulk.apply(theirs, theirs.get(User, reviewer.id), "dismiss", {claims[1].id: 1}, reason="opinion")
    result = None
    with pytest.raises(StaleVersion):
        result = bulk.apply(mine, mine.get(User, reviewer.id), "accept", {c.id: 1 for c in claims})
    assert result is None and len(loaded) == 3
    check = maker()
    assert [check.get(Claim, c.id).status for c in claims] == ["new", "dismissed", "new"]
    assert check.scalar(select(func.count()).select_from(AuditEvent)) == 1
    for s in (mine, theirs, check):
        s.close()


def test_bulk_refuses_over_the_limit_before_touching_anything(session, make_user):
    with pytest.raises(ValidationError, match="at most 500"):
        bulk.parse_selection([f"{n}:1" for n in range(1, 502)])
    with pytest.raises(ValidationError, match="at most 500"):
        bulk.apply(session, make_user("reviewer"), "accept", {n: 1 for n in range(1, 502)})


def test_evidence_numbers_are_never_reused(session, make_claim, make_user):
    claim, reviewer = make_claim("researching"), make_user("reviewer")
    entry = EvidenceInput(url="https://a.example/x", title="A")
    first = evidence.add(session, reviewer, claim.id, entry)
    evidence.remove(session, reviewer, claim.id, first.id, first.version)
    second = evidence.add(session, reviewer, claim.id, entry)
    assert (first.number, second.number) == (1, 2)
    assert session.scalar(select(func.count()).select_from(Evidence)) == 2


@pytest.mark.parametrize("rows,rule,gap", [
    ([("secondary", "Daily")], "primary_or_two_publishers", "two independent publishers"),
    ([("secondary", "Daily"), ("secondary", "daily ")], "primary_or_two_publishers", "from 1 publisher"),
    ([("secondary", "Daily"), ("expert", "Weekly")], "primary_or_two_publishers", None),
    ([("official_data", "Stats")], "primary_or_two_publishers", None),
    ([("official_data", "Stats")], "two_publishers", "two independent publishers"),
    ([("secondary", "Daily")], "any", None),
    ([], "primary", None),  # "at least one piece of evidence" is reported on its own
])
def test_sourcing_rule(rows, rule, gap):
    sources = [Evidence(url=f"https://{p.strip().lower()}.example/{n}", title="t", source_kind=kind, publisher=p)
               for n, (kind, p) in enumerate(rows)]
    found = sourcing_gap(rule, sources)
    assert (found is None) if gap is None else (gap in found)


def test_publishers_without_a_name_are_told_apart_by_web_site():
    sources = [Evidence(url="https://www.daily.example/a", title="a", source_kind="secondary"),
               Evidence(url="https://daily.example/b", title="b", source_kind="secondary")]
    assert "from 1 publisher" in sourcing_gap("two_publishers", sources)


def test_majority_of_three_votes():
    assert majority([1, 2, 1]) == 1
    assert majority([1, 2, 3]) is None
    assert majority([]) is None
