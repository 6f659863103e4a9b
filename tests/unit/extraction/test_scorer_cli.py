import csv
import json

import pytest
from click.testing import CliRunner

from factcheck.cli_extraction import extract_command, scorer_group
from factcheck.extraction import scorer as scorer_mod


def test_packaged_model_cites_its_training_data():
    s = scorer_mod.load_scorer()
    assert isinstance(s, scorer_mod.LinearScorer)
    data = s.metadata["training_data"]
    assert "ClaimBuster" in data["name"] and "10.5281/zenodo.3609356" in data["citation"]
    assert 0.0 < s.threshold < 1.0
    assert scorer_mod.PACKAGED_MODEL.stat().st_size < 5_000_000


def test_model_separates_obvious_cases():
    s = scorer_mod.load_scorer()
    assert s.probability("Unemployment rose by 4 percent in 2010.") > s.threshold
    assert s.probability("Thank you very much.") < s.threshold


def test_env_var_points_to_another_model(tmp_path, monkeypatch):
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"format": scorer_mod.FORMAT, "threshold": 0.4, "members": [
        {"analyzer": "words", "intercept": 5.0, "weights": {}}]}))
    monkeypatch.setenv(scorer_mod.ENV_VAR, str(path))
    assert scorer_mod.load_scorer().threshold == 0.4
    assert scorer_mod.load_scorer().probability("anything") > 0.99


@pytest.fixture
def seed_file(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("date 2023-01-20\nOn Jan. 19 the council spent $40 million, Mayor Ann Lee said.\n")
    return p


def test_extract_json_uses_header_date(seed_file):
    res = CliRunner().invoke(extract_command, [str(seed_file), "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    row = [r for r in rows if "council" in r["text"]][0]
    assert row["claim_date"] == "2023-01-19" and row["speaker"] == "Ann Lee"


def test_extract_text_output(seed_file):
    res = CliRunner().invoke(extract_command, [str(seed_file), "--date", "2023-02-01"])
    assert res.exit_code == 0 and "speaker: Ann Lee" in res.output and "Jan. 19 -> 2023-01-19" in res.output


@pytest.mark.parametrize("args, message", [
    (["missing.txt"], "cannot read"),
    (["{seed}", "--date", "2023-02-30"], "YYYY-MM-DD"),
])
def test_extract_bad_input_is_a_usage_error(seed_file, args, message):
    args = [a.replace("{seed}", str(seed_file)) for a in args]
    res = CliRunner().invoke(extract_command, args)
    assert res.exit_code == 2 and message in res.output and "Traceback" not in res.output


def _csv(path, rows, header=("text", "label")):
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_eval_bad_columns_and_missing_file(tmp_path):
    bad = _csv(tmp_path / "bad.csv", [("x", "1")], header=("sentence", "y"))
    res = CliRunner().invoke(scorer_group, ["eval", "--data", str(bad)])
    assert res.exit_code == 2 and "needs columns 'text' and 'label'" in res.output
    res = CliRunner().invoke(scorer_group, ["eval", "--data", str(tmp_path / "nope.csv")])
    assert res.exit_code == 2 and "does not exist" in res.output


def _rows():
    pos = [f"Taxes rose by {i} percent in {1990 + i}." for i in range(20)]
    neg = [f"Thank you, {n}, good to be here." for n in ("Bob", "Ann", "Joe", "Sue", "Max") * 4]
    return [(t, 1) for t in pos] + [(t, 0) for t in neg]


def test_eval_json_reports_metrics(tmp_path):
    data = _csv(tmp_path / "d.csv", _rows())
    res = CliRunner().invoke(scorer_group, ["eval", "--data", str(data), "--json"])
    out = json.loads(res.output)
    assert {"precision", "recall", "f1", "average_precision", "rows"} <= set(out)
    assert out["rows"] == 40 and out["f1"] > 0.9


def test_train_writes_a_model_that_loads_and_names_its_data(tmp_path, monkeypatch):
    pytest.importorskip("sklearn")
    data = _csv(tmp_path / "decisions.csv", [(t, "accepted" if y else "dismissed") for t, y in _rows()])
    out = tmp_path / "m.json.gz"
    res = CliRunner().invoke(scorer_group, ["train", "--data", str(data), "--out", str(out), "--analyzers", "words"])
    assert res.exit_code == 0, res.output
    model = scorer_mod.read_model(out)
    assert model.metadata["training_data"]["rows"] == 40
    assert "triage decisions" in model.metadata["training_data"]["citation"]
    assert model.probability("Taxes rose by 7 percent in 2001.") > model.probability("Thank you, Bob.")
