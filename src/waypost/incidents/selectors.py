"""Reads for incidents and the SDG indicator 10.7.3 figures (dead and missing in migration)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Max, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from waypost.accounts.roles import Permission
from waypost.incidents.models import Incident, IncidentPair, IncidentSource, IncidentStatus

BREAKDOWNS = ("year", "region", "un_region", "route", "cause", "sex", "age")


def incidents_filtered(
    *,
    year: int | None = None,
    region: str = "",
    route: str = "",
    cause: str = "",
    status: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    withdrawn: bool = False,
) -> QuerySet[Incident]:
    """The counted incidents that pass the filters; with ``withdrawn``, only those an MMP
    export no longer lists instead (kept, never counted: docs/incidents.md)."""
    incidents = Incident.objects.filter(withdrawn_by__isnull=not withdrawn)
    if year:
        incidents = incidents.filter(year=year)
    if region:
        incidents = incidents.filter(region=region)
    if route:
        incidents = incidents.filter(route=route)
    if cause:
        # JSON "contains" is not portable to SQLite: match the quoted element in the JSON
        # text instead, so "Unknown" does not also match "Mixed or unknown".
        incidents = incidents.filter(causes__icontains=json.dumps(cause))
    if status:
        incidents = incidents.filter(status=status)
    if date_from:
        incidents = incidents.filter(date__gte=date_from)
    if date_to:
        incidents = incidents.filter(date__lte=date_to)
    return incidents


def incident_points(
    *, year: int | None = None, region: str = "", route: str = "", cause: str = ""
) -> list[tuple[int, float, float, int, str]]:
    """The counted incidents with a place, for the interactive map: (id, longitude, latitude,
    dead and missing, when), where "when" is as precise as the incident's date is known:
    ``2026-01-31``, ``2026-01``, ``2026`` or blank."""
    rows = (
        incidents_filtered(year=year, region=region, route=route, cause=cause)
        .filter(latitude__range=(-90, 90), longitude__range=(-180, 180))
        .order_by("pk")
        .values_list("pk", "longitude", "latitude", "dead", "missing", "date", "date_precision")
    )
    lengths = {"day": 10, "month": 7, "year": 4}
    return [
        (
            pk,
            round(longitude, 4),
            round(latitude, 4),
            (dead or 0) + (missing or 0),
            day.isoformat()[: lengths.get(precision, 0)] if day else "",
        )
        for pk, longitude, latitude, dead, missing, day, precision in rows.iterator()
        if longitude is not None and latitude is not None  # the range leaves out nulls
    ]


def _sums() -> dict[str, Any]:
    zero = Value(0, output_field=IntegerField())
    return {
        "dead": Coalesce(Sum("dead"), zero),
        "missing": Coalesce(Sum("missing"), zero),
        "incidents": Count("pk"),
    }


def sdg_10_7_3(*, year: int | None = None, region: str = "", route: str = "") -> dict[str, int]:
    """Deaths and disappearances in migration: {"dead", "missing", "total"} (SDG 10.7.3)."""
    figures = incidents_filtered(year=year, region=region, route=route).aggregate(**_sums())
    return {
        "dead": figures["dead"],
        "missing": figures["missing"],
        "total": figures["dead"] + figures["missing"],
    }


def sdg_breakdown(
    by: str, *, year: int | None = None, region: str = "", route: str = ""
) -> list[dict[str, Any]]:
    """The indicator by year, region, UN region, route or cause, or the people by sex or age.

    Rows are {"key", "dead", "missing", "total", "incidents"}; an incident with several
    causes counts under each of them. By "sex" and "age" the rows are {"key", "total"}:
    the dead and missing known to be female, male, children, and the rest unknown.
    """
    incidents = incidents_filtered(year=year, region=region, route=route)
    if by in ("sex", "age"):
        return _people_breakdown(by, incidents)
    if by == "cause":
        totals: dict[str, dict[str, int]] = {}
        for causes, dead, missing in incidents.values_list("causes", "dead", "missing").iterator():
            for cause in causes or ["Unknown"]:
                bucket = totals.setdefault(cause, {"dead": 0, "missing": 0, "incidents": 0})
                bucket["dead"] += dead or 0
                bucket["missing"] += missing or 0
                bucket["incidents"] += 1
        rows: list[dict[str, Any]] = [{"key": key, **values} for key, values in totals.items()]
    else:
        rows = [
            {
                "key": row[by],
                "dead": row["dead"],
                "missing": row["missing"],
                "incidents": row["incidents"],
            }
            for row in incidents.values(by).annotate(**_sums()).order_by(by)
        ]
    for row in rows:
        row["total"] = row["dead"] + row["missing"]
    if by != "year":
        rows.sort(key=lambda row: -row["total"])
    return rows


def _people_breakdown(by: str, incidents: QuerySet[Incident]) -> list[dict[str, Any]]:
    zero = Value(0, output_field=IntegerField())
    figures = incidents.aggregate(
        **_sums(),
        females=Coalesce(Sum("females"), zero),
        males=Coalesce(Sum("males"), zero),
        children=Coalesce(Sum("children"), zero),
    )
    people = figures["dead"] + figures["missing"]
    known = (
        [("female", figures["females"]), ("male", figures["males"])]
        if by == "sex"
        else [("children", figures["children"])]
    )
    rest = people - sum(count for _, count in known)
    return [{"key": key, "total": count} for key, count in [*known, ("unknown", rest)]]


def choices(field: str) -> list[str]:
    counted = Incident.objects.filter(withdrawn_by__isnull=True)
    return [v for v in counted.order_by(field).values_list(field, flat=True).distinct() if v]


def review_queue() -> QuerySet[Incident]:
    """Every incident that still needs review: flagged ones first, then the rest unverified.

    A verified incident comes back when it is flagged again (an MMP import changed it, or
    a merged source changed), and an unverified one is here even with no flag.
    """
    flagged = ~Q(review_reasons=[])
    return (
        Incident.objects.filter(withdrawn_by__isnull=True)
        .filter(Q(status=IncidentStatus.UNVERIFIED) | flagged)
        .annotate(
            unflagged=Case(
                When(review_reasons=[], then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("unflagged", "-date", "-pk")
    )


def incident_by_mmp_id(mmp_id: str) -> Incident | None:
    """The incident an MMP id names: its own id, or the id of any export's row of it (an
    incident takes the id of the newest export that lists it, and keeps the others' rows
    as sources, merged incidents' included)."""
    if not mmp_id:
        return None
    return (
        Incident.objects.filter(mmp_id=mmp_id).first()
        or Incident.objects.filter(sources__mmp_id=mmp_id).first()
    )


