from __future__ import annotations

import threading

import pytest
from django.core.management import call_command
from django.db import connection

from waypost.protection import rotation as rotation_module
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


def test_an_edit_made_during_a_batch_is_not_overwritten(consents, monkeypatch):
    edited = consents[0]
    rotation = rotation_start()
    real_unseal = rotation_module.unseal

    def unseal_while_someone_edits(place, ciphertext: bytes) -> bytes:
        clear = real_unseal(place, ciphertext)
        if not Consent.objects.get(pk=edited.pk).guardian_or_decision.startswith("Edited"):
            fresh = Consent.objects.get(pk=edited.pk)
            fresh.guardian_or_decision = "Edited during the rotation"
            fresh.save()
        return clear

    monkeypatch.setattr(rotation_module, "unseal", unseal_while_someone_edits)
    rotation_run(rotation, batch_size=100)

    assert Consent.objects.get(pk=edited.pk).guardian_or_decision == "Edited during the rotation"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
def test_rotation_locks_the_batch_so_a_concurrent_save_waits_and_wins(organisation, monkeypatch):
    consent = services.consent_record(
        actor=None,
        organisation=organisation,
        subject_type="tracing.foundperson",
        subject_id=1,
        purpose="tracing",
        method="oral",
        language="ar",
        is_child=True,
        guardian_or_decision="Before",
    )
    rotation = rotation_start()
    real_unseal = rotation_module.unseal
    saved = threading.Event()

    def edit_elsewhere() -> None:
        try:
            other = Consent.objects.get(pk=consent.pk)
            other.guardian_or_decision = "Saved by someone else"
            other.save()
            saved.set()
        finally:
            connection.close()

    def unseal_with_a_concurrent_save(place, ciphertext: bytes) -> bytes:
        thread = threading.Thread(target=edit_elsewhere)
        thread.start()
        # The batch holds the row lock: the other save must still be waiting.
        assert not saved.wait(timeout=1)
        monkeypatch.setattr(rotation_module, "unseal", real_unseal)
        unseal_with_a_concurrent_save.thread = thread  # type: ignore[attr-defined]
        return real_unseal(place, ciphertext)

    monkeypatch.setattr(rotation_module, "unseal", unseal_with_a_concurrent_save)
    rotation_run(rotation)
    unseal_with_a_concurrent_save.thread.join(timeout=10)  # type: ignore[attr-defined]

    assert saved.is_set()
    forget_cached_keys()
    assert Consent.objects.get(pk=consent.pk).guardian_or_decision == "Saved by someone else"


def test_the_progress_counts_each_row_once_however_many_sealed_columns_it_has(
    consents, organisation
):
    from waypost.tracing.models import FoundPerson

    for name in ("Amina Yusuf", "Yonas Tesfaye", "Mariam Bah"):  # 8 sealed columns each
        FoundPerson.objects.create(
            organisation=organisation, data_category="tracing", name=name, place="Agadez"
        )
    seen: list[tuple[int, int | None]] = []

    rotation = rotation_run(
        rotation_start(), batch_size=2, progress=lambda done, total, _: seen.append((done, total))
    )

    rows = len(consents) + 3
    assert rotation.rows_done == rows
    assert seen[-1] == (rows, rows)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert all(done <= total for done, total in seen)
    assert sorted(person.name for person in FoundPerson.objects.all()) == [
        "Amina Yusuf",
        "Mariam Bah",
        "Yonas Tesfaye",
    ]
