"""No English left on the French, Spanish and Arabic pages of the nine demo roles.

Each role signs in to the demo and goes where its pages lead: the dashboard, every page it
links to, and through those the detail pages of demo records (a few of each kind). Every
page is rendered in English, then in French, Spanish and Arabic, and its visible words are
compared: a word of the English page found on the French or Spanish page fails, unless it
is a true cognate listed below; on an Arabic page any word in Latin letters fails.

What is not a word of the interface is left out, by the marks the templates give it:
scripts and styles; text people typed, which pages show in a ``<bdi>`` (``|isolate``), an
element with ``dir="auto"`` (``|no_bidi``) or a text box; ``translate="no"``, ``<code>``
(commands, audit codes) and text in another language (``lang``: the language menu).
Names of people, organisations and logins are taken from the database and removed, and so
are options whose value is a row's number (a ``<select>`` option cannot hold a ``<bdi>``). Tokens with a digit (identifiers, dates,
"M49") and capitals-only tokens (codes and acronyms: MMP, HXL, SDN, a receipt's letters)
are not words. A country or language name CLDR writes the same way in both languages is
the right name (the French for "Mali" is "Mali"), so the words of CLDR's names in the
page's language are accepted too.

A stored code shown as typed would be left out as user text; so, whatever the marks, no
English label of a registered vocabulary (core/vocabularies.py) may appear on a translated
page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from babel import Locale
from django.urls import Resolver404, resolve
from django.utils import translation

from waypost.accounts.models import Organisation, User
from waypost.conftest import VerifiedClient
from waypost.core import vocabularies
from waypost.demo import DEMO_USERS, load_demo

pytestmark = pytest.mark.django_db

TRANSLATED = ("fr", "es", "ar")

# True cognates: the same word, with the same meaning, in English and in the language.
# Nothing else belongs here; a word that needs translating is translated.
# Words the same in English and in the language: names (the product's, formats', places in
# examples and in MMP's route names) and true cognates, same word and same meaning. Nothing
# else belongs here; a word that needs translating is translated.
NAMES = {"waypost", "geojson", "webp", "internet", "naf", "sfax"}
# The spellings of one name in the tracing search's help, the example of what it finds.
NAMES |= {"mohamed", "muhammad", "محمد"}
# The Washington Group on Disability Statistics, whose Short Set the screening asks.
NAMES |= {"washington"}
# The UN Standard Minimum Rules for the Treatment of Prisoners, which the UN's own French,
# Spanish and Arabic texts call the Nelson Mandela Rules (detention register, docs/detention.md).
NAMES |= {"nelson", "mandela"}
# The World Bank's dataset keeps its English name in every language (its own French,
# Spanish and Arabic pages call it "Remittance Prices Worldwide").
NAMES |= {"remittance", "prices", "worldwide", "smart"}  # and its SmaRT index
# Web browsers, named on the sessions page as their makers name them in every language.
NAMES |= {"edge", "opera", "firefox", "chrome", "safari"}
# UNHCR's registration software, named in the screening's list of specific needs codes.
NAMES |= {"progres"}
# The EU border agency, named as itself in every language.
NAMES |= {"frontex"}
# Places of the information pages' demo and the messaging service people use there.
NAMES |= {"agadez", "tripoli", "whatsapp"}
NOTATION = {"id"}  # "type:id", the audit log's way of naming a record
COGNATES = {
    "fr": NAMES
    | NOTATION
    | {
        # the information pages (issue 35): "articles", "point d'information", "audio"...
        "accessible",
        "action",
        "alternative",  # "mesure alternative"
        "application",  # an app
        "article",
        "articles",
        "assistance",
        "audio",
        "comment",  # "dites comment cela s'est passé"
        "commission",
        "consultations",
        "contacts",
        "danger",
        "directive",  # the EU's Directive 2019/1937
        "km",
        "place",  # "en place"
        "point",
        "port",
        "a",  # "il y a", "a été"
        "abdomen",
        "accident",
        "actions",
        "active",  # "Active : ses membres..." (an organisation)
        "anomalies",
        "balkans",
        "bridge",  # a dental bridge
        "cause",
        "causes",
        "centre",
        "change",  # "ne change aucun chiffre"
        "cm",  # the unit
        "code",
        "codes",
        "collective",
        "conditions",
        "conclusion",  # a laboratory's conclusion
        "confirmation",
        "contact",
        "corridor",  # "corridor de transfert de fonds", the World Bank's French term
        "corridors",
        "cousin",
        "crime",
        "date",
        "dates",
        "description",
        "destination",
        "document",
        "dollars",  # "200 dollars des États-Unis"
        "documentation",
        "documents",
        "europe",
        "exhumation",
        "expire",
        "exclusion",  # a DNA exclusion
        "exploitation",
        "export",
        "exports",
        "expulsion",
        "force",  # "recours à la force"
        "format",
        "guide",  # "l'intérêt supérieur de l'enfant guide chaque décision"
        "fractures",
        "homicide",
        "identification",
        "images",
        "implant",
        "implants",
        "import",
        "incident",
        "incidents",
        "information",  # "Information" (the information pages, issue 35)
        "installation",
        "institution",
        "intervention",
        "interventions",
        "kit",  # "kit de prélèvement"
        "latitude",
        "longitude",
        "menu",
        "message",
        "messages",
        "migrants",
        "migration",
        "mobile",  # "argent mobile", "opérateur mobile"
        "module",
        "modules",
        "morgue",
        "mortem",  # "post-mortem"
        "non",  # "non gouvernementale"
        "notation",  # "notation FDI"
        "note",
        "notes",
        "oral",
        "organisation",
        "organisations",
        "page",
        "pages",
        "participant",
        "participants",
        "photo",
        "photos",
        "points",  # "points de pourcentage"
        "police",
        "possible",
        "post",
        "protection",
        "psychosocial",  # "soutien psychosocial": the same word
        "public",
        "questions",
        "quiz",  # "un quiz", the same word
        "rapporteur",  # the UN's own French title
        "refoulement",  # "non-refoulement", the same term in French and in English
        "route",
        "routes",
        "score",
        "scripts",
        "second",  # "second facteur"
        "service",
        "session",
        "services",
        "sessions",
        "site",  # a web site
        "source",
        "sources",
        "stature",
        "suicide",
        "test",  # "test initial"
        "torture",
        "total",
        "transit",
        "transport",
        "type",
        "types",
        "urgent",
        "version",
        "violation",
        "violence",
    },
    "es": NAMES
    | NOTATION
    | {
        "audio",  # "versión en audio" (the information pages, issue 35)
        "judicial",  # "revisión judicial"
        "km",
        "a",  # the preposition
        "abdomen",
        "accidental",
        "auditor",
        "civil",
        "consular",  # "acceso consular"
        "cm",  # the unit
        "error",
        "factor",  # "segundo factor"
        "general",
        "hash",  # Spanish computing keeps the word
        "hospital",
        "kit",  # "kit de muestra"
        "legal",
        "media",  # "media" (medium), as the English "media" is another word
        "morgue",
        "mortem",
        "natural",
        "no",
        "normal",
        "oral",
        "particular",  # "en particular"
        "personal",
        "post",
        "real",
        "regional",
        "scripts",  # Spanish computing keeps the word
        "sexual",
        "total",
        "u",  # "o" before a word starting with o
        "use",  # "use un seudónimo"
    },
    "ar": NAMES,
}

SKIPPED_ELEMENTS = {"script", "style", "head", "textarea", "code", "kbd", "samp", "bdi"}
VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
LATIN = re.compile(r"[A-Za-z]+")


class VisibleText(HTMLParser):
    """The text a person reads on a page, without what the module docstring leaves out."""

    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.language = language
        self.open: list[tuple[str, bool]] = []
        self.chunks: list[str] = []
        self.links: list[str] = []

    def _skipping(self) -> bool:
        return any(skipped for _, skipped in self.open)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        skipped = (
            tag in SKIPPED_ELEMENTS
            or attributes.get("translate") == "no"
            or attributes.get("dir") == "auto"
            or bool(attributes.get("lang"))
            and attributes["lang"] != self.language
            # An option whose value is a row's number names a record (an organisation, a
            # victim's pseudonym); an option whose value is a code is a vocabulary's word.
            or tag == "option"
            and attributes.get("value", "").isdigit()
        )
        if not skipped and not self._skipping():
            self.chunks += [attributes[name] for name in SHOWN_ATTRIBUTES if attributes.get(name)]
            if tag == "input" and attributes.get("type") in ("submit", "button"):
                self.chunks.append(attributes.get("value", ""))
        if tag not in VOID_ELEMENTS:
            self.open.append((tag, skipped))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._skipping():
            self.chunks.append(data)


def user_data() -> re.Pattern[str]:
    """Names people gave (organisations, people, logins), as whole words."""
    phrases = set(Organisation.objects.values_list("name", flat=True))
    for user in User.objects.all():
        phrases |= {user.username, user.get_full_name(), user.first_name, user.last_name}
    longest_first = sorted((phrase for phrase in phrases if phrase), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, longest_first)) + r")\b")


def words(chunks: list[str], remove: re.Pattern[str]) -> set[str]:
    found = set()
    for chunk in chunks:
        chunk = remove.sub(" ", chunk)
        for token in chunk.split():
            if any(character.isdigit() for character in token):
                continue
            for match in WORD.finditer(token):
                word = match.group(0)
                if not (len(word) > 1 and word.isupper()):
                    found.add(word)
    return found


def cldr_words(language: str) -> set[str]:
    """The words of CLDR's country and language names in ``language``."""
    locale = Locale.parse(language)
    names = [*locale.territories.values(), *locale.languages.values()]
    return {word.casefold() for name in names for word in WORD.findall(name)}


