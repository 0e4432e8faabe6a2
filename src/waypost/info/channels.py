"""Answers to a messaging flow (RapidPro, Telerivet-style gateways): SMS, WhatsApp, Telegram.

The flow calls the webhook with the contact's URN, what they sent and their language; the
answer is built here, from the deployment's own directory and articles, and returned in
the response: nothing is sent to another service, no model outside is asked, the
conversation does not leave the deployment. The URN is reduced to a keyed hash at once
(``services.contact_hash``) and counted; it is stored and logged nowhere.

Right to left. RapidPro's issue #63: a contact's name or a number substituted into an
Arabic message broke its order, because a message that starts with a Latin name takes a
left-to-right direction, and a number next to Latin letters joins their run. Here every
substituted value is wrapped in a first-strong isolate (U+2068 … U+2069), so it keeps its
place as a unit whatever its script, and a message in a right-to-left language begins with
a right-to-left mark (U+200F), so it is laid out right to left even when a value comes
first (Unicode bidirectional algorithm, UAX #9, rules X5c and P2-P3).
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from waypost.info import languages, selectors, services
from waypost.info.models import Channel, Topic

FSI, PDI, RLM = "\u2068", "\u2069", "\u200f"
MAX_SERVICES = 3

SERVICE_WORDS = {
    "services",
    "service",
    "help",
    "aide",
    "ayuda",
    "servicios",
    "خدمات",
    "خدمة",
    "مساعدة",
}
REPORT_WORDS = {"report", "abuse", "signaler", "denunciar", "بلاغ", "إبلاغ", "ابلاغ"}
TOPIC_WORDS = {
    "rights": Topic.RIGHTS,
    "droits": Topic.RIGHTS,
    "derechos": Topic.RIGHTS,
    "حقوق": Topic.RIGHTS,
    "asylum": Topic.ASYLUM,
    "asile": Topic.ASYLUM,
    "asilo": Topic.ASYLUM,
    "لجوء": Topic.ASYLUM,
    "return": Topic.RETURN,
    "retour": Topic.RETURN,
    "retorno": Topic.RETURN,
    "عودة": Topic.RETURN,
    "missing": Topic.MISSING,
    "disparu": Topic.MISSING,
    "desaparecido": Topic.MISSING,
    "مفقود": Topic.MISSING,
    "risks": Topic.RISKS,
    "risques": Topic.RISKS,
    "riesgos": Topic.RISKS,
    "مخاطر": Topic.RISKS,
    "pathways": Topic.PATHWAYS,
    "consular": Topic.CONSULAR,
    "health": Topic.HEALTH,
}
SERVICE_TYPE_WORDS = {
    "health": "health",
    "santé": "health",
    "salud": "health",
    "صحة": "health",
    "shelter": "shelter",
    "abri": "shelter",
    "albergue": "shelter",
    "مأوى": "shelter",
    "legal": "legal",
    "juridique": "legal",
    "قانوني": "legal",
    "tracing": "family_tracing",
    "children": "child_protection",
    "أطفال": "child_protection",
}


def isolate(value: Any) -> str:
    """A substituted value as one unit in any direction of text around it."""
    return f"{FSI}{value}{PDI}"


def interpolate(template: str, values: dict[str, Any], language: str) -> str:
    """``template % values`` with each value isolated, the message's direction set."""
    text = template % {key: isolate(value) for key, value in values.items()}
    return RLM + text if languages.direction(language) == "rtl" else text


def _message_language(language: str) -> str:
    """The interface language the fixed sentences are written in (content may be in more)."""
    code = language.split("-")[0]
    return code if code in dict(settings.LANGUAGES) else "en"


def _channel(urn: str) -> str:
    scheme = urn.partition(":")[0].lower()
    return {
        "tel": Channel.SMS,
        "whatsapp": Channel.WHATSAPP,
        "telegram": Channel.TELEGRAM,
    }.get(scheme, Channel.OTHER)


