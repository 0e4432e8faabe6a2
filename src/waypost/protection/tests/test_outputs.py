"""Every output goes through a visibility check: the inventory is complete, and no output
shows a record to an organisation that may not see it.

The inventory (``protection/outputs.py``) must name every URL the project serves and every
command: a new page, API endpoint or command fails here until someone says which check it
uses. Then every route is requested, with every identifier the test's records have, by the
people of an organisation that must not see another organisation's records (no agreement;
law enforcement and border authorities through the firewall, even with an agreement naming
every category), and the answer must not contain any of those records' markers.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp_webauthn.models import WebAuthnCredential

from waypost import cli
from waypost.accounts import services as accounts
from waypost.accounts.models import ApiToken, Organisation, User
from waypost.accounts.roles import OrganisationKind, Role
from waypost.detention import services as detention
from waypost.detention.models import Detention, Visit
from waypost.jobs.models import Job
from waypost.protection import services as protection
from waypost.protection.models import DataCategory, SharingAgreement
from waypost.protection.outputs import COMMANDS, PAGES_AND_API
from waypost.reporting import services as reporting
from waypost.reporting.models import (
    IdentityDisclosure,
    Referral,
    Report,
    ReportAttachment,
    SharedEvent,
    Transfer,
)
from waypost.screening import services as screening
from waypost.tracing import services as tracing
from waypost.tracing.models import (
    Candidate,
    FoundPerson,
    MissingPersonReport,
    PersonPhoto,
    PossibleDuplicate,
    SupportReferral,
    UnidentifiedRemains,
)


@pytest.fixture(autouse=True)
def _index_per_test(settings, tmp_path):
    settings.TRACING_INDEX_DIR = tmp_path / "indexes"


def routes() -> Iterator[tuple[str, URLPattern]]:
    def walk(
        patterns: list[URLPattern | URLResolver], namespaces: tuple[str, ...]
    ) -> Iterator[tuple[str, URLPattern]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
                yield from walk(pattern.url_patterns, inner)
            else:
                yield ":".join((*namespaces, pattern.name or str(pattern.pattern))), pattern

    yield from walk(get_resolver().url_patterns, ())


def commands() -> set[str]:
    """``waypost`` subcommands, each Waypost management command with each of its actions."""
    found = set()
    for name, app in get_commands().items():
        if not app.startswith("waypost."):
            continue
        parser = load_command_class(app, name).create_parser("waypost", name)
        actions = [
            choice
            for action in parser._actions
            if isinstance(action, argparse._SubParsersAction)
            for choice in action.choices
        ]
        found |= {f"{name} {action}" for action in actions} or {name}
    waypost_commands = {key.split()[0] for key in found}
    for sub in cli.SUBCOMMANDS:
        if (sub.django_command or sub.name) not in waypost_commands:
            found.add(sub.name)
    return found


def test_every_page_and_api_route_is_in_the_output_inventory():
    served = {name for name, _ in routes()}

    assert sorted(served - set(PAGES_AND_API)) == [], "add these to protection/outputs.py"
    assert sorted(set(PAGES_AND_API) - served) == [], "these are no longer served"


def test_every_command_is_in_the_output_inventory():
    found = commands()

    assert sorted(found - set(COMMANDS)) == [], "add these to protection/outputs.py"
    assert sorted(set(COMMANDS) - found) == [], "these commands no longer exist"


# The world: an NGO's records, each carrying a marker that must reach no one else.

FOUND_MARKER = "MARKER-FOUND-7731"
ENQUIRY_MARKER = "MARKER-ENQUIRY-4412"
# Name parts only the NGO's records have: a candidate's explanation quotes them ("Qorshemarker
# has no counterpart"), so they mark a candidate shown where it must not be.
FOUND_NAME_MARKER = "Qorshemarker"
ENQUIRY_NAME_MARKER = "Hawamarker"
ENQUIRER_MARKER = "Markerenquirer"
CONTACT_MARKER = "MARKER-CONTACT-2208"
REMAINS_MARKER = "MARKER-REMAINS-5520"
ABUSE_MARKER = "MARKER-ABUSE-9013"
SCREENED_MARKER = "Markerscreened"
REFERRAL_MARKER = "MARKER-REFERRAL-3307"
DETAINED_MARKER = "Markerdetained"
ILL_TREATMENT_MARKER = "MARKER-ILLTREATMENT-8120"
JOB_MARKER = "MARKER-JOB-6604"
SHELTER = "Foyer Saint-Jean, Marseille"
OWN_MARKER = "Ibrahim Saleh"  # a record of the outsider's own, which it must see
ALWAYS_HIDDEN = (
    FOUND_MARKER,
    FOUND_NAME_MARKER,
    ENQUIRY_MARKER,
    ENQUIRY_NAME_MARKER,
    ENQUIRER_MARKER,
    CONTACT_MARKER,
    REMAINS_MARKER,
    ABUSE_MARKER,
    JOB_MARKER,
    SCREENED_MARKER,
    REFERRAL_MARKER,
    DETAINED_MARKER,
    ILL_TREATMENT_MARKER,
)


@dataclass
class World:
    ngo: Organisation
    outsiders: list[User]
    markers: tuple[str, ...]
    shared: tuple[str, ...]  # markers of records an agreement lets a file carry (PFIF)


def ngo_records(ngo: Organisation, make_user: Any) -> None:
    caseworker = make_user(ngo, Role.CASEWORKER)
    found = tracing.record_create(
        actor=caseworker,
        model=FoundPerson,
        name=f"Mohamed Abdelrahman {FOUND_NAME_MARKER}",
        sex="M",
        birth_date="1998-03-02",
        nationality="SDN",
        place=SHELTER,
        description=FOUND_MARKER,
        share_consent="nothing",
    )
    tracing.photo_add(actor=caseworker, record=found, data=png())
    enquiry = tracing.record_create(
        actor=caseworker,
        model=MissingPersonReport,
        name=f"Amina Yusuf Ali {ENQUIRY_NAME_MARKER}",
        sex="F",
        birth_date="2001-11-20",
        nationality="ERI",
        place="Tripoli, Abu Salim",
        description=ENQUIRY_MARKER,
        enquirer={"name": ENQUIRER_MARKER, "relationship": "mother"},
    )
    tracing.contact_log_add(actor=caseworker, report=enquiry, means="call", note=CONTACT_MARKER)
    tracing.support_referral_add(
        actor=caseworker, report=enquiry, to_whom=CONTACT_MARKER, referred_on=date(2026, 1, 5)
    )
    # A second relative's report of the same person: a possible duplicate, its own page.
    tracing.record_create(
        actor=caseworker,
        model=MissingPersonReport,
        name=f"Amina Yusuf Ali {ENQUIRY_NAME_MARKER}",
        sex="F",
        birth_date="2001-11-20",
        nationality="ERI",
        enquirer={"name": ENQUIRER_MARKER, "relationship": "sister"},
    )
    tracing.record_create(
        actor=caseworker,
        model=UnidentifiedRemains,
        name="",
        sex="M",
        age_min=20,
        age_max=30,
        place="Beach near Zarzis",
        details={"effects": REMAINS_MARKER},
    )
    Job.objects.create(kind="test", title=JOB_MARKER, organisation=ngo, result={"m": JOB_MARKER})
    screening_records(ngo, caseworker, make_user)
    detention_records(caseworker)


def detention_records(caseworker: User) -> None:
    """A child held at a facility who asked for her consulate, and a visit's finding about
    her ill-treatment linked to her record with her consent."""
    facility, _created = detention.facility_save(
        actor=None, name="Centro Ponte Galeria", type="administrative", country="ITA"
    )
    held = detention.detention_create(
        actor=caseworker,
        person={"name": f"Saba {DETAINED_MARKER}", "age": 16, "nationality": "ERI"},
        facility=facility,
        arrested_at=timezone.now() - timedelta(days=4),
        ill_treatment=ILL_TREATMENT_MARKER,
    )
    detention.event_record(actor=caseworker, detention=held, kind="requested", at=held.arrested_at)
    detention.visit_create(
        actor=caseworker,
        facility=facility,
        visited_on=date(2026, 1, 5),
        access="granted",
        findings=[
            {
                "aspect": "ill_treatment",
                "severity": "critical",
                "text": ILL_TREATMENT_MARKER,
                "detention": held.pk,
                "consent": True,
            }
        ],
    )


def screening_records(ngo: Organisation, caseworker: User, make_user: Any) -> None:
    """A child screened by the NGO and referred to another NGO's service, with consent."""
    screened = screening.screening_create(
        actor=caseworker,
        person={"name": f"Yonas {SCREENED_MARKER}", "age": 15, "nationality": "ERI"},
        travelling="alone",
        place="Lampedusa",
        concerns=["trafficking"],
        notes=REFERRAL_MARKER,
    )
    partner = accounts.organisation_create(
        name="Partner NGO", kind=OrganisationKind.NGO, country="ITA", languages=["en"]
    )
    service = screening.service_create(
        actor=make_user(partner, Role.CASEWORKER),
        names={"en": "Child protection desk"},
        type="child_protection",
        status="published",
    )
    screening.referral_create(
        actor=caseworker,
        screening=screened,
        service=service,
        priority="emergency",
        shared_fields=["name", "concerns"],
        consent={"given_by": "Guardian", "purposes": ["protection_referral"]},
        note=REFERRAL_MARKER,
    )
    # An adult's case the NGO asks the partner to take over (the envelope carries a note).
    adult = screening.screening_create(
        actor=caseworker,
        person={"name": f"Idris {SCREENED_MARKER}", "age": 31, "nationality": "SDN"},
        travelling="family",
        place="Lampedusa",
        concerns=[],
    )
    screening.transfer_request(
        actor=caseworker,
        person=adult.person,
        recipient=partner,
        consent={"given_by": "Idris", "purposes": ["protection_referral"]},
        note=REFERRAL_MARKER,
    )


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def abuse_report(make_organisation: Any, make_user: Any) -> None:
    nhri = make_organisation(kind=OrganisationKind.NHRI, country="TUN", name="Rights Commission")
    reporting.channel_set(actor=None, organisation=nhri, accepts_reports=True, countries=["TUN"])
    report, _receipt = reporting.report_submit(
        submission=reporting.Submission(
            recipient_slug=nhri.slug,
            what_happened=ABUSE_MARKER,
            where="Sfax",
            when="2025-03",
            language="en",
            country="TUN",
            identity_name="Reporter Name",
            attachments=[png()],
        )
    )
    handler = make_user(nhri, Role.CASEWORKER)
    reporting.disclosure_request(actor=handler, report=report, reason="to call back")
    # A referral the reporter consented to (its package carries the account) and a
    # proposed transfer to another recipient.
    reporting.bodies_load(
        entries=[{"slug": "ombuds", "name": "Ombudsperson", "kind": "ombudsperson"}]
    )
    referral = reporting.referral_propose(
        actor=handler,
        report=report,
        body=reporting.CompetentBody.objects.get(),
        content=["account", "date", "place"],
    )
    reporting.referral_consent(report=report, referral_id=str(referral.public_id), consent=True)
    other = make_organisation(kind=OrganisationKind.NGO, country="TUN", name="Lawyers")
    reporting.channel_set(actor=None, organisation=other, accepts_reports=True, countries=["TUN"])
    reporting.transfer_propose(actor=handler, report=report, to_slug=other.slug)
    # An event the report is linked to (its title and place are the organisation's).
    reporting.shared_event_create(
        actor=handler,
        reports=[report],
        title=ABUSE_MARKER,
        country="TUN",
        start_date="2025-03",
        place=ABUSE_MARKER,
    )


