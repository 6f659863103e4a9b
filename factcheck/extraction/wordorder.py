"""How English the order of a sentence's words is: the signal behind "not a sentence".

Each token is mapped to a coarse class (determiner, preposition, pronoun, auxiliary, number,
comma, content word, ...); the table in wordorder_model.json holds, for every pair of adjacent
classes, log P(b | a) - log P(b) estimated on English sentences (ClaimBuster crowdsourced, the
scorer's training file). Shuffled or generated word salad has adjacent classes about as
independent as their frequencies, so its mean over a sentence is near or below zero; English
sits well above (the 0.5th percentile of ClaimBuster groundtruth sentences of 15+ tokens is 0.0,
shuffled text has a median of -0.5 to -0.9). Rebuild the table with
`python -m factcheck.extraction.wordorder CSV` (a CSV with a text column).
"""
from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

MODEL = Path(__file__).with_name("wordorder_model.json")
CLASSES = {
    "DET": "the a an", "POSS": "my your his her its our their", "DEM": "this that these those",
    "PREP": "of in on at for with from by into about over under between during without through after before against",
    "TO": "to", "CONJ": "and or but nor", "SUBJ": "i we you they he she it", "OBJ": "me us him them",
    "BE": "is are was were be been being am", "HAVE": "has have had",
    "MODAL": "will would can could should may might must", "DO": "do does did", "NOT": "not no never",
    "WH": "what which who when where how why whom whose", "THAN": "than as like", "THERE": "there",
    "ADV": "very just also only so now then even still too",
    "IF": "if because while although though since until unless",
    "QUANT": "all some many more most any every each much few",
}
_WORD2C = {w: c for c, ws in CLASSES.items() for w in ws.split()}
_TOK = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d[\d.,]*|[,;:]|[.!?]+|--|[—–-]")


_PUNCT = {",": "COMMA", ";": "COMMA", ":": "COMMA"}


def classes(text: str) -> list[str]:
    out = ["START"]
    add, get = out.append, _WORD2C.get
    prev = "START"
    for t in _TOK.findall(text):
        c0 = t[0]
        if c0.isalpha():
            c = get(t.lower())
            if c is None:
                if "'" in t or "’" in t:
                    c = "CONTR"
                elif c0.isupper() and prev != "START" and prev != "STOP":
                    c = "CAP"
                else:
                    c = "W"
        elif c0.isdigit():
            c = "NUM"
        elif c0 in ".!?":
            c = "STOP"
        else:
            c = _PUNCT.get(c0, "DASH")
        add(c)
        prev = c
    add("END")
    return out


@lru_cache(maxsize=1)
def _table() -> dict:
    try:
        llr = json.loads(MODEL.read_text(encoding="utf-8"))["llr"]
    except (OSError, ValueError, KeyError):
        return {}
    return {tuple(k.split(" ")): v for k, v in llr.items()}


def order_score(text: str) -> tuple[float, int]:
    """(mean log-likelihood ratio of adjacent word classes, number of pairs); (0, 0) without a table."""
    table = _table()
    c = classes(text)
    if not table or len(c) < 2:
        return 0.0, 0
    get = table.get
    total = sum(get(pair, 0.0) for pair in zip(c, c[1:]))
    return total / (len(c) - 1), len(c) - 1


def fit(texts) -> dict:
    uni: Counter = Counter()
    bi: Counter = Counter()
    for t in texts:
        c = classes(t)
        uni.update(c[1:])
        bi.update(zip(c, c[1:]))
    names = sorted(set(uni) | {"START"})
    total, v = sum(uni.values()), len(names)
    out_of: Counter = Counter()
    for (a, _), n in bi.items():
        out_of[a] += n
    llr = {}
    for a in names:
        for b in names:
            if b != "START":
                pb = (uni[b] + 1) / (total + v)
                pba = (bi[(a, b)] + 0.5) / (out_of[a] + 0.5 * v)
                llr[f"{a} {b}"] = round(math.log(pba / pb), 3)
    return {"llr": llr, "smoothing": "add-1 unigram, add-0.5 bigram", "sentences": len(texts)}


if __name__ == "__main__":                                 # python -m factcheck.extraction.wordorder FILE.csv
    import csv
    import hashlib
    path = Path(sys.argv[1])
    with open(path, newline="", encoding="utf-8") as fh:
        rows = [r["text"] for r in csv.DictReader(fh)]
    model = fit(rows)
    model["training_data"] = {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    MODEL.write_text(json.dumps(model, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {MODEL} from {len(rows)} sentences")
