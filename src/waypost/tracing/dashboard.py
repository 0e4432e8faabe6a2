from django.utils.translation import gettext_lazy as _

from waypost.accounts.roles import Permission
from waypost.core.dashboard import DashboardCard

DASHBOARD_CARDS = [
    DashboardCard(
        title=_("Missing-person reports"),
        description=_("Families' enquiries, their candidates and the contact log."),
        url_name="tracing:missing",
        permission=Permission.VIEW_PERSONAL_DATA,
        nav_title=_("Missing persons"),
    ),
    DashboardCard(
        title=_("Found persons"),
        description=_("People found alive in hospitals, shelters, detention and reception."),
        url_name="tracing:found",
        permission=Permission.VIEW_PERSONAL_DATA,
    ),
    DashboardCard(
        title=_("Unidentified remains"),
        description=_("Post-mortem records awaiting identification."),
        url_name="tracing:remains",
        permission=Permission.VIEW_PERSONAL_DATA,
        nav_title=_("Remains"),
    ),
    DashboardCard(
        title=_("Candidates to review"),
        description=_("Possible matches waiting for two reviewers' decisions."),
        url_name="tracing:review",
        permission=Permission.REVIEW_CANDIDATES,
        nav_title=_("Candidates"),
    ),
]
