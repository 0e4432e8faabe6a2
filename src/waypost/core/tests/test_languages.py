from __future__ import annotations

import pytest


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_every_language_has_its_url_prefix(client, db, language):
    response = client.get(f"/{language}/accounts/login/")

    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()


def test_arabic_pages_are_right_to_left(client, db):
    html = client.get("/ar/accounts/login/").content.decode()

    assert '<html lang="ar" dir="rtl">' in html


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_other_languages_are_left_to_right(client, db, language):
    html = client.get(f"/{language}/accounts/login/").content.decode()

    assert 'dir="ltr"' in html


def test_the_root_redirects_to_a_language(client, db):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_switching_language_keeps_the_page(client, db):
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/en/accounts/login/"})

    assert response.status_code == 302
    assert response["Location"] == "/ar/accounts/login/"


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_the_home_page_is_open_to_visitors_in_every_language(client, db, language):
    response = client.get(f"/{language}/")

    assert response.status_code == 200
    assert f'href="/{language}/accounts/login/"' in response.content.decode()
