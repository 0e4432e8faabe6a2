from django.utils.translation import gettext_lazy as _

from waypost.accounts.roles import Permission
from waypost.core.dashboard import DashboardCard

DASHBOARD_CARDS = [
    DashboardCard(
        title=_("Background jobs"),
        description=_("Imports and other long tasks of your organisation, with their progress."),
        url_name="jobs:list",
        permission=Permission.RUN_OPERATIONS,
        nav_title=_("Jobs"),
    ),
]
