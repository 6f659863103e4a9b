"""`factcheck serve`, `public-url`, `backup`, `restore`, `dump` and `load`, registered by cli.py; and the
start-up check every long-running command makes (`require_database`)."""
from __future__ import annotations

import os

import click
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
    click.echo(f"{shown}" + (f"  ({problem}: factcheck serve will not start)" if problem else ""))


def register(main: click.Group) -> None:
    for command in (serve_command, public_url_command):
        main.add_command(command)
