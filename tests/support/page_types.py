"""Every page type of the app, enumerated from its URL map, over a desk with something in every state.

`populate(session)` fills a database (claims in every state, a published and a corrected verdict, a
tip, a job); `page_requests(app, ids)` turns every GET rule into a request path with real ids and says
who asks for it (the admin for desk pages, a reader for public ones), plus the error pages. The HTML
and accessibility checks use both, so a page added later is checked without editing them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from factcheck.documents import ArticleDraft
from factcheck.models import Claim, Evidence, Job, JobState, RatingLevel, User
from factcheck.services import accounts, editorial, research, tips, triage
from factcheck.services.intake import ingest
from factcheck.services.public.queries import speaker_slug

PASSWORD = "page types password"
DESK_PREFIXES = ("/desk", "/admin", "/account", "/password")
ARTICLE = ("date 2024-03-02\nThe minister said unemployment rose by 40 percent in 2023. "
           "Police figures show crime fell by 3% last year, according to the statistics office. "
           "\"We built 20,000 homes in 2022,\" the mayor said on Tuesday.")


@dataclass(frozen=True)
class PageRequest:
    path: str
    who: str  # "admin" or "reader"
    expect: int = 200


def people(session) -> dict[str, User]:
    found = {}
    for role in ("reviewer", "editor", "admin"):
        for n in (1, 2):
            email = f"{role}{n}@pages.example"
            user = session.scalar(select(User).where(User.email == email))
            if user is None:
                user = User(email=email, name=f"{role.title()} {n}", role=role,
                            password_hash=accounts.HASHER.hash(PASSWORD), active=True)
                session.add(user)
            found[f"{role}{n}"] = user
    session.commit()
    return found


def version(session, claim_id: int) -> int:
    session.expire_all()
    return session.get(Claim, claim_id).version


def publish_one(session, reviewer: User, editor: User, claim_id: int, headline: str):
    rating = session.scalar(select(RatingLevel.id).where(RatingLevel.slug == "false"))
    claim = triage.accept(session, reviewer, claim_id, version(session, claim_id))
    claim = research.take(session, reviewer, claim_id, claim.version)
    research.save_draft(session, reviewer, claim.id, claim.version, research.DraftInput(
        rating_id=rating, headline=headline, summary="Police figures show a 3% fall, not a rise.",
        body="The statistics office [1] publishes the figures."))
    session.add(Evidence(claim_id=claim.id, number=1, url="https://stats.example.org/crime", title="Recorded crime",
                         publisher="Statistics Office", published_date=date(2024, 3, 1), source_kind="primary",
                         added_by_id=reviewer.id))
    session.commit()
    research.submit(session, reviewer, claim.id, version(session, claim.id))
    return editorial.publish(session, editor, claim.id, version(session, claim.id))


def populate(session) -> dict:
    who = people(session)
    result = ingest(session, who["reviewer1"], ArticleDraft(title="Minister on jobs", body=ARTICLE,
                                                            outlet="The Daily", url="https://daily.example/jobs"))
    claims = sorted(result.article.claims, key=lambda c: c.id)
    verdict = publish_one(session, who["reviewer1"], who["editor1"], claims[0].id, "Unemployment did not rise by 40%")
    if len(claims) > 1:
        triage.accept(session, who["reviewer2"], claims[1].id, version(session, claims[1].id))
        research.take(session, who["reviewer2"], claims[1].id, version(session, claims[1].id))
    tips.submit_tip(session, tips.TipInput(text="Did crime really fall by 3% last year?"), address_hash="pages")
    session.add(Job(kind="fetch_link", label="Fetch https://daily.example/jobs", args={}, state=JobState.FAILED,
                    attempts=1, error="The page answered 503."))
    session.commit()
    return {"claim_id": claims[-1].id, "article_id": result.article.id, "verdict_id": verdict.id,
            "user_id": who["reviewer2"].id, "slug": verdict.slug, "speaker": speaker_slug(claims[0].speaker or "x"),
            "tip_id": 1, "job_id": 1, "level_id": 1, "evidence_id": 1, "number": 1,
            "every_claim": [c.id for c in claims]}  # published, researching, new: the claim page in each state


def page_requests(app, ids: dict) -> list[PageRequest]:
    requests = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue

        def piece(match, rule=rule):
            converter, name = match.group(1) or "", match.group(2)
            if name == "slug":
                return ids["speaker"] if rule.rule.startswith("/speakers") else ids["slug"]
            if converter.startswith("any("):
                return converter[4:].split(",")[0].strip(" )'\"")
            return str(ids.get(name, 1))
        path = re.sub(r"<(?:([^:>]+):)?([^>]+)>", piece, rule.rule)
        requests.append(PageRequest(path, "admin" if path.startswith(DESK_PREFIXES) else "reader"))
    for claim_id in ids.get("every_claim", []):
        requests += [PageRequest(f"/desk/claims/{claim_id}", "admin"), PageRequest(f"/desk/claims/{claim_id}/draft", "admin")]
    requests += [PageRequest("/verdicts/no-such-verdict", "reader", 404),
                 PageRequest("/desk/claims/999999", "admin", 404),
                 PageRequest("/verdicts/?page=%C2%B2", "reader", 400)]
    return requests


def is_html(response) -> bool:
    return response.mimetype == "text/html"
