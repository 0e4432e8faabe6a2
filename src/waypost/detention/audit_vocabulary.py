"""Audit codes of detention oversight and consular notification."""

from django.utils.translation import gettext_lazy as _

AUDIT_SENTENCES = {
    "waypost.detention.facility.saved": _("added or changed a detention facility"),
    "waypost.detention.consular_rule.saved": _("added or changed a consular notification rule"),
    "waypost.detention.detention.created": _("recorded a detention"),
    "waypost.detention.detention.updated": _("completed or corrected a detention record"),
    "waypost.detention.detention.linked": _(
        "linked a detention record to a screening or tracing record"
    ),
    "waypost.detention.detention.read": _("opened a detention record"),
    "waypost.detention.detention.listed": _("listed detention records"),
    "waypost.detention.detention.transferred": _("recorded a detained person's transfer"),
    "waypost.detention.detention.released": _("recorded the end of a detention"),
    "waypost.detention.consular.recorded": _("recorded a step of consular or family notification"),
    "waypost.detention.child.flagged": _("flagged a child in detention to the focal points"),
    "waypost.detention.visit.created": _("recorded a monitoring visit"),
    "waypost.detention.visit.read": _("opened a monitoring visit"),
    "waypost.detention.recommendation.followed_up": _(
        "changed the follow-up of a visit's recommendation"
    ),
    "waypost.detention.statistics.read": _("read the detention statistics (counts only)"),
    "waypost.detention.own_file.given": _("gave a detained person their own file"),
}
