"""A corpus of script-injection payloads through every text field a person can fill, published, then
every page that shows them opened in Chromium: no payload runs (no dialog, no call to the exposed
`__xss`), no element carries an event-handler attribute, and no href/src/action is a javascript: or
data: URL. The contexts bypass the CSP, so what is tested is the escaping and the Markdown sanitiser,
not the second wall (tests/browser/test_csp.py tests that one).

Each payload calls `__xss('<field>.<n>')`, so a call names the field and the payload that got
through. URL fields refuse javascript:/data: links at the door (checked below); rows written past
the services (an import, an older version) carry them too, to check the pages' own link checks."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from factcheck import create_app
from factcheck.documents import ArticleDraft
from factcheck.errors import ValidationError
from factcheck.models import Appearance, AppearanceKind, Claim, Evidence, Job, JobState, Tip, TipStatus
from factcheck.services import accounts, claim_edits, editorial, evidence, notes, ratings, research, tips, triage
from factcheck.services.intake import ingest
from factcheck.services.public.queries import speaker_slug
from factcheck.services.settings import update_settings
from tests.support.browser import ARGS, CHROMIUM, sync_playwright  # skips the module without Chromium
from tests.support.journeys import Watch, log_in
from tests.support.page_types import PASSWORD, page_requests, people, version

pytestmark = pytest.mark.browser


def corpus(call: str) -> list[str]:
    """Payloads around one call, most telling first: HTML, attribute breakouts, Markdown, Unicode."""
    return [
        f"<script>{call}</script>",
        f"\"><img src=x onerror={call}>",
        f"'><svg onload={call}>",
        f"<img src=x onerror={call}>",
        f"</script><script>{call}</script>",
        f"<svg><script>{call}</script></svg>",
        f"<iframe srcdoc=\"<script>parent.{call}</script>\"></iframe>",
        f"<input autofocus onfocus={call}>",
        f"<details open ontoggle={call}>x</details>",
        f"[x](javascript:{call})",
        f"![x](javascript:{call})",
        f"[ref][r1]\n\n[r1]: javascript:{call}\n",
        f"<javascript:{call}>",
        f"<a href=\"javascript:{call}\">html in markdown</a>",
        f"[data](data:text/html,<script>{call}</script>)",
        f"[zwj](java\u200dscript:{call})",
        f"[tab](java\tscript:{call})",
        f"[entity](javascript&#58;{call})",
        f"\u202e<img src=x onerror={call}>\u202c",
        f"[bidi](\u202ejavascript:{call})",
    ]


def plain_corpus(call: str) -> list[str]:
    """For fields that refuse < and > (speaker names): quote breakouts and scheme tricks only."""
    return [f"\" onmouseover=\"{call}\" x=\"", f"' autofocus onfocus='{call}' x='", f"javascript:{call}",
            f"\u202ejavascript:{call}"]


FIELDS: dict[str, str] = {}  # tag -> the text put in that field (every payload fitting its limit)


def payload(tag: str, limit: int, plain: bool = False, lead: str = "") -> str:
    """As many of the corpus's payloads as fit in `limit` characters, each calling __xss('tag.n')."""
    text = lead
    for n, piece in enumerate((plain_corpus if plain else corpus)(f"__xss('{tag}.{{n}}')"), 1):
        piece = piece.replace("{n}", str(n))
        if len(text) + len(piece) + 1 <= limit:
            text = f"{text} {piece}" if text else piece
    FIELDS[tag] = text
    return text


BAD_URLS = ["javascript:__xss('url')", "JaVaScRiPt:__xss('url')", " javascript:__xss('url')",
            "java\u200dscript:__xss('url')", "data:text/html,<script>__xss('url')</script>",
            "data:text/html;base64,PHNjcmlwdD5fX3hzcygndXJsJyk8L3NjcmlwdD4=", "vbscript:__xss('url')"]
RAW = "javascript:__xss('raw')"  # written past the services
BODY = ("date 2024-03-02\nThe minister said unemployment rose by 40 percent in 2023. "
        "Police figures show crime fell by 3% last year, according to the statistics office. ")


def refused(call) -> bool:
    try:
        call()
    except ValidationError:
        return True
    return False


