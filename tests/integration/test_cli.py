"""The `factcheck` command: migrations, accounts, import, demo accounts."""
import pytest
from sqlalchemy import func, select

from factcheck.cli import main
from factcheck.models import Article, Claim, User
from factcheck.workflow import Role
from tests.conftest import ROOT


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()

    def invoke(*args, **kwargs):
        return runner.invoke(main, list(args), **kwargs)

    return invoke


def total(session, model):
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def test_import_seeds_twice_imports_once_and_summarises(run, session):
    first = run("import", str(ROOT / "seeds"))
    assert first.exit_code == 0, first.output
    seeds = len([p for p in (ROOT / "seeds").iterdir() if p.suffix in {".txt", ".md", ".html"}])
    assert f"Imported {seeds}, skipped 0 already present, failed 0." in first.output
    second = run("import", str(ROOT / "seeds"))
    assert f"Imported 0, skipped {seeds} already present, failed 0." in second.output
    assert total(session, Article) == seeds
    transcript = session.scalar(select(Article).where(Article.kind == "transcript"))
    assert transcript is not None and "debate" in transcript.title.lower()


def test_import_reports_failures_with_reasons(run, tmp_path, session):
    (tmp_path / "ok.txt").write_text("Prices rose 5% in May, the bureau said.")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 prices".encode("latin-1"))
    result = run("import", str(tmp_path))
    assert "Imported 1, skipped 0 already present, failed 2." in result.output
    assert "empty.txt: empty.txt is empty" in result.output and "not UTF-8" in result.output
    assert run("import", str(tmp_path / "missing")).exit_code == 2


def test_user_create_with_generated_password(run, session):
    result = run("user", "create", "--email", "Ed@Example.org", "--name", "Ed", "--role", "editor",
                 "--generate-password")
    assert result.exit_code == 0 and "Created editor ed@example.org with password " in result.output
    assert session.scalar(select(User.role).where(User.email == "ed@example.org")) is Role.EDITOR


def test_user_create_prompts_for_the_password(run, session):
    result = run("user", "create", "--email", "p@example.org", "--name", "P", "--role", "reviewer",
                 input="a long password\na long password\n")
    assert result.exit_code == 0, result.output
    assert total(session, User) == 1


@pytest.mark.parametrize("args,message", [
    (["--role", "owner"], "Unknown role 'owner': choose one of reviewer, editor, admin"),
    (["--email", "not-an-email"], "is not an email address"),
])
def test_user_create_refuses_bad_input(run, args, message):
    base = {"--email": "x@example.org", "--name": "X", "--role": "reviewer"}
    base.update(dict(zip(args[::2], args[1::2])))
    flat = [item for pair in base.items() for item in pair]
    result = run("user", "create", *flat, "--generate-password")
    assert result.exit_code == 2 and message in result.output


def test_duplicate_email_is_refused(run):
    run("user", "create", "--email", "d@example.org", "--name", "D", "--role", "reviewer", "--generate-password")
    result = run("user", "create", "--email", "D@example.org", "--name", "D2", "--role", "admin", "--generate-password")
    assert result.exit_code == 2 and "already exists" in result.output


def test_demo_accounts_twice_creates_three_accounts_once(run, app, session):
    first = run("demo-accounts")
    second = run("demo-accounts")
    assert total(session, User) == 3
    logins = (app.instance_path + "/demo-logins.txt")
    text = open(logins).read()
    assert text.count("@demo.factcheck") == 3 and first.output == second.output


def test_db_current_and_check(run):
    assert "up to date" in run("db", "current").output
    assert "Models and migrations agree." in run("db", "check").output


def test_export_decisions_writes_accepted_and_dismissed_claims(run, make_claim, tmp_path):
    assert run("scorer", "export-decisions", "--out", str(tmp_path / "none.csv")).exit_code == 1
    make_claim("queued", text="Crime rose 12% in 2023.")
    make_claim("dismissed", text="What a shameful day.")
    make_claim("new", text="Not yet triaged.")
    make_claim("duplicate", text="A repeat.")
    out = tmp_path / "decisions.csv"
    result = run("scorer", "export-decisions", "--out", str(out))
    assert result.exit_code == 0 and "Exported 2 decisions (1 accepted, 1 dismissed)." in result.output
    assert out.read_text().splitlines() == ["text,label", "Crime rose 12% in 2023.,1", "What a shameful day.,0"]


def test_extract_command_prints_candidates_of_a_seed(run):
    result = run("extract", str(ROOT / "seeds" / "000_65ea208533dae351.txt"), "--json")
    assert result.exit_code == 0
    import json

    claims = json.loads(result.output)
    assert any(c["speaker"] == "Zamir Kabulov" for c in claims)


def test_demo_verdicts_go_through_the_workflow_once(run, session, client):
    from factcheck.models import AuditEvent, Verdict

    run("import", str(ROOT / "seeds"))
    assert "Run `factcheck demo-accounts` first." in run("demo-verdicts").output
    run("demo-accounts")
    first = run("demo-verdicts")
    assert first.exit_code == 0 and first.output.count("Published demo verdict") == 2
    assert run("demo-verdicts").output == ""
    session.expire_all()
    verdicts = list(session.scalars(select(Verdict)))
    assert len(verdicts) == 2 and all(v.published_at and v.author_id != v.editor_id for v in verdicts)
    actions = [e.action for e in session.scalars(select(AuditEvent).where(AuditEvent.claim_id == verdicts[0].claim_id))]
    assert actions == ["edit_claim", "accept", "take", "evidence_add", "evidence_add", "submit", "publish"]
    for verdict in verdicts:  # short edited claims; the sentence each was found in is kept as it was
        claim = session.get(Claim, verdict.claim_id)
        assert len(claim.text) <= 75 and claim.original.text != claim.text and claim.text not in claim.original.text
    page = client.get(f"/verdicts/{verdicts[0].slug}")
    assert page.status_code == 200 and "Demo content" in page.text
