"""Where the workplace's shared data lives (schema.org vocabulary, labelled claims). Tests that need
it skip when it is absent; the product itself never reads it."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = (os.environ.get("FACTCHECK_SHARED_DIR"), REPO_ROOT.parent / "shared", "/work/shared")


def shared_dir() -> Path:
    """The first of $FACTCHECK_SHARED_DIR, ../shared beside the checkout (a clone elsewhere, as CI
    makes, has none) and this workplace's /work/shared that exists; else ../shared (absent)."""
    for candidate in CANDIDATES:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return REPO_ROOT.parent / "shared"
