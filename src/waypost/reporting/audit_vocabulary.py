"""Audit codes of confidential reporting. A reporter has no account: their actions show no
one in the "who" column, and the sentence says it was the reporter."""

from django.utils.translation import gettext_lazy as _

AUDIT_SENTENCES = {
    "waypost.report.submitted": _("a reporter submitted a report"),
    "waypost.report.read_by_reporter": _("a reporter opened their report with its receipt"),
    "waypost.report.reporter_message_added": _("a reporter sent a message about their report"),
    "waypost.report.evidence_added": _("a reporter added files to their report"),
    "waypost.report.expired": _("a report was deleted at the end of its retention period"),
    "waypost.report.read": _("opened a report"),
    "waypost.report.attachment_read": _("opened a file attached to a report"),
    "waypost.report.identity_read": _("read the identity of a report's author"),
    "waypost.report.handler_message_added": _("sent a message to a report's author"),
    "waypost.report.triaged": _("changed a report's status or priority"),
    "waypost.report.outcome_set": _("recorded the outcome of a report"),
    "waypost.report.identity_requested": _("asked to know who wrote a report"),
    "waypost.report.identity_approved": _("allowed a colleague to know who wrote a report"),
    "waypost.report.identity_refused": _(
        "refused a colleague's request to know who wrote a report"
    ),
    "waypost.report.event_created": _("documented the event a report describes"),
    "waypost.report.event_updated": _("changed the documented event of a report"),
    "waypost.report.victim_added": _("added a victim to a report's documented event"),
    "waypost.report.perpetrator_added": _("added a perpetrator to a report's documented event"),
    "waypost.report.act_added": _("added an act of violence to a report's documented event"),
    "waypost.report.source_added": _("added a source to a report's documented event"),
    "waypost.report.intervention_added": _("recorded an intervention about a report"),
}
