"""Tracing in a real browser: a candidate read in Arabic, a search across scripts, and the
scores of the demo's candidates read against the evidence shown beside them."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from django.utils import translation

from waypost.conftest import browser_sign_in
from waypost.matching import Model
from waypost.tracing import scores, services
from waypost.tracing.models import Candidate, FoundPerson, MissingPersonReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_arabic_caseworker_compares_a_candidate_side_by_side(
    page, caseworker, latin_report_and_arabic_match, screenshot_dir
):
    report, _found = latin_report_and_arabic_match
    candidate = report.candidates.get()

    browser_sign_in(page, caseworker.username, language="ar")
    page.goto(f"/ar/tracing/candidates/{candidate.pk}/")

    assert page.locator("html").get_attribute("dir") == "rtl"
    why = page.locator("p.lead").inner_text()
    assert "بالخط العربي" in why and "الجنسية نفسها" in why
    assert "usual spelling" not in why
    sides = page.locator(".side-by-side section")
    assert sides.count() == 2
    assert "Mohamed Abdelrahman" in sides.nth(0).inner_text()
    assert "محمد عبد الرحمن" in sides.nth(1).inner_text()
    page.screenshot(path=str(screenshot_dir / "candidate-ar.png"), full_page=True)


def _search(page, language, kind, text):
    page.goto(f"/{language}/tracing/{kind}/")
    page.locator("#q").fill(text)
    with page.expect_navigation():
        page.locator("form.search button[type=submit]").click()
    rows = page.locator("main table tbody tr")
    return [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())]


def test_a_name_searched_in_one_script_finds_the_record_written_in_another(
    page, caseworker, screenshot_dir
):
    for name in ("محمد عبد الله", "Amina Yusuf", "Mohamed Yusuf"):
        services.record_create(actor=caseworker, model=MissingPersonReport, name=name)
    for name in ("Mohamed Abdallah", "خديجة عمر"):
        services.record_create(actor=caseworker, model=FoundPerson, name=name)
    browser_sign_in(page, caseworker.username)

    reports = _search(page, "en", "missing", "Mohamed Abdallah")
    page.screenshot(path=str(screenshot_dir / "search-across-scripts.png"), full_page=True)
    found = _search(page, "ar", "found", "محمد عبد الله")

    assert reports == ["محمد عبد الله", "Mohamed Yusuf"]  # both parts first, then one
    assert found == ["Mohamed Abdallah"]


WEIGHT = re.compile(r"\(([+-]\d+\.\d)\)")
PERCENT = re.compile(r"(\d+)\s*[%٪]")


def _weights(text):
    """The signed weights an explanation shows, "(+13.4)", isolated or not."""
    return [float(w) for w in WEIGHT.findall(text.replace("\u2066", "").replace("\u2069", ""))]


def _number(text):
    return float(text.replace("\u2066", "").replace("\u2069", "").replace("\u2212", "-"))


def _score(text, language):
    """(percent, band code) of a score as shown: "99%, very likely"."""
    [percent] = PERCENT.findall(text)
    words = PERCENT.split(text, maxsplit=1)[-1].strip(" ,،\u200f")
    with translation.override(language):
        codes = [band.code for band in scores.BANDS if str(band.words) == words]
    assert len(codes) == 1, (text, words)
    return int(percent), codes[0]


def _documented_percent(prior, evidence):
    """docs/tracing.md: p = 1 / (1 + 2^-(a (prior + evidence) + b)), shown as 1-99 %."""
    model = Model.default()
    p = 1 / (1 + 2 ** -(model.calib_a * (prior + evidence) + model.calib_b))
    return min(99, max(1, round(100 * p)))


def _candidate_page(page, language, pk):
    page.goto(f"/{language}/tracing/candidates/{pk}/")
    table = page.locator("table.evidence")
    rows = table.locator("tbody tr")
    weights = [_number(rows.nth(i).locator("td.weight").inner_text()) for i in range(rows.count())]
    evidence = _number(table.locator("tr.evidence-total td.weight").inner_text())
    prior = _number(table.locator("tr.evidence-prior td.weight").inner_text())
    shown = _score(table.locator("tr.evidence-score .score").inner_text(), language)
    heading = page.get_by_role("heading", level=1).inner_text()
    assert PERCENT.findall(heading) == [str(shown[0])]
    # The sentence above the table shows the same weights.
    assert sorted(_weights(page.locator("p.lead").inner_text())) == sorted(weights)
    assert evidence == pytest.approx(sum(weights), abs=0.05)
    return {"prior": prior, "evidence": evidence, "shown": shown}


def _listed(page, language):
    """(candidate pk, shown score, weights of its explanation) of each row with a score."""
    out = []
    rows = page.locator("main table tbody tr:has(a[href*='/tracing/candidates/'])")
    for i in range(rows.count()):
        row = rows.nth(i)
        href = row.locator("a[href*='/tracing/candidates/']").first.get_attribute("href")
        pk = int(re.search(r"/candidates/(\d+)/", href).group(1))
        out.append(
            (pk, _score(row.locator(".score").inner_text(), language), _weights(row.inner_text()))
        )
    return out


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_score_shown_on_any_page_agrees_with_its_explanations_words(
    page, language, screenshot_dir
):
    """Over the demo (its candidates made by the matching engine as records arrive): every
    score a reviewer sees follows from the weights shown beside it, on its kind's scale."""
    from waypost.demo import load_demo

    login = next(
        login for login in load_demo(progress=lambda message: None) if login.username == "reviewer"
    )
    browser_sign_in(page, login.username, login.password, language=language)
    candidates = list(Candidate.objects.select_related("report"))
    assert candidates

    seen = {}
    for candidate in candidates:
        shown = _candidate_page(page, language, candidate.pk)
        percent, band = shown["shown"]
        assert percent == _documented_percent(shown["prior"], shown["evidence"])
        assert band == scores.band_of(percent).code
        if shown["evidence"] < 0:
            assert band not in ("very_likely", "likely")
        seen[candidate.pk] = (candidate.kind, shown)

    listed = []
    page.goto(f"/{language}/tracing/review/")
    listed += _listed(page, language)
    for report_id in {c.report_id for c in candidates}:
        page.goto(f"/{language}/tracing/missing/{report_id}/")
        listed += _listed(page, language)
    assert {pk for pk, _, _ in listed} == set(seen)
    for pk, shown, weights in listed:
        assert shown == seen[pk][1]["shown"]
        assert sum(weights) == pytest.approx(seen[pk][1]["evidence"], abs=0.05)

    # One scale per kind: a higher total weight never reads lower.
    by_kind = defaultdict(list)
    for kind, shown in seen.values():
        by_kind[kind].append((shown["evidence"], shown["shown"][0]))
    for kind, points in by_kind.items():
        points.sort()
        assert [p for _, p in points] == sorted(p for _, p in points), (kind, points)
    assert set(by_kind) == {"found_person", "remains"}
    assert len({shown["shown"][1] for _, shown in seen.values()}) >= 3
    page.goto(
        f"/{language}/tracing/candidates/{max(seen, key=lambda pk: seen[pk][1]['evidence'])}/"
    )
    page.screenshot(path=str(screenshot_dir / f"candidate-score-{language}.png"), full_page=True)


