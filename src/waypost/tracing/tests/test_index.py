"""The matching indexes beside the database: protected, and in step with deletions."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone

from waypost.matching import MatchIndex, Record
from waypost.protection.rights import person_erase
from waypost.tracing import matching, services
from waypost.tracing.models import FoundPerson, MissingPersonReport


def indexed_ids(settings, name: str) -> set[str]:
    path = Path(settings.TRACING_INDEX_DIR) / f"tracing-{name}.sqlite"
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT id FROM records")}


def test_an_erased_record_leaves_the_index(
    caseworker, settings, django_capture_on_commit_callbacks
):
    found = services.record_create(actor=caseworker, model=FoundPerson, name="Yonas Tesfaye")
    assert matching.engine_id(found) in indexed_ids(settings, "sought")

    with django_capture_on_commit_callbacks(execute=True):
        person_erase(actor=caseworker, record=found)

    assert indexed_ids(settings, "sought") == set()


def test_retention_takes_deleted_records_out_of_the_index(
    caseworker, settings, capsys, django_capture_on_commit_callbacks
):
    old = services.record_create(actor=caseworker, model=FoundPerson, name="Yonas Tesfaye")
    kept = services.record_create(actor=caseworker, model=FoundPerson, name="Selam Haile")
    FoundPerson.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=4000))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("retention", "apply", "--json")

    assert json.loads(capsys.readouterr().out)["deleted"]["tracing.foundperson"] == 1
    assert indexed_ids(settings, "sought") == {matching.engine_id(kept)}


def test_an_index_written_in_clear_is_rebuilt_protected_from_the_database(caseworker, settings):
    report = services.record_create(
        actor=caseworker, model=MissingPersonReport, name="Yonas Tesfaye", birth_date="1990"
    )
    path = Path(settings.TRACING_INDEX_DIR) / "tracing-reports.sqlite"
    for leftover in path.parent.glob("tracing-reports.sqlite*"):
        leftover.unlink()
    with MatchIndex(path) as plain:  # as an earlier version wrote it
        plain.upsert(Record(id="report:999", name="Stale Name", birth_date="1970"))

    services.record_create(
        actor=caseworker, model=FoundPerson, name="Yonas Tesfaye", birth_date="1990"
    )

    assert indexed_ids(settings, "reports") == {matching.engine_id(report)}
    assert b"Stale" not in path.read_bytes() and b"Yonas" not in path.read_bytes()
    assert report.candidates.count() == 1
