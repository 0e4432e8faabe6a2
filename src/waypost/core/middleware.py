from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from waypost.core.exceptions import NotFound
from waypost.core.exceptions import PermissionDenied as DomainPermissionDenied

API_JSON_TYPES = ("application/json", "application/problem+json")


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set.

    Pages shown to a signed-in user may carry personal data: browsers and proxies must not
    keep them (a shared computer at an information point, a lost laptop). API answers are
    downloads, never pages (ASVS 14.4.2).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
        if (
            request.path_info.startswith("/api/v1/")
            and "Content-Disposition" not in response
            and response.get("Content-Type", "").startswith(API_JSON_TYPES)
        ):
            # A browser opening an API URL downloads the JSON instead of rendering it, so
            # a crafted URL cannot make it show or run anything (reflected file download).
            response["Content-Disposition"] = 'attachment; filename="api.json"'
        return response


class DomainErrorMiddleware:
    """Shows domain errors raised in HTML views as the matching error page.

    Selectors raise ``NotFound`` for records the user may not see; pages answer 404 for
    them exactly as for records that do not exist (the API does the same in core.api).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # The project's error handlers, so a plain Django view under /api/ answers with
        # problem details too; imported here because views import most of the project.
        from waypost.core.views import page_not_found, permission_denied

        if isinstance(exception, NotFound):
            return page_not_found(request, Http404(exception.message))
        if isinstance(exception, DomainPermissionDenied):
            return permission_denied(request, DjangoPermissionDenied(exception.message))
        return None
