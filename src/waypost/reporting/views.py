"""Pages for reporters (no account, no JavaScript needed) and for handlers of reports.

Reporter pages are never cached and keep nothing about the visitor: after a correct
receipt, a signed cookie (report id and a timestamp, valid 30 minutes, gone when the
browser closes) lets the reporter move between the status, reply and evidence pages.
The server keeps no session for it.
"""

from __future__ import annotations

import json
import math
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waypost.accounts.models import User
from waypost.accounts.permissions import role_required
from waypost.accounts.reauth import recent_authentication_required
from waypost.accounts.roles import Permission
from waypost.core.exceptions import ApplicationError, NotFound
from waypost.core.http import attachment_disposition
from waypost.reporting import forms, selectors, services
from waypost.reporting import vocabularies as v
from waypost.reporting.models import Report
from waypost.reporting.privacy import (
    receipt_failed,
    receipt_succeeded,
    receipt_wait,
    submission_throttle,
)
from waypost.reporting.receipts import receipt_display

FOLLOW_UP_COOKIE = "wp_report"
FOLLOW_UP_SALT = "waypost.reporting.follow-up"
FOLLOW_UP_SECONDS = 30 * 60


def _files(request: HttpRequest, name: str = "attachments") -> list[bytes]:
    return [upload.read() for upload in request.FILES.getlist(name)]


def _simple(request: HttpRequest, simple: bool) -> dict[str, Any]:
    return {"simple": simple, "simple_suffix": "simple/" if simple else ""}


