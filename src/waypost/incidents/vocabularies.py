"""The incidents' vocabularies: IOM Missing Migrants Project categories and UN M49 regions.

Incidents store MMP's own English words (so that an export reads back as IOM wrote it);
pages show them in the reader's language through these vocabularies (core/vocabularies.py).

- Causes of death, regions of incident, migration routes and incident types are MMP's
  categories (https://missingmigrants.iom.int/downloads and its "regional classification"
  page), both the current scheme and the older one still found in exports from before 2022.
  Their French, Spanish and Arabic names follow IOM's and UNHCR's usage for the same routes.
- The UN geographic regions and subregions (MMP's "UNSD Geographical Grouping") are those of
  the UN Statistics Division's M49 standard, "Standard country or area codes for statistical
  use" (https://unstats.un.org/unsd/methodology/m49/overview/, whose table UNSD publishes in
  English, French, Spanish and Arabic, among others); their translations in the catalogs are
  the standard's official names ("Afrique septentrionale", "Asia sudoriental", "غربي آسيا").
  MMP's own regions of incident (Mediterranean, Horn of Africa, US-Mexico Border, ...) are
  not in M49 and follow IOM's usage in its French and Spanish publications.

A value outside these lists (the 250 free-text causes of MMP's pre-2019 exports, a route an
organisation typed) is shown as typed.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from waypost.core.vocabularies import Terms
from waypost.incidents.models import DatePrecision, IncidentStatus

CAUSES = Terms(
    {
        "Drowning": pgettext_lazy("MMP cause of death", "Drowning"),
        "Vehicle accident / death linked to hazardous transport": pgettext_lazy(
            "MMP cause of death", "Vehicle accident / death linked to hazardous transport"
        ),
        "Harsh environmental conditions / lack of adequate shelter, food, water": pgettext_lazy(
            "MMP cause of death",
            "Harsh environmental conditions / lack of adequate shelter, food, water",
        ),
        "Sickness / lack of access to adequate healthcare": pgettext_lazy(
            "MMP cause of death", "Sickness / lack of access to adequate healthcare"
        ),
        "Violence": pgettext_lazy("MMP cause of death", "Violence"),
        "Accidental death": pgettext_lazy("MMP cause of death", "Accidental death"),
        "Mixed or unknown": pgettext_lazy("MMP cause of death", "Mixed or unknown"),
    }
)

# UN M49 names first (regions, then subregions), then MMP's own regions of incident and
# of origin, current and older scheme. One list: MMP uses the same words in its region,
# subregion and origin columns.
REGIONS = Terms(
    {
        "Africa": pgettext_lazy("geographic region", "Africa"),
        "Americas": pgettext_lazy("geographic region", "Americas"),
        "Asia": pgettext_lazy("geographic region", "Asia"),
        "Europe": pgettext_lazy("geographic region", "Europe"),
        "Oceania": pgettext_lazy("geographic region", "Oceania"),
        "Northern Africa": pgettext_lazy("geographic region", "Northern Africa"),
        "Sub-Saharan Africa": pgettext_lazy("geographic region", "Sub-Saharan Africa"),
        "Eastern Africa": pgettext_lazy("geographic region", "Eastern Africa"),
        "Middle Africa": pgettext_lazy("geographic region", "Middle Africa"),
        "Southern Africa": pgettext_lazy("geographic region", "Southern Africa"),
        "Western Africa": pgettext_lazy("geographic region", "Western Africa"),
        "Latin America and the Caribbean": pgettext_lazy(
            "geographic region", "Latin America and the Caribbean"
        ),
        "Caribbean": pgettext_lazy("geographic region", "Caribbean"),
        "Central America": pgettext_lazy("geographic region", "Central America"),
        "South America": pgettext_lazy("geographic region", "South America"),
        "Northern America": pgettext_lazy("geographic region", "Northern America"),
        "Central Asia": pgettext_lazy("geographic region", "Central Asia"),
        "Eastern Asia": pgettext_lazy("geographic region", "Eastern Asia"),
        "South-eastern Asia": pgettext_lazy("geographic region", "South-eastern Asia"),
        "Southern Asia": pgettext_lazy("geographic region", "Southern Asia"),
        "Western Asia": pgettext_lazy("geographic region", "Western Asia"),
        "Eastern Europe": pgettext_lazy("geographic region", "Eastern Europe"),
        "Northern Europe": pgettext_lazy("geographic region", "Northern Europe"),
        "Southern Europe": pgettext_lazy("geographic region", "Southern Europe"),
        "Western Europe": pgettext_lazy("geographic region", "Western Europe"),
        "Australia and New Zealand": pgettext_lazy(
            "geographic region", "Australia and New Zealand"
        ),
        "Melanesia": pgettext_lazy("geographic region", "Melanesia"),
        "Micronesia": pgettext_lazy("geographic region", "Micronesia"),
        "Polynesia": pgettext_lazy("geographic region", "Polynesia"),
        # MMP: a sea bordering several UN subregions (the Mediterranean) has none.
        "Uncategorized": pgettext_lazy("geographic region", "Uncategorized"),
        "Mediterranean": pgettext_lazy("geographic region", "Mediterranean"),
        "North America": pgettext_lazy("geographic region", "North America"),
        "Central Africa": pgettext_lazy("geographic region", "Central Africa"),
        "South Asia": pgettext_lazy("geographic region", "South Asia"),
        "North Africa": pgettext_lazy("geographic region", "North Africa"),
        "Horn of Africa": pgettext_lazy("geographic region", "Horn of Africa"),
        "Middle East": pgettext_lazy("geographic region", "Middle East"),
        "Southeast Asia": pgettext_lazy("geographic region", "Southeast Asia"),
        "East Asia": pgettext_lazy("geographic region", "East Asia"),
        "US-Mexico Border": pgettext_lazy("geographic region", "US-Mexico Border"),
        "Latin America / Caribbean": pgettext_lazy(
            "geographic region", "Latin America / Caribbean"
        ),
        "Western / Southern Asia": pgettext_lazy("geographic region", "Western / Southern Asia"),
        "Mixed": pgettext_lazy("geographic region", "Mixed"),
        "Unknown": pgettext_lazy("geographic region", "Unknown"),
    }
)

# MMP marks a region of origin it infers rather than knows with "(P)".
PRESUMED = " (P)"


class OriginRegions:
    """MMP's regions of origin: a region, or a region marked "(P)", presumed."""

    def label(self, code: str) -> str | None:
        if code.endswith(PRESUMED):
            region = REGIONS.label(code.removesuffix(PRESUMED))
            if region is None:
                return None
            return str(pgettext_lazy("MMP region of origin", "%(region)s (presumed)")) % {
                "region": region
            }
        return REGIONS.label(code)

    def codes(self) -> list[str]:
        return [*REGIONS.codes(), *(f"{code}{PRESUMED}" for code in REGIONS.codes())]


