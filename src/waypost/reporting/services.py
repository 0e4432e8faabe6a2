"""Writes for confidential reporting: submission, follow-up, handling and documentation.

Reporter-side services take no actor: reporters have no account, and nothing about them
(address, browser, time of day) reaches these functions. Handler-side services take the
signed-in ``actor`` and check their role and organisation themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypost.accounts.models import Organisation, User
from waypost.accounts.roles import Permission
from waypost.core.attachments import (
    MAX_ATTACHMENTS_PER_SUBMISSION,
    CleanFile,
    attachment_clean,
)
from waypost.core.exceptions import ApplicationError, NotFound, PermissionDenied
from waypost.core.validators import without_bidi_controls
from waypost.reporting import vocabularies as v
from waypost.reporting.conf import retention_days
from waypost.reporting.models import (
    Act,
    Event,
    IdentityDisclosure,
    Intervention,
    Perpetrator,
    Report,
    ReportAttachment,
    ReportingChannel,
    ReportMessage,
    Sender,
    Source,
    Victim,
)
from waypost.reporting.privacy import today
from waypost.reporting.protection import audit, firewall_allows_reports
from waypost.reporting.receipts import receipt_hash, receipt_new

LANGUAGES = ("en", "fr", "es", "ar")


class RecipientRefused(ApplicationError):
    """The chosen recipient may not receive reports (the firewall, or not accepting)."""

    status_code = 400


@dataclass(frozen=True)
class Submission:
    """What a reporter sends; validated by the form or serializer before it gets here."""

    recipient_slug: str
    what_happened: str
    where: str
    when: str  # a partial ISO date (2025, 2025-03, 2025-03-14), or "" if not known
    language: str
    country: str = ""
    harmed: list[str] = field(default_factory=list)
    harmed_count: int | None = None
    perpetrator: str = v.PerpetratorCategory.UNKNOWN
    simple_wording: bool = False
    identity_name: str = ""
    identity_contact: str = ""
    attachments: list[bytes] = field(default_factory=list)
    when_text: str = ""  # when, in the reporter's own words ("last week"), kept as written


M = TypeVar("M", bound=models.Model)


def _create(model: type[M], sealed_values: dict[str, Any], **fields: Any) -> M:
    """Create a row, setting its sealed properties once its organisation is known."""
    obj = model(**fields)
    for name, value in sealed_values.items():
        setattr(obj, name, value)
    obj.save(force_insert=True)
    return obj


def _expiry(day: date) -> date:
    return day + timedelta(days=retention_days())


def recipient_check(*, slug: str, country: str) -> tuple[Organisation, str]:
    """The organisation under ``slug`` if it may receive a report about ``country``, and
    the country (ISO alpha-3) the report is filed under.

    A reporter may leave the country out when the recipient's channel leaves no doubt: it
    receives reports about one country only, or about its own country among others.

    Law-enforcement and border-authority organisations are refused whatever their
    settings: the firewall between protection and enforcement. An organisation receives
    reports only for the countries its channel names (its mandate or field presence); the
    web form offers only those, and the API must not be a way round that choice.
    """
    organisation = Organisation.objects.filter(slug=slug, is_active=True).first()
    if organisation is None:
        raise RecipientRefused(_("There is no organisation with this name that receives reports."))
    if not firewall_allows_reports(organisation):
        raise RecipientRefused(
            _(
                "Reports can never be sent to the police, border authorities or other law-enforcement bodies. Choose a human rights institution, an ombudsperson or an independent organisation."
            ),
            extra={"code": "firewall"},
        )
    channel = ReportingChannel.objects.filter(organisation=organisation).first()
    if channel is None or not channel.accepts_reports:
        raise RecipientRefused(_("This organisation does not receive reports."))
    country = country.strip().upper()
    if not country:
        if len(channel.countries) == 1:
            country = channel.countries[0]
        elif organisation.country in channel.countries:
            country = organisation.country
        else:
            raise RecipientRefused(
                _(
                    "Say in which country it happened: this organisation receives reports about several countries (%(countries)s)."
                )
                % {"countries": ", ".join(sorted(channel.countries))},
                extra={"code": "country"},
            )
    if country not in channel.countries:
        raise RecipientRefused(
            _(
                "This organisation does not receive reports about this country. Choose one of the organisations listed for the country."
            ),
            extra={"code": "country"},
        )
    return organisation, country


def _clean_files(files: list[bytes]) -> list[CleanFile]:
    if len(files) > MAX_ATTACHMENTS_PER_SUBMISSION:
        raise ApplicationError(_("You can attach at most 5 files at a time."))
    return [attachment_clean(data) for data in files]


def _add_attachments(report: Report, files: list[CleanFile], sender: str) -> None:
    for clean in files:
        _create(
            ReportAttachment,
            {"content": clean.content},
            report=report,
            sender=sender,
            content_type=clean.content_type,
            size=clean.size,
            added_on=today(),
        )


def report_submit(*, submission: Submission) -> tuple[Report, str]:
    """Store a new report encrypted for its recipient; return it and its receipt (shown once).

    The slow parts (the receipt's scrypt hash, cleaning images) run before the transaction:
    on SQLite a writing transaction holds the database's one write lock from its start,
    and every other reporter would wait for them.
    """
    organisation, country = recipient_check(
        slug=submission.recipient_slug, country=submission.country
    )
    if submission.language not in LANGUAGES:
        raise ApplicationError(_("Unknown language."))
    if submission.perpetrator not in v.PerpetratorCategory.values:
        raise ApplicationError(_("Unknown kind of perpetrator."))
    when_text = without_bidi_controls(submission.when_text).strip()
    if not submission.when and not when_text:
        raise ApplicationError(_("Say when it happened: a date, or in your own words."))
    files = _clean_files(submission.attachments)
    day = today()
    content: dict[str, Any] = {
        "what_happened": without_bidi_controls(submission.what_happened).strip(),
        "where": without_bidi_controls(submission.where).strip(),
        "country": country,
        "when": submission.when,
        "when_text": when_text,
        "harmed": list(submission.harmed),
        "harmed_count": submission.harmed_count,
        "perpetrator": submission.perpetrator,
        "language": submission.language,
        "simple_wording": submission.simple_wording,
    }
    name = without_bidi_controls(submission.identity_name).strip()
    contact = without_bidi_controls(submission.identity_contact).strip()
    identity = {"name": name, "contact": contact} if name or contact else None
    receipt = receipt_new()
    hashed = receipt_hash(receipt)
    with transaction.atomic():
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    report = _create(
                        Report,
                        {"content": content, "identity": identity},
                        organisation=organisation,
                        receipt_hash=hashed,
                        submitted_on=day,
                        updated_on=day,
                        expires_on=_expiry(day),
                        has_identity=identity is not None,
                    )
                break
            except IntegrityError:  # a receipt collision: one in 10^16 per report
                receipt = receipt_new()
                hashed = receipt_hash(receipt)
        else:  # pragma: no cover - astronomically unlikely
            raise ApplicationError(_("Please try again."))
        _add_attachments(report, files, Sender.REPORTER)
        audit(
            actor=None,
            action="waypost.report.submitted",
            report=report,
            fields=[
                "content",
                *(["identity"] if identity else []),
                *(["attachments"] if files else []),
            ],
        )
    return report, receipt


def _reporter_touched(report: Report) -> None:
    report.updated_on = today()
    report.awaiting_handler = True
    report.expires_on = max(report.expires_on, _expiry(report.updated_on))
    report.save(update_fields=["updated_on", "awaiting_handler", "expires_on"])


@transaction.atomic
def reporter_message_add(*, report: Report, body: str) -> ReportMessage:
    if report.status == v.ReportStatus.CLOSED:
        raise ApplicationError(_("This report is closed; you can send a new report instead."))
    body = without_bidi_controls(body).strip()
    if not body:
        raise ApplicationError(_("The message is empty."))
    message = _create(
        ReportMessage, {"body": body}, report=report, sender=Sender.REPORTER, sent_on=today()
    )
    _reporter_touched(report)
    audit(
        actor=None, action="waypost.report.reporter_message_added", report=report, fields=["body"]
    )
    return message


@transaction.atomic
def reporter_evidence_add(*, report: Report, attachments: list[bytes]) -> int:
    if report.status == v.ReportStatus.CLOSED:
        raise ApplicationError(_("This report is closed; you can send a new report instead."))
    files = _clean_files(attachments)
    if not files:
        raise ApplicationError(_("Choose at least one file."))
    _add_attachments(report, files, Sender.REPORTER)
    _reporter_touched(report)
    audit(actor=None, action="waypost.report.evidence_added", report=report, fields=["attachments"])
    return len(files)


# Handler side


def _require_handler(actor: User, report: Report) -> None:
    if not actor.has_role_permission(Permission.HANDLE_REPORTS):
        raise PermissionDenied(_("Only people who handle reports can do this."))
    if report.organisation_id != actor.organisation_id:
        raise NotFound(_("No such report."))


def _handler_touched(report: Report, *fields: str) -> None:
    report.updated_on = today()
    if not report.kept_for_case:
        report.expires_on = max(report.expires_on, _expiry(report.updated_on))
    report.save(update_fields=["updated_on", "expires_on", *fields])


@transaction.atomic
def handler_message_add(*, actor: User, report: Report, body: str) -> ReportMessage:
    _require_handler(actor, report)
    body = without_bidi_controls(body).strip()
    if not body:
        raise ApplicationError(_("The message is empty."))
    message = _create(
        ReportMessage,
        {"body": body},
        report=report,
        sender=Sender.HANDLER,
        author=actor,
        sent_on=today(),
    )
    report.awaiting_handler = False
    _handler_touched(report, "awaiting_handler")
    audit(
        actor=actor, action="waypost.report.handler_message_added", report=report, fields=["body"]
    )
    return message


@transaction.atomic
def report_triage(
    *, actor: User, report: Report, status: str, priority: str, kept_for_case: bool
) -> Report:
    _require_handler(actor, report)
    if status not in v.ReportStatus.values or priority not in v.Priority.values:
        raise ApplicationError(_("Unknown status or priority."))
    old = {
        "status": report.status,
        "priority": report.priority,
        "kept_for_case": report.kept_for_case,
    }
    report.status, report.priority, report.kept_for_case = status, priority, kept_for_case
    report.awaiting_handler = False
    _handler_touched(report, "status", "priority", "kept_for_case", "awaiting_handler")
    audit(
        actor=actor,
        action="waypost.report.triaged",
        report=report,
        fields=["status", "priority", "kept_for_case"],
        old=old,
        new={"status": status, "priority": priority, "kept_for_case": kept_for_case},
    )
    return report


@transaction.atomic
def report_outcome_set(*, actor: User, report: Report, outcome: str) -> Report:
    _require_handler(actor, report)
    if outcome not in v.Outcome.values:
        raise ApplicationError(_("Unknown outcome."))
    old = report.outcome
    report.outcome = outcome
    _handler_touched(report, "outcome")
    audit(
        actor=actor,
        action="waypost.report.outcome_set",
        report=report,
        fields=["outcome"],
        old={"outcome": old},
        new={"outcome": outcome},
    )
    return report


@transaction.atomic
def disclosure_request(*, actor: User, report: Report, reason: str) -> IdentityDisclosure:
    _require_handler(actor, report)
    if not report.has_identity:
        raise ApplicationError(_("The reporter did not give an identity."))
    if not reason.strip():
        raise ApplicationError(_("Give a reason."))
    disclosure = _create(
        IdentityDisclosure, {"reason": reason.strip()}, report=report, requested_by=actor
    )
    audit(
        actor=actor, action="waypost.report.identity_requested", report=report, fields=["identity"]
    )
    return disclosure


@transaction.atomic
def disclosure_decide(
    *, actor: User, disclosure: IdentityDisclosure, approve: bool
) -> IdentityDisclosure:
    """A custodian (a role with APPROVE_IDENTITY_DISCLOSURE) of the same organisation decides."""
    report = disclosure.report
    if not actor.has_role_permission(Permission.APPROVE_IDENTITY_DISCLOSURE):
        raise PermissionDenied(_("Only a custodian can approve the disclosure of an identity."))
    if report.organisation_id != actor.organisation_id:
        raise NotFound(_("No such request."))
    if disclosure.requested_by_id == actor.pk:
        raise PermissionDenied(_("Nobody can approve their own request."))
    if disclosure.approved is not None:
        raise ApplicationError(_("This request has already been decided."))
    disclosure.approved = approve
    disclosure.decided_by = actor
    disclosure.decided_at = timezone.now()
    disclosure.save(update_fields=["approved", "decided_by", "decided_at"])
    audit(
        actor=actor,
        action="waypost.report.identity_approved" if approve else "waypost.report.identity_refused",
        report=report,
        fields=["identity"],
        new={"disclosure": disclosure.pk, "requested_by": disclosure.requested_by_id},
    )
    return disclosure


# Documentation (HURIDOCS)


@transaction.atomic
def event_save(
    *,
    actor: User,
    report: Report,
    title: str,
    country: str,
    start_date: str,
    end_date: str = "",
    locality: str = "",
    description: str = "",
) -> Event:
    _require_handler(actor, report)
    event = Event.objects.filter(report=report).first() or Event(
        report=report, organisation_id=report.organisation_id
    )
    created = event.pk is None
    event.title, event.country, event.locality = title, country, locality
    event.start_date, event.end_date, event.description = start_date, end_date, description
    event.save()
    if report.status in (v.ReportStatus.RECEIVED, v.ReportStatus.IN_REVIEW):
        report.status = v.ReportStatus.DOCUMENTED
    _handler_touched(report, "status")
    audit(
        actor=actor,
        action="waypost.report.event_created" if created else "waypost.report.event_updated",
        report=report,
        fields=["title", "country", "locality", "start_date", "end_date", "description"],
    )
    return event


def _event(actor: User, report: Report) -> Event:
    _require_handler(actor, report)
    event = Event.objects.filter(report=report).first()
    if event is None:
        raise ApplicationError(_("Describe the event first."))
    return event


@transaction.atomic
def victim_add(
    *, actor: User, report: Report, label: str, sex: str, age_group: str, count: int
) -> Victim:
    event = _event(actor, report)
    victim = _create(
        Victim, {"label": label}, event=event, sex=sex, age_group=age_group, count=count
    )
    audit(
        actor=actor,
        action="waypost.report.victim_added",
        report=report,
        fields=["label", "sex", "age_group", "count"],
    )
    return victim


@transaction.atomic
def perpetrator_add(
    *, actor: User, report: Report, category: str, authority_kind: str = "", description: str = ""
) -> Perpetrator:
    event = _event(actor, report)
    if category != v.PerpetratorCategory.AUTHORITY:
        authority_kind = ""
    perpetrator = _create(
        Perpetrator,
        {"description": description},
        event=event,
        category=category,
        authority_kind=authority_kind,
    )
    audit(
        actor=actor,
        action="waypost.report.perpetrator_added",
        report=report,
        fields=["category", "authority_kind", "description"],
    )
    return perpetrator


@transaction.atomic
def act_add(
    *,
    actor: User,
    report: Report,
    violation_type: str,
    victim_id: int | None = None,
    perpetrator_id: int | None = None,
    date: str = "",
    notes: str = "",
) -> Act:
    event = _event(actor, report)
    if violation_type not in v.ViolationType.values:
        raise ApplicationError(_("Unknown violation type."))
    victim = event.victims.filter(pk=victim_id).first() if victim_id else None
    perpetrator = event.perpetrators.filter(pk=perpetrator_id).first() if perpetrator_id else None
    act = _create(
        Act,
        {"notes": notes},
        event=event,
        violation_type=violation_type,
        victim=victim,
        perpetrator=perpetrator,
        date=date,
    )
    audit(
        actor=actor,
        action="waypost.report.act_added",
        report=report,
        fields=["violation_type", "date", "notes"],
    )
    return act


@transaction.atomic
def source_add(
    *, actor: User, report: Report, kind: str, reliability: str, notes: str = ""
) -> Source:
    event = _event(actor, report)
    source = _create(Source, {"notes": notes}, event=event, kind=kind, reliability=reliability)
    audit(
        actor=actor,
        action="waypost.report.source_added",
        report=report,
        fields=["kind", "reliability", "notes"],
    )
    return source


@transaction.atomic
def intervention_add(
    *, actor: User, report: Report, kind: str, body: str, date: str, status: str, notes: str = ""
) -> Intervention:
    event = _event(actor, report)
    intervention = _create(
        Intervention,
        {"notes": notes},
        event=event,
        kind=kind,
        body=body,
        date=date,
        status=status,
    )
    if kind == v.InterventionKind.REFERRAL and report.status != v.ReportStatus.CLOSED:
        report.status = v.ReportStatus.REFERRED
        _handler_touched(report, "status")
    audit(
        actor=actor,
        action="waypost.report.intervention_added",
        report=report,
        fields=["kind", "body", "date", "status", "notes"],
    )
    return intervention


# Channels and expiry


@transaction.atomic
def channel_set(
    *,
    actor: User | None,
    organisation: Organisation,
    accepts_reports: bool,
    countries: list[str],
    publishes_statistics: bool = True,
) -> ReportingChannel:
    """Open or change an organisation's reporting channel (actor None: the command line)."""
    if actor is not None and (
        not actor.has_role_permission(Permission.MANAGE_MEMBERS)
        or actor.organisation_id != organisation.pk
    ):
        raise PermissionDenied(_("Only an admin of the organisation can change this."))
    if accepts_reports and not firewall_allows_reports(organisation):
        raise RecipientRefused(
            _("Law-enforcement and border-authority organisations can never receive reports.")
        )
    channel, _created = ReportingChannel.objects.update_or_create(
        organisation=organisation,
        defaults={
            "accepts_reports": accepts_reports,
            "countries": sorted({code.upper() for code in countries} or {organisation.country}),
            "publishes_statistics": publishes_statistics,
        },
    )
    return channel


@transaction.atomic
def reports_expire(*, on: date | None = None, dry_run: bool = False) -> int:
    """Delete reports past their expiry date that are not kept for a case."""
    day = on or today()
    due = Report.objects.filter(expires_on__lt=day, kept_for_case=False)
    count = due.count()
    if dry_run or not count:
        return count
    for report in due.iterator():
        audit(actor=None, action="waypost.report.expired", report=report, fields=["*"])
    due.delete()
    return count
