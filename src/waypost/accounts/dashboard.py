from django.utils.translation import gettext_lazy as _

from waypost.accounts.roles import Permission
from waypost.accounts.selectors import may_manage_organisations
from waypost.core.dashboard import DashboardCard

DASHBOARD_CARDS = [
    DashboardCard(
        title=_("Members"),
        description=_("Invite colleagues, change their roles, deactivate accounts."),
        url_name="accounts:members",
        permission=Permission.MANAGE_MEMBERS,
    ),
    DashboardCard(
        title=_("Organisations"),
        description=_(
            "The organisations that use this installation: create them, correct their details, deactivate them."
        ),
        url_name="accounts:organisations",
        permission=Permission.MANAGE_ORGANISATIONS,
        available=may_manage_organisations,
    ),
]
