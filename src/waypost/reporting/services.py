"""Writes for confidential reporting: submission, follow-up, handling and documentation.

Reporter-side services take no actor: reporters have no account, and nothing about them
(address, browser, time of day) reaches these functions. Handler-side services take the
signed-in ``actor`` and check their role and organisation themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

import pycountry
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
from waypost.reporting.dates import PartialDateError, add_months, partial_date_parse
from waypost.reporting.models import (
    Act,
    CompetentBody,
    Event,
    EventLink,
    IdentityDisclosure,
    Intervention,
    Perpetrator,
    ProtectiveMeasure,
    Referral,
    ReferralResponse,
    Report,
    ReportAttachment,
    ReportingChannel,
    ReportMessage,
    ReportNotice,
    RiskAssessment,
    Sender,
    SharedEvent,
    Source,
    StatusChange,
    Transfer,
    Victim,
)
from waypost.reporting.notifications import notify
from waypost.reporting.privacy import today
from waypost.reporting.protection import audit, firewall_allows_reports
from waypost.reporting.receipts import receipt_hash, receipt_new

LANGUAGES = ("en", "fr", "es", "ar")

# The reporter's own answer at intake, as a first assessment of the risk of reprisal.
REPRISAL_FEAR = {
    "": v.RiskLevel.UNKNOWN,
    "yes": v.RiskLevel.HIGH,
    "no": v.RiskLevel.LOW,
    "unsure": v.RiskLevel.UNKNOWN,
}

# Outcomes recorded on the report that are a step of the reporter's history.
OUTCOME_HISTORY = {
    v.Outcome.INVESTIGATION_OPENED: v.HistoryStatus.INVESTIGATION_OPENED,
    v.Outcome.CHARGES: v.HistoryStatus.CHARGES,
    v.Outcome.REMEDY: v.HistoryStatus.REMEDY,
}

# What a competent body's answer means for the reporter's history.
RESPONSE_HISTORY = {
    v.BodyResponse.INVESTIGATION_OPENED: v.HistoryStatus.INVESTIGATION_OPENED,
    v.BodyResponse.CHARGES: v.HistoryStatus.CHARGES,
    v.BodyResponse.REMEDY: v.HistoryStatus.REMEDY,
}
RESPONSE_OUTCOME = {
    v.BodyResponse.ACKNOWLEDGED: v.Outcome.ACKNOWLEDGED,
    v.BodyResponse.INVESTIGATION_OPENED: v.Outcome.INVESTIGATION_OPENED,
    v.BodyResponse.CHARGES: v.Outcome.CHARGES,
    v.BodyResponse.REMEDY: v.Outcome.REMEDY,
    v.BodyResponse.CLOSED: v.Outcome.CLOSED,
}


def _policy(organisation_id: int) -> tuple[int, int]:
    """(days to acknowledge, months to give feedback) of the recipient's channel."""
    channel = ReportingChannel.objects.filter(organisation_id=organisation_id).first()
    if channel is None:
        return 7, 3
    return channel.acknowledge_days, channel.feedback_months


def _history(
    report: Report, status: str, *, body_kind: str = "", detail: str = "", day: date | None = None
) -> StatusChange:
    """One dated step the reporter will read (codes only: no author is stored)."""
    return StatusChange.objects.create(
        report=report, day=day or today(), status=status, body_kind=body_kind, detail=detail
    )


def _feedback_given(report: Report) -> tuple[str, ...]:
    """Mark that the reporter was told something (a reply, a step) after the acknowledgement;
    returns the field to save."""
    if report.acknowledged_on is None:
        return ()
    report.feedback_on = today()
    return ("feedback_on",)


