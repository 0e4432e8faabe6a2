"""Reads of screening and referral, always through the protection layer's scoping.

Screenings, people and children's records: the caller's own organisation's
(``access.scoped`` without shared records). A referral is read by the organisation that
sent it and by the one that received it; the receiver learns only the fields the sender
shared, while the person's consent to the referral still holds.
"""

from __future__ import annotations

import statistics as stats
from collections import Counter
from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from waypost.accounts.models import Organisation, User
from waypost.accounts.roles import Permission
from waypost.core.exceptions import NotFound
from waypost.protection.access import scoped, scoped_get
from waypost.protection.audit import audit_record
from waypost.protection.services import consent_allows
from waypost.screening import ages, services
from waypost.screening.concerns import DEFAULTS
from waypost.screening.models import (
    AgeAssessment,
    BestInterestsAssessment,
    ChildCase,
    Concern,
    Person,
    Referral,
    ReferralStatus,
    Screening,
    Service,
    ServiceStatus,
    Transfer,
    TransferStatus,
)

PURPOSE = services.PURPOSE


def age_view_of(person: Person, *, today: date | None = None) -> ages.AgeView:
    """The age used for ``person`` (benefit of the doubt), from their latest assessment."""
    today = today or timezone.localdate()
    latest = (
        AgeAssessment.objects.filter(person_id=person.pk).order_by("-created_at", "-pk").first()
        if person.pk
        else None
    )
    return ages.age_view(
        birth_date=person.birth_date or "",
        claimed_age=person.claimed_age,
        claimed_on=person.recorded_on,
        assessment=(latest.status, latest.age_min, latest.decided_on) if latest else None,
        today=today,
    )


# Concerns -------------------------------------------------------------------------------


def concerns_of(organisation: Organisation, *, active_only: bool = True) -> list[Concern]:
    services.concerns_ensure(organisation)
    rows = Concern.objects.filter(organisation=organisation)
    if active_only:
        rows = rows.filter(active=True)
    return list(rows)


def concern_get(organisation: Organisation, code: str) -> Concern:
    """One of the organisation's concerns, in use or not, for its admins to change."""
    services.concerns_ensure(organisation)
    concern = Concern.objects.filter(organisation=organisation, code=code).first()
    if concern is None:
        raise NotFound("Not found.")
    return concern


def concern_label(concern: Concern | str, language: str | None = None) -> str:
    """A concern in the reader's language: the organisation's words, else the default's."""
    code = concern if isinstance(concern, str) else concern.code
    labels = {} if isinstance(concern, str) else (concern.labels or {})
    language = (language or get_language() or "en")[:2]
    if labels.get(language):
        return str(labels[language])
    if code in DEFAULTS:
        return str(DEFAULTS[code].label)
    return str(labels.get("en") or code)


# Screenings -----------------------------------------------------------------------------


def screenings_visible_to(*, user: User) -> QuerySet[Screening]:
    return scoped(
        Screening.objects.select_related("person"),
        user=user,
        purpose=PURPOSE,
        include_shared=False,
    )


def screenings_listed(*, user: User, records: list[Screening]) -> None:
    audit_record(
        actor=user,
        action="waypost.screening.screening.listed",
        record_type="screening.screening",
        purpose=PURPOSE,
        detail={"records": [r.pk for r in records]},
    )


def screening_get(*, user: User, pk: object) -> Screening:
    screening = scoped_get(
        Screening.objects.select_related("person"), pk, user=user, purpose=PURPOSE
    )
    if screening.organisation_id != user.organisation_id:
        raise NotFound("Not found.")
    audit_record(
        actor=user, action="waypost.screening.screening.read", record=screening, purpose=PURPOSE
    )
    return screening


def person_history(*, person: Person) -> list[Screening]:
    """Every screening of the person, newest first (read with the screening in hand)."""
    return list(Screening.objects.filter(person=person).order_by("-screened_at", "-pk"))


