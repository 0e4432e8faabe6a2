"""The record search: names in any script, through a blind index of the matching keys."""

from __future__ import annotations

import base64
import hashlib
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from waypost.conftest import PASSWORD
from waypost.matching import tokenize
from waypost.protection import services as protection
from waypost.protection.keys import key_provider
from waypost.protection.models import AuditEntry
from waypost.tracing import search, services
from waypost.tracing.models import (
    Candidate,
    FoundPerson,
    MissingPersonReport,
    SearchKey,
    UnidentifiedRemains,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, caseworker):
    assert client.login(username=caseworker.username, password=PASSWORD)
    return client


def found(client, kind, text):
    """The page below the search form (the form shows what was typed)."""
    page = client.post(f"/en/tracing/{kind}/", {"q": text}).content.decode()
    return page.split('role="search"', 1)[1].split("</form>", 1)[1]


def shown_order(page, names):
    positions = {name: page.find(name) for name in names}
    assert all(position >= 0 for position in positions.values()), positions
    return sorted(names, key=positions.__getitem__)


def test_a_name_typed_in_latin_finds_it_written_in_arabic_and_the_reverse(signed_in, caseworker):
    services.record_create(actor=caseworker, model=MissingPersonReport, name="محمد عبد الله")
    services.record_create(actor=caseworker, model=MissingPersonReport, name="Amina Yusuf")
    services.record_create(actor=caseworker, model=FoundPerson, name="Mohamed Abdallah")
    services.record_create(actor=caseworker, model=FoundPerson, name="Amina Yusuf")

    reports = found(signed_in, "missing", "Mohamed Abdallah")
    people = found(signed_in, "found", "محمد عبد الله")

    assert "محمد عبد الله" in reports and "Amina Yusuf" not in reports
    assert "Mohamed Abdallah" in people and "Amina Yusuf" not in people


def test_other_spellings_and_the_order_of_the_parts_do_not_matter(signed_in, caseworker):
    services.record_create(actor=caseworker, model=MissingPersonReport, name="Muhammad Abdullah")

    assert "Muhammad Abdullah" in found(signed_in, "missing", "abdallah mohamed")
    assert "Muhammad Abdullah" in found(signed_in, "missing", "Mouhammad")


def test_records_matching_more_parts_of_the_name_come_first(signed_in, caseworker):
    for name in ("Mohamed Yusuf", "محمد عبد الله", "Fatima Abdallah", "Amina Yusuf"):
        services.record_create(actor=caseworker, model=MissingPersonReport, name=name)

    page = found(signed_in, "missing", "Mohamed Abdallah")

    assert shown_order(page, ["Mohamed Yusuf", "محمد عبد الله", "Fatima Abdallah"])[0] == (
        "محمد عبد الله"
    )
    assert "Amina Yusuf" not in page


def test_a_place_is_found_in_another_script_too(signed_in, caseworker):
    services.record_create(
        actor=caseworker, model=FoundPerson, name="Yonas Tesfay", place="مركز الاستقبال، صفاقس"
    )

    assert "Yonas Tesfay" in found(signed_in, "found", "Sfax")


def test_the_index_keeps_neither_names_nor_their_keys(caseworker, monkeypatch):
    record = services.record_create(
        actor=caseworker, model=MissingPersonReport, name="Mohamed Abdallah", place="Agadez"
    )

    rows = list(SearchKey.objects.filter(report=record))
    assert {(row.field, row.part) for row in rows} == {("name", 0), ("name", 1), ("place", 0)}
    stored = {row.digest for row in rows}
    keys = {key for token in tokenize("Mohamed Abdallah Agadez") for key in token.keys}
    unkeyed = {
        hashlib.sha256(f"{prefix}{key}".encode()).hexdigest()
        for key in keys
        for prefix in ("", "search-name:", "search-place:")
        for key in (key, key.casefold())
    }
    assert stored.isdisjoint(unkeyed) and stored.isdisjoint(keys)
    # Keyed by the deployment's secret: under another master key the same name and place
    # give other digests, so the rows cannot be recomputed from likely names without it.
    monkeypatch.setenv("WAYPOST_MASTER_KEY", base64.urlsafe_b64encode(bytes(range(32))).decode())
    key_provider.cache_clear()
    try:
        elsewhere = {
            digest
            for field, text in (("name", "Mohamed Abdallah"), ("place", "Agadez"))
            for part in search.digests(text, field)
            for digest in part
        }
    finally:
        monkeypatch.undo()
        key_provider.cache_clear()
    assert len(elsewhere) == len(stored) and elsewhere.isdisjoint(stored)
    # One key, two fields: a name and a place of the same reading do not share a digest.
    both = services.record_create(
        actor=caseworker, model=MissingPersonReport, name="Agadez", place="Agadez"
    )
    digests = {
        field: set(SearchKey.objects.filter(report=both, field=field).values_list("digest"))
        for field in ("name", "place")
    }
    assert digests["name"].isdisjoint(digests["place"])


