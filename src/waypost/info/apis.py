"""The info app's API: the public directory and articles, writing articles and points,
the messaging webhook (RapidPro, Telerivet-style gateways), exports and counts.

Public reads need no account: ``GET /api/v1/info/services/``, ``/articles/``,
``/points/`` and the exports. The webhook needs no account either, but the shared secret
``WAYPOST_INFO_WEBHOOK_SECRET`` in ``X-Waypost-Webhook-Secret``; without it configured,
every call is refused.
"""

from __future__ import annotations

import hmac
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import SAFE_METHODS, AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.accounts.models import User
from waypost.accounts.permissions import api_permission
from waypost.accounts.roles import Permission
from waypost.accounts.scopes import RecordKind
from waypost.accounts.token_scopes import token_scope_check
from waypost.core.exceptions import NotFound, PermissionDenied
from waypost.core.parsers import JSONParser
from waypost.info import channels, exports, languages, selectors, services
from waypost.info.models import PointKind, PublicationStatus, Topic
from waypost.protection.access import firewall_allows
from waypost.protection.models import DataCategory

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


class PublicReadWriters(BasePermission):
    """Anyone reads (published things only); the organisation's writers write."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return token_scope_check(request, view)
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if not services.may_write(user):
            return False
        return token_scope_check(request, view)


def _language(request: Request) -> str:
    return languages.normalise(request.query_params.get("language", "")) or "en"


# Services -----------------------------------------------------------------------------


class InfoServiceOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_language = serializers.CharField(help_text="The language of ``name``.")
    description = serializers.CharField()
    description_language = serializers.CharField()
    type = serializers.CharField()
    provider = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    location = serializers.DictField()
    distance_km = serializers.FloatField(allow_null=True)
    hours = serializers.JSONField()
    open_now = serializers.BooleanField(allow_null=True)
    contact = serializers.CharField()


class InfoServicesApi(APIView):
    """The public service directory: published services, nearest first."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("near", str, description="LAT,LON: nearest first, with distance."),
            OpenApiParameter("language", str, description="Text in this language when it exists."),
            OpenApiParameter("type", str, enum=SERVICE_TYPES),
            OpenApiParameter("speaks", str, description="Only services where it is spoken."),
            OpenApiParameter("open_now", bool),
        ],
        responses={
            200: inline_serializer(
                "InfoServiceList",
                {"count": serializers.IntegerField(), "results": InfoServiceOutput(many=True)},
            )
        },
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        service_type = params.get("type", "")
        query = selectors.ServiceQuery(
            near=selectors.parse_near(params.get("near")),
            language=_language(request),
            type=service_type if service_type in SERVICE_TYPES else "",
            speaks=languages.normalise(params.get("speaks", "")),
            open_now=params.get("open_now", "").lower() in ("1", "true", "yes"),
        )
        if params.get("near") and query.near is None:
            raise serializers.ValidationError({"near": [_("Give coordinates as LAT,LON.")]})
        results = selectors.services_search(query)
        return Response({"count": len(results), "results": results})


# Articles -------------------------------------------------------------------------------


class ArticleTextInput(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=300)
    body = serializers.CharField(max_length=50_000)
    summary = serializers.CharField(max_length=480, required=False, default="", allow_blank=True)
    audio_url = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class InfoArticleOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    topic = serializers.CharField()
    nationality = serializers.CharField()
    language = serializers.CharField()
    direction = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    body = serializers.CharField()
    audio_url = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    publisher = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    review_by = serializers.DateField(allow_null=True)
    stale = serializers.BooleanField()


