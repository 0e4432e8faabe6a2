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
        title=_("My caseload"),
        description=_("Reports assigned to you: status, last contact, next update due."),
        url_name="tracing:caseload",
        permission=Permission.EDIT_CASES,
        in_nav=False,
    ),
    DashboardCard(
        title=_("Overdue"),
        description=_("Families waiting past the day set to be told of a match or given news."),
        url_name="tracing:overdue",
        permission=Permission.VIEW_PERSONAL_DATA,
        in_nav=False,
    ),
    DashboardCard(
        title=_("Possible duplicate reports"),
        description=_("Reports that may be of the same person, to merge or tell apart."),
        url_name="tracing:duplicates",
        permission=Permission.VIEW_PERSONAL_DATA,
        in_nav=False,
    ),
    DashboardCard(
        title=_("Candidates to review"),
        description=_("Possible matches waiting for two reviewers' decisions."),
        url_name="tracing:review",
        permission=Permission.REVIEW_CANDIDATES,
        nav_title=_("Candidates"),
    ),
]
