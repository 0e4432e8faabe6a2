"""Writes of the remittances app: RPW imports, corridor watches, alerts."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from waypost.accounts import selectors as accounts_selectors
from waypost.accounts.models import Organisation, User
from waypost.accounts.notifications import corridor_alert_notify
from waypost.accounts.roles import Role
from waypost.core.exceptions import ApplicationError, NotFound
from waypost.protection.audit import audit_record
from waypost.remittances import selectors
from waypost.remittances.models import (
    CORRIDOR_TARGET,
    AlertKind,
    CorridorAlert,
    CorridorWatch,
    RemittancePeriod,
    RemittanceService,
)
from waypost.remittances.rpw import RpwFormatError, RpwRejected, RpwService, read_rpw

# Who in a watching organisation receives its alerts: the people who speak for it and
# the people who read its figures, not every caseworker.
ALERT_ROLES = (Role.ADMIN, Role.ANALYST)


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    rejected: list[RpwRejected] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "imported": self.imported,
            "rejected": len(self.rejected),
            "periods": self.periods,
        }


def _format_error(error: RpwFormatError) -> ApplicationError:
    messages = {
        "unknown_columns": _(
            "These columns are not columns of the World Bank's Remittance Prices Worldwide: "
            "%(columns)s. Import the dataset as published (sheet “Dataset (from Q2 "
            "2016)”), without added columns."
        ),
        "missing_columns": _(
            "The file lacks these columns of Remittance Prices Worldwide: %(columns)s."
        ),
        "empty": _("The file is empty."),
    }
    message = messages.get(error.code)
    if message is None:
        return ApplicationError(
            _("The file cannot be read as Remittance Prices Worldwide: %(reason)s")
            % {"reason": str(error)},
            extra={"code": error.code},
        )
    return ApplicationError(message % error.params, extra={"code": error.code, **error.params})


def _digest(services: list[RpwService]) -> str:
    rows = sorted(json.dumps(asdict(service), sort_keys=True) for service in services)
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


@transaction.atomic
def remittances_import(*, path: Path, actor: User | None = None) -> ImportReport:
    """Import an RPW file. Each quarter the file holds replaces that quarter's services,
    unless its rows are those already imported: importing a file again changes nothing."""
    try:
        parsed = read_rpw(path)
    except RpwFormatError as error:
        raise _format_error(error) from error
    by_period: dict[str, list[RpwService]] = defaultdict(list)
    for service in parsed.services:
        by_period[service.period].append(service)
    report = ImportReport(rows=parsed.rows, rejected=parsed.rejected, periods=sorted(by_period))
    for period, services in sorted(by_period.items()):
        digest = _digest(services)
        known = RemittancePeriod.objects.filter(period=period).first()
        if known is not None and known.digest == digest:
            continue
        RemittanceService.objects.filter(period=period).delete()
        RemittanceService.objects.bulk_create(
            (RemittanceService(**asdict(service)) for service in services), batch_size=2000
        )
        RemittancePeriod.objects.update_or_create(
            period=period, defaults={"digest": digest, "services": len(services)}
        )
        report.imported += len(services)
        report.changed.append(period)
    audit_record(
        actor=actor,
        action="waypost.remittances.imported",
        record_type="remittances.import",
        record_id=path.name[:60],
        detail={**report.as_json(), "changed": report.changed},
    )
    if report.changed:
        # Alerts are sent once the prices they cite are committed.
        changed = list(report.changed)
        transaction.on_commit(lambda: [alerts_raise(period=p) for p in changed])
    return report


def _country(code: str) -> str:
    code = (code or "").strip().upper()
    if code and (len(code) != 3 or not code.isalpha()):
        raise ApplicationError(
            _("%(code)s is not an ISO 3166-1 alpha-3 country code.") % {"code": code}
        )
    return code


@transaction.atomic
def corridor_watch_set(
    *,
    actor: User | None,
    organisation: Organisation,
    source_code: str = "",
    destination_code: str = "",
    rise_points: float = 1.0,
) -> CorridorWatch:
    """Watch a corridor (blank codes: every sending or receiving country) for
    ``organisation``: an alert when its average is above 5 per cent or rose by more
    than ``rise_points`` percentage points since the previous quarter."""
    if not 0 < rise_points <= 100:
        raise ApplicationError(_("The rise must be between 0 and 100 percentage points."))
    watch, _created = CorridorWatch.objects.update_or_create(
        organisation=organisation,
        source_code=_country(source_code),
        destination_code=_country(destination_code),
        defaults={"rise_points": rise_points},
    )
    audit_record(
        actor=actor,
        action="waypost.remittances.watch_set",
        record=watch,
        detail={
            "organisation": organisation.slug,
            "from": watch.source_code,
            "to": watch.destination_code,
            "rise_points": rise_points,
        },
    )
    return watch


@transaction.atomic
def corridor_watch_remove(*, actor: User | None, organisation: Organisation, watch_id: int) -> None:
    watch = CorridorWatch.objects.filter(organisation=organisation, pk=watch_id).first()
    if watch is None:
        raise NotFound(_("No such watch."))
    audit_record(actor=actor, action="waypost.remittances.watch_removed", record=watch)
    watch.delete()


def _watched(watch: CorridorWatch, alert: dict[str, Any]) -> bool:
    return (not watch.source_code or watch.source_code == alert["from"]) and (
        not watch.destination_code or watch.destination_code == alert["to"]
    )


@transaction.atomic
def alerts_raise(*, period: str) -> list[CorridorAlert]:
    """Raise the alerts of ``period`` for every watch, once each, and send them to the
    watching organisations' admins and analysts in their own language."""
    figures = selectors.corridor_alerts(period)
    raised: list[CorridorAlert] = []
    by_organisation: dict[int, list[CorridorAlert]] = defaultdict(list)
    for watch in CorridorWatch.objects.select_related("organisation"):
        for figure in figures:
            if not _watched(watch, figure):
                continue
            kinds = []
            if figure["average_200"] > CORRIDOR_TARGET:
                kinds.append(AlertKind.ABOVE_TARGET)
            if figure["rise"] is not None and figure["rise"] > watch.rise_points:
                kinds.append(AlertKind.ROSE)
            for kind in kinds:
                alert, created = CorridorAlert.objects.get_or_create(
                    watch=watch,
                    period=period,
                    source_code=figure["from"],
                    destination_code=figure["to"],
                    kind=kind,
                    defaults={
                        "average": figure["average_200"],
                        "previous_average": figure["previous_average_200"],
                    },
                )
                if created:
                    raised.append(alert)
                    by_organisation[watch.organisation_id].append(alert)
    for alerts in by_organisation.values():
        organisation = alerts[0].watch.organisation
        lines = [
            {
                "from": alert.source_code,
                "to": alert.destination_code,
                "kind": alert.kind,
                "average": alert.average,
                "previous": alert.previous_average,
            }
            for alert in alerts
        ]
        for user in accounts_selectors.organisation_members(organisation=organisation).filter(
            is_active=True, role__in=ALERT_ROLES
        ):
            transaction.on_commit(
                partial(corridor_alert_notify, user=user, alerts=lines, period=period)
            )
    return raised
