"""Rights of the person: everything held about them, readable; rectification; erasure.

``person_export`` gathers a personal record's clear fields and sealed values, and those of
the related records it names in ``RIGHTS_RELATED`` (e.g. a report's contact log), for the
person or their representative. ``person_erase`` deletes the record and what depends on
it. Both are audited; rectification goes through each app's ordinary update service.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import models, transaction

from waypost.accounts.models import User
from waypost.protection.audit import audit_record
from waypost.protection.fields import sealed

HIDDEN_FIELDS = {"fingerprint", "document_index", "enquirer_phone_index", "seal_id"}


def _values(record: models.Model) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in record._meta.concrete_fields:
        if isinstance(field, models.BinaryField) or field.name in HIDDEN_FIELDS:
            continue
        value = getattr(record, field.attname)
        values[field.name] = value.isoformat() if isinstance(value, date | datetime) else value
    for name in dir(type(record)):
        if isinstance(getattr(type(record), name, None), sealed):
            values[name] = getattr(record, name)
    return values


def person_export(*, actor: User | None, record: models.Model) -> dict[str, Any]:
    related = {
        relation: [_values(item) for item in getattr(record, relation).all()]
        for relation in getattr(record, "RIGHTS_RELATED", ())
    }
    data = {"record_type": record._meta.label_lower, "record": _values(record), "related": related}
    audit_record(actor=actor, action="waypost.rights.exported", record=record, fields=["*"])
    return data


@transaction.atomic
def person_erase(*, actor: User | None, record: models.Model) -> None:
    audit_record(actor=actor, action="waypost.rights.erased", record=record, fields=["*"])
    record.delete()
