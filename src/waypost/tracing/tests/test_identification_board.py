"""Issue 32, items 3 and 4: joint reconciliation between an NGO and a forensic service.

The contract from outside: a report with a dental chart and a DNA reference donor at an
NGO, remains with a PM dental chart, burial place and samples at a forensic service, an
identification agreement each way; both see the candidate, the NGO alone cannot confirm,
the forensic service's forensic specialist and the NGO's reviewer together do, the report
is downloadable and verifies, and a reversal by the same two sides restores both records.
"""

from __future__ import annotations

import base64
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from waypost.accounts.roles import OrganisationKind, Role
from waypost.core.exceptions import NotFound
from waypost.protection import services as protection
from waypost.protection.models import AuditEntry
from waypost.tracing import identification, services
from waypost.tracing.models import (
    Candidate,
    FamilyNotification,
    FoundPerson,
    MissingPersonReport,
    UnidentifiedRemains,
)

REPORT = {
    "name": "Mohamed Abdelrahman",
    "sex": "M",
    "birth_date": "1998",
    "nationality": "SDN",
    "last_seen_place": "Zuwara",
    "enquirer_phone": "+249 912 345 678",
}
ANTEMORTEM = {
    "height_cm": [172, 178],
    "dental": {"16": "filled", "26": "crown", "36": "missing", "11": "sound", "21": "sound"},
    "dna_references": [{"relationship": "mother", "kit": "KIT-0042", "laboratory": "ICMP"}],
}
REMAINS = {"name": "Mohamed Abdel Rahman", "sex": "M", "nationality": "SDN"}
POSTMORTEM = {
    "pm_number": "PM-2024-117",
    "dental": {"16": "filled", "26": "crown", "36": "missing", "11": "sound", "21": "filled"},
    "examination": {"age_range": [22, 32], "sex": "M", "stature_cm": [170, 180]},
    "samples": [{"type": "femur", "laboratory_ref": "ICMP-B-9911"}],
    "burial": {"cemetery": "Cimitero di Zuwara", "plot": "C-14", "marker": "117"},
}


@pytest.fixture
def forensic_service(make_organisation):
    return make_organisation(kind=OrganisationKind.FORENSIC, name="Istituto di Medicina Legale")


@pytest.fixture
def people(make_user, organisation, forensic_service, caseworker):
    return {
        "ngo_caseworker": caseworker,
        "ngo_reviewer": make_user(organisation, Role.REVIEWER),
        "ngo_forensic": make_user(organisation, Role.FORENSIC),
        "pathologist": make_user(forensic_service, Role.FORENSIC),
        "morgue_caseworker": make_user(forensic_service, Role.CASEWORKER),
    }


@pytest.fixture
def clients(api_client_for, people):
    return {name: api_client_for(user) for name, user in people.items()}


@pytest.fixture
def agreements(organisation, forensic_service):
    """An identification agreement each way: each side sees the other's record."""
    protection.agreement_grant(
        provider=organisation, recipient=forensic_service, purpose="identification"
    )
    protection.agreement_grant(
        provider=forensic_service, recipient=organisation, purpose="identification"
    )


