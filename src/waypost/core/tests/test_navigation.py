"""The top navigation lists what the role may use, and no link leads where it may not go."""

from __future__ import annotations

import re
from collections import Counter, deque
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from waypost.accounts.models import User
from waypost.accounts.roles import Role
from waypost.conftest import VerifiedClient
from waypost.core.dashboard import cards_for
from waypost.demo import DEMO_USERS, load_demo

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<ul class="site-nav-bar">(.*?)</ul>', re.S)


def _nav_links(html: str) -> list[str]:
    match = NAV.search(html)
    assert match, "the page has no top navigation"
    return re.findall(r'href="([^"]+)"', match.group(1))


def _signed_in(client, user):
    client.force_login(user)
    return client


def test_the_navigation_lists_each_section_of_the_roles_dashboard(client, make_user, organisation):
    for role in Role:
        user = make_user(organisation, role)
        links = _nav_links(_signed_in(client, user).get("/en/").content.decode())

        sections = [reverse(c.url_name) for c in cards_for(user) if c.in_nav]
        expected = ["/en/", *dict.fromkeys(sections)]
        assert links == expected, role
        client.logout()


def test_a_caseworker_can_go_from_any_page_to_another_section(client, caseworker):
    links = _nav_links(
        _signed_in(client, caseworker).get("/en/incidents/statistics/").content.decode()
    )

    assert {"/en/tracing/missing/", "/en/tracing/review/", "/en/incidents/", "/en/reports/"} <= set(
        links
    )
    assert "/en/accounts/members/" not in links


def test_the_navigation_marks_the_section_of_the_page(client, caseworker):
    html = _signed_in(client, caseworker).get("/en/tracing/missing/new/").content.decode()

    nav = NAV.search(html).group(1)
    assert '<a href="/en/tracing/missing/" aria-current="true">' in nav
    assert nav.count("aria-current") == 1


def test_a_law_enforcement_organisation_has_no_reports_inbox(
    client, enforcement_user, make_user, enforcement_organisation
):
    home = _signed_in(client, enforcement_user).get("/en/").content.decode()

    assert "/en/reports/" not in home
    assert client.get("/en/reports/").status_code == 403
    client.logout()
    admin = make_user(enforcement_organisation, Role.ADMIN)
    home = _signed_in(client, admin).get("/en/").content.decode()
    assert "/en/reports/identity-requests/" not in home
    assert client.get("/en/reports/identity-requests/").status_code == 403


def test_a_handler_of_a_human_rights_institution_keeps_the_inbox(client, caseworker):
    home = _signed_in(client, caseworker).get("/en/").content.decode()

    assert 'href="/en/reports/"' in home
    assert client.get("/en/reports/").status_code == 200


# Pages that are downloads or whose every instance is alike: one visit tells enough.
SKIPPED = re.compile(r"format=|export\.json|/static/|^/api/v1/")
PER_VIEW = 2


def _links(html: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="(/[^"]*)"', html)]


def _crawl(client: VerifiedClient, start: str, depth: int) -> dict[str, int]:
    """Follow every link from ``start``, ``depth`` clicks deep; the status of each page."""
    statuses: dict[str, int] = {}
    per_view: Counter[str] = Counter()
    queue = deque([(start, 0)])
    while queue:
        url, level = queue.popleft()
        if url in statuses or SKIPPED.search(url):
            continue
        path = urlsplit(url).path
        try:
            view = resolve(path).view_name
        except Resolver404:
            view = path
        if per_view[view] >= PER_VIEW:
            continue
        per_view[view] += 1
        response = client.get(url)
        statuses[url] = response.status_code
        if level < depth and response.status_code == 200 and "html" in response["Content-Type"]:
            queue.extend((link, level + 1) for link in _links(response.content.decode()))
    return statuses


def test_no_link_of_any_demo_role_leads_to_a_refusal():
    load_demo(progress=lambda message: None)
    refused = {}
    for username in DEMO_USERS:
        client = VerifiedClient()
        client.force_login(User.objects.get(username=username))
        statuses = _crawl(client, "/en/", depth=2)
        assert len(statuses) > 3, username
        refused[username] = sorted(url for url, status in statuses.items() if status >= 400)

    assert refused == {username: [] for username in DEMO_USERS}
