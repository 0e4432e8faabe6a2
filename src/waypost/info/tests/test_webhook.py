"""The messaging webhook: the shared secret, RapidPro-shaped requests, Arabic in the right
order with a number and a Latin name inside (RapidPro issue #63), the phone number in no
table and no log, and no conversation leaving the deployment."""

from __future__ import annotations

import logging
import socket

import pytest
from fpdf.bidi import BidiParagraph
from rest_framework.test import APIClient

from waypost.conftest import database_bytes
from waypost.info import channels
from waypost.info.models import Question

SECRET = "s3cret-flow-key"
PHONE = "+22790123456"
URL = "/api/v1/info/webhook/"

FSI, PDI, RLM = "\u2068", "\u2069", "\u200f"


def visual(text: str) -> str:
    """The text as the Unicode bidirectional algorithm lays it out, left to right on the
    screen, without the invisible controls: what a phone shows."""
    _logical, shown = BidiParagraph(text=text).get_all()
    return "".join(
        ch.character for ch in shown if ch.character not in (FSI, PDI, RLM, "\u2066", "\u2067")
    )


@pytest.fixture
def secret(settings):
    settings.INFO_WEBHOOK_SECRET = SECRET


def flow_call(body: dict, secret: str | None = SECRET):
    client = APIClient()
    headers = {"HTTP_X_WAYPOST_WEBHOOK_SECRET": secret} if secret is not None else {}
    return client.post(URL, body, format="json", **headers)


def test_without_the_secret_401(db, secret):
    body = {"urn": f"tel:{PHONE}", "text": "services", "language": "ar"}
    assert flow_call(body, secret=None).status_code == 401
    assert flow_call(body, secret="wrong").status_code == 401
    assert not Question.objects.exists()


def test_an_unconfigured_secret_refuses_everyone(db, settings):
    settings.INFO_WEBHOOK_SECRET = ""
    response = flow_call({"urn": f"tel:{PHONE}", "text": "help"}, secret="")
    assert response.status_code == 401


def test_a_rapidpro_request_gets_the_nearest_services_in_arabic(db, secret, directory):
    # The body a RapidPro "Call webhook" action posts, with the contact's fields.
    response = flow_call(
        {
            "urn": f"whatsapp:{PHONE[1:]}",
            "text": "صحة",
            "language": "ar",
            "location": "16.97,7.99",
        }
    )

    assert response.status_code == 200
    messages = response.json()["messages"]
    assert messages[0].startswith(RLM)
    assert "المركز الصحي في أغاديز" in messages[0]
    assert "عيادة طرابلس" in messages[1]  # Tripoli second, farther away
    assert f"{FSI}+227 20 44 00 00{PDI}" in messages[0]


def test_arabic_with_a_number_and_a_latin_name_is_laid_out_in_the_right_order():
    template = "%(name)s على بعد %(distance)s كم"  # "<name> is <distance> km away"
    values = {"name": "Croix-Rouge Agadez", "distance": "2.5"}

    ours = channels.interpolate(template, values, "ar")
    naive = template % values  # what RapidPro's substitution produced

    # Read on a phone, right to left: the name first (at the right), then "is", the
    # number, "km" at the left; the name and the number each keep their inner order.
    expected = "مك 2.5 دعب ىلع Croix-Rouge Agadez"
    assert visual(ours) == expected
    # Substituted without isolation the message starts with a Latin letter, so it is laid
    # out left to right and the Arabic words come out in the wrong order (issue #63).
    assert visual(naive) != expected
    assert visual(naive).startswith("Croix-Rouge Agadez")


def test_a_number_next_to_a_latin_name_inside_arabic_keeps_its_place():
    ours = channels.interpolate(
        "المأوى %(name)s يفتح الساعة %(hour)s", {"name": "Night Shelter", "hour": "20:00"}, "ar"
    )
    assert visual(ours) == "20:00 ةعاسلا حتفي Night Shelter ىوأملا"


def test_left_to_right_messages_have_no_right_to_left_mark():
    text = channels.interpolate(
        "%(name)s: %(distance)s km", {"name": "Clinic", "distance": 3}, "fr"
    )
    assert not text.startswith(RLM)
    assert visual(text) == "Clinic: 3 km"


def test_the_phone_number_is_in_no_table_and_no_log(
    transactional_db, secret, directory, tmp_path, caplog
):
    caplog.set_level(logging.DEBUG)
    for text in ("services", "droits", "report", "nothing I know"):
        assert flow_call({"urn": f"tel:{PHONE}", "text": text, "language": "fr"}).status_code == 200

    flow_call({"urn": f"whatsapp:{PHONE[1:]}", "text": "services", "language": "fr"})
    assert Question.objects.count() == 5
    # One person, by SMS and by WhatsApp: one distinct contact, and no number.
    assert Question.objects.values("contact_hash").distinct().count() == 1
    dump = database_bytes(tmp_path)
    for form in (PHONE, PHONE[1:], PHONE[4:]):
        assert form.encode() not in dump
    assert PHONE[4:] not in caplog.text


def test_each_intent_answers_and_is_counted_by_topic(db, secret, directory, rights_article, point):
    def ask(text: str, language: str = "en", **extra) -> list[str]:
        body = {"urn": "tel:+21891000000", "text": text, "language": language, **extra}
        return flow_call(body).json()["messages"]

    assert "Your rights" in ask("rights")[0]
    assert "/info/articles/" in ask("rights")[1]
    assert "/report/" in ask("report")[0]
    assert "SERVICES" in ask("hello")[0]
    assert "حقوقك" in ask("حقوق", "ar")[0]
    near_point = ask("services", location={"lat": 16.97, "lon": 7.99})
    assert "Agadez health post" in near_point[0]
    counted = set(Question.objects.values_list("topic", flat=True))
    assert {"rights", "report", "menu"} <= counted
    assert Question.objects.filter(point=point).count() == 1


def test_no_conversation_leaves_the_deployment(db, secret, directory, rights_article, monkeypatch):
    opened = []

    def refuse(self, address):  # any outgoing connection: a model, a gateway, a tracker
        opened.append(address)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    for text in ("services", "rights", "report", "hello"):
        assert flow_call({"urn": f"tel:{PHONE}", "text": text, "language": "ar"}).status_code == 200
    assert opened == []
