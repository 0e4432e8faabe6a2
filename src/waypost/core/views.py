from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from waypost.core.dashboard import cards_for
from waypost.jobs.selectors import queue_health


def home(request: HttpRequest) -> HttpResponse:
    """The dashboard for people signed in; for everyone else, what Waypost offers them."""
    template = "core/home.html" if request.user.is_authenticated else "core/welcome.html"
    return render(request, template, {"cards": cards_for(request.user)})


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
