"""Zero Nu Html Checker errors on every page type (the desk as an admin sees it, the public site as a
reader does, the error pages), enumerated from the app's URL map; the checker is npm's vnu-jar run
once over all pages (Java is on the machine; `.ci/run` installs the package with `npm ci`)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.page_types import PASSWORD, is_html, page_requests, populate

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def require_vnu():
    if VNU.exists() and shutil.which("java"):
        return
    reason = f"the Nu Html Checker is not installed ({VNU}; run `npm ci` — .ci/run does)"
    if os.environ.get("FACTCHECK_CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def check_html(files: list[Path]) -> list[dict]:
    run = subprocess.run(["java", "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json",
                          *map(str, files)], capture_output=True, text=True, timeout=600)
    return [m for m in json.loads(run.stderr or '{"messages": []}')["messages"] if m.get("type") == "error"]


def test_every_page_type_has_no_html_errors(app, session, tmp_path):
    require_vnu()
    ids = populate(session)
    admin, reader = app.test_client(), app.test_client()
    assert admin.post("/login", data={"email": "admin1@pages.example", "password": PASSWORD}).status_code == 302
    files, statuses = [], {}
    for n, request in enumerate(page_requests(app, ids)):
        response = (admin if request.who == "admin" else reader).get(request.path)
        statuses[request.path] = response.status_code
        if is_html(response):
            target = tmp_path / f"{n:03d}.html"
            target.write_text(response.text)
            files.append((request.path, target))
    assert len(files) >= 35, statuses  # the enumeration found the pages, not an empty map
    # pages drawn by a POST: the confirmation page, and a form sent back with its errors
    confirm = admin.post(f"/desk/review/{ids['every_claim'][0]}/publish", data={"version": "1"})
    refused = admin.post("/admin/users", data={"email": "not an address", "name": "", "role": "reviewer"})
    for name, response in (("confirmation page", confirm), ("form with errors", refused)):
        assert is_html(response) and response.status_code in (200, 422), (name, response.status_code)
        target = tmp_path / f"{name.replace(' ', '-')}.html"
        target.write_text(response.text)
        files.append((name, target))
    from factcheck.export import export_site
    export_site(app, tmp_path / "export", share_images=False)  # the static export: what nginx or a CDN serves
    files += [(f"export/{page.relative_to(tmp_path / 'export')}", page)
              for page in sorted((tmp_path / "export").rglob("*.html"))]
    by_file = {str(path): url for url, path in files}
    errors = check_html([path for _, path in files])
    report = [f"{by_file.get(e['url'].removeprefix('file:'), e['url'])}:{e.get('lastLine')}: {e['message']}"
              for e in errors]
    assert report == [], "\n".join(report[:80])
