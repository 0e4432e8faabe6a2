"""Writes of the tracing workflow: records, candidates, review, telling the family."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from waypost.accounts.models import User
from waypost.accounts.roles import Permission
from waypost.core.attachments import attachment_clean
from waypost.core.exceptions import ApplicationError, NotFound, PermissionDenied
from waypost.core.validators import clean_text_values, without_bidi_controls
from waypost.protection.audit import audit_record
from waypost.protection.keys import blind_index
from waypost.protection.models import ConsentMethod, ConsentPurpose, DataCategory, Purpose
from waypost.protection.services import consent_allows, consent_record, consent_withdraw
from waypost.tracing import (
    board,
    forensic,
    forensic_comparison,
    matching,
    notifications,
    scores,
    search,
)
from waypost.tracing.models import (
    ENQUIRER_CONSENT_SUBJECT,
    FOUND_PERSON_CONSENT_SUBJECT,
    OPEN_CANDIDATE_STATUSES,
    PARTIAL_DATE_HELP,
    Candidate,
    CandidateReview,
    CandidateStatus,
    CloseReason,
    ContactLogEntry,
    Decision,
    DnaConclusion,
    DnaResult,
    DuplicateStatus,
    FamilyNotification,
    FoundPerson,
    MissingPersonReport,
    PersonPhoto,
    PersonRecord,
    PossibleDuplicate,
    RemainsStatus,
    ReminderSent,
    ReportStatus,
    ShareConsent,
    SupportReferral,
    SupportResponse,
    UnidentifiedRemains,
    is_child,
    is_partial_date,
)
from waypost.tracing.selectors import FOUND_PERSON_PURPOSES, family_may_know, found_person_consents
from waypost.tracing.vocabularies import ContactMeans

CATEGORY = {
    MissingPersonReport: DataCategory.TRACING,
    FoundPerson: DataCategory.WHEREABOUTS,
    UnidentifiedRemains: DataCategory.IDENTIFICATION,
}
# Candidates below this probability (``scores``: on the scale of their kind) are noise for
# reviewers; the engine still ranks them.
MIN_SCORE = 0.05
IDENTITY_FIELDS = (
    "name",
    "sex",
    "birth_date",
    "age",
    "age_date",
    "nationality",
    "place",
    "description",
    "document_number",
    "details",
)


def _require(actor: User | None, permission: Permission) -> None:
    if actor is not None and not actor.has_role_permission(permission):
        raise PermissionDenied("Your role does not allow this.")


@transaction.atomic
def record_create(
    *,
    actor: User | None,
    model: type[PersonRecord],
    organisation_id: int | None = None,
    **values: Any,
) -> PersonRecord:
    """Create a missing-person report, found person or remains, and match it at once."""
    _require(actor, Permission.EDIT_CASES)
    owner = (
        organisation_id
        if organisation_id is not None
        else (actor.organisation_id if actor else None)
    )
    if owner is None:
        raise ApplicationError("The record needs an owning organisation.")
    record = model(organisation_id=owner, data_category=CATEGORY[model])
    consents = values.pop("enquirer_consents", None)
    consent_method = values.pop("enquirer_consent_method", None) or ConsentMethod.ELECTRONIC
    consent_methods = values.pop("enquirer_consent_methods", None) or {}
    guardian_or_decision = values.pop("guardian_or_decision", "")
    found_consents = _found_consents_asked(values)
    record_set(record, values)
    record.save()
    search.index_record(record)
    if isinstance(record, FoundPerson) and found_consents is not None:
        _sync_found_consents(actor, record, found_consents, guardian_or_decision)
    if isinstance(record, MissingPersonReport):
        _sync_enquirer_consents(
            actor,
            record,
            DEFAULT_ENQUIRER_CONSENTS if consents is None else consents,
            consent_method,
            consent_methods,
        )
    audit_record(
        actor=actor,
        action=f"waypost.tracing.{model._meta.model_name}.created",
        record=record,
        fields=sorted(values),
        purpose="tracing",
    )
    match_record(record)
    return record


def record_set(record: PersonRecord, values: dict[str, Any]) -> None:
    """Assign values (sealing the personal ones) and keep indexes and fingerprint current.

    Also the one gate for imports (CSV, PFIF), which reach it without a form: dates the
    matching engine cannot read are refused here, as a domain error naming the field.
    """
    values.update(clean_text_values(values))
    _forensic_values(record, values)
    enquirer_phone = values.pop("enquirer_phone", None)
    for name, value in values.items():
        setattr(record, name, value)
    unreadable = [
        name
        for name in ("birth_date", "age_date")
        if getattr(record, name) and not is_partial_date(getattr(record, name))
    ]
    if unreadable:
        raise ApplicationError(
            str(PARTIAL_DATE_HELP),
            extra={"errors": {name: [str(PARTIAL_DATE_HELP)] for name in unreadable}},
        )
    if isinstance(record, MissingPersonReport) and enquirer_phone is not None:
        enquirer = dict(record.enquirer or {})
        enquirer["phone"] = enquirer_phone
        record.enquirer = enquirer
        record.enquirer_phone_index = blind_index(enquirer_phone, kind="phone")
    record.document_index = blind_index(record.document_number or "", kind="document")
    record.fingerprint = matching.fingerprint(record)


def _forensic_values(record: PersonRecord, values: dict[str, Any]) -> None:
    """Antemortem and postmortem data as ``forensic`` normalises them, or a domain error
    naming each invalid part (``{"antemortem": {"dental": {"19": [...]}}}``) before any
    value is assigned: what is stored stays as it was."""
    errors: dict[str, Any] = {}
    for name, kind, clean in (
        ("antemortem", MissingPersonReport, forensic.antemortem_clean),
        ("postmortem", UnidentifiedRemains, forensic.postmortem_clean),
    ):
        if name not in values:
            continue
        if not isinstance(record, kind):
            errors[name] = [gettext("Unknown field.")]
            continue
        try:
            values[name] = clean(values[name], today=timezone.localdate())
        except forensic.Invalid as invalid:
            errors[name] = forensic.render(invalid.errors, gettext)
    if errors:
        raise ApplicationError(gettext("The request has invalid fields."), extra={"errors": errors})


def _remains_path(remains: UnidentifiedRemains, values: dict[str, Any]) -> None:
    """The remains' status along their path: unidentified and identified are the review's
    (``candidate_review``); a person marks identified remains returned to the family,
    directly or by the day of the return in the postmortem data."""
    returned_on = (values.get("postmortem") or {}).get("returned_to_family_on")
    status = values.get("status", remains.status)
    if status != remains.status and not (
        status == RemainsStatus.RETURNED and remains.status == RemainsStatus.IDENTIFIED
    ):
        message = gettext("Only identified remains can be marked returned to the family.")
        raise ApplicationError(message, extra={"errors": {"status": [message]}})
    if returned_on and remains.status == RemainsStatus.UNIDENTIFIED:
        message = gettext("Remains are returned to the family only once identified.")
        raise ApplicationError(
            message,
            extra={"errors": {"postmortem": {"returned_to_family_on": [message]}}},
        )
    if returned_on and remains.status == RemainsStatus.IDENTIFIED:
        values["status"] = RemainsStatus.RETURNED


@transaction.atomic
def record_update(*, actor: User, record: PersonRecord, **values: Any) -> PersonRecord:
    _require(actor, Permission.EDIT_CASES)
    if isinstance(record, UnidentifiedRemains):
        values.update(clean_text_values(values))
        _forensic_values(record, values)
        _remains_path(record, values)
    consents = values.pop("enquirer_consents", None)
    consent_method = values.pop("enquirer_consent_method", None) or ConsentMethod.ELECTRONIC
    consent_methods = values.pop("enquirer_consent_methods", None) or {}
    guardian_or_decision = values.pop("guardian_or_decision", "")
    found_consents = _found_consents_asked(values)
    record_set(record, values)
    record.save()
    search.index_record(record)
    if isinstance(record, FoundPerson) and found_consents is not None:
        _sync_found_consents(actor, record, found_consents, guardian_or_decision)
    if isinstance(record, MissingPersonReport) and consents is not None:
        _sync_enquirer_consents(actor, record, consents, consent_method, consent_methods)
    audit_record(
        actor=actor,
        action=f"waypost.tracing.{record._meta.model_name}.updated",
        record=record,
        fields=sorted(values),
        purpose="tracing",
    )
    match_record(record)
    return record


# The single choice of before (``share_consent``), read as the consents it meant: the
# choices were cumulative, and telling the family where implies telling them "alive".
SHARE_CONSENT_PURPOSES: dict[str, tuple[str, ...]] = {
    ShareConsent.NOTHING: (),
    ShareConsent.FAMILY: (ConsentPurpose.FAMILY_WHEREABOUTS,),
    ShareConsent.ORGANISATIONS: (ConsentPurpose.FAMILY_WHEREABOUTS, ConsentPurpose.TRACING),
}


def _found_consents_asked(values: dict[str, Any]) -> list[str] | None:
    """The found person's consents the caller sets (``found_consents``, or the older
    ``share_consent`` mapped), or None when it sets none (they stay as they are)."""
    consents = values.pop("found_consents", None)
    share = values.pop("share_consent", None)
    if consents is None and share is not None:
        if share not in SHARE_CONSENT_PURPOSES:
            raise ApplicationError(f"Unknown share_consent: {share}.")
        consents = list(SHARE_CONSENT_PURPOSES[share])
    return None if consents is None else list(consents)


def _sync_found_consents(
    actor: User | None,
    person: FoundPerson,
    purposes: list[str],
    guardian_or_decision: str = "",
    method: str = "",
) -> None:
    """The person's own choices about what may be told, each a consent withdrawn on its own.

    A child's consent needs a guardian's or a recorded best-interests decision
    (consent_record refuses it otherwise, and the transaction keeps nothing).
    """
    unknown = set(purposes) - set(FOUND_PERSON_PURPOSES)
    if unknown:
        raise ApplicationError(f"Unknown consent of a found person: {', '.join(sorted(unknown))}.")
    child = is_child(
        birth_date=person.birth_date,
        age=person.age,
        age_date=person.age_date,
        today=timezone.localdate(),
    )
    if method and method not in ConsentMethod.values:
        raise ApplicationError(f"Unknown way of giving consent: {method}.")
    for purpose in FOUND_PERSON_PURPOSES:
        held = consent_allows(
            subject_type=FOUND_PERSON_CONSENT_SUBJECT, subject_id=person.pk, purpose=purpose
        )
        if purpose in purposes and not held:
            consent_record(
                actor=actor,
                organisation=person.organisation,
                subject_type=FOUND_PERSON_CONSENT_SUBJECT,
                subject_id=person.pk,
                purpose=purpose,
                method=method or (ConsentMethod.GUARDIAN if child else ConsentMethod.ORAL),
                language=(person.details or {}).get("language", ""),
                is_child=child,
                guardian_or_decision=guardian_or_decision,
            )
        elif held and purpose not in purposes:
            consent_withdraw(
                actor=actor,
                subject_type=FOUND_PERSON_CONSENT_SUBJECT,
                subject_id=person.pk,
                purpose=purpose,
            )
    _family_notifications_refresh(person)


def _family_notifications_refresh(person: FoundPerson) -> None:
    """Keep what each family may be told of ``person`` as their consents now say.

    The safe-and-well message is copied into the family's notification (sealed for the
    family's organisation) only while the person allows the family to be told anything.
    """
    allowed = family_may_know(person)
    for notification in FamilyNotification.objects.filter(
        candidate__found_person=person, candidate__status=CandidateStatus.CONFIRMED
    ).select_related("candidate__report"):
        notification.family_may_know = allowed
        notification.message = person.message if allowed else ""
        notification.save(update_fields=["family_may_know", "message_sealed"])


@transaction.atomic
def found_person_consent_set(
    *,
    actor: User,
    person: FoundPerson,
    purpose: str,
    given: bool,
    method: str = "",
    guardian_or_decision: str = "",
) -> set[str]:
    """Give or withdraw one of the person's consents; it applies from the next read on."""
    _require(actor, Permission.EDIT_CASES)
    if purpose not in FOUND_PERSON_PURPOSES:
        raise ApplicationError(f"Unknown consent of a found person: {purpose}.")
    wanted = found_person_consents(person) - {purpose} | ({purpose} if given else set())
    _sync_found_consents(actor, person, sorted(wanted), guardian_or_decision, method)
    return found_person_consents(person)


