"""Reads for confidential reporting: recipients, a reporter's view, handlers' views, statistics."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from waypost.accounts.models import Organisation, User
from waypost.accounts.roles import ENFORCEMENT_KINDS, Permission
from waypost.core.exceptions import NotFound, PermissionDenied
from waypost.core.vocabularies import label_or_code
from waypost.reporting import vocabularies as v
from waypost.reporting.models import (
    Act,
    CompetentBody,
    Event,
    IdentityDisclosure,
    Perpetrator,
    Referral,
    Report,
    ReportAttachment,
    ReportingChannel,
    ReportNotice,
    Sender,
    SharedEvent,
    StatusChange,
)
from waypost.reporting.privacy import today
from waypost.reporting.protection import audit, firewall_allows_reports
from waypost.reporting.receipts import receipt_hash, receipt_normalise
from waypost.statistics import protect

SUPPRESSION_THRESHOLD = 5


def _open_channels() -> QuerySet[ReportingChannel]:
    return (
        ReportingChannel.objects.filter(accepts_reports=True, organisation__is_active=True)
        .exclude(organisation__kind__in=list(ENFORCEMENT_KINDS))
        .select_related("organisation")
    )


def reporting_countries() -> list[str]:
    """Countries for which at least one organisation receives reports."""
    return sorted({code for channel in _open_channels() for code in channel.countries})


def recipients_for_country(*, country: str) -> list[Organisation]:
    return sorted(
        (c.organisation for c in _open_channels() if country in c.countries),
        key=lambda organisation: organisation.name,
    )


# Reporter side: the receipt is the only key.


def report_for_receipt(*, receipt: str) -> Report:
    code = receipt_normalise(receipt)
    report = (
        Report.objects.select_related("organisation")
        .filter(receipt_hash=receipt_hash(code))
        .first()
        if code
        else None
    )
    if report is None:
        raise NotFound(_("No report has this receipt code."))
    return report


def report_get_by_public_id(*, public_id: UUID | str) -> Report:
    report = Report.objects.select_related("organisation").filter(public_id=public_id).first()
    if report is None:
        raise NotFound(_("No report has this receipt code."))
    return report


@dataclass(frozen=True)
class ReporterMessage:
    sender: str
    body: str
    sent_on: str


@dataclass(frozen=True)
class ReporterView:
    """What a reporter may see with their receipt: no handler names, no internal notes."""

    reference: str
    recipient: str
    submitted_on: str
    status: str
    status_label: str
    outcome: str
    outcome_label: str
    messages: list[ReporterMessage]
    attachment_count: int
    can_reply: bool
    history: list[HistoryStep]
    referrals: list[ReporterReferral]
    transfers: list[ReporterTransfer]
    safe_contact: dict[str, str] | None


@dataclass(frozen=True)
class HistoryStep:
    date: str
    status: str
    text: str


@dataclass(frozen=True)
class ReporterReferral:
    """A referral as the reporter sees it: the body and what is sent, never a handler."""

    id: str
    body_kind: str
    body_kind_label: str
    body_name: str
    content: list[str]
    content_labels: list[str]
    status: str
    status_label: str
    near_authorities: bool
    can_answer: bool


@dataclass(frozen=True)
class ReporterTransfer:
    id: str
    to: str
    status: str
    status_label: str
    can_answer: bool


def history_text(step: StatusChange) -> str:
    """The plain-language sentence of one step, in the active language."""
    status = v.HistoryStatus(step.status)
    kind = v.BodyKind(step.body_kind) if step.body_kind in v.BodyKind.values else None
    if status == v.HistoryStatus.REFERRED and kind is not None:
        return str(v.REFERRED_TO[kind])
    if status == v.HistoryStatus.REFERRAL_PROPOSED and kind is not None:
        return _("The organisation asks your consent to refer your report to: %(body)s") % {
            "body": kind.label
        }
    if status == v.HistoryStatus.CLOSED and step.detail in v.ClosedReason.values:
        return _("Closed: %(reason)s") % {"reason": v.ClosedReason(step.detail).label}
    if step.detail in v.BodyResponse.values and kind is not None:
        return _("%(answer)s (%(body)s)") % {
            "answer": v.BodyResponse(step.detail).label,
            "body": kind.label,
        }
    return str(status.label)


def report_history(*, report: Report) -> list[HistoryStep]:
    return [
        HistoryStep(date=step.day.isoformat(), status=step.status, text=history_text(step))
        for step in report.history.all()
    ]


def report_reporter_view(*, report: Report) -> ReporterView:
    messages = [
        ReporterMessage(sender=m.sender, body=m.body, sent_on=m.sent_on.isoformat())
        for m in report.messages.all()
    ]
    referrals = [
        ReporterReferral(
            id=str(r.public_id),
            body_kind=r.body.kind,
            body_kind_label=str(v.BodyKind(r.body.kind).label),
            body_name=r.body.name,
            content=list(r.content),
            content_labels=[str(v.ReferralContent(code).label) for code in r.content],
            status=r.status,
            status_label=str(v.ReferralStatus(r.status).label),
            near_authorities=r.body.kind in v.BODIES_NEAR_AUTHORITIES,
            can_answer=r.status == v.ReferralStatus.AWAITING_CONSENT,
        )
        for r in report.referrals.select_related("body")
    ]
    transfers = [
        ReporterTransfer(
            id=str(t.public_id),
            to=t.to_organisation.name,
            status=t.status,
            status_label=str(v.TransferStatus(t.status).label),
            can_answer=t.status == v.TransferStatus.AWAITING_CONSENT,
        )
        for t in report.transfers.select_related("to_organisation")
    ]
    audit(
        actor=None,
        action="waypost.report.read_by_reporter",
        report=report,
        fields=["messages", *(["safe_contact"] if report.safe_contact else [])],
    )
    return ReporterView(
        reference=report.reference,
        recipient=report.organisation.name,
        submitted_on=report.submitted_on.isoformat(),
        status=report.status,
        status_label=str(v.ReportStatus(report.status).label),
        outcome=report.outcome,
        outcome_label=str(v.Outcome(report.outcome).label),
        messages=messages,
        attachment_count=report.attachments.count(),
        can_reply=report.status != v.ReportStatus.CLOSED,
        history=report_history(report=report),
        referrals=referrals,
        transfers=transfers,
        safe_contact=report.safe_contact,
    )


# Handler side: scoped to the handler's organisation, every read of content audited.


def _org_id(user: User) -> int:
    if user.organisation_id is None:
        raise NotFound(_("No such report."))
    return int(user.organisation_id)


def organisation_receives_reports(user: User) -> bool:
    """Whether the user's organisation can ever hold reports: never past the firewall.

    Handling pages refuse other users (``_require_handler``), and the dashboard and the
    navigation leave their cards out with this same check.
    """
    organisation = user.organisation
    return organisation is not None and firewall_allows_reports(organisation)


def _require_handler(user: User) -> None:
    if not user.has_role_permission(Permission.HANDLE_REPORTS):
        raise PermissionDenied(_("Only people who handle reports can see them."))
    if not organisation_receives_reports(user):
        raise PermissionDenied(
            _("Police, border authorities and other law-enforcement bodies never receive reports.")
        )


OVERDUE = ("acknowledgement", "feedback")


def _overdue_q(overdue: str, day: date) -> Q:
    """Open reports past the day to acknowledge them, or to give the reporter feedback
    (counted from the acknowledgement, or from the end of the days to acknowledge)."""
    open_ = ~Q(status=v.ReportStatus.CLOSED)
    if overdue == "acknowledgement":
        return open_ & Q(acknowledged_on__isnull=True, acknowledge_due_on__lt=day)
    return open_ & Q(feedback_on__isnull=True, feedback_due_on__lt=day)


def reports_overdue(*, on: date | None = None) -> list[tuple[Report, str]]:
    """Every open report past its day to be acknowledged, or (once acknowledged, or not at
    all) to give feedback, with which: for reminders and the operator's command. Workflow
    columns only."""
    day = on or today()
    found: list[tuple[Report, str]] = []
    seen: set[int] = set()
    for overdue in OVERDUE:
        for report in (
            Report.objects.filter(_overdue_q(overdue, day))
            .defer("content_sealed", "identity_sealed", "safe_contact_sealed")
            .select_related("organisation", "assigned_to")
            .order_by("submitted_on", "id")
        ):
            if report.pk not in seen:
                seen.add(report.pk)
                found.append((report, overdue))
    return found


def reports_for_handler(
    *, user: User, status: str = "", overdue: str = "", assigned_to_me: bool = False
) -> QuerySet[Report]:
    """Reports addressed to the user's organisation (workflow columns only, no content)."""
    _require_handler(user)
    reports = Report.objects.filter(organisation_id=_org_id(user))
    if status:
        reports = reports.filter(status=status)
    if overdue in OVERDUE:
        reports = reports.filter(_overdue_q(overdue, today()))
    if assigned_to_me:
        reports = reports.filter(assigned_to=user)
    # Explicit: a query with counts (GROUP BY) ignores the model's default ordering, and
    # pages of an unordered list can repeat or skip reports.
    return (
        reports.defer("content_sealed", "identity_sealed", "safe_contact_sealed")
        .annotate(
            message_count=Count("messages", distinct=True),
            attachment_count=Count("attachments", distinct=True),
        )
        .order_by("-submitted_on", "-id")
    )


