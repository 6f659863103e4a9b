"""The fine-tuned encoder and the ensemble: inference through ONNX Runtime, in batches.

Optional (the `model` extra: onnxruntime, tokenizers); nothing here is imported unless the
encoder or the ensemble is asked for, and the fast scorer stays the default.

A model directory holds model.onnx (input_ids, attention_mask -> class probabilities),
tokenizer.json and metadata.json (classes, positive class, max_length, thresholds, the training
recipe and data, the ensemble's weights). Where it is looked for: the path given, else
$FACTCHECK_ENCODER_DIR, else instance/encoder under the working directory (`make model` writes it).
Sentences longer than max_length word pieces are truncated (the encoder reads their start), and
a candidate's reasons say so; the reasons otherwise come from the transparent features.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

FORMAT = "factcheck-onnx-encoder"
ONNX_FILE, TOKENIZER_FILE, METADATA = "model.onnx", "tokenizer.json", "metadata.json"
ENV_DIR = "FACTCHECK_ENCODER_DIR"
ENV_THREADS = "FACTCHECK_ENCODER_THREADS"
BATCH = 64


def load_tokenizer(path, max_length: int):
    """The base model's word-piece tokenizer, truncating at max_length, padding left to us (its
    tokenizer.json pads every sentence to 128 pieces: slow, and wrong with an all-ones mask)."""
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(str(path))
    tok.no_padding()
    tok.enable_truncation(max_length)
    return tok


class EncoderUnavailable(RuntimeError):
    """The model extra is not installed or no trained encoder was found: says which and how to fix."""


def encoder_dir(path: str | os.PathLike | None = None) -> Path:
    if path:
        return Path(path)
    env = os.environ.get(ENV_DIR)
    return Path(env) if env else Path.cwd() / "instance" / "encoder"


def available(path: str | os.PathLike | None = None) -> bool:
    """True if the runtime is installed and a trained encoder is at encoder_dir(path)."""
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError:
        return False
    d = encoder_dir(path)
    return all((d / f).is_file() for f in (ONNX_FILE, TOKENIZER_FILE, METADATA))


class OnnxEncoder:
    """P(check-worthy) of sentences from the fine-tuned encoder; batched, length-sorted, cached."""

    def __init__(self, path: str | os.PathLike | None = None, onnx_file: str = ONNX_FILE, threads: int | None = None):
        try:
            import onnxruntime as ort
            import tokenizers  # noqa: F401
        except ImportError:
            raise EncoderUnavailable("the encoder needs the model extra: pip install 'factcheck[model]'") from None
        d = encoder_dir(path)
        if not (d / onnx_file).is_file() or not (d / METADATA).is_file():
            raise EncoderUnavailable(f"no trained encoder in {d}: run `make model` "
                                     "(or factcheck scorer train --encoder --out DIR)")
        self.metadata = json.loads((d / METADATA).read_text(encoding="utf-8"))
        if self.metadata.get("format") != FORMAT:
            raise EncoderUnavailable(f"{d / METADATA} is not a {FORMAT} model")
        self.max_length = int(self.metadata["max_length"])
        self.positive_index = int(self.metadata["positive_index"])
        self.threshold = float(self.metadata.get("threshold", 0.5))
        self.tokenizer = load_tokenizer(d / TOKENIZER_FILE, self.max_length)
        opts = ort.SessionOptions()
        n = threads or int(os.environ.get(ENV_THREADS, "0") or 0)
        if n:
            opts.intra_op_num_threads = n
            opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(d / onnx_file), opts, providers=["CPUExecutionProvider"])
        self.path = d
        self._cache: dict[str, float] = {}
        self.truncated: set[str] = set()

    def probabilities(self, texts: list[str]) -> list[float]:
        """One probability per text, computed in batches of similar length (cached per text)."""
        import numpy as np
        todo = list({t for t in texts if t not in self._cache})
        if todo:
            encoded = self.tokenizer.encode_batch([t if t.strip() else "." for t in todo])
            order = sorted(range(len(todo)), key=lambda i: len(encoded[i].ids))
            for batch in _similar_lengths(order, [len(e.ids) for e in encoded]):
                width = len(encoded[batch[-1]].ids)
                ids = np.zeros((len(batch), width), dtype=np.int64)
                mask = np.zeros((len(batch), width), dtype=np.int64)
                for j, i in enumerate(batch):
                    e = encoded[i]
                    ids[j, :len(e.ids)] = e.ids
                    mask[j, :len(e.ids)] = 1
                    if e.overflowing:
                        self.truncated.add(todo[i])
                out = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
                for i, row in zip(batch, out[:, self.positive_index]):
                    self._cache[todo[i]] = float(row)
        if len(self._cache) > 100_000:
            self._cache = {t: self._cache[t] for t in texts if t in self._cache}
        return [self._cache[t] for t in texts]

    def probability(self, text: str, facts: dict | None = None) -> float:
        return self.probabilities([text])[0]

    def prime(self, texts: list[str]) -> None:
        self.probabilities(texts)

    def was_truncated(self, text: str) -> bool:
        return text in self.truncated


class EnsembleScorer:
    """w * encoder + (1 - w) * fast, with the weight and threshold stored in the encoder's metadata
    (chosen by cross-validation on the training file when the encoder was trained)."""

    def __init__(self, encoder: OnnxEncoder, fast):
        ens = encoder.metadata.get("ensemble") or {"weight_encoder": 0.5, "threshold": 0.5}
        self.encoder, self.fast = encoder, fast
        self.weight = float(ens["weight_encoder"])
        self.threshold = float(ens["threshold"])
        self.metadata = {"name": f"ensemble: {self.weight:g} x encoder + {1 - self.weight:g} x fast",
                         "ensemble": ens, "encoder": encoder.metadata.get("name"),
                         "fast": fast.metadata.get("name") or (fast.metadata.get("training_data") or {}).get("name")}

    def prime(self, texts: list[str]) -> None:
        self.encoder.prime(texts)

    def probabilities(self, texts: list[str], facts: list | None = None) -> list[float]:
        enc = self.encoder.probabilities(texts)
        fast = [self.fast.probability(t, f) for t, f in zip(texts, facts or [None] * len(texts))]
        return [self.weight * a + (1 - self.weight) * b for a, b in zip(enc, fast)]

    def probability(self, text: str, facts: dict | None = None) -> float:
        return self.probabilities([text], [facts])[0]

    def was_truncated(self, text: str) -> bool:
        return self.encoder.was_truncated(text)

    @property
    def max_length(self) -> int:
        return self.encoder.max_length


def _similar_lengths(order: list[int], lengths: list[int]):
    """Cut the length-sorted order into batches of at most BATCH whose longest is within 30 % (+2
    pieces) of their shortest: padding to the longest is wasted compute (3x on a news article)."""
    batch: list[int] = []
    for i in order:
        if batch and (len(batch) >= BATCH or lengths[i] > lengths[batch[0]] * 1.3 + 2):
            yield batch
            batch = []
        batch.append(i)
    if batch:
        yield batch
