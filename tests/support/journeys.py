"""What the journey, XSS and CSP tests in Chromium share: a browser context watched for everything a
person (or the console) would notice going wrong — console errors, uncaught page errors, Content
Security Policy violations, responses of 400 and above — plus logging in and the last-page screenshot.

CSP violations are caught twice: a `securitypolicyviolation` listener installed before any page
script runs (it reports to Python through an exposed binding, so events on a page being left are not
lost), and console messages that mention Content Security Policy."""
from __future__ import annotations

from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[1] / "browser" / "screenshots"
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  const line = `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} in ${event.documentURI}`
    + ` (${event.sourceFile || "the page"}:${event.lineNumber})`;
  (window.__cspViolations = window.__cspViolations || []).push(line);
  if (typeof window.__reportCsp === "function") { window.__reportCsp(line); }
}, true);
"""


class Watch:
    """Problems seen in every page of the contexts it watches; `allow(status, path)` expects a failure."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.allowed: set[tuple[int, str]] = set()

    def allow(self, status: int, path: str) -> None:
        self.allowed.add((status, path))

    def context(self, browser, **options):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
        context.expose_binding("__reportCsp", lambda _source, line: self.problems.append(f"CSP violation: {line}"))
        context.add_init_script(CSP_LISTENER)
        context.on("page", self.page_listeners)
        return context

    def page_listeners(self, page) -> None:
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.problems.append(f"page error on {page.url}: {error}"))
        page.on("response", self.response)

    def console(self, message) -> None:
        text = message.text
        if "Content Security Policy" in text:
            self.problems.append(f"console: {text}")
        elif message.type == "error" and not text.startswith("Failed to load resource"):  # responses: below
            self.problems.append(f"console error: {text}")

    def response(self, response) -> None:
        if response.status < 400:
            return
        path = response.url.split("//", 1)[-1].split("/", 1)[-1]
        if (response.status, "/" + path) not in self.allowed:
            self.problems.append(f"{response.status} {response.request.method} {response.url}")

    def page(self, context):
        return context.new_page()


def log_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{base}/desk/**")  # reviewers land at triage, editors and admins at the review queue


def screenshot(page, journey: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{journey}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
