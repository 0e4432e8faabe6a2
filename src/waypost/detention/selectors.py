"""Reads of detention oversight, always through the protection layer's scoping.

A detention is seen by the organisation that records it (``access.scoped`` without shared
records) and by a consulate (an organisation of kind ``consulate``, whose country is the
State it represents) for its own nationals only, and only when the person asked that
their consulate be told (and, for an asylum seeker or refugee, gave express consent): a
consulate then reads the identity, the place and the dates, nothing else (no legal
basis, injury, complaint, family, asylum status). Every read is audited.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from waypost.accounts.models import User
from waypost.accounts.roles import ENFORCEMENT_KINDS, OrganisationKind, Permission
from waypost.core.exceptions import NotFound
from waypost.detention import rules, services
from waypost.detention.models import (
    ConsularRule,
    Detention,
    DetentionEvent,
    EventKind,
    Facility,
    Finding,
    Recommendation,
    Visit,
)
from waypost.protection.access import scoped
from waypost.protection.audit import audit_record
from waypost.releases.selectors import statistics_k
from waypost.statistics import release
from waypost.statistics.disclosure import Key

PURPOSE = services.PURPOSE


def is_consulate(user: User) -> bool:
    organisation = user.organisation
    return organisation is not None and organisation.kind == OrganisationKind.CONSULATE


def _agreed_to_consulate() -> tuple[Q, dict[str, Any]]:
    """Detentions whose person's latest choice is a request (or an express consent), and,
    for an asylum seeker, with that consent."""
    latest_choice = (
        DetentionEvent.objects.filter(detention=OuterRef("pk"), kind__in=rules.CHOICE_KINDS)
        .order_by("-at", "-pk")
        .values("kind")[:1]
    )
    consent = DetentionEvent.objects.filter(detention=OuterRef("pk"), kind=EventKind.CONSENT)
    return Q(latest_choice__in=("requested", "consent")) & (
        Q(asylum_seeker=False) | Q(has_consent=True)
    ), {"latest_choice": Subquery(latest_choice), "has_consent": Exists(consent)}


def detentions_visible_to(*, user: User) -> QuerySet[Detention]:
    own = scoped(
        Detention.objects.select_related("facility"),
        user=user,
        purpose=PURPOSE,
        include_shared=False,
    )
    if not is_consulate(user) or not user.has_role_permission(Permission.VIEW_PERSONAL_DATA):
        return own
    assert user.organisation is not None  # noqa: S101 - is_consulate checked it
    agreed, annotations = _agreed_to_consulate()
    return (
        Detention.objects.select_related("facility")
        .annotate(**annotations)
        .filter(
            Q(organisation_id=user.organisation_id)
            | (Q(nationality=user.organisation.country) & agreed)
        )
    )


def is_own(user: User, detention: Detention) -> bool:
    return detention.organisation_id == user.organisation_id


def detentions_listed(*, user: User, records: list[Detention]) -> None:
    audit_record(
        actor=user,
        action="waypost.detention.detention.listed",
        record_type="detention.detention",
        purpose=PURPOSE,
        detail={"records": [r.pk for r in records]},
    )


def detention_get(*, user: User, pk: object) -> Detention:
    try:
        detention = detentions_visible_to(user=user).get(pk=pk)  # type: ignore[misc]
    except (Detention.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("Not found.") from exc
    audit_record(
        actor=user,
        action="waypost.detention.detention.read",
        record=detention,
        purpose=PURPOSE,
        detail={} if is_own(user, detention) else {"as": "consulate"},
    )
    return detention


def own_detention_get(*, user: User, pk: object) -> Detention:
    """A detention the caller's organisation records (for writes): others are not found."""
    detention = detention_get(user=user, pk=pk)
    if not is_own(user, detention):
        raise NotFound("Not found.")
    return detention


# Clocks, register, alerts -------------------------------------------------------------


