"""Full-text search over public verdicts, on the index migration 0004p keeps.

A reader's query is reduced to its words (no search syntax reaches the database); every word must
match somewhere in the headline, summary, body, claim or speaker (stemmed: "rises" finds "rising").
"""
from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.orm import Session

from factcheck.models import Verdict
from factcheck.services.public import InvalidQuery
from factcheck.services.public.queries import Listing, Page, public_rows

MAX_QUERY = 200
MAX_TERMS = 12
MAX_MATCHES = 1000

_VERDICT_DOC = "coalesce({v}headline, '') || ' ' || coalesce({v}summary, '') || ' ' || coalesce({v}body, '')"
_CLAIM_DOC = "coalesce({c}text, '') || ' ' || coalesce({c}speaker, '')"

POSTGRES_SEARCH = f"""
WITH candidates AS (
    SELECT id FROM verdicts WHERE to_tsvector('english', {_VERDICT_DOC.format(v='')}) @@ to_tsquery('english', :any)
    UNION
    SELECT v.id FROM verdicts v JOIN claims c ON c.id = v.claim_id
    WHERE to_tsvector('english', {_CLAIM_DOC.format(c='c.')}) @@ to_tsquery('english', :any))
SELECT v.id FROM verdicts v JOIN claims c ON c.id = v.claim_id JOIN candidates ON candidates.id = v.id
WHERE v.published_at IS NOT NULL
  AND (to_tsvector('english', {_VERDICT_DOC.format(v='v.')}) || to_tsvector('english', {_CLAIM_DOC.format(c='c.')}))
      @@ to_tsquery('english', :all)
ORDER BY ts_rank(to_tsvector('english', {_VERDICT_DOC.format(v='v.')}) || to_tsvector('english', {_CLAIM_DOC.format(c='c.')}),
                 to_tsquery('english', :all)) DESC, v.published_at DESC
LIMIT {MAX_MATCHES}
"""

SQLITE_SEARCH = f"""
SELECT s.rowid FROM verdict_search s JOIN verdicts v ON v.id = s.rowid
WHERE verdict_search MATCH :all AND v.published_at IS NOT NULL
ORDER BY s.rank, v.published_at DESC LIMIT {MAX_MATCHES}
"""


def terms(query: str) -> list[str]:
    """The words of a query; refuses queries longer than MAX_QUERY characters."""
    if len(query) > MAX_QUERY:
        raise InvalidQuery(f"Search for at most {MAX_QUERY} characters (this search has {len(query)}).")
    return re.findall(r"\w+", query.lower())[:MAX_TERMS]


def matching_ids(session: Session, words: list[str]) -> list[int]:
    """Ids of public verdicts matching every word, best match first."""
    if session.get_bind().dialect.name == "postgresql":
        quoted = [f"'{word}'" for word in words]
        params = {"all": " & ".join(quoted), "any": " | ".join(quoted)}
        return list(session.scalars(text(POSTGRES_SEARCH), params))
    return list(session.scalars(text(SQLITE_SEARCH), {"all": " ".join(f'"{word}"' for word in words)}))


def search(session: Session, query: str, number: int = 1, size: int = 20) -> Page:
    words = terms(query)
    if not words:
        return Page([], 1, size, 0)
    ids = matching_ids(session, words)
    chosen = ids[(number - 1) * size: number * size]
    found = {verdict.id: Listing(verdict, claim)
             for verdict, claim in session.execute(public_rows().where(Verdict.id.in_(chosen)))}
    page = Page([found[i] for i in chosen if i in found], number, size, len(ids))
    if number > page.last:
        raise InvalidQuery(f"There is no page {number}: the last page is {page.last}.")
    return page