def outsider_records(actor: User) -> None:
    """The outsider's own records, made to match the NGO's: the paths of the leak."""
    tracing.record_create(
        actor=actor,
        model=MissingPersonReport,
        name="Mohamed Abdelrahman",
        sex="M",
        birth_date="1998-03-02",
        nationality="SDN",
        place=SHELTER,
    )
    tracing.record_create(
        actor=actor,
        model=FoundPerson,
        name="Amina Yusuf Ali",
        sex="F",
        birth_date="2001-11-20",
        nationality="ERI",
        place="Tripoli, Abu Salim",
    )
    tracing.record_create(actor=actor, model=MissingPersonReport, name=OWN_MARKER, sex="M", age=25)


OUTSIDERS = {
    "law-enforcement without agreement": (OrganisationKind.LAW_ENFORCEMENT, False),
    "border authority with an agreement naming every category": (
        OrganisationKind.BORDER_AUTHORITY,
        True,
    ),
    "ngo without agreement": (OrganisationKind.NGO, False),
}


@pytest.fixture(params=list(OUTSIDERS))
def world(request, make_organisation, make_user) -> World:
    kind, agreement = OUTSIDERS[request.param]
    ngo = make_organisation(name="Sahel Family Links")
    outsider = make_organisation(kind=kind, name="Outsider")
    people = [make_user(outsider, role) for role in (Role.CASEWORKER, Role.ADMIN, Role.AUDITOR)]
    ngo_records(ngo, make_user)
    abuse_report(make_organisation, make_user)
    markers, shared = ALWAYS_HIDDEN, ()
    if agreement:
        # Everything the NGO holds, for every purpose: the firewall must still hold.
        for purpose in ("tracing", "identification"):
            protection.agreement_grant(
                provider=ngo,
                recipient=outsider,
                purpose=purpose,
                categories=list(DataCategory.values),
            )
        # Remains are forensic data no one gave to seek help: the firewall lets them pass.
        shared = (REMAINS_MARKER,)
    else:
        markers = (*markers, ngo.slug)
    outsider_records(people[0])
    assert Candidate.objects.filter(report__organisation=outsider).exists()
    assert Candidate.objects.filter(found_person__organisation=outsider).exists()
    return World(ngo=ngo, outsiders=people, markers=markers, shared=shared)


