"""Periodic jobs: registered in one place, run by the worker, once per period each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from waypost.accounts.models import Organisation
from waypost.accounts.roles import OrganisationKind
from waypost.jobs.models import Job, JobStatus
from waypost.jobs.periodic import PERIODIC_JOBS, PeriodicJob, periodic_run_due

TESTS = "waypost.jobs.tests.tasks_for_tests"


def _expired_and_fresh_reports(make_organisation: Callable[..., Organisation]) -> tuple[int, int]:
    from waypost.reporting import services
    from waypost.reporting.models import Report

    nhri = make_organisation(kind=OrganisationKind.NHRI, country="TUN")
    services.channel_set(actor=None, organisation=nhri, accepts_reports=True, countries=["TUN"])

    def send() -> Report:
        report, _receipt = services.report_submit(
            submission=services.Submission(
                recipient_slug=nhri.slug,
                what_happened="Beaten at the port",
                where="Sfax",
                when="2025",
                language="en",
                country="TUN",
            )
        )
        return report

    expired, fresh = send(), send()
    Report.objects.filter(pk=expired.pk).update(expires_on=expired.submitted_on - timedelta(days=1))
    return expired.pk, fresh.pk


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_registered_job_that_deletes_expired_reports(make_organisation):
    from waypost.reporting.models import Report

    expired, fresh = _expired_and_fresh_reports(make_organisation)
    assert "reports-expire" in {job.name for job in PERIODIC_JOBS}

    call_command("worker", "--batch")

    assert list(Report.objects.values_list("pk", flat=True)) == [fresh]
    assert expired != fresh
    run = Job.objects.get(kind="periodic.reports-expire")
    assert run.status == JobStatus.SUCCEEDED
    assert run.result == {"deleted": 1}
    assert run.organisation is None


@pytest.mark.django_db
def test_a_periodic_job_runs_once_per_period(make_organisation):
    from waypost.reporting.models import Report

    _expired_and_fresh_reports(make_organisation)
    now = timezone.now()

    daily = ["reports-expire"]
    first = periodic_run_due(now=now, only=daily)
    again = periodic_run_due(now=now + timedelta(hours=23), only=daily)
    next_day = periodic_run_due(now=now + timedelta(days=1), only=daily)

    assert first == {"reports-expire": JobStatus.SUCCEEDED}
    assert again == {}
    assert next_day == {"reports-expire": JobStatus.SUCCEEDED}
    assert Report.objects.count() == 1
    assert Job.objects.filter(kind="periodic.reports-expire").count() == 2


@pytest.mark.django_db
def test_one_failing_job_does_not_stop_the_others():
    jobs = [
        PeriodicJob("archive", timedelta(hours=1), f"{TESTS}.periodic_fail", "Archive"),
        PeriodicJob("count", timedelta(hours=1), f"{TESTS}.periodic_ok", "Count"),
    ]

    ran = periodic_run_due(jobs=jobs)

    assert ran == {"archive": JobStatus.FAILED, "count": JobStatus.SUCCEEDED}
    assert "did not answer" in Job.objects.get(kind="periodic.archive").message
    assert Job.objects.get(kind="periodic.count").result == {"ok": 1}


@pytest.mark.django_db
def test_runperiodic_can_exclude_a_job(capsys):
    call_command(
        "runperiodic",
        "--exclude",
        "reports-expire",
        "reports-remind",
        "audit-checkpoint",
        "audit-alerts",
    )

    assert "Nothing was due." in capsys.readouterr().out
    assert not Job.objects.filter(kind="periodic.reports-expire").exists()

    call_command("runperiodic", "--tasks", "reports-expire")

    assert "reports-expire: succeeded" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_thread_runs_due_jobs_by_itself(make_organisation):
    import time

    from waypost.jobs.periodic import start_periodic_scheduler
    from waypost.reporting.models import Report

    _expired, fresh = _expired_and_fresh_reports(make_organisation)

    thread, stop = start_periodic_scheduler(interval=0.05)
    deadline = time.monotonic() + 10
    while Report.objects.count() > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    thread.join(timeout=10)

    assert list(Report.objects.values_list("pk", flat=True)) == [fresh]
    assert not thread.is_alive()


@pytest.mark.django_db
def test_the_audit_log_head_is_witnessed_every_minute(caseworker, settings):
    import json

    from waypost.protection.audit import audit_record

    audit_record(actor=caseworker, action="waypost.tracing.missingpersonreport.read")
    now = timezone.now()

    first = periodic_run_due(now=now, only=["audit-checkpoint"])
    within = periodic_run_due(now=now + timedelta(seconds=30), only=["audit-checkpoint"])
    later = periodic_run_due(now=now + timedelta(minutes=1), only=["audit-checkpoint"])

    assert first == later == {"audit-checkpoint": JobStatus.SUCCEEDED}
    assert within == {}
    lines = settings.AUDIT_WITNESS_PATH.read_text().splitlines()
    assert [json.loads(line)["size"] for line in lines] == [1]  # the log did not grow since
    results = Job.objects.filter(kind="periodic.audit-checkpoint").values_list("result", flat=True)
    assert sorted(results, key=str) == [{"witnessed": 1}, {"witnessed": None}]