def _safe_contact_clean(raw: dict[str, str] | None) -> dict[str, str] | None:
    if not raw:
        return None
    channel = str(raw.get("channel", "")).strip()
    if channel not in v.ContactChannel.values:
        raise ApplicationError(_("Unknown way of contacting you."))
    return {
        "channel": channel,
        "when": without_bidi_controls(str(raw.get("when", ""))).strip()[:300],
        "words": without_bidi_controls(str(raw.get("words", ""))).strip()[:300],
    }


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
    # Protection at intake: does the reporter fear reprisals ("yes", "no", "unsure" or ""),
    # and how may the organisation contact them outside the report's messages.
    reprisal_fear: str = ""
    safe_contact: dict[str, str] | None = None


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
    if submission.reprisal_fear not in REPRISAL_FEAR:
        raise ApplicationError(_("Unknown answer about reprisals."))
    safe_contact = _safe_contact_clean(submission.safe_contact)
    receipt = receipt_new()
    hashed = receipt_hash(receipt)
    acknowledge_days, feedback_months = _policy(organisation.pk)
    acknowledge_due = day + timedelta(days=acknowledge_days)
    with transaction.atomic():
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    report = _create(
                        Report,
                        {"content": content, "identity": identity, "safe_contact": safe_contact},
                        organisation=organisation,
                        receipt_hash=hashed,
                        submitted_on=day,
                        updated_on=day,
                        expires_on=_expiry(day),
                        has_identity=identity is not None,
                        acknowledge_due_on=acknowledge_due,
                        feedback_due_on=add_months(acknowledge_due, feedback_months),
                    )
                break
            except IntegrityError:  # a receipt collision: one in 10^16 per report
                receipt = receipt_new()
                hashed = receipt_hash(receipt)
        else:  # pragma: no cover - astronomically unlikely
            raise ApplicationError(_("Please try again."))
        _add_attachments(report, files, Sender.REPORTER)
        _history(report, v.HistoryStatus.RECEIVED, day=day)
        if submission.reprisal_fear:
            RiskAssessment.objects.create(
                report=report,
                level=REPRISAL_FEAR[submission.reprisal_fear],
                at_intake=True,
                assessed_on=day,
                review_on=acknowledge_due,
            )
        audit(
            actor=None,
            action="waypost.report.submitted",
            report=report,
            fields=[
                "content",
                *(["identity"] if identity else []),
                *(["attachments"] if files else []),
                *(["reprisal_fear"] if submission.reprisal_fear else []),
                *(["safe_contact"] if safe_contact else []),
            ],
        )
        notify(report=report, kind=v.NoticeKind.NEW)
    return report, receipt


def _reporter_touched(report: Report) -> None:
    report.updated_on = today()
    report.awaiting_handler = True
    report.expires_on = max(report.expires_on, _expiry(report.updated_on))
    report.save(update_fields=["updated_on", "awaiting_handler", "expires_on"])
    notify(report=report, kind=v.NoticeKind.UPDATED)


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
    _handler_touched(report, "awaiting_handler", *_feedback_given(report))
    audit(
        actor=actor, action="waypost.report.handler_message_added", report=report, fields=["body"]
    )
    return message


@transaction.atomic
def report_triage(
    *,
    actor: User,
    report: Report,
    status: str,
    priority: str,
    kept_for_case: bool,
    closed_reason: str = "",
) -> Report:
    _require_handler(actor, report)
    if status not in v.ReportStatus.values or priority not in v.Priority.values:
        raise ApplicationError(_("Unknown status or priority."))
    old = {
        "status": report.status,
        "priority": report.priority,
        "kept_for_case": report.kept_for_case,
    }
    if status == v.ReportStatus.CLOSED and old["status"] != v.ReportStatus.CLOSED:
        if closed_reason and closed_reason not in v.ClosedReason.values:
            raise ApplicationError(_("Unknown reason for closing."))
        _history(report, v.HistoryStatus.CLOSED, detail=closed_reason)
    report.status, report.priority, report.kept_for_case = status, priority, kept_for_case
    report.awaiting_handler = False
    _handler_touched(
        report,
        "status",
        "priority",
        "kept_for_case",
        "awaiting_handler",
        *(_feedback_given(report) if status == v.ReportStatus.CLOSED else ()),
    )
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
    step = OUTCOME_HISTORY.get(v.Outcome(outcome))
    if step is not None and outcome != old:
        _history(report, step)
    _handler_touched(report, "outcome", *(_feedback_given(report) if step else ()))
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


