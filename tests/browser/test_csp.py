"""The Content Security Policy as Chromium enforces it, on every page type (every GET route of the URL
map over a desk with something in every state, plus the error pages), CSP not bypassed: no
`securitypolicyviolation` fires, every script the page names is loaded, and the desk's scripts run.
tests/web/test_attacks.py checks the header in-process; this checks what the browser does with it."""
from __future__ import annotations

import pytest

from factcheck import create_app
from tests.support.browser import ARGS, CHROMIUM, sync_playwright  # skips the module without Chromium
from tests.support.journeys import Watch, log_in
from tests.support.page_types import PASSWORD, page_requests, populate

pytestmark = pytest.mark.browser
SCRIPTS = """() => ({
  named: [...document.querySelectorAll("script[src]")].map((s) => s.src),
  loaded: performance.getEntriesByType("resource").filter((r) => r.initiatorType === "script").map((r) => r.name),
  inline: [...document.querySelectorAll("script:not([src])")].filter((s) => s.type !== "application/ld+json").length,
  confirm: !!document.querySelector("script[src*=confirm]"),
  queue: document.documentElement.classList.contains("js"),
  violations: window.__cspViolations || [],
})"""


def test_every_page_type_keeps_its_csp_in_chromium(live_app, tmp_path):
    routes = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'routes.db'}",
                         "INSTANCE_PATH": str(tmp_path / "routes"), "CHECK_MIGRATIONS": False})  # its URL map
    found: dict = {}
    base, _session = live_app(lambda session: found.update(populate(session)))
    requests = page_requests(routes, found)
    watch = Watch()
    checked, problems = 0, []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pages = {"admin": watch.context(browser).new_page(), "reader": watch.context(browser).new_page()}
        log_in(pages["admin"], base, "admin1@pages.example", PASSWORD)
        for request in requests:
            page = pages[request.who]
            fetched = page.request.get(base + request.path)  # the page's cookies; files are not navigated to
            if fetched.status >= 500 or (request.expect != 200 and fetched.status != request.expect):
                problems.append(f"{request.path}: {fetched.status}, expected {request.expect}")
            watch.allow(fetched.status, request.path)  # a row populate lacks (an image) gets its error page
            if "text/html" not in (fetched.headers.get("content-type") or ""):
                continue
            page.goto(base + request.path)
            checked += 1
            seen = page.evaluate(SCRIPTS)
            problems += [f"{request.path}: {line}" for line in seen["violations"]]
            problems += [f"{request.path}: {src} was not loaded" for src in seen["named"] if src not in seen["loaded"]]
            if seen["inline"]:
                problems.append(f"{request.path}: {seen['inline']} inline script(s), which the CSP blocks")
            if request.who == "admin" and not seen["confirm"]:
                problems.append(f"{request.path}: the desk page has no confirm.js")
            if request.path == "/desk/" and not seen["queue"]:
                problems.append("/desk/: queue.js did not run (no js class on the page)")

        before = list(watch.problems)
        # the listener is live: a script injected at run time is refused and reported
        page = pages["reader"]
        page.goto(f"{base}/verdicts/")
        page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.__ran = 1";
                                 document.body.append(s); }""")
        page.wait_for_function("(window.__cspViolations || []).length > 0")
        assert page.evaluate("window.__ran") is None
        page.goto(f"{base}/methodology")  # the binding's report has arrived by the next page
        browser.close()
    assert checked >= 35
    assert problems == [], "\n".join(problems[:60])
    assert before == [], "\n".join(before[:60])
    assert any(line.startswith("CSP violation: script-src") and "/verdicts/" in line for line in watch.problems)
