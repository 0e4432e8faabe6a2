"""The reporter's pages: plain HTML forms, no JavaScript, five wordings."""

from __future__ import annotations

import re

import pytest

from waypost.reporting import services
from waypost.reporting.models import Report
from waypost.reporting.tests.conftest import SECRET_ACCOUNT

pytestmark = pytest.mark.django_db


def form_data(recipient: str, **extra: object) -> dict[str, object]:
    return {
        "country": "TUN",
        "recipient": recipient,
        "what_happened": SECRET_ACCOUNT,
        "where": "Sfax",
        "when_day": "14",
        "when_month": "3",
        "when_year": "2025",
        "perpetrator": "authority",
        **extra,
    }


def receipt_from(html: str) -> str:
    match = re.search(r'id="receipt-code"[^>]*>(.*?)</p>', html, re.S)
    assert match
    return re.sub(r"<[^>]+>|\s", "", match.group(1))


def test_the_reporter_first_chooses_a_country_then_sees_only_its_recipients(
    client, nhri, police, make_organisation
):
    from waypost.accounts.roles import OrganisationKind

    elsewhere = make_organisation(
        kind=OrganisationKind.NGO, country="MAR", name="Casablanca Rights Desk"
    )
    services.channel_set(
        actor=None, organisation=elsewhere, accepts_reports=True, countries=["MAR"]
    )

    choose = client.get("/en/report/").content.decode()
    form = client.get("/en/report/?country=TUN").content.decode()

    assert 'name="country"' in choose and "Morocco" in choose
    assert nhri.name in form
    assert "Casablanca Rights Desk" not in form
    assert police.name not in form


def test_a_report_sent_by_the_form_gets_a_receipt_shown_once(client, nhri):
    response = client.post("/en/report/", form_data(nhri.slug))

    assert response.status_code == 201
    receipt = receipt_from(response.content.decode())
    assert response["Cache-Control"].startswith("max-age=0")
    assert "no-store" in response["Cache-Control"]
    assert Report.objects.get().content["when"] == "2025-03-14"
    assert len(receipt) == 16


def test_the_receipt_opens_the_report_with_its_replies(client, nhri, handler):
    receipt = receipt_from(client.post("/en/report/", form_data(nhri.slug)).content.decode())
    services.handler_message_add(
        actor=handler, report=Report.objects.get(), body="Can you tell us more about the guards?"
    )

    opened = client.post("/en/report/follow-up/", {"receipt": receipt}, follow=True)

    html = opened.content.decode()
    assert "Can you tell us more about the guards?" in html
    assert "Received" in html
    cookie = client.cookies["wp_report"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and not cookie["expires"]


def test_the_reporter_answers_and_adds_evidence_by_form(client, nhri):
    from io import BytesIO

    from waypost.reporting.tests.conftest import jpeg_with_exif

    receipt = receipt_from(client.post("/en/report/", form_data(nhri.slug)).content.decode())
    client.post("/en/report/follow-up/", {"receipt": receipt})
    photo = BytesIO(jpeg_with_exif())
    photo.name = "bruise.jpg"

    client.post("/en/report/follow-up/reply/", {"body": "There were three guards."})
    client.post("/en/report/follow-up/evidence/", {"attachments": [photo]})

    report = Report.objects.get()
    assert [m.body for m in report.messages.all()] == ["There were three guards."]
    assert report.attachments.count() == 1
    assert b"SecretCam" not in bytes(report.attachments.get().content)


def test_a_wrong_receipt_says_so_and_twenty_in_a_row_are_throttled(client, nhri):
    direct = {"REMOTE_ADDR": "198.51.100.23"}  # a client connecting without a proxy
    codes = [
        client.post("/en/report/follow-up/", {"receipt": f"{n:016d}"}, **direct).status_code
        for n in range(20)
    ]
    blocked = client.post("/en/report/follow-up/", {"receipt": "0000000000000000"}, **direct)

    assert codes == [404] * 20
    assert blocked.status_code == 429
    assert "15 minutes" in blocked.content.decode()
    assert blocked["Retry-After"] == "900"


def test_the_form_refuses_a_law_enforcement_recipient_with_a_clear_message(client, nhri, police):
    response = client.post("/en/report/", form_data(police.slug))

    html = response.content.decode()
    assert response.status_code == 200
    assert Report.objects.count() == 0
    # The police are not even a choice: the form says the choice is not valid.
    assert "Select a valid choice" in html


def test_the_service_refuses_law_enforcement_even_if_the_form_is_bypassed(police):
    from waypost.core.exceptions import ApplicationError
    from waypost.reporting.tests.conftest import submission

    with pytest.raises(ApplicationError, match="never be sent to the police"):
        services.report_submit(submission=submission(police))


def test_law_enforcement_cannot_open_a_reporting_channel(police):
    from waypost.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError):
        services.channel_set(
            actor=None, organisation=police, accepts_reports=True, countries=["TUN"]
        )


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_the_form_exists_in_every_language_and_in_simple_words(client, nhri, language):
    standard = client.get(f"/{language}/report/?country=TUN")
    simple = client.get(f"/{language}/report/simple/?country=TUN")

    assert standard.status_code == simple.status_code == 200
    assert f'<html lang="{language}"' in simple.content.decode()
    assert (
        simple.context["form"].fields["what_happened"].label
        != standard.context["form"].fields["what_happened"].label
    )


def test_reporter_pages_are_small_and_load_nothing_from_elsewhere(client, nhri):
    html = client.get("/ar/report/?country=TUN").content.decode()

    assert len(html.encode()) < 20_000
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<script>" not in html and "style=" not in html


def test_a_correct_receipt_in_the_form_ends_the_streak_of_wrong_ones(client, nhri):
    address = {"REMOTE_ADDR": "198.51.100.23"}
    receipt = receipt_from(client.post("/en/report/", form_data(nhri.slug)).content.decode())

    def follow_up(code: str) -> int:
        return client.post("/en/report/follow-up/", {"receipt": code}, **address).status_code

    first = [follow_up(f"{n:016d}") for n in range(19)]
    correct = follow_up(receipt)
    second = [follow_up(f"{n:016d}") for n in range(19, 38)]

    assert first == second == [404] * 19
    assert correct == 302
    assert follow_up(receipt) == 302