def test_a_case_is_held_merged_and_a_found_persons_consent_changed_on_a_phone_in_arabic(
    chromium, live_server, caseworker, screenshot_dir
):
    """Issue 32's pages at 375 px, right to left: a report with its case, a possible
    duplicate merged from its page, support, and a found person's consents."""
    from django.utils import timezone

    mother = services.record_create(
        actor=caseworker,
        model=MissingPersonReport,
        name="Mohamed Abdelrahman",
        sex="M",
        birth_date="1998-03-02",
        enquirer={"name": "Fatima", "relationship": "mother"},
    )
    brother = services.record_create(
        actor=caseworker,
        model=MissingPersonReport,
        name="محمد عبد الرحمن",
        sex="M",
        birth_date="1998-03-02",
        enquirer={"name": "علي", "relationship": "brother"},
    )
    services.support_referral_add(
        actor=caseworker,
        report=mother,
        to_whom="مجموعة دعم الأسر، الخرطوم",
        referred_on=timezone.localdate(),
    )
    found = services.record_create(
        actor=caseworker, model=FoundPerson, name="Amina Yusuf", found_at_kind="shelter"
    )
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 740}, locale="ar"
    )
    page = context.new_page()
    browser_sign_in(page, caseworker.username, language="ar")

    page.goto(f"/ar/tracing/missing/{mother.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(screenshot_dir / "case-report-375-ar.png"), full_page=True)
    with page.expect_navigation():
        page.locator(f'form[action$="/merge/"] input[value="{brother.pk}"] ~ button').click()
    assert "علي" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    for path in (
        f"/ar/tracing/missing/{mother.pk}/edit/",
        "/ar/tracing/caseload/",
        "/ar/tracing/overdue/",
        "/ar/tracing/duplicates/",
        f"/ar/tracing/found/{found.pk}/",
    ):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    page.locator('input[name="found_consents"][value="family_alive"]').check()
    with page.expect_navigation():
        page.locator('form[action$="/consents/"] button[type=submit]').click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(screenshot_dir / "found-consents-375-ar.png"), full_page=True)
    context.close()

    from waypost.tracing.selectors import found_person_consents

    assert found_person_consents(found) == {"family_alive"}
    assert MissingPersonReport.objects.get(pk=brother.pk).merged_into_id == mother.pk
