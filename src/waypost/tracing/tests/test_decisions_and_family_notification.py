"""Pages after a decision: the reviewer's own decision, telling the family, what each role sees."""

from __future__ import annotations

import re

import pytest

from waypost.accounts.roles import Role
from waypost.conftest import PASSWORD
from waypost.tracing import services
from waypost.tracing.models import FamilyNotification, FoundPerson, MissingPersonReport

SUPPORT = "Psychosocial worker Samira, and help with the burial papers"
OUTCOME = "The sister was told at the Agadez office; she asked for the belongings"


@pytest.fixture
def report(caseworker):
    return services.record_create(
        actor=caseworker,
        model=MissingPersonReport,
        name="Amina Yusuf",
        sex="F",
        birth_date="2001",
        nationality="ERI",
        enquirer={"name": "Selam", "language": "ti"},
    )


@pytest.fixture
def candidate(caseworker, report):
    services.record_create(
        actor=caseworker,
        model=FoundPerson,
        name="أمينة يوسف",
        sex="F",
        birth_date="2001-06-10",
        nationality="ERI",
    )
    return report.candidates.get()


@pytest.fixture
def reviewer(make_user, organisation):
    return make_user(organisation, Role.REVIEWER, username="reviewer")


@pytest.fixture
def confirmed(candidate, reviewer, make_user, organisation):
    for person in (reviewer, make_user(organisation, Role.REVIEWER)):
        services.candidate_review(
            actor=person, candidate=candidate, decision="confirm", reasons="Same scar"
        )
    candidate.refresh_from_db()
    return candidate


def _as(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_review_queue_links_each_report(client, candidate, reviewer, report):
    html = _as(client, reviewer).get("/en/tracing/review/").content.decode()

    assert f'href="/en/tracing/missing/{report.pk}/"' in html


def test_a_reviewer_who_decided_sees_their_decision_not_the_form_again(client, candidate, reviewer):
    signed_in = _as(client, reviewer)
    before = signed_in.get(f"/en/tracing/candidates/{candidate.pk}/").content.decode()
    assert 'name="decision"' in before

    signed_in.post(
        f"/en/tracing/candidates/{candidate.pk}/",
        {"decision": "exclude", "reasons": "Different birth year"},
    )
    after = signed_in.get(f"/en/tracing/candidates/{candidate.pk}/").content.decode()

    assert 'name="decision"' not in after
    assert "You decided: Exclude" in after


def test_a_reviewer_sees_no_action_their_role_may_not_take(client, reviewer, report):
    html = _as(client, reviewer).get(f"/en/tracing/missing/{report.pk}/").content.decode()

    assert f"/en/tracing/missing/{report.pk}/erase/" not in html
    assert f"/en/tracing/missing/{report.pk}/photos/" not in html
    assert f"/en/tracing/missing/{report.pk}/contacts/" not in html
    assert f"/en/tracing/missing/{report.pk}/consents/" not in html
    assert client.get(f"/en/tracing/missing/{report.pk}/erase/").status_code == 403


def test_a_caseworker_still_has_every_action(client, caseworker, report):
    html = _as(client, caseworker).get(f"/en/tracing/missing/{report.pk}/").content.decode()

    assert f"/en/tracing/missing/{report.pk}/erase/" in html
    assert f"/en/tracing/missing/{report.pk}/contacts/" in html


def _save_notification(client, candidate, **overrides):
    data = {
        "due_on": "2026-04-20",
        "language": "ti",
        "support": SUPPORT,
        "outcome": OUTCOME,
        "done": "on",
        **overrides,
    }
    return client.post(f"/en/tracing/candidates/{candidate.pk}/notification/", data, follow=True)


def test_the_family_notification_form_shows_what_was_saved(client, caseworker, confirmed):
    response = _save_notification(_as(client, caseworker), confirmed)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="2026-04-20"' in html
    assert SUPPORT in html and OUTCOME in html
    assert re.search(r'<input[^>]*name="done"[^>]*checked', html)
    assert "The family was told on" in html


def test_clearing_a_field_of_the_family_notification_clears_it(client, caseworker, confirmed):
    signed_in = _as(client, caseworker)
    _save_notification(signed_in, confirmed)

    _save_notification(signed_in, confirmed, outcome="", done="")

    notification = FamilyNotification.objects.get(candidate=confirmed)
    assert notification.outcome == ""
    assert notification.support == SUPPORT
    assert notification.done_at is None


def test_everything_held_about_the_person_lists_the_family_notification(
    client, caseworker, confirmed, report
):
    signed_in = _as(client, caseworker)
    _save_notification(signed_in, confirmed)

    html = signed_in.get(f"/en/tracing/missing/{report.pk}/export.html").content.decode()
    exported = signed_in.get(f"/en/tracing/missing/{report.pk}/export.json").json()

    # Each value in its own cell, not inside a dump of the whole row.
    for value in (SUPPORT, OUTCOME, "2026-04-20", caseworker.username):
        assert re.search(rf"<dd[^>]*>{re.escape(value)}</dd>", html)
    (notification,) = exported["related"]["family_notifications"]
    assert notification["support"] == SUPPORT
    assert notification["outcome"] == OUTCOME
    assert notification["who_tells"] == caseworker.username


def test_a_reviewer_reads_the_family_notification_without_a_form_they_may_not_send(
    client, caseworker, reviewer, confirmed
):
    _save_notification(_as(client, caseworker), confirmed)

    html = _as(client, reviewer).get(f"/en/tracing/candidates/{confirmed.pk}/").content.decode()

    assert SUPPORT in html
    assert f"/en/tracing/candidates/{confirmed.pk}/notification/" not in html