@transaction.atomic
def found_person_message_set(*, actor: User, person: FoundPerson, message: str) -> FoundPerson:
    """The person's safe-and-well message to their family, relayed as their consents allow."""
    _require(actor, Permission.EDIT_CASES)
    person.message = without_bidi_controls(message).strip()
    person.save(update_fields=["message_sealed", "updated_at"])
    _family_notifications_refresh(person)
    audit_record(
        actor=actor,
        action="waypost.tracing.foundperson.message_set",
        record=person,
        fields=["message"],
        purpose="tracing",
    )
    return person


# A family enquires to have someone searched for among the living and the dead: unless the
# enquirer says otherwise, those are the purposes they agree to. Referral and statistics
# are asked for separately.
DEFAULT_ENQUIRER_CONSENTS = (Purpose.TRACING, Purpose.IDENTIFICATION)


def _sync_enquirer_consents(
    actor: User | None,
    report: MissingPersonReport,
    purposes: Any,
    method: str,
    methods: dict[str, str] | None = None,
) -> None:
    """The enquirer's consent per purpose, each recorded and withdrawn on its own.

    ``methods`` says how the consent for a purpose was given where it differs from
    ``method`` (a partner's PFIF file carries it per purpose).
    """
    unknown = set(purposes) - set(Purpose.values)
    if unknown:
        raise ApplicationError(f"Unknown consent purpose: {', '.join(sorted(unknown))}.")
    methods = methods or {}
    for given in {method, *methods.values()}:
        if given not in ConsentMethod.values:
            raise ApplicationError(f"Unknown way of giving consent: {given}.")
    for purpose in Purpose.values:
        held = consent_allows(
            subject_type=ENQUIRER_CONSENT_SUBJECT, subject_id=report.pk, purpose=purpose
        )
        if purpose in purposes and not held:
            consent_record(
                actor=actor,
                organisation=report.organisation,
                subject_type=ENQUIRER_CONSENT_SUBJECT,
                subject_id=report.pk,
                purpose=purpose,
                method=methods.get(purpose, method),
                language=(report.enquirer or {}).get("language", ""),
            )
        elif held and purpose not in purposes:
            consent_withdraw(
                actor=actor,
                subject_type=ENQUIRER_CONSENT_SUBJECT,
                subject_id=report.pk,
                purpose=purpose,
            )


