"""Fill a database with realistic fact-check data at a chosen size, fast.

    .venv/bin/python benchmarks/generate.py --database-url URL --claims 100000 --verdicts 20000
    .venv/bin/python benchmarks/generate.py                    # 2,000 claims into a temporary SQLite file

Migrates an empty database first and refuses one that already holds claims unless --append is
given. Rows go in through SQLAlchemy Core `insert()` with executemany batches, in the shapes the
services write: articles with claims in every state, their appearances, evidence and notes, drafts
and published verdicts with revisions, corrections and retractions, audit events, a few users.
Search rows are kept as the app keeps them: the database's own triggers fill the full-text tables
of migrations 0004p and 0009p, `factcheck.matching.index.add_many` writes the matching documents
and word counts, and `factcheck.services.public.datafeed.rebuild` stores each verdict's ClaimReview.

Realistic enough for timings: speakers drawn from a few hundred names with a skewed (Zipf)
distribution, dates over six years, ratings across the whole scale, unique verdict slugs.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, inspect, select, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from factcheck import migrate  # noqa: E402
from factcheck.db import make_engine  # noqa: E402
from factcheck.extraction import CLAIM_TYPES  # noqa: E402
from factcheck.models import (  # noqa: E402
    Appearance,
    Article,
    AuditEvent,
    Claim,
    Correction,
    Evidence,
    Note,
    RatingLevel,
    User,
    Verdict,
    VerdictRevision,
)
from factcheck.services.accounts import HASHER  # noqa: E402
from factcheck.slugs import slugify  # noqa: E402

PASSWORD = "benchmark password"
BATCH = 5000
START = datetime(2019, 1, 1)
SPAN_DAYS = 6 * 365

FIRST = ["Ann", "Bob", "Carla", "Dan", "Eve", "Farid", "Grace", "Hugo", "Ines", "Jon", "Kemi", "Lars", "Maya",
         "Nils", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara", "Uma", "Victor", "Wen", "Yusuf", "Zoe"]
LAST = ["Able", "Baker", "Costa", "Dietrich", "Evans", "Fischer", "Garcia", "Hansen", "Ito", "Jensen", "Kowalski",
        "Larsen", "Moreau", "Novak", "Okafor", "Petrov", "Quist", "Rossi", "Silva", "Tanaka", "Usman", "Varga"]
ORGANISATIONS = ["Ministry of Health", "Ministry of Finance", "Labour Party", "Green Party", "National Bank",
                 "Statistics Office", "Farmers Union", "City Council", "Police Federation", "Energy Agency"]
SUBJECTS = ["unemployment", "inflation", "crime", "immigration", "house prices", "rents", "child poverty",
            "hospital waiting times", "the deficit", "national debt", "energy bills", "fuel prices", "wages",
            "school funding", "police numbers", "carbon emissions", "knife crime", "homelessness", "tax revenue",
            "defence spending", "pension costs", "youth unemployment", "food prices", "teacher numbers",
            "nurse vacancies", "bus fares", "broadband coverage", "recycling rates", "air pollution", "burglaries"]
RISE = ["rose", "fell", "doubled", "halved", "tripled", "dropped", "soared", "stayed flat"]
PLACES = ["the capital", "the north", "the south", "rural areas", "Springfield", "Riverside", "Lakeside",
          "Hillview", "Eastport", "Westbury", "the coast", "the islands", "every region", "Oldtown", "Newham"]
OUTLETS = ["Daily Ledger", "Evening Post", "Morning Star Times", "Capital Radio", "Channel 4 News", "The Observer",
           "Regional Herald", "Public Broadcaster", "Weekly Review", "News Online"]
DISMISS = ["opinion, not checkable", "already checked elsewhere", "too vague", "not in the public interest"]
# claims per state when no verdict count is given, as shares of the non-verdict claims
STATES = [("new", 45), ("queued", 15), ("researching", 6), ("in_review", 1), ("dismissed", 26), ("duplicate", 7)]


def speakers(rng: random.Random, count: int = 300) -> tuple[list[str], list[float]]:
    """A few hundred names (people and organisations), weighted by Zipf: a few are quoted all the time."""
    names = list(ORGANISATIONS) + [f"{first} {last}" for first in FIRST for last in LAST]
    rng.shuffle(names)
    names = names[:count]
    return names, list(accumulate(1.0 / (rank + 1) ** 1.1 for rank in range(len(names))))


@dataclass
class Plan:
    claims: int
    verdicts: int
    seed: int = 7
    statuses: list[str] = field(default_factory=list)

    def states(self, rng: random.Random) -> list[str]:
        """Every claim's status: exactly `verdicts` published or retracted (3% retracted), the rest spread."""
        rest = self.claims - self.verdicts
        total = sum(share for _, share in STATES)
        out = [status for status, share in STATES for _ in range(rest * share // total)]
        out += ["new"] * (rest - len(out))
        retracted = max(1, self.verdicts * 3 // 100) if self.verdicts >= 10 else 0
        out += ["retracted"] * retracted + ["published"] * (self.verdicts - retracted)
        rng.shuffle(out)
        return out


def next_id(connection, model) -> int:
    return (connection.scalar(select(func.max(model.id))) or 0) + 1


def batched(connection, model, rows) -> int:
    """executemany in batches; rows is any iterable of dicts."""
    chunk, count = [], 0
    for row in rows:
        chunk.append(row)
        if len(chunk) >= BATCH:
            connection.execute(insert(model), chunk)
            count, chunk = count + len(chunk), []
    if chunk:
        connection.execute(insert(model), chunk)
        count += len(chunk)
    return count


def users(connection, run: str) -> dict[str, list[int]]:
    """One admin, three editors, eight reviewers (all with the benchmark password)."""
    first = next_id(connection, User)
    password = HASHER.hash(PASSWORD)
    people = [("admin", 1), ("editor", 3), ("reviewer", 8)]
    rows, by_role = [], {}
    for role, count in people:
        for n in range(count):
            user_id = first + len(rows)
            rows.append({"id": user_id, "email": f"bench-{role}-{n}{run}@example.org", "name": f"Bench {role} {n}",
                         "role": role, "password_hash": password, "active": True, "created_at": START,
                         "session_epoch": 0})
            by_role.setdefault(role, []).append(user_id)
    connection.execute(insert(User), rows)
    return by_role


def sentence(rng: random.Random, n: int) -> str:
    subject, place = rng.choice(SUBJECTS), rng.choice(PLACES)
    shape = n % 4
    if shape == 0:
        return f"{subject.capitalize()} {rng.choice(RISE)} by {rng.randint(2, 90)} percent in {place} since {rng.randint(2005, 2023)}."
    if shape == 1:
        return f"{place.capitalize()} spends more on {subject} than anywhere else, {rng.randint(2, 40)} billion a year."
    if shape == 2:
        return f"The government cut {subject} funding by {rng.randint(5, 900)} million last year in {place}."
    return f"{subject.capitalize()} is at its highest level for {rng.randint(3, 50)} years in {place}."


def moment(rng: random.Random, n: int, total: int) -> datetime:
    """Spread over six years in order of n, with a little jitter (claims arrive roughly in id order)."""
    return START + timedelta(days=SPAN_DAYS * n / max(1, total), minutes=rng.randint(0, 600))


def generate(engine, plan: Plan, append: bool = False) -> dict[str, int]:
    rng = random.Random(plan.seed)
    names, weights = speakers(rng)
    statuses = plan.states(rng)
    run = f"-{int(time.time())}" if append else ""
    counts: dict[str, int] = {}
    with engine.begin() as connection:
        people = users(connection, run)
        reviewers, editors = people["reviewer"], people["editor"]
        levels = list(connection.execute(select(RatingLevel.id, RatingLevel.label, RatingLevel.colour)
                                         .where(RatingLevel.retired.is_(False)).order_by(RatingLevel.position)))
        first_article, first_claim = next_id(connection, Article), next_id(connection, Claim)
        first_verdict = next_id(connection, Verdict)

        # claims (and their article sentences), four to an article
        claims, articles = [], []
        for n, status in enumerate(statuses):
            created = moment(rng, n, plan.claims)
            article_id = first_article + n // 4
            if n % 4 == 0:
                articles.append({"id": article_id, "created": created, "sentences": []})
            text_ = sentence(rng, n)
            articles[-1]["sentences"].append(text_)
            claims.append({"id": first_claim + n, "status": status, "text": text_, "created": created,
                           "article_id": article_id,
                           "speaker": rng.choices(names, cum_weights=weights)[0]})
        counts["articles"] = batched(connection, Article, (
            {"id": a["id"], "title": f"{rng.choice(SUBJECTS).capitalize()}: what was said in {rng.choice(PLACES)}",
             "outlet": rng.choice(OUTLETS), "url": f"https://news.example.org/{a['id']}{run}",
             "author": rng.choice(FIRST) + " " + rng.choice(LAST), "published_date": a["created"].date(),
             "kind": "article", "body": " ".join(a["sentences"]),
             "content_hash": hashlib.sha256(f"{plan.seed}{run}-{a['id']}".encode()).hexdigest(),
             "source_name": None, "ingested_by_id": rng.choice(reviewers), "ingested_at": a["created"],
             "held_back": 0, "extraction_warnings": []} for a in articles))
        counts["claims"] = batched(connection, Claim, (claim_row(rng, c, reviewers, first_claim) for c in claims))
        counts["appearances"] = batched(connection, Appearance, appearance_rows(rng, claims, articles, first_article))
        working = [c for c in claims if c["status"] in ("researching", "in_review", "published", "retracted")]
        counts["evidence"] = batched(connection, Evidence, (
            {"claim_id": c["id"], "number": k, "url": f"https://data.example.gov/{c['id']}/{k}",
             "title": f"Official statistics on {rng.choice(SUBJECTS)}, table {k}", "publisher": "Statistics Office",
             "published_date": c["created"].date(), "excerpt": "The series shows a smaller change.",
             "stance": rng.choice(["supports", "refutes", "context"]),
             "source_kind": rng.choice(["primary", "official_data", "expert", "secondary"]),
             "archive_url": f"https://archive.example.org/{c['id']}/{k}" if k == 1 else None,
             "added_by_id": rng.choice(reviewers), "created_at": c["created"], "updated_at": c["created"],
             "version": 1} for c in working for k in (1, 2)))
        counts["notes"] = batched(connection, Note, (
            {"claim_id": c["id"], "author_id": rng.choice(reviewers), "body": "Asked the office for the raw table.",
             "created_at": c["created"]} for c in working if c["id"] % 3 == 0))
        verdicts = verdict_rows(rng, [c for c in working if c["status"] != "researching"], levels, reviewers,
                                editors, first_verdict, run)
        revisions, corrections = history(connection, rng, verdicts)
        counts["verdicts"] = batched(connection, Verdict, verdicts)
        counts["verdict_revisions"] = batched(connection, VerdictRevision, revisions)
        counts["corrections"] = batched(connection, Correction, corrections)
        counts["audit_events"] = batched(connection, AuditEvent, audit_rows(claims, reviewers, editors))
        fix_sequences(connection)
    with Session(engine) as session:
        counts.update(search_rows(session, first_claim, first_verdict))
        session.commit()
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    return counts


def claim_row(rng: random.Random, c: dict, reviewers: list[int], first_claim: int) -> dict:
    status, created = c["status"], c["created"]
    changed = created + timedelta(days=rng.randint(0, 20))
    assigned = status in ("researching", "in_review", "published", "retracted")
    return {
        "id": c["id"], "article_id": c["article_id"], "text": c["text"], "speaker": c["speaker"],
        "speaker_role": None, "speaker_kind": None, "said_on": None, "attribution": "said",
        "claim_date": None, "claim_types": rng.sample(CLAIM_TYPES, rng.randint(1, 2)),
        "score": round(rng.random(), 4), "reasons": ["contains a number", "names a speaker"],
        "entities": [], "numbers": [], "appeared_on": created.date(), "status": status,
        "priority": 1 if rng.random() < 0.05 else 0, "demand": rng.choice([0] * 20 + [1, 2, 5]),
        "assignee_id": rng.choice(reviewers) if assigned else None,
        "duplicate_of_id": rng.randint(first_claim, c["id"] - 1) if status == "duplicate" and c["id"] > first_claim else None,
        "dismiss_reason": rng.choice(DISMISS) if status == "dismissed" else None,
        "created_by_id": None, "created_at": created, "updated_at": changed, "status_changed_at": changed,
        "version": 1 if status == "new" else 3,
    }


def appearance_rows(rng: random.Random, claims: list[dict], articles: list[dict], first_article: int):
    """Each claim's original sentence in its article (with its span), and a repeat elsewhere for one in ten."""
    for c in claims:
        article = articles[c["article_id"] - first_article]
        start = 0
        for s in article["sentences"]:
            if s == c["text"]:
                break
            start += len(s) + 1
        yield {"claim_id": c["id"], "kind": "article", "article_id": c["article_id"], "span_start": start,
               "span_end": start + len(c["text"]), "extra_spans": [], "text": c["text"],
               "speaker_as_written": c["speaker"], "where": None, "url": None, "appeared_on": c["created"].date(),
               "created_at": c["created"]}
        if c["id"] % 10 == 0:
            yield {"claim_id": c["id"], "kind": "hand", "article_id": None, "span_start": None, "span_end": None,
                   "extra_spans": [], "text": c["text"], "speaker_as_written": c["speaker"], "where": "a TV interview",
                   "url": f"https://video.example.org/{c['id']}",
                   "appeared_on": (c["created"] + timedelta(days=3)).date(), "created_at": c["created"]}


def verdict_rows(rng, claims, levels, reviewers, editors, first_verdict, run) -> list[dict]:
    rows = []
    for n, c in enumerate(claims):
        level = rng.choice(levels)
        published = c["status"] in ("published", "retracted")
        at = c["created"] + timedelta(days=rng.randint(1, 30), minutes=rng.randint(0, 1440)) if published else None
        subject = c["text"].split(" ")[0].lower()
        headline = f"{level.label}: {c['text'][:-1]}"[:190]
        rows.append({
            "id": first_verdict + n, "claim_id": c["id"], "rating_id": level.id, "headline": headline,
            "summary": f"Official figures on {subject} show a different picture from the one {c['speaker']} gave.",
            "body": (f"{c['speaker']} said that {c['text'][0].lower()}{c['text'][1:]} The official series [1] "
                     f"shows a smaller change, and the regional breakdown [2] does not support the comparison.\n\n"
                     f"We asked for the source of the figure and were pointed to an older table."),
            "author_id": rng.choice(reviewers), "editor_id": rng.choice(editors) if published else None,
            "slug": f"{slugify(headline, fallback='verdict')[:90]}-{first_verdict + n}{run}" if published else None,
            "reviewed_snapshot": None, "created_at": c["created"], "updated_at": at or c["created"],
            "rating_label": level.label if published else None, "rating_colour": level.colour if published else None,
            "published_at": at, "modified_at": at,
            "retracted_at": at + timedelta(days=40) if c["status"] == "retracted" else None,
        })
    return rows


def history(connection, rng, verdicts: list[dict]) -> tuple[list[dict], list[dict]]:
    """Revision 1 of every published verdict; a correction (revision 2) on one in twenty; retractions.
    Sets each verdict's modified_at to its last change (call before the verdicts are inserted)."""
    revisions, corrections = [], []
    first_revision = next_id(connection, VerdictRevision)
    for v in verdicts:
        if v["published_at"] is None:
            continue
        base = {"verdict_id": v["id"], "rating_id": v["rating_id"], "rating_label": v["rating_label"],
                "rating_colour": v["rating_colour"], "headline": v["headline"], "summary": v["summary"],
                "body": v["body"], "created_by_id": v["editor_id"]}
        revisions.append(base | {"id": first_revision + len(revisions), "number": 1, "created_at": v["published_at"]})
        if v["retracted_at"] is not None:
            corrections.append({"verdict_id": v["id"], "kind": "retraction", "note": "Our main source was withdrawn.",
                                "revision_id": None, "created_by_id": v["editor_id"], "created_at": v["retracted_at"]})
            v["modified_at"] = v["retracted_at"]
        elif v["id"] % 20 == 0:
            fixed = v["published_at"] + timedelta(days=rng.randint(1, 60))
            revisions.append(base | {"id": first_revision + len(revisions), "number": 2, "created_at": fixed,
                                     "summary": v["summary"] + " (Corrected.)"})
            corrections.append({"verdict_id": v["id"], "kind": rng.choice(["correction", "update"]),
                                "note": "We used the wrong year's table; the finding stands.",
                                "revision_id": revisions[-1]["id"], "created_by_id": v["editor_id"],
                                "created_at": fixed})
            v["modified_at"] = fixed
    return revisions, corrections


def audit_rows(claims: list[dict], reviewers: list[int], editors: list[int]):
    """What the services write on the way: intake, then each transition the claim went through."""
    paths = {"new": [], "queued": ["accept"], "researching": ["accept", "take"],
             "in_review": ["accept", "take", "submit"], "published": ["accept", "take", "submit", "publish"],
             "retracted": ["accept", "take", "submit", "publish", "retract"], "dismissed": ["dismiss"],
             "duplicate": ["mark_duplicate"]}
    states = {"accept": ("new", "queued"), "take": ("queued", "researching"), "submit": ("researching", "in_review"),
              "publish": ("in_review", "published"), "retract": ("published", "retracted"),
              "dismiss": ("new", "dismissed"), "mark_duplicate": ("new", "duplicate")}
    for c in claims:
        yield {"claim_id": c["id"], "actor_id": reviewers[c["id"] % len(reviewers)], "action": "ingest",
               "from_status": None, "to_status": "new", "note": None, "data": None, "created_at": c["created"]}
        for step, action in enumerate(paths[c["status"]], start=1):
            actor = editors[c["id"] % len(editors)] if action in ("publish", "retract") else reviewers[c["id"] % len(reviewers)]
            before, after = states[action]
            yield {"claim_id": c["id"], "actor_id": actor, "action": action, "from_status": before, "to_status": after,
                   "note": None, "data": None, "created_at": c["created"] + timedelta(hours=step)}


def fix_sequences(connection) -> None:
    """Explicit ids were inserted: PostgreSQL's sequences must continue after them."""
    if connection.dialect.name != "postgresql":
        return
    for model in (User, Article, Claim, Appearance, Evidence, Note, Verdict, VerdictRevision, Correction, AuditEvent):
        table = model.__tablename__
        connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"))


def search_rows(session: Session, first_claim: int, first_verdict: int) -> dict[str, int]:
    """The matching index as the services keep it, and the stored ClaimReviews (when that table exists)."""
    from factcheck.matching.index import add_many, claim_document, verdict_document

    claims = {c.id: c for c in session.execute(select(Claim.id, Claim.text, Claim.speaker, Claim.claim_date)
                                               .where(Claim.id >= first_claim))}
    public = session.execute(select(Verdict.id, Verdict.claim_id, Verdict.headline).where(
        Verdict.id >= first_verdict, Verdict.published_at.is_not(None), Verdict.retracted_at.is_(None)))
    documents = [claim_document(c) for c in claims.values()]
    documents += [verdict_document(v, claims[v.claim_id]) for v in public]
    out = {"match_documents": add_many(session, documents)}
    try:
        from factcheck.services.public import datafeed
    except ImportError:
        return out
    out["claimreview_records"] = datafeed.rebuild(session, first_verdict)
    return out


def is_empty(engine) -> bool:
    if not inspect(engine).has_table("claims"):
        return True
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(select(Claim.id).limit(1).subquery())) == 0


def main(argv: list[str] | None = None) -> dict[str, int]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="default: a new SQLite file in a temporary folder")
    parser.add_argument("--claims", type=int, default=2000)
    parser.add_argument("--verdicts", type=int, help="published verdicts (default: a fifth of the claims)")
    parser.add_argument("--append", action="store_true", help="add to a database that already holds claims")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    verdicts = args.claims // 5 if args.verdicts is None else args.verdicts
    if not 0 <= verdicts <= args.claims or args.claims < 1:
        parser.error("--verdicts must be between 0 and --claims, and --claims at least 1")
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='factcheck-generate-')}/bench.db"
    engine = make_engine(url)
    if not is_empty(engine) and not args.append:
        parser.exit(2, f"{engine.url.render_as_string(hide_password=True)} already holds claims: "
                       "pass --append to add more, or use an empty database.\n")
    began = time.perf_counter()
    migrate.upgrade(engine)
    counts = generate(engine, Plan(args.claims, verdicts, args.seed), append=args.append)
    seconds = time.perf_counter() - began
    print(f"{engine.dialect.name}: {args.claims:,} claims, {verdicts:,} verdicts in {seconds:.1f} s "
          f"({url if not args.database_url else engine.url.render_as_string(hide_password=True)})")
    print("  " + ", ".join(f"{name} {n:,}" for name, n in counts.items()))
    engine.dispose()
    return counts


if __name__ == "__main__":
    main()