def report_get_for_handler(*, user: User, public_id: UUID | str) -> Report:
    """One report with its content; the read is audited."""
    _require_handler(user)
    report = (
        Report.objects.select_related("organisation")
        .filter(organisation_id=_org_id(user), public_id=public_id)
        .first()
    )
    if report is None:
        raise NotFound(_("No such report."))
    audit(actor=user, action="waypost.report.read", report=report, fields=["content", "messages"])
    return report


def attachment_get_for_handler(
    *, user: User, public_id: UUID | str, attachment_id: int
) -> ReportAttachment:
    report = report_get_for_handler(user=user, public_id=public_id)
    attachment = report.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFound(_("No such attachment."))
    audit(
        actor=user,
        action="waypost.report.attachment_read",
        report=report,
        fields=["attachments"],
        new={"attachment": attachment.pk},
    )
    return attachment


def disclosures_for_report(*, user: User, report: Report) -> list[IdentityDisclosure]:
    if report.organisation_id != user.organisation_id:
        raise NotFound(_("No such report."))
    return list(report.disclosures.select_related("requested_by", "decided_by"))


def disclosures_pending(*, user: User) -> QuerySet[IdentityDisclosure]:
    """Requests waiting for a custodian of the user's organisation."""
    if not user.has_role_permission(Permission.APPROVE_IDENTITY_DISCLOSURE):
        raise PermissionDenied(_("Only a custodian can decide on identity disclosure."))
    if not organisation_receives_reports(user):
        raise PermissionDenied(
            _("Police, border authorities and other law-enforcement bodies never receive reports.")
        )
    return IdentityDisclosure.objects.filter(
        report__organisation_id=_org_id(user), approved__isnull=True
    ).select_related("report", "requested_by")


