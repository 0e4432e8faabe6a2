"""Reads for confidential reporting: recipients, a reporter's view, handlers' views, statistics."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from waypost.accounts.models import Organisation, User
from waypost.accounts.roles import ENFORCEMENT_KINDS, Permission
from waypost.core.exceptions import NotFound, PermissionDenied
from waypost.core.vocabularies import label_or_code
from waypost.reporting import vocabularies as v
from waypost.reporting.models import (
    Act,
    Event,
    IdentityDisclosure,
    Perpetrator,
    Report,
    ReportAttachment,
    ReportingChannel,
    Sender,
)
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


def report_reporter_view(*, report: Report) -> ReporterView:
    messages = [
        ReporterMessage(sender=m.sender, body=m.body, sent_on=m.sent_on.isoformat())
        for m in report.messages.all()
    ]
    audit(actor=None, action="waypost.report.read_by_reporter", report=report, fields=["messages"])
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


def reports_for_handler(*, user: User, status: str = "") -> QuerySet[Report]:
    """Reports addressed to the user's organisation (workflow columns only, no content)."""
    _require_handler(user)
    reports = Report.objects.filter(organisation_id=_org_id(user))
    if status:
        reports = reports.filter(status=status)
    # Explicit: a query with counts (GROUP BY) ignores the model's default ordering, and
    # pages of an unordered list can repeat or skip reports.
    return (
        reports.defer("content_sealed", "identity_sealed")
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
