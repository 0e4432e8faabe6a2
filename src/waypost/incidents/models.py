"""Incidents of deaths and disappearances in migration, as the Missing Migrants Project records them.

Incidents hold counts, places and dates, no personal data. An incident keeps every source
that reported it (``IncidentSource``); its own figures follow the reconciliation rules in
docs/incidents.md.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IncidentStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Unverified")
    VERIFIED = "verified", _("Verified")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    UNKNOWN = "", _("Unknown")


class Incident(models.Model):
    # The MMP "Main ID" (or "web-<Web ID>" for the old website export): unique where known.
    mmp_id = models.CharField(_("MMP id"), max_length=400, unique=True, null=True, blank=True)
    main_id = models.CharField(_("MMP main id"), max_length=40, blank=True, db_index=True)
    # MMP "Incident ID": a split or cumulative incident lists the ids of its parts.
    incident_ids = models.JSONField(_("MMP incident ids"), default=list, blank=True)
    # MMP ids of incidents merged into this one: an import of them updates their source here.
    merged_ids = models.JSONField(_("merged MMP ids"), default=list, blank=True)
    incident_type = models.CharField(_("incident type"), max_length=40, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, blank=True
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    region = models.CharField(_("region"), max_length=80, blank=True)
    un_region = models.CharField(_("UN geographic region"), max_length=20, blank=True)
    subregion = models.CharField(_("UN geographic subregion"), max_length=80, blank=True)
    country = models.CharField(_("country"), max_length=80, blank=True)
    country_iso3 = models.CharField(_("country (ISO 3166-1 alpha-3)"), max_length=3, blank=True)
    place = models.TextField(_("place"), blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    route = models.CharField(_("migration route"), max_length=120, blank=True)
    dead = models.IntegerField(_("dead"), null=True, blank=True)
    missing = models.IntegerField(_("missing (minimum estimate)"), null=True, blank=True)
    survivors = models.IntegerField(_("survivors"), null=True, blank=True)
    females = models.IntegerField(_("females"), null=True, blank=True)
    males = models.IntegerField(_("males"), null=True, blank=True)
    children = models.IntegerField(_("children"), null=True, blank=True)
    causes = models.JSONField(_("causes of death"), default=list, blank=True)
    origin_region = models.CharField(_("region of origin"), max_length=200, blank=True)
    origin_countries = models.CharField(_("countries of origin"), max_length=300, blank=True)
    origin_iso3 = models.JSONField(_("countries of origin (ISO3)"), default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=IncidentStatus.choices,
        default=IncidentStatus.UNVERIFIED,
    )
    review_reasons = models.JSONField(_("reasons for review"), default=list, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["year", "region"], name="incident_year_region"),
            models.Index(fields=["route"], name="incident_route"),
        ]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return self.mmp_id or f"incident {self.pk}"

    @property
    def total(self) -> int:
        return (self.dead or 0) + (self.missing or 0)


class IncidentSource(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="sources")
    name = models.TextField(_("source"), blank=True)
    url = models.TextField(_("link"), blank=True)
    reliability = models.CharField(_("reliability"), max_length=20, blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    dead = models.IntegerField(_("dead"), null=True, blank=True)
    missing = models.IntegerField(_("missing"), null=True, blank=True)
    # For a source that is an MMP row: its MMP id and a fingerprint of the row last imported,
    # so that a re-import tells a changed row from an unchanged one even after a merge.
    mmp_id = models.CharField(_("MMP id"), max_length=400, blank=True, db_index=True)
    fingerprint = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return self.name[:60]
