"""Which check-worthiness scorer is used: fast (default), encoder or ensemble, and what it is.

FACTCHECK_SCORER=fast|encoder|ensemble picks the one extract() uses (default fast). If the encoder
or the ensemble is asked for but cannot be loaded (the model extra is not installed, or no trained
encoder is in FACTCHECK_ENCODER_DIR / instance/encoder), the fast scorer is used and scorer_info()
says so: the desk never stops ingesting because an optional model is missing.
"""
from __future__ import annotations

import os
from pathlib import Path

from .scorer import load_scorer, model_path

SCORERS = ("fast", "encoder", "ensemble")
ENV = "FACTCHECK_SCORER"
_CACHE: dict = {}


def requested_name() -> str:
    name = (os.environ.get(ENV) or "fast").strip().lower()
    return name if name in SCORERS else "fast"


def get_scorer(name: str | None = None, encoder_path=None):
    """The scorer called name (default: the requested one). Raises EncoderUnavailable for encoder or
    ensemble when they cannot be loaded, ValueError for an unknown name."""
    name = name or requested_name()
    if name not in SCORERS:
        raise ValueError(f"unknown scorer {name!r}: choose from {', '.join(SCORERS)}")
    if name == "fast":
        return load_scorer()
    from .encoder import EnsembleScorer, OnnxEncoder, encoder_dir
    key = (name, str(encoder_dir(encoder_path)))
    if key not in _CACHE:
        enc_key = ("encoder", key[1])
        if enc_key not in _CACHE:
            _CACHE[enc_key] = OnnxEncoder(encoder_path)
        if name == "ensemble":
            _CACHE[key] = EnsembleScorer(_CACHE[enc_key], load_scorer())
    return _CACHE[key]


def active_scorer():
    """(name, scorer) that extract() uses: the requested one, else fast with the reason it fell back."""
    name = requested_name()
    if name == "fast":
        return "fast", load_scorer()
    try:
        return name, get_scorer(name)
    except Exception:                    # noqa: BLE001 -- EncoderUnavailable, or a broken model file
        return "fast", load_scorer()


def scorer_info(name: str | None = None) -> dict:
    """What the claim page and `factcheck scorer info` show: name, threshold, recipe, training
    data, file and size; for a requested scorer that cannot load, why and what is used instead."""
    requested = name or requested_name()
    info: dict = {"requested": requested}
    try:
        scorer = get_scorer(requested)
        info["name"] = requested
    except Exception as exc:             # noqa: BLE001
        info.update(name="fast", fallback_reason=str(exc))
        scorer = load_scorer()
    meta = scorer.metadata
    info["threshold"] = scorer.threshold
    if info["name"] == "fast":
        path = model_path()
        info.update(description="TF-IDF word n-grams + transparent features, logistic regression (plain Python)",
                    model=str(path), size_bytes=path.stat().st_size if path.is_file() else None,
                    recipe=meta.get("params"), training_data=meta.get("training_data"), created=meta.get("created"))
        return info
    enc = scorer if info["name"] == "encoder" else scorer.encoder
    onnx = Path(enc.path) / "model.onnx"
    info.update(description=meta.get("name") if info["name"] == "encoder" else scorer.metadata["name"],
                model=str(enc.path), size_bytes=onnx.stat().st_size,
                quantisation=enc.metadata.get("quantisation"), recipe=enc.metadata.get("recipe"),
                base=enc.metadata.get("base"), training_data=enc.metadata.get("training_data"),
                created=enc.metadata.get("created"), max_length=enc.max_length)
    if info["name"] == "ensemble":
        info["ensemble"] = enc.metadata.get("ensemble")
    return info