ROUTES = Terms(
    {
        "Central Mediterranean": pgettext_lazy("MMP migration route", "Central Mediterranean"),
        "Western Mediterranean": pgettext_lazy("MMP migration route", "Western Mediterranean"),
        "Eastern Mediterranean": pgettext_lazy("MMP migration route", "Eastern Mediterranean"),
        "Eastern Route to/from EHOA": pgettext_lazy(
            "MMP migration route", "Eastern Route to/from EHOA"
        ),
        "Northern Route from EHOA": pgettext_lazy(
            "MMP migration route", "Northern Route from EHOA"
        ),
        "Horn of Africa Route": pgettext_lazy("MMP migration route", "Horn of Africa Route"),
        "Horn of Africa to Yemen crossing": pgettext_lazy(
            "MMP migration route", "Horn of Africa to Yemen crossing"
        ),
        "Horn of Africa to Yemen": pgettext_lazy("MMP migration route", "Horn of Africa to Yemen"),
        "US-Mexico border crossing": pgettext_lazy(
            "MMP migration route", "US-Mexico border crossing"
        ),
        "Central America to US": pgettext_lazy("MMP migration route", "Central America to US"),
        "Western Africa / Atlantic route to the Canary Islands": pgettext_lazy(
            "MMP migration route", "Western Africa / Atlantic route to the Canary Islands"
        ),
        "Mainland Europe to the UK": pgettext_lazy(
            "MMP migration route", "Mainland Europe to the UK"
        ),
        "English Channel to the UK": pgettext_lazy(
            "MMP migration route", "English Channel to the UK"
        ),
        "Afghanistan to Iran": pgettext_lazy("MMP migration route", "Afghanistan to Iran"),
        "Sea crossings to Mayotte": pgettext_lazy(
            "MMP migration route", "Sea crossings to Mayotte"
        ),
        "Comoros to Mayotte": pgettext_lazy("MMP migration route", "Comoros to Mayotte"),
        "Türkiye-Europe land route": pgettext_lazy(
            "MMP migration route", "Türkiye-Europe land route"
        ),
        "Turkey-Europe land route": pgettext_lazy(
            "MMP migration route", "Turkey-Europe land route"
        ),
        "Sahara Desert crossing": pgettext_lazy("MMP migration route", "Sahara Desert crossing"),
        "Western Balkans": pgettext_lazy("MMP migration route", "Western Balkans"),
        "Bay of Bengal/Andaman Sea": pgettext_lazy(
            "MMP migration route", "Bay of Bengal/Andaman Sea"
        ),
        "Darien": pgettext_lazy("MMP migration route", "Darien"),
        "Darien Gap": pgettext_lazy("MMP migration route", "Darien Gap"),
        "Iran to Türkiye": pgettext_lazy("MMP migration route", "Iran to Türkiye"),
        "Iran to Turkey": pgettext_lazy("MMP migration route", "Iran to Turkey"),
        "Syria to Türkiye": pgettext_lazy("MMP migration route", "Syria to Türkiye"),
        "Syria to Turkey": pgettext_lazy("MMP migration route", "Syria to Turkey"),
        "Naf River crossing": pgettext_lazy("MMP migration route", "Naf River crossing"),
        "Caribbean to Central America": pgettext_lazy(
            "MMP migration route", "Caribbean to Central America"
        ),
        "Caribbean to US": pgettext_lazy("MMP migration route", "Caribbean to US"),
        "Haiti to Dominican Republic": pgettext_lazy(
            "MMP migration route", "Haiti to Dominican Republic"
        ),
        "Dominican Republic to Puerto Rico": pgettext_lazy(
            "MMP migration route", "Dominican Republic to Puerto Rico"
        ),
        "Belarus-EU border": pgettext_lazy("MMP migration route", "Belarus-EU border"),
        "Route to Southern Africa": pgettext_lazy(
            "MMP migration route", "Route to Southern Africa"
        ),
        "Italy to France": pgettext_lazy("MMP migration route", "Italy to France"),
        "Ukraine to Europe": pgettext_lazy("MMP migration route", "Ukraine to Europe"),
        "Venezuela to Caribbean": pgettext_lazy("MMP migration route", "Venezuela to Caribbean"),
        "DRC to Uganda": pgettext_lazy("MMP migration route", "DRC to Uganda"),
        "Malaysia to Indonesia": pgettext_lazy("MMP migration route", "Malaysia to Indonesia"),
    }
)

