"""Images in benchmarks/intake.py: OCR time per image, and look-alike look-up among 100,000 stored images.

    .venv/bin/python benchmarks/intake.py --only ocr,phash
    .venv/bin/python benchmarks/intake.py --only phash --images 100000 --database-url postgresql://…

ocr    ~10 generated screenshots (one to three lines of a claim, DejaVuSans) read through factcheck.ocr
       (pytesseract, greyscale, small images enlarged) beside the bare `tesseract FILE -` command on
       the same PNG files, interleaved: median and p95 seconds per image.
phash  --images stored images bulk-inserted into a freshly migrated database (each with its 13 hashes:
       the whole image and its one-side crops, as uploads store them; random 64-bit values), then 200
       look-ups through services.images.candidates (band probes, exact distance in Python), each in a
       new session after the engine was disposed (no warmed connection), half of them near a stored
       hash (0-6 bits flipped) and half random; beside a brute-force Python scan of the same hashes.
       ANALYZE runs after the load (PostgreSQL planned sequential scans before autovacuum's statistics).
"""
from __future__ import annotations

import random
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from factcheck import images as pictures
from factcheck import ocr
from factcheck.models import ImageAsset, ImageHash
from factcheck.services import images as image_service

CLAIMS = ["Unemployment rose by 40 percent in 2023", "Crime fell by half in five years, the mayor said",
          "The new bridge will cost $300 million more than planned", "Wages have doubled since 2010",
          "One in four families cannot afford heating any more", "We created 200,000 jobs in two years",
          "The tax cut saved every household 1,200 dollars", "Prices rose 9% in May, the bureau said",
          "Hospital waiting lists fell by 30 percent", "The river is cleaner than at any time since 1950"]


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def screenshots(folder: Path) -> list[Path]:
    from PIL import Image, ImageDraw

    from tests.support.images import font

    paths = []
    for n, claim in enumerate(CLAIMS):
        lines = [claim] if n % 3 == 0 else [claim, "Shared 1,204 times"] if n % 3 == 1 else ["BREAKING", claim, "#facts"]
        image = Image.new("RGB", (1400, 90 + 70 * len(lines)), "white")
        draw = ImageDraw.Draw(image)
        for i, line in enumerate(lines):
            draw.text((30, 40 + 70 * i), line, font=font(40), fill="black")
        path = folder / f"shot-{n}.png"
        image.save(path)
        paths.append(path)
    return paths


def run_ocr(args, database) -> None:
    if not ocr.available("tesseract"):
        print(ocr.UNAVAILABLE)
        return
    folder = Path(tempfile.mkdtemp(prefix="factcheck-ocr-bench-"))
    paths = screenshots(folder)
    ours, bare, right = [], [], 0
    for path, claim in zip(paths, CLAIMS):
        image = pictures.open_stored(path.read_bytes())
        began = time.perf_counter()
        text = ocr.read_text(image, timeout=60)
        ours.append(time.perf_counter() - began)
        right += claim in " ".join(text.split())
        began = time.perf_counter()
        subprocess.run(["tesseract", str(path), "-"], check=True, capture_output=True)
        bare.append(time.perf_counter() - began)
    print(f"{'':28s} {'median s':>9s} {'p95 s':>7s}")
    print(f"{'factcheck.ocr.read_text':28s} {statistics.median(ours):9.2f} {p95(ours):7.2f}   "
          f"({right} of {len(paths)} claims read exactly)")
    print(f"{'bare tesseract FILE -':28s} {statistics.median(bare):9.2f} {p95(bare):7.2f}")


def flip(value: int, rng: random.Random, bits: int) -> int:
    for bit in rng.sample(range(64), bits):
        value ^= 1 << bit
    return value


def bulk_images(app, count: int, rng: random.Random) -> list[int]:
    """`count` image rows with 13 random hashes each, inserted in batches; returns every stored hash."""
    engine, stored = app.extensions["factcheck.engine"], []
    variants = 1 + len(pictures.CROP_STEPS) * len(pictures.SIDES)
    with engine.begin() as connection:
        for start in range(0, count, 5000):
            batch = range(start + 1, min(count, start + 5000) + 1)
            connection.execute(insert(ImageAsset), [
                {"id": n, "use": "appearance", "storage_key": f"image/00/{n:064x}.png", "thumbnail_key": "t",
                 "sha256": f"{n:064x}", "mime": "image/png", "width": 1, "height": 1, "bytes": 1, "phash": 0,
                 "dhash": 0, "ocr_state": "done", "uploaded_at": app.config.get("BENCH_NOW")} for n in batch])
            rows = []
            for n in batch:
                for variant in range(variants):
                    value = rng.getrandbits(64)
                    stored.append(value)
                    b = pictures.bands(value)
                    rows.append({"image_id": n, "variant": variant, "phash": pictures.to_signed(value),
                                 "b0": b[0], "b1": b[1], "b2": b[2], "b3": b[3]})
            connection.execute(insert(ImageHash), rows)
    with engine.begin() as connection:  # a bulk load has no statistics yet; a live desk's are kept by autovacuum
        connection.exec_driver_sql("ANALYZE")
    return stored


def run_phash(args, database) -> None:
    from datetime import datetime

    rng, app = random.Random(5), database.fresh()
    app.config["BENCH_NOW"] = datetime(2026, 12, 1)
    began = time.perf_counter()
    stored = bulk_images(app, args.images, rng)
    print(f"stored {args.images:,} images ({len(stored):,} hashes) in {time.perf_counter() - began:.0f} s "
          f"on {app.extensions['factcheck.engine'].dialect.name}")
    queries = [flip(rng.choice(stored), rng, rng.randrange(0, 7)) if n % 2 == 0 else rng.getrandbits(64)
               for n in range(200)]
    engine, sessions = app.extensions["factcheck.engine"], app.extensions["factcheck.sessionmaker"]
    engine.dispose()
    lookups, hits = [], []
    for query in queries:
        session = sessions()
        began = time.perf_counter()
        hits.append(bool(image_service.candidates(session, query)))
        lookups.append(time.perf_counter() - began)
        session.close()
    brute, brute_found = [], 0
    for query in queries[:20]:  # the scan is slow: 20 of the same queries
        began = time.perf_counter()
        brute_found += any((query ^ value).bit_count() <= image_service.LOOK_ALIKE_BITS for value in stored)
        brute.append(time.perf_counter() - began)
    print(f"{'':34s} {'median ms':>10s} {'p95 ms':>8s}")
    print(f"{'band look-up (services.images)':34s} {1000 * statistics.median(lookups):10.1f} {1000 * p95(lookups):8.1f}"
          f"   ({sum(hits)} of 200 found a hash within {image_service.LOOK_ALIKE_BITS} bits)")
    print(f"{'brute-force Python scan':34s} {1000 * statistics.median(brute):10.1f} {1000 * p95(brute):8.1f}"
          f"   ({brute_found} of the first 20 found; the band look-up found {sum(hits[:20])} of them)")
