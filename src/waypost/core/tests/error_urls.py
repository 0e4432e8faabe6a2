"""The project's URLs plus views that fail, for the error-handler tests.

The handlers are the project's own (imported from waypost.urls), so the tests check the
handlers the site really uses.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from waypost.core.exceptions import NotFound
from waypost.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def hidden(request: HttpRequest) -> HttpResponse:
    raise NotFound("hidden record")


failing: list[URLPattern | URLResolver] = [
    path("api/v1/test-crash/", crash),
    path("api/v1/test-forbidden/", forbidden),
    path("api/v1/test-hidden/", hidden),
    path("test-crash/", crash),
    path("test-hidden/", hidden),
]
urlpatterns = failing + urlpatterns
