"""Rights of the person: everything held about them, readable; rectification; erasure.

``person_export`` gathers a personal record's clear fields and sealed values, and those of
the related records it names in ``RIGHTS_RELATED`` (e.g. a report's contact log), for the
person or their representative. ``person_erase`` deletes the record and what depends on
it. Both are audited; rectification goes through each app's ordinary update service.

A related row can name another organisation's record (a tracing candidate names the found
person it may be): such a row is another organisation's data, not the person's, and goes
out only as the app that owns the link discloses it (``disclosure_register``), which decides
through ``access.record_visible_to`` like every other output. A row that names another
organisation's record and has no registered disclosure is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.db import models, transaction

from waypost.accounts.models import User
from waypost.protection.audit import audit_record
from waypost.protection.fields import sealed
from waypost.protection.models import ProtectedRecord

HIDDEN_FIELDS = {"fingerprint", "document_index", "enquirer_phone_index", "seal_id"}

# How a related row that links to other records is shown to ``actor``: its values, or None
# when the actor may not know of it.
Disclosure = Callable[[Any, User | None], dict[str, Any] | None]
_DISCLOSURES: dict[type[models.Model], Disclosure] = {}


def disclosure_register(model: type[models.Model], disclose: Disclosure) -> None:
    """Let ``disclose`` say what a person export shows of ``model``'s related rows."""
    _DISCLOSURES[model] = disclose


def _values(record: models.Model) -> dict[str, Any]:
    """A row's clear columns and sealed values, as the person export shows them."""
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


def _names_another_organisations_record(item: models.Model, record: models.Model) -> bool:
    owner = getattr(record, "organisation_id", None)
    for field in item._meta.concrete_fields:
        target = field.related_model if field.is_relation else None
        if not (isinstance(target, type) and issubclass(target, ProtectedRecord)):
            continue
        linked = getattr(item, field.name)
        if linked is not None and linked.organisation_id != owner:
            return True
    return False


def _related_values(actor: User | None, item: models.Model, record: models.Model) -> Any:
    disclose = _DISCLOSURES.get(type(item))
    if disclose is not None:
        return disclose(item, actor)
    if _names_another_organisations_record(item, record):
        return None
    return _values(item)


def person_export(*, actor: User | None, record: models.Model) -> dict[str, Any]:
    related = {
        relation: [
            values
            for item in getattr(record, relation).all()
            if (values := _related_values(actor, item, record)) is not None
        ]
        for relation in getattr(record, "RIGHTS_RELATED", ())
    }
    data = {
        "record_type": record._meta.label_lower,
        "record": _values(record),
        "related": related,
    }
    audit_record(actor=actor, action="waypost.rights.exported", record=record, fields=["*"])
    return data


@transaction.atomic
def person_erase(*, actor: User | None, record: models.Model) -> None:
    audit_record(actor=actor, action="waypost.rights.erased", record=record, fields=["*"])
    record.delete()
