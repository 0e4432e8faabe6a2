"""Demo: facilities in Tunisia and Italy, the human rights commission's detention records,
and one monitoring visit.

The commission (user ``nhri``) follows a Nigerian man who asked for his consulate four
days ago and whose consulate was never told (overdue), a 16-year-old held at the same
centre (flagged), a Sudanese asylum seeker (the consulate is blocked), and a man moved
from a border post to a removal centre, whose clocks started again at the transfer.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from waypost.demo import DemoContext
from waypost.detention import services
from waypost.detention.models import Detention

FACILITIES = [
    (
        "El Ouardia reception and orientation centre",
        "reception",
        "Ministry of the Interior",
        "TUN",
        120,
        36.7731,
        10.1825,
    ),
    ("Ben Guerdane border post", "border_post", "National Guard", "TUN", 20, 33.1380, 11.2196),
    ("CPR Ponte Galeria", "administrative", "Ministero dell'Interno", "ITA", 125, 41.8080, 12.3500),
]


def load(context: DemoContext) -> None:
    nhri = context.organisations["nhri"]
    if Detention.objects.filter(organisation=nhri).exists():
        return
    context.progress("Adding demo detentions…")
    worker = context.users["nhri"]
    facilities = {}
    for name, kind, authority, country, capacity, lat, lon in FACILITIES:
        facilities[name], _created = services.facility_save(
            actor=None,
            name=name,
            type=kind,
            authority=authority,
            country=country,
            capacity=capacity,
            latitude=lat,
            longitude=lon,
            source="Waypost demo",
        )
    centre = facilities["El Ouardia reception and orientation centre"]
    now = timezone.now().replace(second=0, microsecond=0)
    arrested = now - timedelta(days=4)
    man = services.detention_create(
        actor=worker,
        person={
            "name": "Chinedu Okafor",
            "sex": "M",
            "birth_date": "1994-06-02",
            "nationality": "NGA",
        },
        facility=centre,
        arrested_at=arrested,
        admitted_at=arrested + timedelta(hours=5),
        legal_basis="Law 1968-7, art. 23 (irregular entry)",
        reasons="No residence permit",
        authority="National Guard, Sfax district",
        arrest_place="Sfax, El Amra",
        injuries="none visible",
        ill_treatment="none reported",
        property=["phone", "wallet"],
        family=[],
        emergency_contact="A brother in Lagos (phone with the commission)",
        max_days=30,
    )
    services.event_record(
        actor=worker,
        detention=man,
        kind="informed",
        at=arrested + timedelta(hours=6),
        language="en",
        means="in person",
    )
    services.event_record(
        actor=worker, detention=man, kind="requested", at=arrested + timedelta(hours=6)
    )
    services.detention_create(
        actor=worker,
        person={"name": "Yonas Tesfay", "sex": "M", "age": 16, "nationality": "ERI"},
        facility=centre,
        arrested_at=now - timedelta(days=1),
        admitted_at=now - timedelta(hours=20),
        legal_basis="Law 1968-7, art. 23",
        arrest_place="Sfax port",
    )
    services.detention_create(
        actor=worker,
        person={
            "name": "Mohamed Adam Ishag",
            "sex": "M",
            "birth_date": "1991",
            "nationality": "SDN",
        },
        facility=centre,
        arrested_at=now - timedelta(days=2),
        legal_basis="Law 1968-7, art. 23",
        asylum_seeker=True,
    )
    moved = services.detention_create(
        actor=worker,
        person={
            "name": "Karim Mansouri",
            "sex": "M",
            "birth_date": "1999-01-15",
            "nationality": "DZA",
        },
        facility=facilities["Ben Guerdane border post"],
        arrested_at=now - timedelta(days=3),
        legal_basis="Law 1968-7, art. 23",
    )
    services.event_record(
        actor=worker, detention=moved, kind="family_notified", at=now - timedelta(days=3)
    )
    services.detention_transfer(
        actor=worker, detention=moved, facility=centre, at=now - timedelta(hours=10)
    )
    services.visit_create(
        actor=worker,
        facility=centre,
        visited_on=timezone.localdate() - timedelta(days=1),
        announced=False,
        access="partial",
        team=["Commission monitor", "Medical doctor"],
        findings=[
            {
                "aspect": "conditions",
                "standard": "Mandela Rules 13-17",
                "severity": "high",
                "text": "Dormitory for 40 holds 75; no ventilation.",
            },
            {
                "aspect": "procedures",
                "standard": "UNHCR Detention Guideline 4.3",
                "severity": "medium",
                "text": "No record of alternatives considered.",
            },
        ],
        recommendations=[
            {
                "addressee": "Ministry of the Interior",
                "text": "Bring occupancy within capacity.",
                "due_on": timezone.localdate() + timedelta(days=30),
            },
        ],
    )
