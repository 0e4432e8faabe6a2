"""Role checks for views and API endpoints."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from waypost.accounts.roles import Permission
from waypost.accounts.token_scopes import token_scope_check

ViewFunc = Callable[..., HttpResponse]


def audit_refusal(request: HttpRequest | Request, status: int) -> None:
    """Put a refused page or record on the audit log, for signed-in users and tokens.

    Called where 403 and 404 answers are made (core.views, core.api, the second-factor
    middleware), so each access-control failure is logged (ASVS 7.2.2). Anonymous visitors are not
    logged (nobody to hold to account, and reporters must leave no trace), nor addresses
    that match no route (typos, scanners).
    """
    from waypost.accounts import services
    from waypost.accounts.models import User

    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    if match is None or not isinstance(user, User) or not user.is_authenticated:
        return
    services.access_refused(actor=user, status=status, view_name=match.view_name)


def role_required(permission: Permission) -> Callable[[ViewFunc], ViewFunc]:
    """Let the view run only for signed-in users whose role grants ``permission``."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_role_permission(permission):  # type: ignore[union-attr]
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def api_permission(permission: Permission, *, hide: bool = False) -> type[BasePermission]:
    """A DRF permission class granting access to roles that have ``permission``.

    ``hide``: a signed-in user without it gets 404, as for a record of another
    organisation, so that a record's address says nothing about whether it exists.
    """

    class HasRolePermission(BasePermission):
        def has_permission(self, request: Request, view: APIView) -> bool:
            user = request.user
            if not (user and user.is_authenticated):
                return False
            if user.has_role_permission(permission):
                return token_scope_check(request, view)
            if hide:
                raise NotFound()
            return False

    HasRolePermission.__name__ = f"Has_{permission.name}"
    return HasRolePermission