def parse(html: str, language: str) -> VisibleText:
    parser = VisibleText(language)
    parser.feed(html)
    return parser


# Links the crawl does not follow: they change something or lead off the pages.
NOT_FOLLOWED = {"accounts:logout", "set_language", "tracing:photo", "tracing:export"}
PAGES_PER_VIEW = 3


def crawl(client: VerifiedClient, starts: list[str]) -> list[str]:
    """The English pages reachable from ``starts`` (a few per view: detail pages of records)."""
    seen, per_view, pages = set(), defaultdict(int), []
    queue = list(starts)
    with translation.override("en"):
        while queue:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            try:
                match = resolve(urlsplit(path).path)
            except Resolver404:
                continue
            if match.view_name in NOT_FOLLOWED and not path.endswith(".html"):
                continue
            if per_view[match.view_name] >= PAGES_PER_VIEW:
                continue
            response = client.get(path)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            per_view[match.view_name] += 1
            pages.append(path)
            for link in parse(response.content.decode(), "en").links:
                target = urlsplit(link)
                if not target.netloc and target.path.startswith("/en/"):
                    queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return pages


def english_labels() -> set[str]:
    """The English labels (of two words or more) of every registered fixed vocabulary."""
    with translation.override("en"):
        return {
            label
            for vocabulary in vocabularies.registered().values()
            if isinstance(vocabulary, vocabularies.Terms)
            for code in vocabulary.codes()
            if len((label := vocabulary.label(code) or "").split()) >= 2
        }


