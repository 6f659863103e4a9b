"""Intake throughput: what getting text onto the desk costs, section by section.

    .venv/bin/python benchmarks/intake.py                       # every section, defaults (a few minutes)
    .venv/bin/python benchmarks/intake.py --only debate         # one section (comma-separate several)
    .venv/bin/python benchmarks/intake.py --articles 500 --batch 100   # the issue's 500 articles (~9 min)
    .venv/bin/python benchmarks/intake.py --articles 2000 --debate-minutes 240 --repeats 5
    .venv/bin/python benchmarks/intake.py --database-url postgresql://postgres@127.0.0.1:55502/bench

Sections:
  articles  generated news articles (~800 words, quotes and numbers, deterministic) through `factcheck
            import` in batches; beside each batch, in the same run and interleaved with it, bare
            `extract_report` on the same texts and bare syntok segmentation (the outside reference):
            articles per second and the ratio of ingest time to extraction time, medians over batches.
  debate    a 2-hour three-way debate written as SRT (~20,000 lines) imported end to end (parse ->
            extract -> claims with speakers and timestamps), beside bare subtitle parsing, bare
            `extract_report` on the same body and bare syntok, interleaved, medians over --repeats.

To add a section: write `def run_NAME(args, database) -> None` that prints its table, and append
`Section("NAME", "what it measures", run_NAME)` to SECTIONS (add its flags in `arguments`).
Each import goes into a fresh migrated database (the content hash would skip a second copy); a
PostgreSQL database given with --database-url is emptied (its public schema is dropped) each time.
Times are wall-clock (perf_counter): the database's own work is part of ingest.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402
from syntok import segmenter  # noqa: E402

from factcheck import create_app, migrate  # noqa: E402
from factcheck.cli import main as factcheck_cli  # noqa: E402
from factcheck.db import make_engine  # noqa: E402
from factcheck.extraction import ArticleInput, extract_report  # noqa: E402
from factcheck.models import Appearance, Article, Claim  # noqa: E402
from factcheck.services import intake  # noqa: E402
from factcheck.subtitles import subtitle_text  # noqa: E402

# --- generated text ---------------------------------------------------------------------------

PEOPLE = [("Maria Okafor", "the finance minister"), ("Daniel Hart", "the governor"),
          ("Ana Morales", "a state senator"), ("Li Wei", "the city's budget director"),
          ("Thomas Becker", "the police commissioner"), ("Priya Raman", "an economist at Lakeshore University"),
          ("Samuel Adeyemi", "the health secretary"), ("Elena Petrova", "the opposition leader")]
ORGS = ["the Statistics Office", "the Treasury", "the central bank", "the Health Ministry", "the city council",
        "the Federation of Small Businesses", "the state auditor", "the Transport Authority"]
METRICS = ["unemployment", "inflation", "recorded crime", "hospital waiting times", "rents in the capital",
           "average wages", "bus ridership", "the budget deficit", "school enrolment", "energy prices"]
THINGS = ["the new rail line", "the housing plan", "the school repair programme", "the tax cut",
          "the hospital expansion", "the flood defences", "the police recruitment drive"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
CLAIMS = [
    "{metric} rose by {pct}% in {year}, the highest level since {year2}",
    "{metric} fell by {pct}% over the past {k} years",
    "{org} will spend ${n} million on {thing} by {year3}",
    "we created {big:,} jobs in {k} years, more than the previous two governments combined",
    "{thing} will cost ${n} million more than planned",
    "{metric} has doubled since {year2}",
    "one in {k} families cannot afford {metric2} any more",
    "{thing} cut {metric} by {pct}% in its first year",
]
PROSE = [
    "The session ran late into the evening as members debated the proposal line by line.",
    "Reporters gathered outside the building before the announcement began.",
    "Several residents who attended the meeting asked for more detail about the timetable.",
    "The committee is expected to publish its full report later this month.",
    "Officials declined to say when a final decision would be made.",
    "Critics have questioned whether the plan can be delivered on schedule.",
    "The debate comes weeks before voters head to the polls.",
    "Supporters of the measure applauded as the vote was read out.",
]


def _fill(rng: random.Random, template: str) -> str:
    year = rng.randint(2015, 2024)
    return template.format(metric=rng.choice(METRICS), metric2=rng.choice(METRICS), org=rng.choice(ORGS),
                           thing=rng.choice(THINGS), pct=rng.randint(2, 60), year=year, year2=year - rng.randint(3, 20),
                           year3=year + rng.randint(1, 6), k=rng.randint(2, 9), n=rng.randint(5, 900),
                           big=rng.randint(10, 400) * 1000)


def _sentence(rng: random.Random) -> str:
    """One sentence of news prose: a quoted claim, reported speech, an 'according to', or narrative."""
    name, role = rng.choice(PEOPLE)
    claim = _fill(rng, rng.choice(CLAIMS))
    form = rng.random()
    if form < 0.25:
        return f'"{claim[0].upper() + claim[1:]}," {name}, {role}, said on {rng.choice(DAYS)}.'
    if form < 0.45:
        return f"{name.split()[-1]} said {claim}."
    if form < 0.6:
        return f"According to {rng.choice(ORGS)}, {claim}."
    if form < 0.7:
        return f'"We will not accept that," {name.split()[-1]} told reporters. "{claim[0].upper() + claim[1:]}."'
    return rng.choice(PROSE)


def article_text(rng: random.Random, number: int, words: int) -> str:
    """A dated news article of about `words` words, paragraphs of two to four sentences."""
    day = date(2024, 1, 1) + timedelta(days=number % 365)
    metric, thing = rng.choice(METRICS), rng.choice(THINGS)
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    title = f"{metric.capitalize()} and {thing}: what the council heard (report {number})"
    return f"date {day.isoformat()}\n{title}\n\n" + "\n\n".join(paragraphs) + "\n"


def articles(count: int, words: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [article_text(rng, number, words) for number in range(count)]


DEBATERS = ("MODERATOR", "HART", "MORALES")
SPOKEN = ["Let me be clear.", "That is simply false.", "Thank you for the question.", "Look at the record.",
          "I have said this before and I will say it again.", "The people of this state deserve better."]


def _spoken(rng: random.Random) -> str:
    """A sentence said in a debate: a claim in the first person's voice, or talk around it."""
    if rng.random() < 0.3:
        return rng.choice(SPOKEN)
    claim = _fill(rng, rng.choice(CLAIMS))
    return claim[0].upper() + claim[1:] + "."


