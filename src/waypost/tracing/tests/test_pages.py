from __future__ import annotations

import pytest

from waypost.accounts.roles import Role
from waypost.conftest import PASSWORD
from waypost.protection import services as protection
from waypost.protection.models import Consent
from waypost.tracing import services
from waypost.tracing.models import FoundPerson, MissingPersonReport


@pytest.fixture
def signed_in(client, caseworker):
    assert client.login(username=caseworker.username, password=PASSWORD)
    return client


def test_a_caseworker_enters_a_report_and_sees_its_candidates(
    signed_in, other_caseworker, organisation, other_organisation
):
    protection.agreement_grant(
        provider=other_organisation, recipient=organisation, purpose="tracing"
    )
    services.record_create(
        actor=other_caseworker,
        model=FoundPerson,
        name="محمد عبد الرحمن",
        sex="M",
        birth_date="1998",
        nationality="SDN",
        place="Palermo",
    )

    response = signed_in.post(
        "/en/tracing/missing/new/",
        {
            "name": "Mohamed Abdelrahman",
            "sex": "M",
            "birth_date": "1998",
            "nationality": "sdn",
            "enquirer_name": "Halima",
            "enquirer_relationship": "mother",
            "enquirer_phone": "+249 9",
            "enquirer_consents": ["tracing"],
            "enquirer_consent_method": "oral",
        },
        follow=True,
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Mohamed Abdelrahman" in page
    assert "Red Sea Tracing Desk" in page  # the candidate, recorded by the other organisation
    assert "Palermo" not in page  # whereabouts are not disclosed before confirmation


def test_the_enquirers_consent_is_kept_per_purpose_and_governs_the_search_at_once(
    signed_in, other_caseworker, organisation, other_organisation
):
    protection.agreement_grant(
        provider=other_organisation, recipient=organisation, purpose="tracing"
    )
    services.record_create(
        actor=other_caseworker, model=FoundPerson, name="Yonas Tesfay", birth_date="2001"
    )
    response = signed_in.post(
        "/en/tracing/missing/new/",
        {
            "name": "Yonas Tesfay",
            "birth_date": "2001",
            "enquirer_consents": ["tracing", "statistics"],
            "enquirer_consent_method": "signed",
        },
    )
    report = MissingPersonReport.objects.get()
    consents = Consent.objects.filter(subject_id=str(report.pk), withdrawn_at__isnull=True)
    assert sorted(consents.values_list("purpose", flat=True)) == ["statistics", "tracing"]
    assert set(consents.values_list("method", flat=True)) == {"signed"}
    assert "Red Sea Tracing Desk" in signed_in.get(response.url).content.decode()

    # The enquirer withdraws consent to search other organisations' records.
    signed_in.post(
        f"/en/tracing/missing/{report.pk}/consents/",
        {"enquirer_consents": ["statistics"], "enquirer_consent_method": "oral"},
    )

    assert "Red Sea Tracing Desk" not in signed_in.get(response.url).content.decode()
    assert Consent.objects.get(subject_id=str(report.pk), purpose="tracing").withdrawn_at


def test_a_bad_date_is_refused_with_a_message_and_nothing_saved(signed_in):
    response = signed_in.post(
        "/en/tracing/found/new/",
        {
            "name": "Omar",
            "birth_date": "98",
            "found_at_kind": "hospital",
            "share_consent": "nothing",
        },
    )

    assert response.status_code == 200
    assert "1998-04-17" in response.content.decode()
    assert not FoundPerson.objects.exists()


def test_search_finds_names_in_their_script(signed_in, caseworker):
    services.record_create(actor=caseworker, model=MissingPersonReport, name="سعيد حسن")
    services.record_create(actor=caseworker, model=MissingPersonReport, name="Amina Yusuf")

    page = signed_in.get("/en/tracing/missing/", {"q": "سعيد"}).content.decode()

    assert "سعيد حسن" in page and "Amina Yusuf" not in page


def test_the_search_form_keeps_typed_names_out_of_the_url(signed_in, caseworker):
    services.record_create(actor=caseworker, model=MissingPersonReport, name="سعيد حسن")
    services.record_create(actor=caseworker, model=MissingPersonReport, name="Amina Yusuf")

    form_page = signed_in.get("/en/tracing/missing/").content.decode()
    found = signed_in.post("/en/tracing/missing/", {"q": "سعيد"})

    assert '<form method="post" class="search" role="search">' in form_page
    assert found.status_code == 200
    page = found.content.decode()
    assert "سعيد حسن" in page and "Amina Yusuf" not in page


def test_two_reviewers_confirm_through_the_pages(client, caseworker, make_user, organisation):
    report = services.record_create(
        actor=caseworker,
        model=MissingPersonReport,
        name="Amina Yusuf",
        sex="F",
        birth_date="2001",
        nationality="ERI",
    )
    services.record_create(
        actor=caseworker,
        model=FoundPerson,
        name="أمينة يوسف",
        sex="F",
        birth_date="2001",
        nationality="ERI",
    )
    candidate = report.candidates.get()
    for reviewer in (
        make_user(organisation, Role.REVIEWER),
        make_user(organisation, Role.REVIEWER),
    ):
        client.login(username=reviewer.username, password=PASSWORD)
        assert "Amina Yusuf" in client.get("/en/tracing/review/").content.decode()
        client.post(
            f"/en/tracing/candidates/{candidate.pk}/", {"decision": "confirm", "reasons": "Photo"}
        )

    candidate.refresh_from_db()
    assert candidate.status == "confirmed"
    page = client.get(f"/en/tracing/candidates/{candidate.pk}/").content.decode()
    assert "Telling the family" in page


def test_an_analyst_cannot_open_tracing_pages(client, make_user, organisation):
    analyst = make_user(organisation, Role.ANALYST)
    client.login(username=analyst.username, password=PASSWORD)

    assert client.get("/en/tracing/missing/").status_code == 403


def test_a_person_gets_everything_held_about_them_and_can_have_it_erased(signed_in, caseworker):
    report = services.record_create(
        actor=caseworker,
        model=MissingPersonReport,
        name="Fatima Osman",
        birth_date="1990",
        enquirer_phone="+249 1",
        enquirer={"name": "Adam"},
    )

    exported = signed_in.get(f"/en/tracing/missing/{report.pk}/export.json").json()
    assert exported["record"]["name"] == "Fatima Osman"
    assert exported["record"]["enquirer"]["name"] == "Adam"
    assert (
        "Fatima Osman"
        in signed_in.get(f"/en/tracing/missing/{report.pk}/export.html").content.decode()
    )

    signed_in.post(f"/en/tracing/missing/{report.pk}/erase/")

    assert not MissingPersonReport.objects.filter(pk=report.pk).exists()
    from waypost.protection.models import AuditEntry

    assert AuditEntry.objects.filter(
        action="waypost.rights.erased", record_id=str(report.pk)
    ).exists()


def test_the_report_form_keeps_the_ante_mortem_details(signed_in):
    response = signed_in.post(
        "/en/tracing/missing/new/",
        {
            "name": "Adam Idris",
            "sex": "M",
            "birth_date": "1999",
            "languages": "ar, fur",
            "height": "175 cm",
            "marks": "scar on the left hand",
            "reference_records": "DNA of his mother at the ICRC, Khartoum",
            "last_contact_date": "2024-06",
            "last_contact_means": "WhatsApp call",
            "route": "Sahara, Libya",
            "destination": "Italy",
            "enquirer_name": "Halima",
            "preferred_contact": "phone, in Arabic",
        },
        follow=True,
    )

    report = MissingPersonReport.objects.get()
    assert report.details["marks"] == "scar on the left hand"
    assert report.details["destination"] == "Italy"
    assert report.enquirer["preferred_contact"] == "phone, in Arabic"
    page = response.content.decode()
    assert "Distinguishing marks (scars, tattoos)" in page and "DNA of his mother" in page


def test_photos_lose_their_hidden_data_are_sealed_and_shown_only_to_the_owner(
    signed_in, caseworker, other_caseworker
):
    import io

    from django.db import connection
    from PIL import Image

    from waypost.tracing.models import PersonPhoto

    report = services.record_create(actor=caseworker, model=MissingPersonReport, name="Omar Saleh")
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker-GPS-Secret"  # Make tag, stands for any metadata
    Image.new("RGB", (40, 30), "navy").save(buffer, "JPEG", exif=exif)
    assert b"PhoneMaker-GPS-Secret" in buffer.getvalue()
    buffer.name = "photo.jpg"
    buffer.seek(0)

    response = signed_in.post(
        f"/en/tracing/missing/{report.pk}/photos/", {"photo": buffer}, follow=True
    )
    assert "The photo was added" in response.content.decode(), response.content.decode()[-3000:]

    photo = PersonPhoto.objects.get()
    served = signed_in.get(f"/en/tracing/photos/{photo.pk}/")
    assert served["Content-Type"] == "image/jpeg" and "no-store" in served["Cache-Control"]
    assert b"PhoneMaker-GPS-Secret" not in served.content
    with connection.cursor() as cursor:
        cursor.execute("SELECT content_sealed FROM tracing_personphoto")
        raw = bytes(cursor.fetchone()[0])
    assert served.content not in raw  # sealed at rest
    signed_in.force_login(other_caseworker)
    assert signed_in.get(f"/en/tracing/photos/{photo.pk}/").status_code == 404