def _too_many(request: HttpRequest, wait: int, context: dict[str, Any]) -> HttpResponse:
    response = render(
        request,
        "reporting/too_many.html",
        {**context, "minutes": math.ceil(wait / 60)},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def report_start(request: HttpRequest, simple: bool = False) -> HttpResponse:
    """Choose the country, then fill in the report; both steps work without JavaScript."""
    countries = selectors.reporting_countries()
    country = (request.POST.get("country") or request.GET.get("country") or "").upper()
    if country not in countries:
        if len(countries) == 1:
            country = countries[0]
        else:
            country_form = forms.CountryForm(countries=countries, simple=simple)
            return render(
                request,
                "reporting/choose_country.html",
                {"form": country_form, **_simple(request, simple)},
            )
    # The name isolated: a Latin name with an Arabic kind, or the reverse, stays in order.
    recipients = [
        (
            organisation.slug,
            format_html("<bdi>{}</bdi> ({})", organisation.name, organisation.get_kind_display()),
        )
        for organisation in selectors.recipients_for_country(country=country)
    ]
    form = forms.ReportForm(
        request.POST or None, request.FILES or None, recipients=recipients, simple=simple
    )
    context = {"form": form, "country": country, "country_name": forms.country_name(country)}
    if request.method == "POST":
        wait = submission_throttle.wait(request)
        if wait:
            return _too_many(request, wait, _simple(request, simple))
        if form.is_valid():
            data = form.cleaned_data
            submission = services.Submission(
                recipient_slug=data["recipient"],
                what_happened=data["what_happened"],
                where=data["where"],
                when=data["when"],
                when_text=data["when_text"],
                country=country,
                language=get_language() or settings.LANGUAGE_CODE,
                harmed=list(data["harmed"]),
                harmed_count=data["harmed_count"],
                perpetrator=data["perpetrator"],
                simple_wording=simple,
                identity_name=data["identity_name"],
                identity_contact=data["identity_contact"],
                attachments=[upload.read() for upload in data["attachments"]],
                reprisal_fear=data["reprisal_fear"],
                safe_contact={
                    "channel": data["safe_contact_channel"],
                    "when": data["safe_contact_when"],
                    "words": data["safe_contact_words"],
                }
                if data["safe_contact_channel"]
                else None,
            )
            try:
                report, receipt = services.report_submit(submission=submission)
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                submission_throttle.hit(request)
                return render(
                    request,
                    "reporting/receipt.html",
                    {
                        "receipt_groups": receipt_display(receipt).split(),
                        "receipt_digits": receipt,
                        "recipient": report.organisation.name,
                        "follow_up_address": request.build_absolute_uri(
                            reverse("reporting:follow_up")
                        ),
                        **_simple(request, simple),
                    },
                    status=201,
                )
    return render(request, "reporting/report_form.html", {**context, **_simple(request, simple)})


def _report_from_cookie(request: HttpRequest) -> Report | None:
    try:
        public_id = request.get_signed_cookie(
            FOLLOW_UP_COOKIE, salt=FOLLOW_UP_SALT, max_age=FOLLOW_UP_SECONDS
        )
    except (KeyError, signing.BadSignature):
        return None
    if not public_id:
        return None
    try:
        return selectors.report_get_by_public_id(public_id=public_id)
    except (NotFound, ValueError):
        return None


def _set_follow_up_cookie(response: HttpResponse, report: Report) -> None:
    response.set_signed_cookie(
        FOLLOW_UP_COOKIE,
        str(report.public_id),
        salt=FOLLOW_UP_SALT,
        httponly=True,
        samesite="Strict",
        secure=settings.SESSION_COOKIE_SECURE,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest) -> HttpResponse:
    """Enter the receipt code (throttled: 20 wrong codes in a row, then a pause)."""
    form = forms.ReceiptForm(request.POST or None)
    if request.method == "POST":
        wait = receipt_wait(request)
        if wait:
            return _too_many(request, wait, {})
        if form.is_valid():
            try:
                report = selectors.report_for_receipt(receipt=form.cleaned_data["receipt"])
            except NotFound:
                receipt_failed(request)
                form.add_error(
                    "receipt",
                    _("No report has this receipt code. Check the 16 digits and try again."),
                )
            else:
                receipt_succeeded(request)
                response = redirect("reporting:status")
                _set_follow_up_cookie(response, report)
                return response
        return render(
            request, "reporting/follow_up.html", {"form": form}, status=404 if form.errors else 200
        )
    return render(request, "reporting/follow_up.html", {"form": form})


@never_cache
@require_GET
def status(request: HttpRequest) -> HttpResponse:
    report = _report_from_cookie(request)
    if report is None:
        return redirect("reporting:follow_up")
    view = selectors.report_reporter_view(report=report)
    response = render(
        request,
        "reporting/status.html",
        {
            "view": view,
            "reply_form": forms.ReporterMessageForm(),
            "evidence_form": forms.EvidenceForm(),
        },
    )
    _set_follow_up_cookie(response, report)  # sliding 30 minutes
    return response


@never_cache
@require_POST
def reply(request: HttpRequest) -> HttpResponse:
    report = _report_from_cookie(request)
    if report is None:
        return redirect("reporting:follow_up")
    form = forms.ReporterMessageForm(request.POST)
    if form.is_valid():
        try:
            services.reporter_message_add(report=report, body=form.cleaned_data["body"])
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your message was sent."))
    else:
        messages.error(request, _("Write a message first."))
    return redirect("reporting:status")


@never_cache
@require_POST
def evidence(request: HttpRequest) -> HttpResponse:
    report = _report_from_cookie(request)
    if report is None:
        return redirect("reporting:follow_up")
    form = forms.EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            count = services.reporter_evidence_add(
                report=report, attachments=[f.read() for f in form.cleaned_data["attachments"]]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Files added: %(count)d.") % {"count": count})
    else:
        for problem in form.errors.get("attachments", []):
            messages.error(request, str(problem))
    return redirect("reporting:status")


@never_cache
@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    response = redirect("reporting:follow_up")
    response.delete_cookie(FOLLOW_UP_COOKIE, samesite="Strict")
    return response


def _consent_answer(request: HttpRequest) -> bool | None:
    answer = request.POST.get("consent", "")
    return {"yes": True, "no": False}.get(answer)


@never_cache
@require_POST
def referral_consent(request: HttpRequest, report_referral_id: str) -> HttpResponse:
    """The reporter's yes or no to a proposed referral (a form: works without JavaScript)."""
    report = _report_from_cookie(request)
    if report is None:
        return redirect("reporting:follow_up")
    consent = _consent_answer(request)
    if consent is None:
        messages.error(request, _("Choose yes or no."))
        return redirect("reporting:status")
    try:
        services.referral_consent(report=report, referral_id=report_referral_id, consent=consent)
    except (ApplicationError, NotFound) as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Thank you. The organisation may now send it.")
            if consent
            else _("Nothing will be sent to this body."),
        )
    return redirect("reporting:status")


@never_cache
@require_POST
def transfer_consent(request: HttpRequest, transfer_id: str) -> HttpResponse:
    report = _report_from_cookie(request)
    if report is None:
        return redirect("reporting:follow_up")
    consent = _consent_answer(request)
    if consent is None:
        messages.error(request, _("Choose yes or no."))
        return redirect("reporting:status")
    try:
        services.transfer_consent(report=report, transfer_id=transfer_id, consent=consent)
    except (ApplicationError, NotFound) as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Your report was passed on. Your receipt code still works.")
            if consent
            else _("Your report stays with the organisation you chose."),
        )
    return redirect("reporting:status")


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    return render(request, "reporting/statistics.html", {"stats": selectors.report_statistics()})


