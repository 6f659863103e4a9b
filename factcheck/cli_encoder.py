"""`factcheck scorer train --encoder`: reads the CSV, fits a fast model on the same train rows for the
ensemble weight, fine-tunes the encoder (encoder_train.py) and prints what it wrote."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click


def train_encoder_command(rows, data, out, name, citation, classes_column, C, overrides: dict, limit, tiny) -> None:
    """`rows`: the training file as cli_extraction read it (texts, labels[, classes])."""
    try:
        from factcheck.extraction import encoder_train as et
        from factcheck.extraction import train as tr
    except ImportError:
        raise click.UsageError("the encoder needs the model extra: pip install 'factcheck[model]'") from None
    texts, labels = rows[0][:limit], rows[1][:limit]
    classes = (rows[2] if classes_column else [str(y) for y in rows[1]])[:limit]
    target = Path(out) if out else Path.cwd() / "instance" / "encoder"
    command = "factcheck scorer train --encoder --data " + Path(data).name + \
        (f" --classes-column {classes_column}" if classes_column else "") + \
        "".join(f" --{k.replace('_', '-')} {v}" for k, v in overrides.items() if v is not None) + \
        (f" --limit {limit}" if limit else "") + (" --tiny" if tiny else "")

    def fast_probabilities(train_idx, val_idx):
        try:
            member = tr._fit_member("words", [texts[i] for i in train_idx], [labels[i] for i in train_idx],
                                    C or tr.DEFAULTS["C"], [classes[i] for i in train_idx] if classes_column else None)
        except ImportError:
            raise click.UsageError("the ensemble weight needs scikit-learn: pip install 'factcheck[train]'") from None
        return [float(p) for p in tr._predict([member], [texts[i] for i in val_idx])]

    t0 = time.time()
    try:
        meta = et.train_encoder(texts, labels, classes, target, source=tr.describe_source(data, texts, labels, name, citation),
                                command=command, tiny={"layers": 2, "hidden": 32} if tiny else None,
                                fast_probabilities=fast_probabilities, log=lambda m: click.echo(m, err=True),
                                **overrides)
    except et.EncoderTrainingError as exc:
        raise click.UsageError(str(exc)) from None
    ens = meta.get("ensemble") or {}
    click.echo(f"wrote {target} ({meta['onnx_bytes'] / 1e6:.1f} MB model.onnx, "
               f"{'int8' if meta['quantisation'].get('int8') else 'float32'}): {len(texts)} rows, "
               f"{meta['recipe']['train_seconds']:.0f} s fine-tuning, {time.time() - t0:.0f} s in all; "
               f"encoder threshold {meta['threshold']} (validation F1 {meta['tuning']['validation_f1']}); "
               f"ensemble {ens.get('weight_encoder')} x encoder @ {ens.get('threshold')} (CV F1 {ens.get('cv_f1')})",
               file=sys.stdout)
