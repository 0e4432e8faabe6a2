"""Issue 32, item 5: a case's lifecycle (edit, close, reopen, merge duplicates, caseload,
update schedules, reminders, psychosocial support) in services, pages and API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from waypost.accounts.roles import Role
from waypost.conftest import PASSWORD
from waypost.protection.models import AuditEntry
from waypost.protection.retention import retention_apply
from waypost.tracing import selectors, services
from waypost.tracing.models import (
    Candidate,
    ContactLogEntry,
    FamilyNotification,
    FoundPerson,
    MissingPersonReport,
    PossibleDuplicate,
    ReminderSent,
    ReportStatus,
)


def _report(actor, **values):
    defaults = {
        "name": "Mohamed Abdelrahman",
        "sex": "M",
        "birth_date": "1998-03-02",
        "nationality": "SDN",
        "place": "Kufra",
    }
    return services.record_create(actor=actor, model=MissingPersonReport, **{**defaults, **values})


@pytest.fixture
def two_relatives(caseworker):
    """The same man reported by his mother and, a month later, by his brother."""
    mother = _report(
        caseworker,
        enquirer={"name": "Fatima", "relationship": "mother", "language": "ar"},
        enquirer_phone="+249 912 000 001",
    )
    brother = _report(
        caseworker,
        name="محمد عبد الرحمن",
        description="Scar on the left hand",
        enquirer={"name": "Ali", "relationship": "brother", "language": "ar"},
        enquirer_phone="+249 912 000 002",
        enquirer_consents=["tracing"],
    )
    return mother, brother


def test_two_relatives_reports_of_one_person_are_flagged_as_possible_duplicates(
    two_relatives, caseworker
):
    mother, brother = two_relatives

    pair = PossibleDuplicate.objects.get()
    assert {pair.report_id, pair.other_id} == {mother.pk, brother.pk}
    assert pair.score > 0.5
    shown = selectors.duplicates_for_report(user=caseworker, report=mother)
    assert [p.other_report.pk for p in shown] == [brother.pk]
    assert "names" in shown[0].shown_explanation


def test_a_different_person_or_another_organisations_report_is_no_duplicate(
    caseworker, other_caseworker
):
    _report(caseworker)
    _report(caseworker, name="Amina Yusuf", sex="F", birth_date="2004", place="Agadez")
    _report(other_caseworker)  # the same man, reported to another organisation

    assert not PossibleDuplicate.objects.exists()


def test_merging_keeps_both_enquirers_and_everything_of_the_duplicate(two_relatives, caseworker):
    mother, brother = two_relatives
    found = services.record_create(
        actor=caseworker, model=FoundPerson, name="Mohamed Abdelrahman", birth_date="1998"
    )
    services.contact_log_add(actor=caseworker, report=brother, means="phone", note="Called Ali")
    services.support_referral_add(
        actor=caseworker,
        report=brother,
        to_whom="Family support group, Khartoum",
        referred_on=timezone.localdate(),
    )
    brother_candidate = Candidate.objects.get(report=brother, found_person=found)
    # The kept report has its own candidate of the same found person: the duplicate's
    # stays with the duplicate, nothing is overwritten.
    assert Candidate.objects.filter(report=mother, found_person=found).exists()

    services.report_merge(actor=caseworker, kept=mother, duplicate=brother)

    mother.refresh_from_db()
    brother.refresh_from_db()
    assert mother.enquirer["name"] == "Fatima"
    assert [(e["name"], e["report"]) for e in mother.other_enquirers] == [("Ali", brother.pk)]
    assert mother.description == "Scar on the left hand"  # a value the kept report lacked
    assert ContactLogEntry.objects.get(note_sealed__isnull=False).report_id == mother.pk
    assert mother.support_referrals.get().to_whom == "Family support group, Khartoum"
    assert Candidate.objects.filter(pk=brother_candidate.pk).exists()
    assert (brother.status, brother.closed_reason, brother.merged_into_id) == (
        ReportStatus.CLOSED,
        "duplicate",
        mother.pk,
    )
    assert PossibleDuplicate.objects.get().status == "merged"
    # The brother's consents stay his, recorded on his report, and are shown with him.
    assert selectors.other_enquirers_of(mother)[0]["consents"] == ["tracing"]
    merged = AuditEntry.objects.filter(action="waypost.tracing.missingpersonreport.merged")
    assert {e.record_id for e in merged} == {str(mother.pk), str(brother.pk)}


def test_a_merged_report_is_matched_no_more_and_cannot_be_reopened(two_relatives, caseworker):
    mother, brother = two_relatives
    services.report_merge(actor=caseworker, kept=mother, duplicate=brother)

    services.record_create(
        actor=caseworker, model=FoundPerson, name="Mohamed Abdelrahman", birth_date="1998"
    )

    assert not Candidate.objects.filter(report=brother).exists()
    assert Candidate.objects.filter(report=mother).exists()
    with pytest.raises(Exception, match="merged into another"):
        services.report_reopen(actor=caseworker, report=brother, reason="mistake")


def test_closing_needs_a_reason_of_the_vocabulary_and_words_for_other(caseworker):
    report = _report(caseworker)

    with pytest.raises(Exception, match="Choose a reason"):
        services.report_close(actor=caseworker, report=report, reason="bored")
    with pytest.raises(Exception, match="Say why"):
        services.report_close(actor=caseworker, report=report, reason="other")

    services.report_close(
        actor=caseworker, report=report, reason="other", note="The family moved away"
    )
    report.refresh_from_db()
    assert (report.status, report.closed_reason, report.closed_note) == (
        "closed",
        "other",
        "The family moved away",
    )
    assert AuditEntry.objects.filter(
        action="waypost.tracing.missingpersonreport.closed", record_id=str(report.pk)
    ).exists()


def test_reopening_restores_the_status_its_candidates_give_and_logs_why(caseworker):
    report = _report(caseworker)
    services.report_close(actor=caseworker, report=report, reason="family_withdrew")

    services.report_reopen(actor=caseworker, report=report, reason="The mother called again")

    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN and report.closed_reason == ""
    assert "The mother called again" in report.contacts.get().note


def test_retention_never_deletes_an_open_case_but_deletes_a_closed_one(caseworker, settings):
    settings.RETENTION_DAYS = {"tracing": 30}
    quiet = _report(caseworker)
    closed = _report(caseworker, name="Amina Yusuf", sex="F", birth_date="2004")
    services.report_close(actor=caseworker, report=closed, reason="found_alive")
    long_ago = timezone.now() - timedelta(days=11 * 365)
    MissingPersonReport.objects.filter(pk__in=[quiet.pk, closed.pk]).update(updated_at=long_ago)

    retention_apply()

    assert MissingPersonReport.objects.filter(pk=quiet.pk).exists()
    assert not MissingPersonReport.objects.filter(pk=closed.pk).exists()


def test_the_caseload_lists_my_open_reports_with_last_contact_and_next_update(
    client, caseworker, make_user, organisation
):
    colleague = make_user(organisation, Role.CASEWORKER)
    mine = _report(caseworker)
    theirs = _report(caseworker, name="Amina Yusuf", sex="F", birth_date="2004")
    due = timezone.localdate() + timedelta(days=7)
    services.report_schedule(
        actor=caseworker, report=mine, assigned_to=caseworker, next_update_due=due
    )
    services.report_schedule(
        actor=caseworker, report=theirs, assigned_to=colleague, next_update_due=due
    )
    services.contact_log_add(actor=caseworker, report=mine, means="phone", note="Called")

    assert client.login(username=caseworker.username, password=PASSWORD)
    page = client.get("/en/tracing/caseload/").content.decode()

    assert "Mohamed Abdelrahman" in page and "Amina Yusuf" not in page
    assert due.isoformat() in page
    assert timezone.localdate().isoformat() in page  # the last contact


def test_a_case_cannot_be_given_to_someone_of_another_organisation(caseworker, other_caseworker):
    report = _report(caseworker)
    with pytest.raises(Exception, match="caseworker of your organisation"):
        services.report_schedule(
            actor=caseworker, report=report, assigned_to=other_caseworker, next_update_due=None
        )


@pytest.fixture
def overdue_case(caseworker, make_user, organisation):
    caseworker.email = "caseworker@example.org"
    caseworker.save()
    report = _report(caseworker)
    services.report_schedule(
        actor=caseworker,
        report=report,
        assigned_to=caseworker,
        next_update_due=timezone.localdate() - timedelta(days=3),
    )
    found = services.record_create(
        actor=caseworker,
        model=FoundPerson,
        name="Mohamed Abdelrahman",
        birth_date="1998-03-02",
        share_consent="family",
    )
    candidate = Candidate.objects.get(report=report, found_person=found)
    for reviewer in (caseworker, make_user(organisation)):
        services.candidate_review(
            actor=reviewer, candidate=candidate, decision="confirm", reasons="Same person"
        )
    notification = FamilyNotification.objects.get()
    services.notification_update(
        actor=caseworker,
        notification=notification,
        assigned_to=caseworker,
        due_on=timezone.localdate() - timedelta(days=1),
    )
    return report, notification


def test_overdue_notifications_and_updates_are_listed(client, caseworker, overdue_case):
    assert client.login(username=caseworker.username, password=PASSWORD)
    page = client.get("/en/tracing/overdue/").content.decode()

    assert "Families to be told of a confirmed match" in page
    assert page.count("Mohamed Abdelrahman") == 2  # once as a notification, once as an update
    home = client.get("/en/").content.decode()
    assert "/en/tracing/overdue/" in home


def test_the_reminder_is_sent_once_a_day_to_the_assigned_person_and_names_no_one(
    caseworker, overdue_case
):
    call_command("tracing", "remind")
    call_command("tracing", "remind")  # a scheduler running it again the same day

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["caseworker@example.org"]
    assert "1 family is waiting to be told" in message.body
    assert "1 family of your caseload is past the day set" in message.body
    assert "Mohamed" not in message.body and "Kufra" not in message.body
    assert ReminderSent.objects.get().items == 2


def test_a_support_referral_is_recorded_and_answered(caseworker):
    report = _report(caseworker)
    referral = services.support_referral_add(
        actor=caseworker,
        report=report,
        to_whom="MSF psychologist, Agadez",
        referred_on=timezone.localdate(),
    )
    services.support_referral_answer(actor=caseworker, referral=referral, response="declined")

    referral.refresh_from_db()
    assert (referral.response, referral.to_whom) == ("declined", "MSF psychologist, Agadez")
    assert AuditEntry.objects.filter(action="waypost.tracing.support.answered").exists()


def test_the_edit_page_changes_identity_and_enquirer_audited_and_matches_again(client, caseworker):
    report = _report(caseworker, enquirer={"name": "Fatima", "relationship": "mother"})
    found = services.record_create(
        actor=caseworker, model=FoundPerson, name="Amina Yusuf", sex="F", birth_date="2004"
    )
    assert not Candidate.objects.filter(found_person=found).exists()
    assert client.login(username=caseworker.username, password=PASSWORD)
    form = client.get(f"/en/tracing/missing/{report.pk}/edit/").content.decode()
    assert 'value="Fatima"' in form

    response = client.post(
        f"/en/tracing/missing/{report.pk}/edit/",
        {
            "name": "Amina Yusuf",
            "sex": "F",
            "birth_date": "2004",
            "enquirer_name": "Fatima Idris",
            "enquirer_relationship": "mother",
        },
    )

    assert response.status_code == 302
    report = MissingPersonReport.objects.get(pk=report.pk)
    assert (report.name, report.enquirer["name"]) == ("Amina Yusuf", "Fatima Idris")
    assert Candidate.objects.filter(report=report, found_person=found).exists()
    assert AuditEntry.objects.filter(
        action="waypost.tracing.missingpersonreport.updated", record_id=str(report.pk)
    ).exists()


def test_the_report_page_lists_duplicates_and_merges_from_them(client, caseworker, two_relatives):
    mother, brother = two_relatives
    assert client.login(username=caseworker.username, password=PASSWORD)

    page = client.get(f"/ar/tracing/missing/{mother.pk}/").content.decode()
    assert f'name="duplicate" value="{brother.pk}"' in page
    listed = client.get("/en/tracing/duplicates/").content.decode()
    assert "محمد عبد الرحمن" in listed

    client.post(f"/en/tracing/missing/{mother.pk}/merge/", {"duplicate": brother.pk})
    page = client.get(f"/en/tracing/missing/{mother.pk}/").content.decode()
    assert "Further enquirers" in page and "Ali" in page
    closed = client.get(f"/en/tracing/missing/{brother.pk}/").content.decode()
    assert f"/en/tracing/missing/{mother.pk}/" in closed


def test_the_page_closes_and_reopens_a_case(client, caseworker):
    report = _report(caseworker)
    assert client.login(username=caseworker.username, password=PASSWORD)

    client.post(f"/en/tracing/missing/{report.pk}/close/", {"reason": "found_alive"})
    report.refresh_from_db()
    assert report.closed_reason == "found_alive"
    page = client.get(f"/fr/tracing/missing/{report.pk}/").content.decode()
    assert f"/fr/tracing/missing/{report.pk}/reopen/" in page
    assert f"/fr/tracing/missing/{report.pk}/close/" not in page

    client.post(f"/en/tracing/missing/{report.pk}/reopen/", {"reason": "Wrong person"})
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


def test_the_api_closes_reopens_and_merges(api_client_for, caseworker, two_relatives):
    mother, brother = two_relatives
    api = api_client_for(caseworker)

    duplicates = api.get(f"/api/v1/missing-persons/{mother.pk}/duplicates/").json()["results"]
    assert [d["report"] for d in duplicates] == [brother.pk]

    merged = api.post(
        f"/api/v1/missing-persons/{mother.pk}/merge/", {"duplicate": brother.pk}, format="json"
    )
    assert merged.status_code == 200, merged.content
    assert merged.json()["other_enquirers"][0]["name"] == "Ali"
    assert api.get(f"/api/v1/missing-persons/{brother.pk}/").json()["merged_into"] == mother.pk

    bad = api.post(f"/api/v1/missing-persons/{mother.pk}/close/", {"reason": "x"}, format="json")
    assert bad.status_code == 400
    closed = api.post(
        f"/api/v1/missing-persons/{mother.pk}/close/",
        {"reason": "identified_deceased"},
        format="json",
    )
    assert closed.json()["status"] == "closed"
    assert closed.json()["closed_reason"] == "identified_deceased"
    reopened = api.post(
        f"/api/v1/missing-persons/{mother.pk}/reopen/", {"reason": "Error"}, format="json"
    )
    assert reopened.json()["status"] == "open"
    again = api.post(
        f"/api/v1/missing-persons/{brother.pk}/reopen/", {"reason": "Error"}, format="json"
    )
    assert again.status_code == 400
    assert again["Content-Type"].startswith("application/problem+json")


def test_another_organisation_cannot_close_or_merge(
    api_client_for, other_caseworker, two_relatives
):
    mother, brother = two_relatives
    api = api_client_for(other_caseworker)

    assert (
        api.post(
            f"/api/v1/missing-persons/{mother.pk}/close/", {"reason": "other"}, format="json"
        ).status_code
        == 404
    )
    assert (
        api.post(
            f"/api/v1/missing-persons/{mother.pk}/merge/", {"duplicate": brother.pk}, format="json"
        ).status_code
        == 404
    )
