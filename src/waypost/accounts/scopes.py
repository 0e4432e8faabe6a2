"""What an API token may do: read or write, per kind of record (issue 42).

A token carries scopes such as ``tracing:read`` or ``reports:write``. The token's owner's
role still decides what the token may reach: a scope narrows a person's power, never
widens it (as GitHub's fine-grained tokens narrow their owner's access). ``write``
includes ``read``: a partner system that updates records reads them back.

Each API view names the kind of record it serves in ``token_scope``; a safe request
(GET, HEAD, OPTIONS) needs ``<kind>:read``, any other ``<kind>:write``. A view that any
token may call (``me``: who the token is) names ``ANY_SCOPE``. A view that names nothing
refuses every token (``accounts.permissions.TokenScopeRequired``), so a new endpoint
cannot be reached by tokens made before it existed until someone decides its kind.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from waypost.accounts.roles import Permission, role_has

ANY_SCOPE = "*"

DEFAULT_LIFETIME = timedelta(days=90)
MAX_LIFETIME = timedelta(days=365)


class RecordKind(models.TextChoices):
    INCIDENTS = "incidents", pgettext_lazy("token scope", "Incidents")
    TRACING = "tracing", pgettext_lazy("token scope", "Tracing (missing and found persons)")
    REPORTS = "reports", pgettext_lazy("token scope", "Reports")
    SCREENING = "screening", pgettext_lazy("token scope", "Screening")
    DETENTION = "detention", pgettext_lazy("token scope", "Detention monitoring")
    STATISTICS = "statistics", pgettext_lazy("token scope", "Statistics")
    TRAINING = "training", pgettext_lazy("token scope", "Training of officials")
    INFO = "info", pgettext_lazy("token scope", "Information for migrants")


class Access(models.TextChoices):
    READ = "read", pgettext_lazy("token scope", "Read")
    WRITE = "write", pgettext_lazy("token scope", "Read and write")


# The role permissions that let a person hold each scope (any one of them): a token may
# only hold scopes its owner's role could use. Screening and detention hold personal data of the same
# sensitivity as tracing, so they need the same permissions.
SCOPE_PERMISSIONS: dict[tuple[str, str], tuple[Permission, ...]] = {
    (RecordKind.INCIDENTS, Access.READ): (Permission.VIEW_INCIDENTS,),
    (RecordKind.INCIDENTS, Access.WRITE): (Permission.EDIT_INCIDENTS,),
    (RecordKind.TRACING, Access.READ): (Permission.VIEW_PERSONAL_DATA,),
    (RecordKind.TRACING, Access.WRITE): (Permission.EDIT_CASES,),
    (RecordKind.REPORTS, Access.READ): (Permission.HANDLE_REPORTS,),
    (RecordKind.REPORTS, Access.WRITE): (Permission.HANDLE_REPORTS,),
    (RecordKind.SCREENING, Access.READ): (Permission.VIEW_PERSONAL_DATA,),
    # An organisation's administrators also write its screening configuration (the
    # concerns table and the UNHCR codes each maps to).
    (RecordKind.SCREENING, Access.WRITE): (Permission.EDIT_CASES, Permission.MANAGE_MEMBERS),
    (RecordKind.DETENTION, Access.READ): (Permission.VIEW_PERSONAL_DATA,),
    (RecordKind.DETENTION, Access.WRITE): (Permission.EDIT_CASES,),
    # Figures are computed, never written through the API: there is no statistics:write.
    (RecordKind.STATISTICS, Access.READ): (Permission.VIEW_STATISTICS,),
    # Training sessions are recorded by the organisation's administrators; their
    # indicators are figures, read by whoever reads statistics.
    (RecordKind.TRAINING, Access.READ): (Permission.VIEW_STATISTICS,),
    (RecordKind.TRAINING, Access.WRITE): (Permission.MANAGE_MEMBERS,),
    # Information points and articles: public once published; their writers (an
    # organisation's caseworkers and admins) read their drafts and write them.
    (RecordKind.INFO, Access.READ): (Permission.EDIT_CASES, Permission.MANAGE_MEMBERS),
    (RecordKind.INFO, Access.WRITE): (Permission.EDIT_CASES, Permission.MANAGE_MEMBERS),
}

ALL_SCOPES: tuple[str, ...] = tuple(f"{kind}:{access}" for kind, access in SCOPE_PERMISSIONS)


# Each scope's label, lazily translated (the vocabulary ``accounts.token_scope``).
SCOPE_LABELS: dict[str, str | Promise] = {
    scope: format_lazy(
        "{kind} ({access})",
        kind=RecordKind(scope.partition(":")[0]).label,
        access=Access(scope.partition(":")[2]).label,
    )
    for scope in ALL_SCOPES
}


def scope_label(scope: str) -> str:
    return str(SCOPE_LABELS.get(scope, scope))


class ScopeError(ValueError):
    pass


def parse_scope(text: str) -> str:
    """``tracing:read`` as typed (``tracing`` alone means read), checked, normalised."""
    kind, _sep, access = text.strip().lower().partition(":")
    access = access or Access.READ
    scope = f"{kind}:{access}"
    if scope not in ALL_SCOPES:
        raise ScopeError(
            _("Unknown scope %(scope)s: choose among %(scopes)s.")
            % {"scope": text, "scopes": ", ".join(ALL_SCOPES)}
        )
    return scope


def normalise_scopes(scopes: list[str]) -> list[str]:
    """Scopes checked and deduplicated; ``KIND:write`` makes ``KIND:read`` redundant."""
    parsed = {parse_scope(scope) for scope in scopes}
    return sorted(
        scope
        for scope in parsed
        if not (scope.endswith(":read") and scope.replace(":read", ":write") in parsed)
    )


def role_allows_scope(role: str, scope: str) -> bool:
    kind, _sep, access = scope.partition(":")
    return any(role_has(role, p) for p in SCOPE_PERMISSIONS.get((kind, access), ()))


def default_scopes_for(role: str) -> list[str]:
    """What a token is given when nobody chose: all its owner's role can use (the power
    tokens had before scopes existed), the widest access per kind."""
    chosen = []
    for kind in RecordKind.values:
        for access in (Access.WRITE, Access.READ):
            if role_allows_scope(role, f"{kind}:{access}"):
                chosen.append(f"{kind}:{access}")
                break
    return sorted(chosen)


def scopes_grant(scopes: list[str], kind: str, access: str) -> bool:
    if kind == ANY_SCOPE:
        return True
    if access == Access.READ:
        return f"{kind}:read" in scopes or f"{kind}:write" in scopes
    return f"{kind}:write" in scopes


def parse_lifetime(text: str) -> timedelta:
    """``30d``, ``12w``, ``6m`` (30 days each) or ``1y``, at least a day, at most a year."""
    text = text.strip().lower()
    units = {"d": 1, "w": 7, "m": 30, "y": 365}
    if len(text) < 2 or text[-1] not in units or not text[:-1].isdecimal():
        raise ScopeError(
            _("Give the lifetime as a number of days, weeks, months or years: 30d, 12w, 6m, 1y.")
        )
    lifetime = timedelta(days=int(text[:-1]) * units[text[-1]])
    if not timedelta(days=1) <= lifetime <= MAX_LIFETIME:
        raise ScopeError(_("A token lives at least a day and at most a year."))
    return lifetime