@transaction.atomic
def found_person_withdraw_consent(*, actor: User, person: FoundPerson) -> FoundPerson:
    """The person no longer agrees to anything: from the next read on, nothing more is told."""
    _require(actor, Permission.EDIT_CASES)
    _sync_found_consents(actor, person, [])
    return person


def match_record(record: PersonRecord) -> list[Candidate]:
    """Match one record incrementally and keep its candidates (and, for a report, its
    possible duplicates among the organisation's other reports).

    A pair a reviewer excluded stays excluded while neither record's compared data
    change (same fingerprint); once they change it is suggested again. A report merged
    into another is matched no more: the report it was merged into carries the search.
    """
    if isinstance(record, MissingPersonReport) and record.merged_into_id is not None:
        return []
    found = []
    if isinstance(record, MissingPersonReport):
        match_duplicates(record)
    for hit in matching.index_and_query(record):
        kind, pk = matching.parse_engine_id(hit.id)
        pair = _pair(record, kind, pk)
        if pair is None:
            continue
        report, other = pair
        if report.merged_into_id is not None:
            continue
        lookup = {
            "report": report,
            "found_person" if isinstance(other, FoundPerson) else "remains": other,
        }
        candidate = Candidate.objects.filter(**lookup).first()
        # The name engine's evidence, then the forensic comparison of the antemortem and
        # postmortem data (and a laboratory's DNA result on the pair): one score from both.
        evidence = forensic_comparison.evidence_with_forensics(
            [item.as_dict() for item in hit.evidence], report, other, candidate
        )
        # The engine's own score shares one probability among a record's candidates; the
        # score kept is the pair's own, from the evidence shown with it (``scores``).
        score = scores.assess(
            scores.FOUND_PERSON if isinstance(other, FoundPerson) else scores.REMAINS, evidence
        ).probability
        if score < MIN_SCORE and candidate is None:
            continue
        fingerprint = f"{report.fingerprint}:{other.fingerprint}"
        if candidate is None:
            candidate = Candidate(**lookup, score=score, fingerprint=fingerprint)
        elif candidate.status == CandidateStatus.CONFIRMED or (
            candidate.status == CandidateStatus.EXCLUDED and candidate.fingerprint == fingerprint
        ):
            # Decided: the score still follows the data (a DNA result, a corrected chart)
            # so that reviewers reversing a decision see what it now rests on.
            candidate.score = score
            candidate.evidence = evidence
            candidate.save(update_fields=["score", "evidence_sealed", "updated_at"])
            continue
        elif candidate.status == CandidateStatus.REVERSED and candidate.fingerprint == fingerprint:
            candidate.score = score
        else:
            candidate.status = CandidateStatus.SUGGESTED
            candidate.score, candidate.fingerprint = score, fingerprint
        candidate.explanation = hit.explanation
        candidate.evidence = evidence
        candidate.save()
        found.append(candidate)
    return found


