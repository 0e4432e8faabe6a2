"""Demo: a service directory, screenings at Lampedusa and Agadez, and referrals both ways.

The NGO's caseworker screens an unaccompanied 15-year-old (referred to a child-protection
service at once), a woman travelling with strangers, and a young man whose age is being
assessed, and asks the international office to take over the woman's case; the national
human rights commission refers a man to the NGO's shelter, and that
referral is overdue, so the NGO's inbox shows the alert.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from waypost.demo import DemoContext
from waypost.screening import services
from waypost.screening.models import Referral, Service


def load(context: DemoContext) -> None:
    ngo = context.organisations["tracing-ngo"]
    if Service.objects.filter(organisation=ngo).exists():
        return
    context.progress("Adding demo screenings and referrals…")
    office = context.organisations["international"]
    caseworker, nhri_worker = context.users["caseworker"], context.users["nhri"]
    child_desk = services.service_create(
        actor=None,
        organisation=office,
        names={
            "en": "Child protection desk",
            "fr": "Bureau de protection de l'enfance",
            "es": "Oficina de protección de la infancia",
            "ar": "مكتب حماية الطفل",
        },
        type="child_protection",
        languages=["ar", "en", "fr", "ti"],
        place="Lampedusa",
        latitude=35.5017,
        longitude=12.6056,
        hours="08:00-20:00",
        eligibility={"age_max": 17},
        capacity=40,
        contact="+39 0922 000 000",
        status="published",
    )
    services.service_create(
        actor=None,
        organisation=office,
        names={"en": "Legal counselling", "fr": "Conseil juridique", "ar": "استشارة قانونية"},
        type="legal",
        languages=["en", "fr", "ar"],
        place="Agrigento",
        status="published",
    )
    shelter = services.service_create(
        actor=None,
        organisation=ngo,
        names={"en": "Night shelter", "fr": "Abri de nuit", "es": "Albergue", "ar": "مأوى ليلي"},
        type="shelter",
        languages=["fr", "ar", "ha"],
        place="Agadez",
        capacity=25,
        status="published",
    )
    consent = {"given_by": "", "date": timezone.localdate(), "purposes": ["protection_referral"]}
    child = services.screening_create(
        actor=caseworker,
        person={
            "name": "يوناس تسفاي",
            "sex": "M",
            "age": 15,
            "nationality": "ERI",
            "languages": ["ti", "ar"],
        },
        travelling="alone",
        place="Lampedusa hotspot",
        language="ti",
        interpreter=True,
        concerns=["family_lost", "psychological_distress"],
        trafficking=["debt"],
    )
    services.referral_create(
        actor=caseworker,
        screening=child,
        service=child_desk,
        priority="emergency",
        shared_fields=["name", "age", "languages", "specific_needs"],
        consent={**consent, "given_by": "Guardian ad interim, Comune di Lampedusa"},
    )
    woman = services.screening_create(
        actor=caseworker,
        person={
            "name": "Awa Diallo",
            "sex": "F",
            "birth_date": "1999",
            "nationality": "GIN",
            "languages": ["fr"],
        },
        travelling="non_family",
        place="Agadez transit centre",
        concerns=["woman_at_risk", "sexual_violence"],
        washington_group={"walking": 3},
    )
    # Her case is to be taken over by the international office, which has not answered.
    services.transfer_request(
        actor=caseworker,
        person=woman.person,
        recipient=office,
        consent={**consent, "given_by": "Awa Diallo"},
        note="She travels on to Lampedusa, where the office follows survivors.",
    )
    young = services.screening_create(
        actor=caseworker,
        person={
            "name": "Ibrahim Musa",
            "sex": "M",
            "age": 19,
            "nationality": "NGA",
            "languages": ["ha", "en"],
        },
        travelling="non_family",
        place="Agadez transit centre",
        concerns=["no_documents"],
    )
    services.age_assessment_save(
        actor=caseworker,
        person=young.person,
        methods=["documents", "interview"],
        age_min=16,
        age_max=19,
    )
    adult = services.screening_create(
        actor=nhri_worker,
        person={
            "name": "Hamid Rahimi",
            "sex": "M",
            "age": 31,
            "nationality": "AFG",
            "languages": ["fa"],
        },
        travelling="alone",
        place="Tunis",
        concerns=["torture_survivor"],
    )
    late = services.referral_create(
        actor=nhri_worker,
        screening=adult,
        service=shelter,
        priority="urgent",
        shared_fields=["name", "sex", "languages"],
        consent={**consent, "given_by": "Hamid Rahimi"},
    )
    # Sent four days ago: its 72 hours are past, so the NGO's inbox shows it overdue.
    sent = timezone.now() - timedelta(days=4)
    Referral.objects.filter(pk=late.pk).update(created_at=sent, due_at=sent + timedelta(hours=72))
