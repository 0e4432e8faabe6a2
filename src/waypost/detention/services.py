"""Writes of detention oversight: facilities, consular rules, detentions and their steps,
transfers, release, monitoring visits.

Each service checks the actor's role, seals personal values and writes an audit entry.
The consular rules (VCCR art. 36, the UNHCR rule for asylum seekers) are enforced here,
so that no page, API call or command can record a notification the person's choice or
status forbids.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pycountry
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypost.accounts.models import Organisation, User
from waypost.accounts.roles import Permission
from waypost.core.exceptions import ApplicationError, NotFound, PermissionDenied
from waypost.core.validators import clean_text_values, without_bidi_controls
from waypost.detention import rules
from waypost.detention.models import (
    ConsularRule,
    Detention,
    DetentionEvent,
    EventKind,
    Facility,
    FacilityStatus,
    FacilityType,
    Finding,
    Recommendation,
    ReleaseKind,
    Transfer,
    Visit,
    VisitAccess,
)
from waypost.protection.audit import audit_record
from waypost.protection.models import DataCategory, Purpose
from waypost.screening.ages import ADULT_AGE, age_from_birth_date

PURPOSE = Purpose.PROTECTION_REFERRAL
COUNTRIES = frozenset(country.alpha_3 for country in pycountry.countries)
# The Rule 7 and Rule 8 values a record keeps sealed, as the API spells them.
SEALED_TEXT = (
    "legal_basis",
    "reasons",
    "authority",
    "arrest_place",
    "injuries",
    "ill_treatment",
    "emergency_contact",
    "lawyer",
)
SEALED_LISTS = ("property", "family", "reviews", "alternatives")


def _require(actor: User | None, permission: Permission) -> None:
    if actor is not None and not actor.has_role_permission(permission):
        raise PermissionDenied(_("Your role does not allow this."))


def _owner(actor: User | None, organisation: Organisation | None) -> Organisation:
    owner = organisation or (actor.organisation if actor is not None else None)
    if owner is None:
        raise ApplicationError(_("The record needs an owning organisation."))
    return owner


def _own(actor: User | None, record: Detention | Visit) -> None:
    if actor is not None and record.organisation_id != actor.organisation_id:
        raise NotFound(_("Not found."))


def _country(value: str, field: str) -> str:
    code = (value or "").strip().upper()
    if code and code not in COUNTRIES:
        raise ApplicationError(
            _("%(code)s is not an ISO 3166-1 alpha-3 country code.") % {"code": code},
            extra={"errors": {field: [code]}},
        )
    return code


# Facilities -----------------------------------------------------------------------------

TYPE_WORDS = {
    "criminal": FacilityType.CRIMINAL,
    "prison": FacilityType.CRIMINAL,
    "administrative": FacilityType.ADMINISTRATIVE,
    "immigration": FacilityType.ADMINISTRATIVE,
    "ad hoc": FacilityType.AD_HOC,
    "ad_hoc": FacilityType.AD_HOC,
    "ad-hoc": FacilityType.AD_HOC,
    "reception": FacilityType.RECEPTION,
    "welcome centre": FacilityType.RECEPTION,
    "welcome center": FacilityType.RECEPTION,
    "border post": FacilityType.BORDER_POST,
    "border_post": FacilityType.BORDER_POST,
    "border": FacilityType.BORDER_POST,
}
STATUS_WORDS = {
    "open": FacilityStatus.OPEN,
    "active": FacilityStatus.OPEN,
    "in use": FacilityStatus.OPEN,
    "operational": FacilityStatus.OPEN,
    "closed": FacilityStatus.CLOSED,
    "inactive": FacilityStatus.CLOSED,
    "unknown": FacilityStatus.UNKNOWN,
    "": FacilityStatus.UNKNOWN,
}
# The Global Detention Project's column names and others seen in the wild, to ours.
COLUMN_ALIASES = {
    "facility": "name",
    "facility name": "name",
    "facility_name": "name",
    "facility type": "type",
    "facility_type": "type",
    "category": "type",
    "managing authority": "authority",
    "managing_authority": "authority",
    "iso3": "country",
    "country_iso3": "country",
    "latitude": "lat",
    "longitude": "lon",
    "long": "lon",
    "lng": "lon",
}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] | None = None


def _float(value: str, low: float, high: float) -> float | None:
    value = (value or "").strip()
    if not value:
        return None
    number = float(value)
    if not low <= number <= high:
        raise ValueError(value)
    return number


@transaction.atomic
def facility_save(
    *,
    actor: User | None,
    name: str,
    type: str,
    country: str,
    authority: str = "",
    capacity: int | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    status: str = FacilityStatus.OPEN,
    source: str = "",
) -> tuple[Facility, bool]:
    """Add a facility, or change the one of that name in that country."""
    _require(actor, Permission.EDIT_CASES)
    name = without_bidi_controls(name).strip()
    if not name:
        raise ApplicationError(_("A facility needs a name."))
    if type not in FacilityType.values:
        raise ApplicationError(_("Unknown facility type: %(type)s.") % {"type": type})
    if status not in FacilityStatus.values:
        raise ApplicationError(_("Unknown facility status: %(status)s.") % {"status": status})
    country = _country(country, "country")
    if not country:
        raise ApplicationError(_("A facility needs its country (ISO 3166-1 alpha-3)."))
    facility, created = Facility.objects.update_or_create(
        country=country,
        name=name,
        defaults={
            "type": type,
            "authority": without_bidi_controls(authority).strip(),
            "capacity": capacity,
            "latitude": latitude,
            "longitude": longitude,
            "status": status,
            "source": source,
        },
    )
    audit_record(
        actor=actor,
        action="waypost.detention.facility.saved",
        record=facility,
        detail={"created": created},
    )
    return facility, created


def facilities_import(*, actor: User | None, text: str, source: str = "") -> ImportResult:
    """Facilities from CSV text (name, type, authority, country, capacity, lat, lon, status).

    Rows with an error are skipped and reported with their line; the others are saved.
    """
    result = ImportResult(errors=[])
    assert result.errors is not None  # noqa: S101 - set just above
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    for line, raw in enumerate(reader, start=2):
        row = {
            COLUMN_ALIASES.get(k.strip().lower(), k.strip().lower()): (v or "").strip()
            for k, v in raw.items()
            if k
        }
        try:
            kind = TYPE_WORDS.get(row.get("type", "").lower())
            if kind is None:
                raise ApplicationError(_("unknown type %(type)s") % {"type": row.get("type", "")})
            status = STATUS_WORDS.get(row.get("status", "").lower())
            if status is None:
                raise ApplicationError(
                    _("unknown status %(status)s") % {"status": row.get("status", "")}
                )
            capacity = int(row["capacity"]) if row.get("capacity") else None
            _facility, created = facility_save(
                actor=actor,
                name=row.get("name", ""),
                type=kind,
                country=row.get("country", ""),
                authority=row.get("authority", ""),
                capacity=capacity,
                latitude=_float(row.get("lat", ""), -90, 90),
                longitude=_float(row.get("lon", ""), -180, 180),
                status=status,
                source=source,
            )
        except (ApplicationError, ValueError) as exc:
            result.errors.append(f"{line}: {getattr(exc, 'message', exc)}")
            continue
        if created:
            result.created += 1
        else:
            result.updated += 1
    return result


# Consular rules -------------------------------------------------------------------------

TRUE_WORDS = {"1", "true", "yes", "y", "mandatory", "oui", "sí", "si"}
FALSE_WORDS = {"0", "false", "no", "n", "on request", "on_request", "non", ""}


@transaction.atomic
def consular_rule_set(
    *,
    actor: User | None,
    receiving: str,
    sending: str,
    mandatory: bool,
    max_hours: int | None,
    exceptions: str = "",
    source: str,
) -> tuple[ConsularRule, bool]:
    """Add or change the rule between a receiving and a sending State."""
    _require(actor, Permission.EDIT_CASES)
    receiving, sending = _country(receiving, "receiving"), _country(sending, "sending")
    if not receiving or not sending:
        raise ApplicationError(_("A rule names the receiving and the sending State."))
    if not source.strip():
        raise ApplicationError(_("A rule says where it comes from (its source)."))
    rule, created = ConsularRule.objects.update_or_create(
        receiving=receiving,
        sending=sending,
        defaults={
            "mandatory": mandatory,
            "max_hours": max_hours,
            "exceptions": without_bidi_controls(exceptions).strip(),
            "source": without_bidi_controls(source).strip(),
        },
    )
    audit_record(
        actor=actor,
        action="waypost.detention.consular_rule.saved",
        record=rule,
        detail={"pair": str(rule), "mandatory": mandatory, "max_hours": max_hours},
    )
    return rule, created


def consular_rules_import(*, actor: User | None, text: str) -> ImportResult:
    """Rules from CSV text (receiving, sending, mandatory, max_hours, exceptions, source)."""
    result = ImportResult(errors=[])
    assert result.errors is not None  # noqa: S101 - set just above
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    for line, raw in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        try:
            word = row.get("mandatory", "").lower()
            if word not in TRUE_WORDS | FALSE_WORDS:
                raise ApplicationError(_("mandatory: say true or false"))
            hours = row.get("max_hours", "")
            _rule, created = consular_rule_set(
                actor=actor,
                receiving=row.get("receiving", ""),
                sending=row.get("sending", ""),
                mandatory=word in TRUE_WORDS,
                max_hours=int(hours) if hours else None,
                exceptions=row.get("exceptions", ""),
                source=row.get("source", ""),
            )
        except (ApplicationError, ValueError) as exc:
            result.errors.append(f"{line}: {getattr(exc, 'message', exc)}")
            continue
        if created:
            result.created += 1
        else:
            result.updated += 1
    return result


def rule_for(*, receiving: str, sending: str) -> rules.Rule:
    """The rule for a pair of States: the table's row, else VCCR art. 36 (on request)."""
    row = ConsularRule.objects.filter(receiving=receiving, sending=sending).first()
    if row is None:
        return rules.Rule(
            code=rules.VCCR_RULE,
            mandatory=False,
            max_hours=None,
            exceptions="",
            source="VCCR art. 36(1)(b)",
        )
    return rules.Rule(
        code=str(row),
        mandatory=row.mandatory,
        max_hours=row.max_hours,
        exceptions=row.exceptions,
        source=row.source,
    )


