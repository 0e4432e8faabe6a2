from django.utils.translation import gettext_lazy as _

from waypost.accounts.roles import Permission
from waypost.core.dashboard import PUBLIC, DashboardCard

DASHBOARD_CARDS = [
    DashboardCard(
        title=_("Information for people on the move"),
        description=_(
            "Your rights, services near you and the risks of the route, in your language, "
            "without an account."
        ),
        url_name="info:index",
        permission=PUBLIC,
    ),
    DashboardCard(
        title=_("Information for migrants"),
        description=_(
            "Information points and their posters, articles in many languages and their "
            "review, and feedback on services to moderate."
        ),
        url_name="info:manage",
        permission=Permission.EDIT_CASES,
        nav_title=_("Information"),
        in_nav=False,
    ),
]
