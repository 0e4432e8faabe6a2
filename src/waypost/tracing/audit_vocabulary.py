"""Audit codes of the tracing workflow."""

from django.utils.translation import gettext_lazy as _

AUDIT_SENTENCES = {
    "waypost.tracing.missingpersonreport.created": _("entered a missing-person report"),
    "waypost.tracing.missingpersonreport.read": _("opened a missing-person report"),
    "waypost.tracing.missingpersonreport.updated": _("changed a missing-person report"),
    "waypost.tracing.foundperson.created": _("entered a found person"),
    "waypost.tracing.foundperson.read": _("opened a found person's record"),
    "waypost.tracing.foundperson.updated": _("changed a found person's record"),
    "waypost.tracing.unidentifiedremains.created": _("entered unidentified remains"),
    "waypost.tracing.unidentifiedremains.read": _("opened a record of unidentified remains"),
    "waypost.tracing.unidentifiedremains.updated": _("changed a record of unidentified remains"),
    "waypost.tracing.missingpersonreport.listed": _("listed missing-person reports"),
    "waypost.tracing.foundperson.listed": _("listed found persons"),
    "waypost.tracing.unidentifiedremains.listed": _("listed records of unidentified remains"),
    "waypost.tracing.missingpersonreport.searched": _("searched missing-person reports"),
    "waypost.tracing.foundperson.searched": _("searched found persons"),
    "waypost.tracing.unidentifiedremains.searched": _("searched records of unidentified remains"),
    "waypost.tracing.candidates.read": _("looked at a report's candidates"),
    "waypost.tracing.candidate.read": _("opened a candidate"),
    "waypost.tracing.candidate.reviewed": _("recorded a decision on a candidate"),
    "waypost.tracing.candidate.confirmed": _("confirmed an identification"),
    "waypost.tracing.candidate.reversed": _("reversed a confirmed identification"),
    "waypost.tracing.notification.cancelled": _(
        "cancelled the task of telling a family, after a reversed identification"
    ),
    "waypost.tracing.dna_result.added": _("entered a laboratory's DNA result on a candidate"),
    "waypost.tracing.identification_report.downloaded": _("downloaded an identification report"),
    "waypost.tracing.notification.updated": _("updated the task of telling a family"),
    "waypost.tracing.contact.logged": _("logged a contact with a family"),
    "waypost.tracing.photo.added": _("added a photo to a record"),
    "waypost.tracing.photo.viewed": _("looked at a photo"),
    "waypost.tracing.records.exported": _("exported an organisation's tracing records"),
    "waypost.tracing.missingpersonreport.closed": _("closed a missing-person case"),
    "waypost.tracing.missingpersonreport.reopened": _("reopened a missing-person case"),
    "waypost.tracing.missingpersonreport.merged": _("merged two reports of the same person"),
    "waypost.tracing.missingpersonreport.scheduled": _(
        "set a case's caseworker and next family update"
    ),
    "waypost.tracing.duplicate.dismissed": _("marked two reports as different people"),
    "waypost.tracing.duplicates.listed": _("listed possible duplicate reports"),
    "waypost.tracing.support.referred": _("recorded a referral for psychosocial support"),
    "waypost.tracing.support.answered": _("recorded a family's answer to a support referral"),
    "waypost.tracing.foundperson.message_set": _(
        "recorded a found person's message to their family"
    ),
    "waypost.tracing.finder.notified": _(
        "told the organisation that recorded a person of a confirmed match"
    ),
    "waypost.tracing.reminders.sent": _("sent the daily reminders of overdue families"),
}
