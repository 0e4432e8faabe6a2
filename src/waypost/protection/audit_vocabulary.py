"""Audit codes of the protection layer: sharing, consent, keys, retention, rights."""

from django.utils.translation import gettext_lazy as _

AUDIT_SENTENCES = {
    "waypost.sharing.granted": _("granted a sharing agreement"),
    "waypost.sharing.approved": _("approved a sharing agreement"),
    "waypost.sharing.rejected": _("rejected a proposed sharing agreement"),
    "waypost.sharing.revoked": _("revoked a sharing agreement"),
    "waypost.consent.recorded": _("recorded a consent"),
    "waypost.consent.withdrawn": _("recorded the withdrawal of a consent"),
    "waypost.keys.rotated": _("rotated encryption keys"),
    "waypost.keys.seal_broken": _(
        "found an encrypted value that does not belong where it is stored (moved or altered)"
    ),
    "waypost.retention.applied": _("applied the retention periods"),
    "waypost.retention.hold_set": _("put a record under legal hold"),
    "waypost.retention.hold_cleared": _("released a record from legal hold"),
    "waypost.rights.exported": _("exported everything held about a person"),
    "waypost.protection.alert.raised": _(
        "unusual activity: an alert was raised and the organisation's admins were told"
    ),
    "waypost.rights.erased": _("erased a person's record at their request"),
}
