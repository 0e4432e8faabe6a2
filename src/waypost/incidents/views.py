from __future__ import annotations

from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from waypost.accounts.models import User
from waypost.accounts.permissions import role_required
from waypost.accounts.roles import Permission
from waypost.core.charts import bar_chart
from waypost.core.exceptions import ApplicationError
from waypost.core.http import attachment_disposition
from waypost.formats import geojson
from waypost.formats.hxl import write_hxl_csv
from waypost.formats.mmp import CAUSES, write_mmp_csv
from waypost.incidents import selectors, services
from waypost.incidents.forms import ImportForm, IncidentForm
from waypost.incidents.models import Incident, IncidentStatus
from waypost.releases import selectors as releases


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# The list's status filter also shows the incidents MMP no longer lists (never counted).
WITHDRAWN = "withdrawn"


def _filters(request: HttpRequest) -> dict[str, Any]:
    year = request.GET.get("year", "")
    status = request.GET.get("status", "")
    return {
        "year": int(year) if year.isdigit() else None,
        "region": request.GET.get("region", ""),
        "route": request.GET.get("route", ""),
        "cause": request.GET.get("cause", ""),
        "status": status if status in IncidentStatus.values else "",
        "date_from": _date(request.GET.get("date_from", "")),
        "date_to": _date(request.GET.get("date_to", "")),
        "withdrawn": status == WITHDRAWN,
    }


@cache
def _land() -> str:
    """Natural Earth land outlines as SVG path data (incidents/basemap/ATTRIBUTION.md)."""
    return (
        files("waypost.incidents").joinpath("basemap/land-110m.svgpath").read_text(encoding="utf-8")
    )


def _map_points(
    points: list[tuple[float | None, float | None, int | None, int | None]], *, k: int = 1
) -> list[tuple[float, float, float]]:
    """Incidents summed per half degree, as (x, y, radius) on an equirectangular 360×180 plane.

    A place with fewer than ``k`` people dead or missing is drawn as if it had ``k``: the
    map says that people died there, not how few (disclosure control, docs/statistics.md)."""
    cells: dict[tuple[float, float], int] = {}
    for lon, lat, dead, missing in points:
        if lon is not None and lat is not None and -180 <= lon <= 180 and -90 <= lat <= 90:
            key = (round(lon * 2) / 2, round(lat * 2) / 2)
            cells[key] = cells.get(key, 0) + (dead or 0) + (missing or 0)
    return [
        (lon + 180, 90 - lat, round(min(4.0, 0.4 + (max(total, k) if total else 0) ** 0.5 / 6), 2))
        for (lon, lat), total in cells.items()
    ]


# The map's graticule, labelled every 60° of longitude and 30° of latitude, as (position on
# the 360×180 plane, label); hemisphere letters as in coordinates (core/numbers.py).
MERIDIAN_LABELS = [
    (lon + 180, f"{abs(lon)}°{'W' if lon < 0 else 'E' if lon > 0 else ''}")
    for lon in range(-120, 121, 60)
]
PARALLEL_LABELS = [
    (90 - lat, f"{abs(lat)}°{'S' if lat < 0 else 'N' if lat > 0 else ''}")
    for lat in range(-60, 61, 30)
]


@role_required(Permission.VIEW_INCIDENTS)
def incident_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    incidents = selectors.incidents_filtered(**filters)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "hxl", "geojson"):
        rows = selectors.incidents_export_rows(incidents)
        if fmt == "geojson":
            response = HttpResponse(geojson.dumps(rows), content_type="application/geo+json")
            response["Content-Disposition"] = attachment_disposition("waypost-incidents.geojson")
            return response
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        (write_hxl_csv if fmt == "hxl" else write_mmp_csv)(rows, response)
        response["Content-Disposition"] = attachment_disposition(f"waypost-incidents-{fmt}.csv")
        return response
    page = Paginator(incidents.order_by(F("date").desc(nulls_last=True), "-pk"), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "incidents/list.html",
        {
            "page": page,
            "filters": filters,
            "query": query,
            "regions": selectors.choices("region"),
            "routes": selectors.choices("route"),
            "years": selectors.choices("year"),
            "causes": CAUSES,
            "statuses": [*IncidentStatus.choices, (WITHDRAWN, _("No longer in MMP (not counted)"))],
            "full_filters": True,
            "can_import": _actor(request).has_role_permission(Permission.RUN_OPERATIONS),
            "can_edit": _actor(request).has_role_permission(Permission.EDIT_INCIDENTS),
        },
    )


