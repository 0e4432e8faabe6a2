"""What tracing tells the people who use Waypost by email (accounts/notifications.py rules:
counts, record numbers and where to look; never a person's name, place or story)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from waypost.accounts.models import User
from waypost.accounts.notifications import work_notify


def match_confirmed_notify(*, user: User, kind: str, record_id: int) -> None:
    """The finding organisation hears that its record was confirmed as a person sought."""

    def what() -> str:
        if kind == "found_person":
            return _(
                "Another organisation's reviewers confirmed that found person number "
                "%(number)s, recorded by your organisation, is the person a family is "
                "looking for."
            ) % {"number": record_id}
        return _(
            "Another organisation's reviewers confirmed that the remains number %(number)s, "
            "held by your organisation, are of the person a family is looking for."
        ) % {"number": record_id}

    work_notify(
        user=user,
        subject=lambda: _("A record of your organisation was confirmed as a person sought"),
        what_happened=what,
        advice=lambda: _(
            "Open the record in Waypost to see the candidate. What the family may be told "
            "follows the person's own consents, which you can change on the record's page."
        ),
    )


def overdue_notify(*, user: User, notifications_due: int, updates_due: int) -> None:
    """The daily reminder of a caseworker's overdue work (``waypost tracing remind``)."""

    def what() -> str:
        parts = []
        if notifications_due:
            parts.append(
                ngettext(
                    "%(count)d family is waiting to be told of a confirmed match past the day set.",
                    "%(count)d families are waiting to be told of a confirmed match past the "
                    "day set.",
                    notifications_due,
                )
                % {"count": notifications_due}
            )
        if updates_due:
            parts.append(
                ngettext(
                    "%(count)d family of your caseload is past the day set for news of the search.",
                    "%(count)d families of your caseload are past the day set for news of "
                    "the search.",
                    updates_due,
                )
                % {"count": updates_due}
            )
        return " ".join(parts)

    work_notify(
        user=user,
        subject=lambda: _("Waypost: families waiting for news"),
        what_happened=what,
        advice=lambda: _(
            'The list is on the page "Overdue" of Waypost\'s tracing, and in your caseload.'
        ),
    )