def create(client, path, payload):
    response = client.post(path, payload, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


@pytest.fixture
def records(clients, people, agreements):
    report_id = create(clients["ngo_caseworker"], "/api/v1/missing-persons/", REPORT)
    remains_id = create(clients["pathologist"], "/api/v1/remains/", REMAINS)
    # Antemortem and postmortem data through the services (their API is another part).
    services.record_update(
        actor=people["ngo_caseworker"],
        record=MissingPersonReport.objects.get(pk=report_id),
        antemortem=ANTEMORTEM,
    )
    services.record_update(
        actor=people["pathologist"],
        record=UnidentifiedRemains.objects.get(pk=remains_id),
        postmortem=POSTMORTEM,
        recovery_date=date(2024, 9, 3),
    )
    return report_id, remains_id


def review(client, candidate_id, decision, reasons="Dental chart and DNA agree"):
    return client.post(
        f"/api/v1/candidates/{candidate_id}/reviews/",
        {"decision": decision, "reasons": reasons},
        format="json",
    )


def test_the_ngo_and_the_forensic_service_reconcile_and_reverse_an_identification(
    clients, people, records, tmp_path
):
    report_id, remains_id = records
    ngo, pathologist = clients["ngo_caseworker"], clients["pathologist"]

    # Both sides see the candidate, from their own record.
    from_report = ngo.get(f"/api/v1/missing-persons/{report_id}/candidates/").json()["results"]
    from_remains = pathologist.get(f"/api/v1/remains/{remains_id}/candidates/").json()["results"]
    assert [r["id"] for r in from_report if r["kind"] == "remains"] == [remains_id]
    assert [(r["kind"], r["id"]) for r in from_remains] == [("missing_person", report_id)]
    candidate_id = from_remains[0]["candidate_id"]
    assert from_report[0]["candidate_id"] == candidate_id
    assert "dental chart" in from_remains[0]["explanation"]
    detail = pathologist.get(f"/api/v1/candidates/{candidate_id}/").json()
    assert set(detail) >= {"id", "status", "score", "explanation", "reviews"}
    assert detail["status"] == "suggested"
    assert ngo.get(f"/api/v1/candidates/{candidate_id}/").json()["id"] == candidate_id

    # The NGO alone, even with its own forensic specialist, cannot identify the remains.
    for name in ("ngo_caseworker", "ngo_forensic"):
        assert review(clients[name], candidate_id, "confirm").status_code == 201
    answer = ngo.get(f"/api/v1/candidates/{candidate_id}/").json()
    assert answer["status"] == "under_review"
    assert answer["awaiting"] == [
        {
            "organisation": people["pathologist"].organisation.slug,
            "record": "remains",
            "forensic": True,
        }
    ]
    # ... nor does a non-forensic member of the forensic service stand for it.
    assert review(clients["morgue_caseworker"], candidate_id, "confirm").status_code == 201
    assert ngo.get(f"/api/v1/candidates/{candidate_id}/").json()["status"] == "under_review"
    assert (
        ngo.get(f"/api/v1/candidates/{candidate_id}/identification-report.pdf").status_code == 404
    )

    # The forensic service's forensic specialist confirms: the remains are identified.
    confirmed = review(pathologist, candidate_id, "confirm")
    assert confirmed.status_code == 201, confirmed.content
    assert confirmed.json()["status"] == "confirmed"
    assert pathologist.get(f"/api/v1/remains/{remains_id}/").json()["status"] == "identified"
    assert ngo.get(f"/api/v1/missing-persons/{report_id}/").json()["status"] == (
        "identified_deceased"
    )
    assert FamilyNotification.objects.filter(candidate_id=candidate_id).exists()

    # The identification report: a valid PDF, signed, verifiable from the file alone.
    pdf = ngo.get(f"/api/v1/candidates/{candidate_id}/identification-report.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    body = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")
    signed = identification.verify_file(body)
    assert signed["identifiers"]["dental"]["outcome"] == "agreed"
    assert signed["other"]["pm_number"] == "PM-2024-117"
    assert {r["organisation"] for r in signed["reviews"]} == {
        people["ngo_caseworker"].organisation.name,
        people["pathologist"].organisation.name,
    }
    path = tmp_path / "report.pdf"
    path.write_bytes(body)
    call_command("tracing", "verify-report", str(path))
    # The signed content changed (another PM number), its signature kept: refused.
    start = body.index(identification.MARKER) + len(identification.MARKER)
    payload, _, rest = body[start:].partition(b".")
    forged = base64.b64encode(base64.b64decode(payload).replace(b"PM-2024-117", b"PM-2024-118"))
    path.write_bytes(body[:start] + forged + b"." + rest)
    with pytest.raises(CommandError):
        call_command("tracing", "verify-report", str(path))

    # Reversal needs both sides too, with reasons; then both records are as before.
    assert review(ngo, candidate_id, "reverse", reasons=" ").status_code == 400
    assert (
        review(ngo, candidate_id, "reverse", "The mother's sample was mislabelled").status_code
        == 201
    )
    assert ngo.get(f"/api/v1/candidates/{candidate_id}/").json()["status"] == "confirmed"
    reversed_ = review(pathologist, candidate_id, "reverse", "Laboratory withdrew the match")
    assert reversed_.json()["status"] == "reversed"
    assert pathologist.get(f"/api/v1/remains/{remains_id}/").json()["status"] == "unidentified"
    assert ngo.get(f"/api/v1/missing-persons/{report_id}/").json()["status"] == "open"
    assert not FamilyNotification.objects.filter(candidate_id=candidate_id).exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "waypost.tracing.candidate.confirmed",
        "waypost.tracing.candidate.reversed",
        "waypost.tracing.notification.cancelled",
        "waypost.tracing.identification_report.downloaded",
    } <= actions
    # A new round: the earlier confirmations no longer count.
    again = ngo.get(f"/api/v1/candidates/{candidate_id}/").json()
    assert len(again["reviews"]) == 6
    assert len(again["awaiting"]) == 2


