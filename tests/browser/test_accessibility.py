"""Zero axe-core violations, of any impact, on every page type in a real Chromium: every GET route of
the URL map over a desk with something in every state (the desk as an admin sees it, the public site
as a reader does), plus the error pages. axe-core comes from npm (`npm ci`; .ci/run does it)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from factcheck import create_app
from tests.support.browser import ARGS, CHROMIUM, sync_playwright  # skips the module without Chromium
from tests.support.page_types import PASSWORD, page_requests, populate

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def require_axe() -> str:
    if AXE.exists():
        return AXE.read_text()
    reason = f"axe-core is not installed ({AXE}; run `npm ci` — .ci/run does)"
    if os.environ.get("FACTCHECK_CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def violations(page, axe: str) -> list[str]:
    page.add_script_tag(content=axe)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {node['target']}"
            for v in result["violations"] for node in v["nodes"][:3]]


def test_every_page_type_has_no_axe_violations(live_app, tmp_path):
    axe = require_axe()
    routes = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'routes.db'}",
                         "INSTANCE_PATH": str(tmp_path / "routes"), "CHECK_MIGRATIONS": False})  # its URL map
    found: dict = {}

    def fill(session):
        found.update(populate(session))

    base, _session = live_app(fill)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        admin = browser.new_context(bypass_csp=True)  # so axe can be injected; the pages' own CSP is tested elsewhere
        reader = browser.new_context(bypass_csp=True)
        login = admin.new_page()
        login.goto(f"{base}/login")
        login.fill("input[name=email]", "admin1@pages.example")
        login.fill("input[name=password]", PASSWORD)
        login.click("form button[type=submit]")
        login.wait_for_load_state()
        problems, checked = [], 0
        pages = {"admin": admin.new_page(), "reader": reader.new_page()}
        for request in page_requests(routes, found):
            page = pages[request.who]
            response = page.goto(base + request.path)
            if response is None or "text/html" not in (response.headers.get("content-type") or ""):
                continue
            checked += 1
            problems += [f"{request.path}: {line}" for line in violations(page, axe)]
        browser.close()
    assert checked >= 35
    assert problems == [], "\n".join(problems[:60])


def test_the_keyboard_focus_is_visible_and_the_skip_link_comes_first(live_app):
    base, _session = live_app(populate)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto(f"{base}/verdicts/")
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
            return {text: e.textContent.trim(), outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")
        assert focused["text"] == "Skip to main content"
        page.keyboard.press("Tab")
        ring = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
            return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor}; }""")
        browser.close()
    assert ring["outline"] == "solid" and ring["width"] >= 2 and ring["colour"] == "rgb(11, 79, 156)"