def statistics(request: HttpRequest) -> HttpResponse:
    """Public dashboard of SDG indicator 10.7.3, with the same figures as the command and API:
    every count as published under disclosure control (``releases.selectors``)."""
    filters = _filters(request)
    sdg = {k: filters[k] for k in ("year", "region", "route")}
    k = releases.statistics_k()
    by_year = releases.sdg_breakdown_published("year", **sdg)
    by_region = releases.sdg_breakdown_published("region", **sdg)
    points = list(
        selectors.incidents_filtered(**sdg)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .values_list("longitude", "latitude", "dead", "missing")[:20000]
    )
    return render(
        request,
        "incidents/statistics.html",
        {
            "filters": filters,
            "k": k,
            "total": releases.sdg_published(**sdg),
            "by_year": by_year,
            "by_region": by_region,
            "year_chart": bar_chart(by_year),
            "region_chart": bar_chart(by_region),
            "by_un_region": releases.sdg_breakdown_published("un_region", **sdg),
            "by_sex": releases.sdg_breakdown_published("sex", **sdg),
            "by_age": releases.sdg_breakdown_published("age", **sdg),
            "by_route": releases.sdg_breakdown_published("route", **sdg)[:15],
            "by_cause": releases.sdg_breakdown_published("cause", **sdg)[:12],
            "points": _map_points(points, k=k),
            "land": _land(),
            "meridians": range(0, 361, 30),
            "parallels": range(0, 181, 30),
            "meridian_labels": MERIDIAN_LABELS,
            "parallel_labels": PARALLEL_LABELS,
            "regions": selectors.choices("region"),
            "routes": selectors.choices("route"),
            "years": selectors.choices("year"),
            # Incidents are events, not people: their count is the sum of the years'
            # counts shown beside a published total.
            "incident_count": sum(row["incidents"] or 0 for row in by_year),
            "causes": CAUSES,
            "map_strings": _map_strings(),
            "map_links": _may_open_incidents(request),
            "forecasts": [
                {**forecast, "chart": forecast_chart(forecast["forecast"])}
                for forecast in releases.forecasts_shown()
            ],
        },
    )


def forecast_chart(months: list[dict[str, Any]]) -> dict[str, Any]:
    """A forecast's months as columns (the median) with their 80% interval as a line, in a
    100 x 40 box; time runs left to right in every language, as on a calendar."""
    height = 40.0
    peak = max([1.0, *(month["upper"] for month in months)])
    slot = 100 / max(1, len(months))
    columns = []
    for number, month in enumerate(months):
        columns.append(
            {
                **month,
                "x": number * slot + slot * 0.2,
                "width": slot * 0.6,
                "middle": number * slot + slot / 2,
                "y": height - height * month["value"] / peak,
                "height": height * month["value"] / peak,
                "y_lower": height - height * month["lower"] / peak,
                "y_upper": height - height * month["upper"] / peak,
            }
        )
    return {"columns": columns, "height": height, "label_y": height + 5}


def _map_strings() -> dict[str, str]:
    """What the interactive map's script shows, translated here (the script has no catalog)."""
    return {
        # MapLibre's own controls (its locale keys).
        "Map.Title": _("Map of incidents"),
        "NavigationControl.ZoomIn": _("Zoom in"),
        "NavigationControl.ZoomOut": _("Zoom out"),
        "AttributionControl.ToggleAttribution": _("Show or hide the map's sources"),
        "status": _("Incidents on the map: %(incidents)s. Dead or missing: %(people)s."),
        "loading": _("Loading the incidents…"),
        "failed": _("The incidents could not be loaded; the static map below still shows them."),
        "cluster": _("Group of incidents: %(incidents)s. Dead or missing: %(people)s. Zoom in."),
        "point": _("Incident, %(when)s. Dead or missing: %(people)s."),
        "point_linked": _("Incident, %(when)s. Dead or missing: %(people)s. Open its page."),
        "unknown_date": _("date not known"),
    }


def _may_open_incidents(request: HttpRequest) -> bool:
    user = request.user
    return isinstance(user, User) and user.has_role_permission(Permission.VIEW_INCIDENTS)


def statistics_points(request: HttpRequest) -> JsonResponse:
    """The interactive map's incidents, public like the statistics page: for each, where, when
    and how many people, and its id only for a person whose role may open incident pages.

    Numbers are JSON numbers, never localised; the page's script formats what people read.
    """
    filters = _filters(request)
    linked = _may_open_incidents(request)
    points = selectors.incident_points(
        year=filters["year"],
        region=filters["region"],
        route=filters["route"],
        cause=filters["cause"],
    )
    columns = ["longitude", "latitude", "dead_and_missing", "date"]
    return JsonResponse(
        {
            "columns": [*columns, "incident"] if linked else columns,
            "points": [[*point[1:], point[0]] if linked else list(point[1:]) for point in points],
        }
    )


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - role_required guarantees it
    return request.user


@role_required(Permission.VIEW_INCIDENTS)
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_object_or_404(Incident.objects.select_related("withdrawn_by"), pk=pk)
    return render(
        request,
        "incidents/detail.html",
        {
            "incident": incident,
            "sources": incident.sources.select_related("export"),
            "can_edit": _actor(request).has_role_permission(Permission.EDIT_INCIDENTS),
            "can_review": _actor(request).has_role_permission(Permission.REVIEW_INCIDENTS),
        },
    )


