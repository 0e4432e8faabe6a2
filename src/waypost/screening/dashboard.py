from django.utils.translation import gettext_lazy as _

from waypost.accounts.roles import Permission
from waypost.core.dashboard import DashboardCard

DASHBOARD_CARDS = [
    DashboardCard(
        title=_("Screening and referral"),
        description=_(
            "People met at borders and reception: concerns, children, age assessments, referrals."
        ),
        url_name="screening:list",
        permission=Permission.VIEW_PERSONAL_DATA,
        nav_title=_("Screening"),
    ),
    DashboardCard(
        title=_("Referrals"),
        description=_("Referrals received and sent, with their clocks and overdue alerts."),
        url_name="screening:referrals",
        permission=Permission.VIEW_PERSONAL_DATA,
    ),
]
