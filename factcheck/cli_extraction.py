"""Click commands for the extraction engine: `factcheck extract` and `factcheck scorer train|eval`.

Registered on the app's CLI by the web side:
    cli.add_command(extract_command, "extract"); cli.add_command(scorer_group, "scorer")
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from factcheck.extraction import ArticleInput, extract
from factcheck.extraction.segment import header_date


def _parse_date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise click.UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


@click.command("extract")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--date", "date", callback=_parse_date, help="Article date YYYY-MM-DD (default: the file's 'date' header).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array.")
def extract_command(file, date, as_json):
    """Print the candidate claims of one article FILE."""
    body = _read_text(file)
    if date is None and header_date(body):
        date = _parse_date(None, None, header_date(body))
    claims = extract(ArticleInput(body=body, published_date=date))
    if as_json:
        click.echo(json.dumps([c.to_dict() for c in claims], ensure_ascii=False, indent=2))
        return
    for c in sorted(claims, key=lambda c: c.start):
        _print_claim(c)


def _print_claim(c) -> None:
    click.echo(f"[{c.score:.2f}] {c.start}-{c.end}  {c.text}")
    who = c.speaker or "-"
    if c.speaker_role:
        who += f" ({c.speaker_role})"
    click.echo(f"    speaker: {who}; attribution: {c.attribution or '-'}; types: {', '.join(c.claim_types) or '-'}")
    if c.claim_date_text:
        click.echo(f"    date: {c.claim_date_text} -> {c.claim_date or '?'} ({c.claim_date_precision or '-'})"
                   + (f"  WARNING: {c.date_warning}" if c.date_warning else ""))
    click.echo(f"    reasons: {'; '.join(c.reasons) or '-'}")
    if len(c.spans) > 1:
        click.echo(f"    also at: {', '.join(f'{s}-{e}' for s, e in c.spans[1:])}")


@click.group("scorer")
def scorer_group():
    """Train and evaluate the check-worthiness scorer."""


def _rows(path: str, classes_column: str | None = None):
    from factcheck.extraction.train import TrainingDataError, read_rows
    if not Path(path).is_file():
        raise click.BadParameter(f"{path} does not exist", param_hint="--data")
    try:
        return read_rows(path, classes_column)
    except (TrainingDataError, UnicodeDecodeError) as exc:
        raise click.BadParameter(str(exc), param_hint="--data") from None


@scorer_group.command("train")
@click.option("--data", required=True, help="CSV with columns text,label (1 = check-worthy).")
@click.option("--out", default=None, help="Model file to write (default: the packaged model).")
@click.option("--name", default=None, help="Name of the training data, stored in the model's metadata.")
@click.option("--citation", default=None, help="Citation/source of the training data.")
@click.option("--analyzers", default="words", show_default=True, help="Member models to average (words, chars).")
@click.option("--classes-column", default=None,
              help="Fit a multinomial model over this column (e.g. verdict_3class) and score the label-1 class.")
@click.option("--C", "C", type=float, default=None, help="Inverse regularisation strength (default 4).")
def train_command(data, out, name, citation, analyzers, classes_column, C):
    """Train the scorer on a text,label CSV and write the model file.

    The decision threshold is the best mean F1 of a 5-fold cross-validation on the same file.
    """
    try:
        from factcheck.extraction import train as tr
    except ImportError:
        raise click.UsageError("training needs scikit-learn: pip install 'factcheck[train]'") from None
    rows = _rows(data, classes_column)
    texts, labels = rows[0], rows[1]
    classes = rows[2] if classes_column else None
    chosen = tuple(a.strip() for a in analyzers.split(",") if a.strip())
    if not chosen or set(chosen) - set(tr.ANALYZER_FUNCS):
        raise click.BadParameter(f"choose from {', '.join(tr.ANALYZER_FUNCS)}", param_hint="--analyzers")
    from factcheck.extraction.scorer import PACKAGED_MODEL
    target = Path(out) if out else PACKAGED_MODEL
    command = "factcheck scorer train --data " + Path(data).name + (f" --out {out}" if out else "") + \
        f" --analyzers {','.join(chosen)}" + (f" --classes-column {classes_column}" if classes_column else "") + \
        (f" --C {C}" if C else "")
    model = tr.train(texts, labels, chosen, C=C, source=tr.describe_source(data, texts, labels, name, citation),
                     classes=classes, command=command)
    size = tr.write_model(model, target)
    click.echo(f"wrote {target} ({size / 1e6:.1f} MB): {len(texts)} rows, threshold {model['threshold']}, "
               f"cross-validated F1 {model['params']['tuning']['cv_f1']}")


@scorer_group.command("eval")
@click.option("--data", required=True, help="CSV with columns text,label.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def eval_command(data, as_json):
    """Score every row with the installed scorer; precision, recall, F1, average precision."""
    from factcheck.extraction.metrics import evaluate
    from factcheck.extraction.scorer import load_scorer
    texts, labels = _rows(data)
    scorer = load_scorer()
    result = evaluate([scorer.probability(t) for t in texts], labels, scorer.threshold)
    if as_json:
        click.echo(json.dumps(result))
        return
    for key in ("precision", "recall", "f1", "average_precision", "rows", "threshold"):
        click.echo(f"{key:18} {result[key]}")
