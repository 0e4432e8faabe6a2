from django.utils.translation import gettext_lazy as _

from waypost.accounts.roles import Permission
from waypost.core.dashboard import PUBLIC, DashboardCard
from waypost.reporting.selectors import organisation_receives_reports

DASHBOARD_CARDS = [
    DashboardCard(
        title=_("Report an abuse safely"),
        description=_(
            "Without an account or your name. Only the organisation you choose can read it; never the police or border authorities."
        ),
        url_name="reporting:start",
        permission=PUBLIC,
    ),
    DashboardCard(
        title=_("Follow up on a report"),
        description=_("Read replies, answer questions and add evidence with your receipt code."),
        url_name="reporting:follow_up",
        permission=PUBLIC,
    ),
    DashboardCard(
        title=_("Reported abuses: statistics"),
        description=_("Counts by type, place, perpetrator and outcome, without identities."),
        url_name="reporting:statistics",
        permission=PUBLIC,
    ),
    DashboardCard(
        title=_("Reports received"),
        description=_("Triage, document, refer and follow reports of abuses to an outcome."),
        url_name="reporting:inbox",
        permission=Permission.HANDLE_REPORTS,
        nav_title=_("Reports"),
        available=organisation_receives_reports,
    ),
    DashboardCard(
        title=_("Reports overdue"),
        description=_(
            "Reports not acknowledged within their days, or waiting past their months for feedback."
        ),
        url_name="reporting:overdue",
        permission=Permission.HANDLE_REPORTS,
        available=organisation_receives_reports,
        in_nav=False,
    ),
    DashboardCard(
        title=_("Identity disclosure requests"),
        description=_("Approve or refuse handlers' requests to see a reporter's identity."),
        url_name="reporting:disclosures",
        permission=Permission.APPROVE_IDENTITY_DISCLOSURE,
        nav_title=_("Identity requests"),
        available=organisation_receives_reports,
    ),
]