def disclosure_get(*, user: User, disclosure_id: int) -> IdentityDisclosure:
    disclosure = (
        IdentityDisclosure.objects.select_related("report", "requested_by")
        .filter(pk=disclosure_id, report__organisation_id=_org_id(user))
        .first()
    )
    if disclosure is None:
        raise NotFound(_("No such request."))
    return disclosure


def report_identity_for_handler(*, user: User, report: Report) -> dict[str, str] | None:
    """The reporter's identity, only for a handler a custodian approved; audited."""
    _require_handler(user)
    if report.organisation_id != user.organisation_id:
        raise NotFound(_("No such report."))
    approved = report.disclosures.filter(requested_by=user, approved=True).exists()
    if not approved or not report.identity:
        return None
    audit(actor=user, action="waypost.report.identity_read", report=report, fields=["identity"])
    return dict(report.identity)


def notices_for(*, user: User, limit: int = 50) -> list[ReportNotice]:
    """The user's unseen in-app notices (kinds and references, no content)."""
    if not user.has_role_permission(Permission.HANDLE_REPORTS):
        return []
    return list(
        ReportNotice.objects.filter(
            user=user, seen=False, report__organisation_id=_org_id(user)
        ).select_related("report")[:limit]
    )


def report_handling(*, user: User, report: Report) -> dict[str, Any]:
    """Deadlines, referrals, transfers, risk and measures of a report the user handles
    (already read with ``report_get_for_handler``); the safe-contact protocol is audited."""
    if report.organisation_id != user.organisation_id:
        raise NotFound(_("No such report."))
    # The referrals' references and answers and the measures' notes are sealed: their read
    # goes on the log beside the report's own (``report_get_for_handler``).
    audit(
        actor=user,
        action="waypost.report.read",
        report=report,
        fields=["referrals", "risk", "measures"],
    )
    safe_contact = report.safe_contact
    if safe_contact:
        audit(
            actor=user,
            action="waypost.report.safe_contact_read",
            report=report,
            fields=["safe_contact"],
        )
    day = today()
    return {
        "overdue": next(
            (
                kind
                for kind in OVERDUE
                if Report.objects.filter(_overdue_q(kind, day), pk=report.pk).exists()
            ),
            "",
        ),
        "referrals": list(report.referrals.select_related("body").prefetch_related("responses")),
        "transfers": list(report.transfers.select_related("to_organisation", "from_organisation")),
        "risk": list(report.risk_assessments.all()),
        "measures": list(report.measures.all()),
        "safe_contact": safe_contact,
        "history": report_history(report=report),
    }