def values_for(name: str) -> list[Any]:
    """Every identifier of the test's rows for a URL parameter of that name."""
    ids: dict[str, list[Any]] = {
        "kind": ["missing", "found", "remains"],
        "fmt": ["json", "html", "geojson", "hxl"],
        "action": ["approve", "reject", "revoke"],
        "step": ["accept", "reject", "done", "revoke"],
        "code": ["trafficking", "NOCERTIFICATE"],
        "part": [
            "victim",
            "perpetrator",
            "source",
            "intervention",
            "act",
            "referral",
            "transfer",
            "risk",
            "measure",
        ],
        "uidb64": ["MQ"],
        "session_id": [1],
        "token": ["x-y"],
        "public_id": list(Report.objects.values_list("public_id", flat=True)),
        "job_id": list(Job.objects.values_list("pk", flat=True)),
        "photo_id": list(PersonPhoto.objects.values_list("pk", flat=True)),
        "attachment_id": list(ReportAttachment.objects.values_list("pk", flat=True)),
        "disclosure_id": list(IdentityDisclosure.objects.values_list("pk", flat=True)),
        "member_id": list(User.objects.values_list("pk", flat=True)),
        "token_id": list(ApiToken.objects.values_list("pk", flat=True)),
        "credential_id": list(WebAuthnCredential.objects.values_list("pk", flat=True)) or [1],
        "slug": list(Organisation.objects.values_list("slug", flat=True)),
        "purpose": ["family_whereabouts", "family_alive", "tracing"],
        "referral_id": list(SupportReferral.objects.values_list("pk", flat=True)),
        "report_referral_id": list(Referral.objects.values_list("public_id", flat=True)),
        "transfer_id": list(Transfer.objects.values_list("public_id", flat=True)),
        "event_id": list(SharedEvent.objects.values_list("public_id", flat=True)),
        "referral_step": ["package", "sent", "response"],
        # info: public information, no personal record; the first rows' ids are enough
        "article_id": [1],
        "point_id": [1],
        "service_id": [1],
        "feedback_id": [1],
        "pk": sorted(
            {
                pk
                for model in (
                    MissingPersonReport,
                    FoundPerson,
                    UnidentifiedRemains,
                    Candidate,
                    PossibleDuplicate,
                    SharingAgreement,
                    Detention,
                    Visit,
                )
                for pk in model.objects.values_list("pk", flat=True)
            }
        ),
    }
    if name not in ids:
        raise AssertionError(f"say in values_for which identifiers to try for <{name}>")
    return ids[name]