def all_text(html: str) -> str:
    """Every text of the page, user text included: to find a vocabulary shown as typed."""
    text = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(text))


def untranslated(client: VerifiedClient, paths: list[str]) -> dict[str, list[str]]:
    """For each translated page with English left on it: the words, and any English label
    of a vocabulary (which isolating as user text would otherwise hide from the words)."""
    remove = user_data()
    accepted = {language: COGNATES[language] | cldr_words(language) for language in TRANSLATED}
    labels = english_labels()
    found: dict[str, list[str]] = {}
    for path in paths:
        english_html = client.get(path).content.decode()
        english = {word.casefold() for word in words(parse(english_html, "en").chunks, remove)}
        for language in TRANSLATED:
            translated_path = f"/{language}/{path.removeprefix('/en/')}"
            response = client.get(translated_path)
            assert response.status_code == 200, translated_path
            html = response.content.decode()
            shown = words(parse(html, language).chunks, remove)
            text = all_text(html)
            left_labels = {f"«{label}»" for label in labels if label in text}
            if language == "ar":
                # Latin letters inside an Arabic word too ("وWebP": "and WebP").
                latin = {run for word in shown for run in LATIN.findall(word)}
                left = {run for run in latin if run.casefold() not in accepted["ar"]}
            else:
                left = {
                    w
                    for w in shown
                    if w.casefold() in english and w.casefold() not in accepted[language]
                }
            if left or left_labels:
                found[translated_path] = sorted(left) + sorted(left_labels)
    return found


def assert_translated(client: VerifiedClient, paths: list[str]) -> None:
    left = untranslated(client, paths)
    if left:
        pytest.fail(
            "English left on translated pages:\n"
            + "\n".join(f"{path}: {' '.join(found)}" for path, found in left.items())
        )


def signed_in(username: str) -> VerifiedClient:
    client = VerifiedClient()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def demo() -> None:
    load_demo(progress=lambda message: None)


@pytest.mark.parametrize("username", list(DEMO_USERS))
def test_no_english_is_left_on_the_translated_pages_of_each_role(demo, username):
    client = signed_in(username)
    paths = crawl(client, ["/en/"])
    assert len(paths) > 3, paths

    assert_translated(client, paths)


def test_no_english_is_left_on_the_reporters_pages(demo):
    from waypost.reporting import services

    _, receipt = services.report_submit(
        submission=services.Submission(
            recipient_slug="demo-nhri",
            what_happened="Test",
            where="Sfax",
            when="2025",
            language="fr",
            country="TUN",
            harmed=["me"],
            harmed_count=None,
            perpetrator="authority",
            identity_name="",
            identity_contact="",
        )
    )
    client = VerifiedClient()
    assert client.post("/en/report/follow-up/", {"receipt": receipt}).status_code == 302
    starts = ["/en/report/", "/en/report/simple/", "/en/report/statistics/"]
    paths = crawl(client, [*starts, "/en/report/follow-up/", "/en/report/follow-up/status/"])
    assert "/en/report/follow-up/status/" in paths

    assert_translated(client, paths)
