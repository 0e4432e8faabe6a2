"""The antemortem and postmortem pages: forms that save the contract's objects, keep what is
stored on bad input, and the record page that shows them (issue 32 items 1 and 2)."""

from __future__ import annotations

from datetime import date

import pytest

from waypost.accounts.roles import Role
from waypost.conftest import PASSWORD
from waypost.incidents.services import incident_save
from waypost.tracing import services
from waypost.tracing.forensic_forms import AntemortemForm
from waypost.tracing.models import MissingPersonReport, RemainsStatus, UnidentifiedRemains
from waypost.tracing.tests.test_forensic_api import ANTEMORTEM, POSTMORTEM

pytestmark = pytest.mark.django_db


def management(prefix: str, rows: int = 2) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(rows),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def shown_form_data(form) -> dict:
    """What a browser sends for ``form`` as rendered with its initial values."""
    data: dict = {}
    for name, formset in form.formsets.items():
        data.update(
            {f"{name}-{key}": value for key, value in formset.management_form.initial.items()}
        )
        for row in formset.forms:
            for field in row:
                value = field.value()
                if value not in (None, "", []):
                    data[field.html_name] = value
    for field in form:
        value = field.value()
        if value not in (None, ""):
            data[field.html_name] = value
    return data


def am_post(**fields: str) -> dict[str, str]:
    data = {}
    for prefix in ("marks", "implants", "dna_references", "enquirers"):
        data.update(management(prefix))
    data.update(fields)
    return data


@pytest.fixture
def signed_in(client, caseworker):
    assert client.login(username=caseworker.username, password=PASSWORD)
    return client


@pytest.fixture
def report(caseworker):
    return services.record_create(
        actor=caseworker, model=MissingPersonReport, name="Ahmed Musa Yusuf", sex="M"
    )


@pytest.fixture
def pathologist(make_user, organisation):
    return make_user(organisation, Role.FORENSIC, username="pathologist-pages")


@pytest.fixture
def remains(pathologist):
    return services.record_create(actor=pathologist, model=UnidentifiedRemains, sex="M")