def fill(session) -> dict:
    who = people(session)
    admin, editor1, editor2 = who["admin1"], who["editor1"], who["editor2"]
    author = accounts.create_user(session, admin, "author@xss.example", payload("account-name", 120), "reviewer",
                                  PASSWORD)
    article = ingest(session, author, ArticleDraft(
        title=payload("article-title", 300), outlet=payload("outlet", 200), author=payload("article-author", 200),
        url="https://news.example/jobs", body=BODY + payload("article-body", 5000))).article
    assert refused(lambda: ingest(session, author, ArticleDraft(title="t", body="Rents rose by 5% in 2023.",
                                                                url=BAD_URLS[0])))
    claims = sorted(article.claims, key=lambda c: c.id)
    first, second = claims[0], claims[1]
    claim_edits.edit_claim(session, author, first.id, version(session, first.id), claim_edits.ClaimEdit(
        text=payload("claim-text", 1000, lead="Unemployment rose by 40 percent in 2023."),
        speaker=payload("speaker", 120, plain=True), speaker_role=payload("speaker-role", 300, plain=True)))
    assert refused(lambda: claim_edits.edit_claim(session, author, first.id, version(session, first.id),
                                                  claim_edits.ClaimEdit(text="x y", speaker="<b>Lee</b>")))
    level = ratings.create(session, admin, ratings.LevelInput(label=payload("rating-label", 60),
                                                              description=payload("rating-description", 2000)))
    for claim in (first, second):
        triage.accept(session, author, claim.id, version(session, claim.id))
        research.take(session, author, claim.id, version(session, claim.id))
        evidence.add(session, author, claim.id, evidence.EvidenceInput(
            url="https://stats.example.org/jobs", title=payload("evidence-title", 300),
            publisher=payload("evidence-publisher", 200), excerpt=payload("evidence-excerpt", 5000),
            notes=payload("evidence-notes", 5000), source_kind="primary", archive_url="https://archive.example.org/1"))
        notes.add(session, author, claim.id, payload("note", 5000))
    for bad in BAD_URLS:
        assert refused(lambda bad=bad: evidence.add(session, author, first.id, evidence.EvidenceInput(url=bad, title="t")))
        assert refused(lambda bad=bad: evidence.add(session, author, first.id, evidence.EvidenceInput(
            url="https://ok.example/", title="t", archive_url=bad)))
        assert refused(lambda bad=bad: tips.submit_tip(session, tips.TipInput(text="Rents rose by 5% in 2023.",
                                                                              link=bad), address_hash="x"))
    draft = research.DraftInput(rating_id=level.id, headline=payload("headline", 74), summary=payload("summary", 1000),
                                body=payload("body", 20000, lead="The figures [1] say otherwise."))
    research.save_and_submit(session, author, first.id, version(session, first.id), draft)
    editorial.return_draft(session, editor1, first.id, version(session, first.id), payload("return-note", 5000))
    research.save_and_submit(session, author, first.id, version(session, first.id), draft)
    verdict = editorial.publish(session, editor2, first.id, version(session, first.id))
    amendment = editorial.correct(session, editor2, first.id, version(session, first.id), editorial.Change(
        note=payload("correction-note", 2000), body=draft.body + "\n\n" + payload("corrected-body", 5000)))
    research.save_draft(session, author, second.id, version(session, second.id), research.DraftInput(
        rating_id=level.id, headline=payload("draft-headline", 74), summary=payload("draft-summary", 1000),
        body=payload("draft-body", 20000, lead="A draft [1].")))
    tip = tips.submit_tip(session, tips.TipInput(text=payload("tip-text", 1000, lead="Did the mayor build 20,000 homes?"),
                                                 link="https://social.example/p/1",
                                                 seen_where=payload("tip-seen-where", 500)), address_hash="xss")
    update_settings(session, admin, {"org_name": payload("org-name", 200)})
    # rows past the services' checks: the pages must still never link a javascript: or data: URL
    session.add_all([
        Evidence(claim_id=second.id, number=2, url=RAW, archive_url=BAD_URLS[4], title="Raw row", source_kind="primary",
                 added_by_id=author.id),
        Tip(text="A raw tip about rents rising by 5%", link=RAW, status=TipStatus.QUEUED),
        Job(kind="fetch_link", label=payload("job-label", 300), args={}, state=JobState.FAILED, attempts=1,
            error=payload("job-error", 2000))])
    session.get(Claim, first.id).add_appearance(Appearance(kind=AppearanceKind.TIP, text="As a reader saw it",
                                                           url=RAW, where=payload("appearance-where", 200)))
    session.commit()
    update_settings(session, admin, {"org_url": RAW, "org_logo": BAD_URLS[4]})
    every = [first.id, second.id, session.scalar(select(Tip.claim_id).where(Tip.id == tip.tip_id))]
    return {"claim_id": first.id, "article_id": article.id, "verdict_id": verdict.id, "user_id": author.id,
            "slug": verdict.slug, "speaker": speaker_slug(session.get(Claim, first.id).speaker),
            "tip_id": tip.tip_id, "job_id": session.scalar(select(Job.id)),
            "level_id": level.id, "evidence_id": session.scalar(select(Evidence.id).where(Evidence.claim_id == first.id)),
            "raw_evidence": session.scalar(select(Evidence.id).where(Evidence.url == RAW)),
            "number": 1, "amendment_id": amendment.id, "every_claim": every}