@role_required(Permission.EDIT_INCIDENTS)
def incident_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    incident = get_object_or_404(Incident, pk=pk) if pk else None
    initial = (
        {name: getattr(incident, name) for name in services.INCIDENT_FIELDS} if incident else {}
    )
    form = IncidentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values, source = form.values()
        saved = services.incident_save(
            actor=_actor(request), incident=incident, source=source, **values
        )
        messages.success(request, _("The incident was saved."))
        return redirect("incidents:detail", pk=saved.pk)
    return render(request, "incidents/form.html", {"form": form, "incident": incident})


@role_required(Permission.REVIEW_INCIDENTS)
def review(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        incident = get_object_or_404(Incident, pk=request.POST.get("incident"))
        services.incident_verify(actor=_actor(request), incident=incident)
        messages.success(request, _("The incident was verified."))
        return redirect("incidents:review")
    page = Paginator(selectors.review_queue(), 50).get_page(request.GET.get("page"))
    return render(request, "incidents/review.html", {"page": page})


def _evidence_text(evidence: list[list[Any]]) -> list[str]:
    """A pair's evidence (recognition codes) as the reviewer reads it."""
    lines = []
    for code, value in evidence:
        if code == "days":
            lines.append(
                _("same day")
                if value == 0
                else ngettext("%(days)s day apart", "%(days)s days apart", value) % {"days": value}
            )
        elif code == "km":
            lines.append(_("%(km)s km apart") % {"km": value})
        elif code == "counts":
            lines.append(
                _("same dead and missing")
                if value == "same"
                else _("same total, split differently between dead and missing")
            )
        elif code == "totals":
            lines.append(
                _("%(first)s and %(second)s dead and missing")
                % {"first": value[0], "second": value[1]}
            )
        elif code == "link":
            lines.append(_("a source link in common"))
        elif code == "place":
            lines.append(
                _("same place words")
                if value >= 0.9
                else _("similar place words")
                if value >= 0.3
                else _("different place words")
            )
        elif code == "main_id":
            lines.append(_("same MMP Main ID"))
    return lines


PAIRS_PER_PAGE = 50


@role_required(Permission.REVIEW_INCIDENTS)
def duplicates(request: HttpRequest) -> HttpResponse:
    """Possible duplicates, many at a time: tick pairs (or a whole page) and merge them or
    tell them apart in one post, or merge every certain pair at once."""
    level = request.GET.get("level", "")
    certain = {"certain": True, "possible": False}.get(level)
    if request.method == "POST":
        actor, action = _actor(request), request.POST.get("action", "")
        if action == "merge_certain":
            merged = services.incident_pairs_merge(
                actor=actor, pairs=selectors.duplicate_pairs(certain=True)
            )
            messages.success(request, _pairs_merged(merged))
        elif action in ("merge", "distinct"):
            chosen = [int(pk) for pk in request.POST.getlist("pair") if pk.isdigit()]
            pairs = selectors.duplicate_pairs().filter(pk__in=chosen[:MAX_PAIRS_PER_POST])
            if not chosen:
                messages.error(request, _("Tick at least one pair."))
            elif action == "merge":
                merged = services.incident_pairs_merge(actor=actor, pairs=pairs)
                messages.success(request, _pairs_merged(merged))
            else:
                told = services.incident_pairs_tell_apart(actor=actor, pairs=pairs)
                messages.success(
                    request,
                    ngettext(
                        "%(count)s pair was marked as two incidents.",
                        "%(count)s pairs were marked as two incidents.",
                        told,
                    )
                    % {"count": told},
                )
        query = request.GET.urlencode()
        return redirect(f"{request.path}?{query}" if query else request.path)
    page = Paginator(selectors.duplicate_pairs(certain=certain), PAIRS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "incidents/duplicates.html",
        {
            "page": page,
            "rows": [(pair, _evidence_text(pair.evidence)) for pair in page.object_list],
            "level": level if certain is not None else "",
            "certain_count": selectors.duplicate_pairs(certain=True).count(),
        },
    )


# One post merges at most this many ticked pairs (a page holds 50; "every certain pair"
# is not ticked, it is chosen on the server).
MAX_PAIRS_PER_POST = 1000


def _pairs_merged(merged: int) -> str:
    return ngettext(
        "%(count)s pair was merged; every source was kept.",
        "%(count)s pairs were merged; every source was kept.",
        merged,
    ) % {"count": merged}


@role_required(Permission.RUN_OPERATIONS)
def import_mmp(request: HttpRequest) -> HttpResponse:
    """An operator imports an MMP export; the import runs as a job with a progress page."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.incidents_import_start(
                actor=_actor(request),
                upload=form.cleaned_data["file"],
                partial=form.cleaned_data["partial"],
            )
        except ApplicationError as error:
            form.add_error("file", error.message)
        else:
            return redirect("jobs:detail", job_id=job.pk)
    return render(request, "incidents/import.html", {"form": form})