# Handling: assignment, acknowledgement, deadlines and reminders


def _handler_of(organisation_id: int, user: User) -> None:
    if user.organisation_id != organisation_id or not user.has_role_permission(
        Permission.HANDLE_REPORTS
    ):
        raise ApplicationError(_("Choose someone of your organisation who handles reports."))


@transaction.atomic
def report_assign(*, actor: User, report: Report, assignee: User | None) -> Report:
    """Give the report to a handler of the organisation (None: back to everyone)."""
    _require_handler(actor, report)
    if assignee is not None:
        _handler_of(report.organisation_id, assignee)
    old = report.assigned_to_id
    report.assigned_to = assignee
    _handler_touched(report, "assigned_to")
    audit(
        actor=actor,
        action="waypost.report.assigned",
        report=report,
        fields=["assigned_to"],
        old={"assigned_to": old},
        new={"assigned_to": assignee.pk if assignee else None},
    )
    if assignee is not None and assignee.pk != actor.pk:
        notify(report=report, kind=v.NoticeKind.ASSIGNED, users=[assignee])
    return report


@transaction.atomic
def report_acknowledge(*, actor: User, report: Report) -> Report:
    """Tell the reporter the report was read (once); feedback is then due within the
    recipient's months (3 by default) of this day."""
    _require_handler(actor, report)
    if report.acknowledged_on is not None:
        return report
    day = today()
    _acknowledge_days, feedback_months = _policy(report.organisation_id)
    report.acknowledged_on = day
    report.feedback_due_on = add_months(day, feedback_months)
    if report.status == v.ReportStatus.RECEIVED:
        report.status = v.ReportStatus.IN_REVIEW
    report.awaiting_handler = False
    _handler_touched(report, "acknowledged_on", "feedback_due_on", "status", "awaiting_handler")
    _history(report, v.HistoryStatus.ACKNOWLEDGED, day=day)
    audit(actor=actor, action="waypost.report.acknowledged", report=report, fields=["status"])
    return report


def _overdue_kind(report: Report, day: date) -> str:
    if report.status == v.ReportStatus.CLOSED:
        return ""
    if (
        report.acknowledged_on is None
        and report.acknowledge_due_on
        and report.acknowledge_due_on < day
    ):
        return "acknowledgement"
    if report.feedback_on is None and report.feedback_due_on and report.feedback_due_on < day:
        return "feedback"
    return ""


@dataclass(frozen=True)
class Reminder:
    report: Report
    overdue: str  # "acknowledgement" or "feedback"
    due_on: date
    reminded: int  # how many handlers were told now (0: already told that day)


@transaction.atomic
def reminders_send(*, on: date | None = None, remind: bool = True) -> list[Reminder]:
    """Every report past its day to be acknowledged or to give feedback, and a reminder
    (in the app and by email) to its handler, or to all its organisation's handlers when
    it has none; at most once a day per report."""
    from waypost.reporting.selectors import reports_overdue

    day = on or today()
    found = []
    for report, overdue in reports_overdue(on=day):
        told = 0
        if remind and report.reminded_on != day:
            kind = (
                v.NoticeKind.ACKNOWLEDGE_OVERDUE
                if overdue == "acknowledgement"
                else v.NoticeKind.FEEDBACK_OVERDUE
            )
            told = notify(report=report, kind=kind)
            report.reminded_on = day
            report.save(update_fields=["reminded_on"])
            audit(
                actor=None,
                action="waypost.report.reminded",
                report=report,
                fields=["acknowledged_on" if overdue == "acknowledgement" else "feedback_on"],
                new={"overdue": overdue, "handlers": told},
            )
        due = report.acknowledge_due_on if overdue == "acknowledgement" else report.feedback_due_on
        assert due is not None  # noqa: S101 - the selector filters on it
        found.append(Reminder(report=report, overdue=overdue, due_on=due, reminded=told))
    return found


# Transfer to another recipient organisation