def incident_visible_to(*, user: Any, pk: object) -> Incident | None:
    """The incident ``pk`` if the user's role may open incident pages (the register holds
    no personal data: every such role sees every incident), else None, as for no incident."""
    if not user.has_role_permission(Permission.VIEW_INCIDENTS):
        return None
    try:
        return Incident.objects.filter(pk=int(str(pk))).first()
    except ValueError:
        return None


def incidents_for_choice(*, user: Any, limit: int = 500) -> QuerySet[Incident]:
    """Incidents to link a record to, newest first (the counted ones: not withdrawn)."""
    if not user.has_role_permission(Permission.VIEW_INCIDENTS):
        return Incident.objects.none()
    return incidents_filtered().order_by("-date", "-pk")[:limit]


def duplicate_pairs(*, certain: bool | None = None) -> QuerySet[IncidentPair]:
    """Pairs of incidents that may be one and that nobody has told apart, strongest first,
    with both incidents and the exports that list them in the same query."""
    pairs = IncidentPair.objects.filter(distinct=False)
    if certain is not None:
        pairs = pairs.filter(certain=certain)
    return pairs.select_related(
        "first__mmp_export",
        "first__withdrawn_by",
        "first__organisation",
        "second__mmp_export",
        "second__withdrawn_by",
        "second__organisation",
    ).order_by("-certain", "-score", "pk")


