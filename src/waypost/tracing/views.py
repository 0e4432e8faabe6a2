"""Pages for caseworkers, reviewers and forensic staff."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from waypost.accounts.models import Organisation, User
from waypost.accounts.permissions import role_required
from waypost.accounts.reauth import recent_authentication_required
from waypost.accounts.roles import Permission
from waypost.core.exceptions import ApplicationError
from waypost.core.http import attachment_disposition
from waypost.protection.rights import person_erase, person_export
from waypost.tracing import selectors, services
from waypost.tracing.forensic_views import forensic_shown
from waypost.tracing.forms import (
    FOUND_CONSENT_CHOICES,
    CaseForm,
    CloseForm,
    ContactForm,
    DnaResultForm,
    EnquirerConsentForm,
    FoundConsentForm,
    FoundMessageForm,
    FoundPersonForm,
    MissingPersonEditForm,
    MissingPersonForm,
    NotificationForm,
    PersonForm,
    RemainsForm,
    ReopenForm,
    ReverseForm,
    ReviewForm,
    SupportAnswerForm,
    SupportReferralForm,
)
from waypost.tracing.models import (
    CandidateStatus,
    FamilyNotification,
    FoundPerson,
    MissingPersonReport,
    PersonRecord,
    UnidentifiedRemains,
)
from waypost.tracing.presentation import readable_details, readable_export


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type[PersonRecord]
    form: type[PersonForm]
    title: str | Promise
    new_title: str | Promise


KINDS = {
    kind.slug: kind
    for kind in (
        Kind(
            "missing",
            MissingPersonReport,
            MissingPersonForm,
            gettext_lazy("Missing-person reports"),
            gettext_lazy("New missing-person report"),
        ),
        Kind(
            "found",
            FoundPerson,
            FoundPersonForm,
            gettext_lazy("Found persons"),
            gettext_lazy("New found person"),
        ),
        Kind(
            "remains",
            UnidentifiedRemains,
            RemainsForm,
            gettext_lazy("Unidentified remains"),
            gettext_lazy("New unidentified remains"),
        ),
    )
}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - role_required guarantees it
    return request.user


def _kind(slug: str) -> Kind:
    if slug not in KINDS:
        raise Http404
    return KINDS[slug]


@role_required(Permission.VIEW_PERSONAL_DATA)
def record_list(request: HttpRequest, kind: str) -> HttpResponse:
    """The organisation's records, newest first, or those a search finds.

    The search compares names and places part by part with the matching engine's keys, so
    a name typed in one script or spelling finds it written in another (``search``).
    The form is sent by POST, so the names and places typed into it never appear in a URL
    (browser history, a proxy's log, a Referer header).
    """
    spec = _kind(kind)
    user = _user(request)
    typed = request.POST.get("q", "") if request.method == "POST" else request.GET.get("q", "")
    query = typed.strip()
    records: list[PersonRecord]
    if query:
        records = selectors.records_search(user=user, model=spec.model, text=query)
    else:
        records = list(selectors.records_visible_to(user=user, model=spec.model)[:500])
        selectors.records_listed(user=user, model=spec.model, records=records)
    return render(
        request,
        "tracing/list.html",
        {
            "kind": spec,
            "kinds": KINDS.values(),
            "records": records,
            "query": typed,
            "can_edit": user.has_role_permission(Permission.EDIT_CASES),
        },
    )


@role_required(Permission.EDIT_CASES)
def record_create(request: HttpRequest, kind: str) -> HttpResponse:
    spec = _kind(kind)
    form = spec.form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record = services.record_create(actor=_user(request), model=spec.model, **form.values())
        messages.success(request, _("Saved. Candidates were searched for at once."))
        return redirect("tracing:detail", kind=kind, pk=record.pk)
    return render(request, "tracing/form.html", {"kind": spec, "form": form})


@role_required(Permission.VIEW_PERSONAL_DATA)
def record_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = _kind(kind)
    user = _user(request)
    record = selectors.record_get(user=user, model=spec.model, pk=pk)
    details = readable_details(record.details or {})
    # The actions the views below allow this role, and only those (a reviewer reads).
    can_edit = user.has_role_permission(Permission.EDIT_CASES)
    context: dict[str, object] = {
        "kind": spec,
        "record": record,
        "details": details,
        "can_edit": can_edit,
    }
    context.update(forensic_shown(record))
    if isinstance(record, FoundPerson | UnidentifiedRemains):
        context["record_candidates"] = selectors.candidates_for_record(
            user=user, model=type(record), record_id=pk
        )
    if isinstance(record, MissingPersonReport):
        context["candidates"] = selectors.candidates_for_report(user=user, report_id=pk)
        context["contacts"] = record.contacts.all()
        consents = selectors.enquirer_consents(record)
        context["consents"] = consents
        context["other_enquirers"] = selectors.other_enquirers_of(record)
        context["duplicates"] = selectors.duplicates_for_report(user=user, report=record)
        context["referrals"] = list(record.support_referrals.all())
        if can_edit:
            context["contact_form"] = ContactForm()
            context["consent_form"] = EnquirerConsentForm(
                initial={"enquirer_consents": sorted(consents)}
            )
            context["case_form"] = CaseForm(
                organisation_id=record.organisation_id,
                initial={
                    "assigned_to": record.assigned_to_id,
                    "next_update_due": record.next_update_due,
                },
            )
            context["referral_form"] = SupportReferralForm(
                initial={"referred_on": timezone.localdate()}
            )
            context["answer_form"] = SupportAnswerForm()
            context["close_form"] = CloseForm()
            context["reopen_form"] = ReopenForm()
    if isinstance(record, FoundPerson):
        found_consents = selectors.found_person_consents(record)
        context["found_consents"] = [
            (code, label, code in found_consents) for code, label in FOUND_CONSENT_CHOICES
        ]
        context["found_candidates"] = selectors.candidates_for_found_person(
            user=user, person=record
        )
        if can_edit:
            context["found_consent_form"] = FoundConsentForm(
                initial={"found_consents": sorted(found_consents)}
            )
            context["message_form"] = FoundMessageForm(initial={"message": record.message})
    return render(request, "tracing/detail.html", context)


def _report(request: HttpRequest, pk: int) -> MissingPersonReport:
    report = selectors.record_get(user=_user(request), model=MissingPersonReport, pk=pk)
    assert isinstance(report, MissingPersonReport)  # noqa: S101
    return report


@role_required(Permission.EDIT_CASES)
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a report's identity and enquirer; saved, audited, and matched again."""
    user = _user(request)
    report = _report(request, pk)
    form = MissingPersonEditForm(
        request.POST or None, initial=MissingPersonEditForm.initial_of(report)
    )
    if request.method == "POST" and form.is_valid():
        values = form.values()
        enquirer = {**(report.enquirer or {}), **values.pop("enquirer")}
        # The form holds some of the further details; the others (a partner's PFIF notes,
        # given and family names) are kept as they are.
        details = {
            key: value
            for key, value in (report.details or {}).items()
            if key not in form.DETAIL_FIELDS
        }
        values["details"] = {**details, **values["details"]}
        services.record_update(actor=user, record=report, enquirer=enquirer, **values)
        messages.success(request, _("Saved. Candidates and duplicates were searched for again."))
        return redirect("tracing:detail", kind="missing", pk=pk)
    return render(
        request, "tracing/edit.html", {"kind": KINDS["missing"], "record": report, "form": form}
    )


@require_POST
@role_required(Permission.EDIT_CASES)
def report_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = _report(request, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.report_close(actor=user, report=report, **form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The case was closed."))
    else:
        messages.error(request, _('Not closed: choose a reason, and say why for "Other".'))
    return redirect("tracing:detail", kind="missing", pk=pk)


@require_POST
@role_required(Permission.EDIT_CASES)
def report_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = _report(request, pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.report_reopen(actor=user, report=report, **form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The case was reopened."))
    else:
        messages.error(request, _("Not reopened: say why."))
    return redirect("tracing:detail", kind="missing", pk=pk)


@require_POST
@role_required(Permission.EDIT_CASES)
def report_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge the report named by ``duplicate`` into this one (from its duplicates list)."""
    user = _user(request)
    kept = _report(request, pk)
    try:
        other_pk = int(request.POST.get("duplicate", ""))
    except ValueError:
        raise Http404 from None
    duplicate = _report(request, other_pk)
    try:
        services.report_merge(actor=user, kept=kept, duplicate=duplicate)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The reports were merged; both enquirers are on this report."))
    return redirect("tracing:detail", kind="missing", pk=pk)


@require_POST
@role_required(Permission.EDIT_CASES)
def duplicate_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    pair = selectors.duplicate_get(user=user, pk=pk)
    try:
        services.duplicate_dismiss(actor=user, duplicate=pair)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Marked as two different people."))
    back = request.POST.get("back", "")
    if back.isdigit():
        return redirect("tracing:detail", kind="missing", pk=int(back))
    return redirect("tracing:duplicates")


@role_required(Permission.VIEW_PERSONAL_DATA)
def duplicates(request: HttpRequest) -> HttpResponse:
    """The organisation's possible duplicate reports (two relatives reporting one person)."""
    user = _user(request)
    return render(
        request,
        "tracing/duplicates.html",
        {
            "pairs": selectors.duplicates_list(user=user),
            "can_edit": user.has_role_permission(Permission.EDIT_CASES),
        },
    )


@require_POST
@role_required(Permission.EDIT_CASES)
def report_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = _report(request, pk)
    form = CaseForm(request.POST, organisation_id=report.organisation_id)
    if form.is_valid():
        services.report_schedule(actor=user, report=report, **form.cleaned_data)
        messages.success(request, _("The caseworker and the next update were saved."))
    else:
        messages.error(request, _("Not saved: check the fields."))
    return redirect("tracing:detail", kind="missing", pk=pk)


@require_POST
@role_required(Permission.EDIT_CASES)
def referral_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = _report(request, pk)
    form = SupportReferralForm(request.POST)
    if form.is_valid():
        services.support_referral_add(actor=user, report=report, **form.cleaned_data)
        messages.success(request, _("The referral was recorded."))
    else:
        messages.error(request, _("Not saved: check the fields."))
    return redirect("tracing:detail", kind="missing", pk=pk)


@require_POST
@role_required(Permission.EDIT_CASES)
def referral_answer(request: HttpRequest, pk: int, referral_id: int) -> HttpResponse:
    user = _user(request)
    report = _report(request, pk)
    referral = report.support_referrals.filter(pk=referral_id).first()
    if referral is None:
        raise Http404
    form = SupportAnswerForm(request.POST)
    if form.is_valid():
        services.support_referral_answer(actor=user, referral=referral, **form.cleaned_data)
        messages.success(request, _("The answer was recorded."))
    return redirect("tracing:detail", kind="missing", pk=pk)


@role_required(Permission.EDIT_CASES)
def caseload(request: HttpRequest) -> HttpResponse:
    """The open reports assigned to me: status, last contact, next update due."""
    user = _user(request)
    return render(
        request,
        "tracing/caseload.html",
        {"reports": selectors.caseload(user=user), "today": timezone.localdate()},
    )


@role_required(Permission.VIEW_PERSONAL_DATA)
def overdue(request: HttpRequest) -> HttpResponse:
    """Families waiting past the day set: to be told of a match, or for news of the search."""
    user = _user(request)
    return render(request, "tracing/overdue.html", selectors.overdue(user=user))


def _found(request: HttpRequest, pk: int) -> FoundPerson:
    person = selectors.record_get(user=_user(request), model=FoundPerson, pk=pk)
    assert isinstance(person, FoundPerson)  # noqa: S101
    return person


@require_POST
@role_required(Permission.EDIT_CASES)
def found_consents_update(request: HttpRequest, pk: int) -> HttpResponse:
    """The found person gives or withdraws each consent; it applies at once."""
    user = _user(request)
    person = _found(request, pk)
    form = FoundConsentForm(request.POST)
    form.person = person
    if form.is_valid():
        services.record_update(
            actor=user,
            record=person,
            found_consents=form.cleaned_data["found_consents"],
            guardian_or_decision=form.cleaned_data["guardian_or_decision"],
        )
        messages.success(request, _("The person's consent was recorded."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("tracing:detail", kind="found", pk=pk)


@require_POST
@role_required(Permission.EDIT_CASES)
def found_message_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = _found(request, pk)
    form = FoundMessageForm(request.POST)
    if form.is_valid():
        services.found_person_message_set(
            actor=user, person=person, message=form.cleaned_data["message"]
        )
        messages.success(request, _("The message was saved."))
    return redirect("tracing:detail", kind="found", pk=pk)


@require_POST
@role_required(Permission.EDIT_CASES)
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    report = selectors.record_get(user=user, model=MissingPersonReport, pk=pk)
    assert isinstance(report, MissingPersonReport)  # noqa: S101
    form = ContactForm(request.POST)
    if form.is_valid():
        services.contact_log_add(actor=user, report=report, **form.cleaned_data)
        messages.success(request, _("The contact was logged."))
    return redirect("tracing:detail", kind="missing", pk=pk)


@require_POST
@role_required(Permission.EDIT_CASES)
def enquirer_consents_update(request: HttpRequest, pk: int) -> HttpResponse:
    """The enquirer gives or withdraws consent for a purpose; it applies at once."""
    user = _user(request)
    report = selectors.record_get(user=user, model=MissingPersonReport, pk=pk)
    form = EnquirerConsentForm(request.POST)
    if form.is_valid():
        services.record_update(actor=user, record=report, **form.cleaned_data)
        messages.success(request, _("The enquirer's consent was recorded."))
    return redirect("tracing:detail", kind="missing", pk=pk)


@role_required(Permission.REVIEW_CANDIDATES)
def review_queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    candidates = selectors.review_queue(user=user)
    return render(request, "tracing/review_queue.html", {"candidates": candidates})


@role_required(Permission.REVIEW_CANDIDATES)
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Side by side: the report and the other record (each in full only to its holder),
    the forensic comparison, both sides' decisions, DNA results, and the board's forms."""
    user = _user(request)
    candidate = selectors.candidate_get(user=user, pk=pk)
    confirmed = candidate.status == CandidateStatus.CONFIRMED
    form_class = ReverseForm if confirmed else ReviewForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_review(actor=user, candidate=candidate, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your decision was recorded."))
            return redirect("tracing:candidate", pk=pk)
    notification = getattr(candidate, "notification", None) if confirmed else None
    reviews = selectors.candidate_reviews(candidate)
    current = [r for r in reviews if r.round == candidate.review_round]
    # Each reviewer decides once a round (services.candidate_review): after that the page
    # shows their decision instead of a form the service would refuse.
    my_review = next(
        (r for r in current if r.reviewer_id == user.pk and (r.decision == "reverse") == confirmed),
        None,
    )
    decided = candidate.status == CandidateStatus.EXCLUDED
    return render(
        request,
        "tracing/candidate.html",
        {
            "candidate": candidate,
            "report": candidate.report,
            "other": candidate.other,
            "report_is_own": candidate.report.organisation_id == user.organisation_id,
            "other_is_own": candidate.other.organisation_id == user.organisation_id,
            "reviews": reviews,
            "awaiting": [
                {
                    "organisation": Organisation.objects.get(pk=side.organisation_id).name,
                    "forensic": side.forensic,
                }
                for side in selectors.awaited_sides(candidate)
            ],
            "my_review": my_review,
            "form": None if my_review or decided else form,
            "reversing": confirmed,
            "forensics": selectors.candidate_forensics(candidate),
            "dna_results": selectors.candidate_dna_results(candidate),
            "dna_form": DnaResultForm()
            if candidate.remains_id and user.has_role_permission(Permission.EDIT_CASES)
            else None,
            "notification": notification,
            "notification_form": _notification_form(notification)
            if notification
            and user.has_role_permission(Permission.EDIT_CASES)
            and candidate.report.organisation_id == user.organisation_id
            else None,
        },
    )


@require_POST
@role_required(Permission.EDIT_CASES)
def dna_result_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A laboratory's DNA conclusion entered on the candidate, as the laboratory reported it."""
    user = _user(request)
    if not user.has_role_permission(Permission.REVIEW_CANDIDATES):
        raise Http404
    candidate = selectors.candidate_get(user=user, pk=pk)
    form = DnaResultForm(request.POST)
    if form.is_valid():
        try:
            services.dna_result_add(actor=user, candidate=candidate, **form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The laboratory's result was recorded."))
    else:
        messages.error(request, _("Not saved: check the fields."))
    return redirect("tracing:candidate", pk=pk)


@role_required(Permission.REVIEW_CANDIDATES)
def identification_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed identification report (PDF) of a confirmed candidate, to either side."""
    _candidate, pdf = selectors.identification_report(user=_user(request), pk=pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = attachment_disposition(f"waypost-identification-{pk}.pdf")
    response["Cache-Control"] = "no-store"
    return response


def _notification_form(notification: FamilyNotification) -> NotificationForm:
    return NotificationForm(
        initial={
            "due_on": notification.due_on,
            "language": notification.language,
            "support": notification.support,
            "outcome": notification.outcome,
            "done": notification.done_at is not None,
        }
    )


@require_POST
@role_required(Permission.EDIT_CASES)
def notification_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    if not user.has_role_permission(Permission.REVIEW_CANDIDATES):
        raise Http404
    candidate = selectors.candidate_get(user=user, pk=pk)
    form = NotificationForm(request.POST)
    # The family is the report's organisation's to tell; the other side reads the task.
    if not hasattr(candidate, "notification") or (
        candidate.report.organisation_id != user.organisation_id
    ):
        raise Http404
    if form.is_valid():
        services.notification_update(
            actor=user, notification=candidate.notification, assigned_to=user, **form.cleaned_data
        )
        messages.success(request, _("The notification was updated."))
    else:
        messages.error(request, _("Not saved: check the fields."))
    return redirect("tracing:candidate", pk=pk)


@role_required(Permission.VIEW_PERSONAL_DATA)
@recent_authentication_required
def record_export(request: HttpRequest, kind: str, pk: int, fmt: str) -> HttpResponse:
    """Everything held about the person, for them or their representative (JSON or page)."""
    user = _user(request)
    record = selectors.record_get(user=user, model=_kind(kind).model, pk=pk)
    data = person_export(actor=user, record=record)
    if fmt == "json":
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = attachment_disposition(f"waypost-{kind}-{pk}.json")
        return response
    return render(
        request,
        "tracing/export.html",
        {"kind": _kind(kind), "record": record, "shown": readable_export(data)},
    )


@role_required(Permission.EDIT_CASES)
def record_erase(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Erase at the person's request, after a confirmation page."""
    user = _user(request)
    spec = _kind(kind)
    record = selectors.record_get(user=user, model=spec.model, pk=pk)
    if request.method == "POST":
        person_erase(actor=user, record=record)
        messages.success(request, _("The record and everything depending on it were erased."))
        return redirect("tracing:list", kind=kind)
    return render(request, "tracing/erase.html", {"kind": spec, "record": record})


@require_POST
@role_required(Permission.EDIT_CASES)
def photo_add(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    user = _user(request)
    record = selectors.record_get(user=user, model=_kind(kind).model, pk=pk)
    upload = request.FILES.get("photo")
    if upload is None:
        messages.error(request, _("Choose a photo first."))
    else:
        try:
            services.photo_add(actor=user, record=record, data=upload.read())
            messages.success(request, _("The photo was added, without its hidden data."))
        except ApplicationError as error:
            messages.error(request, error.message)
    return redirect("tracing:detail", kind=kind, pk=pk)


@role_required(Permission.VIEW_PERSONAL_DATA)
def photo_show(request: HttpRequest, photo_id: int) -> HttpResponse:
    """The photo itself, to people who may see its record; never cached."""
    photo = selectors.photo_get(user=_user(request), photo_id=photo_id)
    response = HttpResponse(photo.content, content_type=photo.content_type)
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = "inline"
    return response
