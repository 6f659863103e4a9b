"""`factcheck serve`, `public-url`, `backup`, `restore`, `dump` and `load`, registered by cli.py; and the
start-up check every long-running command makes (`require_database`)."""
from __future__ import annotations

import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import ScriptInfo, pass_script_info, with_appcontext
from sqlalchemy.exc import ArgumentError

from factcheck import config as configuration
from factcheck import create_app, migrate, serving
from factcheck.operations import database


def create_app_explained():
    """create_app for the CLI: a DATABASE_URL that does not even parse is a sentence, not a traceback."""
    try:
        return create_app()
    except (ArgumentError, ValueError, ImportError) as error:  # NoSuchModuleError is an ArgumentError
        url = configuration.resolve(configuration.default_instance_path(), None, os.environ)["DATABASE_URL"]
        raise click.ClickException(database.problem(url) or str(error)) from None


def require_database(url) -> None:
    """Stop with "Cannot reach the database at …: connection refused" (exit 1) when it does not answer."""
    problem = database.problem(url)
    if problem:
        raise click.ClickException(problem)


def _engine_url(app):
    return app.extensions["factcheck.engine"].url


@click.command("serve")
@click.option("--bind", help="host:port or unix:PATH (default: SERVE_BIND).")
@click.option("--workers", type=click.IntRange(1, 64), help="Processes (default: SERVE_WORKERS).")
@click.option("--threads", type=click.IntRange(1, 256), help="Threads per process (default: SERVE_THREADS).")
@pass_script_info
def serve_command(info: ScriptInfo, bind: str | None, workers: int | None, threads: int | None) -> None:
    """Serve the desk with gunicorn, production settings from the configuration (docs/deploy.md)."""
    app = info.load_app()
    url = _engine_url(app)
    require_database(url)
    engine = database.quick_engine(url)
    try:
        current, wanted = migrate.current_revisions(engine), migrate.head_revisions()
        if current != wanted:
            at = f"at {', '.join(sorted(current))}" if current else "empty (no migrations applied)"
            raise click.ClickException(
                f"Not serving: the database is {at}; this code needs {', '.join(sorted(wanted))}. "
                "Run `factcheck db upgrade` first (docs/deploy.md, Upgrades).")
        with app.extensions["factcheck.sessionmaker"](bind=engine) as session:
            public_url = serving.stored_public_url(session)
    finally:
        engine.dispose()
    problem = serving.public_url_problem(public_url)
    if problem:
        raise click.ClickException(
            f"Not serving: {problem}. Set the address readers use with "
            "`factcheck public-url https://checks.example.org` (or Admin → Settings → Website), then start again.")
    overrides = {key: value for key, value in
                 (("SERVE_BIND", bind), ("SERVE_WORKERS", workers), ("SERVE_THREADS", threads)) if value is not None}
    try:
        settings = serving.options({**app.config, **overrides})
        serving.proxy_count(app.config)
    except serving.ServeSettingsError as error:
        raise click.ClickException(str(error)) from None
    serving.log_requests_to_stderr()
    click.echo(f"Serving {public_url.rstrip('/')} from {settings['bind'][0]}: {settings['workers']} workers × "
               f"{settings['threads']} threads, proxies trusted: {serving.proxy_count(app.config)} "
               f"({database.display(url)}).", err=True)
    serving.server(settings, create_app).run()


@click.command("public-url")
@click.argument("url", required=False)
@with_appcontext
def public_url_command(url: str | None) -> None:
    """Show the site's public URL (canonical links, feeds, sitemap, ClaimReview), or set it to URL."""
    from factcheck.db import db_session

    session = db_session()
    if url is not None:
        try:
            serving.set_public_url(session, url)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="URL") from None
    shown = serving.stored_public_url(session)
    problem = serving.public_url_problem(shown)
    click.echo(f"{shown or '(not set)'}" + (f"  ({problem}: factcheck serve will not start)" if problem else ""))


@click.command("backup")
@click.argument("dest", type=click.Path(path_type=Path))
@with_appcontext
def backup_command(dest: Path) -> None:
    """Copy the whole database to DEST (a file, or a folder for a dated file): SQLite's online backup,
    or pg_dump's custom format. Safe while the desk is in use."""
    from factcheck.operations import backup

    url = _engine_url(current_app)
    require_database(url)
    try:
        written = backup.backup(url, dest)
    except backup.OperationError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up {database.display(url)} to {written} ({written.stat().st_size:,} bytes).")


@click.command("restore")
@click.argument("src", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database without asking.")
@with_appcontext
def restore_command(src: Path, yes: bool) -> None:
    """Replace the database with the backup SRC (checked first; SQLite keeps a copy of what it replaces)."""
    from factcheck.operations import backup

    url = _engine_url(current_app)
    require_database(url)
    try:
        checked = backup.check(url, src)
        if not yes:
            click.confirm(f"Replace the desk at {database.display(url)} with {src}? Everything written since the "
                          "backup is lost", abort=True)
        kept = backup.restore(url, checked)
    except backup.OperationError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {src} into {database.display(url)}." + (f" The replaced database is kept at {kept}."
                                                                    if kept else ""))
    current_app.extensions["factcheck.engine"].dispose()
    if not migrate.is_up_to_date(current_app.extensions["factcheck.engine"]):
        click.echo("The restored database is behind this code's migrations: run `factcheck db upgrade`.")


@click.command("dump")
@click.option("--format", "kind", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: standard output).")
@with_appcontext
def dump_command(kind: str, out: Path | None) -> None:
    """Write the whole desk as JSON lines (every table, every row), to move it to another database."""
    import sys

    from factcheck.operations import backup
    from factcheck.operations.dump import DumpError, dump

    engine = current_app.extensions["factcheck.engine"]
    require_database(engine.url)
    try:
        if out is None:
            summary = dump(engine, sys.stdout)
        else:
            target = backup.destination(out, ".jsonl")
            with backup.partial_file(target) as temporary, open(temporary, "w", encoding="utf-8") as handle:
                summary = dump(engine, handle)
    except (DumpError, backup.OperationError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Dumped {summary.rows:,} rows of {summary.tables} tables" + (f" to {out}." if out else "."), err=True)


@click.command("load")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--replace", is_flag=True, help="Delete the desk already in the target database first.")
@click.option("--ignore-revision", is_flag=True,
              help="Load a dump from another migration revision when its tables and columns are the same.")
@with_appcontext
def load_command(file, replace: bool, ignore_revision: bool) -> None:
    """Load a `factcheck dump` into this database, in one transaction: all of it or nothing."""
    from factcheck.operations.dump import DumpError, load

    engine = current_app.extensions["factcheck.engine"]
    require_database(engine.url)
    try:
        loaded = load(engine, file, replace=replace, ignore_revision=ignore_revision)
    except DumpError as error:
        raise click.ClickException(str(error)) from None
    search = (f"full-text tables rebuilt: {', '.join(loaded.reindexed)}" if loaded.reindexed
              else "search columns filled by the database as the rows went in")
    click.echo(f"Loaded {loaded.rows:,} rows of {loaded.tables} tables into {database.display(engine.url)} "
               f"({search}).")


def register(main: click.Group) -> None:
    for command in (serve_command, public_url_command, backup_command, restore_command, dump_command, load_command):
        main.add_command(command)
