"""Data vocabularies: each app's are found, every label is translated, the filter shows them."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template
from django.utils import translation

from waypost.core import vocabularies
from waypost.core.tests.test_vocabulary_pages import COGNATES, LATIN, cldr_words, words
from waypost.formats.mmp import read_mmp


def test_each_app_brings_its_own_vocabularies():
    names = set(vocabularies.registered())

    assert {
        "core.country",
        "core.language",
        "accounts.role",
        "protection.purpose",
        "protection.data_category",
        "tracing.found_at",
        "tracing.contact_means",
        "incidents.cause",
        "incidents.region",
        "incidents.route",
        "incidents.review_reason",
        "reporting.violation",
        "jobs.result.incidents.import_mmp",
    } <= names
    with pytest.raises(ImproperlyConfigured):
        vocabularies.vocabulary("incidents.nothing")


@pytest.mark.parametrize(
    ("language", "sudan", "tigrinya", "arabic"),
    [
        ("en", "Sudan", "Tigrinya", "Arabic"),
        ("fr", "Soudan", "tigrigna", "arabe"),
        ("es", "Sudán", "tigriña", "árabe"),
        ("ar", "السودان", "التغرينية", "العربية"),
    ],
)
def test_countries_and_languages_are_named_as_cldr_names_them(language, sudan, tigrinya, arabic):
    with translation.override(language):
        assert vocabularies.label("core.country", "SDN") == sudan
        assert vocabularies.label("core.country", "sdn") == sudan
        assert vocabularies.label("core.language", "ti") == tigrinya
        assert vocabularies.label("core.language", "ara") == arabic
        assert vocabularies.label("core.country", "XXX") is None
        assert vocabularies.label("core.language", "") is None


def test_countries_are_offered_in_the_readers_alphabetical_order():
    with translation.override("fr"):
        names = [name for _, name in vocabularies.choices("core.country")]

    assert names.index("Égypte") < names.index("Érythrée") < names.index("Espagne")
    assert names.index("Équateur") < names.index("Zambie")


def test_every_country_and_language_a_person_chooses_has_a_name_in_each_language():
    from waypost.tracing.forms import ISO_639_1

    for language in ("fr", "es", "ar"):
        with translation.override(language):
            countries = vocabularies.vocabulary("core.country").codes()
            assert [c for c in countries if not vocabularies.label("core.country", c)] == []
            assert [c for c in ISO_639_1 if not vocabularies.label("core.language", c)] == []


NOTHING = re.compile(r"(?!)")


@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_every_label_of_every_vocabulary_is_translated(language):
    """As on the pages (test_vocabulary_pages), for every code, shown in the demo or not."""
    accepted = COGNATES[language] | cldr_words(language)
    left = []
    for name, vocabulary in vocabularies.registered().items():
        if not isinstance(vocabulary, vocabularies.Terms):
            continue
        for code in vocabulary.codes():
            with translation.override("en"):
                english = {w.casefold() for w in words([vocabulary.label(code) or ""], NOTHING)}
            with translation.override(language):
                shown = words([vocabulary.label(code) or ""], NOTHING)
            if language == "ar":
                same = {run for w in shown for run in LATIN.findall(w)}
            else:
                same = {w for w in shown if w.casefold() in english}
            same = {w for w in same if w.casefold() not in accepted}
            if same:
                left.append((name, code, sorted(same)))

    assert left == []


def render(template: str, **context: object) -> str:
    return Template(template).render(Context(context))


def test_the_vocab_filter_names_codes_and_isolates_what_it_does_not_know():
    with translation.override("fr"):
        assert render('{{ v|vocab:"incidents.route" }}', v="Central Mediterranean") == (
            "Méditerranée centrale"
        )
        assert (
            render('{{ v|vocab:"incidents.route" }}', v="Bateau <b>")
            == "<bdi>Bateau &lt;b&gt;</bdi>"
        )
        assert render('{{ v|vocab:"incidents.region" }}', v="") == "—"
        # A list, and MMP's several categories in one cell.
        assert render('{{ v|vocab:"incidents.cause" }}', v=["Drowning", "Violence"]) == (
            "Noyade, Violence"
        )
        assert render('{{ v|vocab:"incidents.region" }}', v="Mediterranean,North America") == (
            "Méditerranée, Amérique du Nord"
        )
        assert render('{{ v|vocab:"incidents.origin_region" }}', v="Sub-Saharan Africa (P)") == (
            "Afrique subsaharienne (présumée)"
        )
        assert render('{{ v|vocab:"core.country" }}', v="TUR") == "Turquie"


def test_every_category_in_mmps_current_exports_has_a_name_in_each_language(mmp_data):
    """The 2025 and 2026 exports use MMP's current categories: each is in a vocabulary."""
    unknown: set[tuple[str, str]] = set()
    for name in (
        "Missing_Migrants_Global_Figures_allData_2025-04.xlsx",
        "MissingMigrants-Global-2026-05-06--19_42_11.csv",
    ):
        for incident in read_mmp(mmp_data / name).incidents:
            values = [
                ("incidents.region", incident.region),
                ("incidents.region", incident.subregion),
                ("incidents.region", incident.un_region),
                ("incidents.origin_region", incident.origin_region),
                ("incidents.route", incident.route),
                ("incidents.incident_type", incident.incident_type),
            ]
            # Several categories in one cell are joined by commas; causes come parsed
            # (one of them holds commas of its own).
            parts = [(v, part.strip()) for v, value in values if value for part in value.split(",")]
            parts += [("incidents.cause", cause) for cause in incident.causes]
            unknown |= {(v, part) for v, part in parts if vocabularies.label(v, part) is None}

    assert unknown == set()
