"""Audit codes of organisations, people, sign-in and API tokens."""

from django.utils.translation import gettext_lazy as _

AUDIT_SENTENCES = {
    "waypost.accounts.organisation.created": _("created an organisation"),
    "waypost.accounts.organisation.updated": _("changed an organisation's details"),
    "waypost.accounts.member.invited": _("invited a member"),
    "waypost.accounts.member.role_changed": _("changed a member's role"),
    "waypost.accounts.member.activated": _("reactivated a member"),
    "waypost.accounts.member.deactivated": _("deactivated a member"),
    "waypost.accounts.password.changed": _("changed their password"),
    "waypost.accounts.two_factor.enrolled": _("set up their second factor"),
    "waypost.accounts.two_factor.enrolment_started": _("began setting up a second factor"),
    "waypost.accounts.two_factor.verified": _("entered a valid second-factor code"),
    "waypost.accounts.two_factor.failed": _("entered a wrong second-factor code"),
    "waypost.accounts.two_factor.reused": _(
        "entered a second-factor code that had already been used (refused)"
    ),
    "waypost.accounts.two_factor.throttled": _(
        "was made to wait before another second-factor code, after wrong ones"
    ),
    "waypost.accounts.two_factor.removed": _("reset a member's second factor"),
    "waypost.accounts.recovery_codes.generated": _("made a new set of recovery codes"),
    "waypost.accounts.recovery_code.used": _("used one of their recovery codes as second factor"),
    "waypost.accounts.recovery_code.failed": _("entered a wrong recovery code"),
    "waypost.accounts.recovery_code.reused": _(
        "entered a recovery code that had already been used (refused)"
    ),
    "waypost.accounts.recovery_code.throttled": _(
        "was made to wait before another recovery code, after wrong ones"
    ),
    "waypost.accounts.passkey.registered": _("registered a passkey or security key"),
    "waypost.accounts.passkey.verified": _(
        "passed the second factor with a passkey or security key"
    ),
    "waypost.accounts.passkey.failed": _("a passkey or security key was refused"),
    "waypost.accounts.passkey.removed": _("removed one of their passkeys or security keys"),
    "waypost.accounts.reauthenticated": _("confirmed who they are before a sensitive action"),
    "waypost.accounts.reauthentication.failed": _(
        "entered a wrong password while confirming who they are before a sensitive action"
    ),
    "waypost.accounts.sign_in.succeeded": _("signed in with their password"),
    "waypost.accounts.sign_in.failed": _(
        "a sign-in failed (wrong password, unknown username or deactivated account)"
    ),
    "waypost.accounts.sign_in.locked": _("a username was locked after repeated wrong passwords"),
    "waypost.accounts.sign_in.refused_locked": _(
        "a sign-in was refused because the username is locked"
    ),
    "waypost.accounts.password.check_failed": _(
        "entered a wrong current password while changing their password"
    ),
    "waypost.accounts.signed_out": _("signed out"),
    "waypost.accounts.token.refused": _(
        "an API request with an unknown or revoked token was refused"
    ),
    "waypost.access.refused": _(
        "was refused a page or record, or asked for one that does not exist"
    ),
    "waypost.accounts.token.created": _("created an API token"),
    "waypost.accounts.token.revoked": _("revoked an API token"),
    "waypost.accounts.session.ended": _("ended one of their sessions"),
    "waypost.accounts.session.ended_others": _("ended all their other sessions"),
    "waypost.accounts.member.sessions_ended": _("ended all sessions of a member"),
}