def _sealed_rows(report: Report) -> list[tuple[Any, list[str]]]:
    """Every row sealed under the report's organisation, with its sealed properties."""
    rows: list[tuple[Any, list[str]]] = [(report, ["content", "identity", "safe_contact"])]
    rows += [(m, ["body"]) for m in report.messages.all()]
    rows += [(a, ["content"]) for a in report.attachments.all()]
    for referral in report.referrals.all():
        rows.append((referral, ["body_reference"]))
        rows += [(r, ["notes"]) for r in referral.responses.all()]
    rows += [(m, ["notes"]) for m in report.measures.all()]
    event = Event.objects.filter(report=report).first()
    if event is not None:
        rows.append((event, ["title", "locality", "description"]))
        rows += [(x, ["label"]) for x in event.victims.all()]
        rows += [(x, ["description"]) for x in event.perpetrators.all()]
        rows += [(x, ["notes"]) for x in event.acts.all()]
        rows += [(x, ["notes"]) for x in event.sources.all()]
        rows += [(x, ["notes"]) for x in event.interventions.all()]
    return rows


def _reseal(report: Report, receiver: Organisation) -> None:
    """Open every value of the report under its organisation and seal it again under the
    receiver's key; the old organisation's key opens none of them afterwards."""
    rows = _sealed_rows(report)
    clear = [(obj, {name: getattr(obj, name) for name in names}) for obj, names in rows]
    report.organisation_id = receiver.pk
    report.organisation = receiver
    event = next((obj for obj, _names in rows if isinstance(obj, Event)), None)
    if event is not None:
        event.organisation_id = receiver.pk
    for obj, values in clear:
        if hasattr(obj, "report_id") and not isinstance(obj, Report):
            obj.report = report
        if hasattr(obj, "event_id") and event is not None and not isinstance(obj, Event):
            obj.event = event
        if isinstance(obj, ReferralResponse):
            obj.referral.report = report
        for name, value in values.items():
            # Cached clear values would skip sealing: drop them, then set again.
            obj.__dict__.pop(f"_{type(obj).__dict__[name].column}_clear", None)
            setattr(obj, name, value)
        obj.save()


@transaction.atomic
def transfer_propose(*, actor: User, report: Report, to_slug: str) -> Transfer:
    """Ask the reporter to let another recipient organisation take the report.

    The receiver must be able to receive reports about the report's country and is never a
    law-enforcement or border organisation (``recipient_check``); nothing moves before the
    reporter consents.
    """
    _require_handler(actor, report)
    if report.status == v.ReportStatus.CLOSED:
        raise ApplicationError(_("This report is closed."))
    receiver, _country = recipient_check(slug=to_slug, country=report.content.get("country", ""))
    if receiver.pk == report.organisation_id:
        raise ApplicationError(_("The report is already with this organisation."))
    if report.transfers.filter(status=v.TransferStatus.AWAITING_CONSENT).exists():
        raise ApplicationError(_("A transfer of this report already waits for consent."))
    transfer = Transfer.objects.create(
        report=report,
        from_organisation_id=report.organisation_id,
        to_organisation=receiver,
        requested_on=today(),
    )
    _history(report, v.HistoryStatus.TRANSFER_PROPOSED)
    _handler_touched(report, *_feedback_given(report))
    audit(
        actor=actor,
        action="waypost.report.transfer_proposed",
        report=report,
        fields=["organisation"],
        new={"to_organisation": receiver.pk},
    )
    return transfer


