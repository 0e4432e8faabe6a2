"""The reporter's pages as a migrant meets them: labels, hints, errors, the date in words."""

from __future__ import annotations

import re

import pytest

from waypost.reporting.models import Report
from waypost.reporting.tests.conftest import SECRET_ACCOUNT

pytestmark = pytest.mark.django_db


def report(**when: str) -> dict[str, str]:
    return {
        "country": "TUN",
        "what_happened": SECRET_ACCOUNT,
        "where": "Sfax",
        "perpetrator": "authority",
        **when,
    }


@pytest.mark.parametrize(
    "words",
    [
        "la semaine dernière, juste avant l'aube",
        "الأسبوع الماضي، قبل الفجر",
        "hace dos semanas, cerca de la frontera",
    ],
)
def test_when_may_be_said_in_words_of_any_language_and_is_kept_whole(client, nhri, words):
    response = client.post("/en/report/", {**report(when_text=words), "recipient": nhri.slug})

    assert response.status_code == 201
    content = Report.objects.get().content
    assert content["when_text"] == words
    assert content["when"] == ""


def test_when_keeps_both_a_partial_date_and_words(client, nhri):
    client.post(
        "/en/report/",
        {
            **report(when_month="٣", when_year="٢٠٢٥", when_text="a week before Ramadan"),
            "recipient": nhri.slug,
        },
    )

    content = Report.objects.get().content
    assert (content["when"], content["when_text"]) == ("2025-03", "a week before Ramadan")


def test_no_text_box_of_the_reporter_cuts_what_is_typed(client, nhri):
    form = client.get("/en/report/?country=TUN").content.decode()
    follow_up = client.get("/en/report/follow-up/").content.decode()

    assert "maxlength" not in form and "maxlength" not in follow_up
    long_place = "Between the port and the old customs house, " * 10  # over 300 characters
    response = client.post(
        "/en/report/",
        {**report(when_year="2025", where=long_place), "recipient": nhri.slug},
    )
    assert response.status_code == 200
    assert "at most 300 characters" in response.content.decode()
    assert not Report.objects.exists()


def test_a_report_without_any_when_is_refused_with_an_error_summary(client, nhri):
    response = client.post("/en/report/", {**report(), "recipient": nhri.slug})

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<title>\s*Error:", html)
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert 'href="#id_when_year"' in summary
    assert "Say when it happened" in summary
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("parts", "field", "message"),
    [
        ({"when_day": "14", "when_month": "3"}, "when_year", "Give the year"),
        ({"when_day": "14", "when_year": "2025"}, "when_month", "Give the month too"),
        ({"when_day": "31", "when_month": "2", "when_year": "2025"}, "when_day", "does not exist"),
        ({"when_year": "2999"}, "when_year", "in the future"),
    ],
)
def test_a_date_that_cannot_be_is_explained_at_its_box(client, nhri, parts, field, message):
    response = client.post("/en/report/", {**report(**parts), "recipient": nhri.slug})

    html = response.content.decode()
    assert f'href="#id_{field}"' in html
    assert message in html
    assert not Report.objects.exists()


def _before(html: str, first: str, then: str) -> bool:
    return 0 <= html.index(first) < html.index(then)


def test_every_label_and_hint_comes_before_its_field(client, nhri):
    html = client.get("/en/report/?country=TUN").content.decode()

    assert _before(html, 'for="id_what_happened"', '<textarea name="what_happened"')
    assert _before(html, 'id="id_what_happened_helptext"', '<textarea name="what_happened"')
    assert _before(html, 'for="id_where"', 'name="where"')
    assert _before(html, "<legend", 'name="recipient"')
    assert _before(html, 'id="when-hint"', 'name="when_day"')
    assert re.search(
        r'<label for="id_recipient_0"><bdi>National Human Rights Commission</bdi>', html
    )


def test_the_reporter_pages_have_their_stylesheet_and_no_inline_code(client, nhri):
    pages = [
        client.get("/en/report/").content.decode(),
        client.get("/en/report/?country=TUN").content.decode(),
        client.get("/en/report/follow-up/").content.decode(),
        client.post(
            "/en/report/", {**report(when_year="2025"), "recipient": nhri.slug}
        ).content.decode(),
    ]

    for html in pages:
        assert "reporting/reporting.css" in html
        assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html)
        assert not re.search(r"<style|\sstyle=", html)


def test_the_receipt_is_in_groups_of_four_with_its_copy_script_and_where_to_use_it(client, nhri):
    html = client.post(
        "/en/report/", {**report(when_year="2025"), "recipient": nhri.slug}
    ).content.decode()

    groups = re.findall(r'<span class="receipt-group">(\d+)</span>', html)
    assert [len(group) for group in groups] == [4, 4, 4, 4]
    assert re.search(rf'data-receipt="{"".join(groups)}"', html)
    assert "reporting/receipt.js" in html
    assert "http://testserver/en/report/follow-up/" in html


def test_the_reporters_menu_marks_where_they_are(client, nhri):
    start = client.get("/en/report/?country=TUN").content.decode()
    follow_up = client.get("/en/report/follow-up/").content.decode()

    assert re.search(r'<a href="/en/report/"[^>]*aria-current="page"', start)
    assert re.search(r'<a href="/en/report/follow-up/"[^>]*aria-current="page"', follow_up)


def test_the_api_takes_when_in_words_without_a_date(client, nhri):
    response = client.post(
        "/api/v1/reports/",
        {
            "recipient": nhri.slug,
            "what_happened": SECRET_ACCOUNT,
            "where": "Sfax",
            "when_text": "the night of the storm",
            "language": "en",
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    assert Report.objects.get().content["when_text"] == "the night of the storm"
    refused = client.post(
        "/api/v1/reports/",
        {"recipient": nhri.slug, "what_happened": "x", "where": "Sfax", "language": "en"},
        content_type="application/json",
    )
    assert refused.status_code == 400
