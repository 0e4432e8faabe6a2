from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.accounts.permissions import api_permission
from waypost.accounts.roles import Permission
from waypost.accounts.scopes import RecordKind
from waypost.core.api import Pagination
from waypost.incidents import selectors
from waypost.incidents.models import Incident, IncidentSource
from waypost.releases import selectors as releases


class FilterSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1900, max_value=2100
    )
    region = serializers.CharField(required=False, default="")
    route = serializers.CharField(required=False, default="")
    cause = serializers.CharField(required=False, default="")
    status = serializers.ChoiceField(
        choices=["", "unverified", "verified"], required=False, default=""
    )
    date_from = serializers.DateField(required=False, allow_null=True, default=None)
    date_to = serializers.DateField(required=False, allow_null=True, default=None)


class IncidentSourceOutput(serializers.ModelSerializer[IncidentSource]):
    class Meta:
        model = IncidentSource
        fields = ["name", "url", "reliability", "reported_on", "dead", "missing", "mmp_id"]


class IncidentOutput(serializers.ModelSerializer[Incident]):
    class Meta:
        model = Incident
        fields = [
            "id",
            "mmp_id",
            "main_id",
            "incident_ids",
            "incident_type",
            "date",
            "date_precision",
            "year",
            "month",
            "region",
            "subregion",
            "un_region",
            "country",
            "country_iso3",
            "place",
            "latitude",
            "longitude",
            "route",
            "dead",
            "missing",
            "total",
            "survivors",
            "females",
            "males",
            "children",
            "causes",
            "origin_region",
            "origin_countries",
            "origin_iso3",
            "status",
            "review_reasons",
            "sources",
        ]

    total = serializers.IntegerField(read_only=True)
    # The JSON fields are lists of strings: declared so, the OpenAPI schema says so
    # (a bare JSONField is typed as "any value").
    incident_ids = serializers.ListField(child=serializers.CharField(), read_only=True)
    causes = serializers.ListField(child=serializers.CharField(), read_only=True)
    origin_iso3 = serializers.ListField(child=serializers.CharField(max_length=3), read_only=True)
    review_reasons = serializers.ListField(child=serializers.CharField(), read_only=True)
    sources = IncidentSourceOutput(many=True, read_only=True)


YEAR_PARAMETER = OpenApiParameter("year", {"type": "integer", "minimum": 1900, "maximum": 2100})
PLACE_PARAMETERS = [
    OpenApiParameter("region", str),
    OpenApiParameter("route", str),
]
FILTER_PARAMETERS = [
    YEAR_PARAMETER,
    *PLACE_PARAMETERS,
    OpenApiParameter("cause", str),
    OpenApiParameter("status", str, enum=["unverified", "verified"]),
    OpenApiParameter("date_from", OpenApiTypes.DATE),
    OpenApiParameter("date_to", OpenApiTypes.DATE),
]


@extend_schema_view(
    get=extend_schema(
        operation_id="incidents_list",
        parameters=FILTER_PARAMETERS,
        responses=IncidentOutput(many=True),
        tags=["incidents"],
    )
)
class IncidentListApi(APIView):
    """Incidents of deaths and disappearances, filtered and paginated."""

    token_scope = RecordKind.INCIDENTS

    permission_classes = [api_permission(Permission.VIEW_INCIDENTS)]
    pagination_class = Pagination

    def get(self, request: Request) -> Response:
        filters = FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        incidents = (
            selectors.incidents_filtered(**filters.validated_data)
            .prefetch_related("sources")
            .order_by("-date", "-pk")
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(incidents, request, view=self)
        return paginator.get_paginated_response(IncidentOutput(page, many=True).data)


class SdgOutput(serializers.Serializer[Any]):
    dead = serializers.IntegerField(allow_null=True, help_text="null when suppressed")
    missing = serializers.IntegerField(allow_null=True, help_text="null when suppressed")
    total = serializers.IntegerField(allow_null=True, help_text="null when suppressed")
    suppressed = serializers.BooleanField(
        help_text="Whether a figure is hidden: under k, or giving one away (disclosure control)"
    )


@extend_schema_view(
    get=extend_schema(
        operation_id="stats_sdg_10_7_3",
        responses=SdgOutput,
        tags=["incidents"],
        parameters=[YEAR_PARAMETER, *PLACE_PARAMETERS],
    )
)
class SdgStatsApi(APIView):
    """SDG indicator 10.7.3: people who died or disappeared in migration. Public figures,
    under disclosure control: a figure under k, or one giving such a figure away, is null."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    def get(self, request: Request) -> Response:
        filters = FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        return Response(
            SdgOutput(
                releases.sdg_published(
                    year=data["year"], region=data["region"], route=data["route"]
                )
            ).data
        )


class SdgBreakdownRow(serializers.Serializer[Any]):
    key = serializers.JSONField(
        help_text="The year (a number), or the region, route, cause, sex or age group"
    )
    dead = serializers.IntegerField(required=False, allow_null=True)
    missing = serializers.IntegerField(required=False, allow_null=True)
    total = serializers.IntegerField(allow_null=True)
    incidents = serializers.IntegerField(required=False, allow_null=True)
    suppressed = serializers.BooleanField(
        help_text="Whether a count of the row is hidden (null): under k, or giving one away"
    )


@extend_schema_view(
    get=extend_schema(
        operation_id="stats_sdg_10_7_3_breakdown",
        responses=SdgBreakdownRow(many=True),
        tags=["incidents"],
        parameters=[
            OpenApiParameter("by", str, required=True, enum=list(selectors.BREAKDOWNS)),
            YEAR_PARAMETER,
            *PLACE_PARAMETERS,
        ],
    )
)
class SdgBreakdownApi(APIView):
    """SDG 10.7.3 broken down by year, region, UN region, route, cause, sex or age. Public,
    each table under disclosure control (small counts and their partners null)."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    class InputSerializer(FilterSerializer):
        by = serializers.ChoiceField(choices=list(selectors.BREAKDOWNS))

    def get(self, request: Request) -> Response:
        filters = self.InputSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        rows = releases.sdg_breakdown_published(
            data["by"], year=data["year"], region=data["region"], route=data["route"]
        )
        # Plain rows: a sex or age row has no dead, missing or incidents at all, where a
        # suppressed row has them as null (the serializer documents both).
        return Response(rows)
