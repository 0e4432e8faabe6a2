"""The scope check of API tokens, for every API view (``accounts.scopes``).

Apart from ``accounts.permissions``: DRF imports this module while it imports its own
``rest_framework.views`` (it is in ``DEFAULT_PERMISSION_CLASSES``), so it must not import
that module back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from waypost.accounts.scopes import Access, scopes_grant
from waypost.core.exceptions import PermissionDenied as ScopeMissing

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


def token_scope_check(request: Request, view: APIView) -> bool:
    """A request made with an API token must be within its scopes (``accounts.scopes``).

    The view names its kind of record in ``token_scope``; a view naming none refuses
    tokens. The refusal is a 403 problem detail naming the scope that is missing, so the
    partner knows which token to ask for. Requests from a browser session pass: their
    person's role alone decides.
    """
    from waypost.accounts.models import ApiToken

    token = request.auth
    if not isinstance(token, ApiToken):
        return True
    kind = getattr(view, "token_scope", None)
    access = Access.READ if request.method in SAFE_METHODS else Access.WRITE
    if kind is None:
        raise ScopeMissing(_("This endpoint cannot be used with an API token."))
    if scopes_grant(list(token.scopes), kind, access):
        return True
    missing = f"{kind}:{access}"
    raise ScopeMissing(
        _("This token does not have the scope %(scope)s.") % {"scope": missing},
        extra={"missing_scope": missing},
    )


class TokenScopeRequired(BasePermission):
    """``token_scope_check`` for views without a role permission (the default classes)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return token_scope_check(request, view)
