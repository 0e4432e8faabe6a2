from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from waypost.accounts.models import User
from waypost.accounts.permissions import role_required
from waypost.accounts.roles import Permission
from waypost.releases import selectors
from waypost.releases.models import StatisticalRelease


def _dataset_labels() -> dict[str, str]:
    return {
        "incidents": _("Dead and missing in migration (incidents)"),
        "missing-persons": _("Missing-person reports (with consent to statistics)"),
        "incidents-forecast": _("Forecast of dead and missing per month"),
        "screenings-forecast": _("Forecast of screenings per month at a post"),
    }


def _method_text(method: str) -> list[str]:
    """The protection a release went through, in words: one entry per step."""
    steps = []
    for step in method.split("+"):
        if step == "suppression":
            steps.append(_("small counts suppressed, and their partners"))
        elif step == "discrete-laplace":
            steps.append(_("differentially private noise (discrete Laplace)"))
        elif step.startswith("rounding-"):
            steps.append(_("rounded to multiples of %(n)s") % {"n": step.removeprefix("rounding-")})
        elif step == "sarimax":
            steps.append(_("forecast by a seasonal ARIMA model, backtested"))
        else:
            steps.append(step)
    return steps


def _for_whom(release: StatisticalRelease, viewer: User) -> dict[str, Any]:
    """Who asked: the person only to the people of their own organisation; to others, the
    organisation; nobody for a public request or the operator's command."""
    same = release.organisation_id is not None and release.organisation_id == (
        viewer.organisation_id
    )
    return {
        "person": release.requested_by if same else None,
        "organisation": release.organisation,
        # An organisation's own posts are named to its people only.
        "place": release.parameters.get("place", "") if same else "",
    }


@role_required(Permission.VIEW_STATISTICS)
def release_log(request: HttpRequest) -> HttpResponse:
    """What left Waypost as statistics: each release, when, for whom, with which
    disclosure control (method, k, epsilon, cells hidden). No cell value is logged."""
    viewer = request.user
    assert isinstance(viewer, User)  # noqa: S101 - role_required guarantees it
    dataset = request.GET.get("dataset", "")
    page = Paginator(selectors.releases_logged(dataset=dataset), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    labels = _dataset_labels()
    rows = [
        {
            "release": release,
            "dataset": labels.get(release.dataset, release.dataset),
            "method": _method_text(release.method),
            **_for_whom(release, viewer),
        }
        for release in page.object_list
    ]
    return render(
        request,
        "releases/log.html",
        {
            "page": page,
            "rows": rows,
            "query": query,
            "dataset": dataset,
            "datasets": [(name, labels.get(name, name)) for name in selectors.datasets_logged()],
        },
    )
