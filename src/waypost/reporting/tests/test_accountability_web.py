"""Issue 39 on the pages: the reporter's history and consent by plain forms, the
handler's deadlines, assignment and overdue list, and the firewall on each."""

from __future__ import annotations

from datetime import timedelta

import pytest

from waypost.accounts.roles import Role
from waypost.core.dashboard import cards_for
from waypost.reporting import selectors, services
from waypost.reporting.models import Report, ReportNotice
from waypost.reporting.privacy import today
from waypost.reporting.tests.conftest import SECRET_ACCOUNT, submission
from waypost.reporting.tests.test_accountability import OMBUDSPERSON

pytestmark = pytest.mark.django_db


def _open(client, receipt: str, language: str = "en") -> str:
    return client.post(
        f"/{language}/report/follow-up/", {"receipt": receipt}, follow=True
    ).content.decode()


def _referral(handler, report):
    services.bodies_load(entries=[OMBUDSPERSON])
    return services.referral_propose(
        actor=handler,
        report=report,
        body=selectors.bodies_list()[0],
        content=["account", "date", "place"],
    )


def test_the_reporter_consents_to_a_referral_with_a_plain_form(client, nhri, handler, submitted):
    report, receipt = submitted
    referral = _referral(handler, report)

    html = _open(client, receipt)
    assert "Médiateur administratif" in html
    assert "What happened, in your words" in html
    assert f"/en/report/follow-up/referrals/{referral.public_id}/consent/" in html
    answered = client.post(
        f"/en/report/follow-up/referrals/{referral.public_id}/consent/",
        {"consent": "yes"},
        follow=True,
    )

    referral.refresh_from_db()
    assert referral.consent is True
    services.referral_sent(actor=handler, report=report, referral_id=str(referral.public_id))
    html = client.get("/en/report/follow-up/status/").content.decode()
    assert answered.status_code == 200
    assert "Referred to an ombudsperson" in html
    assert handler.username not in html


def test_a_reporter_without_the_receipt_cannot_answer(client, nhri, handler, submitted):
    report, _receipt = submitted
    referral = _referral(handler, report)

    response = client.post(
        f"/en/report/follow-up/referrals/{referral.public_id}/consent/", {"consent": "yes"}
    )

    assert response.status_code == 302 and "/report/follow-up/" in response["Location"]
    referral.refresh_from_db()
    assert referral.consent is None


def test_the_reporters_history_in_arabic_is_right_to_left_with_isolated_dates(
    client, nhri, handler, submitted
):
    report, receipt = submitted
    services.report_acknowledge(actor=handler, report=report)

    html = _open(client, receipt, "ar")

    assert 'dir="rtl"' in html
    assert 'id="report-history"' in html
    assert f'<span class="meta" dir="ltr">{today().isoformat()}</span>' in html


def test_the_handler_acknowledges_and_assigns_on_the_report_page(
    client, nhri, handler, make_user, submitted
):
    report, _ = submitted
    colleague = make_user(nhri, Role.CASEWORKER, username="colleague")
    client.force_login(handler)

    page = client.get(f"/en/reports/{report.public_id}/").content.decode()
    assert "To acknowledge by" in page
    client.post(f"/en/reports/{report.public_id}/acknowledge/")
    client.post(f"/en/reports/{report.public_id}/assign/", {"handler": colleague.pk})

    report.refresh_from_db()
    assert report.acknowledged_on == today()
    assert report.assigned_to == colleague
    # Opening the report marks the handler's notices about it as seen.
    assert not ReportNotice.objects.filter(user=handler, seen=False).exists()


def test_the_overdue_list_is_a_dashboard_card_outside_the_top_bar(
    client, nhri, handler, monkeypatch
):
    late, _ = services.report_submit(submission=submission(nhri))
    on_time, _ = services.report_submit(submission=submission(nhri))
    services.report_acknowledge(actor=handler, report=on_time)
    later = today() + timedelta(days=8)
    monkeypatch.setattr("waypost.reporting.selectors.today", lambda: later)
    client.force_login(handler)

    html = client.get("/en/reports/overdue/").content.decode()

    assert late.reference in html and on_time.reference not in html
    assert SECRET_ACCOUNT not in html
    card = next(c for c in cards_for(handler) if c.url_name == "reporting:overdue")
    assert card.in_nav is False
    page = client.get("/en/reports/?overdue=acknowledgement").content.decode()
    inbox = page.split("<table", 1)[1]  # the list (the notices above name both)
    assert late.reference in inbox and on_time.reference not in inbox


def test_law_enforcement_sees_no_overdue_list_and_no_card(client, police, make_user):
    officer = make_user(police, Role.CASEWORKER, username="officer")
    client.force_login(officer)

    assert client.get("/en/reports/overdue/").status_code == 403
    assert all(c.url_name != "reporting:overdue" for c in cards_for(officer))


