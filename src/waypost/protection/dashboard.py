from django.utils.translation import gettext_lazy as _

from waypost.accounts.roles import Permission
from waypost.core.dashboard import DashboardCard

DASHBOARD_CARDS = [
    DashboardCard(
        title=_("Audit log"),
        description=_("Who did what to which record, when and why; checked by a hash chain."),
        url_name="protection:audit",
        permission=Permission.VIEW_AUDIT,
    ),
    DashboardCard(
        title=_("Sharing agreements"),
        description=_("What your organisation shares with others and receives, for which purpose."),
        url_name="protection:agreements",
        permission=Permission.MANAGE_SHARING,
        nav_title=_("Sharing"),
    ),
]
