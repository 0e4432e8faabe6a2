"""Migration operations shared by the apps whose models hold sealed values."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import migrations, models

BATCH = 1000


def add_seal_ids(
    app_label: str, model_names: list[str]
) -> list[migrations.operations.base.Operation]:
    """Give each model a ``seal_id`` column (``protection.fields.seal_id_column``).

    Three steps, because one ``AddField`` with a random default gives every existing row
    the same value: add the column empty, give each row its own id, then make it
    required and unique. The fields are written out rather than taken from
    ``seal_id_column`` so that the migrations stay what they were if it changes.
    """

    def fill(apps: Any, schema_editor: Any) -> None:
        for name in model_names:
            model = apps.get_model(app_label, name)
            pending = model._default_manager.filter(seal_id__isnull=True).only("pk")
            while rows := list(pending[:BATCH]):
                for row in rows:
                    row.seal_id = uuid.uuid4()
                model._default_manager.bulk_update(rows, ["seal_id"])

    return [
        *(
            migrations.AddField(
                model_name=name,
                name="seal_id",
                field=models.UUIDField(editable=False, null=True),
            )
            for name in model_names
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        *(
            migrations.AlterField(
                model_name=name,
                name="seal_id",
                field=models.UUIDField(
                    default=uuid.uuid4,
                    editable=False,
                    help_text="Binds the row's encrypted values to it.",
                    unique=True,
                    verbose_name="seal id",
                ),
            )
            for name in model_names
        ),
    ]
