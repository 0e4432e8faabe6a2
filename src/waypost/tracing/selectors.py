"""Reads of the tracing workflow, always through the protection layer's scoping.

Lists and records: the caller's own organisation's. Candidates: also other organisations'
records that share with the caller's organisation (tracing, identification), shown with
minimal disclosure (that a candidate exists, its score and why, the last two only if a
found person consented) until confirmed. Whether another organisation's record may be
known at all is ``protection.access.record_visible_to``'s answer, here as everywhere.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from waypost.accounts.models import Organisation, User
from waypost.accounts.roles import Permission
from waypost.core.exceptions import NotFound
from waypost.protection.access import record_visible_to, scoped, scoped_get
from waypost.protection.audit import audit_record
from waypost.protection.models import Consent, Purpose
from waypost.protection.services import consent_allows
from waypost.tracing import scores, search
from waypost.tracing.explanations import evidence_rows, evidence_text
from waypost.tracing.models import (
    ENQUIRER_CONSENT_SUBJECT,
    FOUND_PERSON_CONSENT_SUBJECT,
    Candidate,
    CandidateStatus,
    FamilyNotification,
    FoundPerson,
    MissingPersonReport,
    PersonPhoto,
    PersonRecord,
    ShareConsent,
    UnidentifiedRemains,
)

PURPOSES = ("tracing", "identification")
REVIEW_QUEUE_SIZE = 200


def records_visible_to(*, user: User, model: type[PersonRecord]) -> QuerySet[PersonRecord]:
    return scoped(model._default_manager.all(), user=user, purpose="tracing", include_shared=False)


def records_listed(*, user: User, model: type[PersonRecord], records: list[PersonRecord]) -> None:
    """Audit a list shown to the user: a list discloses names as a record does."""
    audit_record(
        actor=user,
        action=f"waypost.tracing.{model._meta.model_name}.listed",
        record_type=model._meta.label_lower,
        purpose="tracing",
        detail={"records": [r.pk for r in records]},
    )


def records_search(*, user: User, model: type[PersonRecord], text: str) -> list[PersonRecord]:
    """The caller's records whose name or place corresponds to ``text`` in any script, best
    first (``search``), audited like a list with what was found, never what was typed."""
    found = search.search(records_visible_to(user=user, model=model), text)
    audit_record(
        actor=user,
        action=f"waypost.tracing.{model._meta.model_name}.searched",
        record_type=model._meta.label_lower,
        purpose="tracing",
        detail={"records": [r.pk for r in found], "parts": len(search.parts(text))},
    )
    return found


def record_get(*, user: User, model: type[PersonRecord], pk: object) -> PersonRecord:
    record = scoped_get(model._default_manager.all(), pk, user=user, purpose="tracing")
    if record.organisation_id != user.organisation_id:
        raise NotFound("Not found.")
    audit_record(
        actor=user,
        action=f"waypost.tracing.{model._meta.model_name}.read",
        record=record,
        purpose="tracing",
    )
    return record


def enquirer_consents(report: MissingPersonReport) -> set[str]:
    """The purposes the enquirer currently agrees to (Purpose values)."""
    return set(enquirer_consent_methods(report)) & set(Purpose.values)


def enquirer_consent_methods(report: MissingPersonReport) -> dict[str, str]:
    """How the enquirer gave each consent they currently hold (ConsentMethod values)."""
    return dict(
        Consent.objects.filter(
            subject_type=ENQUIRER_CONSENT_SUBJECT,
            subject_id=str(report.pk),
            withdrawn_at__isnull=True,
        )
        .order_by("recorded_at")
        .values_list("purpose", "method")
    )


def candidate_visible(candidate: Candidate, *, user: User) -> bool:
    """The caller may know of this candidate, from either side of it.

    The enquirer's consent comes first: remains are compared only if they agreed to
    identification, records of other organisations only if they agreed to tracing. Then
    both records must be visible to the caller (``access.record_visible_to``): their own
    organisation's, or shared with it past the firewall. The caller usually holds the
    report (candidate pages) but can hold the other side (the export of a found person).
    """
    report, other = candidate.report, candidate.other
    consents = enquirer_consents(report)
    if isinstance(other, UnidentifiedRemains) and "identification" not in consents:
        return False
    if other.organisation_id != report.organisation_id and "tracing" not in consents:
        return False
    return all(record_visible_to(user, record, purposes=PURPOSES) for record in (report, other))


def record_disclosable(record: PersonRecord, *, recipient: Organisation) -> bool:
    """Whether a file for ``recipient`` may carry ``record`` whole (the PFIF export).

    The owner's own copy carries everything. For anyone else the record must be visible to
    them (``access.record_visible_to``: an agreement in force, past the firewall, so never
    a family's enquiry or a found person's whereabouts to law enforcement or a border
    authority), and the person must have agreed to it being shared: the enquirer to
    tracing, the found person to being shared with tracing organisations.
    """
    if record.organisation_id == recipient.pk:
        return True
    if not record_visible_to(recipient, record, purposes=PURPOSES):
        return False
    if isinstance(record, MissingPersonReport):
        return "tracing" in enquirer_consents(record)
    if isinstance(record, FoundPerson):
        return record.share_consent == ShareConsent.ORGANISATIONS and consent_allows(
            subject_type=FOUND_PERSON_CONSENT_SUBJECT, subject_id=record.pk, purpose="tracing"
        )
    return True


def _withheld(candidate: Candidate, *, user: User) -> bool:
    """A found person of another organisation who did not consent to share more."""
    other = candidate.other
    return (
        isinstance(other, FoundPerson)
        and other.organisation_id != user.organisation_id
        and not consent_allows(
            subject_type=FOUND_PERSON_CONSENT_SUBJECT, subject_id=other.pk, purpose="tracing"
        )
    )


def candidate_explanation(candidate: Candidate, *, user: User) -> str:
    """Why this candidate, unless a found person of another organisation did not consent.

    Without the person's consent, the family's organisation may learn only that someone
    recorded elsewhere may be the person sought, is alive, and did not consent to share more.
    """
    if _withheld(candidate, user=user):
        return gettext(
            "A person recorded by another organisation may be the person sought. They are alive "
            "and did not consent to share more."
        )
    if candidate.evidence:
        return evidence_text(candidate.evidence)
    return candidate.explanation


def candidate_assessment(candidate: Candidate) -> scores.Assessment:
    """The candidate's score on its kind's scale, from the evidence its explanation shows.

    Computed as it is read rather than taken from the stored score, so that what a page
    shows always agrees with the weights beside it (the stored score orders the queue).
    """
    if candidate.evidence:
        return scores.assess(candidate.kind, candidate.evidence)
    return scores.assess_probability(candidate.kind, candidate.score)


def candidate_score(candidate: Candidate, *, user: User) -> float | None:
    """The score, unless the person did not consent (as for the explanation).

    The score moves with every compared value: trying place after place in reports of the
    same name would tell, by the score alone, where the person is.
    """
    if _withheld(candidate, user=user):
        return None
    return round(candidate_assessment(candidate).probability, 4)


def _shown(candidate: Candidate, *, user: User) -> Candidate:
    """The candidate with what the caller may read of it: ``shown_explanation``,
    ``shown_score``, and with a score ``shown_assessment`` (number, words, what it rests
    on) and ``shown_evidence`` (the weights, one row per comparison)."""
    candidate.shown_explanation = candidate_explanation(candidate, user=user)  # type: ignore[attr-defined]
    candidate.shown_score = candidate_score(candidate, user=user)  # type: ignore[attr-defined]
    withheld = candidate.shown_score is None  # type: ignore[attr-defined]
    candidate.shown_assessment = None if withheld else candidate_assessment(candidate)  # type: ignore[attr-defined]
    candidate.shown_evidence = (  # type: ignore[attr-defined]
        [] if withheld or not candidate.evidence else evidence_rows(candidate.evidence)
    )
    return candidate


def candidate_disclosed(candidate: Candidate, actor: User | None) -> dict[str, Any] | None:
    """A candidate in a person export: what the candidate pages show the actor, or nothing.

    The sealed evidence and the engine's own sentence quote both records' values, so the
    export gives the explanation the actor may read (``candidate_explanation``), never them.
    """
    if actor is None or not candidate_visible(candidate, user=actor):
        return None
    report, other = candidate.report, candidate.other
    elsewhere = next(
        (r for r in (report, other) if r.organisation_id != actor.organisation_id), None
    )
    return {
        "id": candidate.pk,
        "report": candidate.report_id,
        "found_person": candidate.found_person_id,
        "remains": candidate.remains_id,
        "organisation": (elsewhere or other).organisation.slug,
        "score": candidate_score(candidate, user=actor),
        "status": candidate.status,
        "explanation": candidate_explanation(candidate, user=actor),
        "created_at": candidate.created_at.isoformat(),
        "updated_at": candidate.updated_at.isoformat(),
    }


def notification_disclosed(
    notification: FamilyNotification, actor: User | None
) -> dict[str, Any] | None:
    """Telling the family, in a person export: as the candidate page shows it, or nothing."""
    candidate = notification.candidate
    if actor is None or not candidate_visible(candidate, user=actor):
        return None
    return {
        "candidate": candidate.pk,
        "who_tells": notification.assigned_to.get_username() if notification.assigned_to else "",
        "due_on": notification.due_on.isoformat() if notification.due_on else None,
        "language": notification.language,
        "support": notification.support,
        "outcome": notification.outcome,
        "told_on": notification.done_at.date().isoformat() if notification.done_at else None,
    }


def candidates_for_report(*, user: User, report_id: object) -> list[Candidate]:
    """The report's candidates the caller may see, best first, excluded ones last."""
    report = record_get(user=user, model=MissingPersonReport, pk=report_id)
    assert isinstance(report, MissingPersonReport)  # noqa: S101
    candidates = [
        _shown(candidate, user=user)
        for candidate in report.candidates.select_related("found_person", "remains", "report")
        if candidate_visible(candidate, user=user)
    ]
    # Withheld scores go after the others: placed among them, they would show the score.
    candidates.sort(
        key=lambda c: (
            c.status == CandidateStatus.EXCLUDED,
            c.shown_score is None,  # type: ignore[attr-defined]
            -(c.shown_score or 0),  # type: ignore[attr-defined]
        )
    )
    audit_record(
        actor=user,
        action="waypost.tracing.candidates.read",
        record=report,
        purpose="tracing",
        detail={"candidates": [c.pk for c in candidates]},
    )
    return candidates


