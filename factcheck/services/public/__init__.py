"""What readers see: public verdict pages, lists, search, feeds, the API's records, and the
editor's corrections on top of services.editorial. No Flask here: callers pass URLs in."""
from factcheck.errors import DomainError


class InvalidQuery(DomainError):
    """A reader's malformed page number, unknown filter value or over-long search."""

    status = 400
