from django.utils.translation import gettext_lazy as _

from waypost.accounts.roles import Permission
from waypost.core.dashboard import PUBLIC, DashboardCard

DASHBOARD_CARDS = [
    DashboardCard(
        title=_("Sending money home: what it costs"),
        description=_(
            "The cheapest services to send 200 US dollars from one country to another, with "
            "their speed and how to pay (World Bank prices)."
        ),
        url_name="remittances:send",
        permission=PUBLIC,
    ),
    DashboardCard(
        title=_("Remittance costs: statistics"),
        description=_(
            "The cost of sending money home against the 3% target (SDG indicator 10.c.1), "
            "by corridor, country, firm type and instrument, with trends."
        ),
        url_name="remittances:statistics",
        permission=PUBLIC,
    ),
    DashboardCard(
        title=_("Remittance costs: statistics"),
        description=_(
            "The cost of sending money home against the 3% target (SDG indicator 10.c.1), "
            "by corridor, country, firm type and instrument, with trends."
        ),
        url_name="remittances:statistics",
        permission=Permission.VIEW_STATISTICS,
        nav_title=_("Remittances"),
    ),
    DashboardCard(
        title=_("Remittance cost alerts"),
        description=_(
            "Corridors your organisation watches whose cost is above 5%, or rose since the "
            "last quarter."
        ),
        url_name="remittances:alerts",
        permission=Permission.VIEW_STATISTICS,
        in_nav=False,
    ),
]
