"""Demo: families' reports at the NGO in Latin script, and found persons and remains recorded
elsewhere in Arabic script, shared for tracing and identification, so candidates appear.

Every candidate is the matching engine's: records are entered through the services, which
match each one as it arrives, as in use. Beside the people found, a few records make the
weaker candidates a reviewer meets: a brother found alive (family name, birth year and
nationality shared) and remains known only by a name and sex. The NGO and the forensic
service share for identification both ways, and the reports whose remains the service
holds carry a dental chart its postmortem chart agrees with: both sit on the
identification board of those candidates.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from waypost.demo import DemoContext
from waypost.protection import services as protection
from waypost.protection.models import SharingAgreement
from waypost.tracing import services
from waypost.tracing.models import FoundPerson, MissingPersonReport, UnidentifiedRemains


def load(context: DemoContext) -> None:
    ngo = context.organisations["tracing-ngo"]
    if MissingPersonReport.objects.filter(organisation=ngo).exists():
        return
    context.progress("Adding demo tracing records…")
    office, forensic = context.organisations["international"], context.organisations["forensic"]
    if not SharingAgreement.objects.filter(provider=office, recipient=ngo).exists():
        protection.agreement_grant(provider=office, recipient=ngo, purpose="tracing")
        protection.agreement_grant(provider=forensic, recipient=ngo, purpose="identification")
        # The forensic service sees the families' reports its remains may be, so that both
        # sit on the identification board (docs/tracing.md).
        protection.agreement_grant(provider=ngo, recipient=forensic, purpose="identification")
    rng = context.rng
    men = [n for n in context.names if n.part == "given_male" and n.arabic]
    women = [n for n in context.names if n.part == "given_female" and n.arabic]
    families = [n for n in context.names if n.part == "family" and n.arabic]
    nationalities = ["SDN", "ERI", "SYR", "MLI", "GIN", "AFG", "SOM"]
    places = ["Agadez", "Kufra", "Sabha", "Zuwara", "Sfax", "Oujda", "Lampedusa"]
    sought = []
    for number in range(12):
        given = rng.choice(women if number % 3 == 0 else men)
        family = rng.choice(families)
        sex = "F" if number % 3 == 0 else "M"
        year = rng.randint(1985, 2006)
        nationality = rng.choice(nationalities)
        sought.append((given, family, sex, year, nationality))
        services.record_create(
            actor=None,
            model=MissingPersonReport,
            organisation_id=ngo.pk,
            name=f"{given.latin} {family.latin}",
            sex=sex,
            birth_date=str(year),
            nationality=nationality,
            place=rng.choice(places),
            description="Last call from the coast; blue backpack.",
            enquirer_phone=f"+227 9{rng.randint(0, 9)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            enquirer={
                "name": rng.choice(families).latin,
                "relationship": "brother",
                "language": "ar",
            },
            antemortem=_antemortem(number),
        )
        if number % 2 == 0:  # half of them were found, recorded in Arabic script elsewhere
            services.record_create(
                actor=None,
                model=FoundPerson,
                organisation_id=office.pk,
                name=f"{given.arabic} {family.arabic}",
                sex=sex,
                birth_date=f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                nationality=nationality,
                place="Reception centre, Lampedusa",
                found_at_kind="reception",
                share_consent="organisations",
            )
        elif number % 5 == 1:
            services.record_create(
                actor=None,
                model=UnidentifiedRemains,
                organisation_id=forensic.pk,
                name=f"{given.latin} {family.latin[:-1]}",
                sex=sex,
                age_min=2024 - year - 3,
                age_max=2024 - year + 3,
                age_date="2024-06-01",
                recovery_date=date(2024, 6, 1),
                place="Shore near Zuwara",
                details={"effects": "ID card fragment, green scarf"},
                postmortem=_postmortem(number),
            )

    _weaker_candidates(context, sought)
    _case_lifecycle(context, sought)


# The dentist's chart a family brought (FDI notation), for the people whose remains the
# forensic service holds: the remains' chart agrees, with one tooth filled since.
_DENTAL = {"11": "sound", "16": "filled", "21": "sound", "26": "crown", "36": "missing"}


def _antemortem(number: int) -> dict[str, Any]:
    if number % 2 == 0 or number % 5 != 1:
        return {}
    return {
        "height_cm": [170, 176],
        "dental": _DENTAL,
        "dna_references": [
            {"relationship": "mother", "kit": f"KIT-{number:04d}", "laboratory": "ICMP"}
        ],
    }


def _postmortem(number: int) -> dict[str, Any]:
    return {
        "pm_number": f"PM-2024-{100 + number}",
        "dental": {**_DENTAL, "21": "filled"},
        "examination": {"stature_cm": [168, 178]},
        "samples": [{"type": "femur", "laboratory_ref": f"ICMP-B-{9900 + number}"}],
        "burial": {
            "cemetery": "Zuwara municipal cemetery",
            "plot": f"C-{number}",
            "marker": str(100 + number),
        },
    }


def _weaker_candidates(context: DemoContext, sought: list[tuple[Any, Any, str, int, str]]) -> None:
    """Records that the engine finds weaker candidates for (their own random numbers, so that
    the records above stay what they were)."""
    rng = random.Random(41)  # noqa: S311 - demo data
    men = [n for n in context.names if n.part == "given_male" and n.arabic]
    office, forensic = context.organisations["international"], context.organisations["forensic"]
    for number in (1, 7):  # a brother of the person sought, found alive
        given, family, _sex, year, nationality = sought[number]
        brother = rng.choice([n for n in men if n.latin != given.latin])
        services.record_create(
            actor=None,
            model=FoundPerson,
            organisation_id=office.pk,
            name=f"{brother.arabic} {family.arabic}",
            sex="M",
            birth_date=str(year),
            nationality=nationality,
            place="Hospital, Medenine",
            found_at_kind="hospital",
            share_consent="organisations",
        )
    for number in (4, 10):  # remains with a name (a document found on them) and sex only
        given, family, sex, _year, _nationality = sought[number]
        services.record_create(
            actor=None,
            model=UnidentifiedRemains,
            organisation_id=forensic.pk,
            name=f"{given.latin} {family.latin}",
            sex=sex,
            recovery_date=date(2025, 9, 14),
            details={"effects": "Water-damaged student card"},
        )


def _case_lifecycle(context: DemoContext, sought: list[tuple[Any, Any, str, int, str]]) -> None:
    """Issue 32: the caseworker's caseload (one family overdue for news), a second relative's
    report of the same person (a possible duplicate), a support referral, and a person found
    alive who allows their family to know only that they are alive, with their message."""
    ngo, office = context.organisations["tracing-ngo"], context.organisations["international"]
    caseworker = context.users["caseworker"]
    today = timezone.localdate()
    reports = list(MissingPersonReport.objects.filter(organisation=ngo).order_by("pk")[:4])
    for number, report in enumerate(reports):
        services.report_schedule(
            actor=caseworker,
            report=report,
            assigned_to=caseworker,
            next_update_due=today + timedelta(days=-3 if number == 0 else 14 * number),
        )
    services.support_referral_add(
        actor=caseworker,
        report=reports[0],
        to_whom="Family support group, Niamey",
        referred_on=today - timedelta(days=10),
    )
    given, family, sex, year, nationality = sought[2]
    services.record_create(
        actor=None,
        model=MissingPersonReport,
        organisation_id=ngo.pk,
        name=f"{given.latin} {family.latin}",
        sex=sex,
        birth_date=str(year),
        nationality=nationality,
        place="Sabha",
        enquirer={"name": "Halima", "relationship": "sister", "language": "fr"},
    )
    given, family, sex, year, nationality = sought[3]
    services.record_create(
        actor=None,
        model=FoundPerson,
        organisation_id=office.pk,
        name=f"{given.arabic} {family.arabic}",
        sex=sex,
        birth_date=str(year),
        nationality=nationality,
        place="Shelter, Medenine",
        found_at_kind="shelter",
        # Shared with organisations (the NGO sees why it may be him), but the family may
        # learn only that he is alive: the place is left out of everything they read.
        found_consents=["family_alive", "tracing"],
        message="I am safe and well. Do not worry about me; I will call when I can.",
    )