def _location(value: Any) -> tuple[float, float] | None:
    if isinstance(value, dict):
        return selectors.parse_near(f"{value.get('lat')},{value.get('lon')}")
    if isinstance(value, str):
        near = selectors.parse_near(value.replace(" ", ""))
        if near:
            return near
        place = value.strip().casefold()
        for point in selectors.points_public():
            if point.place.casefold() == place and point.latitude is not None:
                return point.latitude, point.longitude  # type: ignore[return-value]
        for service in selectors.services_search(selectors.ServiceQuery()):
            location = service["location"]
            if (location["place"] or "").casefold() == place and location["lat"] is not None:
                return location["lat"], location["lon"]
    return None


def _words(text: str) -> list[str]:
    return [word for word in re.split(r"[\s,.;:!?؟،]+", text.casefold()) if word]


def understand(text: str) -> tuple[str, str]:
    """``(intent, detail)``: ``services``/type, ``article``/topic, ``report``, or ``menu``."""
    for word in _words(text):
        if word in SERVICE_TYPE_WORDS:
            return "services", SERVICE_TYPE_WORDS[word]
        if word in SERVICE_WORDS:
            return "services", ""
        if word in REPORT_WORDS:
            return "report", ""
        if word in TOPIC_WORDS:
            return "article", TOPIC_WORDS[word]
    return "menu", ""


def _services_messages(
    language: str, service_type: str, near: tuple[float, float] | None, base_url: str
) -> list[str]:
    found = selectors.services_search(
        selectors.ServiceQuery(near=near, language=language, type=service_type)
    )[:MAX_SERVICES]
    if not found:
        return [interpolate(_("No service found. See %(link)s"), {"link": base_url}, language)]
    messages = []
    for service in found:
        values = {"name": service["name"], "place": service["location"]["place"] or "—"}
        if service["distance_km"] is not None:
            values["distance"] = f"{service['distance_km']:.1f}"
            template = _("%(name)s, %(place)s: %(distance)s km")
        else:
            template = _("%(name)s, %(place)s")
        message = interpolate(template, values, language)
        if service["contact"]:
            message += "\n" + interpolate(
                _("Contact: %(contact)s"), {"contact": service["contact"]}, language
            )
        messages.append(message)
    return messages


def _article_messages(language: str, topic: str, base_url: str) -> list[str]:
    articles = list(selectors.articles_published(language=language, topic=topic)) or list(
        selectors.articles_published(topic=topic)
    )
    if not articles:
        return [interpolate(_("Read more: %(link)s"), {"link": base_url}, language)]
    article = selectors.article_output(articles[0], language)
    summary = article["summary"] or article["body"][:300]
    link = f"{base_url}articles/{article['id']}/"
    return [
        interpolate(
            "%(title)s\n%(summary)s", {"title": article["title"], "summary": summary}, language
        ),
        interpolate(_("Read more: %(link)s"), {"link": link}, language),
    ]


def reply(
    *,
    urn: str,
    text: str,
    language: str,
    location: Any = None,
    site: str,
) -> dict[str, list[str]]:
    """The messages for the flow to send back; the question counted without the contact."""
    language = languages.normalise(language) or "en"
    intent, detail = understand(text)
    near = _location(location)
    with translation.override(_message_language(language)):
        base_url = site + reverse("info:index")
        if intent == "services":
            messages = _services_messages(language, detail, near, base_url)
        elif intent == "article":
            messages = _article_messages(language, detail, base_url)
        elif intent == "report":
            messages = [
                interpolate(
                    _("To report abuse in confidence, without an account: %(link)s"),
                    {"link": site + reverse("reporting:start")},
                    language,
                )
            ]
        else:
            messages = [
                interpolate(
                    _(
                        "Send %(services)s for services near you, %(rights)s for your rights, "
                        "%(report)s to report abuse."
                    ),
                    {"services": "SERVICES", "rights": "RIGHTS", "report": "REPORT"},
                    language,
                )
            ]
    services.question_count(
        channel=_channel(urn),
        topic=detail or intent,
        language=language,
        urn=urn,
        point=selectors.nearest_point(*near) if near else None,
    )
    return {"messages": messages}