# Detentions -----------------------------------------------------------------------------


def facility_find(value: int | str) -> Facility:
    """A facility by its id or by its name as imported."""
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdecimal()):
        facility = Facility.objects.filter(pk=int(value)).first()
    else:
        matches = list(Facility.objects.filter(name=without_bidi_controls(str(value)).strip()))
        if len(matches) > 1:
            raise ApplicationError(
                _("Several facilities have that name: give its id."),
                extra={"errors": {"facility": [str(value)]}},
            )
        facility = matches[0] if matches else None
    if facility is None:
        raise ApplicationError(
            _("No facility %(facility)s.") % {"facility": value},
            extra={"errors": {"facility": [str(value)]}},
        )
    return facility


def age_at(*, birth_date: str, age: int | None, on: date) -> int | None:
    """The age on ``on``: from the birth date (its latest possible day), else as given."""
    if birth_date:
        return age_from_birth_date(birth_date, on)
    return age


def _set_values(detention: Detention, values: dict[str, Any]) -> list[str]:
    values = clean_text_values(values)
    changed = []
    for field in SEALED_TEXT:
        if field in values:
            setattr(detention, field, (values[field] or "").strip())
            changed.append(field)
    for field in SEALED_LISTS:
        if field in values:
            setattr(detention, field, values[field])
            changed.append(field)
    return changed