def test_the_antemortem_form_saves_the_contracts_object(signed_in, report):
    url = f"/en/tracing/missing/{report.pk}/antemortem/"
    page = signed_in.get(url).content.decode()
    assert 'name="tooth_18"' in page and 'name="tooth_38"' in page and 'name="tooth_85"' in page

    response = signed_in.post(
        url,
        am_post(
            height_min="170",
            height_max="178",
            hair="black",
            tooth_11="crown",
            tooth_36="missing",
            tooth_48="filled",
            medical="Fractured left tibia, 2015\n\nAsthma",
            effects="silver ring",
            **{
                "marks-0-region": "left_arm",
                "marks-0-description": "Burn scar",
                "implants-0-kind": "tibial nail",
                "implants-0-serial": "SN-44-2291",
                "dna_references-0-relationship": "mother",
                "dna_references-0-kit": "KIT-2291",
                "dna_references-0-laboratory": "ICMP",
                "dna_references-0-consents": ["identification", "storage"],
                "enquirers-0-name": "Omar Yusuf",
                "enquirers-0-relationship": "brother",
            },
        ),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    report.refresh_from_db()
    assert report.antemortem == {
        "height_cm": [170, 178],
        "hair": "black",
        "marks": [{"region": "left_arm", "description": "Burn scar"}],
        "dental": {"11": "crown", "36": "missing", "48": "filled"},
        "medical": ["Fractured left tibia, 2015", "Asthma"],
        "implants": [{"kind": "tibial nail", "serial": "SN-44-2291"}],
        "effects": ["silver ring"],
        "dna_references": [
            {
                "relationship": "mother",
                "kit": "KIT-2291",
                "laboratory": "ICMP",
                "consents": ["identification", "storage"],
            }
        ],
        "enquirers": [{"name": "Omar Yusuf", "relationship": "brother"}],
    }
    detail = signed_in.get(f"/en/tracing/missing/{report.pk}/").content.decode()
    assert 'data-fdi="36"' in detail and 'data-state="missing"' in detail
    assert "SN-44-2291" in detail and "KIT-2291" in detail


def test_the_form_shows_what_the_api_stored_and_saving_it_loses_nothing(
    signed_in, report, caseworker
):
    stored = dict(ANTEMORTEM)
    stored["dna_references"] = [
        {**ANTEMORTEM["dna_references"][0], "relationship": "maternal grandmother"}
    ]
    services.record_update(actor=caseworker, record=report, antemortem=stored)
    report.refresh_from_db()
    page = signed_in.get(f"/en/tracing/missing/{report.pk}/antemortem/").content.decode()

    assert "maternal grandmother" in page  # a relationship typed elsewhere, offered as is
    # Send back the form as it is shown, unchanged.
    data = shown_form_data(AntemortemForm(stored=report.antemortem))
    response = signed_in.post(f"/en/tracing/missing/{report.pk}/antemortem/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    report.refresh_from_db()
    assert report.antemortem == stored


def test_bad_input_is_a_form_error_and_keeps_what_is_stored(signed_in, report, caseworker):
    services.record_update(actor=caseworker, record=report, antemortem=ANTEMORTEM)
    report.refresh_from_db()

    response = signed_in.post(
        f"/en/tracing/missing/{report.pk}/antemortem/",
        am_post(height_min="190", height_max="170", tooth_11="gold"),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="field has-error"' in page or "has-error" in page
    report.refresh_from_db()
    assert report.antemortem == ANTEMORTEM


def test_the_postmortem_form_saves_burial_samples_and_the_incident(client, pathologist, remains):
    assert client.login(username=pathologist.username, password=PASSWORD)
    incident = incident_save(
        actor=pathologist,
        date=date(2024, 6, 1),
        place="Off Zuwara",
        dead=12,
        missing=None,
        latitude=32.9,
        longitude=12.1,
    )
    data = {
        **management("samples"),
        "pm_number": "PM-2024-117",
        "incident": str(incident.pk),
        "tooth_11": "crown",
        "age_min": "20",
        "age_max": "30",
        "sex": "M",
        "manner_of_death": "accident",
        "burial_cemetery": "Zarzis municipal cemetery",
        "burial_plot": "B-12",
        "burial_lat": "33.503",
        "burial_lon": "11.112",
        "burial_marker": "Plaque PM-2024-117",
        "repatriation_country": "SDN",
        "samples-0-type": "bone",
        "samples-0-laboratory_ref": "LAB-77-A",
    }

    response = client.post(f"/en/tracing/remains/{remains.pk}/postmortem/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    remains.refresh_from_db()
    assert remains.incident_id == incident.pk
    assert remains.postmortem == {
        "pm_number": "PM-2024-117",
        "examination": {"age_range": [20, 30], "sex": "M"},
        "dental": {"11": "crown"},
        "samples": [{"type": "bone", "laboratory_ref": "LAB-77-A"}],
        "manner_of_death": "accident",
        "burial": {
            "cemetery": "Zarzis municipal cemetery",
            "plot": "B-12",
            "marker": "Plaque PM-2024-117",
            "lat": 33.503,
            "lon": 11.112,
        },
        "repatriation": {"country": "SDN"},
    }
    page = client.get(f"/ar/tracing/remains/{remains.pk}/").content.decode()
    assert "Zarzis municipal cemetery" in page and "LAB-77-A" in page
    assert "33.503" in page  # coordinates never localised


def test_returned_to_the_family_needs_identified_remains(client, pathologist, remains):
    assert client.login(username=pathologist.username, password=PASSWORD)
    data = {**management("samples"), "returned_to_family_on": "2025-01-10"}
    url = f"/en/tracing/remains/{remains.pk}/postmortem/"

    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "only once identified" in refused.content.decode()

    UnidentifiedRemains.objects.filter(pk=remains.pk).update(status=RemainsStatus.IDENTIFIED)
    assert client.post(url, data).status_code == 302
    remains.refresh_from_db()
    assert remains.status == RemainsStatus.RETURNED


def test_the_postmortem_page_shows_the_api_data(client, pathologist, remains):
    services.record_update(actor=pathologist, record=remains, postmortem=POSTMORTEM)
    assert client.login(username=pathologist.username, password=PASSWORD)

    page = client.get(f"/fr/tracing/remains/{remains.pk}/").content.decode()

    assert "PM-2024-117" in page and "Zarzis municipal cemetery" in page
    assert 'data-fdi="46"' in page


def test_a_reviewer_reads_the_data_but_is_offered_no_form(
    client, make_user, organisation, report, caseworker
):
    services.record_update(actor=caseworker, record=report, antemortem=ANTEMORTEM)
    reviewer = make_user(organisation, Role.REVIEWER, username="reviewer-pages")
    assert client.login(username=reviewer.username, password=PASSWORD)

    page = client.get(f"/en/tracing/missing/{report.pk}/").content.decode()

    assert "KIT-2291" in page
    assert f"/missing/{report.pk}/antemortem/" not in page
    assert client.get(f"/en/tracing/missing/{report.pk}/antemortem/").status_code in (403, 404)


def test_another_organisation_gets_404_on_the_forms(client, other_caseworker, report, remains):
    assert client.login(username=other_caseworker.username, password=PASSWORD)

    assert client.get(f"/en/tracing/missing/{report.pk}/antemortem/").status_code == 404
    assert client.get(f"/en/tracing/remains/{remains.pk}/postmortem/").status_code == 404
    assert (
        client.post(f"/en/tracing/missing/{report.pk}/antemortem/", am_post(hair="x")).status_code
        == 404
    )


def test_everything_held_labels_the_forensic_data_in_the_readers_language(
    signed_in, report, caseworker
):
    services.record_update(actor=caseworker, record=report, antemortem=ANTEMORTEM)

    page = signed_in.get(f"/fr/tracing/missing/{report.pk}/export.html").content.decode()
    data = signed_in.get(f"/fr/tracing/missing/{report.pk}/export.json").json()

    assert data["record"]["antemortem"] == ANTEMORTEM
    assert "KIT-2291" in page and "36" in page
    for dumped in ("{&#x27;", "dna_references", "height_cm", "[&#x27;"):
        assert dumped not in page, dumped
