"""Click commands for the extraction engine: `factcheck extract` and `factcheck scorer train|eval|info`.

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
from factcheck.subtitles import has_stamps
from factcheck.transcript_body import clock, seconds_at

MAX_FILE_BYTES = 50 * 1024 * 1024  # a command-line file is the user's own; the desk's upload limit is a setting


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
    """Print the candidate claims of one article FILE (.srt, .vtt and [hh:mm:ss]-stamped transcripts: with
    the moment each claim was said, `at` in the JSON, seconds from the start)."""
    body, time_map = _read_text(file), None
    if Path(file).suffix.lower() in (".srt", ".vtt") or has_stamps(body):
        body, time_map, stamped_date = _timed(file)
        date = date or stamped_date
    if date is None and header_date(body):
        date = _parse_date(None, None, header_date(body))
    claims = extract(ArticleInput(body=body, published_date=date))
    at = {id(c): seconds_at(time_map, c.start) for c in claims} if time_map is not None else None
    if as_json:
        rows = [c.to_dict() | ({"at": at[id(c)]} if at is not None else {}) for c in claims]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for c in sorted(claims, key=lambda c: c.start):
        _print_claim(c, at.get(id(c)) if at is not None else None)


def _timed(path: str) -> tuple[str, tuple, dt.date | None]:
    """A subtitle file's or stamped transcript's body (what the spans index) and its time map."""
    from factcheck.documents import read_document
    from factcheck.errors import ValidationError
    try:
        draft = read_document(Path(path).name, Path(path).read_bytes(), MAX_FILE_BYTES)
    except ValidationError as error:
        raise click.UsageError(error.message) from None
    return draft.body, draft.time_map, draft.published_date


def _print_claim(c, at: int | None = None) -> None:
    click.echo(f"[{c.score:.2f}] {c.start}-{c.end}" + (f" at {clock(at)}" if at is not None else "") + f"  {c.text}")
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
@click.option("--encoder", is_flag=True, help="Fine-tune the encoder (needs the model extra) instead of the fast scorer.")
@click.option("--epochs", type=int, default=None, help="Encoder: epochs (default 3).")
@click.option("--lr", type=float, default=None, help="Encoder: learning rate (default 4e-5).")
@click.option("--max-length", type=int, default=None, help="Encoder: word pieces per sentence (default 64).")
@click.option("--seed", type=int, default=None, help="Encoder: random seed (default 13).")
@click.option("--threads", type=int, default=None, help="Encoder: torch threads (default 1: several threads on a "
              "shared machine wait on each other).")
@click.option("--layers", type=int, default=None, help="Encoder: keep the first N of the base's 6 layers (default 4).")
@click.option("--limit", type=int, default=None, help="Encoder: train on the first N rows only (smoke runs).")
@click.option("--tiny", is_flag=True, hidden=True, help="Encoder: a small random encoder (tests).")
def train_command(data, out, name, citation, analyzers, classes_column, C, encoder, epochs, lr, max_length,
                  seed, threads, layers, limit, tiny):
    """Train the scorer on a text,label CSV and write the model file.

    The decision threshold is the best mean F1 of a 5-fold cross-validation on the same file.
    With --encoder: fine-tune the encoder into --out (a directory, default instance/encoder).
    """
    if encoder:
        from factcheck.cli_encoder import train_encoder_command
        train_encoder_command(_rows(data, classes_column), data, out, name, citation, classes_column, C, dict(
            epochs=epochs, lr=lr, max_length=max_length, seed=seed, threads=threads, layers=layers), limit, tiny)
        return
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
@click.option("--scorer", "scorer_name", type=click.Choice(["fast", "encoder", "ensemble"]), default=None,
              help="Which scorer (default: the one the app uses, FACTCHECK_SCORER or fast).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def eval_command(data, scorer_name, as_json):
    """Score every row with a scorer; precision, recall, F1, average precision."""
    from factcheck.extraction.metrics import evaluate
    from factcheck.extraction.scorers import active_scorer, get_scorer
    texts, labels = _rows(data)
    if scorer_name:
        try:
            scorer = get_scorer(scorer_name)
        except Exception as exc:                     # noqa: BLE001 -- EncoderUnavailable and broken files
            raise click.UsageError(f"scorer {scorer_name} is not available: {exc}") from None
    else:
        scorer_name, scorer = active_scorer()
    probs = scorer.probabilities(texts) if hasattr(scorer, "probabilities") else [scorer.probability(t) for t in texts]
    result = evaluate(probs, labels, scorer.threshold)
    result["scorer"] = scorer_name
    if as_json:
        click.echo(json.dumps(result))
        return
    for key in ("scorer", "precision", "recall", "f1", "average_precision", "rows", "threshold"):
        click.echo(f"{key:18} {result[key]}")


@scorer_group.command("info")
@click.option("--scorer", "scorer_name", type=click.Choice(["fast", "encoder", "ensemble"]), default=None,
              help="Describe this scorer (default: the one the app uses).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def info_command(scorer_name, as_json):
    """Which scorer the app uses, how it was trained, on what, and how big it is."""
    from factcheck.extraction.scorers import scorer_info
    info = scorer_info(scorer_name)
    if as_json:
        click.echo(json.dumps(info, indent=2, default=str))
        return
    click.echo(f"scorer      {info['name']}" + (f" (requested {info['requested']}: {info['fallback_reason']})"
                                                if info.get("fallback_reason") else ""))
    click.echo(f"description {info.get('description')}")
    click.echo(f"threshold   {info['threshold']}")
    size = info.get("size_bytes")
    click.echo(f"model       {info.get('model')}" + (f" ({size / 1e6:.1f} MB)" if size else ""))
    data = info.get("training_data") or {}
    click.echo(f"trained on  {data.get('name') or '-'} ({data.get('rows', '?')} rows, sha256 {str(data.get('sha256'))[:12]})")
    recipe = info.get("recipe") or {}
    keys = ("epochs", "lr", "max_length", "seed", "layers", "class_weights", "train_seconds", "C", "analyzers", "command")
    click.echo("recipe      " + "; ".join(f"{k} {recipe[k]}" for k in keys if k in recipe))
    if info.get("ensemble"):
        e = info["ensemble"]
        click.echo(f"ensemble    {e['weight_encoder']} x encoder + {e['weight_fast']} x fast, threshold {e['threshold']}, "
                   f"CV F1 {e['cv_f1']}")
    if info.get("quantisation"):
        click.echo(f"quantised   {info['quantisation']}")