@transaction.atomic
def transfer_consent(*, report: Report, transfer_id: str, consent: bool) -> Transfer:
    """The reporter's answer. Yes: the report and everything sealed with it moves to the
    receiver, re-sealed; the old organisation keeps only the transfer's row and its audit
    entries. The firewall is checked again at this moment."""
    transfer = report.transfers.filter(public_id=transfer_id).first()
    if transfer is None:
        raise NotFound(_("No such request."))
    if transfer.status != v.TransferStatus.AWAITING_CONSENT:
        raise ApplicationError(_("You already answered this request."))
    transfer.decided_on = today()
    if not consent:
        transfer.status = v.TransferStatus.DECLINED
        transfer.save(update_fields=["status", "decided_on"])
        audit(
            actor=None, action="waypost.report.transfer_declined", report=report, fields=["consent"]
        )
        notify(report=report, kind=v.NoticeKind.CONSENT)
        return transfer
    receiver = transfer.to_organisation
    recipient_check(slug=receiver.slug, country=report.content.get("country", ""))
    sender_id = report.organisation_id
    # A link to the sender's shared event stays behind: the event is the sender's.
    EventLink.objects.filter(report=report).delete()
    _reseal(report, receiver)
    day = today()
    acknowledge_days, feedback_months = _policy(receiver.pk)
    report.assigned_to = None
    report.acknowledged_on = None
    report.feedback_on = None
    report.reminded_on = None
    report.acknowledge_due_on = day + timedelta(days=acknowledge_days)
    report.feedback_due_on = add_months(report.acknowledge_due_on, feedback_months)
    report.awaiting_handler = True
    report.updated_on = day
    report.save()
    # What belonged to the sender's people: their notices, custody decisions and names on
    # messages stay behind (the audit log keeps who did what).
    ReportNotice.objects.filter(report=report).delete()
    IdentityDisclosure.objects.filter(report=report).delete()
    report.messages.update(author=None)
    transfer.status = v.TransferStatus.DONE
    transfer.save(update_fields=["status", "decided_on"])
    _history(report, v.HistoryStatus.TRANSFERRED, day=day)
    audit(actor=None, action="waypost.report.transfer_consented", report=report, fields=["consent"])
    for action, organisation_id, other in (
        ("waypost.report.transferred_out", sender_id, receiver.pk),
        ("waypost.report.transferred_in", receiver.pk, sender_id),
    ):
        audit_record_for(action=action, report=report, organisation_id=organisation_id, other=other)
    notify(report=report, kind=v.NoticeKind.TRANSFERRED_IN)
    return transfer


def audit_record_for(*, action: str, report: Report, organisation_id: int, other: int) -> None:
    """An entry on one organisation's side of a transfer (each sees its own)."""
    from waypost.protection.audit import audit_record

    audit_record(
        actor=None,
        action=action,
        record_type="reporting.report",
        record_id=str(report.public_id),
        fields=["*"],
        purpose="protection",
        detail={"organisation_id": organisation_id, "other_organisation_id": other},
        day_only=True,
    )


# Referral to competent bodies


@transaction.atomic
def bodies_load(*, entries: list[dict[str, Any]]) -> int:
    """Create or update directory entries by slug (the operator's command)."""
    count = 0
    for entry in entries:
        kind = str(entry.get("kind", ""))
        if kind not in v.BodyKind.values:
            raise ApplicationError(f"{entry.get('slug')}: unknown kind {kind!r}.")
        requirements = [str(code) for code in entry.get("requirements", [])]
        unknown = set(requirements) - set(v.ReferralContent.values)
        if unknown:
            raise ApplicationError(f"{entry.get('slug')}: unknown requirements {sorted(unknown)}.")
        violations = [str(code) for code in entry.get("violations", [])]
        if set(violations) - set(v.ViolationType.values):
            raise ApplicationError(f"{entry.get('slug')}: unknown violations.")
        CompetentBody.objects.update_or_create(
            slug=str(entry["slug"]),
            defaults={
                "name": str(entry["name"]),
                "kind": kind,
                "countries": sorted(str(c).upper() for c in entry.get("countries", [])),
                "violations": violations,
                "languages": [str(code) for code in entry.get("languages", ["en"])] or ["en"],
                "requirements": requirements,
                "requirements_note": str(entry.get("requirements_note", "")),
                "contact": str(entry.get("contact", "")),
                "response_days": int(entry.get("response_days", 60)),
                "is_active": bool(entry.get("is_active", True)),
            },
        )
        count += 1
    return count


def _latest_risk(report: Report) -> RiskAssessment | None:
    return report.risk_assessments.order_by("-assessed_on", "-id").first()


