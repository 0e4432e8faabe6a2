from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from waypost.accounts.roles import Role
from waypost.conftest import PASSWORD
from waypost.protection.audit import audit_record
from waypost.protection.models import SharingAgreement


def test_an_auditor_searches_the_log_of_their_organisation_only(
    client, make_user, organisation, caseworker, other_caseworker
):
    audit_record(
        actor=caseworker,
        action="waypost.tracing.foundperson.read",
        record_type="tracing.foundperson",
        record_id=7,
        purpose="tracing",
    )
    audit_record(
        actor=other_caseworker,
        action="waypost.tracing.foundperson.read",
        record_type="tracing.foundperson",
        record_id=8,
        purpose="tracing",
    )
    auditor = make_user(organisation, Role.AUDITOR)
    client.login(username=auditor.username, password=PASSWORD)

    page = client.get("/en/protection/audit/", {"action": "waypost.tracing"}).content.decode()

    assert "opened a found person&#x27;s record" in page or "opened a found person's record" in page
    assert "tracing.foundperson:7" in page
    assert "tracing.foundperson:8" not in page


def test_a_caseworker_cannot_read_the_audit_log(client, caseworker):
    client.login(username=caseworker.username, password=PASSWORD)

    assert client.get("/en/protection/audit/").status_code == 403


def test_two_admins_make_an_agreement_and_one_revokes_it(
    client, admin, make_user, other_organisation
):
    other_admin = make_user(other_organisation, Role.ADMIN)
    client.login(username=admin.username, password=PASSWORD)
    client.post(
        "/en/protection/agreements/",
        {
            "recipient": other_organisation.pk,
            "purpose": "tracing",
            "categories": ["tracing", "whereabouts"],
        },
    )
    agreement = SharingAgreement.objects.get()
    assert agreement.provider_approved_at and not agreement.recipient_approved_at

    client.login(username=other_admin.username, password=PASSWORD)
    client.post(f"/en/protection/agreements/{agreement.pk}/approve/")
    agreement.refresh_from_db()
    assert agreement.recipient_approved_at is not None

    client.post(f"/en/protection/agreements/{agreement.pk}/revoke/")
    agreement.refresh_from_db()
    assert agreement.revoked_at is not None


def test_agreements_of_other_organisations_are_not_found(client, admin, make_organisation):
    first, second = make_organisation(), make_organisation()
    from waypost.protection.services import agreement_grant

    agreement = agreement_grant(provider=first, recipient=second, purpose="tracing")
    client.login(username=admin.username, password=PASSWORD)

    assert client.post(f"/en/protection/agreements/{agreement.pk}/revoke/").status_code == 404


def _proposed(client, admin, other_organisation, **extra):
    client.login(username=admin.username, password=PASSWORD)
    client.post(
        "/en/protection/agreements/",
        {"recipient": other_organisation.pk, "purpose": "tracing", "categories": ["tracing"]}
        | extra,
    )
    return SharingAgreement.objects.get()


def test_an_unknown_agreement_action_is_refused_and_changes_nothing(
    client, admin, make_user, other_organisation
):
    agreement = _proposed(client, admin, other_organisation)
    client.login(username=make_user(other_organisation, Role.ADMIN).username, password=PASSWORD)

    for typo in ("aprove", "reject ", "delete"):
        response = client.post(f"/en/protection/agreements/{agreement.pk}/{typo}/")
        assert response.status_code == 400
        assert "approve, reject or revoke" in response.content.decode()

    agreement.refresh_from_db()
    assert agreement.revoked_at is None and agreement.rejected_at is None
    assert agreement.recipient_approved_at is None


def test_the_receiving_admin_rejects_a_proposal(client, admin, make_user, other_organisation):
    agreement = _proposed(client, admin, other_organisation)
    client.login(username=make_user(other_organisation, Role.ADMIN).username, password=PASSWORD)

    client.post(f"/en/protection/agreements/{agreement.pk}/reject/")

    agreement.refresh_from_db()
    assert agreement.rejected_at is not None
    assert agreement.revoked_at is None and agreement.recipient_approved_at is None
    assert "Rejected" in client.get("/en/protection/agreements/").content.decode()


def test_the_start_date_is_set_in_the_form(client, admin, other_organisation):
    starts = timezone.localdate() + timedelta(days=30)

    agreement = _proposed(client, admin, other_organisation, starts_on=starts.isoformat())

    assert agreement.starts_on == starts


@pytest.mark.parametrize("field", ["starts_on", "expires_on"])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_an_agreement_date_out_of_range_gets_a_form_error(
    client, admin, other_organisation, field, day
):
    client.login(username=admin.username, password=PASSWORD)

    response = client.post(
        "/en/protection/agreements/",
        {
            "recipient": other_organisation.pk,
            "purpose": "tracing",
            "categories": ["tracing"],
            field: day,
        },
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not SharingAgreement.objects.exists()