def _child_check(actor: User | None, detention: Detention) -> None:
    on = timezone.localdate(detention.admitted_at or detention.arrested_at)
    age = age_at(birth_date=detention.birth_date or "", age=detention.age_at_admission, on=on)
    was_child = detention.is_child
    detention.age_at_admission = age
    detention.is_child = age is not None and age < ADULT_AGE
    detention.save(update_fields=["age_at_admission", "is_child", "updated_at"])
    if detention.is_child and not was_child:
        alerted = child_alert_send(detention=detention)
        audit_record(
            actor=actor,
            action="waypost.detention.child.flagged",
            record=detention,
            purpose=PURPOSE,
            detail={"focal_points": alerted},
        )


def child_alert_send(*, detention: Detention) -> int:
    """Tell the organisation's child-protection focal points a child is held.

    The focal points are its people whose role supervises protection work. The mail names
    no one (a mailbox may be read by someone else): it gives the record's number.
    """
    from django.core.mail import send_mail

    from waypost.accounts.notifications import recipient_language

    sent = 0
    for person in User.objects.filter(organisation_id=detention.organisation_id, is_active=True):
        if not person.email or not person.has_role_permission(Permission.SUPERVISE_PROTECTION):
            continue
        with recipient_language(person):
            send_mail(
                _("Waypost: a child is recorded in detention"),
                _(
                    "A child is recorded in detention (record %(id)s). Children are never "
                    "to be detained for migration reasons: open the record in Waypost and "
                    "act for the child's release."
                )
                % {"id": detention.pk},
                None,
                [person.email],
            )
        sent += 1
    return sent