def consular_state_of(detention: Detention, *, now: datetime | None = None) -> rules.ConsularState:
    return rules.consular_state(
        rule=services.detention_rule(detention),
        asylum_seeker=detention.asylum_seeker,
        clock_started_at=detention.clock_started_at,
        events=services.events_of(detention),
        ended=detention.released_at is not None,
        now=now or timezone.now(),
        arrested_at=detention.arrested_at,
    )


def register_missing(detention: Detention) -> list[str]:
    return rules.register_missing(
        rules.RegisterValues(
            name=detention.name or "",
            sex=detention.sex,
            birth_date=detention.birth_date or "",
            age=detention.age_at_admission,
            nationality=detention.nationality,
            legal_basis=detention.legal_basis or "",
            reasons=detention.reasons or "",
            authority=detention.authority or "",
            arrested_at=detention.arrested_at,
            arrest_place=detention.arrest_place or "",
            admitted_at=detention.admitted_at,
            injuries=detention.injuries or "",
            ill_treatment=detention.ill_treatment or "",
            property=detention.property,
            family=detention.family,
            emergency_contact=detention.emergency_contact or "",
        )
    )


@dataclass(frozen=True)
class Duration:
    days: int
    max_days: int | None
    limit_at: datetime | None
    warning: bool  # the legal maximum is near
    exceeded: bool


def duration_of(detention: Detention, *, now: datetime | None = None) -> Duration:
    now = now or timezone.now()
    end = detention.released_at or now
    days = max(0, (end - detention.arrested_at).days)
    if detention.max_days is None:
        return Duration(days, None, None, False, False)
    limit_at = detention.arrested_at + timedelta(days=detention.max_days)
    ended = detention.released_at is not None
    exceeded = end > limit_at
    warning = (
        not ended
        and not exceeded
        and now >= limit_at - timedelta(days=rules.max_duration_warning_days())
    )
    return Duration(days, detention.max_days, limit_at, warning, exceeded and not ended)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def consular_output(state: rules.ConsularState) -> dict[str, Any]:
    return {
        "rule": state.rule,
        "mandatory": state.mandatory,
        "due_at": _iso(state.due_at),
        "blocked": state.blocked,
        "choice": state.choice,
        "consent": state.consent,
        "informed_at": _iso(state.informed_at),
        "informed_overdue": state.informed_overdue,
        "notified_at": _iso(state.notified_at),
        "overdue": state.overdue,
        "family": {
            "due_at": _iso(state.family_due_at),
            "notified_at": _iso(state.family_notified_at),
            "overdue": state.family_overdue,
        },
    }


def detention_output(
    detention: Detention, *, user: User, now: datetime | None = None
) -> dict[str, Any]:
    """The record as the API gives it; a consulate reads identity, place and dates only."""
    state = consular_state_of(detention, now=now)
    consular = consular_output(state)
    base: dict[str, Any] = {
        "id": detention.pk,
        "person": {
            "name": detention.name or "",
            "sex": detention.sex,
            "birth_date": detention.birth_date or "",
            "age": detention.age_at_admission,
            "nationality": detention.nationality,
        },
        "facility": detention.facility_id,
        "facility_name": detention.facility.name,
        "arrested_at": _iso(detention.arrested_at),
        "admitted_at": _iso(detention.admitted_at),
        "released_at": _iso(detention.released_at),
        "child_alert": detention.is_child,
    }
    if not is_own(user, detention):
        consular = {k: consular[k] for k in ("rule", "mandatory", "due_at", "notified_at")}
        return {**base, "consular": {**consular, "blocked": False}}
    duration = duration_of(detention, now=now)
    return {
        **base,
        "legal_basis": detention.legal_basis or "",
        "reasons": detention.reasons or "",
        "authority": detention.authority or "",
        "arrest_place": detention.arrest_place or "",
        "injuries": detention.injuries or "",
        "ill_treatment": detention.ill_treatment or "",
        "property": detention.property,
        "family": detention.family,
        "emergency_contact": detention.emergency_contact or "",
        "lawyer": detention.lawyer or "",
        "reviews": detention.reviews or [],
        "alternatives": detention.alternatives or [],
        "asylum_seeker": detention.asylum_seeker,
        "max_days": detention.max_days,
        "days_detained": duration.days,
        "max_duration_alert": duration.warning or duration.exceeded,
        "release_kind": detention.release_kind,
        "register_missing": register_missing(detention),
        "consular": consular,
        "screening_link": detention.screening_link,
        "tracing_link": detention.tracing_link,
    }


