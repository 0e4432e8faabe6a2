from django.utils.translation import gettext_lazy as _

from waypost.accounts.roles import Permission
from waypost.core.dashboard import DashboardCard

DASHBOARD_CARDS = [
    DashboardCard(
        title=_("Statistical releases"),
        description=_(
            "Every table and forecast that left Waypost: when, for whom, and which small counts were hidden."
        ),
        url_name="releases:log",
        permission=Permission.VIEW_STATISTICS,
        # A log, reached from the home page and the statistics page: the top bar stays one row.
        in_nav=False,
    ),
]