# Outputs chosen by the query string: the exports of a list.
QUERIES = {"incidents:list": ["", "?format=csv", "?format=hxl", "?format=geojson"]}


def requested() -> Iterator[tuple[str, str]]:
    """(route name, path) for every route with every combination of the rows' identifiers."""
    for name, pattern in routes():
        parameters = sorted(pattern.pattern.converters)
        for combination in itertools.product(*(values_for(p) for p in parameters)):
            path = reverse(name, kwargs=dict(zip(parameters, combination, strict=True)))
            for query in QUERIES.get(name, [""]):
                yield name, path + query


def test_no_output_shows_a_record_to_an_organisation_that_may_not_see_it(client, world):
    leaks, answered = [], set()
    for person in [None, *world.outsiders]:
        client.logout()
        if person is not None:
            client.force_login(person)
        for name, path in requested():
            response = client.get(path)
            body = b"".join(response) if response.streaming else response.content
            text = body.decode("utf-8", errors="replace")
            if response.status_code == 200 and OWN_MARKER in text:
                answered.add(name)
            # A page that repeats the address asked for (a refusal's language switcher
            # does) tells nothing the asker did not know.
            shown = [marker for marker in world.markers if marker in text and marker not in path]
            if shown:
                who = person.role if person else "anonymous"
                leaks.append(f"{name} {path} as {who}: {shown}")

    assert leaks == []
    # The requests reached the outsider's own records, candidates and exports: signed in,
    # with identifiers that exist.
    assert {
        "tracing:detail",
        "tracing:export",
        "tracing:missing",
        "api:missing-persons",
    } <= answered


