"""The demo's information: the "done when" of issue 35 holds on it."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from waypost.demo import DemoContext
from waypost.info import demo
from waypost.info.models import InformationPoint

pytestmark = pytest.mark.django_db


def test_the_demo_in_four_languages_and_tigrinya(make_organisation):
    context = DemoContext(
        organisations={
            "tracing-ngo": make_organisation(name="Sahel Family Links", country="NER"),
            "international": make_organisation(name="Migrant Protection Office", country="CHE"),
        },
        users={},
        names=[],
        progress=lambda _text: None,
    )
    demo.load(context)
    demo.load(context)  # twice: nothing doubled
    assert InformationPoint.objects.count() == 2

    near = (
        APIClient()
        .get("/api/v1/info/services/", {"near": "16.97,7.99", "language": "ar", "type": "health"})
        .json()["results"]
    )
    assert near[0]["name"] == "المركز الصحي للمهاجرين في أغاديز"
    assert near[1]["location"]["place"] == "Tripoli"

    tigrinya = APIClient().get("/api/v1/info/articles/", {"language": "ti"}).json()
    assert {a["language"] for a in tigrinya} == {"ti"} and len(tigrinya) == 2
    for language in ("en", "fr", "es", "ar"):
        assert APIClient().get("/api/v1/info/articles/", {"language": language}).json()
    every = APIClient().get("/api/v1/info/articles/").json()
    assert [a["topic"] for a in every if a["stale"]] == ["abuse"]
