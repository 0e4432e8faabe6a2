from __future__ import annotations

import pytest
from django.core.management import call_command

from waypost.protection import services
from waypost.protection.fields import key_id_of
from waypost.protection.keys import forget_cached_keys
from waypost.protection.models import Consent, DataKey, KeyRotation
from waypost.protection.rotation import rotation_run, rotation_start


@pytest.fixture
def consents(organisation, other_organisation):
    made = []
    for i in range(7):
        owner = organisation if i % 2 else other_organisation
        made.append(
            services.consent_record(
                actor=None,
                organisation=owner,
                subject_type="tracing.foundperson",
                subject_id=i,
                purpose="tracing",
                method="best_interests",
                language="fr",
                is_child=True,
                guardian_or_decision=f"Best-interests decision number {i}",
            )
        )
    return made


def active_key_ids() -> set[int]:
    return set(DataKey.objects.filter(active=True).values_list("key_id", flat=True))


def test_an_interrupted_rotation_resumes_and_loses_nothing(consents):
    old_keys = active_key_ids()

    rotation = rotation_start()
    rotation_run(rotation, batch_size=2, stop_after_batches=2)  # killed mid-way
    assert KeyRotation.objects.get().finished_at is None

    forget_cached_keys()
    call_command("keys", "rotate", "--batch-size", "2")  # picks up where it stopped

    assert KeyRotation.objects.count() == 1
    assert KeyRotation.objects.get().finished_at is not None
    new_keys = active_key_ids()
    assert new_keys.isdisjoint(old_keys)
    for consent in Consent.objects.all():
        assert key_id_of(bytes(consent.guardian_or_decision_sealed)) in new_keys
        assert (
            consent.guardian_or_decision == f"Best-interests decision number {consent.subject_id}"
        )
