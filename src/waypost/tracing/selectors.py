"""Reads of the tracing workflow, always through the protection layer's scoping.

Lists and records: the caller's own organisation's. Candidates: also other organisations'
records that share with the caller's organisation (tracing, identification), shown with
minimal disclosure (that a candidate exists, its score and why, the last two only if a
found person consented) until confirmed. Whether another organisation's record may be
known at all is ``protection.access.record_visible_to``'s answer, here as everywhere.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import F, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from waypost.accounts.models import Organisation, User
from waypost.accounts.roles import Permission, Role
from waypost.core.exceptions import NotFound
from waypost.protection.access import record_visible_to, scoped, scoped_get
from waypost.protection.audit import audit_record
from waypost.protection.models import Consent, ConsentPurpose, Purpose
from waypost.protection.services import consent_allows
from waypost.tracing import board, forensic_comparison, identification, scores, search
from waypost.tracing.explanations import evidence_rows, evidence_text
from waypost.tracing.models import (
    ENQUIRER_CONSENT_SUBJECT,
    FOUND_PERSON_CONSENT_SUBJECT,
    OPEN_CANDIDATE_STATUSES,
    Candidate,
    CandidateReview,
    CandidateStatus,
    ContactLogEntry,
    DuplicateStatus,
    FamilyNotification,
    FoundPerson,
    MissingPersonReport,
    PersonPhoto,
    PersonRecord,
    PossibleDuplicate,
    ReportStatus,
    ShareConsent,
    UnidentifiedRemains,
)

PURPOSES = ("tracing", "identification")
REVIEW_QUEUE_SIZE = 200
# What a found person can allow, each a consent of its own (FoundPerson).
FOUND_PERSON_PURPOSES = (
    ConsentPurpose.FAMILY_WHEREABOUTS,
    ConsentPurpose.FAMILY_ALIVE,
    ConsentPurpose.TRACING,
)


def found_person_consents(person: FoundPerson) -> set[str]:
    """What the person allows now (FOUND_PERSON_PURPOSES values)."""
    return set(
        Consent.objects.filter(
            subject_type=FOUND_PERSON_CONSENT_SUBJECT,
            subject_id=str(person.pk),
            purpose__in=FOUND_PERSON_PURPOSES,
            withdrawn_at__isnull=True,
        ).values_list("purpose", flat=True)
    )


def family_may_know(person: FoundPerson) -> str:
    """What the family may be told: "where", "alive" (alive, not where) or "" (nothing)."""
    consents = found_person_consents(person)
    if ConsentPurpose.FAMILY_WHEREABOUTS in consents:
        return "where"
    if ConsentPurpose.FAMILY_ALIVE in consents:
        return "alive"
    return ""


def share_consent_of(person: FoundPerson) -> str:
    """The consents as the single choice of before (``share_consent`` in the API output)."""
    consents = found_person_consents(person)
    if ConsentPurpose.TRACING in consents:
        return ShareConsent.ORGANISATIONS
    if ConsentPurpose.FAMILY_WHEREABOUTS in consents:
        return ShareConsent.FAMILY
    return ShareConsent.NOTHING


def place_withheld(candidate: Candidate) -> bool:
    """A found person who has not allowed their family to know where they are: the
    family's side (the report's pages, its candidates, exports and API, the notification)
    gets no place of them, not even "same place" in the evidence."""
    other = candidate.other
    return isinstance(other, FoundPerson) and family_may_know(other) != "where"


def evidence_shown(candidate: Candidate) -> list[dict[str, Any]]:
    """The candidate's evidence as it may be shown (without place where withheld)."""
    evidence = list(candidate.evidence or [])
    if evidence and place_withheld(candidate):
        evidence = [item for item in evidence if item.get("key") != "place"]
    return evidence


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
        return consent_allows(
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
        return evidence_text(evidence_shown(candidate))
    if place_withheld(candidate):
        # The engine's own sentence quotes the place: nothing of it is shown.
        return gettext(
            "A found person may be the person sought. They did not allow their family to "
            "be told where they are."
        )
    return candidate.explanation


def candidate_assessment(candidate: Candidate) -> scores.Assessment:
    """The candidate's score on its kind's scale, from the evidence its explanation shows.

    Computed as it is read rather than taken from the stored score, so that what a page
    shows always agrees with the weights beside it (the stored score orders the queue).
    """
    if candidate.evidence:
        return scores.assess(candidate.kind, evidence_shown(candidate))
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
        [] if withheld or not candidate.evidence else evidence_rows(evidence_shown(candidate))
    )
    candidate.place_withheld = place_withheld(candidate)  # type: ignore[attr-defined]
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
        "family_may_know": notification.family_may_know,
        "message": notification.message,
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


