""" "Everything held about this person", as a person reads it: labels, names, no data dumps."""

from __future__ import annotations

import pytest

from waypost.conftest import PASSWORD
from waypost.tracing import services
from waypost.tracing.models import FoundPerson, MissingPersonReport, UnidentifiedRemains
from waypost.tracing.presentation import readable_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, caseworker):
    assert client.login(username=caseworker.username, password=PASSWORD)
    return client


@pytest.fixture
def report(caseworker):
    report = services.record_create(
        actor=caseworker,
        model=MissingPersonReport,
        name="Fatima Osman",
        sex="F",
        birth_date="1990",
        nationality="ERI",
        description="Green scarf",
        enquirer_phone="+249 912 000 000",
        enquirer={"name": "Adam Osman", "relationship": "brother", "language": "ti"},
        details={"languages": "ti, ar", "effects": "A ring"},
    )
    services.contact_log_add(actor=caseworker, report=report, means="phone", note="Called back")
    return report


def test_the_page_labels_every_value_in_the_readers_language(signed_in, report):
    page = signed_in.get(f"/fr/tracing/missing/{report.pk}/export.html").content.decode()

    for shown in (
        "<dt>Nationalité</dt><dd>Érythrée</dd>",
        "<dt>Sexe</dt><dd>Femme</dd>",
        "<dt>Statut</dt><dd>Ouverte</dd>",
        "<dt>Langue</dt><dd>tigrigna</dd>",
        "<dt>Langues parlées</dt><dd>tigrigna, arabe</dd>",
        "<dt>Effets personnels</dt>",
        "<dt>Moyen</dt><dd>Appel téléphonique</dd>",
        '<dd dir="auto">Fatima Osman</dd>',
        "Journal des contacts",
    ):
        assert shown in page, shown
    # No field name, Python dict or raw timestamp of the data behind it.
    for dumped in ("<code>", "{&#x27;", "birth_date", "enquirer", "+00:00", "tracing</dd>"):
        assert dumped not in page, dumped


@pytest.mark.parametrize("model", [MissingPersonReport, FoundPerson, UnidentifiedRemains])
def test_every_field_of_every_kind_of_record_has_a_label(caseworker, model):
    from waypost.protection.rights import person_export

    record = services.record_create(
        actor=caseworker,
        model=model,
        name="Amina Yusuf",
        details={"effects": "A ring"},
        **(
            {"enquirer": {"name": "Adam", "relationship": "uncle"}}
            if model is MissingPersonReport
            else {}
        ),
    )
    shown = readable_export(person_export(actor=caseworker, record=record))

    unlabelled = [item.label for item in shown["record"] if item.unlabelled]
    unlabelled += [
        inner.label for item in shown["record"] for inner in item.nested if inner.unlabelled
    ]
    assert unlabelled == []
