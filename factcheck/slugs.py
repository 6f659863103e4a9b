"""URL slugs for verdict pages."""
from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 80


def slugify(text: str, fallback: str = "verdict") -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > MAX_SLUG:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or fallback
