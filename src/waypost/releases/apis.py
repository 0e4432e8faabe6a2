from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.accounts.models import User
from waypost.releases import services
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