def protection_reviews_due(*, user: User, on: date | None = None) -> list[Report]:
    """Open reports of the user's organisation whose latest risk assessment, or a measure
    not ended, was due for review before ``on`` (workflow columns only)."""
    _require_handler(user)
    day = on or today()
    from waypost.reporting.models import ProtectiveMeasure, RiskAssessment

    due: set[int] = set(
        ProtectiveMeasure.objects.filter(report__organisation_id=_org_id(user), review_on__lt=day)
        .exclude(status=v.MeasureStatus.ENDED)
        .values_list("report_id", flat=True)
    )
    latest: dict[int, RiskAssessment] = {}
    for assessment in RiskAssessment.objects.filter(report__organisation_id=_org_id(user)).order_by(
        "report_id", "-assessed_on", "-id"
    ):
        latest.setdefault(assessment.report_id, assessment)
    due |= {rid for rid, a in latest.items() if a.review_on is not None and a.review_on < day}
    return list(
        Report.objects.filter(pk__in=due)
        .exclude(status=v.ReportStatus.CLOSED)
        .defer("content_sealed", "identity_sealed", "safe_contact_sealed")
        .select_related("assigned_to")
        .order_by("submitted_on", "id")
    )


def handlers_for_assignment(*, user: User) -> list[User]:
    from waypost.reporting.notifications import handlers_of

    _require_handler(user)
    return handlers_of(_org_id(user))


# The directory of competent bodies (public information, for handlers).


def bodies_list(*, country: str = "", violation: str = "", kind: str = "") -> list[CompetentBody]:
    """Active bodies competent for ``country`` and ``violation`` (bodies naming no country
    or no violation are competent for all)."""
    violation = str(v.VIOLATION_ALIASES.get(violation, violation))
    country = country.strip().upper()
    found = []
    for body in CompetentBody.objects.filter(is_active=True).order_by("name", "id"):
        if country and body.countries and country not in body.countries:
            continue
        if violation and body.violations and violation not in body.violations:
            continue
        if kind and body.kind != kind:
            continue
        found.append(body)
    return found


def body_get(*, body_id: int) -> CompetentBody:
    body = CompetentBody.objects.filter(pk=body_id, is_active=True).first()
    if body is None:
        raise NotFound(_("No such body."))
    return body


def referral_get_for_handler(*, user: User, report: Report, referral_id: str) -> Referral:
    if report.organisation_id != user.organisation_id:
        raise NotFound(_("No such report."))
    referral = report.referrals.select_related("body").filter(public_id=referral_id).first()
    if referral is None:
        raise NotFound(_("No such referral."))
    return referral