@transaction.atomic
def referral_propose(
    *, actor: User, report: Report, body: CompetentBody, content: list[str]
) -> Referral:
    """Ask the reporter's consent to send ``content`` to ``body``; nothing is sent before.

    The content must hold what the body requires to examine a submission. While the risk
    of reprisal is assessed as high, the identity is never part of a referral.
    """
    _require_handler(actor, report)
    if not body.is_active:
        raise NotFound(_("No such body."))
    parts = list(dict.fromkeys(content))
    if not parts or set(parts) - set(v.ReferralContent.values):
        raise ApplicationError(_("Choose what is sent from the listed parts of the report."))
    missing = [code for code in body.requirements if code not in parts]
    if missing:
        raise ApplicationError(
            _("This body needs these parts to examine a submission: %(parts)s.")
            % {"parts": ", ".join(str(v.ReferralContent(code).label) for code in missing)},
            extra={"code": "requirements", "missing": missing},
        )
    country = report.content.get("country", "")
    if body.countries and country not in body.countries:
        raise ApplicationError(_("This body is not competent for the country of the report."))
    if v.ReferralContent.IDENTITY in parts:
        risk = _latest_risk(report)
        if risk is not None and risk.level == v.RiskLevel.HIGH:
            raise ApplicationError(
                _("The risk of reprisal is high: a referral cannot carry the reporter's identity."),
                extra={"code": "risk"},
            )
        if not report.has_identity:
            raise ApplicationError(_("The reporter did not give an identity."))
    referral = Referral.objects.create(report=report, body=body, content=parts, created_on=today())
    _history(report, v.HistoryStatus.REFERRAL_PROPOSED, body_kind=body.kind)
    _handler_touched(report, *_feedback_given(report))
    audit(
        actor=actor,
        action="waypost.report.referral_proposed",
        report=report,
        fields=parts,
        new={"referral": str(referral.public_id), "body": body.slug},
    )
    return referral


@transaction.atomic
def referral_consent(*, report: Report, referral_id: str, consent: bool) -> Referral:
    """The reporter's answer to a proposed referral (this body, this content)."""
    referral = report.referrals.filter(public_id=referral_id).first()
    if referral is None:
        raise NotFound(_("No such request."))
    if referral.status != v.ReferralStatus.AWAITING_CONSENT:
        raise ApplicationError(_("You already answered this request."))
    referral.consent = consent
    referral.consent_on = today()
    referral.status = v.ReferralStatus.CONSENTED if consent else v.ReferralStatus.DECLINED
    referral.save(update_fields=["consent", "consent_on", "status"])
    audit(
        actor=None,
        action="waypost.report.referral_consented"
        if consent
        else "waypost.report.referral_declined",
        report=report,
        fields=list(referral.content),
        new={"referral": str(referral.public_id)},
    )
    notify(report=report, kind=v.NoticeKind.CONSENT)
    return referral


def _referral_of(actor: User, report: Report, referral_id: str) -> Referral:
    _require_handler(actor, report)
    referral = report.referrals.select_related("body").filter(public_id=referral_id).first()
    if referral is None:
        raise NotFound(_("No such referral."))
    return referral


@transaction.atomic
def referral_sent(
    *,
    actor: User,
    report: Report,
    referral_id: str,
    reference: str = "",
    sent_on: date | None = None,
) -> Referral:
    """Record that the package went to the body: only after the reporter's consent."""
    referral = _referral_of(actor, report, referral_id)
    if referral.consent is not True:
        raise ApplicationError(
            _("The reporter has not consented to this referral: nothing may be sent."),
            extra={"code": "consent"},
        )
    if referral.status != v.ReferralStatus.CONSENTED:
        raise ApplicationError(_("This referral was already sent."))
    day = sent_on or today()
    referral.status = v.ReferralStatus.SENT
    referral.sent_on = day
    referral.response_due_on = day + timedelta(days=referral.body.response_days)
    referral.body_reference = without_bidi_controls(reference).strip()
    referral.save()
    _history(report, v.HistoryStatus.REFERRED, body_kind=referral.body.kind, day=day)
    if report.status != v.ReportStatus.CLOSED:
        report.status = v.ReportStatus.REFERRED
    _handler_touched(report, "status", *_feedback_given(report))
    audit(
        actor=actor,
        action="waypost.report.referral_sent",
        report=report,
        fields=list(referral.content),
        new={"referral": str(referral.public_id), "body": referral.body.slug},
    )
    return referral


