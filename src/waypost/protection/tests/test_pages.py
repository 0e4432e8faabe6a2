from __future__ import annotations

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
