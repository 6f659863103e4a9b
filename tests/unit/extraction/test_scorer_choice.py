"""Choosing a scorer works the same with or without the model extra: fast by default, a clear
message when the encoder cannot be used, and the app keeps ingesting with the fast scorer."""
import json

from click.testing import CliRunner

from factcheck.cli_extraction import scorer_group
from factcheck.extraction import ArticleInput, extract, scorers


def test_fast_is_the_default(monkeypatch):
    monkeypatch.delenv("FACTCHECK_SCORER", raising=False)
    info = scorers.scorer_info()
    assert info["name"] == "fast" and "fallback_reason" not in info
    assert info["training_data"]["rows"] == 22501


def test_missing_encoder_falls_back_to_fast_and_says_why(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTCHECK_SCORER", "ensemble")
    monkeypatch.setenv("FACTCHECK_ENCODER_DIR", str(tmp_path / "none"))
    scorers._CACHE.clear()
    res = CliRunner().invoke(scorer_group, ["info", "--json"])
    info = json.loads(res.output)
    assert info["requested"] == "ensemble" and info["name"] == "fast"
    assert "factcheck[model]" in info["fallback_reason"] or "make model" in info["fallback_reason"]
    assert extract(ArticleInput(body="Unemployment rose by 4 percent in 2010."))[0].score > 0.5


def test_eval_with_an_unavailable_scorer_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTCHECK_ENCODER_DIR", str(tmp_path / "none"))
    scorers._CACHE.clear()
    data = tmp_path / "d.csv"
    data.write_text("text,label\n" + "".join(f"Unemployment rose {i} percent.,1\nThank you.,0\n" for i in range(6)))
    res = CliRunner().invoke(scorer_group, ["eval", "--data", str(data), "--scorer", "encoder", "--json"])
    assert res.exit_code == 2 and "not available" in res.output


def test_eval_defaults_to_the_app_scorer(tmp_path, monkeypatch):
    monkeypatch.delenv("FACTCHECK_SCORER", raising=False)
    data = tmp_path / "d.csv"
    data.write_text("text,label\n" + "".join(f"Unemployment rose {i} percent in 2010.,1\nThank you.,0\n" for i in range(6)))
    out = json.loads(CliRunner().invoke(scorer_group, ["eval", "--data", str(data), "--json"]).output)
    assert out["scorer"] == "fast" and out["rows"] == 12 and out["f1"] == 1.0
