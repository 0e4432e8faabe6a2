"""Messages Waypost sends to the people who use it, in their own language (STYLE 21).

A notification names what changed and when, never a secret or a personal record, so that
a mailbox read by someone else (a shared office address, a seized phone) learns nothing
beyond the fact of the change (ASVS 2.2.3, 2.5.5).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from waypost.accounts.models import User

logger = logging.getLogger(__name__)


def language_of(user: User) -> str:
    """The user's preferred language if Waypost has it, else the language now in use."""
    available = {code for code, _name in settings.LANGUAGES}
    for candidate in (user.preferred_language, translation.get_language() or ""):
        code = candidate.split("-")[0].lower()
        if code in available:
            return code
    return str(settings.LANGUAGE_CODE)


@contextmanager
def recipient_language(user: User) -> Iterator[str]:
    """Render what is sent to ``user`` in their language, whatever the request's language."""
    language = language_of(user)
    with translation.override(language):
        yield language


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _body(
    user: User,
    what_changed: str,
    moment: datetime,
    advice: str | None = None,
    *,
    change: bool = True,
) -> str:
    when = {"when": _when(moment), "zone": settings.TIME_ZONE}
    return "\n\n".join(
        [
            _("Hello %(name)s,") % {"name": user.get_full_name() or user.get_username()},
            what_changed,
            _("Time of the change: %(when)s (%(zone)s).") % when
            if change
            else _("Time: %(when)s (%(zone)s).") % when,
            advice
            or _(
                "If you made this change, you need not do anything. If you did not, tell your "
                "organisation's admin at once: they can deactivate the account while you find "
                "out what happened."
            ),
            _("This message was sent automatically by Waypost. Do not reply to it."),
        ]
    )


def _notify(
    user: User,
    *,
    subject: Callable[[], str],
    what_changed: Callable[[], str],
    advice: Callable[[], str] | None = None,
    change: bool = True,
) -> None:
    """Send ``user`` (if they have an address) a notice rendered in their language.

    The texts are passed as functions so that they are translated inside the recipient's
    language, not the language of the request that caused the change.
    """
    if not user.email:
        return
    with recipient_language(user):
        title = subject()
        body = _body(
            user, what_changed(), timezone.now(), advice() if advice else None, change=change
        )
    _send(user, title, body)


def _send(user: User, subject: str, body: str) -> None:
    try:
        send_mail(subject, body, None, [user.email])
    except Exception:
        # The change itself is done and audited; a mail server that is down must not undo
        # it or show the user an error. Log the account id only, never the address.
        logger.exception("Could not send a security notification to user %s", user.pk)


def password_changed_notify(*, user: User) -> None:
    """Tell ``user`` by email that their password was changed (if they have an address)."""
    _notify(
        user,
        subject=lambda: _("Your Waypost password was changed"),
        what_changed=lambda: (
            _("The password of your Waypost account %(username)s was changed.")
            % {"username": user.get_username()}
        ),
    )


def two_factor_enrolled_notify(*, user: User) -> None:
    """Tell ``user`` by email that an authenticator app was set up as their second factor."""
    _notify(
        user,
        subject=lambda: _("A second factor was set up for your Waypost account"),
        what_changed=lambda: (
            _(
                "An authenticator app was set up as the second factor of your Waypost account "
                "%(username)s. From now on, signing in needs a code from that app."
            )
            % {"username": user.get_username()}
        ),
    )


def two_factor_code_reused_notify(*, user: User) -> None:
    """Tell ``user`` that a code of their app was sent again and refused (ASVS 2.8.5)."""
    _notify(
        user,
        subject=lambda: _("A used second-factor code was refused on your Waypost account"),
        what_changed=lambda: (
            _(
                "Someone signing in to your Waypost account %(username)s entered a code from "
                "your authenticator app that had already been used. Waypost refused it."
            )
            % {"username": user.get_username()}
        ),
        advice=lambda: _(
            "If it was you, entering the same code twice, you need not do anything. If "
            "not, someone knows your password and saw one of your codes: change your "
            "password and tell your organisation's admin at once."
        ),
        change=False,
    )


def recovery_codes_generated_notify(*, user: User) -> None:
    """Tell ``user`` that a new set of recovery codes was made (the old ones stopped)."""
    _notify(
        user,
        subject=lambda: _("New recovery codes were made for your Waypost account"),
        what_changed=lambda: (
            _(
                "A new set of recovery codes was made for your Waypost account %(username)s. "
                "Any recovery codes made before no longer work."
            )
            % {"username": user.get_username()}
        ),
    )


def recovery_code_used_notify(*, user: User, codes_left: int) -> None:
    """Tell ``user`` that one of their recovery codes was used to sign in (ASVS 2.6)."""
    _notify(
        user,
        subject=lambda: _("A recovery code of your Waypost account was used"),
        what_changed=lambda: (
            ngettext(
                "One of the recovery codes of your Waypost account %(username)s was used "
                "instead of your authenticator app. %(count)d unused code is left.",
                "One of the recovery codes of your Waypost account %(username)s was used "
                "instead of your authenticator app. %(count)d unused codes are left.",
                codes_left,
            )
            % {"username": user.get_username(), "count": codes_left}
        ),
        advice=lambda: _(
            "If it was you, make new recovery codes soon, and set up your authenticator app "
            "again if you lost it. If not, someone has your password and your codes: tell "
            "your organisation's admin at once."
        ),
        change=False,
    )