def person_get(*, user: User, pk: object) -> Person:
    person = scoped_get(Person.objects.all(), pk, user=user, purpose=PURPOSE)
    if person.organisation_id != user.organisation_id:
        raise NotFound("Not found.")
    audit_record(actor=user, action="waypost.screening.person.read", record=person, purpose=PURPOSE)
    return person


def screening_output(screening: Screening) -> dict[str, Any]:
    person = screening.person
    view = age_view_of(person)
    return {
        "id": screening.pk,
        "person": person.pk,
        "name": person.name,
        "sex": person.sex,
        "birth_date": person.birth_date,
        "age": person.claimed_age,
        "age_used": view.age,
        "nationality": person.nationality,
        "languages": person.languages or [],
        "travelling": person.travelling,
        "place": screening.place,
        "screened_at": screening.screened_at.isoformat(),
        "concerns": screening.concerns or [],
        "specific_needs": screening.specific_needs or [],
        "washington_group": screening.washington_group or {},
        "trafficking": screening.trafficking or [],
        "determinants": screening.determinants or {},
        "is_child": view.is_child,
        "risk_level": screening.risk_level,
        "urgent": screening.urgent,
        "tracing_link": screening.tracing_link,
    }


# Services -------------------------------------------------------------------------------


def services_visible_to(*, user: User | None) -> QuerySet[Service]:
    """Published services, and the caller's own organisation's drafts."""
    visible = Q(status=ServiceStatus.PUBLISHED)
    if user is not None and user.is_authenticated and user.organisation_id:
        visible |= Q(organisation_id=user.organisation_id)
    return Service.objects.filter(visible).select_related("organisation")


