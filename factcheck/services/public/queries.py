"""Read queries for reader pages: lists with filters, speakers, the scale, the corrections log.

Lists are keyset-paginated, newest first: a page is the `size` rows before (older than) a cursor
`<published_at>~<id>` of the last row shown, or after (newer than) the first one, so page 1,000
costs what page 1 costs and nothing counts the whole table. `?page=N` without a cursor (links from
before) is found by one walk along the index of the sort order (see `resolve_page`).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from sqlalchemy import Select, String, and_, cast, func, or_, select, text
from sqlalchemy.orm import Session, joinedload

from factcheck.errors import NotFound
from factcheck.extraction import CLAIM_TYPES
from factcheck.inputs import EARLIEST, LATEST, ascii_int, sane_date
from factcheck.models import Claim, Correction, RatingLevel, Verdict
from factcheck.services.public import InvalidQuery
from factcheck.slugs import slugify
from factcheck.workflow import Status

MAX_PAGE = 100_000


@dataclass(frozen=True)
class Listing:
    """A verdict as lists show it, with its claim (Verdict has no relationship to Claim)."""

    verdict: Verdict
    claim: Claim


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, its place (1 = newest, a label carried in links) and the cursors
    of the pages on either side (None: there is none that way)."""

    rows: list
    number: int = 1
    size: int = 20
    older: str | None = None
    newer: str | None = None

    @property
    def has_next(self) -> bool:
        return self.older is not None

    @property
    def has_previous(self) -> bool:
        return self.newer is not None or self.number > 1


@dataclass(frozen=True)
class Cursor:
    moment: datetime
    id: int

    def __str__(self) -> str:
        return f"{self.moment.isoformat()}~{self.id}"

    @classmethod
    def parse(cls, raw: str | None) -> "Cursor | None":
        if not raw:
            return None
        moment, _, row_id = raw.rpartition("~")
        try:
            return cls(datetime.fromisoformat(moment), int(row_id))
        except (TypeError, ValueError):
            raise InvalidQuery("This page link is damaged; start again from the first page.") from None


@dataclass(frozen=True)
class Position:
    """Where a reader is in a list: a cursor either way, and the page number shown."""

    number: int = 1
    before: Cursor | None = None
    after: Cursor | None = None

    @classmethod
    def of(cls, args: Mapping[str, str]) -> "Position":
        before, after = Cursor.parse(args.get("before")), Cursor.parse(args.get("after"))
        if before and after:
            raise InvalidQuery("Ask for the page before a verdict or after one, not both.")
        return cls(parse_page(args.get("page")), before, after)


@dataclass(frozen=True)
class VerdictFilter:
    rating: str | None = None      # a RatingLevel slug
    speaker: str | None = None     # a speaker slug
    claim_type: str | None = None  # one of CLAIM_TYPES
    since: date | None = None
    until: date | None = None

    def as_args(self) -> dict[str, str]:
        """The filter as query-string values (for pagination links)."""
        values = {"rating": self.rating, "speaker": self.speaker, "claim_type": self.claim_type,
                  "since": self.since.isoformat() if self.since else None,
                  "until": self.until.isoformat() if self.until else None}
        return {key: value for key, value in values.items() if value}


def parse_page(raw: str | None) -> int:
    if raw is None or raw == "":
        return 1
    value = ascii_int(raw, low=1, high=MAX_PAGE)
    if value is None:
        raise InvalidQuery(f"The page number must be a whole number from 1 to {MAX_PAGE}, not {raw[:20]!r}.")
    return value


def _parse_date(raw: str | None, name: str) -> date | None:
    if not raw:
        return None
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        raise InvalidQuery(f"The {name} date must look like 2024-01-31, not {raw[:20]!r}.") from None
    if not sane_date(value):
        raise InvalidQuery(f"The {name} date must be between {EARLIEST.year} and {LATEST.year}, not {raw[:20]!r}.")
    return value


def parse_filter(session: Session, args: Mapping[str, str]) -> VerdictFilter:
    """Check a reader's filter: unknown ratings, speakers, claim types and bad dates are refused."""
    found = VerdictFilter(rating=args.get("rating") or None, speaker=args.get("speaker") or None,
                          claim_type=args.get("claim_type") or None,
                          since=_parse_date(args.get("since"), "from"), until=_parse_date(args.get("until"), "to"))
    if found.rating and found.rating not in {level.slug for level in rating_scale(session)}:
        raise InvalidQuery(f"There is no rating {found.rating[:60]!r}; see the rating scale for the ratings we use.")
    if found.claim_type and found.claim_type not in CLAIM_TYPES:
        raise InvalidQuery(f"There is no claim type {found.claim_type[:60]!r}; choose one of {', '.join(CLAIM_TYPES)}.")
    if found.speaker and not names_for(session, found.speaker):
        raise InvalidQuery(f"No published verdict is about a speaker {found.speaker[:60]!r}.")
    if found.since and found.until and found.since > found.until:
        found = replace(found, since=found.until, until=found.since)
    return found


