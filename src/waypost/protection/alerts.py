"""Unusual activity on the audit log, watched and told (ASVS 11.1.7, 11.1.8).

A periodic job (``jobs/periodic.py`` ``audit-alerts``) reads the recent audit entries and
raises an alert when a threshold is passed:

- failed authentications (wrong password, second factor, recovery code, passkey) for one
  account, or for one organisation's accounts together;
- one person reading far more personal records in the window than usual: at least
  ``WAYPOST_ALERT_READS_PER_PERSON`` and at least ``WAYPOST_ALERT_READS_FACTOR`` times their
  own average for a window of that length over the week before;
- many exports of personal data by one organisation.

An alert is an audit entry (``waypost.protection.alert.raised``: the kind, the counts, the
account, visible on the organisation's audit log) and an email to the organisation's
active admins naming the kind and the counts only, never an account or a record. The same
alert is raised at most once a window. The window (``WAYPOST_ALERT_WINDOW_MINUTES``) and
the thresholds are settings (``.env.example``, ``docs/deployment.md``); 0 turns one off.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypost.accounts import notifications
from waypost.accounts.selectors import organisation_admins
from waypost.protection import selectors
from waypost.protection.audit import audit_record

BASELINE = timedelta(days=7)


@dataclass(frozen=True)
class Alert:
    kind: str  # failed_auth_account, failed_auth_organisation, reads, exports
    organisation_id: int
    count: int
    threshold: int
    account_id: int | None = None

    @property
    def subject(self) -> str:
        """What the alert is about, to raise it once a window."""
        return f"user:{self.account_id}" if self.account_id else f"org:{self.organisation_id}"


def _window() -> timedelta:
    return timedelta(minutes=max(1, int(settings.WAYPOST_ALERT_WINDOW_MINUTES)))


def _failed_auth(since: datetime) -> list[Alert]:
    per_account_limit = int(settings.WAYPOST_ALERT_FAILED_AUTH_ACCOUNT)
    per_organisation_limit = int(settings.WAYPOST_ALERT_FAILED_AUTH_ORGANISATION)
    failures = selectors.audit_failed_auth_since(since=since)
    alerts = []
    if per_account_limit > 0:
        organisation_of = {account: org for account, org in failures if account and org}
        per_account = Counter(account for account, org in failures if account and org)
        alerts += [
            Alert("failed_auth_account", organisation_of[account], n, per_account_limit, account)
            for account, n in sorted(per_account.items())
            if n >= per_account_limit
        ]
    if per_organisation_limit > 0:
        per_organisation = Counter(org for _account, org in failures if org)
        alerts += [
            Alert("failed_auth_organisation", org, n, per_organisation_limit)
            for org, n in sorted(per_organisation.items())
            if n >= per_organisation_limit
        ]
    return alerts


def _reads(since: datetime, now: datetime) -> list[Alert]:
    floor = int(settings.WAYPOST_ALERT_READS_PER_PERSON)
    factor = int(settings.WAYPOST_ALERT_READS_FACTOR)
    if floor <= 0:
        return []
    busy = {
        actor: (org, reads)
        for actor, (org, reads) in selectors.audit_reads_by_actor(since=since).items()
        if reads >= floor and org is not None
    }
    if not busy:
        return []
    before = selectors.audit_reads_by_actor(
        since=since - BASELINE, until=since, actor_ids=sorted(busy)
    )
    windows_in_baseline = BASELINE / (now - since)
    alerts = []
    for actor, (org, reads) in sorted(busy.items()):
        usual = before.get(actor, (org, 0))[1] / windows_in_baseline
        threshold = max(floor, math.ceil(factor * usual))
        if reads >= threshold and org is not None:
            alerts.append(Alert("reads", org, reads, threshold, actor))
    return alerts


def _exports(since: datetime) -> list[Alert]:
    limit = int(settings.WAYPOST_ALERT_EXPORTS)
    if limit <= 0:
        return []
    return [
        Alert("exports", org, n, limit)
        for org, n in sorted(selectors.audit_exports_by_organisation(since=since).items())
        if n >= limit
    ]


def _sentence(alert: Alert, minutes: int) -> str:
    """What happened, in the reader's language: a kind and counts, no account or record."""
    values = {"count": alert.count, "threshold": alert.threshold, "minutes": minutes}
    if alert.kind == "failed_auth_account":
        text = _(
            "One account of your organisation had %(count)s failed sign-in or second-factor "
            "attempts in the last %(minutes)s minutes (alert threshold: %(threshold)s)."
        )
    elif alert.kind == "failed_auth_organisation":
        text = _(
            "Your organisation's accounts had %(count)s failed sign-in or second-factor "
            "attempts together in the last %(minutes)s minutes (alert threshold: "
            "%(threshold)s)."
        )
    elif alert.kind == "reads":
        text = _(
            "One person of your organisation opened %(count)s personal records in the last "
            "%(minutes)s minutes, far more than usual (alert threshold: %(threshold)s)."
        )
    else:
        text = _(
            "Your organisation exported personal data %(count)s times in the last "
            "%(minutes)s minutes (alert threshold: %(threshold)s)."
        )
    return text % values


def _raise(alert: Alert, minutes: int) -> None:
    with transaction.atomic():
        audit_record(
            actor=None,
            action=selectors.ALERT_ACTION,
            record_type="accounts.user" if alert.account_id else "accounts.organisation",
            record_id=alert.account_id or alert.organisation_id,
            detail={
                "kind": alert.kind,
                "subject": alert.subject,
                "count": alert.count,
                "threshold": alert.threshold,
                "window_minutes": minutes,
                "organisation_id": alert.organisation_id,
            },
        )
    for admin in organisation_admins(organisation_id=alert.organisation_id):
        notifications.unusual_activity_notify(
            user=admin, what_happened=lambda: _sentence(alert, minutes)
        )


def alerts_check(*, now: datetime | None = None) -> dict[str, Any]:
    """Raise every alert due now that was not raised this window; return their kinds."""
    now = now or timezone.now()
    window = _window()
    since = now - window
    minutes = int(window.total_seconds() // 60)
    found = _failed_auth(since) + _reads(since, now) + _exports(since)
    raised = []
    for alert in found:
        if selectors.audit_alert_raised_since(since=since, kind=alert.kind, subject=alert.subject):
            continue
        _raise(alert, minutes)
        raised.append(alert.kind)
    return {"raised": raised}
