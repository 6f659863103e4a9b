"""Partners' fact-checks: a ClaimReview DataFeed (JSON-LD, as our /api/v1/claimreview.json serves),
a JSON list of ClaimReview records or a CSV export, stored as ExternalFactCheck rows.

All or nothing: every record is validated before anything is written, and the import is one
transaction. Re-importing updates rows by their review URL and never duplicates them.
"""
from __future__ import annotations

import csv
import io
import json
import urllib.request
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import matching
from factcheck.errors import ValidationError
from factcheck.models import ExternalFactCheck, User
from factcheck.services.common import audit, commit, require_role, use_case
from factcheck.workflow import Role

MAX_BYTES = 20 * 1024 * 1024
MAX_RECORDS = 50_000
FETCH_TIMEOUT = 20
FIELDS = ("review_url", "publisher_name", "publisher_url", "claim_reviewed", "claimant", "rating_text",
          "headline", "date_published")
LIMITS = {"review_url": 2000, "publisher_name": 200, "publisher_url": 2000, "claimant": 200,
          "rating_text": 200, "headline": 500, "claim_reviewed": 5000}
CSV_NAMES = {"url": "review_url", "review_url": "review_url", "claimreviewed": "claim_reviewed",
             "claim_reviewed": "claim_reviewed", "claim": "claim_reviewed", "publisher": "publisher_name",
             "publisher_name": "publisher_name", "author": "publisher_name", "publisher_url": "publisher_url",
             "rating": "rating_text", "rating_text": "rating_text", "reviewrating": "rating_text",
             "claimant": "claimant", "date_published": "date_published", "datepublished": "date_published",
             "headline": "headline"}


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def check_size(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise ValidationError(f"The feed is larger than {MAX_BYTES // (1024 * 1024)} MB: nothing was imported.")


def fetch(url: str, timeout: float = FETCH_TIMEOUT, max_bytes: int = MAX_BYTES) -> bytes:
    """GET an http(s) URL with a timeout, reading at most max_bytes (more is refused)."""
    if urlparse(url).scheme not in ("http", "https"):
        raise ValidationError("Only http:// and https:// feeds can be fetched.")
    request = urllib.request.Request(url, headers={"Accept": "application/ld+json, application/json, text/csv"})
    try:
        # scheme checked above (bandit B310)
        with urllib.request.urlopen(request, timeout=timeout) as response:  # nosec B310
            data = response.read(max_bytes + 1)
    except (OSError, ValueError) as error:
        raise ValidationError(f"The feed could not be fetched from {url}: {error}") from None
    check_size(data)
    return data


def records_of(data: bytes, name: str = "") -> list[Any]:
    """The raw records of a DataFeed, a JSON list, a single ClaimReview or a CSV file."""
    check_size(data)
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("The feed is not UTF-8 text.") from None
    if name.lower().endswith(".csv") or content.lstrip()[:1] not in ("{", "["):
        return _csv_records(content)
    try:
        document = json.loads(content)
    except (json.JSONDecodeError, RecursionError) as error:
        raise ValidationError(f"The feed is not valid JSON: {error}.") from None
    return _json_records(document)


def _json_records(document: Any) -> list[Any]:
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        raise ValidationError("The feed must be a DataFeed object, a ClaimReview or a list of ClaimReviews.")
    for key in ("dataFeedElement", "@graph", "claimReviews", "items"):
        if key in document:
            elements = document[key]
            if not isinstance(elements, list):
                raise ValidationError(f"The feed's {key} must be a list.")
            return [_unwrap(element) for element in elements]
    if document.get("@type") == "ClaimReview":
        return [document]
    raise ValidationError("The feed has no dataFeedElement list and is not a ClaimReview.")


def _unwrap(element: Any) -> Any:
    """A DataFeedItem carries its ClaimReview in `item`; a bare ClaimReview is its own record."""
    if isinstance(element, dict) and element.get("@type") == "DataFeedItem" and "item" in element:
        item = element["item"]
        return item[0] if isinstance(item, list) and len(item) == 1 else item
    return element


def _csv_records(content: str) -> list[dict]:
    reader = csv.DictReader(io.StringIO(content))
    if not reader.fieldnames:
        raise ValidationError("The CSV file has no header row.")
    header = {field: CSV_NAMES.get(field.strip().lower()) for field in reader.fieldnames if field}
    if "review_url" not in header.values() or "claim_reviewed" not in header.values():
        raise ValidationError("The CSV file needs a url and a claim_reviewed column.")
    try:
        return [{"_csv": {header[k]: v for k, v in row.items() if header.get(k)}} for row in reader]
    except csv.Error as error:
        raise ValidationError(f"The CSV file cannot be read: {error}.") from None


def _text(value: Any, what: str, where: str, required: bool = False) -> str | None:
    if value is None or value == "":
        if required:
            raise ValidationError(f"{where}: {what} is missing.")
        return None
    if not isinstance(value, str):
        raise ValidationError(f"{where}: {what} must be text, not {type(value).__name__}.")
    return " ".join(value.split()) or None


def _name(node: Any, what: str, where: str) -> str | None:
    """A schema.org Organization/Person node (or plain text): its name."""
    if isinstance(node, list):
        node = node[0] if node else None
    if isinstance(node, dict):
        return _text(node.get("name"), f"{what} name", where)
    return _text(node, what, where)


def _url(value: Any, what: str, where: str, required: bool = False) -> str | None:
    url = _text(value, what, where, required)
    if url is None:
        return None
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValidationError(f"{where}: {what} must be an http:// or https:// address, not {url[:60]!r}.")
    return url


def _date(value: Any, where: str) -> date | None:
    raw = _text(value, "datePublished", where)
    if raw is None:
        return None
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).date() if "T" in raw else date.fromisoformat(raw[:10])
    except ValueError:
        raise ValidationError(f"{where}: datePublished {raw[:30]!r} is not an ISO date.") from None


