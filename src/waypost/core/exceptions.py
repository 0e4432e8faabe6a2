"""Domain errors: services raise these; views and the API turn them into responses."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A rule of the domain was broken; the message is safe to show to the user."""

    status_code = 400

    def __init__(self, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class PermissionDenied(ApplicationError):
    status_code = 403


class NotFound(ApplicationError):
    """Also used to hide records the caller may not know exist (never 403 for those)."""

    status_code = 404