def candidates_rescore() -> int:
    """Compute every candidate's stored score again from its evidence (``scores``), as
    pages show it; candidates kept before their evidence was keep theirs. Returns how many."""
    changed = []
    for candidate in Candidate.objects.select_related("report").iterator(chunk_size=500):
        if candidate.evidence:
            candidate.score = scores.assess(candidate.kind, candidate.evidence).probability
            changed.append(candidate)
    Candidate.objects.bulk_update(changed, ["score"], batch_size=500)
    return len(changed)


def _pair(
    record: PersonRecord, kind: str, pk: int
) -> tuple[MissingPersonReport, FoundPerson | UnidentifiedRemains] | None:
    if isinstance(record, MissingPersonReport):
        model: type[FoundPerson] | type[UnidentifiedRemains] = (
            FoundPerson if kind == "found" else UnidentifiedRemains
        )
        other = model.objects.filter(pk=pk).first()
        return (record, other) if other is not None else None
    assert isinstance(record, FoundPerson | UnidentifiedRemains)  # noqa: S101
    report = MissingPersonReport.objects.filter(pk=pk).first()
    return (report, record) if report is not None else None


def candidate_rescore(candidate: Candidate) -> Candidate:
    """The candidate's forensic evidence and score computed again from the records now."""
    candidate.evidence = forensic_comparison.evidence_with_forensics(
        list(candidate.evidence or []), candidate.report, candidate.other, candidate
    )
    if candidate.evidence:
        candidate.score = scores.assess(candidate.kind, candidate.evidence).probability
    candidate.save(update_fields=["evidence_sealed", "score", "updated_at"])
    return candidate


def _side_of(actor: User, candidate: Candidate) -> None:
    """Only the two organisations that hold the candidate's records decide on it."""
    if actor.organisation_id not in (
        candidate.report.organisation_id,
        candidate.other.organisation_id,
    ):
        raise NotFound("Not found.")


@transaction.atomic
def candidate_review(
    *, actor: User, candidate: Candidate, decision: str, reasons: str
) -> Candidate:
    """Record one reviewer's decision; a decision of each side confirms, excludes or reverses.

    Who must decide is ``board``'s rule: a reviewer of each organisation that holds one
    of the two records (two reviewers when one organisation holds both); for remains,
    the remains' side is a forensic specialist of the organisation that holds them.
    """
    _require(actor, Permission.REVIEW_CANDIDATES)
    _side_of(actor, candidate)
    if decision not in Decision.values:
        raise ApplicationError("Choose confirm, exclude or reverse.")
    reasons = without_bidi_controls(reasons)
    if not reasons.strip():
        raise ApplicationError("Give the reasons for your decision.")
    if decision == Decision.REVERSE:
        if candidate.status != CandidateStatus.CONFIRMED:
            raise ApplicationError("Only a confirmed identification can be reversed.")
        mine = candidate.reviews.filter(
            reviewer=actor, round=candidate.review_round, decision=Decision.REVERSE
        )
    else:
        if candidate.status not in OPEN_CANDIDATE_STATUSES:
            raise ApplicationError("This candidate has already been decided.")
        mine = candidate.reviews.filter(
            reviewer=actor,
            round=candidate.review_round,
            decision__in=[Decision.CONFIRM, Decision.EXCLUDE],
        )
    if mine.exists():
        raise ApplicationError("You have already reviewed this candidate; a second person must.")
    review = CandidateReview(
        candidate=candidate,
        reviewer=actor,
        reviewer_role=actor.role,
        organisation_id=actor.organisation_id,
        round=candidate.review_round,
        decision=decision,
    )
    review.reasons = reasons
    review.save()
    audit_record(
        actor=actor,
        action="waypost.tracing.candidate.reviewed",
        record=candidate,
        fields=["decision", "reasons"],
        purpose="identification",
        detail={"decision": decision, "round": candidate.review_round},
    )
    agreeing = list(
        candidate.reviews.filter(round=candidate.review_round, decision=decision).select_related(
            "reviewer"
        )
    )
    decided = not board.unfilled(board.sides(candidate, decision), agreeing)
    if decision == Decision.REVERSE:
        if decided:
            _reverse(actor, candidate)
        return candidate
    candidate.status = CandidateStatus.UNDER_REVIEW
    if decided and decision == Decision.EXCLUDE:
        candidate.status = CandidateStatus.EXCLUDED
    if decided and decision == Decision.CONFIRM:
        _confirm(actor, candidate)
    candidate.save(update_fields=["status", "updated_at"])
    report = candidate.report
    if report.status == ReportStatus.OPEN and candidate.status == CandidateStatus.UNDER_REVIEW:
        report.status = ReportStatus.UNDER_REVIEW
        report.save(update_fields=["status", "updated_at"])
    return candidate


