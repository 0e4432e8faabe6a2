"""Rows stored before values were bound to rows each get their own seal id, and their
values keep opening until ``waypost keys rotate`` binds them (protection migration 0006)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from waypost.protection.keys import forget_cached_keys
from waypost.protection.models import Consent
from waypost.protection.rotation import rotation_run, rotation_start
from waypost.protection.tests.test_sealed_binding import legacy_seal

BEFORE = [("protection", "0005_audit_chain_keyed")]


def migrate(targets=None):
    """Migrate to ``targets``, or all the way (the later migrations' columns included)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before_seal_ids():
    apps = migrate(BEFORE)
    yield apps
    migrate()


@pytest.mark.django_db(transaction=True)
def test_existing_rows_get_distinct_seal_ids_and_their_values_still_open(
    before_seal_ids, organisation
):
    old_consent = before_seal_ids.get_model("protection", "Consent")
    for n in range(3):
        old_consent.objects.create(
            organisation_id=organisation.pk,
            subject_type="tracing.foundperson",
            subject_id=str(n),
            purpose="tracing",
            method="guardian",
            language="ar",
            is_child=True,
            guardian_or_decision_sealed=legacy_seal(organisation.pk, f"Guardian {n}".encode()),
        )

    migrate()
    forget_cached_keys()

    consents = list(Consent.objects.order_by("subject_id"))
    assert len({consent.seal_id for consent in consents} - {None}) == 3
    assert [c.guardian_or_decision for c in consents] == ["Guardian 0", "Guardian 1", "Guardian 2"]
    rotation_run(rotation_start())
    assert [c.guardian_or_decision for c in Consent.objects.order_by("subject_id")] == [
        "Guardian 0",
        "Guardian 1",
        "Guardian 2",
    ]
