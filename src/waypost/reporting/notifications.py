"""What reporting tells handlers, in the app and by email: that a report arrived, changed,
was assigned or is past its deadline, with its short reference. Never a word of its
content, the reporter's identity or the place (accounts/notifications.py rules): a
mailbox read by someone else learns only that there is work."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from waypost.accounts.models import User
from waypost.accounts.notifications import work_notify
from waypost.accounts.roles import ROLE_PERMISSIONS, Permission
from waypost.reporting import vocabularies as v
from waypost.reporting.models import Report, ReportNotice
from waypost.reporting.privacy import today

HANDLER_ROLES = [
    role for role, perms in ROLE_PERMISSIONS.items() if Permission.HANDLE_REPORTS in perms
]


def handlers_of(organisation_id: int) -> list[User]:
    """Active people of the organisation whose role handles reports."""
    return list(
        User.objects.filter(
            organisation_id=organisation_id, is_active=True, role__in=HANDLER_ROLES
        ).order_by("pk")
    )


def recipients_for(report: Report) -> list[User]:
    """The report's handler if it has one, else everyone who handles reports there."""
    assignee = report.assigned_to
    if assignee is not None and assignee.has_role_permission(Permission.HANDLE_REPORTS):
        return [assignee]
    return handlers_of(report.organisation_id)


_SUBJECTS = {
    v.NoticeKind.NEW: lambda: _("Waypost: a new report arrived"),
    v.NoticeKind.UPDATED: lambda: _("Waypost: a reporter wrote again"),
    v.NoticeKind.ASSIGNED: lambda: _("Waypost: a report was assigned to you"),
    v.NoticeKind.TRANSFERRED_IN: lambda: _("Waypost: a report was passed to your organisation"),
    v.NoticeKind.CONSENT: lambda: _("Waypost: a reporter answered a request for consent"),
    v.NoticeKind.ACKNOWLEDGE_OVERDUE: lambda: _("Waypost: a report waits to be acknowledged"),
    v.NoticeKind.FEEDBACK_OVERDUE: lambda: _("Waypost: a reporter waits for feedback"),
}


def notify(*, report: Report, kind: str, users: list[User] | None = None) -> int:
    """Leave an in-app notice for each person and email them (after the commit): the kind
    of event and the report's reference only. Returns how many were told."""
    people = users if users is not None else recipients_for(report)
    day = today()
    ReportNotice.objects.bulk_create(
        ReportNotice(user=user, report=report, kind=kind, created_on=day) for user in people
    )
    reference = report.reference

    def what() -> str:
        return _("%(event)s: report %(reference)s.") % {
            "event": v.NoticeKind(kind).label,
            "reference": reference,
        }

    def send() -> None:
        for user in people:
            work_notify(
                user=user,
                subject=_SUBJECTS[v.NoticeKind(kind)],
                what_happened=what,
                advice=lambda: _(
                    "Open Waypost's reports to read it. This message never carries what a "
                    "report says."
                ),
            )

    transaction.on_commit(send)
    return len(people)
