from __future__ import annotations

import pytest
from django.core.management import call_command

from waypost.conftest import PASSWORD
from waypost.jobs.models import Job, JobStatus
from waypost.jobs.services import job_start
from waypost.jobs.tests.tasks_for_tests import count_to, fail

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("worker", "--batch")


def test_a_job_runs_in_the_database_queue_and_records_progress_and_result(caseworker):
    job = job_start(actor=caseworker, kind="test.count", title="Count", task=count_to, n=5)
    assert job.status == JobStatus.QUEUED

    run_worker()

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert (job.done, job.total, job.percent) == (5, 5, 100)
    assert job.result == {"counted": 5}
    assert job.organisation == caseworker.organisation


def test_a_failing_job_is_marked_failed_with_its_reason(caseworker):
    job = job_start(actor=caseworker, kind="test.fail", title="Fail", task=fail)

    run_worker()

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "not an MMP export" in job.message


def test_the_job_page_shows_progress_and_polls_until_finished(client, caseworker):
    job = Job.objects.create(
        kind="test",
        title="Import",
        organisation=caseworker.organisation,
        status=JobStatus.RUNNING,
        done=40,
        total=100,
    )
    client.login(username=caseworker.username, password=PASSWORD)

    page = client.get(f"/en/jobs/{job.pk}/").content.decode()
    assert '<progress id="job-bar" max="100" value="40">' in page
    assert 'hx-trigger="every 1s"' in page

    job.status, job.done = JobStatus.SUCCEEDED, 100
    job.save()
    fragment = client.get(f"/en/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment
    assert "<html" not in fragment


def test_jobs_of_another_organisation_are_not_found(
    client, caseworker, other_caseworker, api_client_for
):
    job = Job.objects.create(
        kind="test", title="Theirs", organisation=other_caseworker.organisation
    )
    client.login(username=caseworker.username, password=PASSWORD)

    assert client.get(f"/en/jobs/{job.pk}/").status_code == 404
    assert api_client_for(caseworker).get(f"/api/v1/jobs/{job.pk}/").status_code == 404
    assert (
        api_client_for(other_caseworker).get(f"/api/v1/jobs/{job.pk}/").json()["title"] == "Theirs"
    )
