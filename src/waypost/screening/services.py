"""Writes of screening and referral: people, screenings, services, referrals, children, ages.

Each service checks the actor's role, seals personal values (the models' ``sealed``
properties) and writes an audit entry. Referrals pass the consent gate and the firewall
here, so that no page, API call or command can skip them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from waypost.accounts import selectors as account_selectors
from waypost.accounts.models import Organisation, User
from waypost.accounts.roles import Permission
from waypost.core.exceptions import ApplicationError, NotFound, PermissionDenied
from waypost.core.validators import clean_text_values, without_bidi_controls
from waypost.protection.access import firewall_allows
from waypost.protection.audit import audit_record
from waypost.protection.fields import reseal_for_owner
from waypost.protection.models import ConsentMethod, DataCategory, ProtectedRecord, Purpose
from waypost.protection.services import consent_allows, consent_record
from waypost.screening.concerns import DEFAULT_CONCERNS
from waypost.screening.models import (
    AgeAssessment,
    AssessmentState,
    AssessmentStatus,
    BestInterestsAssessment,
    BestInterestsDetermination,
    ChildCase,
    ChildStatus,
    Concern,
    Person,
    Priority,
    Referral,
    ReferralStatus,
    RiskLevel,
    Screening,
    Service,
    ServiceStatus,
    ServiceType,
    Transfer,
    TransferStatus,
    Travelling,
)
from waypost.screening.specific_needs import specific_needs

PURPOSE = Purpose.PROTECTION_REFERRAL
PERSON_CONSENT_SUBJECT = "screening.person"
# The screening's fields a referral can share, as the API spells them.
SHAREABLE_FIELDS = (
    "name",
    "sex",
    "birth_date",
    "age",
    "nationality",
    "languages",
    "concerns",
    "specific_needs",
)
# What the firewall keeps from law enforcement and border authorities: protection concerns,
# health (the UNHCR codes name disabilities and illnesses) and trafficking indicators.
FIREWALLED_FIELDS = {"concerns": DataCategory.PROTECTION, "specific_needs": DataCategory.HEALTH}
DEFAULT_REFERRAL_HOURS = {"emergency": 24, "urgent": 72, "normal": 14 * 24}
DEFAULT_GUARDIAN_DAYS = 15
# Washington Group answers 3 (a lot of difficulty) and 4 (cannot do at all): the
# disability identifier of the Short Set, and the UNHCR code each domain points to.
WG_DISABILITY = 3
WG_CODES = {
    "seeing": ("DS-BD", "DS-BD"),
    "hearing": ("DS-DF", "DS-DF"),
    "walking": ("DS-PM", "DS-PS"),
    "remembering": ("DS-MM", "DS-MS"),
    "self_care": ("DS-PM", "DS-PS"),
    "communicating": ("DS-SD", "DS-SD"),
}
TRAFFICKING_HIGH_RISK = 2  # indicators that make the risk high by themselves


class FirewallError(ApplicationError):
    """A recipient the firewall forbids: 400 with ``code`` ``firewall``."""

    def __init__(self, message: str) -> None:
        super().__init__(message, extra={"code": "firewall"})


def referral_hours() -> dict[str, int]:
    return {**DEFAULT_REFERRAL_HOURS, **getattr(settings, "SCREENING_REFERRAL_HOURS", {})}


def guardian_days() -> int:
    return int(getattr(settings, "SCREENING_GUARDIAN_DAYS", DEFAULT_GUARDIAN_DAYS))


def _require(actor: User | None, permission: Permission) -> None:
    if actor is not None and not actor.has_role_permission(permission):
        raise PermissionDenied(_("Your role does not allow this."))


def _owner(actor: User | None, organisation: Organisation | None) -> Organisation:
    owner = organisation or (actor.organisation if actor is not None else None)
    if owner is None:
        raise ApplicationError(_("The record needs an owning organisation."))
    return owner


# Concerns -------------------------------------------------------------------------------


@transaction.atomic
def concerns_ensure(organisation: Organisation) -> None:
    """Give an organisation the default concerns the first time it needs its list."""
    if Concern.objects.filter(organisation=organisation).exists():
        return
    Concern.objects.bulk_create(
        Concern(
            organisation=organisation,
            code=concern.code,
            specific_needs=list(concern.specific_needs),
            high_risk=concern.high_risk,
            position=position,
        )
        for position, concern in enumerate(DEFAULT_CONCERNS)
    )


@transaction.atomic
def concern_set(
    *,
    actor: User | None,
    organisation: Organisation,
    code: str,
    specific_needs_codes: list[str],
    labels: dict[str, str] | None = None,
    high_risk: bool | None = None,
    active: bool = True,
) -> Concern:
    """Add or change one of the organisation's concerns and the codes it maps to."""
    if actor is not None and (
        actor.organisation_id != organisation.pk
        or not actor.has_role_permission(Permission.MANAGE_MEMBERS)
    ):
        raise PermissionDenied(_("Only an admin of the organisation can change its concerns."))
    concerns_ensure(organisation)
    unknown = [c for c in specific_needs_codes if c not in specific_needs()]
    if unknown:
        raise ApplicationError(
            _("Unknown UNHCR specific needs codes: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    concern, _created = Concern.objects.get_or_create(
        organisation=organisation,
        code=code,
        defaults={"position": Concern.objects.filter(organisation=organisation).count()},
    )
    concern.specific_needs = sorted(set(specific_needs_codes))
    if labels is not None:
        concern.labels = clean_text_values({k: v for k, v in labels.items() if v})
    if high_risk is not None:
        concern.high_risk = high_risk
    concern.active = active
    concern.save()
    audit_record(
        actor=actor,
        action="waypost.screening.concern.changed",
        record=concern,
        detail={"code": code, "specific_needs": concern.specific_needs},
    )
    return concern


# People and screenings ------------------------------------------------------------------


def codes_for(
    *,
    concern_rows: list[Concern],
    is_child: bool,
    travelling: str,
    washington_group: dict[str, int],
    trafficking: list[str],
) -> list[str]:
    """The UNHCR codes a screening gets: from its concerns through the organisation's
    table, and from what the screening itself says (a child alone, a functional
    difficulty, trafficking indicators)."""
    codes = {code for concern in concern_rows for code in concern.specific_needs}
    if is_child and travelling == Travelling.ALONE:
        codes.add("SC-UC")
    if is_child and travelling == Travelling.NON_FAMILY:
        codes.add("SC-SC")
    for domain, answer in washington_group.items():
        if domain in WG_CODES and int(answer) >= WG_DISABILITY:
            codes.add(WG_CODES[domain][int(answer) - WG_DISABILITY])
    if trafficking:
        codes.add("LP-VT")
    return sorted(codes)


def risk_for(
    *,
    concern_rows: list[Concern],
    is_child: bool,
    travelling: str,
    codes: list[str],
    trafficking: list[str],
    urgent: bool,
) -> str:
    if (
        urgent
        or any(concern.high_risk for concern in concern_rows)
        or (is_child and travelling in (Travelling.ALONE, Travelling.NON_FAMILY))
        or len(trafficking) >= TRAFFICKING_HIGH_RISK
    ):
        return RiskLevel.HIGH
    if codes or is_child:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


def _person_values(person: Person, values: dict[str, Any]) -> None:
    values = clean_text_values(values)
    for field in ("sex", "nationality", "travelling"):
        if field in values:
            setattr(person, field, values[field] or "")
    if "name" in values:
        person.name = without_bidi_controls(values["name"] or "").strip()
    if "birth_date" in values:
        person.birth_date = values["birth_date"] or ""
    if "age" in values:
        person.claimed_age = values["age"]
    if "languages" in values:
        person.languages = list(values["languages"] or [])


@transaction.atomic
def screening_create(
    *,
    actor: User | None,
    person: dict[str, Any] | None = None,
    person_record: Person | None = None,
    place: str = "",
    concerns: list[str] | None = None,
    travelling: str = "",
    screened_at: datetime | None = None,
    language: str = "",
    interpreter: bool = False,
    washington_group: dict[str, int] | None = None,
    trafficking: list[str] | None = None,
    determinants: dict[str, Any] | None = None,
    urgent: bool = False,
    notes: str = "",
    organisation: Organisation | None = None,
) -> Screening:
    """A screening of a new person (``person``), or a re-screening of ``person_record``.

    A re-screening keeps the earlier screenings: each is a row of the person's history.
    """
    _require(actor, Permission.EDIT_CASES)
    owner = _owner(actor, organisation)
    concerns_ensure(owner)
    today = timezone.localdate()
    if person_record is None:
        person_record = Person(
            organisation=owner, data_category=DataCategory.PROTECTION, recorded_on=today
        )
    elif person_record.organisation_id != owner.pk:
        raise NotFound(_("Not found."))
    values = dict(person or {})
    if travelling:
        values["travelling"] = travelling
    _person_values(person_record, values)
    person_record.save()

    chosen = list(dict.fromkeys(concerns or []))
    rows = list(Concern.objects.filter(organisation=owner, code__in=chosen, active=True))
    unknown = sorted(set(chosen) - {row.code for row in rows})
    if unknown:
        raise ApplicationError(
            _("Unknown concerns: %(codes)s.") % {"codes": ", ".join(unknown)},
            extra={"errors": {"concerns": [", ".join(unknown)]}},
        )
    from waypost.screening.selectors import age_view_of  # reads the person's assessments

    view = age_view_of(person_record, today=today)
    wg = {k: int(v) for k, v in (washington_group or {}).items() if v}
    indicators = list(dict.fromkeys(trafficking or []))
    codes = codes_for(
        concern_rows=rows,
        is_child=view.is_child,
        travelling=person_record.travelling,
        washington_group=wg,
        trafficking=indicators,
    )
    screening = Screening(
        organisation=owner,
        data_category=DataCategory.PROTECTION,
        person=person_record,
        screened_at=screened_at or timezone.now(),
        screened_by=actor,
        language=language,
        interpreter=interpreter,
        urgent=urgent,
        is_child=view.is_child,
        risk_level=risk_for(
            concern_rows=rows,
            is_child=view.is_child,
            travelling=person_record.travelling,
            codes=codes,
            trafficking=indicators,
            urgent=urgent,
        ),
    )
    screening.place = without_bidi_controls(place).strip()
    screening.concerns = chosen
    screening.specific_needs = codes
    screening.washington_group = wg
    screening.trafficking = indicators
    screening.determinants = clean_text_values(determinants or {})
    screening.notes = without_bidi_controls(notes).strip()
    screening.save()
    if view.is_child and person_record.travelling in (Travelling.ALONE, Travelling.NON_FAMILY):
        _child_register(actor, person_record, today)
    audit_record(
        actor=actor,
        action="waypost.screening.screening.created",
        record=screening,
        fields=sorted(values),
        purpose=PURPOSE,
        detail={"person": person_record.pk},
    )
    return screening


def _child_register(actor: User | None, person: Person, today: date) -> ChildCase:
    """Register an unaccompanied or separated child, with the guardian's deadline."""
    existing = ChildCase.objects.filter(person=person).first()
    status = (
        ChildStatus.UNACCOMPANIED
        if person.travelling == Travelling.ALONE
        else ChildStatus.SEPARATED
    )
    if existing is not None:
        if existing.child_status != status:
            existing.child_status = status
            existing.save(update_fields=["child_status", "updated_at"])
        return existing
    case = ChildCase.objects.create(
        organisation_id=person.organisation_id,
        data_category=DataCategory.PROTECTION,
        person=person,
        child_status=status,
        guardian_due_on=today + timedelta(days=guardian_days()),
    )
    audit_record(
        actor=actor,
        action="waypost.screening.child.registered",
        record=case,
        purpose=PURPOSE,
        detail={"person": person.pk},
    )
    return case


@transaction.atomic
def screening_link_tracing(
    *, actor: User, screening: Screening, kind: str, record_id: int
) -> Screening:
    """Link a screening to a tracing record of the organisation (a child looking for family).

    The record is read through tracing's selectors, which apply its own scoping and audit.
    """
    from waypost.tracing import selectors as tracing_selectors
    from waypost.tracing.models import FoundPerson, MissingPersonReport

    _require(actor, Permission.EDIT_CASES)
    if kind not in ("found", "missing") or screening.organisation_id != actor.organisation_id:
        raise NotFound(_("Not found."))
    if kind == "found":
        record = tracing_selectors.record_get(user=actor, model=FoundPerson, pk=record_id)
    else:
        record = tracing_selectors.record_get(user=actor, model=MissingPersonReport, pk=record_id)
    screening.tracing_link = f"{kind}:{record.pk}"
    screening.save(update_fields=["tracing_link", "updated_at"])
    audit_record(
        actor=actor,
        action="waypost.screening.tracing.linked",
        record=screening,
        purpose=PURPOSE,
        detail={"tracing": screening.tracing_link},
    )
    return screening


# Services -------------------------------------------------------------------------------


def _check_service_editor(actor: User | None, organisation_id: int) -> None:
    if actor is None:
        return
    if actor.organisation_id != organisation_id or not (
        actor.has_role_permission(Permission.EDIT_CASES)
        or actor.has_role_permission(Permission.MANAGE_MEMBERS)
    ):
        raise PermissionDenied(_("Only the provider's caseworkers and admins keep its services."))


SERVICE_FIELDS = (
    "names",
    "descriptions",
    "type",
    "languages",
    "latitude",
    "longitude",
    "place",
    "hours",
    "eligibility",
    "capacity",
    "contact",
    "status",
    "detention",
)


def _service_values(service: Service, values: dict[str, Any]) -> None:
    unknown = set(values) - set(SERVICE_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown service fields: {', '.join(sorted(unknown))}.")
    values = clean_text_values(values)
    for field, value in values.items():
        setattr(
            service,
            field,
            value if value is not None or field in ("latitude", "longitude", "capacity") else "",
        )
    if service.type not in ServiceType.values:
        raise ApplicationError(_("Unknown service type."))
    if service.status not in ServiceStatus.values:
        raise ApplicationError(_("Unknown service status."))
    if not any(str(name).strip() for name in (service.names or {}).values()):
        raise ApplicationError(_("Give the service a name in at least one language."))


@transaction.atomic
def service_create(
    *, actor: User | None, organisation: Organisation | None = None, **values: Any
) -> Service:
    owner = _owner(actor, organisation)
    _check_service_editor(actor, owner.pk)
    service = Service(organisation=owner)
    _service_values(service, values)
    service.save()
    audit_record(
        actor=actor,
        action="waypost.screening.service.created",
        record=service,
        detail={"status": service.status, "type": service.type},
    )
    return service


@transaction.atomic
def service_update(*, actor: User | None, service: Service, **values: Any) -> Service:
    _check_service_editor(actor, service.organisation_id)
    _service_values(service, values)
    service.save()
    audit_record(
        actor=actor,
        action="waypost.screening.service.updated",
        record=service,
        fields=sorted(values),
        detail={"status": service.status},
    )
    return service


# Referrals ------------------------------------------------------------------------------


def referral_firewall(
    *, recipient: Organisation, service: Service | None, is_child: bool, shared_fields: list[str]
) -> None:
    """Refuse what the firewall forbids, whatever the consent (raises ``FirewallError``).

    No child is referred to a detention facility or to law enforcement or a border
    authority; these never receive protection concerns or health data (the UNHCR codes).
    """
    if service is not None and service.is_detention and is_child:
        raise FirewallError(_("A child is never referred to a detention facility."))
    if recipient.is_enforcement:
        if is_child:
            raise FirewallError(
                _("A child is never referred to law enforcement or a border authority.")
            )
        barred = sorted(
            field
            for field, category in FIREWALLED_FIELDS.items()
            if field in shared_fields and not firewall_allows(recipient, category)
        )
        if barred:
            raise FirewallError(
                _(
                    "Law enforcement and border authorities never receive protection "
                    "concerns, health data or trafficking indicators: %(fields)s."
                )
                % {"fields": ", ".join(barred)}
            )


@transaction.atomic
def referral_create(
    *,
    actor: User,
    screening: Screening,
    priority: str,
    shared_fields: list[str],
    service: Service | None = None,
    organisation: Organisation | None = None,
    consent: dict[str, Any] | None = None,
    override_reason: str = "",
    note: str = "",
) -> Referral:
    """Refer a screening to a service (its provider receives it) or to an organisation.

    The person's consent, or a guardian's for a child, names the purpose (which must be
    ``protection_referral``) and the fields shared; without it only a supervisor may
    override, with a reason, and the override is audited. The firewall comes after
    consent and overrides it.
    """
    if not (
        actor.has_role_permission(Permission.EDIT_CASES)
        or actor.has_role_permission(Permission.SUPERVISE_PROTECTION)
    ):
        raise PermissionDenied(_("Your role does not allow this."))
    if screening.organisation_id != actor.organisation_id:
        raise NotFound(_("Not found."))
    if priority not in Priority.values:
        raise ApplicationError(_("Unknown priority."), extra={"code": "priority"})
    fields = list(dict.fromkeys(shared_fields))
    unknown = [f for f in fields if f not in SHAREABLE_FIELDS]
    if unknown or not fields:
        raise ApplicationError(
            _("Choose the fields to share among: %(fields)s.")
            % {"fields": ", ".join(SHAREABLE_FIELDS)},
            extra={"code": "shared_fields"},
        )
    if service is not None:
        if service.status != ServiceStatus.PUBLISHED and service.organisation_id != (
            actor.organisation_id
        ):
            raise NotFound(_("No such service."))
        recipient = service.organisation
    elif organisation is not None:
        recipient = organisation
    else:
        raise ApplicationError(_("Name the service or the organisation to refer to."))
    from waypost.screening.selectors import age_view_of

    is_child = age_view_of(screening.person, today=timezone.localdate()).is_child
    # The firewall first: whatever the person agreed to, it does not move.
    referral_firewall(recipient=recipient, service=service, is_child=is_child, shared_fields=fields)
    consent_row = _referral_consent(
        actor, screening, is_child, fields, consent or {}, override_reason
    )
    now = timezone.now()
    referral = Referral(
        organisation_id=screening.organisation_id,
        data_category=DataCategory.PROTECTION,
        screening=screening,
        recipient=recipient,
        service=service,
        priority=priority,
        due_at=now + timedelta(hours=referral_hours()[priority]),
        shared_fields=fields,
        consent_id=consent_row.pk if consent_row else None,
        consent_purposes=sorted(set((consent or {}).get("purposes") or [])),
        consent_date=(consent or {}).get("date") if consent_row else None,
        created_by=actor,
    )
    referral.consent_given_by = str((consent or {}).get("given_by", "")) if consent_row else ""
    referral.override_reason = override_reason.strip() if consent_row is None else ""
    referral.reason = without_bidi_controls(note).strip()
    referral.save()
    audit_record(
        actor=actor,
        action="waypost.screening.referral.created",
        record=referral,
        fields=fields,
        purpose=PURPOSE,
        detail={
            "organisation_id": recipient.pk,
            "recipient": recipient.slug,
            "service": service.pk if service else None,
            "priority": priority,
            "consent": consent_row.pk if consent_row else None,
        },
    )
    if consent_row is None:
        audit_record(
            actor=actor,
            action="waypost.screening.referral.consent_overridden",
            record=referral,
            purpose=PURPOSE,
            detail={"organisation_id": recipient.pk},
        )
    return referral


def _referral_consent(
    actor: User,
    screening: Screening,
    is_child: bool,
    fields: list[str],
    consent: dict[str, Any],
    override_reason: str,
) -> Any:
    if not consent:
        if override_reason.strip() and actor.has_role_permission(Permission.SUPERVISE_PROTECTION):
            return None
        raise ApplicationError(
            _(
                "A referral needs the person's consent (a guardian's for a child) to the "
                "purpose and the fields shared."
            ),
            extra={"code": "consent"},
        )
    given_by = str(consent.get("given_by") or "").strip()
    purposes = list(consent.get("purposes") or [])
    named = consent.get("fields")
    if not given_by or PURPOSE not in purposes:
        raise ApplicationError(
            _("The consent must say who gave it and name the purpose %(purpose)s.")
            % {"purpose": PURPOSE},
            extra={"code": "consent"},
        )
    unknown = [p for p in purposes if p not in Purpose.values]
    if unknown:
        raise ApplicationError(
            _("Unknown purposes: %(purposes)s.") % {"purposes": ", ".join(unknown)},
            extra={"code": "consent"},
        )
    if named is not None and not set(fields) <= set(named):
        raise ApplicationError(
            _("The consent does not name every field to share."), extra={"code": "consent"}
        )
    method = consent.get("method") or (ConsentMethod.GUARDIAN if is_child else ConsentMethod.ORAL)
    if method not in ConsentMethod.values:
        raise ApplicationError(_("Unknown way of giving consent."), extra={"code": "consent"})
    row = None
    for purpose in purposes:
        recorded = consent_record(
            actor=actor,
            organisation=screening.organisation,
            subject_type=PERSON_CONSENT_SUBJECT,
            subject_id=screening.person_id,
            purpose=purpose,
            method=method,
            language=screening.language or (actor.preferred_language or "en"),
            is_child=is_child,
            guardian_or_decision=given_by if is_child else "",
        )
        if purpose == PURPOSE:
            row = recorded
    return row


STEPS = {
    # step: (who acts, states it starts from, state it leads to)
    "accept": ("recipient", {ReferralStatus.IN_PROGRESS}, ReferralStatus.ACCEPTED),
    "reject": ("recipient", {ReferralStatus.IN_PROGRESS}, ReferralStatus.REJECTED),
    "done": ("recipient", {ReferralStatus.ACCEPTED}, ReferralStatus.DONE),
    "revoke": (
        "sender",
        {ReferralStatus.IN_PROGRESS, ReferralStatus.ACCEPTED},
        ReferralStatus.REVOKED,
    ),
}


@transaction.atomic
def referral_step(*, actor: User, referral: Referral, step: str, text: str = "") -> Referral:
    """Accept, reject (with a reason), mark done (with the outcome) or revoke (the sender)."""
    if step not in STEPS:
        raise NotFound(_("Not found."))
    _require(actor, Permission.EDIT_CASES)
    party, starts, leads_to = STEPS[step]
    party_id = referral.recipient_id if party == "recipient" else referral.organisation_id
    if actor.organisation_id != party_id:
        raise PermissionDenied(
            _("Only the receiving organisation can do this.")
            if party == "recipient"
            else _("Only the organisation that sent the referral can revoke it.")
        )
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status not in starts:
        raise ApplicationError(
            _("This referral is %(status)s: it cannot be changed that way.")
            % {"status": referral.get_status_display()},
            extra={"code": "state"},
        )
    text = without_bidi_controls(text).strip()
    if step == "reject" and not text:
        raise ApplicationError(_("Give the reason for rejecting the referral."))
    now = timezone.now()
    referral.status = leads_to
    if step in ("accept", "reject"):
        referral.answered_at = now
    if step == "reject":
        referral.reason = text
    if step == "done":
        referral.done_at = now
        referral.outcome = text
    if step == "revoke":
        referral.revoked_at = now
    referral.save()
    audit_record(
        actor=actor,
        action=f"waypost.screening.referral.{leads_to}",
        record=referral,
        purpose=PURPOSE,
        detail={"organisation_id": referral.organisation_id, "recipient": referral.recipient_id},
    )
    return referral


# Age assessment -------------------------------------------------------------------------


@transaction.atomic
def age_assessment_save(
    *,
    actor: User,
    person: Person,
    assessment: AgeAssessment | None = None,
    status: str = AssessmentStatus.PENDING,
    methods: list[str] | None = None,
    documents: list[str] | None = None,
    professionals: list[str] | None = None,
    age_min: int | None = None,
    age_max: int | None = None,
    notified_on: date | None = None,
    appeal: str = "",
) -> AgeAssessment:
    """Record or update an age assessment; the age the person gave is never changed."""
    _require(actor, Permission.EDIT_CASES)
    if person.organisation_id != actor.organisation_id:
        raise NotFound(_("Not found."))
    if status not in AssessmentStatus.values:
        raise ApplicationError(_("Unknown assessment status."))
    if age_min is not None and age_max is not None and age_min > age_max:
        raise ApplicationError(_("The lowest age of the range is above the highest."))
    if status == AssessmentStatus.COMPLETED and age_min is None:
        raise ApplicationError(_("A completed assessment gives its result as a range of ages."))
    created = assessment is None
    if assessment is None:
        assessment = AgeAssessment(
            organisation_id=person.organisation_id,
            data_category=DataCategory.PROTECTION,
            person=person,
            recorded_by=actor,
        )
    if assessment.status == AssessmentStatus.COMPLETED and status == AssessmentStatus.PENDING:
        raise ApplicationError(_("A completed assessment cannot be reopened; record a new one."))
    assessment.status = status
    if methods is not None:
        assessment.methods = list(dict.fromkeys(methods))
    if documents is not None:
        assessment.documents = clean_text_values(list(documents))
    if professionals is not None:
        assessment.professionals = clean_text_values(list(professionals))
    if age_min is not None:
        assessment.age_min = age_min
    if age_max is not None:
        assessment.age_max = age_max
    if status == AssessmentStatus.COMPLETED and assessment.decided_on is None:
        assessment.decided_on = timezone.localdate()
    if notified_on is not None:
        assessment.notified_on = notified_on
    if appeal:
        assessment.appeal = without_bidi_controls(appeal).strip()
    assessment.save()
    audit_record(
        actor=actor,
        action="waypost.screening.age_assessment." + ("created" if created else "updated"),
        record=assessment,
        purpose=PURPOSE,
        detail={"person": person.pk, "status": status},
    )
    return assessment


# Children -------------------------------------------------------------------------------

BIA_PARTS = ("care_arrangement", "family", "wishes", "risks", "interventions")


def _child_of(actor: User, person: Person) -> None:
    if person.organisation_id != actor.organisation_id:
        raise NotFound(_("Not found."))


@transaction.atomic
def bia_submit(*, actor: User, person: Person, content: dict[str, str]) -> BestInterestsAssessment:
    """A best-interests assessment at first contact, waiting for a supervisor's approval."""
    _require(actor, Permission.EDIT_CASES)
    _child_of(actor, person)
    if not str(content.get("wishes", "")).strip():
        raise ApplicationError(_("Record what the child said: the child's wishes are heard."))
    bia = BestInterestsAssessment(
        organisation_id=person.organisation_id,
        data_category=DataCategory.PROTECTION,
        person=person,
        submitted_by=actor,
    )
    bia.content = clean_text_values({part: str(content.get(part, "")) for part in BIA_PARTS})
    bia.save()
    audit_record(
        actor=actor,
        action="waypost.screening.bia.submitted",
        record=bia,
        purpose=PURPOSE,
        detail={"person": person.pk},
    )
    return bia


@transaction.atomic
def bia_decide(
    *, actor: User, bia: BestInterestsAssessment, approve: bool, comment: str = ""
) -> BestInterestsAssessment:
    """A supervisor, never the author, approves the assessment or returns it."""
    _require(actor, Permission.SUPERVISE_PROTECTION)
    if bia.organisation_id != actor.organisation_id:
        raise NotFound(_("Not found."))
    if bia.submitted_by_id == actor.pk:
        raise PermissionDenied(_("Someone other than its author approves an assessment."))
    if bia.state != AssessmentState.SUBMITTED:
        raise ApplicationError(_("This assessment was already decided."))
    bia.state = AssessmentState.APPROVED if approve else AssessmentState.RETURNED
    bia.decided_by, bia.decided_at = actor, timezone.now()
    bia.comment = without_bidi_controls(comment).strip()
    bia.save()
    audit_record(
        actor=actor,
        action=f"waypost.screening.bia.{bia.state}",
        record=bia,
        purpose=PURPOSE,
        detail={"person": bia.person_id},
    )
    return bia


@transaction.atomic
def bid_record(
    *,
    actor: User,
    person: Person,
    decided_on: date,
    members: list[str],
    evidence: str,
    decision: str,
    reasons: str,
    review_on: date | None = None,
) -> BestInterestsDetermination:
    """A panel's best-interests determination (at least three members, a decision, reasons)."""
    _require(actor, Permission.EDIT_CASES)
    _child_of(actor, person)
    members = [m.strip() for m in members if m.strip()]
    if len(members) < 3:
        raise ApplicationError(_("A best-interests panel has at least three members."))
    if not decision.strip() or not reasons.strip():
        raise ApplicationError(_("Record the panel's decision and its reasons."))
    bid = BestInterestsDetermination(
        organisation_id=person.organisation_id,
        data_category=DataCategory.PROTECTION,
        person=person,
        decided_on=decided_on,
        review_on=review_on,
        recorded_by=actor,
    )
    bid.members = clean_text_values(members)
    bid.evidence = without_bidi_controls(evidence).strip()
    bid.decision = without_bidi_controls(decision).strip()
    bid.reasons = without_bidi_controls(reasons).strip()
    bid.save()
    audit_record(
        actor=actor,
        action="waypost.screening.bid.recorded",
        record=bid,
        purpose=PURPOSE,
        detail={"person": person.pk},
    )
    return bid


@transaction.atomic
def guardian_appoint(
    *, actor: User, case: ChildCase, guardian: str, appointed_on: date
) -> ChildCase:
    _require(actor, Permission.EDIT_CASES)
    if case.organisation_id != actor.organisation_id:
        raise NotFound(_("Not found."))
    if not guardian.strip():
        raise ApplicationError(_("Name the guardian."))
    case.guardian = without_bidi_controls(guardian).strip()
    case.guardian_appointed_on = appointed_on
    case.save()
    audit_record(
        actor=actor,
        action="waypost.screening.guardian.appointed",
        record=case,
        purpose=PURPOSE,
        detail={"person": case.person_id},
    )
    return case


def organisation_for_referral(slug: str) -> Organisation:
    try:
        return account_selectors.organisation_get(slug=slug)
    except NotFound as exc:
        raise ApplicationError(
            _("No organisation with the short name %(slug)s.") % {"slug": slug},
            extra={"errors": {"organisation": [slug]}},
        ) from exc


def overdue_reminders_send(*, referrals: list[Referral]) -> int:
    """Remind each receiving organisation's caseworkers of its overdue referrals.

    The message says how many referrals wait and where to answer them, never whom they are
    about (a mailbox may be read by someone else); returns how many messages were sent.
    """
    from django.core.mail import send_mail

    from waypost.accounts.notifications import recipient_language

    waiting: dict[int, int] = {}
    for referral in referrals:
        waiting[referral.recipient_id] = waiting.get(referral.recipient_id, 0) + 1
    sent = 0
    for organisation_id, count in waiting.items():
        for person in User.objects.filter(organisation_id=organisation_id, is_active=True):
            if not person.email or not person.has_role_permission(Permission.EDIT_CASES):
                continue
            with recipient_language(person):
                send_mail(
                    _("Waypost: referrals waiting for your answer"),
                    ngettext(
                        "%(count)s referral sent to your organisation is past the time its "
                        "priority allows for an answer. Open the referrals received in "
                        "Waypost to accept or reject it.",
                        "%(count)s referrals sent to your organisation are past the time "
                        "their priority allows for an answer. Open the referrals received in "
                        "Waypost to accept or reject them.",
                        count,
                    )
                    % {"count": count},
                    None,
                    [person.email],
                )
            sent += 1
    return sent


# Transfers ------------------------------------------------------------------------------

OPEN_REFERRAL = (ReferralStatus.IN_PROGRESS, ReferralStatus.ACCEPTED)


def _case_rows(person: Person) -> list[ProtectedRecord]:
    """The person and every record about them that moves with the case."""
    screenings = list(Screening.objects.filter(person=person))
    rows: list[ProtectedRecord] = [person, *screenings]
    rows += Referral.objects.filter(
        screening__in=screenings, organisation_id=person.organisation_id
    )
    rows += AgeAssessment.objects.filter(person=person)
    rows += ChildCase.objects.filter(person=person)
    rows += BestInterestsAssessment.objects.filter(person=person)
    rows += BestInterestsDetermination.objects.filter(person=person)
    return rows


def _transfer_open_referrals(person: Person) -> None:
    if Referral.objects.filter(
        screening__person=person, organisation_id=person.organisation_id, status__in=OPEN_REFERRAL
    ).exists():
        raise ApplicationError(
            _(
                "This person has referrals still open: revoke them or wait until they are "
                "done before transferring the case."
            ),
            extra={"code": "open_referrals"},
        )


def transfer_firewall(recipient: Organisation) -> None:
    """A transfer hands over everything (protection concerns, health, trafficking indicators,
    a child's whole case): never to law enforcement or a border authority, whatever the
    consent (raises ``FirewallError``)."""
    if recipient.is_enforcement:
        raise FirewallError(
            _("A case is never transferred to law enforcement or a border authority.")
        )


@transaction.atomic
def transfer_request(
    *,
    actor: User,
    person: Person,
    recipient: Organisation,
    consent: dict[str, Any] | None = None,
    override_reason: str = "",
    note: str = "",
) -> Transfer:
    """Ask another organisation to take over a person's case.

    The firewall first, then the person's consent (a guardian's for a child) to the purpose
    ``protection_referral`` and every field, or a supervisor's override with a reason,
    audited as for referrals. Referrals still open must be closed first. The receiver
    sees who sends and when, whether the person is a child and the sender's note until it
    accepts; nothing moves before then.
    """
    if not (
        actor.has_role_permission(Permission.EDIT_CASES)
        or actor.has_role_permission(Permission.SUPERVISE_PROTECTION)
    ):
        raise PermissionDenied(_("Your role does not allow this."))
    if person.organisation_id != actor.organisation_id:
        raise NotFound(_("Not found."))
    if recipient.pk == person.organisation_id:
        raise ApplicationError(_("The case already belongs to this organisation."))
    transfer_firewall(recipient)
    if Transfer.objects.filter(person=person, status=TransferStatus.PENDING).exists():
        raise ApplicationError(
            _("A transfer of this case is already waiting for an answer."),
            extra={"code": "state"},
        )
    _transfer_open_referrals(person)
    from waypost.screening.selectors import age_view_of, latest_screening_of

    screening = latest_screening_of(person)
    if screening is None:
        raise ApplicationError(_("Screen the person before transferring the case."))
    is_child = age_view_of(person, today=timezone.localdate()).is_child
    consent_row = _referral_consent(
        actor, screening, is_child, list(SHAREABLE_FIELDS), consent or {}, override_reason
    )
    transfer = Transfer(
        organisation_id=person.organisation_id,
        data_category=DataCategory.PROTECTION,
        person=person,
        recipient=recipient,
        is_child=is_child,
        consent_id=consent_row.pk if consent_row else None,
        consent_date=(consent or {}).get("date") if consent_row else None,
        created_by=actor,
    )
    transfer.consent_given_by = str((consent or {}).get("given_by", "")) if consent_row else ""
    transfer.note = without_bidi_controls(note).strip()
    transfer.save()
    audit_record(
        actor=actor,
        action="waypost.screening.transfer.requested",
        record=transfer,
        purpose=PURPOSE,
        detail={
            "organisation_id": recipient.pk,
            "recipient": recipient.slug,
            "person": person.pk,
            "consent": consent_row.pk if consent_row else None,
        },
    )
    if consent_row is None:
        audit_record(
            actor=actor,
            action="waypost.screening.transfer.consent_overridden",
            record=transfer,
            purpose=PURPOSE,
            detail={"organisation_id": recipient.pk, "reason_given": bool(override_reason)},
        )
    return transfer


TRANSFER_STEPS = {
    # step: (who acts, state it leads to)
    "accept": ("recipient", TransferStatus.ACCEPTED),
    "reject": ("recipient", TransferStatus.REJECTED),
    "cancel": ("sender", TransferStatus.CANCELLED),
}


@transaction.atomic
def transfer_step(*, actor: User, transfer: Transfer, step: str, text: str = "") -> Transfer:
    """The receiver accepts (the case moves and is sealed again with its key) or rejects
    (with a reason); the sender cancels. Only a transfer waiting for an answer moves."""
    if step not in TRANSFER_STEPS:
        raise NotFound(_("Not found."))
    _require(actor, Permission.EDIT_CASES)
    party, leads_to = TRANSFER_STEPS[step]
    party_id = transfer.recipient_id if party == "recipient" else transfer.organisation_id
    if actor.organisation_id != party_id:
        raise PermissionDenied(
            _("Only the receiving organisation can do this.")
            if party == "recipient"
            else _("Only the organisation that asked for the transfer can cancel it.")
        )
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status != TransferStatus.PENDING:
        raise ApplicationError(
            _("This transfer is %(status)s: it cannot be changed that way.")
            % {"status": transfer.get_status_display()},
            extra={"code": "state"},
        )
    text = without_bidi_controls(text).strip()
    if step == "reject" and not text:
        raise ApplicationError(_("Give the reason for rejecting the transfer."))
    moved: dict[str, list[int]] = {}
    if step == "accept":
        moved = _transfer_move(transfer)
    transfer.status = leads_to
    transfer.answered_at = timezone.now()
    if step == "reject":
        transfer.reason = text
    transfer.moved = {label: len(ids) for label, ids in moved.items()}
    transfer.save()
    other_side = transfer.organisation_id if party == "recipient" else transfer.recipient_id
    audit_record(
        actor=actor,
        action=f"waypost.screening.transfer.{leads_to}",
        record=transfer,
        purpose=PURPOSE,
        detail={"organisation_id": other_side, "person": transfer.person_id, "records": moved},
    )
    return transfer


def _transfer_move(transfer: Transfer) -> dict[str, list[int]]:
    """Give the person's case to the receiver: every row re-sealed with its key."""
    recipient = Organisation.objects.get(pk=transfer.recipient_id)
    transfer_firewall(recipient)  # its kind may have changed since the request
    person = Person.objects.select_for_update().get(pk=transfer.person_id)
    if person.organisation_id != transfer.organisation_id:
        raise ApplicationError(_("The case no longer belongs to the sender."))
    if transfer.consent_id is not None and not consent_allows(
        subject_type=PERSON_CONSENT_SUBJECT, subject_id=person.pk, purpose=PURPOSE
    ):
        raise ApplicationError(
            _("The person has withdrawn the consent this transfer rests on."),
            extra={"code": "consent"},
        )
    _transfer_open_referrals(person)
    moved: dict[str, list[int]] = {}
    for row in _case_rows(person):
        reseal_for_owner(row, recipient.pk)
        if isinstance(row, Screening):
            # The tracing record linked stays the sender's; the receiver cannot open it.
            row.tracing_link = ""
        row.save()
        moved.setdefault(row._meta.label_lower, []).append(row.pk)
    return moved
