"""Issue 39: handling deadlines, transfer, referral to competent bodies with the reporter's
consent, outcomes the reporter follows, and protection of reporters and witnesses."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from rest_framework.test import APIClient

from waypost.accounts.roles import OrganisationKind, Role
from waypost.core.exceptions import ApplicationError, NotFound, PermissionDenied
from waypost.protection.fields import SealBroken
from waypost.protection.models import AuditEntry
from waypost.reporting import selectors, services
from waypost.reporting.models import Report, ReportNotice
from waypost.reporting.privacy import today
from waypost.reporting.tests.conftest import SECRET_ACCOUNT, SECRET_PLACE, submission

pytestmark = pytest.mark.django_db

OMBUDSPERSON = {
    "slug": "tun-ombudsperson",
    "name": "Médiateur administratif",
    "kind": "ombudsperson",
    "countries": ["TUN"],
    "violations": ["collective-expulsion", "arbitrary-detention"],
    "languages": ["fr", "ar"],
    "requirements": ["account", "date", "place"],
    "response_days": 30,
}
UN_RAPPORTEUR = {
    "slug": "un-sr-migrants",
    "name": "UN Special Rapporteur on the human rights of migrants",
    "kind": "un_special_rapporteur",
    "countries": [],
    "violations": [],
    "languages": ["en", "fr", "es"],
    "requirements": ["victims", "perpetrators", "date", "place", "account", "steps_taken"],
}


@pytest.fixture
def bodies():
    services.bodies_load(entries=[OMBUDSPERSON, UN_RAPPORTEUR])
    return {b.slug: b for b in selectors.bodies_list()}


@pytest.fixture
def ngo(make_organisation):
    organisation = make_organisation(kind=OrganisationKind.NGO, country="TUN", name="Avocats")
    services.channel_set(
        actor=None, organisation=organisation, accepts_reports=True, countries=["TUN"]
    )
    return organisation


def _days_later(monkeypatch, days):
    later = today() + timedelta(days=days)
    monkeypatch.setattr("waypost.reporting.services.today", lambda: later)
    monkeypatch.setattr("waypost.reporting.selectors.today", lambda: later)
    return later


# 1. Handling: notices without content, assignment, deadlines, reminders


def test_a_new_report_notifies_handlers_without_its_content(nhri, handler, custodian, mailoutbox):
    with_email = handler
    with_email.email = "handler@nhri.example"
    with_email.save()
    with pytest.MonkeyPatch.context():
        pass
    report, _receipt = services.report_submit(submission=submission(nhri))

    notices = ReportNotice.objects.filter(report=report)
    # The caseworker handles reports; the admin (a custodian) does not.
    assert [n.user for n in notices] == [handler]
    assert notices.get().kind == "new"
    assert [n.report for n in selectors.notices_for(user=handler)] == [report]


def test_the_email_notice_names_the_reference_and_nothing_of_the_report(
    nhri, handler, django_capture_on_commit_callbacks
):
    handler.email = "handler@nhri.example"
    handler.save()
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = services.report_submit(submission=submission(nhri))

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert report.reference in sent.body
    for secret in (SECRET_ACCOUNT, SECRET_PLACE, "Sfax", "TUN", "authority"):
        assert secret not in sent.body and secret not in sent.subject


def test_assignment_goes_to_a_handler_of_the_organisation_only(
    nhri, handler, make_user, caseworker, submitted
):
    report, _ = submitted
    colleague = make_user(nhri, Role.CASEWORKER, username="colleague")

    services.report_assign(actor=handler, report=report, assignee=colleague)

    assert Report.objects.get().assigned_to == colleague
    assert ReportNotice.objects.filter(user=colleague, kind="assigned").exists()
    with pytest.raises(ApplicationError):
        services.report_assign(actor=handler, report=report, assignee=caseworker)
    # Later messages from the reporter go to the assigned handler only.
    services.reporter_message_add(report=Report.objects.get(), body="More details.")
    assert list(ReportNotice.objects.filter(kind="updated").values_list("user", flat=True)) == [
        colleague.pk
    ]


def test_deadlines_follow_the_eu_directive_by_default(nhri, submitted):
    report, _ = submitted

    assert report.acknowledge_due_on == report.submitted_on + timedelta(days=7)
    # Three months after the seven days when nothing was acknowledged (art. 9(1)(f)).
    assert (report.feedback_due_on - report.acknowledge_due_on).days in range(89, 93)


def test_an_unacknowledged_report_is_overdue_and_reminded_an_acknowledged_one_is_not(
    nhri, handler, monkeypatch
):
    late, _ = services.report_submit(submission=submission(nhri))
    answered, _ = services.report_submit(submission=submission(nhri))
    services.report_acknowledge(actor=handler, report=answered)
    day = today() + timedelta(days=8)

    out = io.StringIO()
    call_command("reports", "overdue", "--now", day.isoformat() + "T09:00:00", "--json", stdout=out)

    rows = json.loads(out.getvalue())["overdue"]
    assert [(r["report"], r["overdue"]) for r in rows] == [(late.reference, "acknowledgement")]
    assert rows[0]["reminded"] == 1
    assert ReportNotice.objects.filter(
        user=handler, report=late, kind="acknowledge_overdue"
    ).exists()
    assert not ReportNotice.objects.filter(report=answered, kind="acknowledge_overdue").exists()
    # Once a day: the same day again reminds nobody.
    again = io.StringIO()
    call_command("reports", "overdue", "--now", day.isoformat(), "--json", stdout=again)
    assert json.loads(again.getvalue())["overdue"][0]["reminded"] == 0
    # No content in the command's output.
    assert SECRET_ACCOUNT not in out.getvalue() and "Sfax" not in out.getvalue()


def test_on_the_seventh_day_a_report_is_not_yet_overdue(nhri, submitted):
    report, _ = submitted
    assert selectors.reports_overdue(on=report.acknowledge_due_on) == []
    assert selectors.reports_overdue(on=report.acknowledge_due_on + timedelta(days=1)) == [
        (Report.objects.get(), "acknowledgement")
    ]


def test_feedback_is_overdue_three_months_after_acknowledgement_unless_given(
    nhri, handler, submitted, monkeypatch
):
    report, _ = submitted
    services.report_acknowledge(actor=handler, report=report)
    report.refresh_from_db()
    after = report.feedback_due_on + timedelta(days=1)
    assert selectors.reports_overdue(on=after) == [(report, "feedback")]

    services.handler_message_add(actor=handler, report=report, body="We wrote to the ombudsperson.")

    assert selectors.reports_overdue(on=after) == []


def test_the_inbox_api_lists_overdue_reports(nhri, handler, api_client_for, monkeypatch):
    late, _ = services.report_submit(submission=submission(nhri))
    answered, _ = services.report_submit(submission=submission(nhri))
    services.report_acknowledge(actor=handler, report=answered)
    _days_later(monkeypatch, 9)
    client = api_client_for(handler)

    response = client.get("/api/v1/reports/inbox/?overdue=acknowledgement")

    assert response.status_code == 200
    assert [r["public_id"] for r in response.json()["results"]] == [str(late.public_id)]
    assert client.get("/api/v1/reports/inbox/?overdue=feedback").json()["results"] == []
    assert client.get("/api/v1/reports/inbox/?overdue=soon").status_code == 400


def test_assign_and_acknowledge_through_the_api(nhri, handler, api_client_for, submitted):
    report, receipt = submitted
    client = api_client_for(handler)

    assert client.post(
        f"/api/v1/reports/{report.public_id}/assign/", {"handler": handler.pk}, format="json"
    ).json() == {"assigned_to": handler.pk}
    response = client.post(f"/api/v1/reports/{report.public_id}/acknowledge/")

    assert response.status_code == 200
    assert response.json()["acknowledged_on"] == today().isoformat()
    history = (
        APIClient().get("/api/v1/reports/status/", HTTP_X_WAYPOST_RECEIPT=receipt).json()["history"]
    )
    assert [step["status"] for step in history] == ["received", "acknowledged"]


def test_another_organisation_cannot_assign_or_acknowledge(caseworker, api_client_for, submitted):
    report, _ = submitted
    client = api_client_for(caseworker)

    assert client.post(f"/api/v1/reports/{report.public_id}/acknowledge/").status_code == 404
    assert (
        client.post(
            f"/api/v1/reports/{report.public_id}/assign/", {"handler": None}, format="json"
        ).status_code
        == 404
    )


# 2. Transfer, re-sealed, with the reporter's consent; never to law enforcement


def test_a_transferred_report_is_readable_by_the_receiver_and_no_longer_by_the_sender(
    nhri, handler, ngo, make_user, submitted
):
    report, receipt = submitted
    services.handler_message_add(actor=handler, report=report, body="Thank you, we read it.")
    services.event_save(
        actor=handler,
        report=report,
        title="Beating at Sfax port",
        country="TUN",
        start_date="2025-03",
    )
    receiver = make_user(ngo, Role.CASEWORKER, username="receiver")
    transfer = services.transfer_propose(actor=handler, report=report, to_slug=ngo.slug)
    # Nothing moves before the reporter consents.
    assert Report.objects.get().organisation == nhri

    services.transfer_consent(
        report=selectors.report_for_receipt(receipt=receipt),
        transfer_id=str(transfer.public_id),
        consent=True,
    )

    moved = selectors.report_get_for_handler(user=receiver, public_id=report.public_id)
    assert moved.content["what_happened"] == SECRET_ACCOUNT
    assert [m.body for m in moved.messages.all()] == ["Thank you, we read it."]
    assert moved.messages.get().author is None
    assert selectors.report_event(report=moved).title == "Beating at Sfax port"
    with pytest.raises(NotFound):
        selectors.report_get_for_handler(user=handler, public_id=report.public_id)
    assert list(selectors.reports_for_handler(user=handler)) == []
    # Re-sealed: the sender's key no longer opens the content even if a row pointed back.
    moved.organisation_id = nhri.pk
    moved.__dict__.pop("_content_sealed_clear", None)
    with pytest.raises(SealBroken):
        _ = moved.content
    # Both sides have their audit entry; the reporter sees the step.
    sides = {
        e.action: e.detail["organisation_id"]
        for e in AuditEntry.objects.filter(action__startswith="waypost.report.transferred_")
    }
    assert sides == {
        "waypost.report.transferred_out": nhri.pk,
        "waypost.report.transferred_in": ngo.pk,
    }
    view = selectors.report_reporter_view(report=Report.objects.get())
    assert [s.status for s in view.history][-1] == "transferred"
    assert ReportNotice.objects.filter(user=receiver, kind="transferred_in").exists()
    # New deadlines for the receiver.
    assert Report.objects.get().acknowledged_on is None


def test_a_refused_transfer_leaves_the_report_where_it_is(nhri, handler, ngo, submitted):
    report, _ = submitted
    transfer = services.transfer_propose(actor=handler, report=report, to_slug=ngo.slug)

    services.transfer_consent(report=report, transfer_id=str(transfer.public_id), consent=False)

    assert Report.objects.get().organisation == nhri
    assert selectors.report_get_for_handler(user=handler, public_id=report.public_id)


def test_a_report_is_never_transferred_to_law_enforcement(
    nhri, handler, police, api_client_for, submitted
):
    report, _ = submitted

    with pytest.raises(services.RecipientRefused):
        services.transfer_propose(actor=handler, report=report, to_slug=police.slug)
    response = api_client_for(handler).post(
        f"/api/v1/reports/{report.public_id}/transfer/", {"recipient": police.slug}, format="json"
    )
    assert response.status_code == 400
    assert Report.objects.get().organisation == nhri


def test_the_transfer_api_waits_for_the_reporter(nhri, handler, ngo, api_client_for, submitted):
    report, receipt = submitted

    response = api_client_for(handler).post(
        f"/api/v1/reports/{report.public_id}/transfer/", {"recipient": ngo.slug}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["status"] == "awaiting_consent"
    reporter = APIClient()
    status = reporter.get("/api/v1/reports/status/", HTTP_X_WAYPOST_RECEIPT=receipt).json()
    assert status["transfers"][0]["to"] == ngo.name
    answer = reporter.post(
        f"/api/v1/reports/status/transfers/{response.json()['id']}/consent/",
        {"consent": True},
        format="json",
        HTTP_X_WAYPOST_RECEIPT=receipt,
    )
    assert answer.json()["status"] == "done"
    assert Report.objects.get().organisation == ngo


# 3. The directory and referral with the reporter's consent


def test_the_directory_filters_by_country_and_violation(bodies, handler, api_client_for):
    client = api_client_for(handler)

    response = client.get("/api/v1/bodies/?country=ITA&violation=pushback")

    assert response.status_code == 200
    assert [b["slug"] for b in response.json()["results"]] == ["un-sr-migrants"]
    tunisia = client.get("/api/v1/bodies/?country=TUN&violation=pushback").json()["results"]
    assert {b["slug"] for b in tunisia} == {"tun-ombudsperson", "un-sr-migrants"}
    assert tunisia[0]["requirements"]
    assert client.get("/api/v1/bodies/?country=TUN&violation=labour").json()["results"] == [
        b for b in tunisia if b["slug"] == "un-sr-migrants"
    ]


def test_a_referral_without_consent_is_refused_and_with_it_the_reporter_sees_it(
    nhri, handler, bodies, api_client_for, submitted
):
    report, receipt = submitted
    client = api_client_for(handler)
    body = bodies["tun-ombudsperson"]

    created = client.post(
        f"/api/v1/reports/{report.public_id}/referrals/",
        {"body": body.pk, "content": ["account", "date", "place"]},
        format="json",
    )
    assert created.status_code == 201
    rid = created.json()["id"]
    assert created.json() == {"id": rid, "status": "awaiting_consent"}
    # Before consent: no package, nothing sent.
    base = f"/api/v1/reports/{report.public_id}/referrals/{rid}"
    assert client.get(f"{base}/package/").status_code == 403
    refused = client.post(f"{base}/sent/", {"reference": "MED-1"}, format="json")
    assert refused.status_code == 400

    reporter = APIClient()
    status = reporter.get("/api/v1/reports/status/", HTTP_X_WAYPOST_RECEIPT=receipt).json()
    assert status["referrals"][0]["id"] == rid
    assert status["referrals"][0]["body_kind"] == "ombudsperson"
    assert status["referrals"][0]["content"] == ["account", "date", "place"]
    assert status["referrals"][0]["status"] == "awaiting_consent"
    consent = reporter.post(
        f"/api/v1/reports/status/referrals/{rid}/consent/",
        {"consent": True},
        format="json",
        HTTP_X_WAYPOST_RECEIPT=receipt,
    )
    assert consent.status_code == 200

    package = client.get(f"{base}/package/").json()
    assert package["facts"] == SECRET_ACCOUNT
    assert "author" not in package and "alleged_victims" not in package
    assert client.post(f"{base}/sent/", {"reference": "MED-1"}, format="json").status_code == 200
    assert (
        client.post(
            f"{base}/responses/", {"kind": "investigation_opened"}, format="json"
        ).status_code
        == 201
    )

    history = reporter.get("/api/v1/reports/status/", HTTP_X_WAYPOST_RECEIPT=receipt).json()[
        "history"
    ]
    texts = [step["text"] for step in history]
    assert "Referred to an ombudsperson" in texts
    assert texts[-1] == "Investigation opened (Ombudsperson)"
    assert {"date", "status", "text"} == set(history[-1])
    assert Report.objects.get().outcome == "investigation-opened"


def test_a_declined_referral_is_never_sent(nhri, handler, bodies, submitted):
    report, _ = submitted
    referral = services.referral_propose(
        actor=handler,
        report=report,
        body=bodies["tun-ombudsperson"],
        content=["account", "date", "place"],
    )
    services.referral_consent(report=report, referral_id=str(referral.public_id), consent=False)

    with pytest.raises(ApplicationError):
        services.referral_sent(actor=handler, report=report, referral_id=str(referral.public_id))
    with pytest.raises(PermissionDenied):
        selectors.referral_package(user=handler, report=report, referral=referral)


def test_a_referral_must_contain_what_the_body_requires(nhri, handler, bodies, submitted):
    report, _ = submitted

    with pytest.raises(ApplicationError) as refused:
        services.referral_propose(
            actor=handler, report=report, body=bodies["un-sr-migrants"], content=["account"]
        )
    assert refused.value.extra["code"] == "requirements"


def test_the_un_package_has_the_special_procedures_shape_in_the_bodys_language(
    nhri, handler, bodies, submitted
):
    report, _ = submitted
    services.event_save(
        actor=handler, report=report, title="Pushback", country="TUN", start_date="2025-03-14"
    )
    services.victim_add(
        actor=handler, report=report, label="Y.", sex="male", age_group="adult", count=4
    )
    services.perpetrator_add(
        actor=handler, report=report, category="authority", authority_kind="border-guard"
    )
    parts = ["victims", "perpetrators", "date", "place", "account", "steps_taken"]
    referral = services.referral_propose(
        actor=handler, report=report, body=bodies["un-sr-migrants"], content=parts
    )
    services.referral_consent(report=report, referral_id=str(referral.public_id), consent=True)

    with translation.override("ar"):
        package = selectors.referral_package(user=handler, report=report, referral=referral)

    assert package["language"] == "en"
    assert package["alleged_victims"] == [{"sex": "Male", "age_group": "Adult", "count": 4}]
    assert package["alleged_perpetrators"][0]["authority"] == "Border guard or coast guard"
    assert package["date"] == "2025-03-14"
    assert package["place"]["country"] == "TUN"
    assert package["domestic_steps"] == []
    assert "Y." not in json.dumps(package)


def test_a_high_risk_of_reprisal_keeps_the_identity_out_of_referrals(nhri, handler, bodies):
    report, _ = services.report_submit(
        submission=submission(nhri, identity_name="Amina", reprisal_fear="yes")
    )

    with pytest.raises(ApplicationError) as refused:
        services.referral_propose(
            actor=handler,
            report=report,
            body=bodies["tun-ombudsperson"],
            content=["account", "date", "place", "identity"],
        )
    assert refused.value.extra["code"] == "risk"


def test_the_directory_and_referrals_are_closed_to_law_enforcement(
    police, make_user, bodies, api_client_for, submitted
):
    report, _ = submitted
    officer = make_user(police, Role.CASEWORKER, username="officer")
    client = api_client_for(officer)

    assert client.get(f"/api/v1/reports/{report.public_id}/referrals/").status_code in (403, 404)
    assert client.get("/api/v1/reports/inbox/?overdue=acknowledgement").status_code == 403


# 4. What the reporter follows: dated, translated, no handler


def test_the_history_is_in_the_reporters_language_and_names_no_handler(
    nhri, handler, bodies, submitted
):
    report, receipt = submitted
    handler.first_name, handler.last_name = "Karim", "Ben Salah"
    handler.save()
    services.report_acknowledge(actor=handler, report=report)
    services.report_triage(
        actor=handler,
        report=report,
        status="closed",
        priority="normal",
        kept_for_case=False,
        closed_reason="no_further_action",
    )

    response = APIClient().get(
        "/api/v1/reports/status/", HTTP_X_WAYPOST_RECEIPT=receipt, HTTP_ACCEPT_LANGUAGE="en"
    )

    body = response.content.decode()
    assert "Karim" not in body and "Ben Salah" not in body and handler.username not in body
    history = response.json()["history"]
    assert [s["status"] for s in history] == ["received", "acknowledged", "closed"]
    assert history[-1]["text"] == "Closed: no further action is possible"
    assert history[0]["date"] == today().isoformat()


# 5. Protection


def test_intake_records_the_reporters_fear_and_safe_contact(nhri, handler):
    report, receipt = services.report_submit(
        submission=submission(
            nhri,
            reprisal_fear="yes",
            safe_contact={"channel": "sms", "when": "After 8 pm", "words": "Blue bicycle"},
        )
    )

    assessment = report.risk_assessments.get()
    assert (assessment.level, assessment.at_intake) == ("high", True)
    assert b"Blue bicycle" not in bytes(Report.objects.get().safe_contact_sealed)
    handling = selectors.report_handling(user=handler, report=report)
    assert handling["safe_contact"]["words"] == "Blue bicycle"
    assert AuditEntry.objects.filter(action="waypost.report.safe_contact_read").exists()


def test_risk_review_and_measures_through_the_api(nhri, handler, api_client_for, submitted):
    report, receipt = submitted
    client = api_client_for(handler)
    review = (today() + timedelta(days=14)).isoformat()

    risk = client.post(
        f"/api/v1/reports/{report.public_id}/risk/",
        {
            "level": "high",
            "factors": ["authority_perpetrator", "irregular_status"],
            "review_on": review,
        },
        format="json",
    )
    measure = client.post(
        f"/api/v1/reports/{report.public_id}/measures/",
        {"kind": "anonymised_referral", "status": "in_place", "review_on": review, "notes": "x"},
        format="json",
    )

    assert risk.status_code == 201 and measure.status_code == 201
    assert Report.objects.get().priority == "high"
    reviewed = client.post(
        f"/api/v1/reports/{report.public_id}/measures/",
        {"measure": measure.json()["id"], "kind": "anonymised_referral", "status": "ended"},
        format="json",
    )
    assert reviewed.json()["status"] == "ended"
    # The reporter sets the safe-contact protocol with the receipt.
    set_contact = APIClient().post(
        "/api/v1/reports/status/safe-contact/",
        {"channel": "none"},
        format="json",
        HTTP_X_WAYPOST_RECEIPT=receipt,
    )
    assert set_contact.status_code == 200
    assert Report.objects.get().safe_contact["channel"] == "none"


def test_the_daily_periodic_job_reminds_handlers_of_overdue_reports(nhri, handler, monkeypatch):
    from waypost.jobs.periodic import PERIODIC_JOBS
    from waypost.reporting.periodic import remind_due

    services.report_submit(submission=submission(nhri))
    assert "reports-remind" in {job.name for job in PERIODIC_JOBS}
    assert remind_due() == {"overdue": 0, "handlers_reminded": 0}
    _days_later(monkeypatch, 8)

    assert remind_due() == {"overdue": 1, "handlers_reminded": 1}
    assert remind_due() == {"overdue": 1, "handlers_reminded": 0}


def test_a_receipt_answers_only_its_own_reports_requests(nhri, handler, bodies):
    mine, my_receipt = services.report_submit(submission=submission(nhri))
    theirs, _ = services.report_submit(submission=submission(nhri))
    referral = services.referral_propose(
        actor=handler,
        report=theirs,
        body=bodies["tun-ombudsperson"],
        content=["account", "date", "place"],
    )

    response = APIClient().post(
        f"/api/v1/reports/status/referrals/{referral.public_id}/consent/",
        {"consent": True},
        format="json",
        HTTP_X_WAYPOST_RECEIPT=my_receipt,
    )

    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.consent is None


def test_a_transfer_reseals_referrals_answers_and_measures_too(
    nhri, handler, ngo, make_user, bodies, submitted
):
    report, receipt = submitted
    referral = services.referral_propose(
        actor=handler,
        report=report,
        body=bodies["tun-ombudsperson"],
        content=["account", "date", "place"],
    )
    rid = str(referral.public_id)
    services.referral_consent(report=report, referral_id=rid, consent=True)
    services.referral_sent(actor=handler, report=report, referral_id=rid, reference="MED-42")
    services.referral_response_add(
        actor=handler, report=report, referral_id=rid, kind="acknowledged", notes="Case opened"
    )
    services.measure_record(
        actor=handler, report=report, kind="legal_assistance", status="planned", notes="Lawyer X"
    )
    transfer = services.transfer_propose(actor=handler, report=report, to_slug=ngo.slug)
    services.transfer_consent(report=report, transfer_id=str(transfer.public_id), consent=True)
    receiver = make_user(ngo, Role.CASEWORKER, username="receiver")

    moved = selectors.report_get_for_handler(user=receiver, public_id=report.public_id)
    handling = selectors.report_handling(user=receiver, report=moved)

    assert handling["referrals"][0].body_reference == "MED-42"
    assert handling["referrals"][0].responses.get().notes == "Case opened"
    assert handling["measures"][0].notes == "Lawyer X"
    # The reporter's history is whole: received, referral, transfer.
    statuses = [s.status for s in selectors.report_history(report=moved)]
    assert statuses[0] == "received" and statuses[-1] == "transferred"