def referral_package(*, user: User, report: Report, referral: Referral) -> dict[str, Any]:
    """What is sent to the body, in the shape it expects and its language, and only the
    parts the reporter consented to. Refused before the consent; the identity needs a
    custodian's approval besides; audited."""
    _require_handler(user)
    if referral.report_id != report.pk or report.organisation_id != user.organisation_id:
        raise NotFound(_("No such referral."))
    referral = Referral.objects.select_related("body").get(pk=referral.pk)  # the consent now
    if referral.consent is not True:
        raise PermissionDenied(
            _("The reporter has not consented to this referral: nothing may be sent.")
        )
    parts = set(referral.content)
    body = referral.body
    language = (body.languages or ["en"])[0]
    # Labels in the body's language when Waypost has it, else English.
    labels_language = language if language in {code for code, _n in settings.LANGUAGES} else "en"
    identity = None
    if v.ReferralContent.IDENTITY in parts:
        identity = report_identity_for_handler(user=user, report=report)
        if identity is None:
            raise PermissionDenied(
                _("A custodian must approve the disclosure of the identity before it is sent.")
            )
    content = report.content
    event = report_event(report=report)
    with translation.override(labels_language):
        package: dict[str, Any] = {
            "body": body.name,
            "body_kind": body.kind,
            "language": language,
            "reference": report.reference,
            "submitted_on": report.submitted_on.isoformat(),
            "consent_on": referral.consent_on.isoformat() if referral.consent_on else None,
        }
        if v.ReferralContent.VICTIMS in parts:
            victims = [
                {
                    "sex": str(victim.get_sex_display()),
                    "age_group": str(victim.get_age_group_display()),
                    "count": victim.count,
                }
                for victim in (event.victims.all() if event else [])
            ]
            package["alleged_victims"] = victims or [
                {
                    "harmed": [
                        str(v.HarmedGroup(code).label) for code in content.get("harmed", [])
                    ],
                    "count": content.get("harmed_count"),
                }
            ]
        if v.ReferralContent.PERPETRATORS in parts:
            perpetrators = [
                {
                    "category": str(p.get_category_display()),
                    "authority": str(p.get_authority_kind_display()) if p.authority_kind else "",
                    "description": p.description,
                }
                for p in (event.perpetrators.all() if event else [])
            ]
            package["alleged_perpetrators"] = perpetrators or [
                {
                    "category": str(
                        v.PerpetratorCategory(content.get("perpetrator", "unknown")).label
                    )
                }
            ]
        if v.ReferralContent.DATE in parts:
            package["date"] = (event.start_date if event else "") or content.get("when", "")
            package["date_in_words"] = content.get("when_text", "")
        if v.ReferralContent.PLACE in parts:
            package["place"] = {
                "country": (event.country if event else "") or content.get("country", ""),
                "locality": (event.locality if event else "") or content.get("where", ""),
            }
        if v.ReferralContent.ACCOUNT in parts:
            package["facts"] = content.get("what_happened", "")
            if event is not None and event.description:
                package["facts_documented"] = event.description
        if v.ReferralContent.STEPS_TAKEN in parts:
            package["domestic_steps"] = [
                {
                    "kind": str(i.get_kind_display()),
                    "body": i.body,
                    "date": i.date,
                    "status": str(i.get_status_display()),
                }
                for i in (event.interventions.all() if event else [])
            ] + [
                {
                    "kind": str(v.BodyKind(r.body.kind).label),
                    "body": r.body.name,
                    "date": r.sent_on.isoformat() if r.sent_on else "",
                    "status": str(v.ReferralStatus(r.status).label),
                }
                for r in report.referrals.select_related("body").exclude(pk=referral.pk)
                if r.sent_on
            ]
        if v.ReferralContent.ATTACHMENTS in parts:
            package["attachments"] = [
                {"id": a.pk, "content_type": a.content_type, "size": a.size}
                for a in report.attachments.defer("content_sealed")
            ]
        if identity is not None:
            package["author"] = identity
        package["requirements"] = list(body.requirements)
    audit(
        actor=user,
        action="waypost.report.referral_package_read",
        report=report,
        fields=sorted(parts),
        new={"referral": str(referral.public_id)},
    )
    return package


def report_event(*, report: Report) -> Event | None:
    return (
        Event.objects.filter(report=report)
        .prefetch_related(
            "victims",
            "perpetrators",
            "acts__victim",
            "acts__perpetrator",
            "sources",
            "interventions",
        )
        .first()
    )


def reporter_messages(report: Report) -> list[Any]:
    return [m for m in report.messages.all() if m.sender == Sender.REPORTER]


# Statistics: counts of codes only, small counts suppressed.