EXPORT_FIELDS = (
    "id",
    "mmp_id",
    "main_id",
    "incident_ids",
    "incident_type",
    "region",
    "date",
    "year",
    "month",
    "dead",
    "missing",
    "survivors",
    "females",
    "males",
    "children",
    "origin_countries",
    "origin_region",
    "origin_iso3",
    "causes",
    "country",
    "country_iso3",
    "route",
    "place",
    "latitude",
    "longitude",
    "subregion",
    "review_reasons",  # the MMP export writes truncated coordinates as IOM published them
)


def incidents_export_rows(incidents: QuerySet[Incident]) -> Iterator[dict[str, Any]]:
    """Incidents as plain dicts for the exchange formats, with their first source's details."""
    # Oldest first; an incident known only by its year after that year's dated ones, and
    # undated ones at the end (databases disagree on where NULL sorts unless told).
    order = (F("year").asc(nulls_last=True), F("date").asc(nulls_last=True), "pk")
    rows = list(incidents.order_by(*order).values(*EXPORT_FIELDS))
    for start in range(0, len(rows), 2000):
        chunk = rows[start : start + 2000]
        first: dict[int, dict[str, Any]] = {}
        for source in (
            IncidentSource.objects.filter(incident_id__in=[row["id"] for row in chunk])
            .order_by("pk")
            .values("incident_id", "name", "url", "reliability")
        ):
            first.setdefault(source["incident_id"], dict(source))
        for row in chunk:
            primary = first.get(row["id"], {})
            yield {
                **row,
                "source": primary.get("name", ""),
                "url": primary.get("url", ""),
                "source_quality": primary.get("reliability", ""),
            }


# What a statistical release (waypost.releases) may group incidents by: each a public
# category of the MMP registry.
RELEASE_DIMENSIONS = ("region", "year", "route", "un_region")


def dead_and_missing_counts(by: tuple[str, ...]) -> dict[tuple[Any, ...], int]:
    """Dead and missing people of the counted incidents, per combination of ``by``
    (``RELEASE_DIMENSIONS``); an incident without a value of a dimension is left out."""
    if not by or any(dimension not in RELEASE_DIMENSIONS for dimension in by):
        raise ValueError(f"cannot group incidents by {by!r}")
    incidents = incidents_filtered()
    for dimension in by:
        incidents = incidents.exclude(**{f"{dimension}__isnull": True})
        if dimension != "year":
            incidents = incidents.exclude(**{dimension: ""})
    rows = incidents.values(*by).annotate(**_sums()).order_by(*by)
    return {tuple(row[d] for d in by): row["dead"] + row["missing"] for row in rows}


def monthly_dead_and_missing(*, route: str = "") -> list[tuple[int, int, int]]:
    """(year, month, dead and missing) of the counted incidents of ``route`` (all routes
    when blank) whose month is known, for each month that has any; months without an
    incident are absent (the forecast fills them with 0)."""
    incidents = incidents_filtered(route=route).filter(year__isnull=False, month__isnull=False)
    rows: Any = incidents.values("year", "month").annotate(**_sums()).order_by("year", "month")
    return [(row["year"], row["month"], row["dead"] + row["missing"]) for row in rows]


def registry_stamp() -> str:
    """Changes whenever the counted figures may: how many incidents, and the latest change
    (a cache key for tables computed from the registry)."""
    stamp = Incident.objects.aggregate(
        count=Count("pk"),
        counted=Count("pk", filter=Q(withdrawn_by__isnull=True)),
        latest=Max("updated_at"),
    )
    latest = stamp["latest"].isoformat() if stamp["latest"] else ""
    return f"{stamp['count']}:{stamp['counted']}:{latest}"


def latest_incident_date() -> date | None:
    """The latest incident date of the registry: how far it runs."""
    return (
        incidents_filtered()
        .filter(date__isnull=False)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )


def routes_by_dead_and_missing() -> list[tuple[str, int]]:
    """Migration routes, largest first: (route, dead and missing)."""
    rows: Any = incidents_filtered().exclude(route="").values("route").annotate(**_sums())
    totals = [(row["route"], row["dead"] + row["missing"]) for row in rows]
    return sorted(totals, key=lambda item: (-item[1], item[0]))
