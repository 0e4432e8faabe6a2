"""Reports stored before issue 39 get the default deadlines from the day they arrived and
the first step of their history (reporting migration 0004)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("reporting", "0003_seal_ids_bind_values_to_rows")]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_reports_get_deadlines_and_a_received_step(make_organisation):
    organisation = make_organisation(kind="nhri", country="TUN")
    old_apps = migrate(BEFORE)
    try:
        OldReport = old_apps.get_model("reporting", "Report")  # noqa: N806
        OldReport.objects.create(
            organisation_id=organisation.pk,
            receipt_hash="x" * 64,
            submitted_on=date(2026, 1, 31),
            updated_on=date(2026, 1, 31),
            expires_on=date(2027, 1, 31),
        )
    finally:
        migrate()
    from waypost.reporting.models import Report

    report = Report.objects.get()
    assert report.acknowledge_due_on == date(2026, 2, 7)
    assert report.feedback_due_on == date(2026, 5, 7)
    assert [(s.day, s.status) for s in report.history.all()] == [(date(2026, 1, 31), "received")]
