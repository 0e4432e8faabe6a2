"""Prices of remittance services from the World Bank's Remittance Prices Worldwide (RPW).

These are public figures about firms (what a bank, a money transfer operator or a post
office charges in a corridor), never about the people who send money: nothing here is
personal data.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from waypost.accounts.models import Organisation

# SDG target 10.c: no remittance corridor with costs higher than 5 per cent.
CORRIDOR_TARGET = 5.0
# ... and an average under 3 per cent.
GLOBAL_TARGET = 3.0


class RemittanceService(models.Model):
    """One row of RPW: a firm's service in a corridor in one quarter."""

    period = models.CharField(_("quarter"), max_length=6, db_index=True)  # "2025Q2"
    source_code = models.CharField(_("sending country"), max_length=3)
    source_name = models.CharField(max_length=200, blank=True)
    destination_code = models.CharField(_("receiving country"), max_length=3)
    destination_name = models.CharField(max_length=200, blank=True)
    firm = models.CharField(_("firm"), max_length=200)
    firm_type = models.CharField(_("firm type"), max_length=100, blank=True)
    payment_instrument = models.CharField(_("how to pay"), max_length=200, blank=True)
    access_point = models.CharField(max_length=200, blank=True)
    speed = models.CharField(_("speed"), max_length=100, blank=True)
    pickup_method = models.CharField(_("how the money is received"), max_length=200, blank=True)
    transparent = models.CharField(max_length=10, blank=True)
    cc1_fee = models.FloatField(null=True, blank=True)
    cc1_fx_margin = models.FloatField(null=True, blank=True)
    cc1_total_cost = models.FloatField(_("total cost of sending USD 200 (%)"))
    cc2_fee = models.FloatField(null=True, blank=True)
    cc2_fx_margin = models.FloatField(null=True, blank=True)
    cc2_total_cost = models.FloatField(_("total cost of sending USD 500 (%)"), null=True)

    class Meta:
        indexes = [models.Index(fields=["source_code", "destination_code", "period"])]

    def __str__(self) -> str:
        return f"{self.period} {self.source_code}-{self.destination_code} {self.firm}"


class RemittancePeriod(models.Model):
    """A quarter imported, with a digest of its rows: the same rows again change nothing."""

    period = models.CharField(max_length=6, unique=True)
    digest = models.CharField(max_length=64)
    services = models.PositiveIntegerField()
    imported_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.period


class CorridorWatch(models.Model):
    """An organisation asks to be told when a corridor's cost is too high or rises.

    Blank codes watch every sending or every receiving country.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="corridor_watches"
    )
    source_code = models.CharField(_("sending country"), max_length=3, blank=True)
    destination_code = models.CharField(_("receiving country"), max_length=3, blank=True)
    rise_points = models.FloatField(_("rise that raises an alert (percentage points)"), default=1.0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source_code", "destination_code"],
                name="remittances_one_watch_per_corridor",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_code or '*'}-{self.destination_code or '*'}"


class AlertKind(models.TextChoices):
    ABOVE_TARGET = "above_5", _("Average above 5%")
    ROSE = "rose", _("Average rose since the last quarter")


class CorridorAlert(models.Model):
    """An alert raised for a watch, once per quarter, corridor and kind."""

    watch = models.ForeignKey(CorridorWatch, on_delete=models.CASCADE, related_name="alerts")
    period = models.CharField(max_length=6)
    source_code = models.CharField(max_length=3)
    destination_code = models.CharField(max_length=3)
    kind = models.CharField(max_length=10, choices=AlertKind.choices)
    average = models.FloatField()
    previous_average = models.FloatField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["watch", "period", "source_code", "destination_code", "kind"],
                name="remittances_one_alert_per_quarter",
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.source_code}-{self.destination_code} {self.kind}"
