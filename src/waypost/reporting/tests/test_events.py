"""Issue 39, part 4: two reports of one pushback are linked and shown on one event."""

from __future__ import annotations

import pytest
from django.utils import translation

from waypost.accounts.roles import OrganisationKind, Role
from waypost.core.exceptions import ApplicationError, NotFound, PermissionDenied
from waypost.protection.models import AuditEntry
from waypost.reporting import selectors, services
from waypost.reporting.models import EventLink, SharedEvent
from waypost.reporting.tests.conftest import SECRET_PLACE, submission

pytestmark = pytest.mark.django_db

TITLE = "Pushback at the Ras Jedir crossing"


@pytest.fixture
def ngo(make_organisation):
    organisation = make_organisation(kind=OrganisationKind.NGO, country="TUN", name="Avocats")
    services.channel_set(
        actor=None, organisation=organisation, accepts_reports=True, countries=["TUN"]
    )
    return organisation


@pytest.fixture
def ngo_handler(make_user, ngo):
    return make_user(ngo, Role.CASEWORKER, username="ngo-handler")


@pytest.fixture
def two_reports(nhri):
    first, _ = services.report_submit(submission=submission(nhri))
    second, _ = services.report_submit(submission=submission(nhri))
    return first, second


def _link(handler, reports, **overrides):
    values = {
        "title": TITLE,
        "country": "TUN",
        "start_date": "2026-03",
        "place": SECRET_PLACE,
        "violation_types": ["pushback"],
    }
    values.update(overrides)
    return services.shared_event_create(actor=handler, reports=list(reports), **values)


def test_two_reports_of_one_pushback_are_linked_and_shown_on_one_event(handler, two_reports):
    first, second = two_reports
    services.event_save(
        actor=handler, report=first, title="Pushback", country="TUN", start_date="2026-03-02"
    )

    event = _link(handler, two_reports)

    assert event.violation_types == ["collective-expulsion"]
    assert SharedEvent.objects.get().title == TITLE  # sealed, opened for the organisation
    view = selectors.shared_event_get_for_handler(user=handler, public_id=event.public_id)
    assert {r.pk for r in view.reports} == {first.pk, second.pk}
    kinds = [(e.kind, e.report) for e in view.timeline]
    assert kinds[0] == ("event", "")
    assert ("happened", first.reference) in kinds
    assert ("received", first.reference) in kinds and ("received", second.reference) in kinds
    assert ("linked", second.reference) in kinds
    dates = [e.date for e in view.timeline]
    assert dates == sorted(dates)
    assert dates[:2] == ["2026-03", "2026-03-02"]


def test_each_link_and_each_read_is_audited(handler, two_reports):
    event = _link(handler, two_reports)
    linked = AuditEntry.objects.filter(action="waypost.report.linked_to_event")
    assert {e.record_id for e in linked} == {str(r.public_id) for r in two_reports}
    assert all(e.actor_id == handler.pk for e in linked)

    selectors.shared_event_get_for_handler(user=handler, public_id=event.public_id)
    assert AuditEntry.objects.filter(action="waypost.report.shared_event_read").count() == 2

    services.shared_event_unlink(actor=handler, event=event, report=two_reports[0])
    assert AuditEntry.objects.filter(action="waypost.report.unlinked_from_event").count() == 1
    view = selectors.shared_event_get_for_handler(user=handler, public_id=event.public_id)
    assert [r.pk for r in view.reports] == [two_reports[1].pk]


def test_reports_of_another_organisation_cannot_be_linked_or_seen(
    handler, ngo_handler, ngo, two_reports
):
    caseworker = ngo_handler
    other_org_report, _ = services.report_submit(submission=submission(ngo))
    with pytest.raises(NotFound):
        selectors.report_for_link(user=handler, public_id=other_org_report.public_id)
    with pytest.raises(NotFound):
        _link(handler, [two_reports[0], other_org_report])
    assert not SharedEvent.objects.exists()

    event = _link(handler, two_reports)
    with pytest.raises(NotFound):
        selectors.shared_event_get_for_handler(user=caseworker, public_id=event.public_id)
    assert list(selectors.shared_events_for_handler(user=caseworker)) == []


def test_a_report_belongs_to_one_event_and_bad_values_are_refused(handler, two_reports):
    _link(handler, two_reports)
    with pytest.raises(ApplicationError):
        _link(handler, two_reports[:1], title="Another")
    with pytest.raises(ApplicationError):
        _link(handler, two_reports[1:], violation_types=["invented"])
    with pytest.raises(ApplicationError):
        _link(handler, two_reports[1:], country="XXX")
    with pytest.raises(ApplicationError):
        _link(handler, two_reports[1:], start_date="March")
    assert SharedEvent.objects.count() == 1


def test_law_enforcement_never_sees_events(make_user, police, handler, two_reports):
    officer = make_user(police, Role.CASEWORKER, username="officer")
    event = _link(handler, two_reports)
    with pytest.raises(PermissionDenied):
        selectors.shared_event_get_for_handler(user=officer, public_id=event.public_id)
    with pytest.raises(PermissionDenied):
        selectors.shared_events_for_handler(user=officer)
    with pytest.raises((PermissionDenied, NotFound)):
        services.shared_event_create(
            actor=officer, reports=list(two_reports), title=TITLE, country="TUN", start_date="2026"
        )