@transaction.atomic
def detention_create(
    *,
    actor: User | None,
    person: dict[str, Any],
    facility: Facility,
    arrested_at: datetime,
    admitted_at: datetime | None = None,
    legal_basis: str = "",
    asylum_seeker: bool = False,
    max_days: int | None = None,
    organisation: Organisation | None = None,
    **register: Any,
) -> Detention:
    """Record a known detention; a child is flagged at once to the focal points."""
    _require(actor, Permission.EDIT_CASES)
    owner = _owner(actor, organisation)
    if admitted_at is not None and admitted_at < arrested_at:
        raise ApplicationError(
            _("Admission cannot come before the arrest."),
            extra={"errors": {"admitted_at": [admitted_at.isoformat()]}},
        )
    unknown = sorted(set(register) - set(SEALED_TEXT) - set(SEALED_LISTS))
    if unknown:
        raise ApplicationError(_("Unknown fields: %(f)s.") % {"f": ", ".join(unknown)})
    person = clean_text_values(dict(person))
    detention = Detention(
        organisation=owner,
        data_category=DataCategory.PROTECTION,
        facility=facility,
        sex=person.get("sex") or "",
        nationality=_country(person.get("nationality") or "", "nationality"),
        age_at_admission=person.get("age"),
        asylum_seeker=asylum_seeker,
        arrested_at=arrested_at,
        admitted_at=admitted_at,
        clock_started_at=arrested_at,
        max_days=max_days,
        created_by=actor,
    )
    detention.name = without_bidi_controls(person.get("name") or "").strip()
    detention.birth_date = person.get("birth_date") or ""
    fields = _set_values(detention, {"legal_basis": legal_basis, **register})
    detention.save()
    audit_record(
        actor=actor,
        action="waypost.detention.detention.created",
        record=detention,
        fields=sorted({*person, *fields}),
        purpose=PURPOSE,
        detail={"facility": facility.pk},
    )
    _child_check(actor, detention)
    return detention


