"""`factcheck import-claimreview FILE|URL` and `factcheck reindex`, registered by factcheck/cli.py."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from factcheck import matching
from factcheck.db import db_session
from factcheck.errors import DomainError
from factcheck.services import partners


def read_source(source: str) -> tuple[bytes, str]:
    """A URL is fetched (timeout, size cap); anything else is a file, read up to the same cap."""
    if source.startswith(("http://", "https://")):
        return partners.fetch(source), source
    path = Path(source)
    if not path.is_file():
        raise click.ClickException(f"There is no file {source}.")
    if path.stat().st_size > partners.MAX_BYTES:
        raise click.ClickException(f"{source} is larger than {partners.MAX_BYTES // (1024 * 1024)} MB: "
                                   "nothing was imported.")
    return path.read_bytes(), path.name


@click.command("import-claimreview")
@click.argument("source")
@with_appcontext
def import_claimreview_command(source: str) -> None:
    """Import partners' fact-checks from a ClaimReview DataFeed, a JSON list or a CSV (FILE or URL)."""
    try:
        data, name = read_source(source)
        result = partners.import_claimreviews(db_session(), None, data, name=name)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Imported {result.total} fact-checks from {name}: {result.created} new, "
               f"{result.updated} updated, {result.unchanged} unchanged.")


@click.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Rebuild the matching index from the claims, published verdicts and external fact-checks."""
    session = db_session()
    counts = matching.reindex(session)
    session.commit()
    click.echo(f"Indexed {counts.get('documents', 0)} documents: {counts.get('claim', 0)} claims, "
               f"{counts.get('verdict', 0)} published verdicts, {counts.get('external', 0)} external fact-checks.")


def register(main: click.Group) -> None:
    main.add_command(import_claimreview_command)
    main.add_command(reindex_command)