@dataclass(frozen=True)
class Cell:
    code: str
    label: str
    count: int | None  # None: suppressed

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class Statistics:
    total_reports: int | None
    by_violation: list[Cell]
    by_country: list[Cell]
    by_perpetrator: list[Cell]
    by_outcome: list[Cell]
    threshold: int = SUPPRESSION_THRESHOLD


def suppress(
    counts: dict[str, int], labels: dict[str, str], threshold: int = SUPPRESSION_THRESHOLD
) -> list[Cell]:
    """Cells below ``threshold`` are hidden, and more until none can be worked out from
    the total: the one disclosure-control policy of every release (``waypost.statistics``,
    whose linear programmes check that each hidden cell can lie anywhere in a range at
    least ``threshold`` wide, given the visible cells and the total)."""
    present = {code: count for code, count in counts.items() if count > 0}
    table = protect({(code,): count for code, count in present.items()}, k=threshold)
    hidden = {key[0] for key in table.hidden}
    cells = [
        Cell(code=code, label=labels.get(code, code), count=None if code in hidden else count)
        for code, count in counts.items()
        if count > 0
    ]
    return sorted(cells, key=lambda cell: (-(cell.count or 0), cell.label))


def _country_label(code: str) -> str:
    return label_or_code("core.country", code)


def report_statistics(*, organisation: Organisation | None = None) -> Statistics:
    """Public counts over organisations that publish statistics (or one organisation's own)."""
    reports = Report.objects.all()
    if organisation is not None:
        reports = reports.filter(organisation=organisation)
    else:
        reports = reports.filter(organisation__reporting_channel__publishes_statistics=True)
    events = Event.objects.filter(report__in=reports)
    by_violation = Counter(
        dict(
            Act.objects.filter(event__in=events)
            .values("violation_type")
            .annotate(n=Count("event", distinct=True))
            .values_list("violation_type", "n")
        )
    )
    by_country = Counter(
        dict(events.values("country").annotate(n=Count("id")).values_list("country", "n"))
    )
    by_perpetrator = Counter(
        dict(
            Perpetrator.objects.filter(event__in=events)
            .values("category")
            .annotate(n=Count("event", distinct=True))
            .values_list("category", "n")
        )
    )
    by_outcome = Counter(
        dict(reports.values("outcome").annotate(n=Count("id")).values_list("outcome", "n"))
    )
    total = reports.count()
    return Statistics(
        total_reports=total if total >= SUPPRESSION_THRESHOLD or total == 0 else None,
        by_violation=suppress(
            dict(by_violation), {c: str(label) for c, label in v.ViolationType.choices}
        ),
        by_country=suppress(dict(by_country), {c: _country_label(c) for c in by_country}),
        by_perpetrator=suppress(
            dict(by_perpetrator), {c: str(label) for c, label in v.PerpetratorCategory.choices}
        ),
        by_outcome=suppress(dict(by_outcome), {c: str(label) for c, label in v.Outcome.choices}),
    )


@dataclass(frozen=True)
class AuthorityComplaints:
    """Reports that name an authority as perpetrator in a country: counts only."""

    country: str
    authority_kind: str
    since: date
    total: int | None  # None: suppressed
    by_violation: list[Cell]
    threshold: int = SUPPRESSION_THRESHOLD


def complaints_against_authority(
    *, country: str, authority_kind: str, since: date
) -> AuthorityComplaints:
    """How many reports received since ``since`` name an authority of ``authority_kind`` as
    perpetrator in ``country``, and of which violations: for training's indicators, which
    link a post's training to the complaints about its kind of authority where it is.

    The same population as the public statistics (organisations that publish them), and
    the same suppression: a count under the threshold is hidden, so a law-enforcement or
    border organisation learns no more than anyone does, and no report is ever named."""
    reports = Report.objects.filter(
        organisation__reporting_channel__publishes_statistics=True, submitted_on__gte=since
    )
    events = Event.objects.filter(
        report__in=reports,
        country=country.upper(),
        perpetrators__authority_kind=authority_kind,
    ).distinct()
    total = events.count()
    by_violation = Counter(
        dict(
            Act.objects.filter(event__in=events)
            .values("violation_type")
            .annotate(n=Count("event", distinct=True))
            .values_list("violation_type", "n")
        )
    )
    return AuthorityComplaints(
        country=country.upper(),
        authority_kind=authority_kind,
        since=since,
        total=total if total >= SUPPRESSION_THRESHOLD or total == 0 else None,
        by_violation=suppress(
            dict(by_violation), {c: str(label) for c, label in v.ViolationType.choices}
        )
        if total >= SUPPRESSION_THRESHOLD
        else [],
    )


