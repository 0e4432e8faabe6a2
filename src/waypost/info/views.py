"""Pages of the info app.

Public (no account, server-rendered, no JavaScript needed): the information home, articles
in the reader's chosen content language, the service directory (search by type, language
spoken, distance from a point or coordinates, open now), services with moderated
feedback, information points and their posters (HTML for print, and PDF); the service
worker and web app manifest that make them work offline. For the information team: its
points and articles with their review state, and feedback to moderate.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any
from urllib.parse import quote

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypost.accounts.models import User
from waypost.core.exceptions import ApplicationError, PermissionDenied
from waypost.core.http import attachment_disposition
from waypost.info import languages, selectors, services
from waypost.info.forms import ArticleForm, ArticleTextForm, PointForm
from waypost.info.models import PointKind, PublicationStatus, Topic
from waypost.info.poster import poster_pdf
from waypost.reporting.privacy import Limit, Throttle

# Feedback waits for moderation, so a flood is never published, but the team reads it: a
# client sends a few an hour (kept in the cache only, by network; reporting.privacy).
FEEDBACK_THROTTLE = Throttle("info-feedback", per_client=Limit(5, 3600), shared=Limit(200, 3600))
PUBLIC_PATH = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?info/")
WEBHOOK_PATH = re.compile(r"^/api/v1/info/webhook/")
SERVICE_WORKER = Path(__file__).resolve().parent / "static" / "info" / "service-worker.js"
SERVICE_TYPES = [
    "shelter",
    "health",
    "psychosocial",
    "legal",
    "child_protection",
    "family_tracing",
    "gbv",
    "anti_trafficking",
    "education",
    "livelihoods",
    "interpretation",
]


def _content_language(request: HttpRequest) -> str:
    """The language the reader asked for (``?language=ti``), else the interface's."""
    return languages.normalise(request.GET.get("language", "")) or (get_language() or "en")


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    language = _content_language(request)
    chosen = language != (get_language() or "en")
    return {
        "content_language": language,
        # Links keep the content language only when the reader chose one other than the
        # interface's: "?language=ti", and "language=ti&" before further parameters.
        "language_query": f"?language={quote(language)}" if chosen else "",
        "language_param": f"language={quote(language)}&" if chosen else "",
        "content_direction": languages.direction(language),
        "content_languages": [
            (code, languages.own_name(code), languages.name(code))
            for code in languages.CONTENT_LANGUAGES
        ],
        "topics": Topic.choices,
        **extra,
    }


def _map(places: list[dict[str, Any]], url_name: str, key: str) -> dict[str, Any]:
    """What the map of a list needs: each place's name, coordinates and page, and the
    words of MapLibre's controls (the script has no catalogue)."""
    return {
        "map_places": [
            {
                "name": place["name"],
                "lat": place["location"]["lat"] if "location" in place else place["latitude"],
                "lon": place["location"]["lon"] if "location" in place else place["longitude"],
                "url": reverse(url_name, kwargs={key: place["id"]}),
                "kind": "service" if "location" in place else "point",
            }
            for place in places
        ],
        "map_strings": {
            "NavigationControl.ZoomIn": _("Zoom in"),
            "NavigationControl.ZoomOut": _("Zoom out"),
            "AttributionControl.ToggleAttribution": _("Show or hide the map's sources"),
        },
    }


def _public(response: HttpResponse) -> HttpResponse:
    # Public information, but the page may carry the reader's language choice and the
    # CSRF cookie of the feedback form: kept by the reader's browser, no shared cache.
    response["Cache-Control"] = "private, max-age=300"
    return response


def index(request: HttpRequest) -> HttpResponse:
    language = _content_language(request)
    articles = [
        selectors.article_output(article, language) for article in selectors.articles_published()
    ]
    points = [selectors.point_output(point, language) for point in selectors.points_public()]
    return _public(
        render(
            request,
            "info/index.html",
            _context(request, articles=articles, points=points, service_types=SERVICE_TYPES),
        )
    )


def articles(request: HttpRequest) -> HttpResponse:
    language = _content_language(request)
    topic = request.GET.get("topic", "")
    topic = topic if topic in Topic.values else ""
    found = [
        selectors.article_output(article, language)
        for article in selectors.articles_published(topic=topic)
    ]
    return _public(
        render(request, "info/articles.html", _context(request, articles=found, topic=topic))
    )


def article(request: HttpRequest, article_id: int) -> HttpResponse:
    language = _content_language(request)
    found = selectors.article_output(selectors.article_public(article_id), language)
    return _public(render(request, "info/article.html", _context(request, article=found)))


def _near(request: HttpRequest) -> tuple[tuple[float, float] | None, Any]:
    """Coordinates typed or sent by the browser, or those of a chosen information point."""
    near = selectors.parse_near(request.GET.get("near"))
    point = None
    if near is None and request.GET.get("point"):
        try:
            point = selectors.point_public(request.GET["point"])
        except ApplicationError:
            point = None
        if point is not None and point.latitude is not None and point.longitude is not None:
            near = (point.latitude, point.longitude)
    return near, point


