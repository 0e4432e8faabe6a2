"""A sealed value opens only in its own place: its column, its organisation and its row.

Someone who can write the database but holds no key must not be able to move a value
(a guardian's name, a found person's place) from one record to another unnoticed: it
would then be shown, exported or shared as the other record's.
"""

from __future__ import annotations

import os

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.apps import apps
from django.core.management import CommandError, call_command

from waypost.protection import services
from waypost.protection.fields import HEADER, SealBroken, sealed_columns
from waypost.protection.keys import current_data_key, forget_cached_keys
from waypost.protection.models import AuditEntry, Consent
from waypost.protection.rotation import rotation_run, rotation_start
from waypost.protection.vocabulary import describe

LABEL = "protection.consent.guardian_or_decision_sealed"


def consent_for(organisation, decision: str, subject_id: int = 7) -> Consent:
    return services.consent_record(
        actor=None,
        organisation=organisation,
        subject_type="tracing.foundperson",
        subject_id=subject_id,
        purpose="tracing",
        method="guardian",
        language="ar",
        is_child=True,
        guardian_or_decision=decision,
    )


def stored(consent: Consent) -> bytes:
    return bytes(
        Consent.objects.values_list("guardian_or_decision_sealed", flat=True).get(pk=consent.pk)
    )


def store(consent: Consent, ciphertext: bytes) -> None:
    """Write the column directly, as someone with write access to the database would."""
    Consent.objects.filter(pk=consent.pk).update(guardian_or_decision_sealed=ciphertext)


def fresh(consent: Consent) -> Consent:
    forget_cached_keys()
    return Consent.objects.get(pk=consent.pk)


def legacy_seal(organisation_id: int, plaintext: bytes) -> bytes:
    """A value as Waypost sealed it before rows were bound: only model.column authenticated."""
    key_id, key = current_data_key(organisation_id)
    nonce = os.urandom(12)
    return HEADER.pack(1, key_id) + nonce + AESGCM(key).encrypt(nonce, plaintext, LABEL.encode())


def test_a_value_copied_into_another_organisations_row_fails_loudly(
    organisation, other_organisation
):
    theirs = consent_for(organisation, "Guardian: Fatima Ibrahim, aunt")
    ours = consent_for(other_organisation, "Best-interests decision 12")

    store(ours, stored(theirs))

    with pytest.raises(SealBroken, match="protection.consent.guardian_or_decision"):
        fresh(ours).guardian_or_decision  # noqa: B018


def test_a_value_copied_into_another_row_of_the_same_organisation_fails_loudly(organisation):
    first = consent_for(organisation, "Guardian: Fatima Ibrahim, aunt", subject_id=1)
    second = consent_for(organisation, "Best-interests decision 12", subject_id=2)

    store(second, stored(first))

    with pytest.raises(SealBroken):
        fresh(second).guardian_or_decision  # noqa: B018
    assert fresh(first).guardian_or_decision == "Guardian: Fatima Ibrahim, aunt"


def test_two_rows_swapping_their_values_both_fail(organisation):
    first = consent_for(organisation, "Guardian: Fatima Ibrahim, aunt", subject_id=1)
    second = consent_for(organisation, "Best-interests decision 12", subject_id=2)
    first_value, second_value = stored(first), stored(second)

    store(first, second_value)
    store(second, first_value)

    for consent in (first, second):
        with pytest.raises(SealBroken):
            fresh(consent).guardian_or_decision  # noqa: B018


def test_a_broken_seal_is_audited_with_the_row_and_column_but_no_value(
    organisation, other_organisation
):
    theirs = consent_for(organisation, "Guardian: Fatima Ibrahim, aunt")
    ours = consent_for(other_organisation, "Best-interests decision 12")
    store(ours, stored(theirs))

    with pytest.raises(SealBroken):
        fresh(ours).guardian_or_decision  # noqa: B018

    entry = AuditEntry.objects.get(action="waypost.keys.seal_broken")
    assert (entry.record_type, entry.record_id) == ("protection.consent", str(ours.pk))
    assert entry.fields == ["guardian_or_decision"]
    assert entry.detail == {"organisation_id": other_organisation.pk}
    assert "Fatima" not in repr(list(AuditEntry.objects.values()))
    assert describe("waypost.keys.seal_broken") != "waypost.keys.seal_broken"


def test_a_value_sealed_before_rows_were_bound_still_opens_in_its_row(organisation):
    consent = consent_for(organisation, "replaced by the legacy value below")
    store(consent, legacy_seal(organisation.pk, b"Guardian: Fatima Ibrahim, aunt"))

    assert fresh(consent).guardian_or_decision == "Guardian: Fatima Ibrahim, aunt"


def test_a_value_sealed_before_rows_were_bound_does_not_open_in_another_organisation(
    organisation, other_organisation
):
    ours = consent_for(other_organisation, "Best-interests decision 12")
    store(ours, legacy_seal(organisation.pk, b"Guardian: Fatima Ibrahim, aunt"))

    with pytest.raises(SealBroken):
        fresh(ours).guardian_or_decision  # noqa: B018


def test_rotation_binds_values_sealed_before_rows_were_bound(organisation):
    first = consent_for(organisation, "replaced by the legacy value below", subject_id=1)
    second = consent_for(organisation, "Best-interests decision 12", subject_id=2)
    store(first, legacy_seal(organisation.pk, b"Guardian: Fatima Ibrahim, aunt"))

    rotation_run(rotation_start())

    assert stored(first)[0] == stored(second)[0] == 2  # the bound format's version byte
    assert fresh(first).guardian_or_decision == "Guardian: Fatima Ibrahim, aunt"
    store(second, stored(first))
    with pytest.raises(SealBroken):
        fresh(second).guardian_or_decision  # noqa: B018


def test_rotation_stops_at_a_swapped_value_and_does_not_launder_it(
    organisation, other_organisation
):
    theirs = consent_for(organisation, "Guardian: Fatima Ibrahim, aunt")
    ours = consent_for(other_organisation, "Best-interests decision 12")
    store(ours, stored(theirs))

    with pytest.raises(SealBroken):
        rotation_run(rotation_start())

    with pytest.raises(SealBroken):
        fresh(ours).guardian_or_decision  # noqa: B018
    assert AuditEntry.objects.filter(
        action="waypost.keys.seal_broken", record_id=str(ours.pk)
    ).exists()


def test_the_rotate_command_names_the_broken_value_without_a_traceback(
    organisation, other_organisation
):
    theirs = consent_for(organisation, "Guardian: Fatima Ibrahim, aunt")
    ours = consent_for(other_organisation, "Best-interests decision 12")
    store(ours, stored(theirs))

    with pytest.raises(CommandError, match=f"protection.consent {ours.pk}: guardian_or_decision"):
        call_command("keys", "rotate")


def test_every_model_with_sealed_values_has_a_seal_id():
    models = {column.model for column in sealed_columns()}

    assert models, "no sealed column found"
    missing = [
        model._meta.label_lower
        for model in models
        if "seal_id" not in {field.name for field in model._meta.get_fields()}
    ]
    assert missing == []
    assert apps.get_model("tracing", "foundperson") in models
