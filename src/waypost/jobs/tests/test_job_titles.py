"""A job's title and result read in the language of whoever looks, not of who started it."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from waypost.core.tests.test_vocabulary_pages import signed_in, untranslated
from waypost.demo import load_demo
from waypost.incidents.tasks import import_mmp
from waypost.jobs.models import Job

pytestmark = pytest.mark.django_db

DEMO_FILE = Path(__file__).resolve().parents[2] / "incidents/data/MissingMigrants-Global-2026.csv"


def test_an_import_started_in_french_is_titled_and_reported_in_each_readers_language(
    django_capture_on_commit_callbacks,
):
    load_demo(progress=lambda message: None)
    operator = signed_in("operator")
    with DEMO_FILE.open("rb") as upload, django_capture_on_commit_callbacks(execute=True):
        response = operator.post("/fr/incidents/import/", {"file": upload})
    assert response.status_code == 302
    job = Job.objects.get(kind="incidents.import_mmp")
    import_mmp.call(**DBTaskResult.objects.get().args_kwargs["kwargs"])

    english = operator.get(f"/en/jobs/{job.pk}/").content.decode()
    french = operator.get(f"/fr/jobs/{job.pk}/").content.decode()
    spanish = operator.get("/es/jobs/").content.decode()

    assert "Import of <bdi>MissingMigrants-Global-2026.csv</bdi>" in english
    assert "Import de <bdi>MissingMigrants-Global-2026.csv</bdi>" in french
    assert "Importación de <bdi>MissingMigrants-Global-2026.csv</bdi>" in spanish
    assert "<dt>Rows read</dt>" in english and "<dt>rows</dt>" not in english
    assert untranslated(operator, [f"/en/jobs/{job.pk}/", "/en/jobs/"]) == {}


def test_titles_written_before_in_any_language_are_read_back_and_others_kept(operator_job):
    migration = import_module("waypost.jobs.migrations.0003_job_title_message")
    french = operator_job("incidents.import_mmp", "Import de export 2024.csv")
    arabic = operator_job("incidents.import_mmp", "استيراد بيانات.xlsx")
    periodic = operator_job("periodic.reports-expire", "Supprimer les signalements d’abus expirés")
    unknown = operator_job("incidents.import_mmp", "Something else")

    migration.read_titles_back(apps, None)

    for job in (french, arabic, periodic, unknown):
        job.refresh_from_db()
    assert (french.title_message, french.title_params) == (
        "Import of %(name)s",
        {"name": "export 2024.csv"},
    )
    assert arabic.title_params == {"name": "بيانات.xlsx"}
    with translation.override("en"):
        assert periodic.display_title == "Delete expired reports of abuse"
    with translation.override("es"):
        assert french.display_title == "Importación de export 2024.csv"
    assert (unknown.title_message, unknown.display_title) == ("", "Something else")


@pytest.fixture
def operator_job(caseworker):
    def make(kind: str, title: str) -> Job:
        return Job.objects.create(kind=kind, title=title, organisation=caseworker.organisation)

    return make