def extra_paths(ids: dict) -> list[tuple[str, str]]:
    """The pages of the claims touched, beyond one of each type, and the query strings pages echo."""
    first, second, slug = ids["claim_id"], ids["every_claim"][1], ids["slug"]
    echo = payload("query", 200)
    paths = [f"/desk/review/{first}", f"/desk/review/{second}", f"/desk/claims/{first}/edit",
             f"/desk/claims/{second}/evidence/{ids['raw_evidence']}/edit", f"/desk/published/{ids['verdict_id']}/correct",
             f"/desk/published/{ids['verdict_id']}/retract", f"/desk/published/amendments/{ids['amendment_id']}",
             f"/desk/articles/{ids['article_id']}?claim={first}", f"/desk/people/{ids['user_id']}",
             *(f"/desk/?status={s}" for s in ("new", "queued", "researching", "in_review", "published")),
             f"/desk/?q={echo}", f"/desk/?speaker={echo}", f"/desk/?outlet={echo}", f"/admin/audit?q={echo}"]
    public = [f"/verdicts/{slug}/revisions/1", f"/verdicts/{slug}/revisions/2", f"/search?q={echo}",
              "/search?q=unemployment", f"/verdicts/?type={echo}", f"/login?next={echo}"]
    return [(path, "admin") for path in paths] + [(path, "reader") for path in public]


INSPECT = r"""() => {
  const bad = [];
  const bare = (v) => v.replace(/[\u0000-\u0020\u007f-\u00a0\u200b-\u200f\u2028-\u202f\u2060\ufeff]/g, "").toLowerCase();
  const linking = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset", "srcdoc"];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) bad.push(`<${el.tagName.toLowerCase()} ${name}="${attr.value}">`);
      if (linking.includes(name) && (name === "srcdoc" || /^(javascript|data|vbscript):/.test(bare(attr.value))))
        bad.push(`<${el.tagName.toLowerCase()} ${name}="${attr.value}">`);
    }
    if (["IFRAME", "OBJECT", "EMBED", "BASE", "FRAME"].includes(el.tagName)) bad.push(`<${el.tagName.toLowerCase()}>`);
    if (el.tagName === "SCRIPT" && !el.src && el.type !== "application/ld+json") bad.push("inline script");
  }
  for (const a of document.querySelectorAll("a[href], area[href], form[action]")) {
    const url = a.href || a.action;
    if (!/^(https?|mailto):/.test(new URL(url, location.href).protocol)) bad.push(`link to ${url}`);
  }
  return {bad, text: document.title + " " + document.body.textContent};
}"""


def test_no_payload_runs_on_any_page(live_app, tmp_path):
    routes = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'routes.db'}",
                         "INSTANCE_PATH": str(tmp_path / "routes"), "CHECK_MIGRATIONS": False})  # its URL map
    ids: dict = {}
    base, _session = live_app(lambda session: ids.update(fill(session)))
    requests = [(r.path, r.who) for r in page_requests(routes, ids)] + extra_paths(ids)
    watch, ran, problems, shown, checked = Watch(), [], [], "", 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pages = {}
        for who in ("admin", "reader"):
            context = watch.context(browser, bypass_csp=True)
            context.expose_binding("__xss", lambda source, tag: ran.append(f"__xss({tag}) on {source['page'].url}"))
            pages[who] = context.new_page()
            pages[who].on("dialog", lambda dialog: (ran.append(f"{dialog.type}({dialog.message}) on {dialog.page.url}"),
                                                    dialog.dismiss()))
        log_in(pages["admin"], base, "admin1@pages.example", PASSWORD)
        for path, who in requests:
            page = pages[who]
            fetched = page.request.get(base + path)
            if fetched.status >= 500:
                problems.append(f"{path}: {fetched.status}")
            if "text/html" not in (fetched.headers.get("content-type") or ""):
                continue
            watch.allow(fetched.status, path)
            page.goto(base + path)
            if path.endswith("/draft"):  # the live preview puts the server's rendering in the page
                page.wait_for_function("!document.querySelector('#preview .hint')")
            checked += 1
            seen = page.evaluate(INSPECT)
            problems += [f"{path}: {line}" for line in seen["bad"]]
            shown += seen["text"]

        admin = pages["admin"]  # the settings form refuses script and data links for the website and logo
        for bad in BAD_URLS[:1] + BAD_URLS[4:5]:
            for name in ("org_url", "org_logo"):
                admin.goto(f"{base}/admin/settings")
                watch.allow(422, "/admin/settings")
                admin.fill(f"input[name={name}]", bad)
                admin.click("main form button[type=submit]")
                assert "must start with http:// or https://" in admin.locator(f"input[name={name}] ~ .error").inner_text()
        admin.goto(f"{base}/desk/")  # any call the last page made has arrived by now
        browser.close()
    assert checked >= 50
    assert ran == [], "\n".join(ran[:40])
    assert problems == [], "\n".join(problems[:60])
    assert watch.problems == [], "\n".join(watch.problems[:40])
    unseen = [tag for tag in FIELDS if f"__xss('{tag}." not in shown]
    assert unseen == [], f"fields whose payloads no page showed as text: {unseen}"
