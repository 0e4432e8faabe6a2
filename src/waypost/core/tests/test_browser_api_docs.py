"""The API documentation runs under the strict content policy without a single refusal."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_page_breaks_no_content_security_rule(page):
    refusals: list[str] = []
    page.on(
        "console",
        lambda message: (
            refusals.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    page.goto("/api/docs/")
    page.locator(".opblock-summary").first.click()
    page.locator(".opblock-body").first.wait_for()

    assert page.locator(".swagger-ui").is_visible()
    assert refusals == []


def test_the_browser_finds_the_site_icon(page):
    response = page.request.get("/favicon.ico")

    assert response.ok
    assert response.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")