def review_queue(*, user: User) -> list[Candidate]:
    """Candidates of the caller's reports awaiting a decision, best first, as they may see them."""
    if not user.has_role_permission(Permission.REVIEW_CANDIDATES):
        return []
    pending = (
        Candidate.objects.filter(
            report__organisation_id=user.organisation_id or 0,
            status__in=[CandidateStatus.SUGGESTED, CandidateStatus.UNDER_REVIEW],
        )
        .select_related("report", "found_person", "remains")
        .order_by("-score")[:REVIEW_QUEUE_SIZE]
    )
    candidates = [_shown(c, user=user) for c in pending if candidate_visible(c, user=user)]
    candidates.sort(
        key=lambda c: (c.shown_score is None, -(c.shown_score or 0))  # type: ignore[attr-defined]
    )
    return candidates


def candidate_get(*, user: User, pk: int) -> Candidate:
    if not user.has_role_permission(Permission.REVIEW_CANDIDATES):
        raise NotFound("Not found.")
    candidate = (
        Candidate.objects.filter(pk=pk, report__organisation_id=user.organisation_id or 0)
        .select_related("report", "found_person", "remains")
        .first()
    )
    if candidate is None or not candidate_visible(candidate, user=user):
        raise NotFound("Not found.")
    _shown(candidate, user=user)
    audit_record(
        actor=user, action="waypost.tracing.candidate.read", record=candidate, purpose="tracing"
    )
    return candidate


