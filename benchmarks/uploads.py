"""Uploaded HTML to article text: cost against size, flat and deeply nested pages, beside lxml's bare
parse of the same bytes (the outside reference). Cold: every size is a new document.

    python benchmarks/uploads.py [--repeats 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lxml import etree  # noqa: E402

from factcheck.documents import html_to_text  # noqa: E402

SIZES_MB = (0.5, 1, 2, 5)
PARAGRAPH = "<p>Crime rose by 13 percent in 2023, the <b>minister</b> said on <a href='/x'>Thursday</a>.</p>\n"
NESTED_BLOCK = "<div>" * 200 + "<p>Unemployment fell to 4 percent, officials said.</p>" + "</div>" * 200 + "\n"


def page(kind: str, megabytes: float) -> str:
    unit = PARAGRAPH if kind == "flat" else NESTED_BLOCK
    count = int(megabytes * 1024 * 1024 / len(unit))
    return "<html><head><title>T</title></head><body><article>" + unit * count + "</article></body></html>"


def seconds(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(f"{'page':<8}{'MB':>6}{'html_to_text s':>16}{'bare lxml parse s':>19}{'ratio':>8}{'s per MB':>10}")
    for kind in ("flat", "nested"):
        for megabytes in SIZES_MB:
            html = page(kind, megabytes)
            ours = seconds(lambda: html_to_text(html), args.repeats)  # noqa: B023
            bare = seconds(lambda: etree.fromstring(html.encode(), etree.HTMLParser(huge_tree=True)),  # noqa: B023
                           args.repeats)
            print(f"{kind:<8}{megabytes:>6}{ours:>16.3f}{bare:>19.3f}{ours / max(bare, 1e-9):>8.1f}"
                  f"{ours / megabytes:>10.3f}")


if __name__ == "__main__":
    main()
