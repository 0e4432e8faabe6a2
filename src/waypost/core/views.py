from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from drf_spectacular.views import SpectacularSwaggerSplitView

from waypost.accounts.permissions import audit_refusal
from waypost.core.api import problem_json_response
from waypost.core.dashboard import shown_cards
from waypost.jobs.selectors import queue_health


def home(request: HttpRequest) -> HttpResponse:
    """The dashboard for people signed in; for everyone else, what Waypost offers them."""
    template = "core/home.html" if request.user.is_authenticated else "core/welcome.html"
    return render(request, template, {"cards": shown_cards(request.user)})


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page names; send them to the real file."""
    return HttpResponseRedirect(static("waypost/favicon.ico"))


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI with its init script and styles in files: the content policy refuses inline ones."""

    template_name = "core/api_docs.html"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for load balancers and monitoring; no personal data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        database = "unavailable"
    jobs = queue_health()
    healthy = database == "ok" and jobs["status"] == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "database": database, "jobs": jobs},
        status=200 if healthy else 503,
    )


# Error handlers (wired as handler400/403/404/500 in waypost.urls). Django calls them for
# errors no view answered: a URL that matches nothing, an exception that escaped a view.
# Under /api/ clients parse every response as RFC 9457 problem details, as DRF's errors
# are (core.api); everywhere else the site keeps its translated HTML pages. The details
# reuse DRF's wording for the same statuses. Django shows its technical pages instead of
# these when DEBUG is on.


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return problem_json_response(400, _("Malformed request."))
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    audit_refusal(request, 403)
    if is_api_request(request):
        return problem_json_response(403, _("You do not have permission to perform this action."))
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    audit_refusal(request, 404)
    if is_api_request(request):
        # Same body as a record that is missing or hidden from the caller (core.api), so
        # a wrong URL and an invisible record cannot be told apart.
        return problem_json_response(404, _("Not found."))
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api_request(request):
        return problem_json_response(500, _("A server error occurred."))
    return defaults.server_error(request)
