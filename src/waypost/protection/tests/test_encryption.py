from __future__ import annotations

import importlib
import re
import uuid

import pytest
from django.apps import apps as django_apps
from django.db import connection

from waypost.core.exceptions import ApplicationError
from waypost.protection import services
from waypost.protection.fields import Place, SealBroken, key_id_of, seal, unseal
from waypost.protection.keys import blind_index
from waypost.protection.models import Consent, DataKey

DECISION = "Guardian: Fatima Ibrahim, aunt, reached by phone +249 912 345 678"


def raw_column(pk: int) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT guardian_or_decision_sealed FROM protection_consent WHERE id = %s", [pk]
        )
        return bytes(cursor.fetchone()[0])


@pytest.fixture
def consent(organisation, caseworker):
    return services.consent_record(
        actor=caseworker,
        organisation=organisation,
        subject_type="tracing.foundperson",
        subject_id=7,
        purpose="tracing",
        method="guardian",
        language="ar",
        is_child=True,
        guardian_or_decision=DECISION,
    )


def test_a_sealed_value_reads_back_but_is_not_in_the_database(consent):
    stored = raw_column(consent.pk)

    assert DECISION.encode() not in stored
    assert b"Fatima" not in stored and b"912 345 678" not in stored
    assert Consent.objects.get(pk=consent.pk).guardian_or_decision == DECISION


ROW = uuid.uuid4()


def test_each_organisation_has_its_own_data_key(organisation, other_organisation):
    ours, theirs = Place("x.y", organisation.pk, ROW), Place("x.y", other_organisation.pk, ROW)
    first = seal(ours, b"secret")
    second = seal(theirs, b"secret")

    assert key_id_of(first) != key_id_of(second)
    assert DataKey.objects.filter(active=True).count() == 2
    assert unseal(ours, first) == unseal(theirs, second) == b"secret"


def test_a_ciphertext_moved_to_another_field_does_not_decrypt(organisation):
    ciphertext = seal(Place("tracing.foundperson.name_sealed", organisation.pk, ROW), b"Mohamed")

    with pytest.raises(SealBroken):
        unseal(Place("tracing.foundperson.place_sealed", organisation.pk, ROW), ciphertext)


def test_data_keys_are_stored_only_wrapped(organisation):
    seal(Place("x.y", organisation.pk, ROW), b"secret")

    key = DataKey.objects.get()
    assert len(bytes(key.wrapped)) == 12 + 32 + 16  # nonce, key, tag: never the bare key


def test_blind_indexes_match_normalised_values_and_hide_them():
    assert blind_index("+249 912 345 678", kind="phone") == blind_index(
        "249912345678", kind="phone"
    )
    assert blind_index("P 1234567", kind="document") == blind_index("p1234567", kind="document")
    assert blind_index("1234567", kind="document") != blind_index("1234567", kind="phone")
    index = blind_index("+249 912 345 678", kind="phone")
    # a keyed digest, not the number: (a 3-digit part of it could occur in any digest by chance)
    assert re.fullmatch(r"[0-9a-f]{64}", index) and "249912345678" not in index
    assert blind_index("   ", kind="phone") == ""


def test_a_consent_for_an_unknown_purpose_code_is_refused(organisation):
    with pytest.raises(ApplicationError):
        services.consent_record(
            actor=None,
            organisation=organisation,
            subject_type="tracing.foundperson",
            subject_id=7,
            purpose="protection-referral",
            method="oral",
            language="ar",
        )
    assert not Consent.objects.exists()


def test_the_migration_underscores_stored_hyphenated_purposes(organisation):
    migration = importlib.import_module(
        "waypost.protection.migrations.0004_purpose_codes_underscored"
    )
    Consent.objects.create(
        organisation=organisation,
        subject_type="tracing.foundperson",
        subject_id="7",
        purpose="protection-referral",
        method="oral",
        language="ar",
    )

    migration.underscore(django_apps, None)

    assert services.consent_allows(
        subject_type="tracing.foundperson", subject_id=7, purpose="protection_referral"
    )
