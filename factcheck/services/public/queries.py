"""Read queries for reader pages: lists with filters, speakers, the scale, the corrections log."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from sqlalchemy import Select, String, cast, func, select
from sqlalchemy.orm import Session, joinedload

from factcheck.errors import NotFound
from factcheck.extraction import CLAIM_TYPES
from factcheck.inputs import EARLIEST, LATEST, ascii_int, sane_date
from factcheck.models import Claim, Correction, RatingLevel, Verdict
from factcheck.services.public import InvalidQuery
from factcheck.slugs import slugify

MAX_PAGE = 100_000


@dataclass(frozen=True)
class Listing:
    """A verdict as lists show it, with its claim (Verdict has no relationship to Claim)."""

    verdict: Verdict
    claim: Claim


@dataclass(frozen=True)
class Page:
    rows: list
    number: int
    size: int
    total: int

    @property
    def last(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_next(self) -> bool:
        return self.number < self.last

    @property
    def has_previous(self) -> bool:
        return self.number > 1


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


def paginate(session: Session, query: Select, number: int, size: int) -> Page:
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = session.execute(query.offset((number - 1) * size).limit(size)).all()
    page = Page([Listing(*row) for row in rows], number, size, total)
    if number > page.last:
        raise InvalidQuery(f"There is no page {number}: the last page is {page.last}.")
    return page


def verdict_list(session: Session, chosen: VerdictFilter, number: int = 1, size: int = 20) -> Page:
    query = _filtered(session, public_rows(), chosen).order_by(Verdict.published_at.desc(), Verdict.id.desc())
    return paginate(session, query, number, size)


def latest(session: Session, limit: int = 10) -> list[Listing]:
    rows = session.execute(public_rows().order_by(Verdict.published_at.desc(), Verdict.id.desc()).limit(limit))
    return [Listing(*row) for row in rows]


def published_colours(session: Session) -> list[str]:
    """The badge colours published verdicts carry (a handful: one per colour a level ever had)."""
    return list(session.scalars(select(Verdict.rating_colour).where(Verdict.rating_colour.is_not(None))
                                .distinct().order_by(Verdict.rating_colour)))


def rating_scale(session: Session) -> list[RatingLevel]:
    return list(session.scalars(select(RatingLevel).order_by(RatingLevel.position, RatingLevel.id)))


@lru_cache(maxsize=65536)
def speaker_slug(name: str) -> str:
    return slugify(name, fallback="speaker")


def _public_speakers() -> Select:
    return (select(Claim.speaker).distinct().join(Verdict, Verdict.claim_id == Claim.id)
            .where(Verdict.published_at.is_not(None), Claim.speaker.is_not(None)))


def speaker_names(session: Session) -> dict[str, list[str]]:
    """Speakers of public verdicts by slug (two spellings with the same slug share a page)."""
    by_slug: dict[str, list[str]] = {}
    for name in sorted(n for n in session.scalars(_public_speakers()) if n.strip()):
        by_slug.setdefault(speaker_slug(name), []).append(name)
    return by_slug


def names_for(session: Session, slug: str) -> list[str]:
    """The spellings of one speaker: narrowed in SQL by the slug's words, then matched exactly."""
    pattern = "%" + "%".join(slug.split("-")) + "%"
    candidates = session.scalars(_public_speakers().where(func.lower(Claim.speaker).like(pattern)))
    names = sorted(n for n in candidates if speaker_slug(n) == slug)
    return names or speaker_names(session).get(slug, [])  # accents: "josé" is not LIKE "%jose%"


def speaker_verdicts(session: Session, slug: str) -> tuple[str, list[Listing]]:
    """The speaker's display name and every public verdict about them, newest first."""
    names = names_for(session, slug)
    if not names:
        raise NotFound("We have not published a verdict about this speaker.")
    rows = session.execute(public_rows().where(Claim.speaker.in_(names))
                           .order_by(Verdict.published_at.desc(), Verdict.id.desc()))
    return names[0], [Listing(*row) for row in rows]


def rating_counts(listings: list[Listing], scale: list[RatingLevel]) -> list[tuple[str, str, int]]:
    """(label, colour, count) per level in scale order; retracted verdicts no longer count."""
    counts: dict[int, int] = {}
    for listing in listings:
        if listing.verdict.retracted_at is None and listing.verdict.rating_id is not None:
            counts[listing.verdict.rating_id] = counts.get(listing.verdict.rating_id, 0) + 1
    return [(level.label, level.colour, counts[level.id]) for level in scale if counts.get(level.id)]


def corrections_log(session: Session, number: int = 1, size: int = 50) -> Page:
    """Every public correction, update and retraction, newest first, with its verdict."""
    query = (select(Correction, Verdict).join(Verdict, Verdict.id == Correction.verdict_id)
             .where(Verdict.published_at.is_not(None)).order_by(Correction.created_at.desc(), Correction.id.desc()))
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = session.execute(query.offset((number - 1) * size).limit(size)).all()
    page = Page([tuple(row) for row in rows], number, size, total)
    if number > page.last:
        raise InvalidQuery(f"There is no page {number}: the last page is {page.last}.")
    return page


def speakers_index(session: Session) -> list[tuple[str, str]]:
    """(slug, display name) of every speaker with a public verdict, by name."""
    return sorted(((slug, names[0]) for slug, names in speaker_names(session).items()), key=lambda s: s[1].lower())


def all_public(session: Session) -> list[Listing]:
    """Every public verdict, newest first (sitemap, static export)."""
    rows = session.execute(public_rows().order_by(Verdict.published_at.desc(), Verdict.id.desc()))
    return [Listing(*row) for row in rows]
