from django.utils.translation import gettext_lazy as _

from waypost.accounts.roles import Permission
from waypost.core.dashboard import PUBLIC, DashboardCard

DASHBOARD_CARDS = [
    DashboardCard(
        title=_("Import Missing Migrants Project data"),
        description=_("Import an MMP export (CSV or XLSX) in the background, with its progress."),
        url_name="incidents:import",
        permission=Permission.RUN_OPERATIONS,
        nav_title=_("Import"),
    ),
    DashboardCard(
        title=_("Incidents to review"),
        description=_("Verify incidents, check flagged figures, merge likely duplicates."),
        url_name="incidents:review",
        permission=Permission.REVIEW_INCIDENTS,
        nav_title=_("Review incidents"),
    ),
    DashboardCard(
        title=_("Deaths and disappearances"),
        description=_("Incidents on migration routes, with their sources, filters and exports."),
        url_name="incidents:list",
        permission=Permission.VIEW_INCIDENTS,
        nav_title=_("Incidents"),
    ),
    DashboardCard(
        title=_("Missing migrants: statistics"),
        description=_(
            "People who died or disappeared in migration (SDG indicator 10.7.3), by year, region, route and cause, with a map."
        ),
        url_name="incidents:statistics",
        permission=Permission.VIEW_STATISTICS,
        nav_title=_("Statistics"),
    ),
    DashboardCard(
        title=_("Missing migrants: statistics"),
        description=_(
            "People who died or disappeared in migration (SDG indicator 10.7.3), by year, region, route and cause, with a map."
        ),
        url_name="incidents:statistics",
        permission=PUBLIC,
    ),
]
