"""Security proven by attacking it, over routes enumerated from the app itself (so routes added later
are covered without editing this file): CSRF on every POST, the standard headers on every page, and
no draft, note, evidence note or tipster's contact in anything a reader can fetch."""
import re

from factcheck.models import Evidence, Note, Verdict
from factcheck.services import tips

CSRF_EXEMPT = {"/api/v1/tips"}  # JSON only, strict schema, no cookies needed (tests/web/test_tips.py)
MARKER = "zq7marker"


def concrete(rule) -> str:
    """A request path for a URL rule: ids become 1, a choice its first option, any other piece 'x'."""
    def piece(match):
        converter = match.group(1) or ""
        if converter.startswith("int"):
            return "1"
        if converter.startswith("any("):
            return converter[4:].split(",")[0].strip(" )'\"")
        return "x"
    return re.sub(r"<(?:([^:>]+):)?[^>]+>", piece, rule.rule)


def post_rules(app):
    return sorted({concrete(rule) for rule in app.url_map.iter_rules()
                   if "POST" in rule.methods and rule.endpoint != "static"} - CSRF_EXEMPT)


def test_every_post_route_refuses_a_missing_or_foreign_csrf_token(csrf_app):
    attacker, victim = csrf_app.test_client(), csrf_app.test_client()
    foreign = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', attacker.get("/login").text).group(1)
    paths = post_rules(csrf_app)
    assert len(paths) > 30  # the enumeration found the desk, not an empty map
    for path in paths:
        for data in ({}, {"csrf_token": foreign}):
            page = victim.post(path, data=data)
            assert page.status_code == 400 and "did not come from this site" in page.text, (path, data)


def get_pages(app):
    return sorted({concrete(rule) for rule in app.url_map.iter_rules()
                   if "GET" in rule.methods and rule.endpoint != "static" and "<" not in rule.rule})


def test_every_page_carries_the_security_headers(app, client, publish):
    verdict = publish()
    paths = get_pages(app) + [f"/verdicts/{verdict.slug}", "/verdicts/no-such-page"]
    for path in paths:
        response = client.get(path)
        csp = response.headers.get("Content-Security-Policy", "")
        assert "unsafe-inline" not in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert response.headers.get("X-Content-Type-Options") == "nosniff", path
        assert response.headers.get("Referrer-Policy") == "same-origin", path


def plant_markers(session, publish, make_claim, make_user):
    verdict = publish(claim_text="Crime rose by half in Lakeshore in 2022")
    reviewer = make_user("reviewer")
    draft_claim = make_claim("researching", assignee=reviewer, text=f"Rents doubled {MARKER}claim")
    session.add(Verdict(claim_id=draft_claim.id, headline=f"Draft {MARKER}headline", summary=f"{MARKER}summary",
                        body=f"{MARKER}body", author_id=reviewer.id))
    session.add(Note(claim_id=verdict.claim_id, author_id=reviewer.id, body=f"internal {MARKER}note"))
    session.add(Evidence(claim_id=verdict.claim_id, number=9, url="https://x.example.org/", title="Source",
                         notes=f"{MARKER}evidencenote", added_by_id=reviewer.id))
    session.commit()
    tips.submit_tip(session, tips.TipInput(text="Crime rose by half in Lakeshore in 2022",
                                           contact=f"{MARKER}@example.org", wants_updates=True), address_hash="h")
    return verdict


def test_nothing_private_reaches_a_reader(app, client, session, publish, make_claim, make_user):
    verdict = plant_markers(session, publish, make_claim, make_user)
    paths = [p for p in get_pages(app) if not p.startswith(("/desk", "/admin", "/account"))]
    paths += [f"/verdicts/{verdict.slug}", "/search?q=Rents+doubled", "/api/v1/match?text=Rents+doubled+claim", "/search?q=internal+note",
              f"/api/v1/verdicts/{verdict.slug}", "/api/v1/claimreview.json", "/sitemap.xml", "/feed.xml"]
    seen = 0
    for path in paths:
        response = client.get(path, follow_redirects=True)
        if response.status_code == 200:
            seen += 1
        assert MARKER not in response.get_data(as_text=True), path
    assert seen > 10