@transaction.atomic
def detention_link(
    *, actor: User, detention: Detention, screening: int | None = None, tracing: str = ""
) -> Detention:
    """Link the record to the organisation's screening (its id) or tracing record
    (``found:ID`` or ``missing:ID``), read through those apps' selectors (scoped, audited)."""
    from waypost.screening import selectors as screening_selectors
    from waypost.tracing import selectors as tracing_selectors
    from waypost.tracing.models import FoundPerson, MissingPersonReport

    _require(actor, Permission.EDIT_CASES)
    _own(actor, detention)
    if screening is not None:
        found = screening_selectors.screening_get(user=actor, pk=screening)
        detention.screening_link = f"screening:{found.pk}"
    if tracing:
        kind, _sep, number = tracing.partition(":")
        if kind not in ("found", "missing") or not number.isdecimal():
            raise ApplicationError(
                _("Link a tracing record as found:ID or missing:ID."),
                extra={"errors": {"tracing": [tracing]}},
            )
        if kind == "found":
            record = tracing_selectors.record_get(user=actor, model=FoundPerson, pk=int(number))
        else:
            record = tracing_selectors.record_get(
                user=actor, model=MissingPersonReport, pk=int(number)
            )
        detention.tracing_link = f"{kind}:{record.pk}"
    detention.save(update_fields=["screening_link", "tracing_link", "updated_at"])
    audit_record(
        actor=actor,
        action="waypost.detention.detention.linked",
        record=detention,
        purpose=PURPOSE,
        detail={"screening": detention.screening_link, "tracing": detention.tracing_link},
    )
    return detention


@transaction.atomic
def detention_update(
    *, actor: User | None, detention: Detention, values: dict[str, Any]
) -> Detention:
    """Complete or correct the register: Rule 7 and 8 items, the person, the legal maximum."""
    _require(actor, Permission.EDIT_CASES)
    _own(actor, detention)
    values = clean_text_values(dict(values))
    person = values.pop("person", None) or {}
    for key in ("admitted_at", "max_days", "asylum_seeker"):
        if key in values:
            setattr(detention, key, values.pop(key))
    if detention.admitted_at is not None and detention.admitted_at < detention.arrested_at:
        raise ApplicationError(_("Admission cannot come before the arrest."))
    unknown = sorted(set(values) - set(SEALED_TEXT) - set(SEALED_LISTS))
    if unknown:
        raise ApplicationError(_("Unknown fields: %(f)s.") % {"f": ", ".join(unknown)})
    fields = _set_values(detention, values)
    if "name" in person:
        detention.name = without_bidi_controls(person["name"] or "").strip()
    if "birth_date" in person:
        detention.birth_date = person["birth_date"] or ""
    if "age" in person:
        detention.age_at_admission = person["age"]
    if "sex" in person:
        detention.sex = person["sex"] or ""
    if "nationality" in person:
        detention.nationality = _country(person["nationality"] or "", "nationality")
    detention.save()
    audit_record(
        actor=actor,
        action="waypost.detention.detention.updated",
        record=detention,
        fields=sorted({*person, *fields}),
        purpose=PURPOSE,
    )
    _child_check(actor, detention)
    return detention


def review_add(
    *, actor: User | None, detention: Detention, on: date, kind: str, outcome: str = ""
) -> Detention:
    """Add a judicial review or hearing (Body of Principles 11, 32) to the record."""
    review = {"on": on.isoformat(), "kind": kind, "outcome": outcome}
    reviews = [*(detention.reviews or []), review]
    return detention_update(actor=actor, detention=detention, values={"reviews": reviews})


def alternative_add(
    *,
    actor: User | None,
    detention: Detention,
    measure: str,
    offered: bool = False,
    why_not: str = "",
) -> Detention:
    """Add an alternative to detention considered or offered (UNHCR Guideline 4.3)."""
    alternative = {"measure": measure, "offered": offered, "why_not": why_not}
    alternatives = [*(detention.alternatives or []), alternative]
    return detention_update(actor=actor, detention=detention, values={"alternatives": alternatives})


def events_of(detention: Detention) -> list[rules.Event]:
    return [
        rules.Event(kind=kind, at=at)
        for kind, at in DetentionEvent.objects.filter(detention=detention).values_list("kind", "at")
    ]


def detention_rule(detention: Detention) -> rules.Rule:
    return rule_for(receiving=detention.facility.country, sending=detention.nationality)


