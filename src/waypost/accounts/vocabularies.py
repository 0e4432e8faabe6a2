"""The accounts' vocabularies (core/vocabularies.py): roles, kinds of organisation,
API token scopes, kinds of device and browsers of sessions."""

from __future__ import annotations

from waypost.accounts.devices import Browser, Device
from waypost.accounts.roles import OrganisationKind, Role
from waypost.accounts.scopes import SCOPE_LABELS

VOCABULARIES = {
    "accounts.role": Role,
    "accounts.organisation_kind": OrganisationKind,
    "accounts.token_scope": SCOPE_LABELS,
    "accounts.device": Device,
    "accounts.browser": Browser,
}