def directory(request: HttpRequest) -> HttpResponse:
    language = _content_language(request)
    near, point = _near(request)
    service_type = request.GET.get("type", "")
    query = selectors.ServiceQuery(
        near=near,
        language=language,
        type=service_type if service_type in SERVICE_TYPES else "",
        speaks=languages.normalise(request.GET.get("speaks", "")),
        open_now=request.GET.get("open") == "1",
        text=request.GET.get("q", "").strip()[:100],
    )
    found = selectors.services_search(query)
    points = [selectors.point_output(p, language) for p in selectors.points_public()]
    return _public(
        render(
            request,
            "info/services.html",
            _context(
                request,
                services=found,
                query=query,
                point=point,
                points=points,
                service_types=SERVICE_TYPES,
                **_map(found, "info:service", "service_id"),
            ),
        )
    )


def service(request: HttpRequest, service_id: int) -> HttpResponse:
    """A service, its published feedback, and the form to give one (anonymous)."""
    language = _content_language(request)
    found = selectors.service_public(service_id, language)
    status = 200
    if request.method == "POST" and FEEDBACK_THROTTLE.blocked(request):
        messages.error(request, _("Too much feedback was sent from here: try again in an hour."))
        status = 429
    elif request.method == "POST":
        FEEDBACK_THROTTLE.hit(request)
        try:
            services.feedback_give(
                service_id=service_id,
                rating=int(request.POST.get("rating") or 0),
                comment=request.POST.get("comment", ""),
                language=language,
            )
        except (ApplicationError, ValueError):
            messages.error(request, _("Give a rating from 1 to 5."))
        else:
            messages.success(
                request,
                _(
                    "Thank you. Your feedback will be read by the information team before it is "
                    "published; the provider does not learn who gave it."
                ),
            )
            return redirect(request.get_full_path())
    feedback = selectors.feedback_published(service_id)[:50]
    return _public(
        render(
            request,
            "info/service.html",
            _context(
                request,
                service=found,
                feedback=feedback,
                summary=selectors.feedback_summary(service_id),
                ratings=range(1, 6),
            ),
            status=status,
        )
    )


def points(request: HttpRequest) -> HttpResponse:
    language = _content_language(request)
    found = [selectors.point_output(p, language) for p in selectors.points_public()]
    return _public(
        render(
            request,
            "info/points.html",
            _context(request, points=found, **_map(found, "info:point", "point_id")),
        )
    )


def _point_url(request: HttpRequest, point_id: int, language: str) -> str:
    path = reverse("info:point", kwargs={"point_id": point_id})
    return request.build_absolute_uri(path)


def point(request: HttpRequest, point_id: int) -> HttpResponse:
    language = _content_language(request)
    found = selectors.point_public(point_id)
    output = selectors.point_output(found, language)
    nearby = selectors.services_search(
        selectors.ServiceQuery(
            near=(found.latitude, found.longitude) if found.latitude is not None else None,  # type: ignore[arg-type]
            language=language,
        )
    )[:5]
    return _public(
        render(request, "info/point.html", _context(request, point=output, nearby=nearby))
    )


def _poster_texts(found: Any) -> dict[str, dict[str, str]]:
    """Per language of the point: its name, the invitation to scan, its description."""
    texts: dict[str, dict[str, str]] = {}
    codes = list(dict.fromkeys([*(found.languages or []), *found.names.keys()]))
    for code in codes:
        name = (found.names or {}).get(code, "")
        description = (found.descriptions or {}).get(code, "")
        invitation = ""
        if code in dict(settings.LANGUAGES):
            with translation.override(code):
                invitation = _(
                    "Information on services, your rights and the risks of the route, "
                    "free, in your language: scan the code."
                )
        if name or invitation or description:
            texts[code] = {
                "name": name or selectors.text_in(found.names, code)[0],
                "invitation": invitation,
                "description": description,
            }
    return texts


def poster(request: HttpRequest, point_id: int) -> HttpResponse:
    """The poster as a page: printed from the browser (print CSS), in every script."""
    language = _content_language(request)
    found = selectors.point_public(point_id)
    url = _point_url(request, point_id, language)
    blocks = [
        {
            "language": code,
            "direction": languages.direction(code),
            "lines": [text["name"], text["invitation"], text["description"]],
        }
        for code, text in _poster_texts(found).items()
    ]
    return _public(
        render(
            request,
            "info/poster.html",
            _context(
                request,
                point=selectors.point_output(found, language),
                blocks=blocks,
                url=url,
                qr_svg=segno.make(url, error="m").svg_inline(scale=6, border=2),
            ),
        )
    )