def events_for(detention: Detention) -> list[DetentionEvent]:
    return list(DetentionEvent.objects.filter(detention=detention).order_by("at", "pk"))


def transfers_for(detention: Detention) -> list[Any]:
    return list(
        detention.transfers.select_related("from_facility", "to_facility").order_by("at", "pk")
    )


def consular_overdue(*, user: User, now: datetime | None = None) -> list[Detention]:
    """The caller's current detentions whose consulate should have been notified by now."""
    now = now or timezone.now()
    rows = scoped(
        Detention.objects.select_related("facility").filter(released_at__isnull=True),
        user=user,
        purpose=PURPOSE,
        include_shared=False,
    )
    return [d for d in rows if consular_state_of(d, now=now).overdue]


def children_detained(*, user: User) -> QuerySet[Detention]:
    return scoped(
        Detention.objects.select_related("facility").filter(
            is_child=True, released_at__isnull=True
        ),
        user=user,
        purpose=PURPOSE,
        include_shared=False,
    )


def completeness(*, facility: Facility | None = None) -> dict[str, Any]:
    """Which Rule 7 items each record misses, and counts per facility (the operator's view:
    record numbers and item codes, no personal value)."""
    rows = Detention.objects.select_related("facility").order_by("facility_id", "pk")
    if facility is not None:
        rows = rows.filter(facility=facility)
    records: list[dict[str, Any]] = []
    per_facility: dict[int, dict[str, Any]] = {}
    for detention in rows:
        missing = register_missing(detention)
        records.append({"id": detention.pk, "facility": detention.facility_id, "missing": missing})
        entry = per_facility.setdefault(
            detention.facility_id,
            {
                "id": detention.facility_id,
                "name": detention.facility.name,
                "records": 0,
                "complete": 0,
                "missing": Counter(),
            },
        )
        entry["records"] += 1
        entry["complete"] += not missing
        entry["missing"].update(missing)
    facilities = [
        {**entry, "missing": dict(sorted(entry["missing"].items()))}
        for entry in per_facility.values()
    ]
    return {"records": records, "facilities": facilities}


def own_completeness(*, user: User) -> list[dict[str, Any]]:
    """Per facility, for the caller's organisation's records: how many miss each item."""
    per: dict[int, dict[str, Any]] = {}
    own = scoped(
        Detention.objects.select_related("facility"),
        user=user,
        purpose=PURPOSE,
        include_shared=False,
    )
    for detention in own:
        missing = register_missing(detention)
        entry = per.setdefault(
            detention.facility_id,
            {"facility": detention.facility, "records": 0, "complete": 0, "missing": Counter()},
        )
        entry["records"] += 1
        entry["complete"] += not missing
        entry["missing"].update(missing)
    return [{**entry, "missing": sorted(entry["missing"].items())} for entry in per.values()]


# Facilities, rules, visits --------------------------------------------------------------


def facilities_all() -> QuerySet[Facility]:
    return Facility.objects.all()


@dataclass(frozen=True)
class FacilityMap:
    """Facilities on an equirectangular plane (longitude + 180 across, 90 - latitude down),
    framed on the facilities with a margin: the SVG's viewBox and one dot each."""

    view_box: str
    points: list[tuple[float, float, str]]
    radius: float


