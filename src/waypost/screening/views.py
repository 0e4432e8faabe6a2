"""Pages of screening and referral: screenings, referrals, the service directory, children."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypost.accounts.models import User
from waypost.accounts.permissions import role_required
from waypost.accounts.roles import Permission
from waypost.core.exceptions import ApplicationError
from waypost.screening import selectors, services
from waypost.screening.forms import (
    SHARED_FIELD_LABELS,
    AgeAssessmentForm,
    BiaDecisionForm,
    BiaForm,
    BidForm,
    ConcernForm,
    GuardianForm,
    ReferralForm,
    ScreeningForm,
    ServiceForm,
    StepForm,
    TracingLinkForm,
    TransferForm,
)
from waypost.screening.models import (
    AssessmentState,
    Person,
    ServiceStatus,
)
from waypost.screening.specific_needs import specific_needs


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - role_required guarantees it
    return request.user


@role_required(Permission.VIEW_PERSONAL_DATA)
def screening_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    screenings = list(selectors.screenings_visible_to(user=user)[:500])
    selectors.screenings_listed(user=user, records=screenings)
    return render(
        request,
        "screening/list.html",
        {
            "screenings": screenings,
            "can_edit": user.has_role_permission(Permission.EDIT_CASES),
            "overdue": selectors.referrals_for(user=user, box="in", overdue=True).count(),
        },
    )


@role_required(Permission.EDIT_CASES)
def screening_create(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A new screening, or (``pk``) a re-screening of that screening's person."""
    user = _user(request)
    assert user.organisation is not None  # noqa: S101 - role_required requires one
    previous = selectors.screening_get(user=user, pk=pk) if pk else None
    initial = {}
    if previous is not None:
        person = previous.person
        initial = {
            "name": person.name,
            "sex": person.sex,
            "birth_date": person.birth_date,
            "age": person.claimed_age,
            "nationality": person.nationality,
            "languages": ", ".join(person.languages or []),
            "travelling": person.travelling,
            "place": previous.place,
        }
    form = ScreeningForm(
        request.POST or None,
        initial=initial,
        concerns=selectors.concerns_of(user.organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            screening = services.screening_create(
                actor=user,
                person_record=previous.person if previous else None,
                **form.values(),
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The screening was saved."))
            return redirect("screening:detail", pk=screening.pk)
    return render(request, "screening/form.html", {"form": form, "previous": previous})


def _needs(codes: list[str]) -> list[tuple[str, str]]:
    known = specific_needs()
    return [(code, known[code].group if code in known else "") for code in codes]


@role_required(Permission.VIEW_PERSONAL_DATA)
def screening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    screening = selectors.screening_get(user=user, pk=pk)
    person = screening.person
    assert user.organisation is not None  # noqa: S101
    labels = {
        c.code: selectors.concern_label(c)
        for c in selectors.concerns_of(user.organisation, active_only=False)
    }
    can_edit = user.has_role_permission(Permission.EDIT_CASES)
    return render(
        request,
        "screening/detail.html",
        {
            "screening": screening,
            "person": person,
            "age": selectors.age_view_of(person),
            "concerns": [labels.get(code, code) for code in screening.concerns or []],
            "needs": _needs(screening.specific_needs or []),
            "history": selectors.person_history(person=person),
            "referrals": screening.referrals.select_related("recipient", "service"),
            "assessments": person.age_assessments.all(),
            "child_case": selectors.child_case_of(person),
            "can_edit": can_edit,
            "link_form": TracingLinkForm() if can_edit else None,
            "wg": sorted((screening.washington_group or {}).items()),
        },
    )


@require_POST
@role_required(Permission.EDIT_CASES)
def tracing_link(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    screening = selectors.screening_get(user=user, pk=pk)
    form = TracingLinkForm(request.POST)
    if form.is_valid():
        try:
            services.screening_link_tracing(
                actor=user,
                screening=screening,
                kind=form.cleaned_data["kind"],
                record_id=form.cleaned_data["record"],
            )
        except ApplicationError:
            messages.error(request, _("No tracing record of your organisation has this number."))
        else:
            messages.success(request, _("The screening is linked to the tracing record."))
    return redirect("screening:detail", pk=pk)


def _service_choices(user: User) -> list[tuple[str, str]]:
    return [
        (str(s.pk), f"{selectors.service_name(s)} ({s.organisation.name})")
        for s in selectors.services_visible_to(user=user).filter(status=ServiceStatus.PUBLISHED)
    ]


@role_required(Permission.EDIT_CASES)
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    screening = selectors.screening_get(user=user, pk=pk)
    form = ReferralForm(request.POST or None, service_choices=_service_choices(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service = (
                selectors.service_get(user=user, pk=data["service"]) if data["service"] else None
            )
            organisation = (
                services.organisation_for_referral(data["organisation"])
                if service is None
                else None
            )
            referral = services.referral_create(
                actor=user,
                screening=screening,
                service=service,
                organisation=organisation,
                priority=data["priority"],
                shared_fields=list(data["shared_fields"]),
                consent=form.consent(),
                override_reason=data["override_reason"],
                note=data["note"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The referral was sent."))
            return redirect("screening:referral", pk=referral.pk)
    return render(request, "screening/referral_form.html", {"form": form, "screening": screening})


@role_required(Permission.VIEW_PERSONAL_DATA)
def referral_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    box = request.GET.get("box", "in")
    box = box if box in ("in", "out") else "in"
    overdue = request.GET.get("overdue") == "1"
    referrals = list(selectors.referrals_for(user=user, box=box, overdue=overdue)[:500])
    selectors.referrals_listed(user=user, records=referrals)
    now = timezone.now()
    return render(
        request,
        "screening/referrals.html",
        {
            "referrals": [(r, selectors.is_overdue(r, now)) for r in referrals],
            "box": box,
            "overdue": overdue,
        },
    )


@role_required(Permission.VIEW_PERSONAL_DATA)
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    referral = selectors.referral_get(user=user, pk=pk)
    data = selectors.referral_output(referral, user=user)
    fields = [
        (SHARED_FIELD_LABELS[f], data[f], f)
        for f in selectors.referral_fields_for(referral, user)
        if f in data and f in referral.shared_fields
    ]
    own = referral.organisation_id == user.organisation_id
    receiver = referral.recipient_id == user.organisation_id
    can_edit = user.has_role_permission(Permission.EDIT_CASES)
    steps = []
    if can_edit:
        for step, (party, starts, _leads) in services.STEPS.items():
            if referral.status in starts and (
                (party == "recipient" and receiver) or (party == "sender" and own)
            ):
                steps.append(step)
    return render(
        request,
        "screening/referral.html",
        {
            "referral": referral,
            "data": data,
            "fields": fields,
            "own": own,
            "steps": steps,
            "step_form": StepForm(),
            "overdue": selectors.is_overdue(referral),
        },
    )


@require_POST
@role_required(Permission.EDIT_CASES)
def referral_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user = _user(request)
    if step not in services.STEPS:
        raise Http404
    referral = selectors.referral_get(user=user, pk=pk)
    form = StepForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    try:
        services.referral_step(actor=user, referral=referral, step=step, text=text)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The referral was updated."))
    return redirect("screening:referral", pk=pk)


@role_required(Permission.EDIT_CASES)
def transfer_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask another organisation to take over the case of the person screened in ``pk``."""
    user = _user(request)
    screening = selectors.screening_get(user=user, pk=pk)
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            transfer = services.transfer_request(
                actor=user,
                person=screening.person,
                recipient=services.organisation_for_referral(data["organisation"]),
                consent=form.consent(),
                override_reason=data["override_reason"],
                note=data["note"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The transfer was asked for."))
            return redirect("screening:transfer", pk=transfer.pk)
    return render(request, "screening/transfer_form.html", {"form": form, "screening": screening})


@role_required(Permission.VIEW_PERSONAL_DATA)
def transfer_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    box = request.GET.get("box", "in")
    box = box if box in ("in", "out") else "in"
    transfers = list(selectors.transfers_for(user=user, box=box)[:500])
    selectors.transfers_listed(user=user, records=transfers)
    return render(request, "screening/transfers.html", {"transfers": transfers, "box": box})


@role_required(Permission.VIEW_PERSONAL_DATA)
def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    transfer = selectors.transfer_get(user=user, pk=pk)
    steps = []
    if user.has_role_permission(Permission.EDIT_CASES) and transfer.status == "pending":
        for step, (party, _leads) in services.TRANSFER_STEPS.items():
            party_id = transfer.recipient_id if party == "recipient" else transfer.organisation_id
            if party_id == user.organisation_id:
                steps.append(step)
    return render(
        request,
        "screening/transfer.html",
        {
            "transfer": transfer,
            "data": selectors.transfer_output(transfer, user=user),
            "moved": sum(transfer.moved.values()),
            "steps": steps,
            "step_form": StepForm(),
        },
    )


@require_POST
@role_required(Permission.EDIT_CASES)
def transfer_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user = _user(request)
    if step not in services.TRANSFER_STEPS:
        raise Http404
    transfer = selectors.transfer_get(user=user, pk=pk)
    form = StepForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    try:
        services.transfer_step(actor=user, transfer=transfer, step=step, text=text)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The transfer was updated."))
    return redirect("screening:transfer", pk=pk)


@role_required(Permission.MANAGE_MEMBERS)
def concern_list(request: HttpRequest) -> HttpResponse:
    """The organisation's concerns table: its words for each concern, the UNHCR codes."""
    user = _user(request)
    assert user.organisation is not None  # noqa: S101 - the role requires one
    known = specific_needs()
    rows = [
        (
            concern,
            selectors.concern_label(concern),
            [(code, known[code].label if code in known else "") for code in concern.specific_needs],
        )
        for concern in selectors.concerns_of(user.organisation, active_only=False)
    ]
    return render(request, "screening/concerns.html", {"rows": rows})


@role_required(Permission.MANAGE_MEMBERS)
def concern_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Add a concern (``code`` None) or change one: its words and its UNHCR codes."""
    user = _user(request)
    assert user.organisation is not None  # noqa: S101 - the role requires one
    concern = selectors.concern_get(user.organisation, code) if code else None
    initial: dict[str, object] = {"active": True}
    if concern is not None:
        initial = {
            "specific_needs": concern.specific_needs,
            "high_risk": concern.high_risk,
            "active": concern.active,
            **{f"label_{k}": v for k, v in (concern.labels or {}).items()},
        }
    form = ConcernForm(request.POST or None, initial=initial, new=concern is None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.concern_set(
                actor=user,
                organisation=user.organisation,
                code=concern.code if concern else data["code"],
                specific_needs_codes=list(data["specific_needs"]),
                labels=form.labels(),
                high_risk=data["high_risk"],
                active=data["active"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The concern was saved."))
            return redirect("screening:concerns")
    return render(
        request,
        "screening/concern_form.html",
        {
            "form": form,
            "concern": concern,
            "label": selectors.concern_label(concern) if concern else "",
        },
    )


@role_required(Permission.VIEW_PERSONAL_DATA)
def service_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    rows = [
        (service, selectors.service_name(service))
        for service in selectors.services_visible_to(user=user)
    ]
    return render(
        request,
        "screening/services.html",
        {
            "services": rows,
            "can_edit": user.has_role_permission(Permission.EDIT_CASES),
            "own_id": user.organisation_id,
        },
    )


@role_required(Permission.EDIT_CASES)
def service_create(request: HttpRequest) -> HttpResponse:
    form = ServiceForm(request.POST or None, initial={"status": ServiceStatus.DRAFT})
    if request.method == "POST" and form.is_valid():
        try:
            services.service_create(actor=_user(request), **form.values())
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The service was saved."))
            return redirect("screening:services")
    return render(request, "screening/service_form.html", {"form": form})


@require_POST
@role_required(Permission.EDIT_CASES)
def service_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    service = selectors.service_get(user=user, pk=pk)
    if service.organisation_id != user.organisation_id:
        raise Http404
    status = (
        ServiceStatus.DRAFT
        if service.status == ServiceStatus.PUBLISHED
        else ServiceStatus.PUBLISHED
    )
    services.service_update(actor=user, service=service, status=status)
    messages.success(request, _("The service was updated."))
    return redirect("screening:services")


@role_required(Permission.VIEW_PERSONAL_DATA)
def children(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    cases = [
        (case, selectors.guardian_overdue(case, today)) for case in selectors.children_of(user=user)
    ]
    return render(
        request,
        "screening/children.html",
        {"cases": cases, "overdue": sum(1 for _case, late in cases if late)},
    )


def _person(user: User, pk: int) -> Person:
    return selectors.person_get(user=user, pk=pk)


@role_required(Permission.VIEW_PERSONAL_DATA)
def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = _person(user, pk)
    case = selectors.child_case_of(person)
    can_edit = user.has_role_permission(Permission.EDIT_CASES)
    can_supervise = user.has_role_permission(Permission.SUPERVISE_PROTECTION)
    screening = selectors.latest_screening_of(person)
    return render(
        request,
        "screening/child.html",
        {
            "person": person,
            "case": case,
            "screening": screening,
            "age": selectors.age_view_of(person),
            "guardian_overdue": case is not None and selectors.guardian_overdue(case),
            "assessments": person.best_interests_assessments.all(),
            "determinations": person.best_interests_determinations.all(),
            "bia_form": BiaForm() if can_edit else None,
            "bid_form": BidForm() if can_edit else None,
            "guardian_form": GuardianForm() if can_edit and case else None,
            "decision_form": BiaDecisionForm() if can_supervise else None,
            "user_id": user.pk,
            "submitted": AssessmentState.SUBMITTED,
        },
    )


@require_POST
@role_required(Permission.EDIT_CASES)
def bia_submit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = _person(user, pk)
    form = BiaForm(request.POST)
    if form.is_valid():
        services.bia_submit(actor=user, person=person, content=form.cleaned_data)
        messages.success(request, _("The assessment waits for a supervisor's approval."))
    else:
        messages.error(request, _("Record what the child said: the child's wishes are heard."))
    return redirect("screening:child", pk=pk)


@require_POST
@role_required(Permission.SUPERVISE_PROTECTION)
def bia_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    bia = selectors.bia_get(user=user, pk=pk)
    form = BiaDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.bia_decide(actor=user, bia=bia, **form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your decision was recorded."))
    return redirect("screening:child", pk=bia.person_id)


@require_POST
@role_required(Permission.EDIT_CASES)
def bid_record(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = _person(user, pk)
    form = BidForm(request.POST)
    if form.is_valid():
        try:
            services.bid_record(actor=user, person=person, **form.values())
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The determination was recorded."))
    else:
        messages.error(
            request, _("Fill in the panel's date, members, evidence, decision and reasons.")
        )
    return redirect("screening:child", pk=pk)


@require_POST
@role_required(Permission.EDIT_CASES)
def guardian_appoint(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = _person(user, pk)
    case = selectors.child_case_of(person)
    if case is None:
        raise Http404
    form = GuardianForm(request.POST)
    if form.is_valid():
        services.guardian_appoint(actor=user, case=case, **form.cleaned_data)
        messages.success(request, _("The guardian's appointment was recorded."))
    else:
        messages.error(request, _("Name the guardian and the day of the appointment."))
    return redirect("screening:child", pk=pk)


@role_required(Permission.EDIT_CASES)
def age_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = _person(user, pk)
    current = person.age_assessments.filter(status="pending").first()
    form = AgeAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.age_assessment_save(
                actor=user, person=person, assessment=current, **form.values()
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The age assessment was saved."))
            screening = selectors.latest_screening_of(person)
            if screening is not None:
                return redirect("screening:detail", pk=screening.pk)
            return redirect("screening:list")
    return render(
        request,
        "screening/age_form.html",
        {"form": form, "person": person, "age": selectors.age_view_of(person)},
    )


@role_required(Permission.VIEW_PERSONAL_DATA)
def statistics(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    assert user.organisation is not None  # noqa: S101
    screened = selectors.screening_statistics(organisation=user.organisation)
    referred = selectors.referral_statistics(organisation=user.organisation)
    labels = {
        c.code: selectors.concern_label(c)
        for c in selectors.concerns_of(user.organisation, active_only=False)
    }
    return render(
        request,
        "screening/statistics.html",
        {
            "screened": screened,
            "concerns": [(labels.get(code, code), n) for code, n in screened["concern"].items()],
            "referred": referred,
        },
    )
