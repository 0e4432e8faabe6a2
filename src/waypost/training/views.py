"""Pages of the training app: the organisation's posts and sessions, certificates, and the
public verification of a certificate, which shows no person."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from waypost.accounts.models import User
from waypost.accounts.permissions import role_required
from waypost.accounts.roles import Permission
from waypost.core.exceptions import ApplicationError
from waypost.core.http import attachment_disposition
from waypost.training import selectors, services
from waypost.training.certificate import certificate_pdf
from waypost.training.content import SUMMARIES
from waypost.training.forms import QuizForm, ResultsForm, SessionForm
from waypost.training.models import LANGUAGES, Module, QuizKind


@role_required(Permission.VIEW_STATISTICS)
def index(request: HttpRequest) -> HttpResponse:
    """The organisation's posts with their indicators, and its sessions."""
    user: User = request.user  # type: ignore[assignment]
    organisation_id = user.organisation_id or 0
    posts = [
        {
            "post": post,
            "indicators": selectors.indicators(
                organisation_id=organisation_id, post_code=post.code
            ),
        }
        for post in selectors.posts_of(organisation_id)
    ]
    return render(
        request,
        "training/index.html",
        {
            "posts": posts,
            "sessions": selectors.sessions_of(organisation_id),
            "modules": [(module, SUMMARIES[module]) for module in Module],
            "may_manage": user.has_role_permission(Permission.MANAGE_MEMBERS),
        },
    )


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: is this certificate real, for which course, where, until when. No name."""
    certificate = selectors.certificate_verify(code)
    if certificate is None:
        raise Http404
    return render(request, "training/verify.html", {"certificate": certificate})


@role_required(Permission.MANAGE_MEMBERS)
def certificate(request: HttpRequest, code: str) -> HttpResponse:
    """The certificate's PDF, for the organisation that trained the participant, in the
    language the participant learnt in (else the reader's)."""
    user: User = request.user  # type: ignore[assignment]
    participant = selectors.certificate_holder(organisation_id=user.organisation_id or 0, code=code)
    if participant is None:
        raise Http404
    language = participant.language or translation.get_language() or "en"
    with translation.override(language):
        details = selectors.certificate_verify(code)
        if details is None:
            raise Http404
        url = request.build_absolute_uri(
            reverse("training:verify", kwargs={"code": details["code"]})
        )
        lines = [
            (22, _("Certificate of training")),
            (14, _("Human rights at international borders")),
            (
                12,
                _("%(course)s (version %(version)s)")
                % {"course": details["course"], "version": details["version"]},
            ),
            (11, _("Post: %(post)s") % {"post": details["post"]}),
            (11, _("Organisation: %(organisation)s") % {"organisation": details["organisation"]}),
            (11, _("Certified on %(day)s") % {"day": details["certified_on"].isoformat()}),
            (
                11,
                _("Refresher due by %(day)s") % {"day": details["valid_until"].isoformat()}
                if details["valid_until"]
                else "",
            ),
            (
                11,
                _("Certificate %(code)s: verify it at the address of the QR code.")
                % {"code": details["code"]},
            ),
        ]
        pdf = certificate_pdf(lines, url, language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = attachment_disposition(f"certificate-{details['code']}.pdf")
    return response


def _organisation_id(request: HttpRequest) -> int:
    user: User = request.user  # type: ignore[assignment]
    return user.organisation_id or 0


@role_required(Permission.MANAGE_MEMBERS)
def session_new(request: HttpRequest) -> HttpResponse:
    """Record a session: post, course, dates, trainers, pseudonymous participants."""
    user: User = request.user  # type: ignore[assignment]
    form = SessionForm(
        request.POST if request.method == "POST" else None,
        posts=list(selectors.posts_of(_organisation_id(request))),
        courses=selectors.courses(),
    )
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            session = services.session_create(
                actor=user,
                post_code=values["post"],
                course_code=values["course"],
                trainers=values["trainers"],
                starts_on=values["starts_on"],
                ends_on=values["ends_on"],
                participants=values["participants"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The session was recorded."))
            return redirect("training:session", session_id=session.pk)
    return render(request, "training/session_new.html", {"form": form})


@role_required(Permission.MANAGE_MEMBERS)
def session(request: HttpRequest, session_id: int) -> HttpResponse:
    """A session of the organisation: its participants' quiz attempts and certificates,
    and the form for attendance and scores (which completes it)."""
    user: User = request.user  # type: ignore[assignment]
    found = selectors.session_of(organisation_id=_organisation_id(request), session_id=session_id)
    if found is None:
        raise Http404
    rows = selectors.participants_with_attempts(found)
    codes = [row["participant"].code for row in rows]
    initial = {}
    for index, row in enumerate(rows):
        participant = row["participant"]
        initial.update(
            {
                f"attended_{index}": participant.attended,
                f"pre_{index}": participant.pre_score,
                f"post_{index}": participant.post_score,
            }
        )
    form = ResultsForm(
        request.POST if request.method == "POST" else None, codes=codes, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.session_results_record(
                actor=user,
                session_id=found.pk,
                results=[services.ResultInput(**result) for result in form.results()],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The results were recorded."))
            return redirect("training:session", session_id=found.pk)
    return render(
        request,
        "training/session.html",
        {
            "session": found,
            "rows": rows,
            "form": form,
            "has_quiz": found.course.questions.exists(),
        },
    )


@role_required(Permission.MANAGE_MEMBERS)
def quiz(request: HttpRequest, session_id: int, code: str, kind: str) -> HttpResponse:
    """A participant sits the pre- or post-test in the language of the page, on the
    trainer's device; the score, the attempt and (on a pass) the certificate follow."""
    user: User = request.user  # type: ignore[assignment]
    found = selectors.session_of(organisation_id=_organisation_id(request), session_id=session_id)
    if found is None or kind not in QuizKind.values:
        raise Http404
    row = next(
        (r for r in selectors.participants_with_attempts(found) if r["participant"].code == code),
        None,
    )
    if row is None:
        raise Http404
    language = (translation.get_language() or "en").split("-")[0]
    language = language if language in LANGUAGES else "en"
    questions = selectors.quiz(found, language)
    form = QuizForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            attempt = services.quiz_attempt_record(
                actor=user,
                session_id=found.pk,
                code=code,
                kind=kind,
                answers=form.answers(),
                language=language,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            if attempt.passed:
                messages.success(
                    request,
                    _("%(code)s scored %(score)s out of 100 and passed: the certificate is ready.")
                    % {"code": code, "score": attempt.score},
                )
            else:
                messages.info(
                    request,
                    _("%(code)s scored %(score)s out of 100.")
                    % {"code": code, "score": attempt.score},
                )
            return redirect("training:session", session_id=found.pk)
    return render(
        request,
        "training/quiz.html",
        {
            "session": found,
            "participant": row["participant"],
            "kind": QuizKind(kind),
            "form": form,
            "attempts": row["post_attempts" if kind == QuizKind.POST else "pre_attempts"],
            "may_sit": row["may_sit_post" if kind == QuizKind.POST else "may_sit_pre"],
        },
    )