@transaction.atomic
def event_record(
    *,
    actor: User | None,
    detention: Detention,
    kind: str,
    at: datetime,
    language: str = "",
    means: str = "",
    note: str = "",
) -> DetentionEvent:
    """Record a step of consular or family notification.

    A notification of the consulate is refused while the person is an asylum seeker or
    refugee without their express consent (UNHCR Detention Guidelines), and, where no
    treaty makes it mandatory, unless the person asked for it (VCCR art. 36(1)(b)). The
    express consent is recorded by a legal officer: a role that supervises protection work.
    """
    if kind not in EventKind.values:
        raise ApplicationError(_("Unknown step: %(kind)s.") % {"kind": kind})
    if kind == EventKind.CONSENT:
        _require(actor, Permission.SUPERVISE_PROTECTION)
        if not detention.asylum_seeker:
            raise ApplicationError(_("Express consent is recorded only for an asylum seeker."))
    else:
        _require(actor, Permission.EDIT_CASES)
    _own(actor, detention)
    if at < detention.arrested_at:
        raise ApplicationError(
            _("This cannot come before the arrest."), extra={"errors": {"at": [at.isoformat()]}}
        )
    if at > timezone.now():
        raise ApplicationError(
            _("This cannot be in the future."), extra={"errors": {"at": [at.isoformat()]}}
        )
    if kind in (EventKind.NOTIFIED, EventKind.ACKNOWLEDGED, EventKind.VISIT):
        why = rules.may_notify(
            rule=detention_rule(detention),
            asylum_seeker=detention.asylum_seeker,
            events=events_of(detention),
        )
        if why == "asylum":
            raise ApplicationError(
                _(
                    "This person seeks or has international protection: the consulate of "
                    "their country is never told without their express consent, which a "
                    "legal officer records first."
                ),
                extra={"code": "asylum"},
            )
        if why == "not_requested" and kind == EventKind.NOTIFIED:
            raise ApplicationError(
                _(
                    "No treaty makes notification mandatory here: the consulate is notified "
                    "only if the person asks (VCCR art. 36(1)(b)). Record their request first."
                ),
                extra={"code": "not_requested"},
            )
    event = DetentionEvent(
        organisation_id=detention.organisation_id,
        data_category=DataCategory.PROTECTION,
        detention=detention,
        kind=kind,
        at=at,
        language=language[:8],
        means=without_bidi_controls(means).strip()[:60],
        recorded_by=actor,
    )
    event.note = without_bidi_controls(note).strip()
    event.save()
    audit_record(
        actor=actor,
        action="waypost.detention.consular.recorded",
        record=detention,
        purpose=PURPOSE,
        detail={"kind": kind, "event": event.pk},
    )
    return event


@transaction.atomic
def detention_transfer(
    *, actor: User | None, detention: Detention, facility: Facility, at: datetime
) -> Transfer:
    """Move the person to another facility: the family and consular clocks start again."""
    _require(actor, Permission.EDIT_CASES)
    _own(actor, detention)
    if detention.released_at is not None:
        raise ApplicationError(_("This detention has ended."))
    if facility.pk == detention.facility_id:
        raise ApplicationError(_("The person is already held there."))
    if at < detention.clock_started_at or at > timezone.now():
        raise ApplicationError(
            _("A transfer comes after the arrest and the last transfer, and not in the future."),
            extra={"errors": {"at": [at.isoformat()]}},
        )
    transfer = Transfer.objects.create(
        organisation_id=detention.organisation_id,
        data_category=DataCategory.PROTECTION,
        detention=detention,
        from_facility_id=detention.facility_id,
        to_facility=facility,
        at=at,
        recorded_by=actor,
    )
    detention.facility = facility
    detention.clock_started_at = at
    detention.save(update_fields=["facility", "clock_started_at", "updated_at"])
    audit_record(
        actor=actor,
        action="waypost.detention.detention.transferred",
        record=detention,
        purpose=PURPOSE,
        detail={"from": transfer.from_facility_id, "to": facility.pk},
    )
    return transfer


