"""The base of every Waypost management command."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from waypost.core.exceptions import ApplicationError


class WaypostBaseCommand(BaseCommand):
    """Turns domain errors into clean command errors, and can refuse overlapping runs.

    Set ``lock_name`` on commands that cron may start while a previous run still works
    (retention, key rotation): a second run then stops at once instead of racing the first.
    """

    lock_name: str | None = None

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            if self.lock_name is None:
                return super().execute(*args, **options)
            with self.exclusive_lock(self.lock_name):
                return super().execute(*args, **options)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except DatabaseError as error:
            # A command run before `waypost migrate` (or against the wrong data directory)
            # would otherwise end in a traceback about a missing table.
            if _migrations_pending():
                raise CommandError(
                    _(
                        "The database %(database)s is not set up yet: run 'waypost migrate' "
                        "first (or check WAYPOST_DATA_DIR and WAYPOST_DATABASE_URL)."
                    )
                    % {"database": connection.settings_dict["NAME"]}
                ) from error
            raise

    @contextmanager
    def exclusive_lock(self, name: str) -> Iterator[None]:
        path = settings.DATA_DIR / f"{name}.lock"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise CommandError(f"Another '{name}' run is in progress.") from exc
            yield
        finally:
            os.close(fd)


def _migrations_pending() -> bool:
    try:
        executor = MigrationExecutor(connection)
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except DatabaseError:
        return True