def test_the_pfif_export_gives_an_outsider_none_of_the_ngos_records(world, tmp_path):
    outsider = world.outsiders[0].organisation
    assert outsider is not None
    for owner in (world.ngo, outsider):
        path = tmp_path / f"{owner.slug}.xml"
        call_command(
            "tracing",
            "export-pfif",
            "--org",
            owner.slug,
            "--to",
            outsider.slug,
            "--out",
            str(path),
        )
        text = path.read_text(encoding="utf-8")
        hidden = [m for m in world.markers if owner == outsider or m not in world.shared]
        assert [marker for marker in hidden if marker in text] == []


@pytest.mark.parametrize(
    "argv",
    [
        ["stats", "sdg-10-7-3", "--json"],
        ["sharing", "list"],
        ["audit", "verify"],
        ["orgs", "list"],
        ["users", "list"],
        ["retention", "apply", "--dry-run", "--json"],
    ],
    ids=" ".join,
)
@pytest.mark.parametrize("world", ["law-enforcement without agreement"], indirect=True)
def test_operator_commands_print_no_personal_value(world, argv, capsys):
    """The operator sees organisations and people, never a sealed personal value."""
    call_command(*argv)

    printed = "".join(capsys.readouterr())
    assert [marker for marker in ALWAYS_HIDDEN if marker in printed] == []


