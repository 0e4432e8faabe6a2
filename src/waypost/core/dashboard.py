"""The home page and the top navigation: each app contributes cards for the roles that may use them.

An app lists its cards in ``DASHBOARD_CARDS`` in its ``dashboard.py``. A signed-in user
sees the cards whose permission their role has (and, where a card says so, that their
organisation may use: ``available``); a visitor without an account (a migrant, a family,
the public) sees the cards marked ``PUBLIC``, such as reporting abuse anonymously.

The top navigation lists the same cards under their short names (``nav_title``), so a
link in it is never one the role may not follow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
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
    # The card's name in the top navigation (its title if not given).
    nav_title: str | Promise | None = None
    # A condition beyond the role's permission, checked by the view too: the card's page
    # refuses a user for whom it is false (e.g. an organisation the firewall bars).
    available: Callable[[User], bool] | None = None
    # Work lists inside a section (a caseload, what is overdue) are on the home page and
    # their section's pages, not in the top navigation: it must stay one row on a wide
    # screen, one entry per section.
    in_nav: bool = True
    # Added to the page's address (e.g. "?overdue=1": the filtered list the card is about).
    query: str = ""
    # How many items wait in the card's work list for the signed-in user (shown on the
    # card); a count only, never whom they are about.
    count: Callable[[User], int] | None = None


@dataclass(frozen=True)
class ShownCard:
    """A card as the home page shows it: its address and, for a work list, its count."""

    card: DashboardCard
    url: str
    count: int | None

    @property
    def title(self) -> str | Promise:
        return self.card.title

    @property
    def description(self) -> str | Promise:
        return self.card.description


@dataclass(frozen=True)
class NavItem:
    title: str | Promise
    url: str
    current: Literal["page", "true", ""]  # the value of aria-current, or "" for none


def cards_for(user: User | AnonymousUser) -> list[DashboardCard]:
    def shown(card: DashboardCard) -> bool:
        if not isinstance(user, User) or not user.is_authenticated:
            return card.permission == PUBLIC
        if card.permission == PUBLIC or not user.has_role_permission(card.permission):
            return False
        return card.available is None or card.available(user)

    return [
        card
        for module in app_modules("dashboard")
        for card in getattr(module, "DASHBOARD_CARDS", [])
        if shown(card)
    ]


def shown_cards(user: User | AnonymousUser) -> list[ShownCard]:
    """``cards_for(user)`` with each card's address and work-list count."""
    signed_in = isinstance(user, User) and user.is_authenticated
    return [
        ShownCard(
            card,
            reverse(card.url_name) + card.query,
            card.count(user)
            if card.count is not None and isinstance(user, User) and signed_in
            else None,
        )
        for card in cards_for(user)
    ]


def nav_for(user: User | AnonymousUser | None, path: str) -> list[NavItem]:
    """The signed-in user's sections, the one ``path`` is in marked as current.

    A page inside a section (a record of a list) marks the section whose address is the
    longest start of the page's: ``aria-current="true"``; the section's own page: "page".
    """
    if not isinstance(user, User) or not user.is_authenticated:
        return []
    items: list[tuple[str | Promise, str]] = []
    for card in cards_for(user):
        if not card.in_nav:
            continue
        url = reverse(card.url_name)
        if all(url != seen for _title, seen in items):
            items.append((card.nav_title or card.title, url))
    inside = [url for _title, url in items if path.startswith(url)]
    section = max(inside, key=len, default="")
    return [
        NavItem(title, url, "page" if url == path else "true" if url == section else "")
        for title, url in items
    ]
