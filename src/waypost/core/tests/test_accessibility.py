"""axe-core, run in a real browser, on the main pages of each of the nine demo roles and of a
visitor, in English and Arabic: no serious or critical violation (WCAG 2.2 AA, contrast too).

axe-core is vendored for the tests only (``core/tests/vendor/axe-core``, MPL-2.0, written by
``make vendor``): it is never served to users.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation

from waypost.accounts.models import User
from waypost.conftest import browser_sign_in
from waypost.core.dashboard import cards_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}
# Rule sets axe runs: WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# One page of each kind of record a list leads to, and each form that makes one (the first
# link of each kind found).
DETAIL_LINKS = re.compile(
    r"^/[a-z]{2}/(incidents/(\d+|new)|tracing/(missing|found|remains)/(\d+|new)"
    r"|tracing/candidates/\d+|reports/[0-9a-f-]{36}|report/simple)/$"
)
# MapLibre's map: the test waits until it has drawn, so that its controls are checked too.
MAP_DRAWN = "() => !document.getElementById('incident-map')?.dataset.pointsUrl || document.getElementById('incident-map').dataset.markers"


def axe_violations(page) -> list[str]:
    """The serious and critical violations axe finds on the page, one line each."""
    # Evaluated through the DevTools protocol: the page's CSP forbids inline scripts, and
    # axe must not need them to be allowed.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        TAGS,
    )
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}) {violation['help']}: "
        + "; ".join(
            f"{' '.join(node['target'])} {node['failureSummary'].splitlines()[-1].strip()}"
            for node in violation["nodes"][:5]
        )
        for violation in results["violations"]
        if violation["impact"] in FAILING_IMPACTS
    ]


def check_pages(page, language: str, paths: list[str], seen: set[str]) -> list[str]:
    """axe on each page, and on the first page of each kind of record or form they link to."""
    found: list[str] = []
    queue = list(paths)
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        response = page.goto(path)
        assert response is not None
        if path not in paths and response.status == 403:
            # A link the role may not follow (issue 41, navigation): another role checks it.
            continue
        assert response.status == 200, f"{path}: {response.status}"
        seen.add(path)
        assert page.locator("html").get_attribute("lang") == language
        page.wait_for_function(MAP_DRAWN)
        found += axe_violations(page)
        links = page.eval_on_selector_all(
            "main a[href]", "as => as.map(a => a.getAttribute('href'))"
        )
        for href in links:
            kind = DETAIL_LINKS.match(href)
            if kind and record_kind(href) not in {record_kind(p) for p in [*seen, *queue]}:
                queue.append(href)
    return found


def record_kind(path: str) -> str:
    """``/en/tracing/missing/12/`` -> ``/en/tracing/missing/<id>/``."""
    return re.sub(r"/(\d+|[0-9a-f-]{36})/", "/<id>/", path)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_axe_finds_no_serious_violation_on_the_pages_of_the_nine_roles(
    chromium, live_server, language
):
    from waypost.demo import load_demo

    logins = load_demo(progress=lambda message: None)
    assert len(logins) == 9
    violations: list[str] = []
    seen: set[str] = set()
    with translation.override(language):
        public = [
            reverse("core:home"),
            reverse("accounts:login"),
            *[reverse(card.url_name) for card in cards_for(AnonymousUser())],
        ]
    for login in [None, *logins]:
        context = chromium.new_context(base_url=live_server.url, locale="en-GB")
        context.set_default_timeout(15_000)
        page = context.new_page()
        if login is None:
            paths = public
        else:
            browser_sign_in(page, login.username, login.password, language=language)
            user = User.objects.get(username=login.username)
            with translation.override(language):
                home = reverse("core:home")
                paths = [reverse(card.url_name) for card in cards_for(user)]
            # Each role's home page differs (its cards): checked for every role.
            seen.discard(home)
            paths.insert(0, home)
        violations += check_pages(page, language, paths, seen)
        context.close()

    assert len(seen) > 20
    assert violations == [], "\n".join(violations)