def test_a_transferred_report_leaves_the_senders_event(handler, two_reports, ngo):
    event = _link(handler, two_reports)
    transfer = services.transfer_propose(actor=handler, report=two_reports[0], to_slug=ngo.slug)
    services.transfer_consent(
        report=two_reports[0], transfer_id=str(transfer.public_id), consent=True
    )

    assert not EventLink.objects.filter(report=two_reports[0]).exists()
    view = selectors.shared_event_get_for_handler(user=handler, public_id=event.public_id)
    assert [r.pk for r in view.reports] == [two_reports[1].pk]


def test_the_api_links_reports_and_shows_the_event(handler, two_reports, api_client_for, police):
    client = api_client_for(handler)
    first, second = two_reports

    created = client.post(
        "/api/v1/reports/events/",
        {
            "reports": [str(first.public_id)],
            "title": TITLE,
            "country": "TUN",
            "date": "2026-03-01",
            "place": SECRET_PLACE,
            "violation_types": ["pushback"],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    event_id = created.json()["id"]
    added = client.post(
        f"/api/v1/reports/events/{event_id}/reports/",
        {"report": str(second.public_id)},
        format="json",
    )
    assert added.status_code == 201

    with translation.override("en"):
        shown = client.get(f"/api/v1/reports/events/{event_id}/").json()
    assert shown["title"] == TITLE
    assert shown["violation_types"] == ["collective-expulsion"]
    assert {r["id"] for r in shown["reports"]} == {str(first.public_id), str(second.public_id)}
    assert shown["timeline"][0] == {
        "date": "2026-03-01",
        "kind": "event",
        "report": "",
        "text": "The event",
    }
    listed = client.get("/api/v1/reports/events/").json()
    assert listed["results"][0]["reports"] == 2
    assert TITLE not in str(listed) and SECRET_PLACE not in str(listed)

    removed = client.delete(f"/api/v1/reports/events/{event_id}/reports/{first.public_id}/")
    assert removed.status_code == 204
    again = client.get(f"/api/v1/reports/events/{event_id}/").json()
    assert [r["id"] for r in again["reports"]] == [str(second.public_id)]


def test_the_api_refuses_other_organisations_and_law_enforcement(
    handler, ngo_handler, make_user, police, two_reports, api_client_for
):
    event = _link(handler, two_reports)
    other = api_client_for(ngo_handler).get(f"/api/v1/reports/events/{event.public_id}/")
    assert other.status_code in (403, 404)
    officer = make_user(police, Role.CASEWORKER, username="officer")
    blocked = api_client_for(officer).get(f"/api/v1/reports/events/{event.public_id}/")
    assert blocked.status_code in (403, 404)
    assert TITLE not in blocked.content.decode()


# The pages: link from a report's page, the event's page with its reports and timeline.


def test_two_reports_are_linked_on_their_pages_and_shown_on_one_event_page(
    client, handler, two_reports
):
    first, second = two_reports
    client.force_login(handler)
    assert "Link to the event" in client.get(f"/en/reports/{first.public_id}/").content.decode()

    created = client.post(
        f"/en/reports/{first.public_id}/event/",
        {
            "event": "",
            "title": TITLE,
            "country": "TUN",
            "start_date": "2026-03",
            "place": SECRET_PLACE,
            "violation_types": ["collective-expulsion"],
        },
    )
    event = SharedEvent.objects.get()
    assert created.status_code == 302
    assert created["Location"].endswith(f"/reports/events/{event.public_id}/")
    client.post(f"/en/reports/{second.public_id}/event/", {"event": str(event.public_id)})

    page = client.get(f"/en/reports/events/{event.public_id}/").content.decode()
    assert TITLE in page and SECRET_PLACE in page
    assert "Collective expulsion or pushback" in page
    assert first.reference in page and second.reference in page
    assert "Timeline" in page
    assert f'Report <bdi dir="ltr">{second.reference}</bdi> linked to this event' in page
    listing = client.get("/en/reports/events/").content.decode()
    assert event.reference in listing and "2 reports" in listing
    assert TITLE not in listing
    assert event.reference in client.get(f"/en/reports/{second.public_id}/").content.decode()

    client.post(f"/en/reports/events/{event.public_id}/unlink/{first.public_id}/")
    page = client.get(f"/en/reports/events/{event.public_id}/").content.decode()
    assert f"/en/reports/{first.public_id}/" not in page


def test_a_new_event_without_a_title_is_refused_on_the_page(client, handler, two_reports):
    client.force_login(handler)
    response = client.post(
        f"/en/reports/{two_reports[0].public_id}/event/", {"event": "", "country": "TUN"}
    )
    assert response.status_code == 302
    assert not SharedEvent.objects.exists()


def test_law_enforcement_and_other_organisations_get_no_event_page(
    client, handler, ngo_handler, make_user, police, two_reports
):
    event = _link(handler, two_reports)
    officer = make_user(police, Role.CASEWORKER, username="officer")
    for person in (officer, ngo_handler):
        client.force_login(person)
        response = client.get(f"/en/reports/events/{event.public_id}/")
        assert response.status_code in (403, 404)
        assert TITLE not in response.content.decode()
        assert event.reference not in client.get("/en/reports/events/").content.decode()
    client.force_login(officer)
    assert client.get("/en/reports/events/").status_code == 403


def test_the_event_page_in_arabic_isolates_references_and_dates(client, handler, two_reports):
    event = _link(handler, two_reports)
    client.force_login(handler)

    page = client.get(f"/ar/reports/events/{event.public_id}/").content.decode()

    assert 'dir="rtl"' in page
    assert '<bdi dir="ltr">2026-03</bdi>' in page
    for report in two_reports:
        assert f'<bdi dir="ltr">{report.reference}</bdi>' in page
