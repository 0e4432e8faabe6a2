"""Key rotation: new data keys for every organisation, then every sealed value re-encrypted.

Work goes model by model in batches of rows, each batch in its own transaction, and the
position is saved with each batch; a run that is killed loses nothing (every value is
always readable: old keys stay until no value uses them) and the next run continues from
the saved position. Values sealed before rows were bound (version 1) are re-sealed bound
to their row. Each value is opened in its own place first, so a value moved from another
row or organisation stops the run (``SealBroken``, audited) rather than being re-sealed
as if it belonged there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from waypost.protection.audit import audit_record
from waypost.protection.fields import (
    VERSION,
    SealBroken,
    SealedColumn,
    header_of,
    seal,
    seal_broken_audit,
    sealed,
    sealed_columns,
    unseal,
)
from waypost.protection.keys import _create_data_key, data_key
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


def _by_model(columns: list[SealedColumn]) -> list[tuple[type[models.Model], list[sealed]]]:
    properties: dict[type[models.Model], list[sealed]] = {}
    for column in columns:
        properties.setdefault(column.model, []).append(getattr(column.model, column.attribute))
    return sorted(properties.items(), key=lambda item: item[0]._meta.label_lower)


def _reseal_row(row: models.Model, properties: list[sealed], active: dict[int, int]) -> None:
    """Re-seal the values of ``row`` that are not bound or not under the active key."""
    manager = type(row)._default_manager
    for prop in properties:
        ciphertext = bytes(getattr(row, prop.column))
        if not ciphertext:
            continue
        place = prop.place(row)
        active_id = active.get(place.organisation_id)
        version, key_id = header_of(ciphertext)
        if version == VERSION and key_id == active_id:
            continue
        try:
            clear = unseal(place, ciphertext)
        except SealBroken as exc:
            raise _Broken(row, prop) from exc
        # None: the organisation's first key was made after this run began; seal() finds it.
        key = (active_id, data_key(active_id)) if active_id is not None else None
        # Compare-and-swap: only if the value is still the one re-encrypted. Where rows
        # cannot be locked (SQLite), a value changed since the read was sealed by its
        # writer and is kept as it is.
        manager.filter(pk=row.pk, **{prop.column: ciphertext}).update(
            **{prop.column: seal(place, clear, key=key)}
        )


class _Broken(Exception):  # noqa: N818 - carries a SealBroken out of the batch's transaction
    def __init__(self, row: models.Model, prop: sealed) -> None:
        super().__init__(f"{row._meta.label_lower} {row.pk}: {prop.name} does not open here.")
        self.row, self.prop = row, prop


def rotation_run(
    rotation: KeyRotation,
    *,
    batch_size: int = 1000,
    progress: Progress | None = None,
    stop_after_batches: int | None = None,
) -> KeyRotation:
    """Re-encrypt everything not yet under an active key, bound to its row.

    Progress counts rows, each once, however many sealed columns it has.
    ``stop_after_batches`` is for tests.
    """
    active = {key.organisation_id: key.key_id for key in DataKey.objects.filter(active=True)}
    models_to_do = _by_model(sealed_columns())
    total = sum(model._default_manager.count() for model, _ in models_to_do)
    batches = 0
    for model, properties in models_to_do:
        label = model._meta.label_lower
        manager = model._default_manager
        while True:
            cursor = rotation.cursors.get(label, 0)
            try:
                with transaction.atomic():
                    # Read and rewrite the batch in one transaction with the rows locked
                    # (PostgreSQL): an edit saved meanwhile waits for the batch instead of
                    # being overwritten by a re-encryption of its old value. The rows an
                    # organisation is read through (a candidate's report) come in the same
                    # query, not one query each.
                    rows = list(
                        manager.select_for_update(of=("self",))
                        .select_related()
                        .filter(pk__gt=cursor)
                        .order_by("pk")[:batch_size]
                    )
                    if not rows:
                        break
                    for row in rows:
                        _reseal_row(row, properties, active)
                    rotation.cursors[label] = rows[-1].pk
                    rotation.rows_done += len(rows)
                    rotation.save(update_fields=["cursors", "rows_done"])
            except _Broken as broken:
                # Outside the batch's transaction, which rolled back: the entry stays.
                seal_broken_audit(broken.row, broken.prop)
                raise SealBroken(str(broken)) from broken
            if progress is not None:
                progress(rotation.rows_done, total, label)
            batches += 1
            if stop_after_batches is not None and batches >= stop_after_batches:
                return rotation
    rotation.finished_at = timezone.now()
    rotation.save(update_fields=["finished_at"])
    detail: dict[str, Any] = {"rows": rotation.rows_done, "models": len(models_to_do)}
    audit_record(actor=None, action="waypost.keys.rotated", record=rotation, detail=detail)
    return rotation