def poster_download(request: HttpRequest, point_id: int) -> HttpResponse:
    language = _content_language(request)
    found = selectors.point_public(point_id)
    output = selectors.point_output(found, language)
    url = _point_url(request, point_id, language)
    blocks = [
        {
            "language": code,
            "direction": languages.direction(code),
            "lines": [text["name"], text["invitation"], text["description"]],
        }
        for code, text in _poster_texts(found).items()
    ]
    facts = []
    hours = "; ".join(f"{day} {ranges}".strip() for day, ranges in output["hours_readable"])
    if hours:
        facts.append(_("Opening hours: %(hours)s") % {"hours": hours})
    if output["contact"]:
        facts.append(_("Contact: %(contact)s") % {"contact": output["contact"]})
    pdf, _left_out = poster_pdf(title=output["name"], blocks=blocks, url=url, facts=facts)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = attachment_disposition(f"information-point-{point_id}.pdf")
    return response


def service_worker(request: HttpRequest) -> HttpResponse:
    """The offline worker for this language's information pages (scope: ``/<lang>/info/``)."""
    language = get_language() or "en"
    urls = [
        reverse("info:index"),
        reverse("info:articles"),
        reverse("info:services"),
        reverse("info:points"),
        static("waypost/waypost.css"),
        static("info/info.css"),
        static("info/offline.js"),
    ]
    urls += [
        reverse("info:article", kwargs={"article_id": a.pk}) for a in selectors.articles_published()
    ]
    urls += [reverse("info:point", kwargs={"point_id": p.pk}) for p in selectors.points_public()]
    urls += [
        reverse("info:service", kwargs={"service_id": s["id"]})
        for s in selectors.services_search(selectors.ServiceQuery())
    ]
    stamp = max(
        [timezone.now().date().isoformat()]
        + [a.updated_at.isoformat() for a in selectors.articles_published()]
    )
    header = (
        f"const CACHE = {json.dumps(f'waypost-info-{language}-{stamp}')};\n"
        f"const SCOPE = {json.dumps(reverse('info:index'))};\n"
        f"const PRECACHE = {json.dumps(urls)};\n"
    )
    response = HttpResponse(
        header + SERVICE_WORKER.read_text(encoding="utf-8"),
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return response


def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": _("Information for people on the move"),
        "short_name": _("Information"),
        "lang": get_language() or "en",
        "dir": "rtl" if translation.get_language_bidi() else "ltr",
        "start_url": reverse("info:index"),
        "scope": reverse("info:index"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1d4f91",
        "icons": [{"src": static("waypost/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )


# The information team ---------------------------------------------------------------------


def team_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, and a writer or reviewer of the organisation's information."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        if not (services.may_write(user) or services.may_review(user)):
            raise DjangoPermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@team_required
def manage(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    language = get_language() or "en"
    own_articles = [
        {**selectors.article_output(a, language), "status": a.status, "reviewer": a.reviewer}
        for a in selectors.articles_of(user)
    ]
    own_points = [
        {**selectors.point_output(p, language), "status": p.status}
        for p in selectors.points_of(user)
    ]
    return render(
        request,
        "info/manage.html",
        {
            "articles": own_articles,
            "points": own_points,
            "feedback": selectors.feedback_to_moderate(user)[:100],
            "may_review": services.may_review(user),
            "statuses": PublicationStatus,
            "point_kinds": PointKind,
        },
    )


@require_POST
@team_required
def article_step(request: HttpRequest, article_id: int, step: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    found = selectors.article_of(user, article_id)
    try:
        services.article_step(actor=user, article=found, step=step)
    except PermissionDenied:
        raise
    except ApplicationError as exc:
        messages.error(request, str(exc))
    return redirect("info:manage")


@require_POST
@team_required
def feedback_moderate(request: HttpRequest, feedback_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    found = selectors.feedback_get(user, feedback_id)
    services.feedback_moderate(
        actor=user, feedback=found, publish=request.POST.get("decision") == "publish"
    )
    return redirect("info:manage")


@team_required
def point_new(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = PointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.point_create(actor=user, **form.values())
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("info:manage")
    return render(request, "info/form.html", {"form": form, "title": _("New information point")})


@team_required
def article_new(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.article_create(
                actor=user,
                topic=data["topic"],
                nationality=data["nationality"],
                review_by=data["review_by"],
                translations=form.translations(),
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("info:manage")
    return render(request, "info/form.html", {"form": form, "title": _("New article")})


@team_required
def article_text(request: HttpRequest, article_id: int) -> HttpResponse:
    """The article's text in one language, new or replaced: a published article goes back to
    review."""
    user: User = request.user  # type: ignore[assignment]
    found = selectors.article_of(user, article_id)
    initial = {}
    language = languages.normalise(request.GET.get("language", ""))
    if language:
        text = found.translations.filter(language=language).first()
        if text is not None:
            initial = {
                "language": language,
                "title": text.title,
                "summary": text.summary,
                "body": text.body,
                "audio_url": text.audio_url,
            }
    form = ArticleTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.article_update(actor=user, article=found, translations=form.translations())
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("info:manage")
    output = selectors.article_output(found, get_language() or "en")
    return render(
        request,
        "info/form.html",
        {"form": form, "title": _("Text of the article “%(title)s”") % {"title": output["title"]}},
    )
