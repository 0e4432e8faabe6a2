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
    "waypost.report.assigned": _("assigned a report to a handler"),
    "waypost.report.acknowledged": _("acknowledged a report to its author"),
    "waypost.report.reminded": _("reminded handlers of a report past its deadline"),
    "waypost.report.closed": _("closed a report, telling its author why"),
    "waypost.report.transfer_proposed": _("proposed to pass a report to another organisation"),
    "waypost.report.transfer_consented": _(
        "a reporter consented to pass their report to another organisation"
    ),
    "waypost.report.transfer_declined": _(
        "a reporter refused to pass their report to another organisation"
    ),
    "waypost.report.transferred_out": _("a report left for another organisation, re-sealed for it"),
    "waypost.report.transferred_in": _(
        "a report came from another organisation, re-sealed for this one"
    ),
    "waypost.report.referral_proposed": _("proposed to refer a report to a competent body"),
    "waypost.report.referral_consented": _(
        "a reporter consented to the referral of their report to a competent body"
    ),
    "waypost.report.referral_declined": _(
        "a reporter refused the referral of their report to a competent body"
    ),
    "waypost.report.referral_package_read": _(
        "produced the package of a referral for a competent body"
    ),
    "waypost.report.referral_sent": _("recorded that a referral was sent to a competent body"),
    "waypost.report.referral_response_added": _("recorded a competent body's answer to a referral"),
    "waypost.report.risk_assessed": _(
        "assessed the risk of reprisal against a report's author or witnesses"
    ),
    "waypost.report.measure_recorded": _(
        "recorded a protective measure for a report's author or witnesses"
    ),
    "waypost.report.safe_contact_set": _("a reporter said how they may be contacted safely"),
    "waypost.report.safe_contact_read": _("read how a report's author may be contacted safely"),
    "waypost.report.linked_to_event": _("linked a report to an event other reports describe"),
    "waypost.report.unlinked_from_event": _("took a report out of an event it was linked to"),
    "waypost.report.shared_event_read": _("opened an event several reports describe"),
}
