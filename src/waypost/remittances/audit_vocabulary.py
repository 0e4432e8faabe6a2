"""Audit codes of the remittances app."""

from django.utils.translation import gettext_lazy as _

AUDIT_SENTENCES = {
    "waypost.remittances.imported": _("imported World Bank remittance prices"),
    "waypost.remittances.watch_set": _("set an alert on a remittance corridor"),
    "waypost.remittances.watch_removed": _("removed an alert on a remittance corridor"),
}
