"""Figures of remittance costs: SDG indicator 10.c.1, corridors, breakdowns, trends.

Every average is the simple mean over the services RPW priced, as the World Bank computes
its global and corridor averages: SDG 10.c.1 is the mean total cost of sending USD 200
over every service of every corridor in the quarter. Public figures about firms.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Avg, Count, QuerySet

from waypost.remittances.models import (
    CORRIDOR_TARGET,
    CorridorAlert,
    CorridorWatch,
    RemittanceService,
)

BREAKDOWNS = ("corridor", "source", "destination", "firm_type", "instrument")
# RPW's slowest speed: SmaRT leaves out services that take six days or more.
SLOW = "6 days or more"
SMART_SERVICES = 3


def _round(value: float | None, digits: int = 10) -> float | None:
    # Ten decimals: exact to any reader, without the binary noise of a float sum.
    return None if value is None else round(value, digits)


def periods() -> list[str]:
    return list(
        RemittanceService.objects.order_by("period").values_list("period", flat=True).distinct()
    )


def latest_period() -> str | None:
    return RemittanceService.objects.order_by("-period").values_list("period", flat=True).first()


def previous_period(period: str) -> str | None:
    return (
        RemittanceService.objects.filter(period__lt=period)
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )


def _services(period: str | None) -> QuerySet[RemittanceService]:
    return RemittanceService.objects.filter(period=period)


def _corridor_means(period: str) -> dict[tuple[str, str], float]:
    rows = (
        _services(period)
        .values("source_code", "destination_code")
        .annotate(average=Avg("cc1_total_cost"))
    )
    return {(row["source_code"], row["destination_code"]): row["average"] for row in rows}


def sdg_10_c_1(period: str | None = None) -> dict[str, Any]:
    """SDG 10.c.1: the global average total cost of sending USD 200, and the corridors
    whose average is above 5 per cent, in ``period`` (default: the latest quarter)."""
    period = period or latest_period()
    costs = list(_services(period).values_list("cc1_total_cost", flat=True))
    above = (
        sum(1 for mean in _corridor_means(period).values() if mean > CORRIDOR_TARGET)
        if (period)
        else 0
    )
    return {
        "period": period if costs else None,
        "global_average_200": _round(sum(costs) / len(costs)) if costs else None,
        "corridors_above_5": above,
    }


def _smart(period: str) -> dict[tuple[str, str], float]:
    """SmaRT-style: per corridor, the mean cost of its three cheapest qualifying services
    (transparent, and delivering within five days)."""
    cheapest: dict[tuple[str, str], list[float]] = defaultdict(list)
    rows = (
        _services(period)
        .exclude(transparent="no")
        .exclude(speed__iexact=SLOW)
        .order_by("cc1_total_cost", "pk")
        .values_list("source_code", "destination_code", "cc1_total_cost")
    )
    for source, destination, cost in rows:
        costs = cheapest[(source, destination)]
        if len(costs) < SMART_SERVICES:
            costs.append(cost)
    return {key: sum(costs) / len(costs) for key, costs in cheapest.items()}


def corridors(
    *, source: str = "", destination: str = "", period: str | None = None, trend: bool = True
) -> list[dict[str, Any]]:
    """Each corridor of the quarter: averages for USD 200 and 500, SmaRT, and its trend."""
    period = period or latest_period()
    if period is None:
        return []
    services = _services(period)
    if source:
        services = services.filter(source_code=source.upper())
    if destination:
        services = services.filter(destination_code=destination.upper())
    rows = (
        services.values("source_code", "destination_code")
        .annotate(
            average_200=Avg("cc1_total_cost"),
            average_500=Avg("cc2_total_cost"),
            services=Count("pk"),
        )
        .order_by("source_code", "destination_code")
    )
    smart = _smart(period)
    trends: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    if trend and rows:
        history = RemittanceService.objects.all()
        if source:
            history = history.filter(source_code=source.upper())
        if destination:
            history = history.filter(destination_code=destination.upper())
        for point in (
            history.values("source_code", "destination_code", "period")
            .annotate(average=Avg("cc1_total_cost"))
            .order_by("period")
        ):
            trends[(point["source_code"], point["destination_code"])].append(
                {"period": point["period"], "average_200": _round(point["average"], 4)}
            )
    result = []
    for row in rows:
        key = (row["source_code"], row["destination_code"])
        result.append(
            {
                "from": key[0],
                "to": key[1],
                "period": period,
                "average_200": _round(row["average_200"], 4),
                "average_500": _round(row["average_500"], 4),
                "smart_200": _round(smart.get(key), 4),
                "services": row["services"],
                "above_5": row["average_200"] > CORRIDOR_TARGET,
                "trend": trends.get(key, []),
            }
        )
    return result


def _instruments(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()] or [""]


def breakdown(by: str, period: str | None = None) -> list[dict[str, Any]]:
    """Average costs per sending or receiving country, corridor, firm type or instrument
    (a service paid by several instruments counts under each), costliest first."""
    if by not in BREAKDOWNS:
        raise ValueError(by)
    period = period or latest_period()
    costs: dict[str, list[float]] = defaultdict(list)
    costs_500: dict[str, list[float]] = defaultdict(list)
    for source, destination, firm_type, instrument, cc1, cc2 in _services(period).values_list(
        "source_code",
        "destination_code",
        "firm_type",
        "payment_instrument",
        "cc1_total_cost",
        "cc2_total_cost",
    ):
        keys: Iterable[str] = {
            "corridor": [f"{source}-{destination}"],
            "source": [source],
            "destination": [destination],
            "firm_type": [firm_type],
            "instrument": _instruments(instrument),
        }[by]
        for key in keys:
            costs[key].append(cc1)
            if cc2 is not None:
                costs_500[key].append(cc2)
    rows = [
        {
            "key": key,
            "average_200": _round(sum(values) / len(values), 4),
            "average_500": _round(sum(costs_500[key]) / len(costs_500[key]), 4)
            if costs_500[key]
            else None,
            "services": len(values),
        }
        for key, values in costs.items()
    ]
    return sorted(rows, key=lambda row: (-row["average_200"], row["key"]))


def global_trend() -> list[dict[str, Any]]:
    """SDG 10.c.1 and the corridors above 5 per cent in every quarter imported."""
    means = (
        RemittanceService.objects.values("period")
        .annotate(average=Avg("cc1_total_cost"), services=Count("pk"))
        .order_by("period")
    )
    above: dict[str, int] = defaultdict(int)
    for row in (
        RemittanceService.objects.values("period", "source_code", "destination_code")
        .annotate(average=Avg("cc1_total_cost"))
        .order_by()
    ):
        if row["average"] > CORRIDOR_TARGET:
            above[row["period"]] += 1
    return [
        {
            "period": row["period"],
            "global_average_200": _round(row["average"], 4),
            "corridors_above_5": above[row["period"]],
            "services": row["services"],
        }
        for row in means
    ]


def cheapest_services(
    *, source: str, destination: str, period: str | None = None, limit: int = 10
) -> list[RemittanceService]:
    """The cheapest services to send USD 200 in a corridor in the quarter (default: the
    corridor's latest), cheapest first."""
    services = RemittanceService.objects.filter(
        source_code=source.upper(), destination_code=destination.upper()
    )
    period = period or services.order_by("-period").values_list("period", flat=True).first()
    return list(services.filter(period=period).order_by("cc1_total_cost", "firm")[:limit])


def corridor_countries() -> tuple[list[str], list[str]]:
    """The sending and the receiving countries RPW prices."""
    pairs = RemittanceService.objects.values_list("source_code", "destination_code").distinct()
    sources, destinations = set(), set()
    for source, destination in pairs:
        sources.add(source)
        destinations.add(destination)
    return sorted(sources), sorted(destinations)


def corridor_alerts(period: str) -> list[dict[str, Any]]:
    """The corridors of ``period`` above 5 per cent, and each corridor's rise since the
    previous quarter (None where it has no previous average)."""
    current = _corridor_means(period)
    previous_quarter = previous_period(period)
    previous = _corridor_means(previous_quarter) if previous_quarter else {}
    return [
        {
            "from": key[0],
            "to": key[1],
            "period": period,
            "average_200": mean,
            "previous_average_200": previous.get(key),
            "rise": None if key not in previous else mean - previous[key],
        }
        for key, mean in sorted(current.items())
    ]


def watches_of(organisation_id: int) -> QuerySet[CorridorWatch]:
    return CorridorWatch.objects.filter(organisation_id=organisation_id).order_by(
        "source_code", "destination_code"
    )


def alerts_of(organisation_id: int) -> QuerySet[CorridorAlert]:
    return CorridorAlert.objects.filter(watch__organisation_id=organisation_id).order_by(
        "-period", "source_code", "destination_code", "kind"
    )
