"""Consular notification: deadlines from the rule, transfers restart the clocks, asylum
seekers are never notified to their State without express consent (issue 34)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from waypost.core.exceptions import ApplicationError, PermissionDenied
from waypost.detention import rules, selectors, services
from waypost.detention.models import ConsularRule

ARREST = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def test_the_starting_set_holds_the_57_mandatory_notification_countries_with_a_source(db):
    rows = ConsularRule.objects.filter(receiving="USA", mandatory=True)
    sending = set(rows.values_list("sending", flat=True))

    # 57 countries and jurisdictions; China's entry includes Hong Kong and Macao.
    assert len(sending - {"HKG", "MAC"}) == 57
    assert {"CHN", "NGA", "RUS", "GBR", "TUN", "ZWE", "ALB"} <= sending
    assert all(row.source and row.max_hours == 72 for row in rows)


def test_a_mandatory_72_hour_rule_sets_the_deadline_three_days_after_the_arrest(
    monitor, facility, person
):
    detention = services.detention_create(
        actor=monitor, person=person, facility=facility, arrested_at=ARREST
    )

    before = selectors.consular_state_of(detention, now=ARREST + timedelta(hours=71))
    after = selectors.consular_state_of(detention, now=ARREST + timedelta(hours=72, minutes=1))

    assert before.rule == "USA-CHN"
    assert before.mandatory is True
    assert before.due_at == datetime(2026, 3, 5, 10, 0, tzinfo=UTC)
    assert before.overdue is False
    assert after.overdue is True


def test_a_notification_in_time_stops_the_overdue_alert(monitor, facility, person):
    detention = services.detention_create(
        actor=monitor, person=person, facility=facility, arrested_at=ARREST
    )
    services.event_record(
        actor=monitor, detention=detention, kind="notified", at=ARREST + timedelta(hours=30)
    )

    state = selectors.consular_state_of(detention, now=ARREST + timedelta(days=10))

    assert state.overdue is False
    assert state.notified_at == ARREST + timedelta(hours=30)


def test_a_transfer_restarts_the_family_and_consular_clocks(
    monitor, facility, other_facility, person
):
    detention = services.detention_create(
        actor=monitor, person=person, facility=facility, arrested_at=ARREST
    )
    services.event_record(
        actor=monitor, detention=detention, kind="notified", at=ARREST + timedelta(hours=2)
    )
    services.event_record(
        actor=monitor, detention=detention, kind="family_notified", at=ARREST + timedelta(hours=3)
    )
    moved = ARREST + timedelta(days=2)

    services.detention_transfer(
        actor=monitor, detention=detention, facility=other_facility, at=moved
    )
    state = selectors.consular_state_of(detention, now=moved + timedelta(hours=73))

    assert state.due_at == moved + timedelta(hours=72)
    assert state.notified_at is None
    assert state.overdue is True
    assert state.family_due_at == moved + timedelta(hours=rules.DEFAULT_FAMILY_HOURS)
    assert state.family_notified_at is None
    assert state.family_overdue is True


def test_an_asylum_seeker_is_blocked_with_no_deadline_and_no_notification_can_be_recorded(
    monitor, facility, person
):
    detention = services.detention_create(
        actor=monitor, person=person, facility=facility, arrested_at=ARREST, asylum_seeker=True
    )
    state = selectors.consular_state_of(detention, now=ARREST + timedelta(days=30))

    assert state.blocked is True
    assert state.due_at is None
    assert state.overdue is False
    with pytest.raises(ApplicationError) as refused:
        services.event_record(
            actor=monitor, detention=detention, kind="notified", at=ARREST + timedelta(hours=1)
        )
    assert refused.value.extra["code"] == "asylum"
    # Even if the person asks, until a legal officer records their express consent.
    services.event_record(
        actor=monitor, detention=detention, kind="requested", at=ARREST + timedelta(hours=1)
    )
    with pytest.raises(ApplicationError):
        services.event_record(
            actor=monitor, detention=detention, kind="notified", at=ARREST + timedelta(hours=2)
        )


def test_only_a_legal_officer_records_an_asylum_seekers_express_consent(
    monitor, legal_officer, facility, person
):
    detention = services.detention_create(
        actor=monitor, person=person, facility=facility, arrested_at=ARREST, asylum_seeker=True
    )
    with pytest.raises(PermissionDenied):
        services.event_record(
            actor=monitor, detention=detention, kind="consent", at=ARREST + timedelta(hours=1)
        )

    services.event_record(
        actor=legal_officer, detention=detention, kind="consent", at=ARREST + timedelta(hours=1)
    )
    services.event_record(
        actor=monitor, detention=detention, kind="notified", at=ARREST + timedelta(hours=2)
    )
    state = selectors.consular_state_of(detention, now=ARREST + timedelta(hours=3))

    assert state.blocked is False
    assert state.notified_at == ARREST + timedelta(hours=2)


def test_without_a_treaty_the_consulate_is_notified_only_at_the_persons_request(monitor, facility):
    detention = services.detention_create(
        actor=monitor,
        person={"name": "Ana Pérez", "nationality": "HND", "age": 30},
        facility=facility,
        arrested_at=ARREST,
    )
    state = selectors.consular_state_of(detention, now=ARREST + timedelta(days=10))
    assert (state.rule, state.mandatory, state.due_at, state.overdue) == (
        rules.VCCR_RULE,
        False,
        None,
        False,
    )
    services.event_record(
        actor=monitor, detention=detention, kind="declined", at=ARREST + timedelta(hours=1)
    )
    with pytest.raises(ApplicationError) as refused:
        services.event_record(
            actor=monitor, detention=detention, kind="notified", at=ARREST + timedelta(hours=2)
        )
    assert refused.value.extra["code"] == "not_requested"

    asked = ARREST + timedelta(hours=5)
    services.event_record(actor=monitor, detention=detention, kind="requested", at=asked)
    state = selectors.consular_state_of(detention, now=asked + timedelta(hours=73))

    assert state.due_at == asked + timedelta(hours=rules.DEFAULT_WITHOUT_DELAY_HOURS)
    assert state.overdue is True


def test_a_person_who_opposes_is_not_due_for_notification_without_a_treaty(monitor, facility):
    detention = services.detention_create(
        actor=monitor,
        person={"name": "Ana Pérez", "nationality": "HND", "age": 30},
        facility=facility,
        arrested_at=ARREST,
    )
    services.event_record(
        actor=monitor, detention=detention, kind="requested", at=ARREST + timedelta(hours=1)
    )
    services.event_record(
        actor=monitor, detention=detention, kind="opposed", at=ARREST + timedelta(hours=2)
    )

    state = selectors.consular_state_of(detention, now=ARREST + timedelta(days=5))

    assert (state.choice, state.due_at, state.overdue) == ("opposed", None, False)


def test_consular_rules_import_reads_the_issue_columns(db, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "rules.csv"
    path.write_text(
        "receiving,sending,mandatory,max_hours,exceptions,source\n"
        "ITA,TUN,true,96,,Bilateral convention (test)\n"
        "ITA,NGA,false,,,VCCR\n"
        "ITA,XXX,true,1,,bad country\n",
        encoding="utf-8",
    )

    call_command("consular", "rules", "import", str(path))

    rule = services.rule_for(receiving="ITA", sending="TUN")
    assert (rule.code, rule.mandatory, rule.max_hours) == ("ITA-TUN", True, 96)
    assert services.rule_for(receiving="ITA", sending="NGA").mandatory is False
    assert not ConsularRule.objects.filter(sending="XXX").exists()


def test_the_person_must_be_told_of_the_right_without_delay_once_after_the_arrest(
    monitor, facility, other_facility, person
):
    detention = services.detention_create(
        actor=monitor, person=person, facility=facility, arrested_at=ARREST
    )
    late = ARREST + timedelta(hours=rules.DEFAULT_WITHOUT_DELAY_HOURS + 1)

    assert selectors.consular_state_of(detention, now=late).informed_overdue is True
    services.event_record(
        actor=monitor, detention=detention, kind="informed", at=ARREST + timedelta(hours=2)
    )
    services.detention_transfer(
        actor=monitor, detention=detention, facility=other_facility, at=ARREST + timedelta(days=1)
    )
    # Told once: a transfer restarts the notification clocks, not this one.
    assert selectors.consular_state_of(detention, now=late).informed_overdue is False
