from django.utils.translation import gettext_lazy as _

from waypost.accounts.models import User
from waypost.accounts.roles import Permission
from waypost.core.dashboard import DashboardCard


def overdue_received(user: User) -> int:
    """Referrals sent to the user's organisation and not answered by their due time."""
    from waypost.screening.selectors import referrals_for

    return referrals_for(user=user, box="in", overdue=True).count()


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
    DashboardCard(
        title=_("Overdue referrals"),
        description=_(
            "Referrals sent to your organisation and not answered in the time their priority "
            "allows (emergency 24 hours, urgent 72 hours, normal 14 days)."
        ),
        url_name="screening:referrals",
        query="?box=in&overdue=1",
        permission=Permission.VIEW_PERSONAL_DATA,
        in_nav=False,
        count=overdue_received,
    ),
    DashboardCard(
        title=_("Protection concerns"),
        description=_(
            "Your organisation's list of protection concerns and the UNHCR specific needs "
            "codes each one gives a screening."
        ),
        url_name="screening:concerns",
        permission=Permission.MANAGE_MEMBERS,
        in_nav=False,
    ),
]