def _clock(seconds: float) -> str:
    ms = int(round(seconds * 1000))
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def debate_srt(minutes: int, seed: int = 11) -> str:
    """A debate of `minutes` as SRT: turns of a few sentences, cut into roll-up-sized cues of 3-7 words
    (two caption lines from four words on), a `>> NAME:` at every change of speaker, 180 words a minute."""
    rng = random.Random(seed)
    blocks, t, number, speaker = [], 1.0, 1, None
    while t < minutes * 60:
        speaker = rng.choice([s for s in DEBATERS if s != speaker] if speaker else DEBATERS)
        words = " ".join(_spoken(rng) for _ in range(rng.randint(1, 5))).split()
        first = True
        while words:
            size = rng.randint(3, 7)
            take, words = words[:size], words[size:]
            lines = [" ".join(take)] if len(take) < 4 else [" ".join(take[: len(take) // 2]),
                                                            " ".join(take[len(take) // 2:])]
            if first:
                lines[0], first = f">> {speaker}: {lines[0]}", False
            duration = 0.33 * len(take)
            blocks.append(f"{number}\n{_clock(t)} --> {_clock(t + duration)}\n" + "\n".join(lines) + "\n")
            t, number = t + duration + 0.1, number + 1
        t += rng.choice((0.2, 0.5, 1.5))
    return "\n".join(blocks)


# --- measuring --------------------------------------------------------------------------------

def timed(fn: Callable[[], object]) -> tuple[float, object]:
    began = time.perf_counter()
    result = fn()
    return time.perf_counter() - began, result


def bare_extraction(texts: list[str]) -> int:
    return sum(len(extract_report(ArticleInput(body=body)).claims) for body in texts)


def bare_syntok(texts: list[str]) -> int:
    return sum(len(sentence) for body in texts for paragraph in segmenter.analyze(body) for sentence in paragraph)


class Database:
    """A fresh migrated database (a temporary SQLite file, or the given PostgreSQL emptied) per call."""

    def __init__(self, url: str | None):
        self.url, self.workdir, self.count = url, tempfile.mkdtemp(prefix="factcheck-intake-bench-"), 0

    def fresh(self):
        self.count += 1
        url = self.url or f"sqlite:///{self.workdir}/bench-{self.count}.db"
        engine = make_engine(url)
        if engine.dialect.name == "postgresql":
            with engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        migrate.upgrade(engine)
        engine.dispose()
        app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": self.workdir, "SECRET_KEY": "bench"})
        return app


def import_files(app, folder: Path) -> str:
    result = app.test_cli_runner().invoke(factcheck_cli, ["import", str(folder)])
    if result.exit_code != 0 or "failed 0." not in result.output:
        raise SystemExit(f"factcheck import failed: {result.output[-2000:]}")
    return result.output


def median(values) -> float:
    return statistics.median(values)


# --- sections ---------------------------------------------------------------------------------

class MatchingClock:
    """Time spent in intake's "already checked" matching (index_and_suggest), the part of ingest that
    grows with the desk: the rest is extraction and storing."""

    def __init__(self):
        self.seconds = 0.0
        self._real = intake.index_and_suggest

    def __enter__(self):
        def clocked(*args, **kwargs):
            began = time.perf_counter()
            try:
                return self._real(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - began
        intake.index_and_suggest = clocked
        return self

    def __exit__(self, *exc):
        intake.index_and_suggest = self._real


def run_articles(args, database: Database) -> None:
    texts = articles(args.articles, args.words)
    words = sum(len(t.split()) for t in texts) / len(texts)
    batches = [texts[i:i + args.batch] for i in range(0, len(texts), args.batch)]
    print(f"{len(texts)} generated articles, {words:.0f} words on average, imported into one database in "
          f"{len(batches)} batches of {args.batch}; after each batch the same texts are extracted and segmented bare\n")
    print(f"{'batch':>5} {'import s':>9} {'articles/s':>11} {'matching s':>11} {'extract s':>10} {'syntok s':>9} "
          f"{'ingest/extract':>15} {'claims':>7}")
    app, rows, total = database.fresh(), [], 0.0
    for number, batch in enumerate(batches, 1):
        folder = Path(tempfile.mkdtemp(prefix="articles-", dir=database.workdir))
        for i, body in enumerate(batch):
            (folder / f"article-{number:03d}-{i:04d}.txt").write_text(body, encoding="utf-8")
        with MatchingClock() as matching:
            ingest, _ = timed(lambda: import_files(app, folder))  # noqa: B023
        extraction, _ = timed(lambda: bare_extraction(batch))  # noqa: B023
        syntok, _ = timed(lambda: bare_syntok(batch))  # noqa: B023
        total += ingest
        row = (ingest, len(batch) / ingest, matching.seconds, extraction, syntok, ingest / extraction, _count(app, Claim))
        rows.append(row)
        print(f"{number:>5} {row[0]:>9.2f} {row[1]:>11.1f} {row[2]:>11.2f} {row[3]:>10.2f} {row[4]:>9.2f} "
              f"{row[5]:>15.2f} {row[6]:>7}")
    app.extensions["factcheck.engine"].dispose()
    m = [median(column) for column in zip(*rows)]
    print(f"{'median':>5} {m[0]:>9.2f} {m[1]:>11.1f} {m[2]:>11.2f} {m[3]:>10.2f} {m[4]:>9.2f} {m[5]:>15.2f}")
    print(f"\nall {len(texts)} through `factcheck import`: {len(texts) / total:.1f} articles/s ({total:.0f} s); "
          f"extract_report alone: {args.batch / m[3]:.1f} articles/s; syntok alone: {args.batch / m[4]:.1f} articles/s; "
          f"matching is {m[2] / m[0]:.0%} of ingest; extraction is {m[3] / m[4]:.1f} x syntok")


def _count(app, model, *where) -> int:
    with app.extensions["factcheck.sessionmaker"]() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def _last_moment(app) -> int | None:
    with app.extensions["factcheck.sessionmaker"]() as session:
        return session.scalar(select(func.max(Appearance.at_seconds)))


def run_debate(args, database: Database) -> None:
    srt_text = debate_srt(args.debate_minutes)
    lines = srt_text.count("\n")
    folder = Path(tempfile.mkdtemp(prefix="debate-", dir=database.workdir))
    (folder / "debate.srt").write_text(srt_text, encoding="utf-8")
    body = subtitle_text("debate.srt", "srt", srt_text).body
    print(f"a {args.debate_minutes}-minute debate as SRT: {lines:,} lines, {srt_text.count(' --> '):,} cues, "
          f"{len(srt_text) / 1e6:.2f} MB; body {len(body):,} characters, {len(body.split()):,} words\n")
    print(f"{'run':>4} {'import s':>9} {'parse s':>8} {'extract s':>10} {'syntok s':>9} {'ingest/extract':>15} "
          f"{'claims':>7} {'timed':>6} {'held back':>10} {'last at':>8}")
    rows = []
    for run in range(1, args.repeats + 1):
        app = database.fresh()
        ingest, _ = timed(lambda: import_files(app, folder))  # noqa: B023
        claims, timed_claims = _count(app, Claim), _count(app, Appearance, Appearance.at_seconds.is_not(None))
        with app.extensions["factcheck.sessionmaker"]() as session:
            held = session.scalar(select(Article.held_back))
        last = _last_moment(app)
        app.extensions["factcheck.engine"].dispose()
        parse, _ = timed(lambda: subtitle_text("debate.srt", "srt", srt_text))
        extraction, _ = timed(lambda: extract_report(ArticleInput(body=body)))
        syntok, _ = timed(lambda: bare_syntok([body]))
        rows.append((ingest, parse, extraction, syntok, ingest / extraction))
        print(f"{run:>4} {ingest:>9.2f} {parse:>8.2f} {extraction:>10.2f} {syntok:>9.2f} {ingest / extraction:>15.2f} "
              f"{claims:>7} {timed_claims:>6} {held:>10} {_hms(last):>8}")
    columns = list(zip(*rows))
    print(f"{'med.':>4} {median(columns[0]):>9.2f} {median(columns[1]):>8.2f} {median(columns[2]):>10.2f} "
          f"{median(columns[3]):>9.2f} {median(columns[4]):>15.2f}")


def _hms(seconds: int | None) -> str:
    return "-" if seconds is None else f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


from benchmarks.intake_images import run_ocr, run_phash  # noqa: E402  (the images sections)


def run_links(args, database: Database) -> None:
    """Linked pages from loopback through `factcheck import URL…` (the table is benchmarks/intake_links.py's)."""
    from benchmarks.intake_links import run_links as links_table

    links_table(argparse.Namespace(pages=args.link_pages, words=args.words, repeats=args.repeats), database)


@dataclass(frozen=True)
class Section:
    name: str
    describes: str
    run: Callable[[argparse.Namespace, Database], None]


SECTIONS = [
    Section("articles", "generated articles through `factcheck import` vs bare extraction and syntok", run_articles),
    Section("debate", "a 2-hour debate as SRT imported end to end vs bare parsing, extraction, syntok", run_debate),
    Section("links", "linked pages from 127.0.0.1 through `factcheck import URL…` vs the same as files", run_links),
    Section("ocr", "OCR per generated screenshot vs bare tesseract (benchmarks/intake_images.py)", run_ocr),
    Section("phash", "look-alike look-up among --images stored images vs a brute-force scan", run_phash),
]


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="comma-separated section names: " + ", ".join(s.name for s in SECTIONS))
    parser.add_argument("--database-url", help="default: a temporary SQLite file per import")
    parser.add_argument("--articles", type=int, default=200,
                        help="articles to import (the issue's figure is 500: ~9 minutes here, matching grows with the desk)")
    parser.add_argument("--words", type=int, default=800, help="words per generated article")
    parser.add_argument("--batch", type=int, default=50, help="articles per timed import")
    parser.add_argument("--debate-minutes", type=int, default=120)
    parser.add_argument("--repeats", type=int, default=3, help="debate imports (each beside its bare runs)")
    parser.add_argument("--link-pages", type=int, default=50, help="pages served from loopback for the links section")
    parser.add_argument("--images", type=int, default=100_000, help="stored images for the phash section")
    args = parser.parse_args(argv)
    names = {s.name for s in SECTIONS}
    args.only = [n.strip() for n in args.only.split(",")] if args.only else [s.name for s in SECTIONS]
    unknown = set(args.only) - names
    if unknown:
        parser.error(f"no section {', '.join(sorted(unknown))}; choose from {', '.join(sorted(names))}")
    return args


def main(argv: list[str] | None = None) -> None:
    args = arguments(argv)
    database = Database(args.database_url)
    for section in SECTIONS:
        if section.name in args.only:
            print(f"\n== {section.name}: {section.describes}")
            began = time.perf_counter()
            section.run(args, database)
            print(f"({section.name}: {time.perf_counter() - began:.0f} s)")


if __name__ == "__main__":
    main()
