"""Writes of the tracing workflow: records, candidates, review, telling the family."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from waypost.accounts.models import User
from waypost.accounts.roles import Permission
from waypost.core.attachments import attachment_clean
from waypost.core.exceptions import ApplicationError, NotFound, PermissionDenied
from waypost.core.validators import clean_text_values, without_bidi_controls
from waypost.protection.audit import audit_record
from waypost.protection.keys import blind_index
from waypost.protection.models import ConsentMethod, DataCategory, Purpose
from waypost.protection.services import consent_allows, consent_record, consent_withdraw
from waypost.tracing import board, forensic, forensic_comparison, matching, scores, search
from waypost.tracing.models import (
    ENQUIRER_CONSENT_SUBJECT,
    FOUND_PERSON_CONSENT_SUBJECT,
    OPEN_CANDIDATE_STATUSES,
    PARTIAL_DATE_HELP,
    Candidate,
    CandidateReview,
    CandidateStatus,
    ContactLogEntry,
    Decision,
    DnaConclusion,
    DnaResult,
    FamilyNotification,
    FoundPerson,
    MissingPersonReport,
    PersonPhoto,
    PersonRecord,
    RemainsStatus,
    ReportStatus,
    ShareConsent,
    UnidentifiedRemains,
    is_child,
    is_partial_date,
)

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
    record_set(record, values)
    record.save()
    search.index_record(record)
    if isinstance(record, FoundPerson):
        _sync_consent(actor, record, guardian_or_decision)
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
    record_set(record, values)
    record.save()
    search.index_record(record)
    if isinstance(record, FoundPerson):
        _sync_consent(actor, record, guardian_or_decision)
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


def _sync_consent(actor: User | None, person: FoundPerson, guardian_or_decision: str = "") -> None:
    """The person's own choice about sharing, kept as a consent that can be withdrawn at once.

    A child's consent needs a guardian's or a recorded best-interests decision
    (consent_record refuses it otherwise, and the transaction keeps nothing).
    """
    shares = person.share_consent != ShareConsent.NOTHING
    held = consent_allows(
        subject_type=FOUND_PERSON_CONSENT_SUBJECT, subject_id=person.pk, purpose="tracing"
    )
    if shares and not held:
        child = is_child(
            birth_date=person.birth_date,
            age=person.age,
            age_date=person.age_date,
            today=timezone.localdate(),
        )
        consent_record(
            actor=actor,
            organisation=person.organisation,
            subject_type=FOUND_PERSON_CONSENT_SUBJECT,
            subject_id=person.pk,
            purpose="tracing",
            method=ConsentMethod.GUARDIAN if child else ConsentMethod.ORAL,
            language=(person.details or {}).get("language", ""),
            is_child=child,
            guardian_or_decision=guardian_or_decision,
        )
    elif held and not shares:
        consent_withdraw(
            actor=actor,
            subject_type=FOUND_PERSON_CONSENT_SUBJECT,
            subject_id=person.pk,
            purpose="tracing",
        )


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
    """The person no longer agrees: from the next read on, others learn only that they are alive."""
    _require(actor, Permission.EDIT_CASES)
    person.share_consent = ShareConsent.NOTHING
    person.save(update_fields=["share_consent", "updated_at"])
    _sync_consent(actor, person)
    return person


def match_record(record: PersonRecord) -> list[Candidate]:
    """Match one record incrementally and keep its candidates.

    A pair a reviewer excluded stays excluded while neither record's compared data
    change (same fingerprint); once they change it is suggested again.
    """
    found = []
    for hit in matching.index_and_query(record):
        kind, pk = matching.parse_engine_id(hit.id)
        pair = _pair(record, kind, pk)
        if pair is None:
            continue
        report, other = pair
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
    FamilyNotification.objects.get_or_create(
        candidate=candidate, defaults={"language": enquirer.get("language", "")}
    )
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
    record_set(record, values)
    record.save()
    search.index_record(record)
    if isinstance(record, FoundPerson):
        _sync_consent(None, record, guardian_or_decision)
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