def _confirm(actor: User, candidate: Candidate) -> None:
    candidate.status = CandidateStatus.CONFIRMED
    report = candidate.report
    if candidate.remains_id:
        report.status = ReportStatus.IDENTIFIED_DECEASED
        remains = candidate.other
        assert isinstance(remains, UnidentifiedRemains)  # noqa: S101
        remains.status = RemainsStatus.IDENTIFIED
        remains.save(update_fields=["status", "updated_at"])
    else:
        report.status = ReportStatus.LOCATED_ALIVE
    report.save(update_fields=["status", "updated_at"])
    enquirer = report.enquirer or {}
    # A pair confirmed again after a reversal keeps the task of telling the family if
    # the family had been told of the first confirmation (it was not cancelled then).
    notification, _created = FamilyNotification.objects.get_or_create(
        candidate=candidate, defaults={"language": enquirer.get("language", "")}
    )
    if isinstance(candidate.other, FoundPerson):
        # Fixed from the person's consents now, and kept current as they change.
        notification.family_may_know = family_may_know(candidate.other)
        notification.message = candidate.other.message if notification.family_may_know else ""
        notification.save()
    if candidate.other.organisation_id != report.organisation_id:
        finder_organisation_notify(candidate)
    audit_record(
        actor=actor,
        action="waypost.tracing.candidate.confirmed",
        record=candidate,
        purpose="identification",
    )


def _reverse(actor: User, candidate: Candidate) -> None:
    """Both sides withdrew the confirmation: the records go back to before it.

    The report is open again (or under review if another of its candidates is), the
    remains unidentified; the task of telling the family is cancelled unless the family
    has already been told, in which case it stays, so that the caseworker tells them of
    the reversal. The pair can be reviewed afresh (a new round).
    """
    candidate.status = CandidateStatus.REVERSED
    candidate.review_round += 1
    candidate.save(update_fields=["status", "review_round", "updated_at"])
    report = candidate.report
    others = report.candidates.exclude(pk=candidate.pk)
    if not others.filter(status=CandidateStatus.CONFIRMED).exists():
        report.status = (
            ReportStatus.UNDER_REVIEW
            if others.filter(status=CandidateStatus.UNDER_REVIEW).exists()
            else ReportStatus.OPEN
        )
        report.save(update_fields=["status", "updated_at"])
    if candidate.remains_id:
        remains = candidate.other
        assert isinstance(remains, UnidentifiedRemains)  # noqa: S101
        remains.status = RemainsStatus.UNIDENTIFIED
        remains.save(update_fields=["status", "updated_at"])
    notification = FamilyNotification.objects.filter(candidate=candidate).first()
    told = notification is not None and notification.done_at is not None
    if notification is not None and not told:
        notification.delete()
        audit_record(
            actor=actor,
            action="waypost.tracing.notification.cancelled",
            record=candidate,
            purpose="identification",
        )
    audit_record(
        actor=actor,
        action="waypost.tracing.candidate.reversed",
        record=candidate,
        purpose="identification",
        detail={"family_already_told": told},
    )


@transaction.atomic
def dna_result_add(
    *,
    actor: User,
    candidate: Candidate,
    laboratory: str,
    reference: str,
    conclusion: str,
    reported_on: Any,
) -> DnaResult:
    """Enter a laboratory's DNA conclusion on a candidate, as reported; rescore the pair.

    Either side may enter it (the family's organisation holds the reference samples'
    kit, the forensic service the remains' samples): both follow the same laboratory case.
    """
    _require(actor, Permission.EDIT_CASES)
    _side_of(actor, candidate)
    if conclusion not in DnaConclusion.values:
        raise ApplicationError("Choose match, exclusion or inconclusive.")
    laboratory = without_bidi_controls(laboratory).strip()
    reference = without_bidi_controls(reference).strip()
    if not laboratory or not reference:
        raise ApplicationError("Give the laboratory and its reference for the result.")
    assert actor.organisation_id is not None  # noqa: S101 - _side_of checked it
    result = DnaResult(
        candidate=candidate,
        organisation_id=actor.organisation_id,
        entered_by=actor,
        laboratory=laboratory,
        conclusion=conclusion,
        reported_on=reported_on,
    )
    result.reference = reference
    result.save()
    audit_record(
        actor=actor,
        action="waypost.tracing.dna_result.added",
        record=candidate,
        fields=["laboratory", "reference", "conclusion"],
        purpose="identification",
        detail={"conclusion": conclusion},
    )
    candidate_rescore(candidate)
    return result


@transaction.atomic
def notification_update(
    *,
    actor: User,
    notification: FamilyNotification,
    assigned_to: User | None = None,
    due_on: Any = None,
    language: str = "",
    support: str = "",
    outcome: str = "",
    done: bool = False,
) -> FamilyNotification:
    """Set the task of telling the family to what the caseworker's form now says.

    The form shows the saved values, so what it sends is the whole task: a field left
    empty is cleared, and an unticked "told" box means the family has not been told yet.
    """
    _require(actor, Permission.EDIT_CASES)
    notification.assigned_to = assigned_to or notification.assigned_to
    notification.due_on = due_on
    notification.language = without_bidi_controls(language).strip()
    notification.support = without_bidi_controls(support).strip()
    notification.outcome = without_bidi_controls(outcome).strip()
    if not done:
        notification.done_at = None
    elif notification.done_at is None:
        notification.done_at = timezone.now()
    notification.save()
    audit_record(
        actor=actor,
        action="waypost.tracing.notification.updated",
        record=notification,
        fields=["support", "outcome"],
        purpose="tracing",
    )
    return notification


@transaction.atomic
def contact_log_add(
    *, actor: User, report: MissingPersonReport, means: str, note: str
) -> ContactLogEntry:
    _require(actor, Permission.EDIT_CASES)
    entry = ContactLogEntry(report=report, author=actor, means=means)
    entry.note = note
    entry.save()
    audit_record(
        actor=actor,
        action="waypost.tracing.contact.logged",
        record=report,
        fields=["note"],
        purpose="tracing",
    )
    return entry