def facility_map(facilities: list[Facility]) -> FacilityMap | None:
    located = [
        (f.longitude + 180, 90 - f.latitude, f.name)
        for f in facilities
        if f.latitude is not None and f.longitude is not None
    ]
    if not located:
        return None
    xs, ys = [x for x, _y, _n in located], [y for _x, y, _n in located]
    width = max(20.0, max(xs) - min(xs) + 8)
    height = max(10.0, max(ys) - min(ys) + 6, width / 2)
    width = max(width, height * 2)
    left = max(0.0, min(180 * 2 - width, (min(xs) + max(xs)) / 2 - width / 2))
    top = max(0.0, min(180 - height, (min(ys) + max(ys)) / 2 - height / 2))
    view_box = " ".join(f"{v:.3f}" for v in (left, top, width, height))
    return FacilityMap(view_box=view_box, points=located, radius=round(width / 120, 3))


def consular_rules_all() -> QuerySet[ConsularRule]:
    return ConsularRule.objects.all()


def visits_visible_to(*, user: User) -> QuerySet[Visit]:
    return scoped(
        Visit.objects.select_related("facility"),
        user=user,
        purpose=PURPOSE,
        include_shared=False,
    )


def visit_get(*, user: User, pk: object) -> Visit:
    try:
        visit = visits_visible_to(user=user).get(pk=pk)  # type: ignore[misc]
    except (Visit.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("Not found.") from exc
    audit_record(actor=user, action="waypost.detention.visit.read", record=visit, purpose=PURPOSE)
    return visit


def visit_output(visit: Visit) -> dict[str, Any]:
    findings: list[Finding] = list(visit.findings.all())
    return {
        "id": visit.pk,
        "facility": visit.facility_id,
        "visited_on": visit.visited_on.isoformat(),
        "announced": visit.announced,
        "access": visit.access,
        "team": visit.team or [],
        "findings": [
            {
                "id": f.pk,
                "aspect": f.aspect,
                "standard": f.standard,
                "severity": f.severity,
                "text": f.text or "",
                "detention": f.detention_id,
            }
            for f in findings
        ],
        "recommendations": [
            {
                "id": r.pk,
                "addressee": r.addressee,
                "due_on": r.due_on.isoformat() if r.due_on else None,
                "status": r.status,
                "text": r.text or "",
            }
            for r in visit.recommendations.all()
        ],
    }


# Statistics -----------------------------------------------------------------------------

AGE_GROUPS = ((0, 11, "0-11"), (12, 17, "12-17"), (18, 59, "18-59"), (60, 150, "60+"))


def age_group(age: int | None) -> str:
    """The age group at admission: children apart (0-11, 12-17), adults, older people."""
    if age is None:
        return ""
    return next(label for low, high, label in AGE_GROUPS if low <= age <= high)


def statistics(*, user: User, now: datetime | None = None) -> dict[str, Any]:
    """Counts over the caller's organisation's records (no person named)."""
    now = now or timezone.now()
    rows = list(
        scoped(
            Detention.objects.select_related("facility"),
            user=user,
            purpose=PURPOSE,
            include_shared=False,
        )
    )
    current = [d for d in rows if d.released_at is None]
    lengths = [duration_of(d, now=now).days for d in rows]
    states = [consular_state_of(d, now=now) for d in rows]
    due = [s for s in states if s.due_at is not None]
    on_time = [s for s in due if s.notified_at is not None and s.notified_at <= s.due_at]  # type: ignore[operator]
    return {
        "total": len(rows),
        "current": len(current),
        "children": sum(d.is_child for d in rows),
        "by_facility": Counter(d.facility.name for d in current).most_common(),
        "by_nationality": Counter(d.nationality or "" for d in current).most_common(),
        "by_sex": Counter(d.sex or "" for d in current).most_common(),
        "by_age_group": sorted(Counter(age_group(d.age_at_admission) for d in rows).items()),
        "by_month": sorted(
            Counter(timezone.localtime(d.arrested_at).strftime("%Y-%m") for d in rows).items()
        ),
        "median_days": sorted(lengths)[len(lengths) // 2] if lengths else None,
        "notifications_due": len(due),
        "notifications_on_time": len(on_time),
    }


# The figures of the statistics API (``GET /api/v1/detention-statistics/``), each breakdown
# a one-way table protected by ``waypost.statistics.release`` with the deployment's k.
PUBLISHED_BREAKDOWNS = ("by_facility", "by_nationality", "by_sex", "by_age_group", "by_month")


def statistics_allowed(user: User) -> bool:
    """The firewall: a law-enforcement or border organisation never gets detention figures
    (they come from monitors' records of people who may seek asylum or complain of
    ill-treatment); nor does a consulate, which holds no monitoring records of its own."""
    organisation = user.organisation
    return organisation is not None and not (
        organisation.kind in ENFORCEMENT_KINDS or organisation.kind == OrganisationKind.CONSULATE
    )


def _protected_rows(pairs: list[tuple[Any, int]], k: int) -> tuple[list[dict[str, Any]], Any]:
    keys = [str(key) or "unknown" for key, _count in pairs]
    counts: dict[Key, int] = {}
    for key, (_name, count) in zip(keys, pairs, strict=True):
        counts[(key,)] = counts.get((key,), 0) + count
    table = release(counts, k=k).table
    rows = [
        (table.published((key, None)), key, (key, None) in table.hidden)
        for key in dict.fromkeys(keys)
    ]
    # Published counts first, largest first, then hidden ones by name: an order by the true
    # counts would say where a hidden one lies.
    rows.sort(key=lambda row: (row[0] is None, -(row[0] or 0), row[1]))
    published = [{"key": key, "count": count, "suppressed": hidden} for count, key, hidden in rows]
    return published, table.grand_total()


def _figure(value: int, k: int) -> int | None:
    """A single count: published from k on (a zero is nobody and stays)."""
    return value if value == 0 or value >= k else None


def statistics_published(
    *, user: User, k: int | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """``statistics`` as published: every count under k, or one that would give another
    away, is ``None`` and marked ``suppressed``; the median length only over k records or
    more. Counts of the caller's organisation's records only; audited."""
    k = statistics_k() if k is None else k
    figures = statistics(user=user, now=now)
    published: dict[str, Any] = {"k": k}
    for name in PUBLISHED_BREAKDOWNS:
        rows, _total = _protected_rows(figures[name], k)
        published[name] = rows
    total = figures["total"]
    published["total"] = _figure(total, k)
    published["current"] = _figure(figures["current"], k)
    # The children are the age groups 0-11 and 12-17: published beside a hidden one of
    # them, with the other published, their number would give the hidden one away.
    child_groups = {label for low, _high, label in AGE_GROUPS if low < 18}
    children_hidden = any(
        row["suppressed"] for row in published["by_age_group"] if row["key"] in child_groups
    )
    published["children"] = None if children_hidden else _figure(figures["children"], k)
    published["median_days"] = figures["median_days"] if total >= k else None
    published["notifications_due"] = _figure(figures["notifications_due"], k)
    on_time = figures["notifications_on_time"]
    late = figures["notifications_due"] - on_time
    # On time and late are each counted: either under k hides both (one gives the other
    # away with the published number due).
    both = _figure(on_time, k) is not None and _figure(late, k) is not None
    published["notifications_on_time"] = on_time if both else None
    published["notifications_late"] = late if both else None
    audit_record(
        actor=user,
        action="waypost.detention.statistics.read",
        record_type="detention.detention",
        purpose=PURPOSE,
        detail={"k": k},
    )
    return published


def recommendation_get(*, user: User, pk: object) -> Recommendation:
    """A recommendation of one of the caller's organisation's visits."""
    try:
        recommendation = scoped(
            Recommendation.objects.select_related("visit"),
            user=user,
            purpose=PURPOSE,
            include_shared=False,
        ).get(pk=pk)  # type: ignore[misc]
    except (Recommendation.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("Not found.") from exc
    return recommendation