def test_a_transfer_is_refused_when_the_receiver_became_law_enforcement(
    nhri, handler, make_organisation, submitted
):
    from waypost.accounts.roles import OrganisationKind

    report, _ = submitted
    other = make_organisation(kind="ngo", country="TUN", name="Shelter")
    services.channel_set(actor=None, organisation=other, accepts_reports=True, countries=["TUN"])
    transfer = services.transfer_propose(actor=handler, report=report, to_slug=other.slug)
    other.kind = OrganisationKind.BORDER_AUTHORITY
    other.save()

    with pytest.raises(services.RecipientRefused):
        services.transfer_consent(report=report, transfer_id=str(transfer.public_id), consent=True)
    assert Report.objects.get().organisation == nhri


def test_the_handler_refers_transfers_and_protects_with_plain_forms(
    client, nhri, handler, make_organisation, submitted
):
    report, receipt = submitted
    services.bodies_load(entries=[OMBUDSPERSON])
    body = selectors.bodies_list()[0]
    other = make_organisation(kind="ngo", country="TUN", name="Shelter")
    services.channel_set(actor=None, organisation=other, accepts_reports=True, countries=["TUN"])
    client.force_login(handler)
    base = f"/en/reports/{report.public_id}"

    page = client.get(f"{base}/").content.decode()
    assert "Médiateur administratif" in page and "Shelter" in page
    client.post(
        f"{base}/handling/referral/",
        {"referral-body": body.pk, "referral-content": ["account", "date", "place"]},
    )
    client.post(
        f"{base}/handling/risk/", {"risk-level": "medium", "risk-factors": ["threats_received"]}
    )
    client.post(
        f"{base}/handling/measure/",
        {"measure-kind": "legal_assistance", "measure-status": "planned"},
    )
    client.post(f"{base}/handling/transfer/", {"transfer-recipient": other.slug})

    referral = report.referrals.get()
    assert referral.status == "awaiting_consent"
    assert report.risk_assessments.get().factors == ["threats_received"]
    assert report.measures.get().kind == "legal_assistance"
    assert report.transfers.get().to_organisation == other
    # Before the consent the package is refused.
    package_url = f"{base}/referrals/{referral.public_id}/package/"
    assert client.get(package_url).status_code == 403
    services.referral_consent(report=report, referral_id=str(referral.public_id), consent=True)
    package = client.get(package_url)
    assert package.status_code == 200 and package.json()["facts"] == SECRET_ACCOUNT
    client.post(
        f"{base}/referrals/{referral.public_id}/sent/", {f"sent-{referral.pk}-reference": "M-7"}
    )
    client.post(
        f"{base}/referrals/{referral.public_id}/response/",
        {f"response-{referral.pk}-kind": "remedy", f"response-{referral.pk}-received_on": ""},
    )
    referral.refresh_from_db()
    assert (referral.status, referral.body_reference) == ("answered", "M-7")
    assert Report.objects.get().outcome == "remedy"
    history = [s.status for s in selectors.report_history(report=report)]
    assert history[-2:] == ["referred", "remedy"]


def test_the_report_form_asks_about_reprisals_and_safe_contact(client, nhri):
    from waypost.reporting.tests.test_web import form_data

    form = client.get("/en/report/?country=TUN").content.decode()
    assert 'name="reprisal_fear"' in form and 'name="safe_contact_words"' in form

    response = client.post(
        "/en/report/",
        form_data(
            nhri.slug,
            reprisal_fear="yes",
            safe_contact_channel="sms",
            safe_contact_when="after 8 pm",
            safe_contact_words="the blue bicycle",
        ),
    )

    assert response.status_code == 201
    report = Report.objects.get()
    assert report.risk_assessments.get().level == "high"
    assert report.safe_contact == {
        "channel": "sms",
        "when": "after 8 pm",
        "words": "the blue bicycle",
    }


def test_the_report_form_still_works_without_the_protection_questions(client, nhri):
    from waypost.reporting.tests.test_web import form_data

    assert client.post("/en/report/", form_data(nhri.slug)).status_code == 201
    report = Report.objects.get()
    assert report.safe_contact is None and not report.risk_assessments.exists()


def test_risk_and_measures_past_their_review_day_are_on_the_overdue_page(
    client, nhri, handler, monkeypatch
):
    reviewed, _ = services.report_submit(submission=submission(nhri))
    calm, _ = services.report_submit(submission=submission(nhri))
    in_a_week = today() + timedelta(days=7)
    services.risk_assess(
        actor=handler, report=reviewed, level="high", factors=[], review_on=in_a_week
    )
    services.measure_record(
        actor=handler, report=calm, kind="legal_assistance", status="ended", review_on=in_a_week
    )

    assert selectors.protection_reviews_due(user=handler, on=in_a_week) == []
    later = in_a_week + timedelta(days=1)
    assert selectors.protection_reviews_due(user=handler, on=later) == [reviewed]
    monkeypatch.setattr("waypost.reporting.selectors.today", lambda: later)
    client.force_login(handler)
    page = client.get("/en/reports/overdue/").content.decode()
    assert reviewed.reference in page.split('id="reviews-heading"', 1)[1]