def service_get(*, user: User | None, pk: int | str) -> Service:
    try:
        return services_visible_to(user=user).get(pk=pk)
    except (Service.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("No such service.") from exc


def service_name(service: Service, language: str | None = None) -> str:
    names = service.names or {}
    language = (language or get_language() or "en")[:2]
    return str(names.get(language) or names.get("en") or next(iter(names.values()), ""))


def service_output(service: Service) -> dict[str, Any]:
    return {
        "id": service.pk,
        "organisation": service.organisation.slug,
        "name": service.names,
        "description": service.descriptions,
        "type": service.type,
        "languages": service.languages,
        "location": {
            "lat": service.latitude,
            "lon": service.longitude,
            "place": service.place,
        },
        "hours": service.hours,
        "eligibility": service.eligibility,
        "capacity": service.capacity,
        "contact": service.contact,
        "status": service.status,
        "detention": service.is_detention,
    }


# Referrals ------------------------------------------------------------------------------


def _referral_scope(user: User) -> QuerySet[Referral]:
    if not user.is_authenticated or not user.has_role_permission(Permission.VIEW_PERSONAL_DATA):
        return Referral.objects.none()
    return Referral.objects.filter(
        Q(organisation_id=user.organisation_id or 0) | Q(recipient_id=user.organisation_id or 0)
    ).select_related("recipient", "organisation", "service", "screening", "screening__person")


def is_overdue(referral: Referral, now: datetime | None = None) -> bool:
    """Not answered by the time its priority allows (24 h, 72 h, 14 days by default)."""
    return referral.status == ReferralStatus.IN_PROGRESS and referral.due_at < (
        now or timezone.now()
    )


def referrals_for(
    *, user: User, box: str = "", overdue: bool = False, now: datetime | None = None
) -> QuerySet[Referral]:
    """Referrals the caller's organisation sent (``out``) or received (``in``), or both."""
    referrals = _referral_scope(user)
    if box == "in":
        referrals = referrals.filter(recipient_id=user.organisation_id or 0)
    elif box == "out":
        referrals = referrals.filter(organisation_id=user.organisation_id or 0)
    if overdue:
        referrals = referrals.filter(
            status=ReferralStatus.IN_PROGRESS, due_at__lt=now or timezone.now()
        )
    return referrals.order_by("due_at", "pk")


def referrals_listed(*, user: User, records: list[Referral]) -> None:
    audit_record(
        actor=user,
        action="waypost.screening.referral.listed",
        record_type="screening.referral",
        purpose=PURPOSE,
        detail={"records": [r.pk for r in records]},
    )


def referral_get(*, user: User, pk: int | str) -> Referral:
    try:
        referral = _referral_scope(user).get(pk=pk)
    except (Referral.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("Not found.") from exc
    audit_record(
        actor=user,
        action="waypost.screening.referral.read",
        record=referral,
        purpose=PURPOSE,
        fields=referral_fields_for(referral, user),
        detail={"organisation_id": referral.organisation_id},
    )
    return referral


def referral_consent_holds(referral: Referral) -> bool:
    if referral.consent_id is None:  # a supervisor's override, with its reason
        return True
    return consent_allows(
        subject_type=services.PERSON_CONSENT_SUBJECT,
        subject_id=referral.screening.person_id,
        purpose=PURPOSE,
    )


def referral_fields_for(referral: Referral, user: User) -> list[str]:
    """The screening's fields ``user`` may read on this referral."""
    if user.organisation_id == referral.organisation_id:
        return list(services.SHAREABLE_FIELDS)
    if referral.status == ReferralStatus.REVOKED or not referral_consent_holds(referral):
        return []
    return [f for f in referral.shared_fields if f in services.SHAREABLE_FIELDS]


def _person_field(screening: Screening, field: str) -> Any:
    person = screening.person
    return {
        "name": lambda: person.name,
        "sex": lambda: person.sex,
        "birth_date": lambda: person.birth_date,
        "age": lambda: person.claimed_age,
        "nationality": lambda: person.nationality,
        "languages": lambda: person.languages or [],
        "concerns": lambda: screening.concerns or [],
        "specific_needs": lambda: screening.specific_needs or [],
    }[field]()


def referral_output(
    referral: Referral, *, user: User, now: datetime | None = None
) -> dict[str, Any]:
    own = user.organisation_id == referral.organisation_id
    data: dict[str, Any] = {
        "id": referral.pk,
        "status": referral.status,
        "priority": referral.priority,
        "due_at": referral.due_at.isoformat(),
        "overdue": is_overdue(referral, now),
        "created_at": referral.created_at.isoformat(),
        "sender": referral.organisation.slug,
        "organisation": referral.recipient.slug,
        "service": referral.service_id,
        "shared_fields": referral.shared_fields,
    }
    for field in referral_fields_for(referral, user):
        data[field] = _person_field(referral.screening, field)
    if referral.status == ReferralStatus.REJECTED:
        data["reason"] = referral.reason
    if referral.status == ReferralStatus.DONE:
        data["outcome"] = referral.outcome
    if own:
        data["screening"] = referral.screening_id
        data["consent"] = {
            "given_by": referral.consent_given_by,
            "date": referral.consent_date.isoformat() if referral.consent_date else None,
            "purposes": referral.consent_purposes,
            "override": referral.consent_id is None,
        }
    return data


def referrals_overdue(
    *, now: datetime | None = None, organisation: Organisation | None = None
) -> list[Referral]:
    """Every overdue referral of the installation (or sent or received by ``organisation``),
    for the operator's command and reminders: ids, parties and clocks, no personal value."""
    referrals = Referral.objects.filter(
        status=ReferralStatus.IN_PROGRESS, due_at__lt=now or timezone.now()
    ).select_related("organisation", "recipient", "service")
    if organisation is not None:
        referrals = referrals.filter(Q(organisation=organisation) | Q(recipient=organisation))
    return list(referrals.order_by("due_at", "pk"))


# Children and ages ----------------------------------------------------------------------


def children_of(*, user: User) -> list[ChildCase]:
    cases = list(
        scoped(
            ChildCase.objects.select_related("person"),
            user=user,
            purpose=PURPOSE,
            include_shared=False,
        ).order_by("guardian_appointed_on", "guardian_due_on", "pk")
    )
    audit_record(
        actor=user,
        action="waypost.screening.child.listed",
        record_type="screening.childcase",
        purpose=PURPOSE,
        detail={"records": [c.pk for c in cases]},
    )
    return cases


def guardian_overdue(case: ChildCase, today: date | None = None) -> bool:
    return case.guardian_appointed_on is None and case.guardian_due_on < (
        today or timezone.localdate()
    )


def age_assessment_get(*, user: User, pk: object) -> AgeAssessment:
    assessment = scoped_get(
        AgeAssessment.objects.select_related("person"), pk, user=user, purpose=PURPOSE
    )
    if assessment.organisation_id != user.organisation_id:
        raise NotFound("Not found.")
    audit_record(
        actor=user,
        action="waypost.screening.age_assessment.read",
        record=assessment,
        purpose=PURPOSE,
    )
    return assessment


def age_assessment_output(assessment: AgeAssessment) -> dict[str, Any]:
    view = age_view_of(assessment.person)
    return {
        "id": assessment.pk,
        "person": assessment.person_id,
        "status": assessment.status,
        "claimed_age": assessment.person.claimed_age,
        "age_min": assessment.age_min,
        "age_max": assessment.age_max,
        "methods": assessment.methods,
        "documents": assessment.documents or [],
        "decided_on": assessment.decided_on.isoformat() if assessment.decided_on else None,
        "notified_on": assessment.notified_on.isoformat() if assessment.notified_on else None,
        "appeal": assessment.appeal,
        "is_child": view.is_child,
        "age_used": view.age,
    }


# Statistics (counts of the caller's organisation, for the statistics issue) ------------


def screening_statistics(*, organisation: Organisation) -> dict[str, dict[str, int]]:
    """Screenings counted by concern, UNHCR code, sex, age group and place."""
    counts: dict[str, Counter[str]] = {
        key: Counter() for key in ("concern", "specific_need", "sex", "age_group", "place")
    }
    for screening in Screening.objects.filter(organisation=organisation).select_related("person"):
        counts["concern"].update(screening.concerns or [])
        counts["specific_need"].update(screening.specific_needs or [])
        counts["sex"][screening.person.sex or "unknown"] += 1
        counts["age_group"][ages.age_group(age_view_of(screening.person).age)] += 1
        counts["place"][screening.place or "unknown"] += 1
    return {key: dict(counter.most_common()) for key, counter in counts.items()}


def referral_statistics(*, organisation: Organisation) -> dict[str, Any]:
    """Referrals sent, counted by service type, priority and outcome, with the median hours
    to acceptance."""
    counts: dict[str, Counter[str]] = {
        key: Counter() for key in ("service_type", "priority", "status")
    }
    hours: list[float] = []
    for referral in Referral.objects.filter(organisation=organisation).select_related("service"):
        counts["service_type"][referral.service.type if referral.service else "organisation"] += 1
        counts["priority"][referral.priority] += 1
        counts["status"][referral.status] += 1
        if referral.answered_at and referral.status != ReferralStatus.REJECTED:
            hours.append((referral.answered_at - referral.created_at).total_seconds() / 3600)
    result: dict[str, Any] = {key: dict(counter.most_common()) for key, counter in counts.items()}
    result["median_hours_to_acceptance"] = round(stats.median(hours), 1) if hours else None
    return result


def child_case_of(person: Person) -> ChildCase | None:
    """The child's case of a person already read through ``person_get``."""
    return ChildCase.objects.filter(person=person).first()


def latest_screening_of(person: Person) -> Screening | None:
    return Screening.objects.filter(person=person).order_by("-screened_at", "-pk").first()


def bia_get(*, user: User, pk: object) -> BestInterestsAssessment:
    assessment = scoped_get(BestInterestsAssessment.objects.all(), pk, user=user, purpose=PURPOSE)
    if assessment.organisation_id != user.organisation_id:
        raise NotFound("Not found.")
    audit_record(
        actor=user,
        action="waypost.screening.bia.read",
        record=assessment,
        purpose=PURPOSE,
    )
    return assessment


# Transfers ------------------------------------------------------------------------------


def _transfer_scope(user: User) -> QuerySet[Transfer]:
    if not user.is_authenticated or not user.has_role_permission(Permission.VIEW_PERSONAL_DATA):
        return Transfer.objects.none()
    return Transfer.objects.filter(
        Q(organisation_id=user.organisation_id or 0) | Q(recipient_id=user.organisation_id or 0)
    ).select_related("organisation", "recipient", "person")


def transfers_for(*, user: User, box: str = "", pending: bool = False) -> QuerySet[Transfer]:
    """Transfers the caller's organisation asked for (``out``) or was asked (``in``)."""
    transfers = _transfer_scope(user)
    if box == "in":
        transfers = transfers.filter(recipient_id=user.organisation_id or 0)
    elif box == "out":
        transfers = transfers.filter(organisation_id=user.organisation_id or 0)
    if pending:
        transfers = transfers.filter(status=TransferStatus.PENDING)
    return transfers.order_by("-created_at", "-pk")


def transfers_listed(*, user: User, records: list[Transfer]) -> None:
    audit_record(
        actor=user,
        action="waypost.screening.transfer.listed",
        record_type="screening.transfer",
        purpose=PURPOSE,
        detail={"records": [t.pk for t in records]},
    )


def transfer_get(*, user: User, pk: int | str) -> Transfer:
    try:
        transfer = _transfer_scope(user).get(pk=pk)
    except (Transfer.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("Not found.") from exc
    audit_record(
        actor=user,
        action="waypost.screening.transfer.read",
        record=transfer,
        purpose=PURPOSE,
        detail={"organisation_id": transfer.organisation_id},
    )
    return transfer


def transfer_output(transfer: Transfer, *, user: User) -> dict[str, Any]:
    """The envelope for both sides; the person's record is read through ``person_get`` by
    whoever owns it (the sender before acceptance, the receiver after). The receiver sees
    the sender's note and whether the person is a child; the consent only the sender."""
    data: dict[str, Any] = {
        "id": transfer.pk,
        "status": transfer.status,
        "created_at": transfer.created_at.isoformat(),
        "answered_at": transfer.answered_at.isoformat() if transfer.answered_at else None,
        "sender": transfer.organisation.slug,
        "organisation": transfer.recipient.slug,
        "is_child": transfer.is_child,
        "note": transfer.note,
        "moved": transfer.moved,
    }
    if transfer.person.organisation_id == user.organisation_id:
        data["person"] = transfer.person_id
        latest = latest_screening_of(transfer.person)
        data["screening"] = latest.pk if latest else None
    if transfer.status == TransferStatus.REJECTED:
        data["reason"] = transfer.reason
    if user.organisation_id == transfer.organisation_id:
        data["consent"] = {
            "given_by": transfer.consent_given_by,
            "date": transfer.consent_date.isoformat() if transfer.consent_date else None,
            "override": transfer.consent_id is None,
        }
    return data


def monthly_screenings(
    *, organisation: Organisation, place: str = ""
) -> list[tuple[int, int, int]]:
    """(year, month, screenings) of ``organisation``'s screenings at ``place`` (a border
    post, reception or disembarkation point; all places when blank), for each month that
    has any: the series the screenings forecast reads. Counts only; the place is compared
    after unsealing, as ``screening_statistics`` reads it, and nothing personal leaves."""
    wanted = place.strip().casefold()
    months: Counter[tuple[int, int]] = Counter()
    for screening in Screening.objects.filter(organisation=organisation).only(
        "screened_at", "place_sealed", "organisation"
    ):
        if wanted and (screening.place or "").strip().casefold() != wanted:
            continue
        when = timezone.localtime(screening.screened_at)
        months[(when.year, when.month)] += 1
    return [(year, month, count) for (year, month), count in sorted(months.items())]