# Handlers


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - role_required guarantees it
    return request.user


@role_required(Permission.HANDLE_REPORTS)
def inbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    status_filter = request.GET.get("status", "")
    if status_filter not in v.ReportStatus.values:
        status_filter = ""
    overdue = request.GET.get("overdue", "")
    if overdue not in selectors.OVERDUE:
        overdue = ""
    mine = request.GET.get("assigned") == "me"
    reports = selectors.reports_for_handler(
        user=user, status=status_filter, overdue=overdue, assigned_to_me=mine
    )[:200]
    return render(
        request,
        "reporting/inbox.html",
        {
            "reports": reports,
            "statuses": v.ReportStatus.choices,
            "status_filter": status_filter,
            "overdue": overdue,
            "overdue_choices": [
                ("acknowledgement", _("Not acknowledged in time")),
                ("feedback", _("No feedback in time")),
            ],
            "mine": mine,
            "notices": selectors.notices_for(user=user),
        },
    )


@role_required(Permission.HANDLE_REPORTS)
def overdue_list(request: HttpRequest) -> HttpResponse:
    """The handler's work list: reports past the day to acknowledge or to give feedback."""
    user = _user(request)
    return render(
        request,
        "reporting/overdue.html",
        {
            "acknowledgement": selectors.reports_for_handler(user=user, overdue="acknowledgement")[
                :200
            ],
            "feedback": selectors.reports_for_handler(user=user, overdue="feedback")[:200],
            "reviews": selectors.protection_reviews_due(user=user)[:200],
        },
    )


def _detail_context(user: User, report: Report) -> dict[str, Any]:
    disclosures = selectors.disclosures_for_report(user=user, report=report)
    handling = selectors.report_handling(user=user, report=report)
    for referral in handling["referrals"]:
        # One form of each per referral, with its own field ids.
        referral.sent_form = forms.ReferralSentForm(prefix=f"sent-{referral.pk}")
        referral.response_form = forms.ReferralResponseForm(prefix=f"response-{referral.pk}")
    linked = selectors.shared_event_of(user=user, report=report)
    return {
        "linked_event": linked,
        "event_link_form": None
        if linked
        else forms.EventLinkForm(events=selectors.shared_events_for_handler(user=user)[:100]),
        "report": report,
        "content": report.content,
        "perpetrator_label": v.PerpetratorCategory(
            report.content.get("perpetrator", "unknown")
        ).label,
        "harmed_labels": [v.HarmedGroup(code).label for code in report.content.get("harmed", [])],
        "conversation": list(report.messages.select_related("author")),
        "attachments": list(report.attachments.defer("content_sealed")),
        "event": selectors.report_event(report=report),
        "identity": selectors.report_identity_for_handler(user=user, report=report),
        "disclosures": disclosures,
        "my_pending": any(d.requested_by_id == user.pk and d.approved is None for d in disclosures),
        "message_form": forms.HandlerMessageForm(),
        "triage_form": forms.TriageForm(
            initial={
                "status": report.status,
                "priority": report.priority,
                "kept_for_case": report.kept_for_case,
            }
        ),
        "outcome_form": forms.OutcomeForm(initial={"outcome": report.outcome}),
        "disclosure_form": forms.DisclosureRequestForm(),
        "handling": handling,
        "referral_form": forms.ReferralForm(prefix="referral", bodies=_bodies_for(report)),
        "transfer_form": forms.TransferForm(prefix="transfer", recipients=_receivers_for(report)),
        "risk_form": forms.RiskForm(prefix="risk"),
        "measure_form": forms.MeasureForm(prefix="measure"),
        "assign_form": forms.AssignForm(
            initial={"handler": report.assigned_to_id},
            handlers=selectors.handlers_for_assignment(user=user),
        ),
    }


@role_required(Permission.HANDLE_REPORTS)
def report_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    report = selectors.report_get_for_handler(user=user, public_id=public_id)
    services.notices_seen(user=user, report=report)
    return render(request, "reporting/detail.html", _detail_context(user, report))