INCIDENT_TYPES = Terms(
    {
        "Incident": pgettext_lazy("MMP incident type", "Incident"),
        "Split Incident": pgettext_lazy("MMP incident type", "Split incident"),
        "Cumulative Incident": pgettext_lazy("MMP incident type", "Cumulative incident"),
    }
)

# Why an incident waits for review: the import's flags (formats/mmp.py) and the service's.
REVIEW_REASONS = Terms(
    {
        "no date": _("no date"),
        "truncated coordinates": _("coordinates cut to whole degrees in the source"),
        "negative count": _("negative count"),
        "no dead or missing count": _("no count of dead or missing"),
        "total differs from dead plus missing": _("total differs from dead plus missing"),
        "changed in an MMP import after review": _("changed by an MMP import after review"),
        "a merged MMP source changed": _("a merged MMP source changed"),
    }
)

VOCABULARIES = {
    "incidents.cause": CAUSES,
    "incidents.region": REGIONS,
    "incidents.origin_region": OriginRegions(),
    "incidents.route": ROUTES,
    "incidents.incident_type": INCIDENT_TYPES,
    "incidents.review_reason": REVIEW_REASONS,
    "incidents.status": IncidentStatus,
    "incidents.date_precision": DatePrecision,
}

# What an MMP import job reports (incidents/tasks.py), as the job page labels it.
IMPORT_RESULT = Terms(
    {
        "rows": _("Rows read"),
        "imported": _("New incidents"),
        "recognised": _("Recognised under another id"),
        "updated": _("Updated"),
        "unchanged": _("Unchanged"),
        "older": _("Older than what is held (kept as a source)"),
        "rejected": _("Rows rejected"),
        "to_review": _("To review"),
        "withdrawn": _("No longer in MMP (not counted)"),
        "restored": _("Counted again"),
        "notice": _("Notice"),
        "rejected rows": _("Rejected rows"),
    }
)

VOCABULARIES["jobs.result.incidents.import_mmp"] = IMPORT_RESULT