def _from_claimreview(record: dict, where: str) -> dict:
    item = record.get("itemReviewed")
    rating = record.get("reviewRating")
    if rating is not None and not isinstance(rating, dict):
        raise ValidationError(f"{where}: reviewRating must be an object.")
    if item is not None and not isinstance(item, dict):
        raise ValidationError(f"{where}: itemReviewed must be an object.")
    author = record.get("author") or record.get("publisher")
    rating_text = None
    if rating:
        rating_text = _text(rating.get("alternateName"), "reviewRating.alternateName", where)
        if rating_text is None and isinstance(rating.get("ratingValue"), (int, float, str)):
            rating_text = str(rating["ratingValue"])
    return {"review_url": record.get("url"), "claim_reviewed": record.get("claimReviewed"),
            "publisher_name": _name(author, "author", where),
            "publisher_url": author.get("url") if isinstance(author, dict) else None,
            "claimant": _name((item or {}).get("author"), "itemReviewed.author", where),
            "rating_text": rating_text, "headline": record.get("headline"),
            "date_published": record.get("datePublished")}


def validate(record: Any, position: int) -> dict:
    """One record's fields, checked; the message names the record and the problem."""
    where = f"Record {position}"
    if not isinstance(record, dict):
        raise ValidationError(f"{where} must be an object, not {type(record).__name__}.")
    raw = record["_csv"] if "_csv" in record else _from_claimreview(record, where)
    fields = {"review_url": _url(raw.get("review_url"), "url", where, required=True),
              "publisher_url": _url(raw.get("publisher_url"), "publisher url", where),
              "claim_reviewed": _text(raw.get("claim_reviewed"), "claimReviewed", where, required=True),
              "publisher_name": _text(raw.get("publisher_name"), "author (the publisher)", where, required=True),
              "date_published": _date(raw.get("date_published"), where)}
    for name in ("claimant", "rating_text", "headline"):
        fields[name] = _text(raw.get(name), name, where)
    for name, limit in LIMITS.items():
        if fields[name] and len(fields[name]) > limit:
            raise ValidationError(f"{where}: {name} is longer than {limit} characters.")
    fields["raw"] = record.get("_csv", record)
    return fields


def _store(session: Session, rows: dict[str, dict]) -> ImportResult:
    existing: dict[str, ExternalFactCheck] = {}
    urls = sorted(rows)
    for start in range(0, len(urls), 500):
        for row in session.scalars(select(ExternalFactCheck).where(
                ExternalFactCheck.review_url.in_(urls[start:start + 500]))):
            existing[row.review_url] = row
    created = updated = 0
    for url, fields in rows.items():
        row = existing.get(url)
        if row is None:
            row = ExternalFactCheck(**fields)
            session.add(row)
            created += 1
        elif any(getattr(row, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(row, key, value)
            updated += 1
        else:
            continue
        session.flush()
        matching.index_external(session, row)
    return ImportResult(created, updated, len(rows) - created - updated)


@use_case
def import_claimreviews(session: Session, actor: User | None, data: bytes, *, name: str = "") -> ImportResult:
    """Validate every record, then create or update them all in one transaction."""
    if actor is not None:
        require_role(actor, Role.EDITOR, "Importing partners' fact-checks")
    records = records_of(data, name)
    if len(records) > MAX_RECORDS:
        raise ValidationError(f"The feed has {len(records):,} records; at most {MAX_RECORDS:,} are imported at once.")
    rows = {}
    for position, record in enumerate(records, 1):
        fields = validate(record, position)
        rows[fields["review_url"]] = fields  # the same URL twice in one feed: the later record wins
    result = _store(session, rows)
    audit(session, actor, "import_claimreview", note=name[:200] or None,
          data={"created": result.created, "updated": result.updated, "unchanged": result.unchanged})
    commit(session)
    return result