# Patterns: events several reports describe (issue 39, part 4).


@dataclass(frozen=True)
class TimelineEntry:
    date: str  # a partial ISO date: year, year-month or day
    kind: str  # event, happened, received, acknowledged, linked
    report: str  # the report's reference, or "" for the event itself
    text: str


@dataclass(frozen=True)
class SharedEventView:
    event: SharedEvent
    reports: list[Report]
    timeline: list[TimelineEntry]


def shared_events_for_handler(*, user: User) -> QuerySet[SharedEvent]:
    """The events of the user's organisation (titles and places are sealed: a list shows
    references, dates and violation types only)."""
    _require_handler(user)
    return SharedEvent.objects.filter(organisation_id=_org_id(user)).prefetch_related("links")


def _timeline(event: SharedEvent, reports: list[Report]) -> list[TimelineEntry]:
    entries = [TimelineEntry(event.start_date, "event", "", _("The event"))]
    for report in reports:
        ref = report.reference
        documented = Event.objects.filter(report=report).first()
        if documented is not None and documented.start_date:
            entries.append(
                TimelineEntry(
                    documented.start_date,
                    "happened",
                    ref,
                    _("What report %(reference)s describes happened") % {"reference": ref},
                )
            )
        entries.append(
            TimelineEntry(
                report.submitted_on.isoformat(),
                "received",
                ref,
                _("Report %(reference)s received") % {"reference": ref},
            )
        )
        if report.acknowledged_on is not None:
            entries.append(
                TimelineEntry(
                    report.acknowledged_on.isoformat(),
                    "acknowledged",
                    ref,
                    _("Report %(reference)s acknowledged") % {"reference": ref},
                )
            )
        link = report.event_link
        entries.append(
            TimelineEntry(
                link.linked_on.isoformat(),
                "linked",
                ref,
                _("Report %(reference)s linked to this event") % {"reference": ref},
            )
        )
    order = {"event": 0, "happened": 1, "received": 2, "acknowledged": 3, "linked": 4}
    return sorted(entries, key=lambda e: (e.date, order[e.kind], e.report))


def shared_event_get_for_handler(*, user: User, public_id: UUID | str) -> SharedEventView:
    """One event with the reports of it the user may see (their organisation's, never past
    the firewall) and its dated timeline; the read is audited on each report shown."""
    _require_handler(user)
    event = SharedEvent.objects.filter(organisation_id=_org_id(user), public_id=public_id).first()
    if event is None:
        raise NotFound(_("No such event."))
    reports = list(
        Report.objects.filter(event_link__event=event, organisation_id=_org_id(user))
        .select_related("event_link")
        .order_by("submitted_on", "id")
    )
    for report in reports:
        audit(
            actor=user,
            action="waypost.report.shared_event_read",
            report=report,
            fields=["event"],
            new={"event": str(event.public_id)},
        )
    return SharedEventView(event=event, reports=reports, timeline=_timeline(event, reports))


def shared_event_get_for_change(*, user: User, public_id: UUID | str) -> SharedEvent:
    _require_handler(user)
    event = SharedEvent.objects.filter(organisation_id=_org_id(user), public_id=public_id).first()
    if event is None:
        raise NotFound(_("No such event."))
    return event


def report_for_link(*, user: User, public_id: UUID | str) -> Report:
    """A report of the user's organisation to link to an event: its content is not read
    (the link itself is audited by the service)."""
    _require_handler(user)
    report = Report.objects.filter(organisation_id=_org_id(user), public_id=public_id).first()
    if report is None:
        raise NotFound(_("No such report."))
    return report


def shared_event_of(*, user: User, report: Report) -> SharedEvent | None:
    """The event of the user's organisation the report is linked to, if any."""
    _require_handler(user)
    return SharedEvent.objects.filter(organisation_id=_org_id(user), links__report=report).first()
