from django.utils.translation import gettext_lazy as _

from waypost.accounts.roles import Permission
from waypost.core.dashboard import DashboardCard

DASHBOARD_CARDS = [
    DashboardCard(
        title=_("Members"),
        description=_("Invite colleagues, change their roles, deactivate accounts."),
        url_name="accounts:members",
        permission=Permission.MANAGE_MEMBERS,
    ),
]