def test_without_an_agreement_the_forensic_service_does_not_see_the_ngos_report(clients, people):
    report_id = create(clients["ngo_caseworker"], "/api/v1/missing-persons/", REPORT)
    remains_id = create(clients["pathologist"], "/api/v1/remains/", REMAINS)

    answer = clients["pathologist"].get(f"/api/v1/remains/{remains_id}/candidates/")

    assert answer.status_code == 200 and answer.json()["results"] == []
    candidate = Candidate.objects.get(report_id=report_id)
    assert clients["pathologist"].get(f"/api/v1/candidates/{candidate.pk}/").status_code == 404
    assert review(clients["pathologist"], candidate.pk, "confirm").status_code == 404
    other = clients["pathologist"].get(f"/api/v1/missing-persons/{report_id}/candidates/")
    assert other.status_code == 404


def test_a_dna_exclusion_lowers_the_score_and_a_match_raises_it(people, records):
    candidate = Candidate.objects.get(remains_id=records[1])
    before = candidate.score

    services.dna_result_add(
        actor=people["pathologist"],
        candidate=candidate,
        laboratory="ICMP",
        reference="ICMP-B-9911",
        conclusion="exclusion",
        reported_on=date(2024, 10, 1),
    )
    candidate.refresh_from_db()
    assert candidate.score < before
    assert any(item["key"] == "dna" for item in candidate.evidence)

    services.dna_result_add(
        actor=people["ngo_caseworker"],
        candidate=candidate,
        laboratory="ICMP",
        reference="ICMP-B-9911-R",
        conclusion="match",
        reported_on=date(2024, 11, 2),
    )
    candidate.refresh_from_db()
    assert candidate.score > before


def test_an_irreconcilable_tooth_lowers_the_score_when_the_chart_changes(people, records):
    candidate = Candidate.objects.get(remains_id=records[1])
    before = candidate.score
    remains = UnidentifiedRemains.objects.get(pk=records[1])

    services.record_update(
        actor=people["pathologist"],
        record=remains,
        postmortem={**POSTMORTEM, "dental": {**POSTMORTEM["dental"], "36": "sound"}},
    )

    candidate.refresh_from_db()
    assert candidate.score < before
    dental = next(item for item in candidate.evidence if item["key"] == "dental")
    assert dental["level"] == "dental charts irreconcilable"


def test_each_sides_review_queue_lists_what_awaits_it(client, people, records):
    candidate = Candidate.objects.get(remains_id=records[1])
    client.force_login(people["pathologist"])
    assert f"/candidates/{candidate.pk}/" in client.get("/en/tracing/review/").content.decode()

    services.candidate_review(
        actor=people["pathologist"], candidate=candidate, decision="confirm", reasons="Dental"
    )
    assert f"/candidates/{candidate.pk}/" not in client.get("/en/tracing/review/").content.decode()
    client.force_login(people["ngo_reviewer"])
    page = client.get("/en/tracing/review/").content.decode()
    assert f"/candidates/{candidate.pk}/" in page


