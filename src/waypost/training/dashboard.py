from django.utils.translation import gettext_lazy as _

from waypost.accounts.roles import Permission
from waypost.core.dashboard import DashboardCard

DASHBOARD_CARDS = [
    DashboardCard(
        title=_("Training of border officials"),
        description=_(
            "Sessions on human rights at borders, certificates, and per post the staff "
            "trained and the refreshers due."
        ),
        url_name="training:index",
        permission=Permission.VIEW_STATISTICS,
        nav_title=_("Training"),
    ),
]