@transaction.atomic
def photo_add(*, actor: User | None, record: PersonRecord, data: bytes) -> PersonPhoto:
    """Attach a photo: re-encoded from its pixels (no EXIF, no location), sealed, audited."""
    _require(actor, Permission.EDIT_CASES)
    clean = attachment_clean(data)
    link = {
        MissingPersonReport: "report",
        FoundPerson: "found_person",
        UnidentifiedRemains: "remains",
    }
    photo = PersonPhoto(
        organisation_id=record.organisation_id,
        content_type=clean.content_type,
        sensitive=isinstance(record, UnidentifiedRemains),
        **{link[type(record)]: record},
    )
    photo.content = clean.content
    photo.save()
    audit_record(
        actor=actor,
        action="waypost.tracing.photo.added",
        record=record,
        fields=["photo"],
        purpose="tracing",
    )
    return photo


SOURCE_RECORD_INDEX = "source-record"


@transaction.atomic
def record_import(
    *,
    model: type[PersonRecord],
    organisation_id: int,
    source_record_id: str,
    recorded_at: datetime | None = None,
    **values: Any,
) -> tuple[PersonRecord, bool]:
    """Create, or update, the record a partner's file holds under ``source_record_id``.

    Importing the same file twice must not make two records of one person (two cases for
    one family, two candidates for each match): the record imported before under that id
    is updated instead. Returns the record and whether it was created. There is no actor:
    imports run from the command line, and the audit log says so by its empty actor.
    """
    index = blind_index(source_record_id, kind=SOURCE_RECORD_INDEX)
    record = (
        model._default_manager.filter(
            organisation_id=organisation_id, source_record_index=index
        ).first()
        if index
        else None
    )
    if record is None:
        created = record_create(
            actor=None,
            model=model,
            organisation_id=organisation_id,
            source_record_id=source_record_id,
            source_record_index=index,
            **values,
        )
        if recorded_at is not None:
            # The partner's record date, not the day of the import: how old a search is
            # matters to the family and to retention.
            type(created)._default_manager.filter(pk=created.pk).update(created_at=recorded_at)
            created.created_at = recorded_at
        return created, True
    consents = values.pop("enquirer_consents", None)
    consent_method = values.pop("enquirer_consent_method", None) or ConsentMethod.ELECTRONIC
    consent_methods = values.pop("enquirer_consent_methods", None) or {}
    guardian_or_decision = values.pop("guardian_or_decision", "")
    found_consents = _found_consents_asked(values)
    record_set(record, values)
    record.save()
    search.index_record(record)
    if isinstance(record, FoundPerson) and found_consents is not None:
        _sync_found_consents(None, record, found_consents, guardian_or_decision)
    if isinstance(record, MissingPersonReport) and consents is not None:
        _sync_enquirer_consents(None, record, consents, consent_method, consent_methods)
    audit_record(
        actor=None,
        action=f"waypost.tracing.{record._meta.model_name}.updated",
        record=record,
        fields=sorted(values),
        purpose="tracing",
        detail={"imported": True},
    )
    match_record(record)
    return record, False


# Case lifecycle (issue 32): close with a reason, reopen, merge duplicates, who holds the
# case and when the family is next due news, psychosocial support, reminders.


def match_duplicates(report: MissingPersonReport) -> list[PossibleDuplicate]:
    """Other reports of the same organisation that may be of the same person.

    Two relatives each reporting the same person make two cases, two candidates for every
    match and two families told apart; the matching engine compares the report with the
    other reports, and each likely pair is kept for a caseworker to merge or dismiss.
    Only the organisation's own reports: another organisation's report is no one's here
    to merge, and listing it would disclose it. A dismissed pair stays dismissed while
    neither report's compared data change.
    """
    kept = []
    for hit in matching.query_reports(report):
        _kind, pk = matching.parse_engine_id(hit.id)
        other = MissingPersonReport.objects.filter(
            pk=pk, organisation_id=report.organisation_id, merged_into__isnull=True
        ).first()
        if other is None or other.pk == report.pk:
            continue
        evidence = [item.as_dict() for item in hit.evidence]
        score = scores.assess(scores.REPORT, evidence).probability
        if score < MIN_SCORE:
            continue
        first, second = sorted((report, other), key=lambda r: r.pk)
        fingerprint = f"{first.fingerprint}:{second.fingerprint}"
        pair = PossibleDuplicate.objects.filter(report=first, other=second).first()
        if pair is None:
            pair = PossibleDuplicate(report=first, other=second, score=score)
        elif pair.status == DuplicateStatus.MERGED or (
            pair.status == DuplicateStatus.DISMISSED and pair.fingerprint == fingerprint
        ):
            continue
        pair.status = DuplicateStatus.SUGGESTED
        pair.score, pair.fingerprint = score, fingerprint
        pair.evidence = evidence
        pair.save()
        kept.append(pair)
    return kept


@transaction.atomic
def duplicate_dismiss(*, actor: User, duplicate: PossibleDuplicate) -> PossibleDuplicate:
    """Two reports are not of the same person: the pair is no longer listed."""
    _require(actor, Permission.EDIT_CASES)
    if duplicate.status != DuplicateStatus.SUGGESTED:
        raise ApplicationError(gettext("This pair has already been decided."))
    duplicate.status = DuplicateStatus.DISMISSED
    duplicate.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="waypost.tracing.duplicate.dismissed",
        record=duplicate,
        purpose="tracing",
        detail={"reports": [duplicate.report_id, duplicate.other_id]},
    )
    return duplicate