def recovery_code_reused_notify(*, user: User) -> None:
    """Tell ``user`` that a recovery code already spent was tried and refused."""
    _notify(
        user,
        subject=lambda: _("A used recovery code was refused on your Waypost account"),
        what_changed=lambda: (
            _(
                "Someone signing in to your Waypost account %(username)s entered one of your "
                "recovery codes that had already been used. Waypost refused it."
            )
            % {"username": user.get_username()}
        ),
        advice=lambda: _(
            "If not you, someone has your password and has seen your recovery codes: change "
            "your password, make new recovery codes and tell your organisation's admin at once."
        ),
        change=False,
    )


def two_factor_reset_notify(*, user: User, by: User) -> None:
    """Tell ``user`` that an admin removed their second factor (ASVS 2.5.5, 2.5.7)."""
    _notify(
        user,
        subject=lambda: _("The second factor of your Waypost account was reset"),
        what_changed=lambda: (
            _(
                "%(admin)s, an admin of your organisation, removed the authenticator app of "
                "your Waypost account %(username)s. The old app no longer works, and you "
                "were signed out everywhere. When you next sign in, you will set up an "
                "authenticator app again."
            )
            % {"admin": by.get_full_name() or by.get_username(), "username": user.get_username()}
        ),
        advice=lambda: _(
            "If you asked for this, you need not do anything. If you did not, tell "
            "another admin of your organisation at once."
        ),
    )


def corridor_alert_notify(*, user: User, alerts: list[dict[str, Any]], period: str) -> None:
    """Tell ``user`` which watched remittance corridors are too costly in ``period``.

    ``alerts`` hold codes and figures only (``from``, ``to``, ``kind``, ``average``,
    ``previous``): public prices of firms, nothing personal. Country names are written in
    the recipient's language.
    """
    from waypost.core.vocabularies import label_or_code

    def lines() -> str:
        out = []
        for alert in alerts:
            names = {
                "source": label_or_code("core.country", alert["from"]),
                "destination": label_or_code("core.country", alert["to"]),
                "average": formats.number_format(float(alert["average"]), 2),
                "previous": formats.number_format(float(alert["previous"] or 0), 2),
            }
            if alert["kind"] == "above_5":
                out.append(
                    _(
                        "From %(source)s to %(destination)s: %(average)s%% on average, above "
                        "the 5%% that the Sustainable Development Goals set for every corridor."
                    )
                    % names
                )
            else:
                out.append(
                    _(
                        "From %(source)s to %(destination)s: %(average)s%% on average, up from "
                        "%(previous)s%% the quarter before."
                    )
                    % names
                )
        return "\n".join(f"- {line}" for line in out)

    _notify(
        user,
        subject=lambda: (
            _("Remittance costs: corridors to watch in %(period)s") % {"period": period}
        ),
        what_changed=lambda: (
            _(
                "The World Bank's Remittance Prices Worldwide for %(period)s, imported into "
                "Waypost, shows these corridors your organisation watches:"
            )
            % {"period": period}
            + "\n\n"
            + lines()
        ),
        advice=lambda: _(
            "The figures are the average total cost of sending USD 200, over the services "
            "the World Bank priced. Waypost's remittance pages show each corridor's "
            "cheapest services and its trend."
        ),
        change=False,
    )


def work_notify(
    *,
    user: User,
    subject: Callable[[], str],
    what_happened: Callable[[], str],
    advice: Callable[[], str],
) -> None:
    """Tell ``user`` of work waiting for them (other apps' notices), in their language.

    The same rules as for credentials: the message names what happened and where to look,
    never a person's data.
    """
    _notify(user, subject=subject, what_changed=what_happened, advice=advice, change=False)


def passkey_registered_notify(*, user: User) -> None:
    """Tell ``user`` that a passkey or security key was added to their account (ASVS 2.5.5)."""
    _notify(
        user,
        subject=lambda: _("A passkey was added to your Waypost account"),
        what_changed=lambda: (
            _("A passkey or security key was added to your Waypost account %(username)s.")
            % {"username": user.get_username()}
        ),
    )


def passkey_removed_notify(*, user: User) -> None:
    """Tell ``user`` that a passkey or security key was removed from their account."""
    _notify(
        user,
        subject=lambda: _("A passkey was removed from your Waypost account"),
        what_changed=lambda: (
            _("A passkey or security key was removed from your Waypost account %(username)s.")
            % {"username": user.get_username()}
        ),
    )


def unusual_activity_notify(*, user: User, what_happened: Callable[[], str]) -> None:
    """Tell an admin that the audit log shows unusual activity (ASVS 11.1.7, 11.1.8).

    ``what_happened`` names the kind of activity and its counts, never an account or a
    record: the admin reads who and what on Waypost's audit log, behind sign-in.
    """
    _notify(
        user,
        subject=lambda: _("Unusual activity in your organisation on Waypost"),
        what_changed=what_happened,
        advice=lambda: _(
            'Open the audit log on Waypost (Audit log, entries named "unusual activity") to '
            "see which account it was. If it was not expected, deactivate the account or end "
            "its sessions while you find out what happened."
        ),
        change=False,
    )
