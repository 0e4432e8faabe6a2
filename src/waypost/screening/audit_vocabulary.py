"""Audit codes of screening and referral."""

from django.utils.translation import gettext_lazy as _

AUDIT_SENTENCES = {
    "waypost.screening.screening.created": _("screened a person"),
    "waypost.screening.screening.read": _("opened a screening"),
    "waypost.screening.screening.listed": _("listed screenings"),
    "waypost.screening.person.read": _("opened a screened person's record"),
    "waypost.screening.concern.changed": _("changed a protection concern and its UNHCR codes"),
    "waypost.screening.tracing.linked": _("linked a screening to a tracing record"),
    "waypost.screening.service.created": _("added a service to the directory"),
    "waypost.screening.service.updated": _("changed a service in the directory"),
    "waypost.screening.referral.created": _("referred a person"),
    "waypost.screening.referral.consent_overridden": _("referred a person without consent"),
    "waypost.screening.referral.read": _("opened a referral"),
    "waypost.screening.referral.listed": _("listed referrals"),
    "waypost.screening.referral.accepted": _("accepted a referral"),
    "waypost.screening.referral.rejected": _("rejected a referral"),
    "waypost.screening.referral.done": _("closed a referral with its outcome"),
    "waypost.screening.referral.revoked": _("revoked a referral"),
    "waypost.screening.transfer.requested": _("asked another organisation to take over a case"),
    "waypost.screening.transfer.consent_overridden": _(
        "asked for a case's transfer without consent"
    ),
    "waypost.screening.transfer.read": _("opened a case transfer"),
    "waypost.screening.transfer.listed": _("listed case transfers"),
    "waypost.screening.transfer.accepted": _(
        "accepted a case's transfer (its records moved and sealed again)"
    ),
    "waypost.screening.transfer.rejected": _("rejected a case's transfer"),
    "waypost.screening.transfer.cancelled": _("cancelled a case's transfer"),
    "waypost.screening.age_assessment.created": _("recorded an age assessment"),
    "waypost.screening.age_assessment.updated": _("changed an age assessment"),
    "waypost.screening.age_assessment.read": _("opened an age assessment"),
    "waypost.screening.child.registered": _("registered an unaccompanied or separated child"),
    "waypost.screening.child.listed": _("listed unaccompanied and separated children"),
    "waypost.screening.bia.submitted": _("submitted a best-interests assessment"),
    "waypost.screening.bia.read": _("opened a best-interests assessment"),
    "waypost.screening.bia.approved": _("approved a best-interests assessment"),
    "waypost.screening.bia.returned": _("returned a best-interests assessment for changes"),
    "waypost.screening.bid.recorded": _("recorded a best-interests determination"),
    "waypost.screening.guardian.appointed": _("recorded a guardian's appointment"),
}