def public_rows() -> Select:
    return (select(Verdict, Claim).join(Claim, Claim.id == Verdict.claim_id).options(joinedload(Verdict.rating))
            .where(Verdict.published_at.is_not(None), Verdict.slug.is_not(None)))


def _filtered(session: Session, query: Select, chosen: VerdictFilter) -> Select:
    if chosen.rating:
        query = query.join(RatingLevel, RatingLevel.id == Verdict.rating_id).where(RatingLevel.slug == chosen.rating)
    if chosen.speaker:
        query = query.where(Claim.speaker.in_(names_for(session, chosen.speaker)))
    if chosen.claim_type:
        pattern = '%"' + chosen.claim_type.replace("_", "\\_") + '"%'
        query = query.where(cast(Claim.claim_types, String).like(pattern, escape="\\"))
    if chosen.since:
        query = query.where(Verdict.published_at >= datetime.combine(chosen.since, time.min))
    if chosen.until:
        query = query.where(Verdict.published_at < datetime.combine(chosen.until + timedelta(days=1), time.min))
    return query


def _older(moment, ident, cursor: Cursor):
    """Rows strictly older than the cursor in (moment, id) order, in a form every index range can use."""
    return and_(moment <= cursor.moment, or_(moment < cursor.moment, ident < cursor.id))


def _newer(moment, ident, cursor: Cursor):
    return and_(moment >= cursor.moment, or_(moment > cursor.moment, ident > cursor.id))


def resolve_page(session: Session, query: Select, moment, ident, position: Position, size: int) -> Position:
    """A `?page=N` link without a cursor: the cursor of the row just before page N, found by walking
    the sort order's index over the key columns only. Pages the site links to carry their cursor."""
    if position.before or position.after or position.number == 1:
        return position
    skip = (position.number - 1) * size
    rows = session.execute(query.with_only_columns(moment, ident).order_by(moment.desc(), ident.desc())
                           .offset(skip - 1).limit(2)).all()
    if len(rows) < 2:  # the last row of page N-1 and the first of page N
        raise InvalidQuery(f"There is no page {position.number}: the list ends before it.")
    return replace(position, before=Cursor(rows[0][0], rows[0][1]))


def keyset(session: Session, query: Select, moment, ident, key, position: Position, size: int) -> Page:
    """A page of `query` newest first by (moment, id); `key(row)` gives a row's (moment, id)."""
    position = resolve_page(session, query, moment, ident, position, size)
    if position.after is not None:
        rows = session.execute(query.where(_newer(moment, ident, position.after))
                               .order_by(moment, ident).limit(size + 1)).all()
        top = len(rows) <= size
        rows = list(reversed(rows[:size]))
        number = 1 if top else max(2, position.number)
        return Page(rows, number, size, older=str(Cursor(*key(rows[-1]))) if rows else str(position.after),
                    newer=None if top else str(Cursor(*key(rows[0]))))
    if position.before is not None:
        query = query.where(_older(moment, ident, position.before))
    rows = session.execute(query.order_by(moment.desc(), ident.desc()).limit(size + 1)).all()
    older = str(Cursor(*key(rows[size - 1]))) if len(rows) > size else None
    newer = str(Cursor(*key(rows[0]))) if position.before is not None and rows else None
    number = max(2, position.number) if position.before is not None else 1
    return Page(rows[:size], number, size, older, newer)


def _listing_key(row) -> tuple[datetime, int]:
    return row[0].published_at, row[0].id


def verdict_list(session: Session, chosen: VerdictFilter, position: Position | int = 1, size: int = 20) -> Page:
    """Public verdicts newest first, filtered; `position` a Position, or a page number (older callers)."""
    if isinstance(position, int):
        position = Position(position)
    page = keyset(session, _filtered(session, public_rows(), chosen), Verdict.published_at, Verdict.id,
                  _listing_key, position, size)
    return replace(page, rows=[Listing(*row) for row in page.rows])


def latest(session: Session, limit: int = 10) -> list[Listing]:
    rows = session.execute(public_rows().order_by(Verdict.published_at.desc(), Verdict.id.desc()).limit(limit))
    return [Listing(*row) for row in rows]


def published_colours(session: Session) -> list[str]:
    """The badge colours published verdicts carry (a handful: one per colour a level ever had),
    skipping from one to the next along ix_verdicts_rating_colour instead of reading every verdict."""
    return [c for c in distinct_along(session, "verdicts", "rating_colour") if c]


