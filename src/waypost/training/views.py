"""Pages of the training app: the organisation's posts and sessions, certificates, and the
public verification of a certificate, which shows no person."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from waypost.accounts.models import User
from waypost.accounts.permissions import role_required
from waypost.accounts.roles import Permission
from waypost.core.http import attachment_disposition
from waypost.training import selectors
from waypost.training.certificate import certificate_pdf, latin
from waypost.training.content import SUMMARIES
from waypost.training.models import Module, Participant


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
    """The certificate's PDF, for the organisation that trained the participant."""
    user: User = request.user  # type: ignore[assignment]
    found = Participant.objects.filter(
        certificate_code=code, session__organisation_id=user.organisation_id or 0
    ).exists()
    details = selectors.certificate_verify(code) if found else None
    if details is None:
        raise Http404
    url = request.build_absolute_uri(reverse("training:verify", kwargs={"code": code}))

    def lines() -> list[tuple[int, str]]:
        return [
            (22, _("Certificate of training")),
            (14, _("Human rights at international borders")),
            (12, details["course"] + f" (v{details['version']})"),
            (11, _("Post: %(post)s") % {"post": details["post"]}),
            (11, _("Organisation: %(organisation)s") % {"organisation": details["organisation"]}),
            (11, _("Certified on %(day)s") % {"day": details["certified_on"].isoformat()}),
            (11, _("Refresher due by %(day)s") % {"day": details["valid_until"].isoformat()})
            if details["valid_until"]
            else (11, ""),
            (
                11,
                _("Certificate %(code)s: verify it at the address of the QR code.")
                % {"code": code},
            ),
        ]

    text = lines()
    if not all(latin(line) for _size, line in text):
        with translation.override("en"):
            text = lines()
    response = HttpResponse(certificate_pdf(text, url), content_type="application/pdf")
    response["Content-Disposition"] = attachment_disposition(f"certificate-{code}.pdf")
    return response
