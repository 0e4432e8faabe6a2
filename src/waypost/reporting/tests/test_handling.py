"""Handlers triage, document, refer and answer; custodians guard the reporter's identity."""

from __future__ import annotations

from datetime import timedelta

import pytest

from waypost.core.exceptions import NotFound, PermissionDenied
from waypost.reporting import selectors, services
from waypost.reporting.models import Report
from waypost.reporting.tests.conftest import submission

pytestmark = pytest.mark.django_db


def test_a_handler_sees_only_reports_to_their_organisation(nhri, handler, caseworker, submitted):
    report, _receipt = submitted

    assert list(selectors.reports_for_handler(user=handler)) == [report]
    assert list(selectors.reports_for_handler(user=caseworker)) == []
    with pytest.raises(NotFound):
        selectors.report_get_for_handler(user=caseworker, public_id=report.public_id)


def test_identity_is_shown_only_after_a_custodian_approves(nhri, handler, custodian):
    report, _ = services.report_submit(
        submission=submission(
            nhri, identity_name="Amina Haroun", identity_contact="+216 55 123 456"
        )
    )

    assert selectors.report_identity_for_handler(user=handler, report=report) is None
    request = services.disclosure_request(
        actor=handler, report=report, reason="Needed to file the complaint."
    )
    assert selectors.report_identity_for_handler(user=handler, report=report) is None
    with pytest.raises(PermissionDenied):
        services.disclosure_decide(actor=handler, disclosure=request, approve=True)

    services.disclosure_decide(actor=custodian, disclosure=request, approve=True)

    assert selectors.report_identity_for_handler(user=handler, report=report) == {
        "name": "Amina Haroun",
        "contact": "+216 55 123 456",
    }


def test_a_refused_request_keeps_the_identity_hidden(nhri, handler, custodian):
    report, _ = services.report_submit(submission=submission(nhri, identity_name="Amina Haroun"))
    request = services.disclosure_request(actor=handler, report=report, reason="Curious.")

    services.disclosure_decide(actor=custodian, disclosure=request, approve=False)

    assert selectors.report_identity_for_handler(user=handler, report=report) is None


def test_documenting_and_referring_moves_the_report_to_referred(handler, submitted):
    report, receipt = submitted
    services.event_save(
        actor=handler,
        report=report,
        title="Beating at Sfax port",
        country="TUN",
        start_date="2025-03",
    )
    victim = services.victim_add(
        actor=handler, report=report, label="Victim A", sex="male", age_group="child", count=1
    )
    perpetrator = services.perpetrator_add(
        actor=handler, report=report, category="authority", authority_kind="border-guard"
    )
    services.act_add(
        actor=handler,
        report=report,
        violation_type="torture-ill-treatment",
        victim_id=victim.pk,
        perpetrator_id=perpetrator.pk,
    )
    services.source_add(actor=handler, report=report, kind="reporter", reliability="high")
    services.intervention_add(
        actor=handler,
        report=report,
        kind="referral",
        body="Public Prosecutor of Sfax",
        date="2025-04",
        status="sent",
    )
    services.report_outcome_set(actor=handler, report=report, outcome="acknowledged")

    view = selectors.report_reporter_view(report=selectors.report_for_receipt(receipt=receipt))

    assert view.status == "referred"
    assert view.outcome_label == "Acknowledged by the competent body"
    event = selectors.report_event(report=report)
    assert event is not None
    assert [a.violation_type for a in event.acts.all()] == ["torture-ill-treatment"]


def test_the_service_refuses_a_recipient_for_a_country_outside_its_channel(nhri):
    with pytest.raises(services.RecipientRefused) as refused:
        services.report_submit(submission=submission(nhri, country="MAR"))

    assert refused.value.extra == {"code": "country"}
    assert Report.objects.count() == 0


def test_reports_expire_unless_kept_for_a_case(nhri, handler):
    old, _ = services.report_submit(submission=submission(nhri))
    kept, _ = services.report_submit(submission=submission(nhri))
    fresh, _ = services.report_submit(submission=submission(nhri))
    services.report_triage(
        actor=handler, report=kept, status="documented", priority="high", kept_for_case=True
    )
    past = old.submitted_on - timedelta(days=400)
    Report.objects.filter(pk__in=[old.pk, kept.pk]).update(expires_on=past)

    assert services.reports_expire(dry_run=True) == 1
    assert services.reports_expire() == 1

    assert set(Report.objects.values_list("pk", flat=True)) == {kept.pk, fresh.pk}


def test_the_expire_command_reports_what_it_deletes(nhri, capsys):
    from django.core.management import call_command

    report, _ = services.report_submit(submission=submission(nhri))
    Report.objects.filter(pk=report.pk).update(expires_on=report.submitted_on - timedelta(days=1))

    call_command("reports", "expire", "--dry-run")
    assert Report.objects.count() == 1
    call_command("reports", "expire")

    assert Report.objects.count() == 0
    assert "1" in capsys.readouterr().out


def test_handler_pages_work_end_to_end(client, handler, submitted):
    report, _ = submitted
    client.force_login(handler)

    inbox = client.get("/en/reports/")
    detail = client.get(f"/en/reports/{report.public_id}/")
    client.post(f"/en/reports/{report.public_id}/message/", {"body": "Are you safe now?"})
    client.post(
        f"/en/reports/{report.public_id}/document/",
        {"title": "Port beating", "country": "TUN", "start_date": "2025-03"},
    )
    client.post(
        f"/en/reports/{report.public_id}/document/perpetrator/",
        {"category": "authority", "authority_kind": "police"},
    )
    client.post(
        f"/en/reports/{report.public_id}/document/act/", {"violation_type": "torture-ill-treatment"}
    )
    document = client.get(f"/en/reports/{report.public_id}/document/")

    assert inbox.status_code == detail.status_code == document.status_code == 200
    assert report.reference in inbox.content.decode()
    assert "Guards at the Sfax port" in detail.content.decode()
    assert "Torture or ill-treatment" in document.content.decode()
    assert report.messages.get().body == "Are you safe now?"


def test_a_caseworker_of_another_organisation_gets_404(client, caseworker, submitted):
    report, _ = submitted
    client.force_login(caseworker)

    assert client.get(f"/en/reports/{report.public_id}/").status_code == 404


def test_the_demo_loads_reports_at_several_stages_and_again_adds_nothing():
    from waypost.demo import load_demo

    load_demo(progress=lambda message: None)
    count = Report.objects.count()
    load_demo(progress=lambda message: None)

    assert count == Report.objects.count() == 5
    assert set(Report.objects.values_list("status", flat=True)) >= {
        "referred",
        "in-review",
        "closed",
    }
    assert selectors.report_statistics().by_violation
