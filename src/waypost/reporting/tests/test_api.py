"""The reporter's API, exactly as partners and the issue call it."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from waypost.reporting.models import Report
from waypost.reporting.tests.conftest import SECRET_ACCOUNT

pytestmark = pytest.mark.django_db

REPORT = {
    "what_happened": SECRET_ACCOUNT,
    "where": "Sfax port",
    "when": "2025-03",
    "language": "ar",
    "country": "TUN",
}


def submit(client: APIClient, recipient: str, **extra: object):
    return client.post(
        "/api/v1/reports/", {"recipient": recipient, **REPORT, **extra}, format="json"
    )


def test_a_report_sent_without_an_account_gets_a_receipt(nhri):
    client = APIClient(enforce_csrf_checks=True)

    response = submit(client, nhri.slug)

    assert response.status_code == 201
    receipt = response.json()["receipt"]
    assert len(receipt) == 16 and receipt.isdigit()
    assert response["Cache-Control"] == "no-store"
    assert Report.objects.get().organisation == nhri


def test_the_receipt_reads_the_status_and_replies(nhri, handler):
    from waypost.reporting import services

    client = APIClient()
    receipt = submit(client, nhri.slug).json()["receipt"]
    report = Report.objects.get()
    services.handler_message_add(
        actor=handler, report=report, body="Were you hurt? Do you need a doctor?"
    )

    response = client.get("/api/v1/reports/status/", HTTP_X_WAYPOST_RECEIPT=receipt)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "received"
    assert body["outcome"] == ""
    assert body["messages"] == [
        {
            "sender": "handler",
            "body": "Were you hurt? Do you need a doctor?",
            "sent_on": body["messages"][0]["sent_on"],
        }
    ]
    assert "author" not in body["messages"][0]


def test_the_reporter_answers_through_the_api(nhri):
    client = APIClient()
    receipt = submit(client, nhri.slug).json()["receipt"]

    response = client.post(
        "/api/v1/reports/status/messages/",
        {"body": "Yes, my arm."},
        format="json",
        HTTP_X_WAYPOST_RECEIPT=receipt,
    )

    assert response.status_code == 201
    status = client.get("/api/v1/reports/status/", HTTP_X_WAYPOST_RECEIPT=receipt).json()
    assert [m["body"] for m in status["messages"]] == ["Yes, my arm."]


def test_an_unknown_receipt_is_404(nhri):
    response = APIClient().get("/api/v1/reports/status/", HTTP_X_WAYPOST_RECEIPT="1234567812345678")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_twenty_wrong_receipts_in_a_row_from_one_client_are_throttled(nhri):
    client = APIClient(REMOTE_ADDR="198.51.100.23")
    receipt = submit(client, nhri.slug).json()["receipt"]

    codes = [
        client.get("/api/v1/reports/status/", HTTP_X_WAYPOST_RECEIPT=f"{n:016d}").status_code
        for n in range(20)
    ]
    blocked = client.get("/api/v1/reports/status/", HTTP_X_WAYPOST_RECEIPT=receipt)
    other_client = APIClient(REMOTE_ADDR="198.51.100.99").get(
        "/api/v1/reports/status/", HTTP_X_WAYPOST_RECEIPT=receipt
    )

    assert codes == [404] * 20
    assert blocked.status_code == 429
    assert "Retry-After" in blocked
    assert other_client.status_code == 200


def status_code(client: APIClient, receipt: str) -> int:
    return client.get("/api/v1/reports/status/", HTTP_X_WAYPOST_RECEIPT=receipt).status_code


def test_a_correct_receipt_ends_the_streak_of_wrong_ones(nhri):
    client = APIClient(REMOTE_ADDR="198.51.100.23")
    receipt = submit(client, nhri.slug).json()["receipt"]

    first = [status_code(client, f"{n:016d}") for n in range(19)]
    correct = status_code(client, receipt)
    second = [status_code(client, f"{n:016d}") for n in range(19, 38)]

    # 38 wrong codes in all, but never 20 in a row: the reporter is not locked out.
    assert first == second == [404] * 19
    assert correct == 200
    assert status_code(client, receipt) == 200


def test_a_valid_receipt_cannot_launder_endless_guesses(nhri):
    client = APIClient(REMOTE_ADDR="198.51.100.23")
    receipt = submit(client, nhri.slug).json()["receipt"]

    for _round in range(6):  # 6 x 19 = 114 wrong codes, a correct one after each 19
        for _guess in range(19):
            status_code(client, "0")
        status_code(client, receipt)

    assert status_code(client, receipt) == 429


def test_a_client_on_this_machine_is_throttled_after_20_wrong_receipts(nhri):
    # `waypost serve` reached directly, as the demo is: loopback is a client like any other
    # unless it is declared a proxy.
    client = APIClient(REMOTE_ADDR="127.0.0.1")

    codes = [status_code(client, f"{n:016d}") for n in range(21)]

    assert codes == [404] * 20 + [429]


# Behind the recommended nginx (no X-Forwarded-For), every request comes from 127.0.0.1,
# which the deployment guide declares a proxy address; APIClient's default address is
# exactly that.


@pytest.fixture
def behind_the_proxy(settings):
    settings.WAYPOST_REPORTING_PROXY_ADDRESSES = ["127.0.0.1", "::1"]


def test_behind_the_proxy_one_persons_wrong_receipts_do_not_lock_out_everyone(
    nhri, behind_the_proxy
):
    reporter = APIClient()
    receipt = submit(reporter, nhri.slug).json()["receipt"]
    guesser = APIClient()

    wrong = [status_code(guesser, f"{n:016d}") for n in range(25)]

    assert wrong == [404] * 25
    assert status_code(reporter, receipt) == 200


def test_behind_the_proxy_a_flood_of_wrong_receipts_is_stopped_for_everyone(nhri, behind_the_proxy):
    from waypost.reporting.privacy import SHARED_RECEIPT_FAILURES_ALLOWED, SHARED_RECEIPT_SECONDS

    reporter = APIClient()
    receipt = submit(reporter, nhri.slug).json()["receipt"]
    flooder = APIClient()
    for _guess in range(SHARED_RECEIPT_FAILURES_ALLOWED):
        status_code(flooder, "0")

    blocked = reporter.get("/api/v1/reports/status/", HTTP_X_WAYPOST_RECEIPT=receipt)

    assert blocked.status_code == 429
    assert blocked["Retry-After"] == str(SHARED_RECEIPT_SECONDS)


def test_behind_the_proxy_more_than_thirty_reports_an_hour_are_accepted(nhri, behind_the_proxy):
    codes = {submit(APIClient(), nhri.slug).status_code for _report in range(31)}

    assert codes == {201}


def test_a_configured_proxy_address_counts_as_a_proxy(nhri, settings):
    settings.WAYPOST_REPORTING_PROXY_ADDRESSES = ["10.0.0.0/8"]
    reporter = APIClient(REMOTE_ADDR="10.1.2.3")
    receipt = submit(reporter, nhri.slug).json()["receipt"]
    guesser = APIClient(REMOTE_ADDR="10.1.2.3")

    wrong = [status_code(guesser, f"{n:016d}") for n in range(25)]

    assert wrong == [404] * 25
    assert status_code(reporter, receipt) == 200


def test_a_report_to_law_enforcement_is_refused_with_a_clear_message(police):
    response = submit(APIClient(), police.slug)

    assert response.status_code == 400
    assert "never be sent to the police" in response.json()["detail"]
    assert response.json()["code"] == "firewall"
    assert Report.objects.count() == 0


def test_a_report_about_a_country_the_recipient_does_not_cover_is_refused(nhri):
    # The recipient receives reports about Tunisia and Libya only; Morocco is a real
    # country, so only the recipient check can refuse it.
    response = submit(APIClient(), nhri.slug, country="MAR")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "country"
    assert "does not receive reports about this country" in response.json()["detail"]
    assert Report.objects.count() == 0


def test_a_covered_country_is_accepted_in_any_letter_case(nhri):
    response = submit(APIClient(), nhri.slug, country="lby")

    assert response.status_code == 201
    assert Report.objects.get().content["country"] == "LBY"


@pytest.mark.parametrize("country", ["Tunisia", "TN", "XYZ"])
def test_the_country_must_be_an_iso_alpha_3_code(nhri, country):
    response = submit(APIClient(), nhri.slug, country=country)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "country" in response.json()["errors"]
    assert Report.objects.count() == 0


def test_a_pdf_attachment_is_refused_with_a_clear_message(nhri):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("statement.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    response = APIClient().post(
        "/api/v1/reports/",
        {"recipient": nhri.slug, **REPORT, "attachments": [pdf]},
        format="multipart",
    )

    assert response.status_code == 400
    assert "Only photos and images (JPEG, PNG, WebP)" in response.json()["detail"]
    assert Report.objects.count() == 0


def test_a_partial_date_is_required_and_checked(nhri):
    response = submit(APIClient(), nhri.slug, when="last spring")

    assert response.status_code == 400
    assert "when" in response.json()["errors"]


def test_handler_endpoints_need_a_handler(nhri, handler, caseworker, api_client_for):
    submit(APIClient(), nhri.slug)
    report = Report.objects.get()

    anonymous = APIClient().get("/api/v1/reports/inbox/")
    other_org = api_client_for(caseworker).get(f"/api/v1/reports/{report.public_id}/")
    own = api_client_for(handler).get(f"/api/v1/reports/{report.public_id}/")

    assert anonymous.status_code == 401
    assert other_org.status_code == 404
    assert own.status_code == 200
    assert own.json()["content"]["what_happened"] == SECRET_ACCOUNT


def test_a_handler_replies_and_sets_the_outcome_through_the_api(nhri, handler, api_client_for):
    client = APIClient()
    receipt = submit(client, nhri.slug).json()["receipt"]
    report = Report.objects.get()
    api = api_client_for(handler)

    api.post(
        f"/api/v1/reports/{report.public_id}/messages/", {"body": "We referred it."}, format="json"
    )
    api.post(
        f"/api/v1/reports/{report.public_id}/triage/",
        {"status": "referred", "priority": "high", "outcome": "investigation-opened"},
        format="json",
    )

    status = client.get("/api/v1/reports/status/", HTTP_X_WAYPOST_RECEIPT=receipt).json()
    assert status["status"] == "referred"
    assert status["outcome_label"] == "Investigation opened"
    assert status["messages"][0]["body"] == "We referred it."


def test_an_ombudsperson_can_receive_reports_and_is_listed_as_one(make_organisation):
    from waypost.reporting import services

    ombudsperson = make_organisation(
        kind="ombudsperson", country="TUN", name="Ombudsperson of the Republic"
    )
    services.channel_set(
        actor=None, organisation=ombudsperson, accepts_reports=True, countries=["TUN"]
    )

    listed = APIClient().get("/api/v1/reports/recipients/?country=TUN").json()
    response = submit(APIClient(), ombudsperson.slug)

    assert listed == [
        {"slug": ombudsperson.slug, "name": "Ombudsperson of the Republic", "kind": "ombudsperson"}
    ]
    assert response.status_code == 201
    assert Report.objects.get().organisation == ombudsperson


def test_recipients_for_a_country_never_include_law_enforcement(nhri, police):
    slugs = [r["slug"] for r in APIClient().get("/api/v1/reports/recipients/?country=TUN").json()]

    assert slugs == [nhri.slug]


def test_the_issues_minimal_report_without_a_country_is_filed_under_the_recipients_country(nhri):
    body = {k: v for k, v in REPORT.items() if k != "country"}

    response = APIClient().post("/api/v1/reports/", {"recipient": nhri.slug, **body}, format="json")

    assert response.status_code == 201
    assert Report.objects.get().content["country"] == "TUN"


def test_without_a_country_a_recipient_abroad_for_several_countries_asks_for_it(
    make_organisation,
):
    from waypost.accounts.models import OrganisationKind
    from waypost.reporting import services

    ngo = make_organisation(kind=OrganisationKind.NGO, country="CHE", name="Border Watch")
    services.channel_set(
        actor=None, organisation=ngo, accepts_reports=True, countries=["LBY", "TUN"]
    )

    response = submit(APIClient(), ngo.slug, country="")

    assert response.status_code == 400
    assert "LBY, TUN" in response.json()["detail"]
    assert Report.objects.count() == 0


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [65, 5_000, 100_000])
def test_deeply_nested_json_in_a_report_is_a_400_problem(nhri, depth):
    client = APIClient(raise_request_exception=False)

    response = client.post(
        "/api/v1/reports/",
        '{"what_happened": ' + _nested(depth) + "}",
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "nested" in response.json()["detail"]
    assert not Report.objects.exists()


@pytest.mark.parametrize("depth", [65, 100_000])
def test_deeply_nested_json_in_a_reporters_reply_is_a_400_problem(nhri, depth):
    client = APIClient(raise_request_exception=False)
    receipt = submit(client, nhri.slug).json()["receipt"]

    response = client.post(
        "/api/v1/reports/status/messages/",
        '{"body": ' + _nested(depth) + "}",
        content_type="application/json",
        HTTP_X_WAYPOST_RECEIPT=receipt,
    )

    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/reports/status/"),
        ("post", "/api/v1/reports/status/messages/"),
        ("post", "/api/v1/reports/status/attachments/"),
    ],
)
@pytest.mark.parametrize("header", [None, "", "   "])
def test_a_missing_receipt_header_is_a_400_naming_the_header(nhri, method, path, header):
    extra = {} if header is None else {"HTTP_X_WAYPOST_RECEIPT": header}

    response = getattr(APIClient(), method)(path, **extra)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "X-Waypost-Receipt" in response.json()["detail"]


def test_missing_receipt_headers_are_not_counted_as_wrong_guesses(nhri):
    client = APIClient()
    receipt = submit(client, nhri.slug).json()["receipt"]
    for _ in range(30):
        client.get("/api/v1/reports/status/")

    response = client.get("/api/v1/reports/status/", HTTP_X_WAYPOST_RECEIPT=receipt)

    assert response.status_code == 200
