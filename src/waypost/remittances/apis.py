"""Remittance costs through the API: public figures about firms, no account needed."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.remittances import selectors
from waypost.remittances.rpw import parse_period

PERIOD_PARAMETER = OpenApiParameter(
    "period", str, description="A quarter such as 2025Q2 (default: the latest imported)."
)
COUNTRY = {"type": "string", "pattern": "^[A-Za-z]{3}$"}


def _period_field() -> serializers.CharField:
    return serializers.CharField(required=False, default="", allow_blank=True)


class PeriodInput(serializers.Serializer[Any]):
    period = _period_field()

    def validate_period(self, value: str) -> str | None:
        if not value:
            return None
        period = parse_period(value)
        if period is None:
            raise serializers.ValidationError("A quarter such as 2025Q2.")
        return period


class CorridorInput(PeriodInput):
    # "from" is a Python keyword: the fields are declared under other names below.
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from"] = serializers.RegexField(
            r"^[A-Za-z]{3}$", required=False, default="", allow_blank=True
        )
        self.fields["to"] = serializers.RegexField(
            r"^[A-Za-z]{3}$", required=False, default="", allow_blank=True
        )


class RemittanceTrendPoint(serializers.Serializer[Any]):
    period = serializers.CharField()
    average_200 = serializers.FloatField()


class RemittanceCorridorOutput(serializers.Serializer[Any]):
    period = serializers.CharField()
    average_200 = serializers.FloatField(help_text="Mean total cost of sending USD 200, in %")
    average_500 = serializers.FloatField(allow_null=True)
    smart_200 = serializers.FloatField(
        allow_null=True,
        help_text="Mean of the three cheapest transparent services delivering within 5 days",
    )
    services = serializers.IntegerField()
    above_5 = serializers.BooleanField()
    trend = RemittanceTrendPoint(many=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from"] = serializers.CharField(help_text="Sending country, ISO 3166-1 alpha-3")
        self.fields["to"] = serializers.CharField(help_text="Receiving country, ISO 3166-1 alpha-3")


@extend_schema_view(
    get=extend_schema(
        operation_id="remittances_corridors",
        parameters=[
            OpenApiParameter("from", COUNTRY, description="Sending country (ISO3)"),
            OpenApiParameter("to", COUNTRY, description="Receiving country (ISO3)"),
            PERIOD_PARAMETER,
        ],
        responses=RemittanceCorridorOutput(many=True),
        tags=["remittances"],
    )
)
class CorridorListApi(APIView):
    """Corridors of a quarter with their average costs, SmaRT-style cost and trend. Public."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    def get(self, request: Request) -> Response:
        data = CorridorInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        rows = selectors.corridors(
            source=data.validated_data["from"],
            destination=data.validated_data["to"],
            period=data.validated_data["period"],
        )
        return Response(RemittanceCorridorOutput(rows, many=True).data)


class RemittanceSdgOutput(serializers.Serializer[Any]):
    period = serializers.CharField(allow_null=True)
    global_average_200 = serializers.FloatField(allow_null=True)
    corridors_above_5 = serializers.IntegerField()


@extend_schema_view(
    get=extend_schema(
        operation_id="remittances_sdg_10_c_1",
        parameters=[PERIOD_PARAMETER],
        responses=RemittanceSdgOutput,
        tags=["remittances"],
    )
)
class SdgApi(APIView):
    """SDG indicator 10.c.1: the global average total cost of sending USD 200. Public."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    def get(self, request: Request) -> Response:
        data = PeriodInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        return Response(
            RemittanceSdgOutput(selectors.sdg_10_c_1(data.validated_data["period"])).data
        )


class RemittanceBreakdownRow(serializers.Serializer[Any]):
    key = serializers.CharField(
        help_text="The corridor (ITA-NGA), country, firm type or instrument"
    )
    average_200 = serializers.FloatField()
    average_500 = serializers.FloatField(allow_null=True)
    services = serializers.IntegerField()


@extend_schema_view(
    get=extend_schema(
        operation_id="remittances_breakdown",
        parameters=[
            OpenApiParameter("by", str, required=True, enum=list(selectors.BREAKDOWNS)),
            PERIOD_PARAMETER,
        ],
        responses=RemittanceBreakdownRow(many=True),
        tags=["remittances"],
    )
)
class BreakdownApi(APIView):
    """Average costs by corridor, sending or receiving country, firm type or instrument."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    class InputSerializer(PeriodInput):
        by = serializers.ChoiceField(choices=list(selectors.BREAKDOWNS))

    def get(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        rows = selectors.breakdown(data.validated_data["by"], data.validated_data["period"])
        return Response(RemittanceBreakdownRow(rows, many=True).data)


class RemittanceServiceOutput(serializers.Serializer[Any]):
    period = serializers.CharField()
    firm = serializers.CharField()
    firm_type = serializers.CharField()
    payment_instrument = serializers.CharField()
    pickup_method = serializers.CharField()
    speed = serializers.CharField()
    cc1_total_cost = serializers.FloatField(help_text="Total cost of sending USD 200, in %")
    cc2_total_cost = serializers.FloatField(allow_null=True)


@extend_schema_view(
    get=extend_schema(
        operation_id="remittances_services",
        parameters=[
            OpenApiParameter("from", COUNTRY, required=True),
            OpenApiParameter("to", COUNTRY, required=True),
            PERIOD_PARAMETER,
        ],
        responses=RemittanceServiceOutput(many=True),
        tags=["remittances"],
    )
)
class ServiceListApi(APIView):
    """The ten cheapest services of a corridor in a quarter (default: its latest). Public."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    def get(self, request: Request) -> Response:
        data = CorridorInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        if not data.validated_data["from"] or not data.validated_data["to"]:
            raise serializers.ValidationError({"from": "Both from and to are needed."})
        services = selectors.cheapest_services(
            source=data.validated_data["from"],
            destination=data.validated_data["to"],
            period=data.validated_data["period"],
        )
        return Response(RemittanceServiceOutput(services, many=True).data)
