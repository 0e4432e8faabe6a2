"""Audit codes of the info app."""

from django.utils.translation import gettext_lazy as _

AUDIT_SENTENCES = {
    "waypost.info.point.created": _("added an information point"),
    "waypost.info.point.updated": _("changed an information point"),
    "waypost.info.article.created": _("wrote an article"),
    "waypost.info.article.updated": _("changed an article"),
    "waypost.info.article.submit": _("sent an article for review"),
    "waypost.info.article.publish": _("published an article"),
    "waypost.info.article.reviewed": _("confirmed an article is still right"),
    "waypost.info.article.withdraw": _("took an article back to draft"),
    "waypost.info.feedback.moderated": _("moderated feedback on a service"),
}
