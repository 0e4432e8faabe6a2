from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.accounts.models import User
from waypost.accounts.permissions import api_permission
from waypost.accounts.roles import Permission
from waypost.accounts.scopes import RecordKind
from waypost.core.exceptions import NotFound, PermissionDenied
from waypost.releases import selectors, services
from waypost.releases.models import Channel
from waypost.releases.selectors import DATASETS
from waypost.statistics import DEFAULT_K


class ReleaseCellOutput(serializers.Serializer[Any]):
    region = serializers.CharField(required=False, help_text="With by=region")
    year = serializers.IntegerField(required=False, help_text="With by=year")
    route = serializers.CharField(required=False, help_text="With by=route")
    un_region = serializers.CharField(required=False, help_text="With by=un_region")
    sex = serializers.CharField(required=False, help_text="With by=sex")
    age_group = serializers.CharField(required=False, help_text="With by=age_group")
    nationality = serializers.CharField(
        required=False, help_text="With by=nationality (ISO 3166-1 alpha-3)"
    )
    value = serializers.IntegerField(
        allow_null=True, help_text="The count, or null when suppressed"
    )
    suppressed = serializers.BooleanField()


class StatsReleaseOutput(serializers.Serializer[Any]):
    cells = ReleaseCellOutput(many=True)
    k = serializers.IntegerField(help_text="Counts under k are suppressed")
    method = serializers.CharField(
        help_text="How the numbers were protected: suppression, discrete-laplace, rounding-N"
    )
    epsilon = serializers.FloatField(
        required=False, help_text="The privacy budget spent, with dp_epsilon"
    )


@extend_schema_view(
    get=extend_schema(
        operation_id="stats_release",
        responses=StatsReleaseOutput,
        tags=["statistics"],
        parameters=[
            OpenApiParameter("dataset", str, required=True, enum=list(DATASETS)),
            OpenApiParameter(
                "by", str, required=True, description="One or two dimensions: region,year"
            ),
            OpenApiParameter("k", int, description=f"Smallest count published ({DEFAULT_K})"),
            OpenApiParameter("dp_epsilon", float, description="Add differentially private noise"),
            OpenApiParameter("rounding", int, description="Round counts to multiples of this"),
        ],
    )
)
class StatsReleaseApi(APIView):
    """A table of counts, protected by disclosure control (small cells suppressed so that no
    suppressed cell can be worked out from the totals) and logged. Public."""

    token_scope = RecordKind.STATISTICS
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer[Any]):
        dataset = serializers.ChoiceField(choices=list(DATASETS))
        by = serializers.CharField(max_length=100)
        k = serializers.IntegerField(min_value=1, max_value=100, default=DEFAULT_K)
        dp_epsilon = serializers.FloatField(
            required=False, min_value=0.001, max_value=services.MAX_EPSILON
        )
        rounding = serializers.IntegerField(min_value=1, max_value=100, default=1)

    def get(self, request: Request) -> Response:
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        actor = request.user if isinstance(request.user, User) else None
        result = services.release_publish(
            actor=actor,
            dataset=data["dataset"],
            by=data["by"],
            channel=Channel.API,
            k=data["k"],
            dp_epsilon=data.get("dp_epsilon"),
            rounding=data["rounding"],
        )
        return Response(StatsReleaseOutput(result).data)


class ForecastMonthOutput(serializers.Serializer[Any]):
    month = serializers.CharField(help_text="YYYY-MM")
    value = serializers.FloatField(help_text="The median forecast of dead and missing")
    lower = serializers.FloatField(help_text="The 80% prediction interval's lower bound")
    upper = serializers.FloatField(help_text="The 80% prediction interval's upper bound")


class BacktestOutput(serializers.Serializer[Any]):
    origins = serializers.IntegerField(help_text="Rolling origins of the backtest")
    mase = serializers.FloatField(allow_null=True, help_text="The model's MASE")
    baseline_mase = serializers.FloatField(
        allow_null=True, help_text="The seasonal naive forecast's MASE on the same origins"
    )
    skill = serializers.FloatField(allow_null=True, help_text="1 - mase / baseline_mase")


class ForecastOutput(serializers.Serializer[Any]):
    route = serializers.CharField(help_text="The migration route, or empty for all routes")
    horizon = serializers.IntegerField()
    computed_at = serializers.DateTimeField()
    series = serializers.ListField(
        child=serializers.CharField(), help_text="The first and last month of the series"
    )
    forecast = ForecastMonthOutput(
        many=True, help_text="Empty unless shown: the model must beat the baseline by 20%"
    )
    backtest = BacktestOutput()
    shown = serializers.BooleanField()


@extend_schema_view(
    get=extend_schema(
        operation_id="stats_forecast",
        responses=ForecastOutput,
        tags=["statistics"],
        parameters=[
            OpenApiParameter("route", str, description="A migration route (all if blank)"),
            OpenApiParameter("horizon", int, description="Months ahead, 1 to 6 (6)"),
        ],
    )
)
class ForecastApi(APIView):
    """The latest forecast of dead and missing per month on a route (``waypost forecast
    incidents`` computes them), with its backtest against the seasonal naive forecast. The
    months are given only where the model beat it by 20%. For humanitarian preparedness:
    never served to law-enforcement or border organisations (docs/statistics.md)."""

    token_scope = RecordKind.STATISTICS
    permission_classes = [api_permission(Permission.VIEW_STATISTICS)]

    class InputSerializer(serializers.Serializer[Any]):
        route = serializers.CharField(max_length=200, required=False, default="")
        horizon = serializers.IntegerField(min_value=1, max_value=6, default=6)

    def get(self, request: Request) -> Response:
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        if user.organisation is not None and user.organisation.is_enforcement:
            raise PermissionDenied(
                _("Forecasts serve humanitarian preparedness; they are not given to "
                  "law-enforcement or border organisations.")
            )  # fmt: skip
        logged = selectors.forecast_latest(**params.validated_data)
        if logged is None:
            raise NotFound(_("No forecast of this route and horizon has been computed."))
        return Response(ForecastOutput(selectors.forecast_published(logged)).data)
