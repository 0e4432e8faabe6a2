"""Audit codes of the incident register."""

from django.utils.translation import gettext_lazy as _

AUDIT_SENTENCES = {
    "waypost.incidents.imported": _("imported Missing Migrants Project incidents"),
    "waypost.incidents.created": _("entered an incident"),
    "waypost.incidents.updated": _("changed an incident"),
    "waypost.incidents.verified": _("verified an incident"),
    "waypost.incidents.merged": _("merged duplicate incidents"),
    "waypost.incidents.told_apart": _("marked possible duplicate incidents as different"),
}
