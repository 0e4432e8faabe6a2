"""The identification board in a real browser: the forensic service's specialist reads the
per-tooth comparison in Arabic on a 375 px screen and confirms."""

from __future__ import annotations

from datetime import date

import pytest

from waypost.accounts.roles import OrganisationKind, Role
from waypost.conftest import browser_sign_in
from waypost.protection import services as protection
from waypost.tracing import services
from waypost.tracing.models import Candidate, MissingPersonReport, UnidentifiedRemains

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_forensic_specialist_compares_the_teeth_in_arabic_at_375_px_and_confirms(
    page, caseworker, make_user, make_organisation, organisation, screenshot_dir, settings, tmp_path
):
    settings.TRACING_INDEX_DIR = tmp_path / "indexes"
    institute = make_organisation(
        kind=OrganisationKind.FORENSIC, name="Istituto di Medicina Legale"
    )
    for provider, recipient in ((organisation, institute), (institute, organisation)):
        protection.agreement_grant(provider=provider, recipient=recipient, purpose="identification")
    pathologist = make_user(institute, Role.FORENSIC, username="pathologist")
    services.record_create(
        actor=caseworker,
        model=MissingPersonReport,
        name="Mohamed Abdelrahman",
        sex="M",
        birth_date="1998",
        nationality="SDN",
        antemortem={"dental": {"16": "filled", "26": "crown", "36": "missing", "21": "sound"}},
    )
    services.record_create(
        actor=pathologist,
        model=UnidentifiedRemains,
        name="Mohamed Abdel Rahman",
        sex="M",
        nationality="SDN",
        recovery_date=date(2024, 9, 3),
        postmortem={"dental": {"16": "filled", "26": "crown", "36": "missing", "21": "filled"}},
    )
    candidate = Candidate.objects.get(remains__isnull=False)

    page.set_viewport_size({"width": 375, "height": 800})
    browser_sign_in(page, pathologist.username, language="ar")
    page.goto(f"/ar/tracing/candidates/{candidate.pk}/")

    assert page.locator("html").get_attribute("dir") == "rtl"
    teeth = page.locator("table.dental tbody tr")
    assert teeth.count() == 4
    assert "متطابقة" in teeth.nth(0).inner_text()
    assert "قابلة للتفسير" in page.locator("table.dental tr.tooth-explainable").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways at 375 px ({width} px)"
    page.screenshot(path=str(screenshot_dir / "candidate-forensic-ar-375.png"), full_page=True)

    page.locator("input[name=decision][value=confirm]").check()
    page.locator("form.form textarea[name=reasons]").fill("مخطط الأسنان متطابق")
    with page.expect_navigation():
        page.locator("form.form button.primary").click()
    assert "في انتظار" in page.locator("main").inner_text()
    candidate.refresh_from_db()
    assert candidate.status == "under_review"
