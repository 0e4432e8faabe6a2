"""The home page: each app contributes cards for the roles that may use them.

An app lists its cards in ``DASHBOARD_CARDS`` in its ``dashboard.py``. A signed-in user
sees the cards whose permission their role has; a visitor without an account (a migrant,
a family, the public) sees the cards marked ``PUBLIC``, such as reporting abuse anonymously.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.contrib.auth.models import AnonymousUser
from django.utils.functional import Promise

from waypost.accounts.models import User
from waypost.accounts.roles import Permission
from waypost.core.plugins import app_modules

PUBLIC: Literal["public"] = "public"


@dataclass(frozen=True)
class DashboardCard:
    title: str | Promise
    description: str | Promise
    url_name: str
    permission: Permission | Literal["public"]


def cards_for(user: User | AnonymousUser) -> list[DashboardCard]:
    def shown(card: DashboardCard) -> bool:
        if not isinstance(user, User) or not user.is_authenticated:
            return card.permission == PUBLIC
        return card.permission != PUBLIC and user.has_role_permission(card.permission)

    return [
        card
        for module in app_modules("dashboard")
        for card in getattr(module, "DASHBOARD_CARDS", [])
        if shown(card)
    ]