@transaction.atomic
def referral_response_add(
    *,
    actor: User,
    report: Report,
    referral_id: str,
    kind: str,
    received_on: date | None = None,
    notes: str = "",
    reference: str = "",
) -> ReferralResponse:
    """A dated answer of the body; the reporter's history shows it in plain words."""
    referral = _referral_of(actor, report, referral_id)
    if kind not in v.BodyResponse.values:
        raise ApplicationError(_("Unknown answer."))
    if referral.status not in (v.ReferralStatus.SENT, v.ReferralStatus.ANSWERED):
        raise ApplicationError(_("Record the answer of a referral that was sent."))
    day = received_on or today()
    response = ReferralResponse(referral=referral, kind=kind, received_on=day)
    response.notes = without_bidi_controls(notes).strip()
    response.save()
    referral.status = (
        v.ReferralStatus.CLOSED
        if kind in (v.BodyResponse.CLOSED, v.BodyResponse.INADMISSIBLE)
        else v.ReferralStatus.ANSWERED
    )
    if reference.strip():
        referral.body_reference = without_bidi_controls(reference).strip()
    referral.save()
    step = RESPONSE_HISTORY.get(v.BodyResponse(kind), v.HistoryStatus.BODY_RESPONSE)
    _history(report, step, body_kind=referral.body.kind, detail=kind, day=day)
    outcome = RESPONSE_OUTCOME.get(v.BodyResponse(kind))
    fields = ["status", *_feedback_given(report)]
    if outcome is not None:
        report.outcome = outcome
        fields.append("outcome")
    _handler_touched(report, *fields)
    audit(
        actor=actor,
        action="waypost.report.referral_response_added",
        report=report,
        fields=["kind", "notes"],
        new={"referral": str(referral.public_id), "kind": kind},
    )
    return response


# Protection of reporters and witnesses


@transaction.atomic
def risk_assess(
    *, actor: User, report: Report, level: str, factors: list[str], review_on: date | None
) -> RiskAssessment:
    """A handler's assessment of the risk of reprisal, with the day to review it."""
    _require_handler(actor, report)
    if level not in v.RiskLevel.values or set(factors) - set(v.RiskFactor.values):
        raise ApplicationError(_("Unknown risk level or factor."))
    day = today()
    if review_on is not None and review_on < day:
        raise ApplicationError(_("The review day cannot be in the past."))
    assessment = RiskAssessment.objects.create(
        report=report,
        level=level,
        factors=sorted(set(factors)),
        assessed_on=day,
        review_on=review_on,
    )
    if level == v.RiskLevel.HIGH and report.priority in (v.Priority.NORMAL, v.Priority.LOW):
        report.priority = v.Priority.HIGH
    _handler_touched(report, "priority")
    audit(
        actor=actor,
        action="waypost.report.risk_assessed",
        report=report,
        fields=["level", "factors", "review_on"],
        new={"level": level},
    )
    return assessment


@transaction.atomic
def measure_record(
    *,
    actor: User,
    report: Report,
    kind: str,
    status: str,
    review_on: date | None = None,
    notes: str = "",
    measure_id: int | None = None,
) -> ProtectiveMeasure:
    """Record a protective measure, or review one (``measure_id``): its status and next review."""
    _require_handler(actor, report)
    if kind not in v.MeasureKind.values or status not in v.MeasureStatus.values:
        raise ApplicationError(_("Unknown measure or status."))
    if measure_id is not None:
        measure = report.measures.filter(pk=measure_id).first()
        if measure is None:
            raise NotFound(_("No such measure."))
    else:
        measure = ProtectiveMeasure(report=report, decided_on=today())
    measure.kind, measure.status, measure.review_on = kind, status, review_on
    if notes.strip():
        measure.notes = without_bidi_controls(notes).strip()
    measure.save()
    _handler_touched(report)
    audit(
        actor=actor,
        action="waypost.report.measure_recorded",
        report=report,
        fields=["kind", "status", "review_on", *(["notes"] if notes.strip() else [])],
        new={"measure": measure.pk, "kind": kind, "status": status},
    )
    return measure


