"""The home page's detention work lists carry their counts, naming no one."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from django.utils import timezone

from waypost.accounts.roles import OrganisationKind, Role
from waypost.detention import services


def _card_count(home: str, title: str) -> str | None:
    """The "N waiting" figure of the card titled ``title`` on the home page."""
    start = home.index(title)
    end = home.find("</li>", start)
    end = len(home) if end == -1 else end
    found = re.search(r'class="card-count"><strong>(\d+) waiting', home[start:end])
    return found.group(1) if found else None


def test_the_children_card_counts_the_children_held_now(
    client, monitor, facility, make_organisation, make_user
):
    client.force_login(monitor)
    assert _card_count(client.get("/en/").content.decode(), "Children in detention") == "0"

    held = services.detention_create(
        actor=monitor,
        person={"name": "Yonasmarker", "age": 16, "nationality": "ERI"},
        facility=facility,
        arrested_at=timezone.now() - timedelta(hours=2),
    )
    services.detention_create(
        actor=monitor,
        person={"name": "Adultmarker", "age": 30, "nationality": "ERI"},
        facility=facility,
        arrested_at=timezone.now() - timedelta(hours=2),
    )

    home = client.get("/en/").content.decode()
    assert _card_count(home, "Children in detention") == "1"
    assert "Yonasmarker" not in home

    # Released: no longer counted.
    services.detention_release(actor=monitor, detention=held, at=timezone.now(), kind="released")
    assert _card_count(client.get("/en/").content.decode(), "Children in detention") == "0"

    # Another organisation's home does not count this organisation's children.
    services.detention_create(
        actor=monitor,
        person={"name": "Othermarker", "age": 12, "nationality": "ERI"},
        facility=facility,
        arrested_at=timezone.now() - timedelta(hours=2),
    )
    other = make_user(make_organisation(kind=OrganisationKind.NGO, name="Other"), Role.CASEWORKER)
    client.force_login(other)
    assert _card_count(client.get("/en/").content.decode(), "Children in detention") == "0"


def test_the_consular_card_counts_the_overdue_notifications(client, monitor, facility):
    # A Chinese national in the United States: mandatory, 72 hours (the starting set).
    services.detention_create(
        actor=monitor,
        person={"name": "Wangmarker", "age": 30, "nationality": "CHN"},
        facility=facility,
        arrested_at=datetime.now(tz=UTC) - timedelta(hours=80),
    )
    client.force_login(monitor)

    home = client.get("/en/").content.decode()

    assert _card_count(home, "Consular notifications overdue") == "1"
    assert "Wangmarker" not in home