@transaction.atomic
def report_close(
    *, actor: User, report: MissingPersonReport, reason: str, note: str = ""
) -> MissingPersonReport:
    """Close a case with a reason from the vocabulary (``CloseReason``); "other" needs words."""
    _require(actor, Permission.EDIT_CASES)
    note = without_bidi_controls(note).strip()
    if reason not in CloseReason.values:
        raise ApplicationError(gettext("Choose a reason for closing."))
    if reason == CloseReason.OTHER and not note:
        raise ApplicationError(gettext("Say why the case is closed."))
    if report.is_closed:
        raise ApplicationError(gettext("This case is already closed."))
    report.status = ReportStatus.CLOSED
    report.closed_reason = reason
    report.closed_note = note
    report.closed_at = timezone.now()
    report.save()
    audit_record(
        actor=actor,
        action="waypost.tracing.missingpersonreport.closed",
        record=report,
        fields=["status", "closed_reason", "closed_note"],
        purpose="tracing",
        detail={"reason": reason},
    )
    return report


def _open_status(report: MissingPersonReport) -> str:
    """The status a reopened case takes from its candidates."""
    statuses = set(report.candidates.values_list("status", "remains_id").distinct())
    if any(s == CandidateStatus.CONFIRMED and remains for s, remains in statuses):
        return ReportStatus.IDENTIFIED_DECEASED
    if any(s == CandidateStatus.CONFIRMED for s, _remains in statuses):
        return ReportStatus.LOCATED_ALIVE
    if any(s == CandidateStatus.UNDER_REVIEW for s, _remains in statuses):
        return ReportStatus.UNDER_REVIEW
    return ReportStatus.OPEN


@transaction.atomic
def report_reopen(*, actor: User, report: MissingPersonReport, reason: str) -> MissingPersonReport:
    """Open a closed case again (new information, a closing in error); audited with why.

    A report merged into another is not reopened: its enquirer, contacts and candidates
    are on the report it was merged into, which carries the case.
    """
    _require(actor, Permission.EDIT_CASES)
    reason = without_bidi_controls(reason).strip()
    if not report.is_closed:
        raise ApplicationError(gettext("This case is open."))
    if report.merged_into_id is not None:
        raise ApplicationError(
            gettext("This report was merged into another; reopen that one if it is closed.")
        )
    if not reason:
        raise ApplicationError(gettext("Say why the case is reopened."))
    previous = report.closed_reason
    report.status = _open_status(report)
    report.closed_reason = ""
    report.closed_note = ""
    report.closed_at = None
    report.save()
    audit_record(
        actor=actor,
        action="waypost.tracing.missingpersonreport.reopened",
        record=report,
        fields=["status", "reopen_reason"],
        purpose="tracing",
        detail={"closed_for": previous},
    )
    contact_log_add(
        actor=actor,
        report=report,
        means=ContactMeans.OTHER,
        note=gettext("Case reopened: %(reason)s") % {"reason": reason},
    )
    match_record(report)
    return report


@transaction.atomic
def report_merge(
    *, actor: User, kept: MissingPersonReport, duplicate: MissingPersonReport
) -> MissingPersonReport:
    """Merge ``duplicate`` into ``kept``, losing nothing.

    ``kept`` gains the other's enquirer (and any it had gained) as a further enquirer,
    its contact log, photos and psychosocial referrals, its candidates (a candidate of
    the same record on both stays with the duplicate, reviews and all, and ``kept``'s own
    is kept), any identity value ``kept`` lacks, its further details ``kept`` lacks, and
    its caseworker and update date if ``kept`` has none. The duplicate's enquirer's
    consents stay recorded on the duplicate, which is closed as a duplicate pointing to
    ``kept`` (never deleted), and ``kept`` is matched again.
    """
    _require(actor, Permission.EDIT_CASES)
    if kept.pk == duplicate.pk:
        raise ApplicationError(gettext("A report cannot be merged into itself."))
    if kept.organisation_id != duplicate.organisation_id:
        raise ApplicationError(gettext("Only reports of the same organisation can be merged."))
    if duplicate.merged_into_id is not None or kept.merged_into_id is not None:
        raise ApplicationError(gettext("One of these reports was already merged."))
    enquirers = list(kept.other_enquirers or [])
    if duplicate.enquirer:
        enquirers.append({**duplicate.enquirer, "report": duplicate.pk})
    enquirers.extend(duplicate.other_enquirers or [])
    kept.other_enquirers = enquirers
    for name in IDENTITY_FIELDS:
        if name == "details":
            continue
        if getattr(kept, name) in ("", None) and getattr(duplicate, name) not in ("", None):
            setattr(kept, name, getattr(duplicate, name))
    details = dict(duplicate.details or {})
    details.update(kept.details or {})
    kept.details = details
    kept.assigned_to = kept.assigned_to or duplicate.assigned_to
    kept.next_update_due = kept.next_update_due or duplicate.next_update_due
    record_set(kept, {})
    kept.save()
    search.index_record(kept)
    moved = {
        "contacts": duplicate.contacts.update(report=kept),
        "photos": duplicate.photos.update(report=kept),
        "support_referrals": duplicate.support_referrals.update(report=kept),
    }
    taken = set(kept.candidates.values_list("found_person_id", "remains_id"))
    movable = [
        c.pk for c in duplicate.candidates.all() if (c.found_person_id, c.remains_id) not in taken
    ]
    moved["candidates"] = Candidate.objects.filter(pk__in=movable).update(report=kept)
    PossibleDuplicate.objects.filter(
        models.Q(report=kept, other=duplicate) | models.Q(report=duplicate, other=kept)
    ).update(status=DuplicateStatus.MERGED)
    duplicate.status = ReportStatus.CLOSED
    duplicate.closed_reason = CloseReason.DUPLICATE
    duplicate.closed_at = timezone.now()
    duplicate.merged_into = kept
    duplicate.save()
    matching.forget(duplicate)
    for record, other in ((kept, duplicate), (duplicate, kept)):
        audit_record(
            actor=actor,
            action="waypost.tracing.missingpersonreport.merged",
            record=record,
            fields=["enquirer", "contacts", "photos", "candidates"],
            purpose="tracing",
            detail={"kept": kept.pk, "duplicate": duplicate.pk, "other": other.pk, **moved},
        )
    if kept.status == ReportStatus.OPEN or kept.status == ReportStatus.UNDER_REVIEW:
        kept.status = _open_status(kept)
        kept.save(update_fields=["status", "updated_at"])
    match_record(kept)
    return kept


