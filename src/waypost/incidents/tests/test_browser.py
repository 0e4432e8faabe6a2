"""Charts and maps draw in every language; Arabic pages keep identifiers and coordinates in order."""

from __future__ import annotations

from importlib.resources import as_file, files

import pytest

from waypost.accounts.roles import Role
from waypost.conftest import browser_sign_in
from waypost.incidents.models import Incident
from waypost.incidents.services import incidents_import_mmp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the browser draws, not what the markup says: a shape whose attribute it cannot read
# (width="66,1") has a size of 0 and an error in the console.
DRAWN = """() => {
  const map = document.querySelector('svg.incident-map').getBoundingClientRect();
  const inside = (box) => box.width > 0 && box.height > 0 && box.left >= map.left - 1
    && box.right <= map.right + 1 && box.top >= map.top - 1 && box.bottom <= map.bottom + 1;
  const bars = [...document.querySelectorAll('.bars .bar rect')];
  const dots = [...document.querySelectorAll('svg.incident-map circle')];
  const ticks = [...document.querySelectorAll('.bar-axis text')];
  return {
    bars: bars.filter(rect => rect.width.baseVal.value > 0
      && rect.getBoundingClientRect().width > 0).length,
    dots: dots.filter(dot => dot.r.baseVal.value > 0
      && inside(dot.getBoundingClientRect())).length,
    axis_labels: ticks.filter(text => text.getBBox().width > 0).length,
  };
}"""

# The left and right edges, on screen, of the first match of each pattern in the text of
# the first element (of those the selector finds) where every pattern matches.
POSITIONS = """([selector, patterns]) => {
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let text = '';
    while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
    const matches = patterns.map(pattern => new RegExp(pattern).exec(text));
    if (matches.some(match => match === null)) continue;
    const at = (index) => {
      const [node, start] = nodes.filter(([, start]) => start <= index).pop();
      return [node, index - start];
    };
    return matches.map(match => {
      const range = document.createRange();
      range.setStart(...at(match.index));
      const [node, offset] = at(match.index + match[0].length - 1);
      range.setEnd(node, offset + 1);
      const box = range.getBoundingClientRect();
      return {left: box.left, right: box.right, top: box.top};
    });
  }
  return null;
}"""


@pytest.fixture
def demo_incidents():
    with as_file(
        files("waypost.incidents").joinpath("data/MissingMigrants-Global-2026.csv")
    ) as path:
        incidents_import_mmp(path=path)


def drawn(page, language: str) -> dict[str, object]:
    errors: list[str] = []
    # "Error: <rect> attribute width: Expected length, "66,1"." for each shape it cannot draw.
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and " attribute " in message.text
            and errors.append(message.text)
        ),
    )
    page.goto(f"/{language}/incidents/statistics/")
    shapes = page.evaluate(DRAWN)
    shapes["console_errors"] = len(errors)
    return shapes


def test_statistics_draw_the_same_bars_and_dots_in_every_language(
    page, demo_incidents, screenshot_dir
):
    english = drawn(page, "en")
    # One year and the regions published: 7 of the export's 12, five being hidden under
    # the disclosure rules (a hidden count draws no bar).
    assert english["bars"] >= 8 and english["dots"] > 100
    assert english["console_errors"] == 0

    for language in ("fr", "es", "ar"):
        shapes = drawn(page, language)
        assert shapes == english, language
        page.screenshot(path=str(screenshot_dir / f"statistics-{language}.png"), full_page=True)
    # A value axis under the bars, its round numbers shown in the page's language.
    assert english["axis_labels"] >= 3


def test_chart_labels_do_not_run_into_their_bars(page, demo_incidents):
    for language, width in (("en", 1280), ("es", 375), ("ar", 375)):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"/{language}/incidents/statistics/")
        overlaps = page.evaluate(
            """() => [...document.querySelectorAll('.bar-label')].filter(label => {
                 const bar = label.nextElementSibling.getBoundingClientRect();
                 const text = document.createRange();
                 text.selectNodeContents(label);
                 return [...text.getClientRects()].some(line =>
                   line.right > bar.left + 0.5 && line.left < bar.right - 0.5
                   && line.bottom > bar.top && line.top < bar.bottom);
               }).map(label => label.textContent)"""
        )
        assert overlaps == [], language


def assert_in_order(page, selector: str, first: str, second: str) -> None:
    """``first`` is shown left of ``second``, on the same line: left-to-right order kept."""
    boxes = page.evaluate(POSITIONS, [selector, [first, second]])
    assert boxes is not None, f"{selector} shows no {first} and {second}"
    before, after = boxes
    assert abs(before["top"] - after["top"]) < 2, (selector, boxes)
    assert before["right"] <= after["left"] + 0.5, (selector, first, second, boxes)


def test_an_arabic_page_shows_identifiers_and_coordinates_in_order(
    page, demo_incidents, make_user, organisation, screenshot_dir
):
    analyst = make_user(organisation, Role.ANALYST)
    incident = Incident.objects.get(mmp_id="2026.MMP0221")
    browser_sign_in(page, analyst.username, language="ar")

    page.goto(f"/ar/incidents/{incident.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "2026.MMP0221"
    assert_in_order(page, "h1", "2026", "MMP0221")
    assert_in_order(page, "dl.facts dd", "2026", "MMP0221")
    assert_in_order(page, "ul.log li", r"2026(?=\.MMP0221)", "MMP0221")
    # Latitude then longitude, each with a full stop: 50.62372° N, 1.54795° E.
    assert_in_order(page, "dl.facts dd", "50[.,]6", "1[.,]54")
    assert page.get_by_text("50.62372°\u00a0N, 1.54795°\u00a0E").count() == 1
    page.screenshot(path=str(screenshot_dir / "incident-ar.png"), full_page=True)

    page.goto("/ar/incidents/?date_from=2026-05-03&date_to=2026-05-03")
    assert_in_order(page, "table a", r"2026(?=\.MMP0221)", "MMP0221")
