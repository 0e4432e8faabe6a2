from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from waypost.accounts import services as accounts
from waypost.accounts.roles import OrganisationKind, Permission, Role, role_has
from waypost.core.exceptions import ApplicationError
from waypost.protection import services
from waypost.protection.access import firewall_allows, scoped, shared_sources
from waypost.protection.models import (
    FIREWALLED_CATEGORIES,
    AuditEntry,
    DataCategory,
    Purpose,
    SharingAgreement,
)
from waypost.tracing.models import FoundPerson


def test_a_granted_agreement_shares_the_purposes_categories(organisation, other_organisation):
    services.agreement_grant(provider=other_organisation, recipient=organisation, purpose="tracing")

    assert shared_sources(recipient=organisation, purpose="tracing") == {
        (other_organisation.pk, "tracing"),
        (other_organisation.pk, "whereabouts"),
    }
    assert shared_sources(recipient=organisation, purpose="identification") == set()
    assert shared_sources(recipient=other_organisation, purpose="tracing") == set()


def test_an_agreement_approved_by_one_side_only_shares_nothing(
    admin, organisation, other_organisation
):
    services.agreement_propose(
        actor=admin, provider=organisation, recipient=other_organisation, purpose="tracing"
    )

    assert shared_sources(recipient=other_organisation, purpose="tracing") == set()


def test_revoking_stops_sharing_at_once(organisation, other_organisation):
    agreement = services.agreement_grant(
        provider=other_organisation, recipient=organisation, purpose="tracing"
    )

    services.agreement_revoke(actor=None, agreement=agreement)

    assert shared_sources(recipient=organisation, purpose="tracing") == set()


def test_enforcement_never_receives_whereabouts_whatever_the_agreement(
    organisation, enforcement_organisation
):
    services.agreement_grant(
        provider=organisation,
        recipient=enforcement_organisation,
        purpose="tracing",
        categories=list(DataCategory.values),
    )

    received = {
        category
        for _, category in shared_sources(recipient=enforcement_organisation, purpose="tracing")
    }
    assert received.isdisjoint(FIREWALLED_CATEGORIES)
    assert "whereabouts" not in received and "abuse_report" not in received


def test_the_sharing_command_grants_and_revokes(organisation, other_organisation, capsys):
    call_command(
        "sharing", "grant", other_organisation.slug, organisation.slug, "--purpose", "tracing"
    )
    assert SharingAgreement.objects.get().recipient_approved_at is not None
    assert shared_sources(recipient=organisation, purpose="tracing")

    call_command(
        "sharing", "revoke", other_organisation.slug, organisation.slug, "--purpose", "tracing"
    )
    assert shared_sources(recipient=organisation, purpose="tracing") == set()


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    # Every kind, so law-enforcement and border authorities (ENFORCEMENT_KINDS) come up.
    members=st.lists(
        st.tuples(st.sampled_from(OrganisationKind.values), st.sampled_from(Role.values)),
        min_size=2,
        max_size=4,
    ),
    grants=st.lists(
        st.tuples(
            st.integers(0, 3),
            st.integers(0, 3),
            st.sampled_from(Purpose.values),
            st.lists(st.sampled_from(DataCategory.values), max_size=4),
            st.sampled_from(["current", "revoked", "not_started", "expired"]),
        ),
        max_size=6,
    ),
    purpose=st.sampled_from(Purpose.values),
)
def test_nothing_is_received_without_a_current_agreement_or_past_the_firewall(
    members, grants, purpose
):
    SharingAgreement.objects.all().delete()
    FoundPerson.objects.all().delete()
    today = timezone.localdate()
    organisations = [
        accounts.organisation_create(name=f"Org {i} {kind}", kind=kind, country="ITA")
        for i, (kind, _) in enumerate(members)
    ]
    users = [
        accounts.user_create(
            username=f"u{i}-{organisation.pk}", organisation=organisation, role=role
        )
        for i, (organisation, (_, role)) in enumerate(zip(organisations, members, strict=True))
    ]
    # One record of every category in every organisation: what scoped() may return.
    records = {
        (organisation.pk, category): FoundPerson.objects.create(
            organisation=organisation, data_category=category
        ).pk
        for organisation in organisations
        for category in DataCategory.values
    }
    expected: dict[int, set[tuple[int, str]]] = {o.pk: set() for o in organisations}
    for provider_i, recipient_i, grant_purpose, categories, state in grants:
        provider = organisations[provider_i % len(organisations)]
        recipient = organisations[recipient_i % len(organisations)]
        if provider == recipient:
            continue
        agreement = services.agreement_grant(
            provider=provider,
            recipient=recipient,
            purpose=grant_purpose,
            categories=categories,
            starts_on=today + timedelta(days=2) if state == "not_started" else None,
        )
        if state == "revoked":
            services.agreement_revoke(actor=None, agreement=agreement)
        elif state == "expired":
            SharingAgreement.objects.filter(pk=agreement.pk).update(
                starts_on=today - timedelta(days=9), expires_on=today - timedelta(days=1)
            )
        elif state == "current" and grant_purpose == purpose:
            expected[recipient.pk] |= {
                (provider.pk, c) for c in categories if firewall_allows(recipient, c)
            }

    for organisation, user in zip(organisations, users, strict=True):
        received = shared_sources(recipient=organisation, purpose=purpose)
        assert received == expected[organisation.pk]
        assert all(owner != organisation.pk for owner, _ in received)
        if organisation.is_enforcement:
            assert all(c not in FIREWALLED_CATEGORIES for _, c in received)

        visible = set(scoped(FoundPerson.objects.all(), user=user, purpose=purpose))
        if not role_has(user.role, Permission.VIEW_PERSONAL_DATA):
            assert visible == set()  # admins, analysts, operators, auditors: no records
            continue
        own = {pk for (owner, _), pk in records.items() if owner == organisation.pk}
        shared = {records[source] for source in expected[organisation.pk]}
        assert {record.pk for record in visible} == own | shared
        if organisation.is_enforcement:
            assert not any(
                r.organisation_id != organisation.pk and r.data_category in FIREWALLED_CATEGORIES
                for r in visible
            )


