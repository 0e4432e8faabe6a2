"""The public information pages in Chromium: without JavaScript; at 375 px in Arabic; and,
after one visit, with the network off (the service worker)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_pages_work_with_javascript_off(
    chromium, live_server, directory, point, rights_article
):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/info/")
    page.select_option("#service-type", "health")
    page.select_option("#near-point", str(point.pk))
    page.click("form[action$='/info/services/'] button[type=submit]")

    cards = page.locator(".cards .card h2").all_inner_texts()
    assert cards[:2] == ["Agadez health post", "Tripoli clinic"]
    page.goto(f"/en/info/articles/{rights_article.pk}/")
    page.select_option("#content-language", "ti")
    page.click(".content-language button")
    assert page.locator("article[lang=ti] h1").inner_text() == "መሰላትካ"
    context.close()


def test_arabic_at_375_px(chromium, live_server, directory, point, rights_article, screenshot_dir):
    context = chromium.new_context(
        base_url=live_server.url, locale="ar", viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    for path in (
        "/ar/info/",
        f"/ar/info/services/?point={point.pk}&language=ar",
        f"/ar/info/services/{directory['agadez'].pk}/?language=ar",
        f"/ar/info/points/{point.pk}/poster/",
    ):
        page.goto(path)
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    page.goto("/ar/info/?language=ar")
    page.screenshot(path=str(screenshot_dir / "info-home-ar-375.png"), full_page=True)
    context.close()


def test_after_one_visit_the_pages_open_with_the_network_off(
    chromium, live_server, directory, point, rights_article
):
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto("/fr/info/")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    # The worker kept the articles, the directory and the points of this language.
    page.wait_for_function(
        """async () => {
            const keys = await caches.keys();
            if (!keys.length) return false;
            const cache = await caches.open(keys[0]);
            return (await cache.keys()).length >= 6;
        }"""
    )
    context.set_offline(True)

    page.goto(f"/fr/info/articles/{rights_article.pk}/")
    assert "Your rights" in page.locator("article h1").inner_text()
    page.goto("/fr/info/services/")
    assert "Poste de santé d'Agadez" in page.locator("main").inner_text()
    page.goto(f"/fr/info/points/{point.pk}/")
    assert "Agadez bus station desk" in page.locator("h1").inner_text()
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_axe_finds_no_serious_violation_on_the_information_pages(
    chromium, live_server, directory, point, rights_article, admin, language
):
    from waypost.core.tests.test_accessibility import axe_violations
    from waypost.info import services

    services.feedback_give(service_id=directory["agadez"].pk, rating=4, comment="Kind staff.")
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 375, "height": 740})
    page = context.new_page()
    found: list[str] = []
    for path in (
        "info/",
        "info/articles/?topic=rights",
        f"info/articles/{rights_article.pk}/?language=ti",
        f"info/services/?point={point.pk}",
        f"info/services/{directory['agadez'].pk}/",
        f"info/points/{point.pk}/",
        f"info/points/{point.pk}/poster/",
    ):
        page.goto(f"/{language}/{path}")
        found += axe_violations(page)
    assert found == []
    context.close()


def test_the_directory_shows_its_services_on_the_offline_basemap(
    chromium, live_server, directory, point
):
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"/en/info/services/?point={point.pk}")

    page.wait_for_selector("#info-map:not([hidden]) .maplibregl-marker")
    page.wait_for_function("() => document.querySelector('#info-map').maplibre.loaded()")
    links = page.eval_on_selector_all(
        "#info-map a.map-point",
        "as => as.map(a => [a.getAttribute('href'), a.getAttribute('aria-label')])",
    )
    assert sorted(links) == sorted(
        [
            [f"/en/info/services/{directory['agadez'].pk}/", "Agadez health post"],
            [f"/en/info/services/{directory['tripoli'].pk}/", "Tripoli clinic"],
        ]
    )
    assert not [url for url in failed if not url.startswith(live_server.url)]
    context.close()
