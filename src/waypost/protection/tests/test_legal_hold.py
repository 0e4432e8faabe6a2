from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from waypost.accounts.roles import Role
from waypost.core.exceptions import NotFound, PermissionDenied
from waypost.protection.audit import verify
from waypost.protection.models import AuditEntry
from waypost.protection.retention import retention_apply
from waypost.protection.services import legal_hold_set
from waypost.tracing import services as tracing
from waypost.tracing.models import FoundPerson


@pytest.fixture
def old_record(caseworker, settings, tmp_path):
    settings.TRACING_INDEX_DIR = tmp_path
    record = tracing.record_create(actor=caseworker, model=FoundPerson, name="Held")
    FoundPerson.objects.filter(pk=record.pk).update(
        updated_at=timezone.now() - timedelta(days=6 * 365)
    )
    return record


def test_an_auditor_holds_a_record_and_retention_keeps_it(old_record, make_user, organisation):
    auditor = make_user(organisation, Role.AUDITOR)

    legal_hold_set(
        actor=auditor,
        record_type="tracing.foundperson",
        record_id=old_record.pk,
        held=True,
        reason="Court order 2026/114",
    )
    retention_apply()

    assert FoundPerson.objects.filter(pk=old_record.pk, legal_hold=True).exists()
    entry = AuditEntry.objects.get(action="waypost.retention.hold_set")
    assert (entry.actor_username, entry.record_id) == (auditor.username, str(old_record.pk))
    assert entry.detail["reason"] == "Court order 2026/114"
    assert verify() is None


def test_a_released_record_is_deleted_by_the_next_retention_run(old_record, capsys):
    call_command(
        "retention", "hold", "set", f"tracing.foundperson:{old_record.pk}", "--reason", "R1"
    )
    retention_apply()
    assert FoundPerson.objects.filter(pk=old_record.pk).exists()

    call_command(
        "retention",
        "hold",
        "clear",
        f"tracing.foundperson:{old_record.pk}",
        "--reason",
        "R1 closed",
    )
    retention_apply()

    assert not FoundPerson.objects.filter(pk=old_record.pk).exists()
    assert AuditEntry.objects.filter(action="waypost.retention.hold_cleared").count() == 1


def test_only_an_auditor_of_the_owner_may_hold(
    old_record, caseworker, make_user, other_organisation
):
    with pytest.raises(PermissionDenied):
        legal_hold_set(
            actor=caseworker,
            record_type="tracing.foundperson",
            record_id=old_record.pk,
            held=True,
            reason="x",
        )
    with pytest.raises(NotFound):  # another organisation's record does not exist for them
        legal_hold_set(
            actor=make_user(other_organisation, Role.AUDITOR),
            record_type="tracing.foundperson",
            record_id=old_record.pk,
            held=True,
            reason="x",
        )
    with pytest.raises(NotFound):  # only protected records carry a hold
        legal_hold_set(
            actor=None, record_type="protection.auditentry", record_id=1, held=True, reason="x"
        )
    assert not FoundPerson.objects.get(pk=old_record.pk).legal_hold
