"""Domain errors raised by services and the workflow; factcheck/web/error_pages.py maps them to pages and JSON."""


class DomainError(Exception):
    """A refusal a person can understand; `status` is the HTTP status it becomes."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field  # the form field the problem is in, when there is one


class ValidationError(DomainError):
    """`problems`: (field or None, message) for each thing wrong, so a form can mark every field."""

    status = 422

    def __init__(self, message: str, *, field: str | None = None,
                 problems: list[tuple[str | None, str]] | None = None):
        super().__init__(message, field=field)
        self.problems = problems if problems is not None else [(field, message)]


class NotFound(DomainError):
    status = 404


class PermissionDenied(DomainError):
    status = 403


class InvalidTransition(DomainError):
    status = 409


class StaleVersion(DomainError):
    status = 409
