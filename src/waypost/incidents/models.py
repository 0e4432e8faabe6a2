"""Incidents of deaths and disappearances in migration, as the Missing Migrants Project records them.

Incidents hold counts, places and dates, no personal data. An incident keeps every source
that reported it (``IncidentSource``); its own figures follow the reconciliation rules in
docs/incidents.md.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IncidentStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Unverified")
    VERIFIED = "verified", _("Verified")


class DatePrecision(models.TextChoices):
    # In their own context: a date's precision, not a day, month or year in general (Arabic
    # "اليوم" for "Day" alone reads "today").
    DAY = "day", pgettext_lazy("date precision", "Day")
    MONTH = "month", pgettext_lazy("date precision", "Month")
    YEAR = "year", pgettext_lazy("date precision", "Year")
    UNKNOWN = "", pgettext_lazy("date precision", "Unknown")


class MmpExport(models.Model):
    """One MMP export file as imported: which incidents it lists, and from when to when.

    IOM's exports are snapshots of one database. The newest export that lists an incident
    gives its figures; an incident that a newer complete export covers (its date within
    the export's first and last date) but no longer lists is *withdrawn*: kept, with its
    sources, but not counted (docs/incidents.md).
    """

    digest = models.CharField(_("SHA-256 of the file"), max_length=64, unique=True)
    name = models.CharField(_("file name"), max_length=255)
    first_date = models.DateField(_("first incident date"), null=True, blank=True)
    # The export's "as of" date: its latest incident, the best sign of when it was made.
    last_date = models.DateField(_("last incident date"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    # A selection (one region, one route) lists only some of what its dates cover: it
    # never withdraws what it does not list.
    partial = models.BooleanField(_("a selection"), default=False)
    # Exports with the same last date are ordered by when they were last imported.
    sequence = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("MMP export")
        verbose_name_plural = _("MMP exports")

    def __str__(self) -> str:
        return self.name


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
    # The newest MMP export that lists this incident: its row there gives the figures,
    # whose fingerprint is kept so that a re-import tells a changed row from the same one.
    mmp_export = models.ForeignKey(
        MmpExport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mmp_fingerprint = models.CharField(max_length=64, blank=True)
    # The newer complete export that no longer lists it: not counted while set.
    withdrawn_by = models.ForeignKey(
        MmpExport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["year", "region"], name="incident_year_region"),
            models.Index(fields=["route"], name="incident_route"),
            models.Index(fields=["withdrawn_by", "year"], name="incident_counted_year"),
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
    # The newest export whose row this source holds (an older export's row never
    # overwrites a newer one's).
    export = models.ForeignKey(
        MmpExport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return self.name[:60]


class IncidentPair(models.Model):
    """Two incidents that may be one, for a person to merge or tell apart.

    Found when an import cannot be certain that a row is an incident it already holds
    under another id, and between an organisation's own record and others near it. The
    incidents are stored lowest id first, so a pair is found once; one marked distinct is
    never proposed again; merging deletes the duplicate, and its pairs with it.
    """

    first = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="+")
    score = models.SmallIntegerField(_("score"))
    # Certain by the evidence, but not merged on its own: an organisation's record is
    # merged only by a person.
    certain = models.BooleanField(_("certain"), default=False)
    evidence = models.JSONField(_("evidence"), default=list)
    distinct = models.BooleanField(_("not the same incident"), default=False)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-certain", "-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="incident_pair_once"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="incident_pair_ordered"
            ),
        ]
        indexes = [
            models.Index(fields=["distinct", "certain", "score"], name="incident_pair_open"),
        ]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id}"