def test_a_changed_name_is_found_by_its_new_name_only(signed_in, caseworker):
    record = services.record_create(actor=caseworker, model=MissingPersonReport, name="Amina Yusuf")

    services.record_update(actor=caseworker, record=record, name="Halima Osman")

    assert "Halima Osman" in found(signed_in, "missing", "Halima")
    assert "Halima Osman" not in found(signed_in, "missing", "Amina")


def test_erasing_a_record_removes_its_index_entries(signed_in, caseworker):
    record = services.record_create(actor=caseworker, model=MissingPersonReport, name="Amina Yusuf")
    assert SearchKey.objects.filter(report=record).exists()

    signed_in.post(f"/en/tracing/missing/{record.pk}/erase/")

    assert not MissingPersonReport.objects.exists()
    assert not SearchKey.objects.exists()


def test_the_search_finds_only_what_the_caller_may_see(
    signed_in, other_caseworker, organisation, other_organisation
):
    protection.agreement_grant(
        provider=other_organisation, recipient=organisation, purpose="tracing"
    )
    services.record_create(actor=other_caseworker, model=FoundPerson, name="Mohamed Abdallah")

    page = found(signed_in, "found", "Mohamed Abdallah")

    assert "Mohamed Abdallah" not in page
    assert "No record corresponds to this search." in page


def test_a_search_is_audited_with_what_it_found_never_what_was_typed(signed_in, caseworker):
    record = services.record_create(actor=caseworker, model=MissingPersonReport, name="Amina Yusuf")

    found(signed_in, "missing", "Amina Yusuf")

    entry = AuditEntry.objects.get(action="waypost.tracing.missingpersonreport.searched")
    assert entry.actor_id == caseworker.pk
    assert entry.detail == {"records": [record.pk], "parts": 2}
    assert "Amina" not in str(entry.detail) and "Yusuf" not in str(entry.detail)


def test_records_stored_before_the_index_are_indexed_by_the_migration(signed_in, caseworker):
    report = services.record_create(
        actor=caseworker, model=MissingPersonReport, name="محمد عبد الله", place="Agadez"
    )
    services.record_create(actor=caseworker, model=UnidentifiedRemains, name="Amina Yusuf")
    SearchKey.objects.all().delete()
    assert "محمد عبد الله" not in found(signed_in, "missing", "Mohamed")

    migration = importlib.import_module("waypost.tracing.migrations.0008_search_keys")
    migration.build_search_keys(django_apps, None)

    assert "محمد عبد الله" in found(signed_in, "missing", "Mohamed")
    assert "Amina Yusuf" in found(signed_in, "remains", "Amina")
    assert SearchKey.objects.filter(report=report).count() == len(
        {(row.field, row.part, row.digest) for row in SearchKey.objects.filter(report=report)}
    )


def test_the_migration_scores_existing_candidates_again_from_their_evidence(caseworker):
    services.record_create(
        actor=caseworker,
        model=MissingPersonReport,
        name="Mohamed Abdelrahman",
        sex="M",
        birth_date="1998",
    )
    services.record_create(
        actor=caseworker, model=FoundPerson, name="محمد عبد الرحمن", sex="M", birth_date="1998"
    )
    candidate = Candidate.objects.get()
    kept = candidate.score
    Candidate.objects.update(score=0.5)

    migration = importlib.import_module("waypost.tracing.migrations.0008_search_keys")
    migration.rescore_candidates(django_apps, None)

    assert Candidate.objects.get().score == pytest.approx(kept)


def test_reindex_builds_the_index_again(signed_in, caseworker, capsys):
    services.record_create(actor=caseworker, model=FoundPerson, name="Yonas Tesfay")
    SearchKey.objects.all().delete()

    call_command("tracing", "reindex")

    assert "Indexed the names of 1 records" in capsys.readouterr().out
    assert "Yonas Tesfay" in found(signed_in, "found", "يوناس")