def candidates_for_record(
    *, user: User, model: type[FoundPerson] | type[UnidentifiedRemains], record_id: object
) -> list[Candidate]:
    """The reports that may be this found person or these remains, for the organisation that
    holds the record: the same rule (``candidate_visible``) from the other side."""
    record = record_get(user=user, model=model, pk=record_id)
    candidates = [
        _shown(candidate, user=user)
        for candidate in record.candidates.select_related(  # type: ignore[attr-defined]
            "found_person", "remains", "report", "report__organisation"
        )
        if candidate_visible(candidate, user=user)
    ]
    candidates.sort(
        key=lambda c: (c.status == CandidateStatus.EXCLUDED, -(c.shown_score or 0))  # type: ignore[attr-defined]
    )
    audit_record(
        actor=user,
        action="waypost.tracing.candidates.read",
        record=record,
        purpose="tracing",
        detail={"candidates": [c.pk for c in candidates]},
    )
    return candidates


def _of_either_side(user: User) -> Q:
    """Candidates one of whose records the user's organisation holds."""
    organisation = user.organisation_id or 0
    return (
        Q(report__organisation_id=organisation)
        | Q(remains__organisation_id=organisation)
        | Q(found_person__organisation_id=organisation)
    )


def awaited_sides(candidate: Candidate) -> list[board.Side]:
    return board.awaited(candidate, list(candidate.reviews.all()))


def awaits(candidate: Candidate, user: User) -> bool:
    """Whether the candidate waits for a decision this user may give for their side."""
    reviews = list(candidate.reviews.all())
    if any(
        r.reviewer_id == user.pk
        and r.round == candidate.review_round
        and (r.decision == "reverse") == (candidate.status == CandidateStatus.CONFIRMED)
        for r in reviews
    ):
        return False
    return any(
        side.organisation_id == user.organisation_id
        and (not side.forensic or user.role == Role.FORENSIC)
        for side in board.awaited(candidate, reviews)
    )


def review_queue(*, user: User) -> list[Candidate]:
    """Candidates awaiting the caller's side, best first, as they may see them.

    Both sides of a candidate between two organisations find it here until each has
    decided: the report's organisation and the one that holds the remains or found person.
    A confirmation one side asked to reverse waits here for the other side.
    """
    if not user.has_role_permission(Permission.REVIEW_CANDIDATES):
        return []
    pending = (
        Candidate.objects.filter(_of_either_side(user))
        .filter(
            Q(status__in=OPEN_CANDIDATE_STATUSES)
            | Q(status=CandidateStatus.CONFIRMED, reviews__decision="reverse")
        )
        .distinct()
        .select_related("report", "found_person", "remains")
        .prefetch_related("reviews")
        .order_by("-score")[:REVIEW_QUEUE_SIZE]
    )
    candidates = [
        _shown(c, user=user) for c in pending if awaits(c, user) and candidate_visible(c, user=user)
    ]
    candidates.sort(
        key=lambda c: (c.shown_score is None, -(c.shown_score or 0))  # type: ignore[attr-defined]
    )
    return candidates


