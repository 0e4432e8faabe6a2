from __future__ import annotations

import json
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from waypost.protection.audit import verify
from waypost.protection.models import AuditEntry, RetentionRun
from waypost.tracing import services
from waypost.tracing.models import FoundPerson, MissingPersonReport, UnidentifiedRemains


def age(record, days):
    type(record).objects.filter(pk=record.pk).update(
        updated_at=timezone.now() - timedelta(days=days)
    )


def test_retention_deletes_what_is_due_keeps_holds_and_counts(
    caseworker, capsys, settings, tmp_path
):
    settings.TRACING_INDEX_DIR = tmp_path
    old_found = services.record_create(actor=caseworker, model=FoundPerson, name="Old")
    held = services.record_create(actor=caseworker, model=FoundPerson, name="Held")
    recent = services.record_create(actor=caseworker, model=FoundPerson, name="Recent")
    remains = services.record_create(actor=caseworker, model=UnidentifiedRemains, name="")
    report = services.record_create(actor=caseworker, model=MissingPersonReport, name="Report")
    for record in (old_found, held, remains):
        age(record, 6 * 365)
    age(report, 6 * 365)  # tracing keeps reports ten years
    FoundPerson.objects.filter(pk=held.pk).update(legal_hold=True)

    call_command("retention", "apply", "--dry-run", "--json")
    dry = json.loads(capsys.readouterr().out)
    assert dry["due"]["tracing.foundperson"] == 1
    assert FoundPerson.objects.count() == 3

    call_command("retention", "apply", "--json")
    summary = json.loads(capsys.readouterr().out)

    assert summary["deleted"]["tracing.foundperson"] == 1
    assert set(FoundPerson.objects.values_list("pk", flat=True)) == {held.pk, recent.pk}
    assert UnidentifiedRemains.objects.filter(pk=remains.pk).exists()
    assert MissingPersonReport.objects.filter(pk=report.pk).exists()
    assert RetentionRun.objects.count() == 2
    assert AuditEntry.objects.filter(action="waypost.retention.applied").count() == 2
    assert verify() is None
