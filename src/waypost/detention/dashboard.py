from django.utils.translation import gettext_lazy as _

from waypost.accounts.models import User
from waypost.accounts.roles import Permission
from waypost.core.dashboard import DashboardCard


def children_held(user: User) -> int:
    """Children the user's organisation records as held now (a count, naming no one)."""
    from waypost.detention.selectors import children_detained

    return children_detained(user=user).count()


def consular_overdue_count(user: User) -> int:
    """The organisation's current detentions past their consular deadline."""
    from waypost.detention.selectors import consular_overdue

    return len(consular_overdue(user=user))


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
        count=children_held,
    ),
    DashboardCard(
        title=_("Consular notifications overdue"),
        description=_("Detentions whose consulate should have been notified by now."),
        url_name="detention:overdue",
        permission=Permission.VIEW_PERSONAL_DATA,
        in_nav=False,
        count=consular_overdue_count,
    ),
]
