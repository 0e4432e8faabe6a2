"""Antemortem and postmortem data through the API (issue 32 items 1 and 2): the contract as
written, PATCH, validation that keeps what is stored, visibility and audit."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from waypost.accounts.roles import Role
from waypost.incidents.services import incident_save
from waypost.protection.models import AuditEntry
from waypost.tracing import forensic, services
from waypost.tracing.models import MissingPersonReport, RemainsStatus, UnidentifiedRemains

ANTEMORTEM = {
    "height_cm": [170, 178],
    "build": "slim",
    "hair": "black, curly",
    "eyes": "brown",
    "marks": [{"region": "left_arm", "description": "Burn scar on the forearm"}],
    "dental": {"11": "crown", "21": "sound", "36": "missing", "46": "filled", "85": "missing"},
    "dental_notes": "Gap between the upper incisors",
    "medical": ["Fractured left tibia, 2015"],
    "implants": [{"kind": "tibial nail", "serial": "SN-44-2291"}],
    "clothing": ["blue jacket", "black jeans"],
    "effects": ["silver ring with initials A.M."],
    "fingerprints_held": "National ID registry, Khartoum",
    "dna_references": [
        {
            "relationship": "mother",
            "name": "Halima Yusuf",
            "kit": "KIT-2291",
            "laboratory": "ICMP The Hague",
            "consents": ["identification", "sharing"],
        }
    ],
    "enquirers": [{"name": "Omar Yusuf", "relationship": "brother", "contact": "+249 911 111"}],
}
POSTMORTEM = {
    "pm_number": "PM-2024-117",
    "body_bag": "BB-0042",
    "recovery": {"date": "2024-06-01", "place": "Shore near Zuwara", "lat": 32.93, "lon": 12.08},
    "morgue": "Tripoli Central Hospital morgue",
    "examination": {"age_range": [20, 30], "sex": "M", "stature_cm": [168, 180]},
    "dental": {"11": "crown", "36": "missing", "46": "filled"},
    "samples": [{"type": "bone", "laboratory_ref": "LAB-77-A"}],
    "cause_of_death": "Drowning",
    "manner_of_death": "accident",
    "burial": {
        "cemetery": "Zarzis municipal cemetery",
        "plot": "B-12",
        "lat": 33.503,
        "lon": 11.112,
        "marker": "Plaque PM-2024-117",
    },
    "death_certificate": "Zarzis civil registry 2024/881",
}
REPORT = {"name": "Ahmed Musa Yusuf", "sex": "M", "birth_date": "1999", "nationality": "SDN"}
REMAINS = {"name": "", "sex": "M", "nationality": ""}


@pytest.fixture
def a_client(api_client_for, caseworker):
    return api_client_for(caseworker)


@pytest.fixture
def forensic_user(make_user, organisation):
    return make_user(organisation, Role.FORENSIC, username="pathologist")


@pytest.fixture
def f_client(api_client_for, forensic_user):
    return api_client_for(forensic_user)


def create(client, path, payload):
    response = client.post(path, payload, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_a_report_posted_with_antemortem_data_gives_it_back_exactly(a_client):
    created = create(a_client, "/api/v1/missing-persons/", {**REPORT, "antemortem": ANTEMORTEM})

    got = a_client.get(f"/api/v1/missing-persons/{created['id']}/").json()
    assert created["antemortem"] == ANTEMORTEM
    assert got["antemortem"] == ANTEMORTEM
    stored = MissingPersonReport.objects.get(pk=created["id"])
    assert stored.antemortem == ANTEMORTEM
    assert b"KIT-2291" not in bytes(stored.antemortem_sealed)  # sealed at rest


def test_remains_posted_with_postmortem_data_give_it_back_exactly(f_client):
    created = create(f_client, "/api/v1/remains/", {**REMAINS, "postmortem": POSTMORTEM})

    got = f_client.get(f"/api/v1/remains/{created['id']}/").json()
    assert got["postmortem"] == POSTMORTEM
    assert got["status"] == "unidentified"
    assert got["incident"] is None


def test_patch_changes_the_fields_given_and_keeps_the_others(a_client, caseworker):
    report_id = create(a_client, "/api/v1/missing-persons/", {**REPORT, "antemortem": ANTEMORTEM})[
        "id"
    ]

    response = a_client.patch(
        f"/api/v1/missing-persons/{report_id}/",
        {"description": "Seen in Sabha", "antemortem": {"dental": {"11": "filled"}, "hair": None}},
        format="json",
    )

    assert response.status_code == 200, response.content
    expected = {k: v for k, v in ANTEMORTEM.items() if k != "hair"} | {"dental": {"11": "filled"}}
    assert response.json()["antemortem"] == expected
    got = a_client.get(f"/api/v1/missing-persons/{report_id}/").json()
    assert got["antemortem"] == expected
    assert got["description"] == "Seen in Sabha"
    assert got["name"] == REPORT["name"]  # not sent, kept
    updated = AuditEntry.objects.filter(
        action="waypost.tracing.missingpersonreport.updated", actor_id=caseworker.pk
    ).last()
    assert updated is not None
    assert set(updated.fields) == {"antemortem", "description"}


@pytest.mark.parametrize(
    ("antemortem", "path"),
    [
        ({"dental": {"19": "filled"}}, ("dental", "19")),
        ({"dental": {"11": "gold"}}, ("dental", "11")),
        ({"dental": {"99": "missing"}}, ("dental", "99")),
        ({"height_cm": [180, 170]}, ("height_cm",)),
        ({"height_cm": [170]}, ("height_cm",)),
        ({"height_cm": [10, 400]}, ("height_cm",)),
        ({"marks": [{"region": "face"}]}, ("marks", "0", "description")),
        ({"dna_references": [{"relationship": "mother", "consents": ["sell"]}]},)
        + (("dna_references", "0", "consents", "0"),),
        ({"shoe_size": 42}, ("shoe_size",)),
        ({"effects": "a ring"}, ("effects",)),
    ],
)
def test_bad_antemortem_data_is_a_400_naming_the_part_and_stores_nothing(
    a_client, antemortem, path
):
    report_id = create(a_client, "/api/v1/missing-persons/", {**REPORT, "antemortem": ANTEMORTEM})[
        "id"
    ]
    before = MissingPersonReport.objects.get(pk=report_id)

    for method, url, body in (
        ("post", "/api/v1/missing-persons/", {**REPORT, "antemortem": antemortem}),
        ("patch", f"/api/v1/missing-persons/{report_id}/", {"antemortem": antemortem}),
    ):
        response = getattr(a_client, method)(url, body, format="json")
        assert response.status_code == 400, (method, response.content)
        assert response["Content-Type"] == "application/problem+json"
        errors = response.json()["errors"]["antemortem"]
        for part in path:
            errors = errors[part]
        assert errors and all(isinstance(message, str) for message in errors)

    assert MissingPersonReport.objects.count() == 1
    after = MissingPersonReport.objects.get(pk=report_id)
    assert after.antemortem == ANTEMORTEM
    assert after.updated_at == before.updated_at


@pytest.mark.parametrize(
    ("postmortem", "path"),
    [
        ({"manner_of_death": "murder"}, ("manner_of_death",)),
        ({"burial": {"cemetery": "Zarzis", "lat": 91, "lon": 11}}, ("burial", "lat")),
        ({"burial": {"lat": 33.5, "lon": -181}}, ("burial", "lon")),
        ({"burial": {"lat": 33.5}}, ("burial", "lon")),
        ({"examination": {"age_range": [40, 20]}}, ("examination", "age_range")),
        ({"examination": {"sex": "X"}}, ("examination", "sex")),
        ({"dental": {"49": "sound"}}, ("dental", "49")),
        ({"samples": [{"laboratory_ref": "LAB-1"}]}, ("samples", "0", "type")),
        ({"returned_to_family_on": "2024-02-30"}, ("returned_to_family_on",)),
        ({"recovery": {"date": "2999-01-01"}}, ("recovery", "date")),
    ],
)
def test_bad_postmortem_data_is_a_400_naming_the_part_and_stores_nothing(
    f_client, postmortem, path
):
    remains_id = create(f_client, "/api/v1/remains/", {**REMAINS, "postmortem": POSTMORTEM})["id"]

    for method, url, body in (
        ("post", "/api/v1/remains/", {**REMAINS, "postmortem": postmortem}),
        ("patch", f"/api/v1/remains/{remains_id}/", {"postmortem": postmortem}),
    ):
        response = getattr(f_client, method)(url, body, format="json")
        assert response.status_code == 400, (method, response.content)
        errors = response.json()["errors"]["postmortem"]
        for part in path:
            errors = errors[part]
        assert errors

    assert UnidentifiedRemains.objects.count() == 1
    assert UnidentifiedRemains.objects.get(pk=remains_id).postmortem == POSTMORTEM


def test_errors_come_in_the_readers_language(a_client):
    response = a_client.post(
        "/api/v1/missing-persons/",
        {**REPORT, "antemortem": {"dental": {"19": "filled"}}},
        format="json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    message = response.json()["errors"]["antemortem"]["dental"]["19"][0]
    assert "FDI" in message
    assert message != str(forensic.NOT_TOOTH)


def test_another_organisation_without_agreement_gets_404_and_no_forensic_data(
    a_client, f_client, api_client_for, other_caseworker
):
    report_id = create(a_client, "/api/v1/missing-persons/", {**REPORT, "antemortem": ANTEMORTEM})[
        "id"
    ]
    remains_id = create(f_client, "/api/v1/remains/", {**REMAINS, "postmortem": POSTMORTEM})["id"]
    outsider = api_client_for(other_caseworker)

    for path, data in (
        (f"/api/v1/missing-persons/{report_id}/", {"antemortem": {"hair": "grey"}}),
        (f"/api/v1/remains/{remains_id}/", {"postmortem": {"morgue": "elsewhere"}}),
    ):
        assert outsider.get(path).status_code == 404
        assert outsider.patch(path, data, format="json").status_code == 404
    lists = (
        outsider.get("/api/v1/missing-persons/").content + outsider.get("/api/v1/remains/").content
    )
    assert b"KIT-2291" not in lists and b"PM-2024-117" not in lists
    assert MissingPersonReport.objects.get(pk=report_id).antemortem == ANTEMORTEM
    assert UnidentifiedRemains.objects.get(pk=remains_id).postmortem == POSTMORTEM


def test_reading_forensic_data_is_audited(a_client, caseworker):
    report_id = create(a_client, "/api/v1/missing-persons/", {**REPORT, "antemortem": ANTEMORTEM})[
        "id"
    ]

    a_client.get(f"/api/v1/missing-persons/{report_id}/")

    read = AuditEntry.objects.filter(
        action="waypost.tracing.missingpersonreport.read", actor_id=caseworker.pk
    )
    assert [entry.record_id for entry in read] == [str(report_id)]


def test_a_reviewer_may_read_but_not_patch(a_client, api_client_for, make_user, organisation):
    report_id = create(a_client, "/api/v1/missing-persons/", {**REPORT, "antemortem": ANTEMORTEM})[
        "id"
    ]
    reviewer = api_client_for(make_user(organisation, Role.REVIEWER, username="reviewer-am"))

    assert reviewer.get(f"/api/v1/missing-persons/{report_id}/").json()["antemortem"] == ANTEMORTEM
    response = reviewer.patch(
        f"/api/v1/missing-persons/{report_id}/", {"antemortem": {}}, format="json"
    )
    assert response.status_code == 403
    assert MissingPersonReport.objects.get(pk=report_id).antemortem == ANTEMORTEM


def test_patch_matches_the_record_again(a_client, f_client):
    report_id = create(a_client, "/api/v1/missing-persons/", REPORT)["id"]
    remains_id = create(f_client, "/api/v1/remains/", {**REMAINS, "name": "Someone Else"})["id"]
    assert a_client.get(f"/api/v1/missing-persons/{report_id}/candidates/").json()["results"] == []

    response = f_client.patch(
        f"/api/v1/remains/{remains_id}/", {"name": REPORT["name"]}, format="json"
    )

    assert response.status_code == 200
    results = a_client.get(f"/api/v1/missing-persons/{report_id}/candidates/").json()["results"]
    assert [r["id"] for r in results] == [remains_id]


def test_found_persons_are_patched_too(api_client_for, caseworker):
    client = api_client_for(caseworker)
    found_id = create(client, "/api/v1/found-persons/", {"name": "Amina Yusuf", "age": 30})["id"]

    response = client.patch(
        f"/api/v1/found-persons/{found_id}/", {"share_consent": "family"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["share_consent"] == "family"
    assert response.json()["name"] == "Amina Yusuf"


def test_remains_are_linked_to_an_incident_the_caller_may_see(f_client, forensic_user):
    incident = incident_save(
        actor=forensic_user,
        date=date(2024, 6, 1),
        place="Off Zuwara",
        dead=12,
        missing=None,
        latitude=32.9,
        longitude=12.1,
    )
    remains_id = create(f_client, "/api/v1/remains/", {**REMAINS, "incident": incident.pk})["id"]
    assert f_client.get(f"/api/v1/remains/{remains_id}/").json()["incident"] == incident.pk

    missing = f_client.patch(f"/api/v1/remains/{remains_id}/", {"incident": 999999}, format="json")
    assert missing.status_code == 400
    assert "incident" in missing.json()["errors"]
    unlinked = f_client.patch(f"/api/v1/remains/{remains_id}/", {"incident": None}, format="json")
    assert unlinked.json()["incident"] is None


def test_remains_are_marked_returned_only_once_identified(f_client):
    remains_id = create(f_client, "/api/v1/remains/", REMAINS)["id"]
    path = f"/api/v1/remains/{remains_id}/"

    refused = f_client.patch(path, {"status": "returned"}, format="json")
    assert refused.status_code == 400
    assert "status" in refused.json()["errors"]
    early = f_client.patch(
        path, {"postmortem": {"returned_to_family_on": "2025-01-10"}}, format="json"
    )
    assert early.status_code == 400
    assert "returned_to_family_on" in early.json()["errors"]["postmortem"]
    assert UnidentifiedRemains.objects.get(pk=remains_id).status == RemainsStatus.UNIDENTIFIED

    UnidentifiedRemains.objects.filter(pk=remains_id).update(status=RemainsStatus.IDENTIFIED)
    returned = f_client.patch(
        path, {"postmortem": {"returned_to_family_on": "2025-01-10"}}, format="json"
    )
    assert returned.status_code == 200, returned.content
    assert returned.json()["status"] == "returned"
    assert returned.json()["postmortem"]["returned_to_family_on"] == "2025-01-10"


def test_status_returned_is_set_directly_from_identified(f_client):
    remains_id = create(f_client, "/api/v1/remains/", REMAINS)["id"]
    UnidentifiedRemains.objects.filter(pk=remains_id).update(status=RemainsStatus.IDENTIFIED)

    response = f_client.patch(
        f"/api/v1/remains/{remains_id}/", {"status": "returned"}, format="json"
    )

    assert response.json()["status"] == "returned"
    assert create(f_client, "/api/v1/remains/", REMAINS)["status"] == "unidentified"
    posted = f_client.post("/api/v1/remains/", {**REMAINS, "status": "returned"}, format="json")
    assert posted.status_code == 400


def test_the_service_refuses_forensic_data_on_the_wrong_kind_of_record(caseworker):
    from waypost.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError) as refused:
        services.record_create(
            actor=caseworker, model=UnidentifiedRemains, antemortem=copy.deepcopy(ANTEMORTEM)
        )
    assert "antemortem" in refused.value.extra["errors"]
    assert not UnidentifiedRemains.objects.exists()


def test_the_answers_with_forensic_data_validate_against_the_schema(client, a_client, f_client):
    import json

    from waypost.core.tests.test_openapi import validate

    schema = json.loads(client.get("/api/schema/?format=json").content)
    report = create(a_client, "/api/v1/missing-persons/", {**REPORT, "antemortem": ANTEMORTEM})
    remains = create(f_client, "/api/v1/remains/", {**REMAINS, "postmortem": POSTMORTEM})
    answers = [
        ("/api/v1/missing-persons/", "post", "201", report),
        ("/api/v1/remains/", "post", "201", remains),
        (
            "/api/v1/missing-persons/{id}/",
            "get",
            "200",
            a_client.get(f"/api/v1/missing-persons/{report['id']}/").json(),
        ),
        (
            "/api/v1/remains/{id}/",
            "patch",
            "200",
            f_client.patch(
                f"/api/v1/remains/{remains['id']}/",
                {"postmortem": {"manner_of_death": "undetermined"}},
                format="json",
            ).json(),
        ),
    ]
    for path, method, status, body in answers:
        documented = schema["paths"][path][method]["responses"][status]["content"]
        validate(schema, body, documented["application/json"]["schema"])
    for path in ("/api/v1/missing-persons/{id}/", "/api/v1/found-persons/{id}/"):
        assert "patch" in schema["paths"][path]
    person = schema["components"]["schemas"]["PersonOutput"]["properties"]
    assert person["antemortem"]["properties"]["dental"]["additionalProperties"]["enum"] == list(
        forensic.TOOTH_STATES
    )
    assert person["postmortem"]["properties"]["manner_of_death"]["enum"] == list(
        forensic.MANNERS_OF_DEATH
    )


def test_a_pfif_export_carries_antemortem_and_postmortem_data_to_a_partner_copy(
    a_client, f_client, organisation, other_organisation
):
    from waypost.tracing import exchange

    create(a_client, "/api/v1/missing-persons/", {**REPORT, "antemortem": ANTEMORTEM})
    create(f_client, "/api/v1/remains/", {**REMAINS, "postmortem": POSTMORTEM})

    exchange.import_pfif(
        exchange.export_pfif(organisation, recipient=organisation), other_organisation
    )

    copy_report = MissingPersonReport.objects.get(organisation=other_organisation)
    copy_remains = UnidentifiedRemains.objects.get(organisation=other_organisation)
    assert copy_report.antemortem == ANTEMORTEM
    assert copy_remains.postmortem == POSTMORTEM
