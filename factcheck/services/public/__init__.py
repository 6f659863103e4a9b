"""What readers see: public verdict pages, lists, search, feeds, the API's records. Read-only: every
editorial write (publish, correct, retract) is in services.editorial. No Flask here: callers pass URLs in."""
from factcheck.errors import DomainError


class InvalidQuery(DomainError):
    """A reader's malformed page number, unknown filter value or over-long search."""

    status = 400