@role_required(Permission.HANDLE_REPORTS)
def attachment_download(request: HttpRequest, public_id: str, attachment_id: int) -> HttpResponse:
    attachment = selectors.attachment_get_for_handler(
        user=_user(request), public_id=public_id, attachment_id=attachment_id
    )
    response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
    extension = "png" if attachment.content_type == "image/png" else "jpg"
    response["Content-Disposition"] = attachment_disposition(
        f"evidence-{attachment.pk}.{extension}"
    )
    return response


def _back(public_id: str, anchor: str = "") -> HttpResponseRedirect:
    url = reverse("reporting:detail", kwargs={"public_id": public_id})
    return HttpResponseRedirect(f"{url}#{anchor}" if anchor else url)


def _report_action(request: HttpRequest, public_id: str) -> tuple[User, Report]:
    user = _user(request)
    return user, selectors.report_get_for_handler(user=user, public_id=public_id)


@require_POST
@role_required(Permission.HANDLE_REPORTS)
def handler_message(request: HttpRequest, public_id: str) -> HttpResponse:
    user, report = _report_action(request, public_id)
    form = forms.HandlerMessageForm(request.POST)
    if form.is_valid():
        services.handler_message_add(actor=user, report=report, body=form.cleaned_data["body"])
        messages.success(request, _("Message sent. The reporter sees it with their receipt code."))
    return _back(public_id, "conversation")


@require_POST
@role_required(Permission.HANDLE_REPORTS)
def triage(request: HttpRequest, public_id: str) -> HttpResponse:
    user, report = _report_action(request, public_id)
    form = forms.TriageForm(request.POST)
    if form.is_valid():
        services.report_triage(actor=user, report=report, **form.cleaned_data)
        messages.success(request, _("Triage saved."))
    return _back(public_id, "triage")


@require_POST
@role_required(Permission.HANDLE_REPORTS)
def assign(request: HttpRequest, public_id: str) -> HttpResponse:
    user, report = _report_action(request, public_id)
    form = forms.AssignForm(request.POST, handlers=selectors.handlers_for_assignment(user=user))
    if form.is_valid():
        handler_id = form.cleaned_data["handler"]
        assignee = next(
            (h for h in selectors.handlers_for_assignment(user=user) if h.pk == handler_id), None
        )
        services.report_assign(actor=user, report=report, assignee=assignee)
        messages.success(request, _("Handler saved."))
    return _back(public_id, "handling")


def _bodies_for(report: Report) -> list[Any]:
    return selectors.bodies_list(country=report.content.get("country", ""))


def _receivers_for(report: Report) -> list[Any]:
    return [
        o
        for o in selectors.recipients_for_country(country=report.content.get("country", ""))
        if o.pk != report.organisation_id
    ]


@require_POST
@role_required(Permission.HANDLE_REPORTS)
def handling_add(request: HttpRequest, public_id: str, part: str) -> HttpResponse:
    """Propose a referral or a transfer, assess the risk, record a measure (plain forms)."""
    user, report = _report_action(request, public_id)
    form: Any
    if part == "referral":
        form = forms.ReferralForm(request.POST, prefix=part, bodies=_bodies_for(report))
    elif part == "transfer":
        form = forms.TransferForm(request.POST, prefix=part, recipients=_receivers_for(report))
    elif part == "risk":
        form = forms.RiskForm(request.POST, prefix=part)
    elif part == "measure":
        form = forms.MeasureForm(request.POST, prefix=part)
    else:
        raise NotFound(_("No such page."))
    if not form.is_valid():
        messages.error(
            request, _("Check the form: %(fields)s.") % {"fields": ", ".join(form.errors)}
        )
        return _back(public_id, "handling")
    data = form.cleaned_data
    try:
        if part == "referral":
            services.referral_propose(
                actor=user,
                report=report,
                body=selectors.body_get(body_id=data["body"]),
                content=list(data["content"]),
            )
            messages.success(request, _("Proposed. Nothing is sent before the reporter consents."))
        elif part == "transfer":
            services.transfer_propose(actor=user, report=report, to_slug=data["recipient"])
            messages.success(request, _("Proposed. The report moves when the reporter consents."))
        elif part == "risk":
            services.risk_assess(
                actor=user,
                report=report,
                level=data["level"],
                factors=list(data["factors"]),
                review_on=data["review_on"],
            )
            messages.success(request, _("Risk assessment saved."))
        else:
            services.measure_record(
                actor=user,
                report=report,
                kind=data["kind"],
                status=data["status"],
                review_on=data["review_on"],
                notes=data["notes"],
            )
            messages.success(request, _("Measure saved."))
    except ApplicationError as error:
        messages.error(request, error.message)
    return _back(public_id, "handling")


