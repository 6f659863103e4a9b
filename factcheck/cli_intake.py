"""`factcheck import` for links as well as files, and `factcheck watch` (poll every active source once);
registered by cli.py."""
from __future__ import annotations

import os
import re

import click
from flask import current_app
from flask.cli import with_appcontext

from factcheck.db import db_session
from factcheck.errors import DomainError
from factcheck.fetching import FetchPolicy
from factcheck.services import link_intake, sources

SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def is_link(argument: str) -> bool:
    """A path that exists is a file; anything else with a scheme (https:, file:, javascript:) is a link."""
    return not os.path.exists(argument) and bool(SCHEME.match(argument)) and not re.match(r"^[A-Za-z]:[\\/]", argument)


def import_links(links: list[str]) -> None:
    policy, failed = FetchPolicy.from_config(current_app.config), 0
    for link in links:
        try:
            result = link_intake.ingest_link(db_session(), None, link, policy)
        except DomainError as error:
            failed += 1
            click.echo(f"  failed: {link}: {error.message}", err=True)
            continue
        what = (f"imported article #{result.article.id}, {result.claims} claims" if result.created
                else f"already on the desk as article #{result.article.id}")
        click.echo(f"  {link}: {what} ({result.article.title})")
    click.echo(f"Links: imported {len(links) - failed}, failed {failed}.")
    if failed:
        raise click.ClickException(f"{failed} of {len(links)} links could not be imported (reasons above).")


@click.command("watch")
@with_appcontext
def watch_command() -> None:
    """Fetch every active watched source (feeds, sitemaps) once and ingest their new items."""
    session, policy = db_session(), FetchPolicy.from_config(current_app.config)
    active = sources.active_sources(session)
    if not active:
        click.echo("No active source is watched (add one on /admin/sources).")
        return
    failures = 0
    for source_id, url in [(s.id, s.url) for s in active]:
        try:
            result = sources.poll(session, source_id, policy, int(current_app.config["WATCH_MAX_ITEMS"]))
        except DomainError as error:
            failures += 1
            click.echo(f"#{source_id} {url}: failed: {error.message}")
            continue
        waiting = f", {result.waiting} waiting for the next run" if result.waiting else ""
        failed = f", {result.failed} items failed" if result.failed else ""
        click.echo(f"#{source_id} {url}: {result.new} new articles, {result.known} already known{failed}{waiting}")
    if failures:
        raise click.ClickException(f"{failures} of {len(active)} sources could not be read.")


def register(main: click.Group) -> None:
    """Replace `import` with one that also takes links (files go to the original command unchanged)."""
    files_import = main.commands["import"]

    @click.command("import")
    @click.argument("sources_", metavar="PATH_OR_URL...", nargs=-1, required=True)
    @click.pass_context
    @with_appcontext
    def import_command(ctx: click.Context, sources_: tuple[str, ...]) -> None:
        """Import article files (.txt, .md, .html), folders of them, and links (http:// or https://)."""
        links = [s for s in sources_ if is_link(s)]
        paths = tuple(s for s in sources_ if not is_link(s))
        if paths:
            ctx.invoke(files_import, paths=paths)
        if links:
            import_links(links)

    main.add_command(import_command)
    main.add_command(watch_command)
