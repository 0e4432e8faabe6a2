"""Browser sessions stored in the database under the SHA-256 of their key, never the key.

The session key is the only thing a browser presents to be someone. Django's database
backend stores it as the row's primary key, so a copy of ``django_session`` (a backup, a
dump, a read-only SQL injection) hands out every live session, second factor included.
Here the row is keyed by the key's SHA-256: the browser's cookie is looked up by its hash,
and the hash found in the database opens nothing. A plain hash suffices, unlike for
passwords: the key is 32 random characters from Django's ``get_random_string``, far beyond
guessing, so there is nothing to slow down.

Neither Django nor a session package we could find does this (django-qsessions and
django-user-sessions keep the raw key too, and add the address and browser of each
session, which Waypost refuses to keep), so it is this small subclass of Django's
database store. Only the methods that touch the key in the database change; the
rest (creation, rotation at sign-in, expiry, ``clearsessions``) is Django's own.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.utils import timezone


def key_hash(session_key: str) -> str:
    return hashlib.sha256(session_key.encode()).hexdigest()


# What ``accounts.signals`` puts in a session at sign-in, copied to the row's columns on
# each save so that a person's sessions are found by an index (``accounts.selectors``).
DEVICE_KEY = "_waypost_device"
BROWSER_KEY = "_waypost_browser"
SINCE_KEY = "_waypost_since"  # when the person signed in, as a POSIX timestamp
SEEN_EVERY_SECONDS = 5 * 60  # how often a request updates the session's "last seen"


def _describe(session: Any, data: dict[str, Any]) -> None:
    user_id = str(data.get(SESSION_KEY, ""))
    session.user_id = int(user_id) if user_id.isdecimal() else None
    session.device = str(data.get(DEVICE_KEY, ""))[:16]
    session.browser = str(data.get(BROWSER_KEY, ""))[:16]
    since = data.get(SINCE_KEY)
    session.created_at = (
        datetime.fromtimestamp(since, tz=UTC) if isinstance(since, int | float) else None
    )
    session.last_seen_at = timezone.now()


def session_seen(session_key: str) -> None:
    """Note that the session was used now, at most every few minutes (one indexed update;
    the session itself is not saved, so its expiry is not pushed back)."""
    from waypost.accounts.models import HashedSession

    hashed = key_hash(session_key)
    if cache.add(f"waypost:session-seen:{hashed}", 1, SEEN_EVERY_SECONDS):
        HashedSession.objects.filter(pk=hashed).update(last_seen_at=timezone.now())


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls) -> Any:
        from waypost.accounts.models import HashedSession

        return HashedSession

    # Django's two lookups, by the key's hash.
    def _get_session_from_db(self) -> Any:
        try:
            return self.model.objects.get(
                session_key=key_hash(self.session_key or ""), expire_date__gt=timezone.now()
            )
        except (self.model.DoesNotExist, SuspiciousOperation) as error:
            self._not_found(error)
            return None

    async def _aget_session_from_db(self) -> Any:
        try:
            return await self.model.objects.aget(
                session_key=key_hash(self.session_key or ""), expire_date__gt=timezone.now()
            )
        except (self.model.DoesNotExist, SuspiciousOperation) as error:
            self._not_found(error)
            return None

    def _not_found(self, error: Exception) -> None:
        if isinstance(error, SuspiciousOperation):
            logging.getLogger(f"django.security.{type(error).__name__}").warning(str(error))
        self._session_key = None

    def exists(self, session_key: str) -> bool:
        return bool(super().exists(key_hash(session_key)))

    async def aexists(self, session_key: str) -> bool:
        return bool(await super().aexists(key_hash(session_key)))

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        session = super().create_model_instance(data)
        session.session_key = key_hash(session.session_key)
        _describe(session, data)
        return session

    async def acreate_model_instance(self, data: dict[str, Any]) -> Any:
        session = await super().acreate_model_instance(data)
        session.session_key = key_hash(session.session_key)
        _describe(session, data)
        return session

    def delete(self, session_key: str | None = None) -> None:
        session_key = session_key or self.session_key
        if session_key is not None:
            super().delete(key_hash(session_key))

    async def adelete(self, session_key: str | None = None) -> None:
        session_key = session_key or self.session_key
        if session_key is not None:
            await super().adelete(key_hash(session_key))


class SessionSeenMiddleware:
    """Keeps each signed-in session's "last seen" roughly current (``session_seen``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session_key = request.session.session_key
        if session_key and request.user.is_authenticated:
            session_seen(session_key)
        return self.get_response(request)