def test_the_candidate_page_shows_both_sides_the_teeth_the_dna_and_the_board(
    client, people, records
):
    candidate = Candidate.objects.get(remains_id=records[1])
    client.force_login(people["pathologist"])

    page = client.get(f"/en/tracing/candidates/{candidate.pk}/").content.decode()

    assert 'class="stack dental"' in page
    assert page.count('class="tooth-concordant"') == 4
    assert page.count('class="tooth-explainable"') == 1  # 21: sound, then filled
    assert "Enter a laboratory" in page
    # The report is the NGO's: its holder sees it in full, the forensic service does not.
    assert "Mohamed Abdelrahman" not in page
    assert "a forensic specialist of" in page

    answer = client.post(
        f"/en/tracing/candidates/{candidate.pk}/dna/",
        {
            "laboratory": "ICMP",
            "reference": "ICMP-B-9911",
            "conclusion": "match",
            "reported_on": "2024-10-01",
        },
    )
    assert answer.status_code == 302
    client.post(
        f"/en/tracing/candidates/{candidate.pk}/",
        {"decision": "confirm", "reasons": "DNA and dental agree"},
    )
    services.candidate_review(
        actor=people["ngo_reviewer"], candidate=candidate, decision="confirm", reasons="Agreed"
    )

    page = client.get(f"/en/tracing/candidates/{candidate.pk}/").content.decode()
    assert "DNA match reported by the laboratory" in page
    assert "ICMP-B-9911" in page
    assert people["ngo_reviewer"].organisation.name in page  # the other side's decision
    assert "Reverse the identification" in page
    assert f"/en/tracing/candidates/{candidate.pk}/identification-report.pdf" in page
    pdf = client.get(f"/en/tracing/candidates/{candidate.pk}/identification-report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    signed = identification.verify_file(pdf.content)
    assert signed["identifiers"]["dna"]["outcome"] == "agreed"


def test_the_report_is_in_the_familys_language_with_arabic_shaped(people, records):
    report = MissingPersonReport.objects.get(pk=records[0])
    report.enquirer = {**(report.enquirer or {}), "language": "ar"}
    report.save()
    candidate = Candidate.objects.get(remains_id=records[1])
    services.candidate_review(
        actor=people["pathologist"], candidate=candidate, decision="confirm", reasons="Dental"
    )
    services.candidate_review(
        actor=people["ngo_reviewer"], candidate=candidate, decision="confirm", reasons="Dental"
    )
    candidate.refresh_from_db()

    data = identification.content(candidate)
    pdf = identification.render_pdf(data, identification.sign(data))

    assert data["language"] == "ar"
    assert pdf.startswith(b"%PDF-")
    assert identification.verify_file(pdf)["language"] == "ar"
    # The font's Arabic glyphs are embedded (a subset named after DejaVu).
    assert b"DejaVu" in pdf


def test_the_new_endpoints_answer_as_the_schema_says(client, clients, people, records):
    from waypost.core.tests.test_openapi import validate

    schema = client.get("/api/schema/?format=json").json()
    report_id, remains_id = records
    candidate_id = Candidate.objects.get(remains_id=remains_id).pk
    pathologist = clients["pathologist"]

    def documented(path, method="get", status="200"):
        answer = schema["paths"][path][method]["responses"][status]["content"]
        return answer["application/json"]["schema"]

    listed = pathologist.get(f"/api/v1/remains/{remains_id}/candidates/").json()
    validate(schema, listed, documented("/api/v1/remains/{id}/candidates/"))
    detail = pathologist.get(f"/api/v1/candidates/{candidate_id}/").json()
    validate(schema, detail, documented("/api/v1/candidates/{id}/"))
    posted = review(pathologist, candidate_id, "confirm")
    validate(schema, posted.json(), documented("/api/v1/candidates/{id}/reviews/", "post", "201"))
    assert "/api/v1/found-persons/{id}/candidates/" in schema["paths"]
    pdf = schema["paths"]["/api/v1/candidates/{id}/identification-report.pdf"]["get"]
    assert "application/pdf" in pdf["responses"]["200"]["content"]
    # Errors are problem details.
    refused = review(pathologist, candidate_id, "reverse", "Not confirmed yet")
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    missing = pathologist.get(f"/api/v1/candidates/{candidate_id}/identification-report.pdf")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_a_found_person_of_another_organisation_needs_a_reviewer_of_each_side(
    make_user, organisation, other_organisation, caseworker, other_caseworker
):
    for provider, recipient in (
        (organisation, other_organisation),
        (other_organisation, organisation),
    ):
        protection.agreement_grant(provider=provider, recipient=recipient, purpose="tracing")
    report = services.record_create(
        actor=caseworker,
        model=MissingPersonReport,
        **{k: v for k, v in REPORT.items() if k != "last_seen_place"},
    )

    services.record_create(
        actor=other_caseworker,
        model=FoundPerson,
        name="محمد عبد الرحمن",
        sex="M",
        birth_date="1998-03-02",
        nationality="SDN",
        share_consent="organisations",
    )
    candidate = report.candidates.get(found_person__isnull=False)
    for reviewer in (caseworker, make_user(organisation, Role.REVIEWER)):
        services.candidate_review(
            actor=reviewer, candidate=candidate, decision="confirm", reasons="Same photo"
        )
    candidate.refresh_from_db()
    assert candidate.status == "under_review"

    services.candidate_review(
        actor=other_caseworker, candidate=candidate, decision="confirm", reasons="He agrees"
    )
    candidate.refresh_from_db()
    report.refresh_from_db()
    assert candidate.status == "confirmed"
    assert report.status == "located_alive"


def test_an_organisation_holding_neither_record_cannot_decide(
    people, records, make_user, make_organisation
):
    outsider = make_user(make_organisation(kind=OrganisationKind.FORENSIC), Role.FORENSIC)
    candidate = Candidate.objects.get(remains_id=records[1])

    with pytest.raises(NotFound):
        services.candidate_review(
            actor=outsider, candidate=candidate, decision="confirm", reasons="x"
        )


def test_the_demo_puts_remains_on_the_board_of_both_organisations():
    from waypost.accounts.models import Organisation
    from waypost.demo import load_demo
    from waypost.tracing import selectors

    load_demo(progress=lambda message: None)
    forensic = Organisation.objects.get(kind=OrganisationKind.FORENSIC)
    specialist = forensic.members.filter(role=Role.FORENSIC).first()
    assert specialist is not None

    queue = selectors.review_queue(user=specialist)

    assert queue, "the forensic service's queue is empty"
    dental = [
        c
        for c in queue
        if any(item["key"] == "dental" and item["weight"] > 0 for item in c.evidence)
    ]
    assert dental, "no demo candidate carries a concordant dental chart"