@require_http_methods(["GET", "POST"])
@role_required(Permission.HANDLE_REPORTS)
def referral_step(
    request: HttpRequest, public_id: str, report_referral_id: str, referral_step: str
) -> HttpResponse:
    """A referral's package (GET, a JSON file, only after consent), its sending and answers."""
    user, report = _report_action(request, public_id)
    referral = selectors.referral_get_for_handler(
        user=user, report=report, referral_id=report_referral_id
    )
    if referral_step == "package" and request.method == "GET":
        package = selectors.referral_package(user=user, report=report, referral=referral)
        response = HttpResponse(
            json.dumps(package, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = attachment_disposition(
            f"referral-{report.reference}-{referral.body.slug}.json"
        )
        return response
    if request.method != "POST" or referral_step not in ("sent", "response"):
        raise NotFound(_("No such page."))
    try:
        if referral_step == "sent":
            form = forms.ReferralSentForm(request.POST, prefix=f"sent-{referral.pk}")
            if form.is_valid():
                services.referral_sent(
                    actor=user,
                    report=report,
                    referral_id=report_referral_id,
                    reference=form.cleaned_data["reference"],
                )
                messages.success(request, _("Recorded as sent."))
        else:
            answer = forms.ReferralResponseForm(request.POST, prefix=f"response-{referral.pk}")
            if answer.is_valid():
                services.referral_response_add(
                    actor=user,
                    report=report,
                    referral_id=report_referral_id,
                    kind=answer.cleaned_data["kind"],
                    received_on=answer.cleaned_data["received_on"],
                    notes=answer.cleaned_data["notes"],
                )
                messages.success(request, _("The body's answer was saved."))
    except ApplicationError as error:
        messages.error(request, error.message)
    return _back(public_id, "handling")


@require_POST
@role_required(Permission.HANDLE_REPORTS)
def acknowledge(request: HttpRequest, public_id: str) -> HttpResponse:
    user, report = _report_action(request, public_id)
    services.report_acknowledge(actor=user, report=report)
    messages.success(request, _("Acknowledged. The reporter sees it with their receipt code."))
    return _back(public_id, "handling")


@require_POST
@role_required(Permission.HANDLE_REPORTS)
def outcome(request: HttpRequest, public_id: str) -> HttpResponse:
    user, report = _report_action(request, public_id)
    form = forms.OutcomeForm(request.POST)
    if form.is_valid():
        services.report_outcome_set(actor=user, report=report, outcome=form.cleaned_data["outcome"])
        messages.success(request, _("Outcome saved."))
    return _back(public_id, "outcome")


@require_POST
@role_required(Permission.HANDLE_REPORTS)
def identity_request(request: HttpRequest, public_id: str) -> HttpResponse:
    user, report = _report_action(request, public_id)
    form = forms.DisclosureRequestForm(request.POST)
    if form.is_valid():
        services.disclosure_request(actor=user, report=report, reason=form.cleaned_data["reason"])
        messages.success(request, _("Request sent to a custodian of your organisation."))
    return _back(public_id, "identity")


# Documentation (HURIDOCS)

DOCUMENT_FORMS: dict[str, Any] = {
    "victim": (forms.VictimForm, services.victim_add),
    "perpetrator": (forms.PerpetratorForm, services.perpetrator_add),
    "source": (forms.SourceForm, services.source_add),
    "intervention": (forms.InterventionForm, services.intervention_add),
}


def _act_form(event: Any, data: Any = None) -> forms.ActForm:
    victims = [(victim.pk, victim.label) for victim in event.victims.all()] if event else []
    perpetrators = (
        [
            (p.pk, f"{p.get_category_display()} {p.description}".strip())
            for p in event.perpetrators.all()
        ]
        if event
        else []
    )
    return forms.ActForm(data, victims=victims, perpetrators=perpetrators)


@role_required(Permission.HANDLE_REPORTS)
def document(request: HttpRequest, public_id: str) -> HttpResponse:
    user, report = _report_action(request, public_id)
    event = selectors.report_event(report=report)
    initial = (
        {
            "title": event.title,
            "country": event.country,
            "locality": event.locality,
            "start_date": event.start_date,
            "end_date": event.end_date,
            "description": event.description,
        }
        if event
        else {
            "country": report.content.get("country", ""),
            "start_date": report.content.get("when", ""),
        }
    )
    event_form = forms.EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and event_form.is_valid():
        services.event_save(actor=user, report=report, **event_form.cleaned_data)
        messages.success(request, _("Event saved."))
        return redirect("reporting:document", public_id=public_id)
    return render(
        request,
        "reporting/document.html",
        {
            "report": report,
            "event": event,
            "event_form": event_form,
            "victim_form": forms.VictimForm(),
            "perpetrator_form": forms.PerpetratorForm(),
            "act_form": _act_form(event),
            "source_form": forms.SourceForm(),
            "intervention_form": forms.InterventionForm(),
        },
    )


@require_POST
@role_required(Permission.HANDLE_REPORTS)
def document_add(request: HttpRequest, public_id: str, part: str) -> HttpResponse:
    user, report = _report_action(request, public_id)
    event = selectors.report_event(report=report)
    if part == "act":
        act_form = _act_form(event, request.POST)
        if act_form.is_valid():
            data = act_form.cleaned_data
            services.act_add(
                actor=user,
                report=report,
                violation_type=data["violation_type"],
                victim_id=data["victim"],
                perpetrator_id=data["perpetrator"],
                date=data["date"],
                notes=data["notes"],
            )
            messages.success(request, _("Act added."))
        else:
            messages.error(request, _("The act could not be added: check its fields."))
        return redirect("reporting:document", public_id=public_id)
    if part not in DOCUMENT_FORMS:
        raise NotFound(_("No such part."))
    form_class, service = DOCUMENT_FORMS[part]
    form = form_class(request.POST)
    if form.is_valid():
        service(actor=user, report=report, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Not saved: check the fields."))
    return redirect("reporting:document", public_id=public_id)


@role_required(Permission.APPROVE_IDENTITY_DISCLOSURE)
def disclosures(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reporting/disclosures.html",
        {"pending": selectors.disclosures_pending(user=_user(request))},
    )


@require_POST
@role_required(Permission.APPROVE_IDENTITY_DISCLOSURE)
@recent_authentication_required(back="reporting:disclosures")
def disclosure_decide(request: HttpRequest, disclosure_id: int) -> HttpResponse:
    user = _user(request)
    disclosure = selectors.disclosure_get(user=user, disclosure_id=disclosure_id)
    approve = request.POST.get("decision") == "approve"
    services.disclosure_decide(actor=user, disclosure=disclosure, approve=approve)
    messages.success(request, _("Decision recorded."))
    return redirect("reporting:disclosures")


# Events several reports describe (issue 39, part 4).


@role_required(Permission.HANDLE_REPORTS)
def event_list(request: HttpRequest) -> HttpResponse:
    events = selectors.shared_events_for_handler(user=_user(request))[:200]
    return render(request, "reporting/events.html", {"events": events})


@role_required(Permission.HANDLE_REPORTS)
def event_detail(request: HttpRequest, event_id: str) -> HttpResponse:
    view = selectors.shared_event_get_for_handler(user=_user(request), public_id=event_id)
    return render(
        request,
        "reporting/event.html",
        {"event": view.event, "reports": view.reports, "timeline": view.timeline},
    )


@require_POST
@role_required(Permission.HANDLE_REPORTS)
def event_link(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    report = selectors.report_for_link(user=user, public_id=public_id)
    form = forms.EventLinkForm(request.POST, events=selectors.shared_events_for_handler(user=user))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(public_id, "linked-event")
    data = form.cleaned_data
    try:
        if data.get("event"):
            event = selectors.shared_event_get_for_change(user=user, public_id=data["event"])
            services.shared_event_link(actor=user, event=event, report=report)
        else:
            event = services.shared_event_create(
                actor=user,
                reports=[report],
                title=data["title"],
                country=data["country"],
                start_date=data["start_date"],
                place=data.get("place", ""),
                violation_types=data.get("violation_types", []),
            )
    except ApplicationError as error:
        messages.error(request, str(error))
        return _back(public_id, "linked-event")
    messages.success(request, _("Report linked to the event."))
    return HttpResponseRedirect(reverse("reporting:event", kwargs={"event_id": event.public_id}))


@require_POST
@role_required(Permission.HANDLE_REPORTS)
def event_unlink(request: HttpRequest, event_id: str, public_id: str) -> HttpResponse:
    user = _user(request)
    event = selectors.shared_event_get_for_change(user=user, public_id=event_id)
    report = selectors.report_for_link(user=user, public_id=public_id)
    services.shared_event_unlink(actor=user, event=event, report=report)
    messages.success(request, _("Report taken out of the event."))
    return HttpResponseRedirect(reverse("reporting:event", kwargs={"event_id": event.public_id}))
