from django.utils.translation import gettext_lazy as _

from waypost.accounts.roles import Permission
from waypost.core.dashboard import DashboardCard

DASHBOARD_CARDS = [
    DashboardCard(
        title=_("Detention oversight"),
        description=_(
            "Who is held where, since when, on what authority, and whether their consulate "
            "knew in time."
        ),
        url_name="detention:list",
        permission=Permission.VIEW_PERSONAL_DATA,
        nav_title=_("Detention"),
    ),
    DashboardCard(
        title=_("Children in detention"),
        description=_("Children recorded in detention: act for their release."),
        url_name="detention:children",
        permission=Permission.VIEW_PERSONAL_DATA,
        in_nav=False,
    ),
    DashboardCard(
        title=_("Consular notifications overdue"),
        description=_("Detentions whose consulate should have been notified by now."),
        url_name="detention:overdue",
        permission=Permission.VIEW_PERSONAL_DATA,
        in_nav=False,
    ),
]
