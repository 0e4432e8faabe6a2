"""Unusual activity on the audit log raises alerts (ASVS 11.1.7, 11.1.8)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from waypost.accounts import services as account_services
from waypost.accounts.roles import Role
from waypost.jobs.periodic import PERIODIC_JOBS, periodic_run_due
from waypost.protection.alerts import alerts_check
from waypost.protection.audit import audit_record, verify
from waypost.protection.models import AuditEntry

pytestmark = pytest.mark.django_db

THRESHOLDS = {
    "WAYPOST_ALERT_WINDOW_MINUTES": 60,
    "WAYPOST_ALERT_FAILED_AUTH_ACCOUNT": 5,
    "WAYPOST_ALERT_FAILED_AUTH_ORGANISATION": 12,
    "WAYPOST_ALERT_READS_PER_PERSON": 6,
    "WAYPOST_ALERT_READS_FACTOR": 3,
    "WAYPOST_ALERT_EXPORTS": 3,
}


@pytest.fixture(autouse=True)
def thresholds(settings):
    for name, value in THRESHOLDS.items():
        setattr(settings, name, value)
    return settings


@pytest.fixture
def admin_with_email(admin):
    admin.email = "admin@sahel.example"
    admin.save(update_fields=["email"])
    return admin


def alerts():
    return list(AuditEntry.objects.filter(action="waypost.protection.alert.raised"))


def read(user, times, action="waypost.tracing.missingpersonreport.read"):
    for n in range(times):
        audit_record(
            actor=user,
            action=action,
            record_type="tracing.missingpersonreport",
            record_id=n + 1,
            fields=["full_name"],
        )


def test_failed_sign_ins_for_one_account_alert_the_admins_without_naming_anyone(
    admin_with_email, caseworker
):
    for _ in range(5):
        account_services.sign_in_failed(username=caseworker.username)

    assert alerts_check() == {"raised": ["failed_auth_account"]}

    [entry] = alerts()
    assert entry.record_type == "accounts.user"
    assert entry.record_id == str(caseworker.pk)
    assert entry.detail["kind"] == "failed_auth_account"
    assert entry.detail["count"] == 5
    assert entry.detail["organisation_id"] == caseworker.organisation_id
    [message] = mail.outbox
    assert message.to == ["admin@sahel.example"]
    assert "5 failed sign-in" in message.body
    assert caseworker.username not in message.body + message.subject
    assert verify() is None


def test_an_alert_is_raised_once_a_window(admin_with_email, caseworker):
    for _ in range(6):
        account_services.sign_in_failed(username=caseworker.username)
    alerts_check()
    account_services.sign_in_failed(username=caseworker.username)

    assert alerts_check() == {"raised": []}
    assert len(alerts()) == 1
    assert len(mail.outbox) == 1
    # A window later the failures are old: nothing to tell.
    assert alerts_check(now=timezone.now() + timedelta(minutes=61)) == {"raised": []}


def test_fewer_failures_than_the_threshold_raise_nothing(admin_with_email, caseworker):
    for _ in range(4):
        account_services.sign_in_failed(username=caseworker.username)
    account_services.sign_in_failed(username="nobody-by-this-name")

    assert alerts_check() == {"raised": []}
    assert mail.outbox == []


def test_second_factor_failures_across_an_organisation_alert(
    admin_with_email, make_user, organisation
):
    people = [make_user(organisation) for _ in range(4)]
    for person in people:
        for _ in range(3):
            account_services.sign_in_failed(username=person.username)
            audit_record(actor=person, action="waypost.accounts.two_factor.failed", record=person)

    raised = alerts_check()["raised"]

    # 6 failures per account (5 is the limit) and 24 in the organisation (12 is the limit).
    assert raised.count("failed_auth_account") == 4
    assert raised.count("failed_auth_organisation") == 1
    assert len(mail.outbox) == 5


def test_one_person_reading_far_more_than_usual_is_an_alert(admin_with_email, caseworker):
    read(caseworker, 6)

    assert alerts_check() == {"raised": ["reads"]}
    [entry] = alerts()
    assert entry.record_id == str(caseworker.pk)
    assert "opened 6 personal records" in mail.outbox[0].body


def past_reads(user, per_hour):
    """A week's usual reads, written two days ago (inside the week before the window)."""
    with time_machine.travel(timezone.now() - timedelta(days=2), tick=False):
        read(user, per_hour * 7 * 24)


def test_reading_as_much_as_usual_is_no_alert(admin_with_email, caseworker):
    # A busy caseworker: 3 reads an hour over the week is their usual (x3 = 9 is unusual).
    past_reads(caseworker, 3)
    read(caseworker, 8)

    assert alerts_check() == {"raised": []}

    read(caseworker, 2)
    assert alerts_check() == {"raised": ["reads"]}
    assert alerts()[0].detail["threshold"] == 9


def test_the_usual_is_each_persons_own(admin_with_email, caseworker, make_user, organisation):
    quiet = make_user(organisation)
    past_reads(caseworker, 3)
    read(caseworker, 7)
    read(quiet, 7, action="waypost.screening.person.read")

    assert alerts_check() == {"raised": ["reads"]}
    assert alerts()[0].record_id == str(quiet.pk)


def test_exports_of_personal_data_alert(admin_with_email, caseworker):
    for _ in range(3):
        audit_record(actor=caseworker, action="waypost.tracing.records.exported")

    assert alerts_check() == {"raised": ["exports"]}
    assert "exported personal data 3 times" in mail.outbox[0].body


def test_a_threshold_of_zero_turns_an_alert_off(thresholds, admin_with_email, caseworker):
    thresholds.WAYPOST_ALERT_FAILED_AUTH_ACCOUNT = 0
    thresholds.WAYPOST_ALERT_FAILED_AUTH_ORGANISATION = 0
    for _ in range(20):
        account_services.sign_in_failed(username=caseworker.username)

    assert alerts_check() == {"raised": []}


def test_only_the_organisations_own_active_admins_are_told(
    admin_with_email, caseworker, make_user, organisation, other_organisation
):
    other_admin = make_user(other_organisation, Role.ADMIN)
    other_admin.email = "admin@elsewhere.example"
    other_admin.save(update_fields=["email"])
    former = make_user(organisation, Role.ADMIN)
    former.email = "former@sahel.example"
    former.is_active = False
    former.save(update_fields=["email", "is_active"])
    for _ in range(5):
        account_services.sign_in_failed(username=caseworker.username)

    alerts_check()

    assert [m.to for m in mail.outbox] == [["admin@sahel.example"]]


def test_the_watch_runs_as_a_periodic_job(admin_with_email, caseworker):
    assert any(job.name == "audit-alerts" for job in PERIODIC_JOBS)
    for _ in range(5):
        account_services.sign_in_failed(username=caseworker.username)

    assert periodic_run_due(only=["audit-alerts"]) == {"audit-alerts": "succeeded"}
    assert len(alerts()) == 1