def candidate_get(*, user: User, pk: int) -> Candidate:
    """A candidate, to a reviewer of either organisation holding one of its records."""
    if not user.has_role_permission(Permission.REVIEW_CANDIDATES):
        raise NotFound("Not found.")
    candidate = (
        Candidate.objects.filter(_of_either_side(user), pk=pk)
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


def candidate_reviews(candidate: Candidate) -> list[CandidateReview]:
    """Every decision on the candidate, every round, oldest first, with its side."""
    return list(candidate.reviews.select_related("reviewer", "organisation").order_by("created_at"))


def candidate_forensics(candidate: Candidate) -> Any:
    """The forensic comparison as a page shows it (per tooth), or None for found persons."""
    return forensic_comparison.compare(
        candidate.report, candidate.other, forensic_comparison.latest_dna(candidate)
    )


def candidate_dna_results(candidate: Candidate) -> list[Any]:
    return list(candidate.dna_results.select_related("organisation").order_by("-reported_on"))


def photo_get(*, user: User, photo_id: int) -> PersonPhoto:
    """A photo, if the user may see the record it belongs to (audited like the record)."""
    photo = PersonPhoto.objects.filter(
        pk=photo_id, organisation_id=user.organisation_id or 0
    ).first()
    if photo is None or not user.has_role_permission(Permission.VIEW_PERSONAL_DATA):
        raise NotFound("Not found.")
    audit_record(actor=user, action="waypost.tracing.photo.viewed", record=photo, purpose="tracing")
    return photo


def identification_report(*, user: User, pk: int) -> tuple[Candidate, bytes]:
    """The signed identification report of a confirmed candidate, to either side (audited)."""
    candidate = candidate_get(user=user, pk=pk)
    if candidate.status != CandidateStatus.CONFIRMED:
        raise NotFound("There is no identification report: the candidate is not confirmed.")
    pdf = identification.identification_pdf(candidate)
    audit_record(
        actor=user,
        action="waypost.tracing.identification_report.downloaded",
        record=candidate,
        purpose="identification",
    )
    return candidate, pdf


def other_enquirers_of(report: MissingPersonReport) -> list[dict[str, Any]]:
    """The further enquirers (from merged reports), each with the consents they now hold,
    read from the report they came from, where those consents stay recorded."""
    shown = []
    for enquirer in report.other_enquirers or []:
        source = MissingPersonReport.objects.filter(
            pk=enquirer.get("report"), organisation_id=report.organisation_id
        ).first()
        shown.append(
            {
                **enquirer,
                "consents": sorted(enquirer_consents(source)) if source else [],
            }
        )
    return shown


def duplicates_for_report(*, user: User, report: MissingPersonReport) -> list[Any]:
    """The report's possible duplicates awaiting a decision, best first, with the other
    report of each pair (``other_report``) and its evidence in the reader's language."""
    pairs = PossibleDuplicate.objects.filter(
        Q(report=report) | Q(other=report), status=DuplicateStatus.SUGGESTED
    ).select_related("report", "other")
    shown = []
    for pair in pairs:
        if pair.report.organisation_id != user.organisation_id:
            continue
        pair.other_report = pair.other if pair.report_id == report.pk else pair.report  # type: ignore[attr-defined]
        shown.append(_duplicate_shown(pair))
    return shown


def _duplicate_shown(pair: PossibleDuplicate) -> PossibleDuplicate:
    evidence = pair.evidence or []
    pair.shown_explanation = evidence_text(evidence)  # type: ignore[attr-defined]
    pair.shown_assessment = scores.assess(scores.REPORT, evidence)  # type: ignore[attr-defined]
    return pair


def duplicates_list(*, user: User) -> list[PossibleDuplicate]:
    """The organisation's possible duplicate reports awaiting a decision, audited as a list."""
    pairs = [
        _duplicate_shown(pair)
        for pair in PossibleDuplicate.objects.filter(
            report__organisation_id=user.organisation_id or 0,
            status=DuplicateStatus.SUGGESTED,
        ).select_related("report", "other")[:REVIEW_QUEUE_SIZE]
    ]
    audit_record(
        actor=user,
        action="waypost.tracing.duplicates.listed",
        record_type="tracing.possibleduplicate",
        purpose="tracing",
        detail={"pairs": [p.pk for p in pairs]},
    )
    return pairs


def duplicate_get(*, user: User, pk: int) -> PossibleDuplicate:
    pair = (
        PossibleDuplicate.objects.filter(pk=pk, report__organisation_id=user.organisation_id or 0)
        .select_related("report", "other")
        .first()
    )
    if pair is None:
        raise NotFound("Not found.")
    return pair


def _last_contacts(reports: list[MissingPersonReport]) -> None:
    last = dict(
        ContactLogEntry.objects.filter(report__in=reports)
        .values("report")
        .annotate(last=Max("at"))
        .values_list("report", "last")
    )
    for report in reports:
        report.last_contact = last.get(report.pk)  # type: ignore[attr-defined]


def _reports_visible_to(user: User) -> QuerySet[MissingPersonReport]:
    return scoped(
        MissingPersonReport.objects.all(), user=user, purpose="tracing", include_shared=False
    )


def caseload(*, user: User) -> list[MissingPersonReport]:
    """The open reports assigned to the caller: status, last contact, next update due
    (the soonest due first, then those with no date), audited as a list."""
    reports = list(
        _reports_visible_to(user)
        .filter(assigned_to=user)
        .exclude(status=ReportStatus.CLOSED)
        .order_by(F("next_update_due").asc(nulls_last=True), "pk")
    )
    _last_contacts(reports)
    records_listed(user=user, model=MissingPersonReport, records=list(reports))
    return reports


def overdue(*, user: User, today: date | None = None) -> dict[str, list[Any]]:
    """The organisation's overdue work: families not yet told past the day set, and open
    reports past their next update; audited as a list."""
    today = today or timezone.localdate()
    own = user.organisation_id or 0
    notifications = list(
        FamilyNotification.objects.filter(
            candidate__report__organisation_id=own, due_on__lt=today, done_at__isnull=True
        )
        .select_related("candidate__report", "assigned_to", "candidate__report__assigned_to")
        .order_by("due_on", "pk")
    )
    reports = list(
        _reports_visible_to(user)
        .filter(next_update_due__lt=today)
        .exclude(status=ReportStatus.CLOSED)
        .select_related("assigned_to")
        .order_by("next_update_due", "pk")
    )
    _last_contacts(reports)
    records_listed(
        user=user,
        model=MissingPersonReport,
        records=[*reports, *(n.candidate.report for n in notifications)],
    )
    return {"notifications": notifications, "reports": reports}


def overdue_count(*, user: User) -> int:
    """How many overdue items the dashboard card announces (counts only, not audited)."""
    today = timezone.localdate()
    own = user.organisation_id or 0
    return (
        FamilyNotification.objects.filter(
            candidate__report__organisation_id=own, due_on__lt=today, done_at__isnull=True
        ).count()
        + MissingPersonReport.objects.filter(organisation_id=own, next_update_due__lt=today)
        .exclude(status=ReportStatus.CLOSED)
        .count()
    )


def candidates_for_found_person(*, user: User, person: FoundPerson) -> list[Candidate]:
    """The candidates of a found person the caller's organisation recorded: the finding
    organisation takes part in the match (status, the family's organisation, score)."""
    candidates = [
        _shown(candidate, user=user)
        for candidate in person.candidates.select_related("report__organisation", "found_person")
        if candidate_visible(candidate, user=user)
    ]
    audit_record(
        actor=user,
        action="waypost.tracing.candidates.read",
        record=person,
        purpose="tracing",
        detail={"candidates": [c.pk for c in candidates]},
    )
    return candidates


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
