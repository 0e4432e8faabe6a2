from __future__ import annotations

from typing import Any

from rest_framework import authentication, exceptions
from rest_framework.request import Request

from waypost.accounts import services
from waypost.accounts.selectors import TOKEN_EXPIRED, TOKEN_UNKNOWN, token_for_use


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <token>`` with tokens from ``waypost tokens create``."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Invalid Authorization header.")
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed("Invalid token.") from exc
        token, refusal = token_for_use(raw=raw)
        if token is None or refusal:
            services.token_refused(raw=raw, reason=refusal or TOKEN_UNKNOWN)
            if refusal == TOKEN_EXPIRED and token is not None:
                raise exceptions.AuthenticationFailed(
                    f"This token expired at {token.expires_at.isoformat()}."
                )
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