@transaction.atomic
def safe_contact_set(*, report: Report, safe_contact: dict[str, str]) -> Report:
    """The reporter says when, how and under what words they may be contacted."""
    report.safe_contact = _safe_contact_clean(safe_contact)
    report.save(update_fields=["safe_contact_sealed"])
    audit(
        actor=None, action="waypost.report.safe_contact_set", report=report, fields=["safe_contact"]
    )
    return report


def notices_seen(*, user: User, report: Report) -> None:
    ReportNotice.objects.filter(user=user, report=report, seen=False).update(seen=True)


# Patterns: several reports of one organisation about one event (issue 39, part 4).


def _violation_codes(raw: list[str]) -> list[str]:
    codes: list[str] = []
    for item in raw:
        code = v.VIOLATION_ALIASES.get(item, item)
        if code not in v.ViolationType.values:
            raise ApplicationError(_("Unknown violation type."))
        if code not in codes:
            codes.append(code)
    return codes


def _link(*, actor: User, event: SharedEvent, report: Report) -> None:
    _require_handler(actor, report)
    existing = EventLink.objects.filter(report=report).first()
    if existing is not None:
        if existing.event_id == event.pk:
            return
        raise ApplicationError(
            _("Report %(reference)s is already linked to another event.")
            % {"reference": report.reference}
        )
    EventLink.objects.create(event=event, report=report, linked_on=today(), linked_by=actor)
    _handler_touched(report)
    audit(
        actor=actor,
        action="waypost.report.linked_to_event",
        report=report,
        fields=["event"],
        new={"event": str(event.public_id)},
    )


@transaction.atomic
def shared_event_create(
    *,
    actor: User,
    reports: list[Report],
    title: str,
    country: str,
    start_date: str,
    place: str = "",
    violation_types: list[str] | None = None,
) -> SharedEvent:
    """Link reports of the actor's organisation into one event (each link audited)."""
    if not reports:
        raise ApplicationError(_("Choose at least one report to link."))
    organisation = actor.organisation
    if organisation is None or not firewall_allows_reports(organisation):
        raise PermissionDenied(
            _("Police, border authorities and other law-enforcement bodies never receive reports.")
        )
    for report in reports:
        _require_handler(actor, report)
    title = without_bidi_controls(title).strip()
    if not title:
        raise ApplicationError(_("Give the event a short title."))
    try:
        start_date = partial_date_parse(start_date)
    except PartialDateError as exc:
        raise ApplicationError(_("Give the date as a year, a year and month, or a day.")) from exc
    country = country.strip().upper()
    if len(country) != 3 or pycountry.countries.get(alpha_3=country) is None:
        raise ApplicationError(_("Give the country as a three-letter ISO code (such as ITA)."))
    event = _create(
        SharedEvent,
        {"title": title, "place": without_bidi_controls(place).strip()},
        organisation_id=organisation.pk,
        country=country,
        start_date=start_date,
        violation_types=_violation_codes(violation_types or []),
        created_on=today(),
    )
    for report in reports:
        _link(actor=actor, event=event, report=report)
    return event


@transaction.atomic
def shared_event_link(*, actor: User, event: SharedEvent, report: Report) -> EventLink:
    """Add one more report of the organisation to the event (audited)."""
    if event.organisation_id != actor.organisation_id:
        raise NotFound(_("No such event."))
    _link(actor=actor, event=event, report=report)
    return EventLink.objects.get(report=report)


@transaction.atomic
def shared_event_unlink(*, actor: User, event: SharedEvent, report: Report) -> None:
    """Take a report out of the event (audited); the event stays."""
    _require_handler(actor, report)
    deleted, _rows = EventLink.objects.filter(event=event, report=report).delete()
    if not deleted:
        raise NotFound(_("This report is not linked to this event."))
    audit(
        actor=actor,
        action="waypost.report.unlinked_from_event",
        report=report,
        fields=["event"],
        old={"event": str(event.public_id)},
    )
