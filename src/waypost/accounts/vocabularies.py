"""The accounts' vocabularies (core/vocabularies.py): roles and kinds of organisation."""

from __future__ import annotations

from waypost.accounts.roles import OrganisationKind, Role

VOCABULARIES = {
    "accounts.role": Role,
    "accounts.organisation_kind": OrganisationKind,
}
