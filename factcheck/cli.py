"""The `factcheck` command: Flask's CLI with the app preset, plus the desk's own commands."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from factcheck import migrate, serving
from factcheck.cli_operations import create_app_explained, require_database
from factcheck.db import db_session
from factcheck.documents import EXTENSIONS, read_document
from factcheck.errors import DomainError
from factcheck.image_jobs import import_image_file
from factcheck.images import EXTENSIONS as IMAGES
from factcheck.services import accounts, intake
from factcheck.services.accounts import find_by_email


def session():
    """The app context's one session (the same helper requests use), closed at its teardown."""
    return db_session()


@click.group(cls=FlaskGroup, create_app=lambda: create_app_explained(), add_version_option=False)
def main() -> None:
    """factcheck: a self-hosted fact-check desk."""


@main.group()
def db() -> None:
    """Database migrations."""


@db.command("upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Bring the database up to the code's migrations."""
    engine = current_app.extensions["factcheck.engine"]
    require_database(engine.url)
    migrate.upgrade(engine)
    click.echo(f"Database at revision {', '.join(sorted(migrate.current_revisions(engine)))} "
               f"({engine.url.render_as_string(hide_password=True)}).")


@db.command("current")
@with_appcontext
def db_current() -> None:
    """Show the database's revision and whether it is up to date."""
    engine = current_app.extensions["factcheck.engine"]
    current = ", ".join(sorted(migrate.current_revisions(engine))) or "empty"
    state = "up to date" if migrate.is_up_to_date(engine) else "behind: run `factcheck db upgrade`"
    click.echo(f"{current} ({state})")


@db.command("check")
@with_appcontext
def db_check() -> None:
    """Fail if the models and the migrations disagree."""
    differences = migrate.model_differences(current_app.extensions["factcheck.engine"])
    if differences:
        raise click.ClickException(f"Models and migrations disagree: {differences}")
    click.echo("Models and migrations agree.")


@main.group()
def user() -> None:
    """Accounts."""


@user.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, help="reviewer, editor or admin")
@click.option("--password", help="Prompted for when omitted; --generate-password prints a new one.")
@click.option("--generate-password", is_flag=True)
@with_appcontext
def user_create(email: str, name: str, role: str, password: str | None, generate_password: bool) -> None:
    """Create an account."""
    if generate_password:
        password = accounts.generate_password()
    elif password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        created = accounts.create_user(session(), None, email, name, role, password)
    except DomainError as error:
        raise click.UsageError(error.message) from None
    click.echo(f"Created {created.role} {created.email}" + (f" with password {password}" if generate_password else ""))


def collect(paths: tuple[str, ...]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in (*EXTENSIONS, *IMAGES))
        elif path.is_file():
            files.append(path)
        else:
            raise click.BadParameter(f"{raw} does not exist", param_hint="PATH")
    return files


