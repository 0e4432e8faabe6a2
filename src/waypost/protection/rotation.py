"""Key rotation: new data keys for every organisation, then every sealed value re-encrypted.

Work goes in batches, each in its own transaction, and the position is saved with each
batch; a run that is killed loses nothing (every value is always readable: old keys stay
until no value uses them) and the next run continues from the saved position.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from waypost.protection.audit import audit_record
from waypost.protection.fields import key_id_of, seal, sealed_columns, unseal
from waypost.protection.keys import _create_data_key
from waypost.protection.models import DataKey, KeyRotation

Progress = Callable[[int, int | None, str], None]


def rotation_start() -> KeyRotation:
    """The unfinished run to resume, or a new one with fresh data keys."""
    running = KeyRotation.objects.filter(finished_at__isnull=True).order_by("-pk").first()
    if running is not None:
        return running
    with transaction.atomic():
        organisation_ids = list(
            DataKey.objects.filter(active=True).values_list("organisation_id", flat=True)
        )
        DataKey.objects.filter(active=True).update(active=False)
        for organisation_id in organisation_ids:
            _create_data_key(organisation_id)
        return KeyRotation.objects.create()


def rotation_run(
    rotation: KeyRotation,
    *,
    batch_size: int = 1000,
    progress: Progress | None = None,
    stop_after_batches: int | None = None,
) -> KeyRotation:
    """Re-encrypt everything not yet under an active key. ``stop_after_batches`` is for tests."""
    active = {key.organisation_id: key.key_id for key in DataKey.objects.filter(active=True)}
    owner_of_key = dict(DataKey.objects.values_list("key_id", "organisation_id"))
    columns = sealed_columns()
    total = sum(column.model._default_manager.count() for column in columns)
    batches = 0
    for column in columns:
        manager = column.model._default_manager
        while True:
            cursor = rotation.cursors.get(column.label, 0)
            with transaction.atomic():
                # Read and rewrite the batch in one transaction with the rows locked
                # (PostgreSQL): an edit saved meanwhile waits for the batch instead of being
                # overwritten by a re-encryption of its old value.
                rows = list(
                    manager.select_for_update()
                    .filter(pk__gt=cursor)
                    .order_by("pk")
                    .values_list("pk", column.column)[:batch_size]
                )
                if not rows:
                    break
                for pk, ciphertext in rows:
                    if not ciphertext:
                        continue
                    old_key = key_id_of(ciphertext)
                    organisation_id = owner_of_key[old_key]
                    if active.get(organisation_id) == old_key:
                        continue
                    clear = unseal(column.label, ciphertext)
                    # Compare-and-swap: only if the value is still the one re-encrypted.
                    # Where rows cannot be locked (SQLite), a value changed since the read
                    # was sealed by its writer and is kept as it is.
                    manager.filter(pk=pk, **{column.column: bytes(ciphertext)}).update(
                        **{column.column: seal(organisation_id, column.label, clear)}
                    )
                rotation.cursors[column.label] = rows[-1][0]
                rotation.rows_done += len(rows)
                rotation.save(update_fields=["cursors", "rows_done"])
            if progress is not None:
                progress(rotation.rows_done, total, column.label)
            batches += 1
            if stop_after_batches is not None and batches >= stop_after_batches:
                return rotation
    rotation.finished_at = timezone.now()
    rotation.save(update_fields=["finished_at"])
    detail: dict[str, Any] = {"rows": rotation.rows_done, "columns": len(columns)}
    audit_record(actor=None, action="waypost.keys.rotated", record=rotation, detail=detail)
    return rotation
