"""Every page each demo role reaches fits a 375 px phone, in English and in Arabic."""

from __future__ import annotations

import re
from collections import Counter
from importlib.resources import as_file, files
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from django.utils import translation

from waypost.accounts.roles import Role
from waypost.conftest import browser_sign_in
from waypost.demo import DEMO_USERS, load_demo
from waypost.incidents.services import incidents_import_mmp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
# Not pages: downloads, the API, files, signing out.
NOT_PAGES = re.compile(
    r"format=|/api/|/static/|/media/|/accounts/logout/|\.(json|csv|xml|pdf|geojson|hxl)\b"
)
# Pages of one kind (one record, one page of a list) look alike: two of each are enough.
SAME_KIND = 2


def pages_reached(page, language: str) -> list[tuple[str, int, int]]:
    """(path, status, width) of every page reached from the dashboard by following links."""
    queue, seen, kinds, found = [f"/{language}/"], set(), Counter(), []
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        try:
            # The language prefix resolves only in its own language.
            with translation.override(language):
                kind = resolve(urlsplit(path).path).view_name
        except Resolver404:
            kind = path
        if kinds[kind] >= SAME_KIND:
            continue
        kinds[kind] += 1
        response = page.goto(path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        found.append((path, response.status, page.evaluate("document.documentElement.scrollWidth")))
        for href in page.eval_on_selector_all(
            "a[href]", "links => links.map(a => a.getAttribute('href'))"
        ):
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith(f"/{language}/") or NOT_PAGES.search(href):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def test_no_page_of_the_nine_demo_roles_is_wider_than_a_phone(chromium, live_server):
    logins = load_demo(progress=lambda message: None)
    assert sorted(login.username for login in logins) == sorted(DEMO_USERS)
    too_wide, reached = [], {}
    for login in logins:
        context = chromium.new_context(base_url=live_server.url, viewport=PHONE, locale="en-GB")
        context.set_default_timeout(15_000)
        page = context.new_page()
        browser_sign_in(page, login.username, login.password)
        for language in ("en", "ar"):
            found = pages_reached(page, language)
            reached[login.username, language] = len(found)
            too_wide += [
                (login.username, path, width) for path, _status, width in found if width > 375
            ]
        context.close()

    assert too_wide == []
    # Each role reached its own pages beyond the dashboard, as many in Arabic as in English.
    assert all(reached[user, "en"] >= 4 for user in DEMO_USERS), reached
    assert all(reached[user, "ar"] == reached[user, "en"] for user in DEMO_USERS), reached


def test_the_audit_log_fits_a_laptop_screen_with_long_codes(
    chromium, live_server, make_user, organisation
):
    # A file imported from the command line is the record of its audit entry, by its name.
    operator = make_user(organisation, Role.OPERATOR)
    export = "incidents/tests/data/Missing_Migrants_Global_Figures_allData_2025-04-excerpt.csv"
    with as_file(files("waypost").joinpath(export)) as path:
        incidents_import_mmp(path=path, actor=operator)
    auditor = make_user(organisation, Role.AUDITOR)
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1366, "height": 768}, locale="en-GB"
    )
    page = context.new_page()
    browser_sign_in(page, auditor.username)

    for language in ("en", "ar"):
        page.goto(f"/{language}/protection/audit/")
        assert page.locator("code", has_text="incidents.import:Missing_Migrants").count() == 1
        table = page.locator(".table-wrap")
        assert table.evaluate("wrap => wrap.scrollWidth <= wrap.clientWidth"), language
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    context.close()