def distinct_along(session: Session, table: str, column: str, where: str = "1 = 1", params: dict | None = None,
                   limit: int = 100_000) -> list:
    """The distinct values of an indexed column, in order, one index seek per value (a "loose index
    scan": a recursive query; neither SQLite nor PostgreSQL skips along an index for DISTINCT)."""
    # table, column and where are the callers' constants; values are bound
    statement = text(f"""
        WITH RECURSIVE walk(value) AS (
            SELECT (SELECT {column} FROM {table} WHERE {where} AND {column} IS NOT NULL
                    ORDER BY {column} LIMIT 1)
            UNION ALL
            SELECT (SELECT {column} FROM {table} WHERE {where} AND {column} > walk.value
                    ORDER BY {column} LIMIT 1)
            FROM walk WHERE walk.value IS NOT NULL)
        SELECT value FROM walk WHERE value IS NOT NULL LIMIT {int(limit)}""")  # nosec B608
    return list(session.scalars(statement, params or {}))


def rating_scale(session: Session) -> list[RatingLevel]:
    return list(session.scalars(select(RatingLevel).order_by(RatingLevel.position, RatingLevel.id)))


@lru_cache(maxsize=65536)
def speaker_slug(name: str) -> str:
    return slugify(name, fallback="speaker")


PUBLIC_STATUSES = (Status.PUBLISHED.value, Status.RETRACTED.value)  # a claim whose verdict readers can open


def public_speaker_names(session: Session) -> list[str]:
    """Every spelling of a speaker of a published (or retracted) verdict, in order, walking
    ix_claims_status_speaker once per status: the cost follows the number of speakers, not of claims."""
    names: set[str] = set()
    for status in PUBLIC_STATUSES:
        names.update(distinct_along(session, "claims", "speaker", "status = :status", {"status": status}))
    return sorted(name for name in names if name.strip())


def speaker_names(session: Session) -> dict[str, list[str]]:
    """Speakers of public verdicts by slug (two spellings with the same slug share a page)."""
    by_slug: dict[str, list[str]] = {}
    for name in public_speaker_names(session):
        by_slug.setdefault(speaker_slug(name), []).append(name)
    return by_slug


def names_for(session: Session, slug: str) -> list[str]:
    """The spellings of one speaker (accents and case folded by the slug: "José" and "Jose" share one)."""
    return speaker_names(session).get(slug, [])


def speaker_verdicts(session: Session, slug: str, position: Position | None = None,
                     size: int = 20) -> tuple[str, Page]:
    """The speaker's display name and a page of their public verdicts, newest first."""
    names = names_for(session, slug)
    if not names:
        raise NotFound("We have not published a verdict about this speaker.")
    page = keyset(session, public_rows().where(Claim.speaker.in_(names)), Verdict.published_at, Verdict.id,
                  _listing_key, position or Position(), size)
    return names[0], replace(page, rows=[Listing(*row) for row in page.rows])


def speaker_rating_counts(session: Session, slug: str,
                          scale: list[RatingLevel]) -> tuple[int, list[tuple[str, str, int]]]:
    """How many public verdicts are about the speaker, and (label, colour, count) per level in scale
    order (retracted verdicts no longer count): one grouped query, however many there are."""
    names = names_for(session, slug)
    rows = session.execute(
        select(Verdict.rating_id, Verdict.retracted_at.is_(None), func.count())
        .join(Claim, Claim.id == Verdict.claim_id)
        .where(Claim.speaker.in_(names), Verdict.published_at.is_not(None), Verdict.slug.is_not(None))
        .group_by(Verdict.rating_id, Verdict.retracted_at.is_(None))).all()
    total = sum(n for *_, n in rows)
    counts: dict[int, int] = {}
    for rating_id, standing, n in rows:
        if standing and rating_id is not None:
            counts[rating_id] = counts.get(rating_id, 0) + n
    return total, [(level.label, level.colour, counts[level.id]) for level in scale if counts.get(level.id)]


def corrections_log(session: Session, position: Position | int = 1, size: int = 50) -> Page:
    """Every public correction, update and retraction, newest first, with its verdict."""
    if isinstance(position, int):
        position = Position(position)
    query = (select(Correction, Verdict).join(Verdict, Verdict.id == Correction.verdict_id)
             .where(Verdict.published_at.is_not(None)))
    page = keyset(session, query, Correction.created_at, Correction.id, lambda row: (row[0].created_at, row[0].id),
                  position, size)
    return replace(page, rows=[tuple(row) for row in page.rows])


def speakers_index(session: Session) -> list[tuple[str, str]]:
    """(slug, display name) of every speaker with a public verdict, by name."""
    return sorted(((slug, names[0]) for slug, names in speaker_names(session).items()), key=lambda s: s[1].lower())


def all_public(session: Session) -> list[Listing]:
    """Every public verdict, newest first (sitemap, static export)."""
    rows = session.execute(public_rows().order_by(Verdict.published_at.desc(), Verdict.id.desc()))
    return [Listing(*row) for row in rows]