class InfoArticlesApi(APIView):
    """Published articles (anyone); writing one (an organisation's writers)."""

    token_scope = RecordKind.INFO
    permission_classes = [PublicReadWriters]
    parser_classes = [JSONParser]

    class InputSerializer(serializers.Serializer[Any]):
        topic = serializers.ChoiceField(choices=Topic.choices)
        translations = serializers.DictField(
            child=ArticleTextInput(), help_text='By language code: {"ti": {"title", "body"}}.'
        )
        status = serializers.ChoiceField(
            choices=[
                PublicationStatus.DRAFT,
                PublicationStatus.IN_REVIEW,
                PublicationStatus.PUBLISHED,
            ],
            required=False,
            default=PublicationStatus.DRAFT,
        )
        review_by = serializers.DateField(required=False, allow_null=True, default=None)
        nationality = serializers.CharField(
            max_length=3, required=False, default="", allow_blank=True
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("language", str, description="Articles written in this language."),
            OpenApiParameter("topic", str, enum=Topic.values),
        ],
        responses={200: InfoArticleOutput(many=True)},
    )
    def get(self, request: Request) -> Response:
        language = _language(request)
        topic = request.query_params.get("topic", "")
        found = selectors.articles_published(
            language=language if request.query_params.get("language") else "",
            topic=topic if topic in Topic.values else "",
        )
        return Response([selectors.article_output(article, language) for article in found])

    @extend_schema(
        request=InputSerializer,
        responses={
            201: inline_serializer("InfoArticleCreated", {"id": serializers.IntegerField()})
        },
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        article = services.article_create(actor=user, **data.validated_data)
        return Response({"id": article.pk}, status=status.HTTP_201_CREATED)


# Information points ---------------------------------------------------------------------


class InfoPointsApi(APIView):
    """Published information points (anyone); adding one (an organisation's writers)."""

    token_scope = RecordKind.INFO
    permission_classes = [PublicReadWriters]
    parser_classes = [JSONParser]

    class InputSerializer(serializers.Serializer[Any]):
        names = serializers.DictField(child=serializers.CharField(max_length=300))
        descriptions = serializers.DictField(
            child=serializers.CharField(max_length=2000, allow_blank=True),
            required=False,
            default=dict,
        )
        kind = serializers.ChoiceField(choices=PointKind.choices)
        place = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
        latitude = serializers.FloatField(required=False, allow_null=True, default=None)
        longitude = serializers.FloatField(required=False, allow_null=True, default=None)
        hours = serializers.JSONField(required=False)
        languages = serializers.ListField(
            child=serializers.CharField(max_length=8), required=False, default=list
        )
        accessibility = serializers.DictField(
            child=serializers.CharField(max_length=1000, allow_blank=True),
            required=False,
            default=dict,
        )
        wheelchair_accessible = serializers.BooleanField(required=False, default=False)
        child_friendly = serializers.BooleanField(required=False, default=False)
        women_only_hours = serializers.JSONField(required=False)
        contact = serializers.CharField(
            max_length=300, required=False, default="", allow_blank=True
        )
        status = serializers.ChoiceField(
            choices=[PublicationStatus.DRAFT, PublicationStatus.PUBLISHED],
            required=False,
            default=PublicationStatus.DRAFT,
        )

    @extend_schema(
        parameters=[OpenApiParameter("language", str)],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        language = _language(request)
        return Response([selectors.point_output(p, language) for p in selectors.points_public()])

    @extend_schema(
        request=InputSerializer,
        responses={201: inline_serializer("InfoPointCreated", {"id": serializers.IntegerField()})},
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        point = services.point_create(actor=user, **data.validated_data)
        return Response({"id": point.pk}, status=status.HTTP_201_CREATED)


# Webhook --------------------------------------------------------------------------------


class WebhookApi(APIView):
    """Called by a messaging flow; answers with the messages to send back."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser]

    class InputSerializer(serializers.Serializer[Any]):
        urn = serializers.CharField(max_length=300, help_text="tel:+227…, whatsapp:…")
        text = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        keyword = serializers.CharField(max_length=100, required=False, allow_blank=True)
        language = serializers.CharField(max_length=8, required=False, default="en")
        location = serializers.JSONField(
            required=False, default=None, help_text='"LAT,LON", {"lat", "lon"} or a place name.'
        )

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if not (attrs.get("text") or attrs.get("keyword")):
                raise serializers.ValidationError(_("Send text or keyword."))
            return attrs

    @extend_schema(
        request=InputSerializer,
        parameters=[
            OpenApiParameter(
                "X-Waypost-Webhook-Secret",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="Equal to WAYPOST_INFO_WEBHOOK_SECRET; else 401.",
            )
        ],
        responses={
            200: inline_serializer(
                "InfoWebhookReply",
                {"messages": serializers.ListField(child=serializers.CharField())},
            )
        },
    )
    def post(self, request: Request) -> Response:
        expected = str(getattr(settings, "INFO_WEBHOOK_SECRET", "") or "")
        given = request.headers.get("X-Waypost-Webhook-Secret", "")
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            raise AuthenticationFailed(_("Wrong or missing webhook secret."))
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        answer = channels.reply(
            urn=values["urn"],
            text=values.get("keyword") or values.get("text") or "",
            language=values["language"],
            location=values.get("location"),
            site=request.build_absolute_uri("/").rstrip("/"),
        )
        return Response(answer)

    def get_authenticate_header(self, request: Request) -> str:
        return 'Secret header="X-Waypost-Webhook-Secret"'


# Exports and counts -----------------------------------------------------------------------


class InfoExportApi(APIView):
    """Published points and services as GeoJSON or HXL (no personal data)."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("language", str)],
        responses={
            (200, "application/geo+json"): OpenApiTypes.OBJECT,
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    def get(self, request: Request, fmt: str) -> HttpResponse:
        language = _language(request)
        if fmt not in ("geojson", "hxl"):
            raise NotFound("Export as geojson or hxl.")
        if fmt == "geojson":
            return HttpResponse(
                exports.geojson(language), content_type="application/geo+json; charset=utf-8"
            )
        response = HttpResponse(exports.hxl_csv(language), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            'attachment; filename="information-points-and-services.csv"'
        )
        return response


class InfoCountsApi(APIView):
    """Questions by topic, language, channel and point; feedback by service. No identities."""

    token_scope = RecordKind.STATISTICS
    permission_classes = [api_permission(Permission.VIEW_STATISTICS)]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        # Where people asked for help says where they are: past the firewall only.
        if user.organisation is None or not firewall_allows(
            user.organisation, DataCategory.WHEREABOUTS
        ):
            raise PermissionDenied(_("These counts are not shared with enforcement authorities."))
        return Response(selectors.question_counts())