@transaction.atomic
def detention_release(
    *,
    actor: User | None,
    detention: Detention,
    at: datetime,
    kind: str = ReleaseKind.RELEASED,
    notes: str = "",
) -> Detention:
    """End the detention: release (to an alternative or not), removal, death in custody."""
    _require(actor, Permission.EDIT_CASES)
    _own(actor, detention)
    if kind not in ReleaseKind.values:
        raise ApplicationError(_("Unknown ending: %(kind)s.") % {"kind": kind})
    if detention.released_at is not None:
        raise ApplicationError(_("This detention has ended."))
    if at < detention.arrested_at or at > timezone.now():
        raise ApplicationError(
            _("The end comes after the arrest, and not in the future."),
            extra={"errors": {"at": [at.isoformat()]}},
        )
    detention.released_at = at
    detention.release_kind = kind
    detention.release_notes = without_bidi_controls(notes).strip()
    detention.save()
    audit_record(
        actor=actor,
        action="waypost.detention.detention.released",
        record=detention,
        purpose=PURPOSE,
        detail={"kind": kind},
    )
    return detention


# Monitoring visits ----------------------------------------------------------------------


@transaction.atomic
def visit_create(
    *,
    actor: User | None,
    facility: Facility,
    visited_on: date,
    access: str,
    announced: bool = False,
    team: list[str] | None = None,
    findings: Iterable[dict[str, Any]] = (),
    recommendations: Iterable[dict[str, Any]] = (),
    organisation: Organisation | None = None,
) -> Visit:
    """Record a monitoring visit with its findings and recommendations.

    A finding about one person (an individual concern) is linked to their detention only
    with their consent (``consent``: true); without it, the finding stays general.
    """
    _require(actor, Permission.EDIT_CASES)
    owner = _owner(actor, organisation)
    if access not in VisitAccess.values:
        raise ApplicationError(_("Unknown access: %(access)s.") % {"access": access})
    visit = Visit(
        organisation=owner,
        data_category=DataCategory.PROTECTION,
        facility=facility,
        visited_on=visited_on,
        announced=announced,
        access=access,
        recorded_by=actor,
    )
    visit.team = clean_text_values(list(team or []))
    visit.save()
    for item in findings:
        detention_id = item.get("detention")
        if detention_id is not None:
            if not item.get("consent"):
                raise ApplicationError(
                    _("A finding is linked to a person's detention only with their consent."),
                    extra={"code": "consent"},
                )
            if not Detention.objects.filter(pk=detention_id, organisation=owner).exists():
                raise NotFound(_("Not found."))
        finding = Finding(
            organisation=owner,
            data_category=DataCategory.PROTECTION,
            visit=visit,
            aspect=item["aspect"],
            standard=without_bidi_controls(item.get("standard", "")).strip()[:200],
            severity=item["severity"],
            detention_id=detention_id,
        )
        finding.text = without_bidi_controls(item.get("text", "")).strip()
        finding.save()
    for item in recommendations:
        recommendation = Recommendation(
            organisation=owner,
            data_category=DataCategory.PROTECTION,
            visit=visit,
            addressee=without_bidi_controls(item.get("addressee", "")).strip()[:300],
            due_on=item.get("due_on"),
            status=item.get("status", "open"),
        )
        recommendation.text = without_bidi_controls(item.get("text", "")).strip()
        recommendation.save()
    audit_record(
        actor=actor,
        action="waypost.detention.visit.created",
        record=visit,
        purpose=PURPOSE,
        detail={"facility": facility.pk},
    )
    return visit


@transaction.atomic
def recommendation_follow_up(
    *, actor: User | None, recommendation: Recommendation, status: str
) -> Recommendation:
    _require(actor, Permission.EDIT_CASES)
    if actor is not None and recommendation.organisation_id != actor.organisation_id:
        raise NotFound(_("Not found."))
    recommendation.status = status
    recommendation.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="waypost.detention.recommendation.followed_up",
        record=recommendation,
        detail={"status": status},
    )
    return recommendation