# Queries the public statistics routes need to answer at all.
STATISTICS_QUERIES = {
    "api:stats-sdg-10-7-3-breakdown": {"by": "region"},
    "api:stats-releases": {"dataset": "incidents", "by": "region"},
}


def test_every_public_statistics_output_passes_the_disclosure_rules(client):
    """Lists every output path of figures: each page or endpoint of counts that answers a
    visitor who is not signed in is on the public dashboard's list, and each of those
    goes through ``waypost.statistics`` (``DISCLOSURE_CONTROL``); then each is requested
    with a table holding a count under k, which must appear nowhere."""
    from waypost.incidents.models import Incident
    from waypost.protection.outputs import NOT_TABLES, PUBLIC_STATISTICS, Check

    public = set()
    for name, output in PAGES_AND_API.items():
        if output.check not in (Check.STATISTICS, Check.DISCLOSURE_CONTROL):
            continue
        try:
            url = reverse(name)
        except Exception:  # noqa: S112 - a route of one record: not a dashboard's
            continue
        if client.get(url, STATISTICS_QUERIES.get(name, {})).status_code == 200:
            public.add(name)
    # Remittance prices are firms' published prices, not counts of people; the reporting
    # statistics use the same policy through reporting.selectors.suppress.
    prices = {n for n in public if n.startswith(("remittances:", "api:remittances-"))}
    reports = {"reporting:statistics", "api:report-statistics"}
    assert public - prices - reports - set(NOT_TABLES) == {
        n for n in PUBLIC_STATISTICS if n in PAGES_AND_API
    }
    for name in PUBLIC_STATISTICS:
        assert {**PAGES_AND_API, **COMMANDS}[name].check == Check.DISCLOSURE_CONTROL, name

    # 3 dead in the one incident of the Sahara in 2024: under k wherever it is published.
    Incident.objects.create(region="Northern Africa", year=2024, month=1, dead=3)
    Incident.objects.create(region="Mediterranean", year=2024, month=1, dead=90, missing=60)
    Incident.objects.create(region="Mediterranean", year=2023, month=5, dead=40, missing=70)
    for name in PUBLIC_STATISTICS:
        if name in PAGES_AND_API:
            query = STATISTICS_QUERIES.get(name, {"region": "Northern Africa"})
            response = client.get(reverse(name), query)
            body = response.content.decode()
            if not response["Content-Type"].startswith("application/json"):
                rows = re.findall(r"<(tr|div class=\"bar-row\")>(?:(?!</tr>).)*?</", body, re.S)
                segments = re.findall(
                    r"<(?:tr|div class=\"bar-row\")>((?:(?!</tr>|bar-row\">).)*?Northern Africa"
                    r"(?:(?!</tr>|<div class=\"bar-row).)*)",
                    body,
                    re.S,
                )
                assert rows and segments, name
                for segment in segments:
                    assert not re.search(r">\s*3\s*<", segment), (name, segment)
                    assert 'class="suppressed"' in segment, (name, segment)
                continue
        else:
            out = io.StringIO()
            command, action = name.split()
            extra = ["incidents", "--by", "region"] if action == "release" else ["--by", "region"]
            call_command(command, action, *extra, "--json", stdout=out)
            body = out.getvalue()
        answer = json.loads(body)
        cells = [cell for cell in _dicts(answer) if "Northern Africa" in cell.values()]
        if name == "api:stats-sdg-10-7-3":  # the figures of the region asked for
            cells = [answer]
        assert cells, name
        for cell in cells:
            # A zero is published (nobody is in it); the 3 and any total holding it are not.
            for part in ("dead", "missing", "total", "value", "incidents"):
                assert cell.get(part) in (None, 0), (name, cell)
            assert cell.get("total") is None and cell.get("value") is None, (name, cell)


def _dicts(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for inner in value.values():
            yield from _dicts(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _dicts(inner)