def test_an_agreement_shares_nothing_before_its_start_date(organisation, other_organisation):
    today = timezone.localdate()
    agreement = services.agreement_grant(
        provider=other_organisation,
        recipient=organisation,
        purpose="tracing",
        starts_on=today + timedelta(days=3),
    )
    assert agreement.starts_on == today + timedelta(days=3)
    assert shared_sources(recipient=organisation, purpose="tracing") == set()

    SharingAgreement.objects.filter(pk=agreement.pk).update(starts_on=today)

    assert shared_sources(recipient=organisation, purpose="tracing") == {
        (other_organisation.pk, "tracing"),
        (other_organisation.pk, "whereabouts"),
    }


def test_the_sharing_command_sets_the_start_date(organisation, other_organisation, capsys):
    starts = timezone.localdate() + timedelta(days=10)
    call_command(
        "sharing",
        "grant",
        other_organisation.slug,
        organisation.slug,
        "--purpose",
        "tracing",
        "--starts",
        starts.isoformat(),
    )

    assert SharingAgreement.objects.get().starts_on == starts
    assert shared_sources(recipient=organisation, purpose="tracing") == set()


def test_an_agreement_cannot_expire_before_it_starts(organisation, other_organisation):
    today = timezone.localdate()
    with pytest.raises(ApplicationError):
        services.agreement_grant(
            provider=other_organisation,
            recipient=organisation,
            purpose="tracing",
            starts_on=today + timedelta(days=5),
            expires_on=today + timedelta(days=1),
        )


def test_a_rejected_proposal_never_comes_into_force(admin, make_user, other_organisation):
    other_admin = make_user(other_organisation, Role.ADMIN)
    agreement = services.agreement_propose(
        actor=admin, provider=admin.organisation, recipient=other_organisation, purpose="tracing"
    )

    services.agreement_reject(actor=other_admin, agreement=agreement)

    assert agreement.rejected_at is not None and agreement.revoked_at is None
    with pytest.raises(ApplicationError):
        services.agreement_approve(actor=other_admin, agreement=agreement)
    SharingAgreement.objects.filter(pk=agreement.pk).update(
        recipient_approved_at=timezone.now()
    )  # even approved behind the service's back, a rejection holds
    assert shared_sources(recipient=other_organisation, purpose="tracing") == set()
    assert AuditEntry.objects.filter(action="waypost.sharing.rejected").count() == 1


def test_an_agreement_in_force_is_revoked_not_rejected(admin, make_user, other_organisation):
    other_admin = make_user(other_organisation, Role.ADMIN)
    agreement = services.agreement_propose(
        actor=admin, provider=admin.organisation, recipient=other_organisation, purpose="tracing"
    )
    with pytest.raises(ApplicationError):  # the proposer approved it: they revoke instead
        services.agreement_reject(actor=admin, agreement=agreement)
    services.agreement_approve(actor=other_admin, agreement=agreement)

    with pytest.raises(ApplicationError):
        services.agreement_reject(actor=other_admin, agreement=agreement)
    assert shared_sources(recipient=other_organisation, purpose="tracing")