@transaction.atomic
def report_schedule(
    *,
    actor: User,
    report: MissingPersonReport,
    assigned_to: User | None,
    next_update_due: date | None,
) -> MissingPersonReport:
    """Who holds the case, and when the family is next due news of the search."""
    _require(actor, Permission.EDIT_CASES)
    if assigned_to is not None and (
        assigned_to.organisation_id != report.organisation_id
        or not assigned_to.has_role_permission(Permission.EDIT_CASES)
    ):
        raise ApplicationError(gettext("Choose a caseworker of your organisation."))
    report.assigned_to = assigned_to
    report.next_update_due = next_update_due
    report.save(update_fields=["assigned_to", "next_update_due", "updated_at"])
    audit_record(
        actor=actor,
        action="waypost.tracing.missingpersonreport.scheduled",
        record=report,
        fields=["assigned_to", "next_update_due"],
        purpose="tracing",
        detail={"assigned_to": assigned_to.pk if assigned_to else None},
    )
    return report


@transaction.atomic
def support_referral_add(
    *,
    actor: User,
    report: MissingPersonReport,
    to_whom: str,
    referred_on: date,
    response: str = SupportResponse.PENDING,
) -> SupportReferral:
    """Record that the family was referred for psychosocial support."""
    _require(actor, Permission.EDIT_CASES)
    to_whom = without_bidi_controls(to_whom).strip()
    if not to_whom:
        raise ApplicationError(gettext("Say to whom the family was referred."))
    if response not in SupportResponse.values:
        raise ApplicationError(gettext("Choose an answer."))
    referral = SupportReferral(
        report=report, referred_on=referred_on, response=response, recorded_by=actor
    )
    referral.to_whom = to_whom
    referral.save()
    audit_record(
        actor=actor,
        action="waypost.tracing.support.referred",
        record=report,
        fields=["to_whom", "referred_on", "response"],
        purpose="tracing",
        detail={"referral": referral.pk, "response": response},
    )
    return referral


@transaction.atomic
def support_referral_answer(
    *, actor: User, referral: SupportReferral, response: str
) -> SupportReferral:
    """The family accepted or declined the support offered."""
    _require(actor, Permission.EDIT_CASES)
    if response not in SupportResponse.values:
        raise ApplicationError(gettext("Choose an answer."))
    referral.response = response
    referral.save(update_fields=["response"])
    audit_record(
        actor=actor,
        action="waypost.tracing.support.answered",
        record=referral.report,
        fields=["response"],
        purpose="tracing",
        detail={"referral": referral.pk, "response": response},
    )
    return referral


def finder_organisation_notify(candidate: Candidate) -> int:
    """Tell the organisation that recorded the found person (or holds the remains) that a
    family's report was confirmed to be that person; returns how many people were told.

    The message names the record by its number only (accounts/notifications.py: a mailbox
    read by someone else learns nothing of the person).
    """
    other = candidate.other
    told = 0
    for user in User.objects.filter(organisation_id=other.organisation_id, is_active=True):
        if user.has_role_permission(Permission.EDIT_CASES) and user.email:
            notifications.match_confirmed_notify(
                user=user,
                kind="found_person" if isinstance(other, FoundPerson) else "remains",
                record_id=other.pk,
            )
            told += 1
    audit_record(
        actor=None,
        action="waypost.tracing.finder.notified",
        record=candidate,
        purpose="tracing",
        detail={"organisation": other.organisation_id, "people": told},
    )
    return told


def reminders_send(*, today: date | None = None) -> dict[str, int]:
    """Send each caseworker one reminder a day of their overdue work (idempotent per day).

    Overdue: a family notification whose "to be done by" day has passed and the family
    is not yet told (to the person who tells, else the report's caseworker), and an open
    report whose next family update is past due (to its caseworker). The reminder gives
    counts and where to look, never a name (accounts/notifications.py).
    """
    today = today or timezone.localdate()
    per_user: dict[int, list[int]] = {}
    for notification in FamilyNotification.objects.filter(
        due_on__lt=today, done_at__isnull=True
    ).select_related("candidate__report"):
        user_id = notification.assigned_to_id or notification.candidate.report.assigned_to_id
        if user_id:
            per_user.setdefault(user_id, [0, 0])[0] += 1
    for user_id in (
        MissingPersonReport.objects.filter(next_update_due__lt=today, assigned_to__isnull=False)
        .exclude(status=ReportStatus.CLOSED)
        .values_list("assigned_to_id", flat=True)
    ):
        per_user.setdefault(user_id, [0, 0])[1] += 1
    sent = skipped = 0
    for user in User.objects.filter(pk__in=per_user, is_active=True):
        notifications_due, updates_due = per_user[user.pk]
        _reminder, created = ReminderSent.objects.get_or_create(
            user=user, sent_on=today, defaults={"items": notifications_due + updates_due}
        )
        if not created:
            skipped += 1
            continue
        notifications.overdue_notify(
            user=user, notifications_due=notifications_due, updates_due=updates_due
        )
        sent += 1
    summary = {"sent": sent, "already_sent_today": skipped}
    audit_record(
        actor=None,
        action="waypost.tracing.reminders.sent",
        record_type="tracing.remindersent",
        purpose="tracing",
        detail={"day": today.isoformat(), **summary},
    )
    return summary
