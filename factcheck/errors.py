"""Domain errors raised by services and the workflow; factcheck/web/errors.py maps them to pages and JSON."""


class DomainError(Exception):
    """A refusal a person can understand; `status` is the HTTP status it becomes."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    status = 422


class NotFound(DomainError):
    status = 404


class PermissionDenied(DomainError):
    status = 403


class InvalidTransition(DomainError):
    status = 409


class StaleVersion(DomainError):
    status = 409