@main.command("import")
@click.argument("paths", nargs=-1, required=True)
@with_appcontext
def import_command(paths: tuple[str, ...]) -> None:
    """Import article files (.txt, .md, .html), images (.png, .jpg, .webp: OCR) and folders of them."""
    files, limit = collect(paths), int(float(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024)
    imported, skipped, failed = 0, 0, []
    with click.progressbar(files, label="Importing", item_show_func=lambda p: p.name if p else "") as bar:
        for path in bar:
            try:
                if path.suffix.lower() in IMAGES:  # its text read by OCR (factcheck/image_jobs.py)
                    result = import_image_file(session(), path)
                else:
                    result = intake.ingest(session(), None, read_document(path.name, path.read_bytes(), limit))
            except DomainError as error:
                failed.append((path, error.message))
                continue
            imported, skipped = imported + result.created, skipped + (not result.created)
    click.echo(f"Imported {imported}, skipped {skipped} already present, failed {len(failed)}.")
    for path, reason in failed:
        click.echo(f"  failed: {path}: {reason}")


DEMO_ACCOUNTS = (("reviewer@demo.factcheck", "Riley Reviewer", "reviewer"),
                 ("editor@demo.factcheck", "Eden Editor", "editor"),
                 ("admin@demo.factcheck", "Ada Admin", "admin"))


@main.command("demo-accounts")
@with_appcontext
def demo_accounts() -> None:
    """Create one reviewer, editor and admin (once) and print their logins."""
    logins = Path(current_app.instance_path) / "demo-logins.txt"
    logins.parent.mkdir(parents=True, exist_ok=True)
    lines = logins.read_text(encoding="utf-8").splitlines() if logins.exists() else []
    for email, name, role in DEMO_ACCOUNTS:
        if find_by_email(session(), email) is None:
            password = accounts.generate_password()
            accounts.create_user(session(), None, email, name, role, password)
            lines = [line for line in lines if not line.startswith(email)] + [f"{email}  {password}  ({role})"]
    logins.write_text("\n".join(lines) + "\n", encoding="utf-8")
    logins.chmod(0o600)
    serving.set_public_url(session(), serving.DEMO_URL, only_if_unset=True)  # the address `make demo` serves
    click.echo(f"Demo logins (also in {logins}):")
    for line in lines:
        click.echo(f"  {line}")


@click.command("export-decisions")
@click.option("--out", "out", type=click.File("w", encoding="utf-8"), required=True,
              help="CSV to write (text,label); `-` for standard output.")
@with_appcontext
def export_decisions(out) -> None:
    """Write the desk's triage decisions (accepted = 1, dismissed = 0) for `scorer train --data`."""
    from factcheck.services.training_data import triage_decisions, write_csv

    decisions = triage_decisions(session())
    if not decisions:
        raise click.ClickException("The desk has no accepted or dismissed claims yet: nothing to export.")
    write_csv(decisions, out)
    positives = sum(label for _, label in decisions)
    click.echo(f"Exported {len(decisions)} decisions ({positives} accepted, {len(decisions) - positives} dismissed).",
               err=True)


@main.command("demo-verdicts")
@with_appcontext
def demo_verdicts() -> None:
    """Take two seed claims through the workflow to published verdicts (once)."""
    from factcheck.demo import publish_demo_verdicts

    db = session()
    author, editor = (find_by_email(db, email) for email, _, _ in DEMO_ACCOUNTS[:2])
    if author is None or editor is None:
        raise click.ClickException("Run `factcheck demo-accounts` first.")
    for verdict in publish_demo_verdicts(db, author, editor):
        click.echo(f"Published demo verdict: /verdicts/{verdict.slug}")


def register_extraction_commands() -> None:
    from factcheck.cli_extraction import extract_command, scorer_group

    main.add_command(extract_command, "extract")
    scorer_group.add_command(export_decisions)
    main.add_command(scorer_group, "scorer")


register_extraction_commands()


@main.command("export-site")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--no-share-images", is_flag=True, help="Skip the 1200x630 share images (they take the longest).")
@click.option("--workers", default=1, show_default=True, help="Processes rendering verdict pages.")
@with_appcontext
def export_site_command(directory: str, no_share_images: bool, workers: int) -> None:
    """Write the public site (pages, feeds, sitemap, DataFeed, assets) as static files in DIRECTORY."""
    from factcheck.export import ExportError, export_site

    try:
        result = export_site(current_app, Path(directory), share_images=not no_share_images, workers=workers)
    except ExportError as error:
        raise click.ClickException(str(error)) from None
    click.echo(result.summary)  # what was written, left alone and removed: a second run writes nothing

from factcheck.cli_matching import register as _register_matching  # noqa: E402

_register_matching(main)
from factcheck.cli_tips import register as _register_tips  # noqa: E402

_register_tips(main)
from factcheck.cli_jobs import register as _register_jobs  # noqa: E402

_register_jobs(main)
from factcheck.cli_intake import register as _register_intake  # noqa: E402

_register_intake(main)
from factcheck.cli_operations import register as _register_operations  # noqa: E402

_register_operations(main)
