"""What every real-browser test shares: Debian's Chromium with the flags this machine needs (a test
module importing this is skipped when Chromium is missing, unless FACTCHECK_REQUIRE_BROWSER is set)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

if not Path(CHROMIUM).exists() and not os.environ.get("FACTCHECK_REQUIRE_BROWSER"):
    pytest.skip(f"{CHROMIUM} is not installed (set FACTCHECK_REQUIRE_BROWSER to make this a failure)",
                allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402,F401  (a test dependency: its absence is a failure)