def photo_get(*, user: User, photo_id: int) -> PersonPhoto:
    """A photo, if the user may see the record it belongs to (audited like the record)."""
    photo = PersonPhoto.objects.filter(
        pk=photo_id, organisation_id=user.organisation_id or 0
    ).first()
    if photo is None or not user.has_role_permission(Permission.VIEW_PERSONAL_DATA):
        raise NotFound("Not found.")
    audit_record(actor=user, action="waypost.tracing.photo.viewed", record=photo, purpose="tracing")
    return photo


# What a statistical release (waypost.releases) may group missing-person reports by.
STATISTICS_DIMENSIONS = ("year", "sex", "age_group", "nationality")
# Children, working age, older persons (the broad groups of the UN Recommendations on
# Statistics of International Migration).
AGE_GROUPS = ((0, 17, "0-17"), (18, 59, "18-59"), (60, 200, "60+"))


def _age_group(age: int | None) -> str:
    for low, high, label in AGE_GROUPS:
        if age is not None and low <= age <= high:
            return label
    return "unknown"


def missing_person_counts(by: tuple[str, ...]) -> dict[tuple[Any, ...], int]:
    """Missing-person reports, across organisations, whose enquirer consents to statistical
    use (a consent for Purpose.STATISTICS not withdrawn), per combination of ``by``. Counts
    only: no record leaves, and the release protects small cells."""
    if not by or any(dimension not in STATISTICS_DIMENSIONS for dimension in by):
        raise ValueError(f"cannot group missing-person reports by {by!r}")
    consenting = Consent.objects.filter(
        subject_type=ENQUIRER_CONSENT_SUBJECT,
        purpose=Purpose.STATISTICS,
        withdrawn_at__isnull=True,
    ).values_list("subject_id", flat=True)
    ids = {int(subject) for subject in consenting if subject.isdigit()}
    counts: dict[tuple[Any, ...], int] = {}
    rows = MissingPersonReport.objects.filter(pk__in=ids).values_list(
        "created_at", "sex", "age", "nationality"
    )
    for created_at, sex, age, nationality in rows.iterator():
        values = {
            "year": created_at.year,
            "sex": sex or "unknown",
            "age_group": _age_group(age),
            "nationality": nationality or "unknown",
        }
        key = tuple(values[dimension] for dimension in by)
        counts[key] = counts.get(key, 0) + 1
    return counts
