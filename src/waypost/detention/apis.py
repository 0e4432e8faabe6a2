"""REST API of detention oversight and consular notification (docs/detention.md)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.accounts.models import User
from waypost.accounts.permissions import api_permission
from waypost.accounts.roles import Permission
from waypost.accounts.scopes import RecordKind
from waypost.core.api import Pagination
from waypost.core.exceptions import ApplicationError, PermissionDenied
from waypost.core.parsers import JSONParser
from waypost.detention import selectors, services
from waypost.detention.models import (
    EventKind,
    FacilityStatus,
    FacilityType,
    FindingAspect,
    RecommendationStatus,
    ReleaseKind,
    Severity,
    VisitAccess,
)
from waypost.screening.apis import COUNTRY_CODES, PARTIAL_DATE_PATTERN, CountryField, SexField


def _user(request: Request) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - the permission class guarantees it
    return request.user


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}]})
class FacilityRefField(serializers.Field):
    """A facility's id, or its name as imported."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int | str) or data == "":
            raise serializers.ValidationError("Give a facility's id or its name.")
        try:
            return services.facility_find(data)
        except ApplicationError as exc:
            raise serializers.ValidationError(exc.message) from exc

    def to_representation(self, value: Any) -> Any:
        return value.pk


class DetentionPersonInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")
    sex = SexField(required=False, default="")
    birth_date = serializers.RegexField(
        PARTIAL_DATE_PATTERN, allow_blank=True, required=False, default=""
    )
    age = serializers.IntegerField(min_value=0, max_value=120, required=False, allow_null=True)
    nationality = CountryField(required=False, default="", help_text="ISO 3166-1 alpha-3.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs.setdefault("age", None)
        return attrs


class FamilyMemberInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")
    relationship = serializers.CharField(max_length=60, allow_blank=True, required=False)
    age = serializers.IntegerField(min_value=0, max_value=120, required=False, allow_null=True)
    location = serializers.CharField(max_length=300, allow_blank=True, required=False)
    custody = serializers.CharField(max_length=300, allow_blank=True, required=False)


class ReviewInput(serializers.Serializer[Any]):
    on = serializers.DateField()
    kind = serializers.CharField(max_length=60, help_text="A hearing, a judicial review...")
    outcome = serializers.CharField(max_length=1000, allow_blank=True, required=False)


class AlternativeInput(serializers.Serializer[Any]):
    measure = serializers.CharField(max_length=300)
    offered = serializers.BooleanField(default=False)
    why_not = serializers.CharField(max_length=1000, allow_blank=True, required=False)


class RegisterFields(serializers.Serializer[Any]):
    """Mandela Rules 7 and 8: what the register holds beyond identity and dates."""

    reasons = serializers.CharField(max_length=2000, allow_blank=True, required=False)
    authority = serializers.CharField(max_length=300, allow_blank=True, required=False)
    arrest_place = serializers.CharField(max_length=300, allow_blank=True, required=False)
    injuries = serializers.CharField(
        max_length=2000, allow_blank=True, required=False, help_text='"none visible" is a value.'
    )
    ill_treatment = serializers.CharField(max_length=5000, allow_blank=True, required=False)
    property = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, allow_null=True
    )
    family = FamilyMemberInput(many=True, required=False, allow_null=True)
    emergency_contact = serializers.CharField(max_length=500, allow_blank=True, required=False)
    lawyer = serializers.CharField(max_length=500, allow_blank=True, required=False)
    reviews = ReviewInput(many=True, required=False)
    alternatives = AlternativeInput(many=True, required=False)
    max_days = serializers.IntegerField(
        min_value=1,
        max_value=3650,
        required=False,
        allow_null=True,
        help_text="The maximum duration the applicable law allows, in days.",
    )


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    for key in ("reviews",):
        if key in data:
            data[key] = [{**r, "on": r["on"].isoformat()} for r in data[key]]
    for key in ("family", "alternatives"):
        if data.get(key) is not None:
            data[key] = [dict(item) for item in data[key]]
    return data


class ConsularOutput(serializers.Serializer[Any]):
    rule = serializers.CharField(help_text='"RECEIVING-SENDING" of the table, or "vccr-36".')
    mandatory = serializers.BooleanField()
    due_at = serializers.DateTimeField(allow_null=True)
    blocked = serializers.BooleanField(
        help_text="An asylum seeker or refugee without express consent: never notified."
    )
    notified_at = serializers.DateTimeField(allow_null=True)
    choice = serializers.CharField(required=False)
    consent = serializers.BooleanField(required=False)
    informed_at = serializers.DateTimeField(allow_null=True, required=False)
    informed_overdue = serializers.BooleanField(required=False)
    overdue = serializers.BooleanField(required=False)
    family = serializers.DictField(required=False)


class DetentionOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    person = serializers.DictField()
    facility = serializers.IntegerField()
    facility_name = serializers.CharField()
    arrested_at = serializers.DateTimeField()
    admitted_at = serializers.DateTimeField(allow_null=True)
    released_at = serializers.DateTimeField(allow_null=True)
    child_alert = serializers.BooleanField()
    consular = ConsularOutput()
    register_missing = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Mandela Rule 7 items missing."
    )

    class Meta:
        ref_name = "Detention"


class DetentionListCreateApi(APIView):
    """Detentions the caller may see; POST records one. ``?overdue=consular``: those whose
    consulate should have been notified by now."""

    token_scope = RecordKind.DETENTION
    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA)]
    pagination_class = Pagination

    class InputSerializer(RegisterFields):
        person = DetentionPersonInput()
        facility = FacilityRefField(help_text="A facility's id or its name as imported.")
        arrested_at = serializers.DateTimeField()
        admitted_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
        legal_basis = serializers.CharField(max_length=2000, allow_blank=True, default="")
        asylum_seeker = serializers.BooleanField(default=False)
        screening = serializers.IntegerField(
            required=False, help_text="The organisation's screening of this person, if any."
        )
        tracing = serializers.RegexField(
            r"^(found|missing):[0-9]+$",
            required=False,
            help_text="The organisation's tracing record: found:ID or missing:ID.",
        )

    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        child_alert = serializers.BooleanField()
        consular = ConsularOutput()

    @extend_schema(
        operation_id="detentions_list",
        parameters=[
            OpenApiParameter(
                "overdue",
                OpenApiTypes.STR,
                enum=["consular"],
                description="consular: only those past their consular deadline.",
            )
        ],
        responses=DetentionOutputSerializer(many=True),
        tags=["detention"],
    )
    def get(self, request: Request) -> Response:
        user = _user(request)
        overdue = request.query_params.get("overdue", "")
        if overdue not in ("", "consular"):
            raise serializers.ValidationError({"overdue": ["Use overdue=consular."]})
        rows: Any = (
            selectors.consular_overdue(user=user)
            if overdue
            else selectors.detentions_visible_to(user=user)
        )
        paginator = self.pagination_class()
        page: list[Any] = list(paginator.paginate_queryset(rows, request, view=self) or [])
        selectors.detentions_listed(user=user, records=page)
        return paginator.get_paginated_response(
            [selectors.detention_output(d, user=user) for d in page]
        )

    @extend_schema(
        operation_id="detentions_create",
        request=InputSerializer,
        responses={201: OutputSerializer},
        tags=["detention"],
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = _jsonable(dict(serializer.validated_data))
        links = {"screening": data.pop("screening", None), "tracing": data.pop("tracing", "")}
        with transaction.atomic():
            detention = services.detention_create(actor=user, **data)
            if links["screening"] is not None or links["tracing"]:
                services.detention_link(actor=user, detention=detention, **links)
        output = selectors.detention_output(detention, user=user)
        return Response(
            {k: output[k] for k in ("id", "child_alert", "consular")},
            status=status.HTTP_201_CREATED,
        )


class DetentionDetailApi(APIView):
    """One detention, kept current; PATCH completes the register (Rule 7 and 8 items)."""

    token_scope = RecordKind.DETENTION
    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA, hide=True)]

    class InputSerializer(RegisterFields):
        person = DetentionPersonInput(required=False)
        admitted_at = serializers.DateTimeField(required=False, allow_null=True)
        legal_basis = serializers.CharField(max_length=2000, allow_blank=True, required=False)
        asylum_seeker = serializers.BooleanField(required=False)
        screening = serializers.IntegerField(required=False)
        tracing = serializers.RegexField(r"^(found|missing):[0-9]+$", required=False)

    @extend_schema(
        operation_id="detention_detail", responses=DetentionOutputSerializer, tags=["detention"]
    )
    def get(self, request: Request, pk: int) -> Response:
        user = _user(request)
        return Response(
            selectors.detention_output(selectors.detention_get(user=user, pk=pk), user=user)
        )

    @extend_schema(
        operation_id="detention_update",
        request=InputSerializer,
        responses=DetentionOutputSerializer,
        tags=["detention"],
    )
    def patch(self, request: Request, pk: int) -> Response:
        user = _user(request)
        detention = selectors.own_detention_get(user=user, pk=pk)
        serializer = self.InputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = _jsonable(dict(serializer.validated_data))
        if "person" in data:
            given = request.data.get("person") if isinstance(request.data, dict) else None
            data["person"] = {k: v for k, v in data["person"].items() if k in (given or {})}
        links = {"screening": data.pop("screening", None), "tracing": data.pop("tracing", "")}
        with transaction.atomic():
            detention = services.detention_update(actor=user, detention=detention, values=data)
            if links["screening"] is not None or links["tracing"]:
                services.detention_link(actor=user, detention=detention, **links)
        return Response(selectors.detention_output(detention, user=user))


class DetentionConsularEventApi(APIView):
    """Record a step: informed of the right, the person's choice, the notification..."""

    token_scope = RecordKind.DETENTION
    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA, hide=True)]

    class InputSerializer(serializers.Serializer[Any]):
        kind = serializers.ChoiceField(choices=EventKind.choices)
        at = serializers.DateTimeField()
        language = serializers.CharField(
            max_length=8,
            allow_blank=True,
            default="",
            help_text="ISO 639: the language the person was informed in.",
        )
        means = serializers.CharField(
            max_length=60, allow_blank=True, default="", help_text="How: fax, phone, email..."
        )
        note = serializers.CharField(max_length=2000, allow_blank=True, default="")

    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        kind = serializers.CharField()
        at = serializers.DateTimeField()
        consular = ConsularOutput()

    @extend_schema(
        operation_id="detention_consular_event",
        request=InputSerializer,
        responses={201: OutputSerializer},
        tags=["detention"],
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        detention = selectors.own_detention_get(user=user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = services.event_record(actor=user, detention=detention, **serializer.validated_data)
        return Response(
            {
                "id": event.pk,
                "kind": event.kind,
                "at": event.at.isoformat(),
                "consular": selectors.consular_output(selectors.consular_state_of(detention)),
            },
            status=status.HTTP_201_CREATED,
        )


class DetentionTransferApi(APIView):
    """Move the person to another facility: the notification clocks start again."""

    token_scope = RecordKind.DETENTION
    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA, hide=True)]

    class InputSerializer(serializers.Serializer[Any]):
        facility = FacilityRefField()
        at = serializers.DateTimeField()

    @extend_schema(
        operation_id="detention_transfer",
        request=InputSerializer,
        responses={201: DetentionOutputSerializer},
        tags=["detention"],
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        detention = selectors.own_detention_get(user=user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.detention_transfer(actor=user, detention=detention, **serializer.validated_data)
        return Response(
            selectors.detention_output(detention, user=user), status=status.HTTP_201_CREATED
        )


class DetentionReleaseApi(APIView):
    """End the detention: release, release to an alternative, removal, death in custody."""

    token_scope = RecordKind.DETENTION
    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA, hide=True)]

    class InputSerializer(serializers.Serializer[Any]):
        at = serializers.DateTimeField()
        kind = serializers.ChoiceField(choices=ReleaseKind.choices, default=ReleaseKind.RELEASED)
        notes = serializers.CharField(max_length=2000, allow_blank=True, default="")

    @extend_schema(
        operation_id="detention_release",
        request=InputSerializer,
        responses=DetentionOutputSerializer,
        tags=["detention"],
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        detention = selectors.own_detention_get(user=user, pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.detention_release(actor=user, detention=detention, **serializer.validated_data)
        return Response(selectors.detention_output(detention, user=user))


class FacilityOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    type = serializers.ChoiceField(choices=FacilityType.choices)
    authority = serializers.CharField()
    country = serializers.CharField()
    capacity = serializers.IntegerField(allow_null=True)
    lat = serializers.FloatField(allow_null=True, source="latitude")
    lon = serializers.FloatField(allow_null=True, source="longitude")
    status = serializers.ChoiceField(choices=FacilityStatus.choices)

    class Meta:
        ref_name = "DetentionFacility"


class FacilityListCreateApi(APIView):
    """The register of facilities (no personal data); POST adds or changes one."""

    token_scope = RecordKind.DETENTION
    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA)]
    pagination_class = Pagination

    class InputSerializer(serializers.Serializer[Any]):
        name = serializers.CharField(max_length=300)
        type = serializers.ChoiceField(choices=FacilityType.choices)
        authority = serializers.CharField(max_length=300, allow_blank=True, default="")
        country = serializers.ChoiceField(choices=COUNTRY_CODES, help_text="ISO 3166-1 alpha-3.")
        capacity = serializers.IntegerField(min_value=0, required=False, allow_null=True)
        lat = serializers.FloatField(min_value=-90, max_value=90, required=False, allow_null=True)
        lon = serializers.FloatField(min_value=-180, max_value=180, required=False, allow_null=True)
        status = serializers.ChoiceField(
            choices=FacilityStatus.choices, default=FacilityStatus.OPEN
        )

    @extend_schema(
        operation_id="detention_facilities_list",
        responses=FacilityOutputSerializer(many=True),
        tags=["detention"],
    )
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.facilities_all(), request, view=self) or []
        return paginator.get_paginated_response(FacilityOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="detention_facilities_save",
        request=InputSerializer,
        responses={201: FacilityOutputSerializer},
        tags=["detention"],
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        facility, _created = services.facility_save(
            actor=_user(request),
            latitude=data.pop("lat", None),
            longitude=data.pop("lon", None),
            **data,
        )
        return Response(FacilityOutputSerializer(facility).data, status=status.HTTP_201_CREATED)


class ConsularRuleListApi(APIView):
    """The consular notification rules per pair of States, with their sources."""

    token_scope = RecordKind.DETENTION
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA)]
    pagination_class = Pagination

    class OutputSerializer(serializers.Serializer[Any]):
        receiving = serializers.CharField()
        sending = serializers.CharField()
        mandatory = serializers.BooleanField()
        max_hours = serializers.IntegerField(allow_null=True)
        exceptions = serializers.CharField()
        source = serializers.CharField()  # type: ignore[assignment]

    @extend_schema(
        operation_id="consular_rules_list",
        responses=OutputSerializer(many=True),
        tags=["detention"],
    )
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.consular_rules_all(), request, view=self)
        return paginator.get_paginated_response(self.OutputSerializer(page or [], many=True).data)


class FindingInput(serializers.Serializer[Any]):
    aspect = serializers.ChoiceField(choices=FindingAspect.choices)
    standard = serializers.CharField(max_length=200, allow_blank=True, default="")
    severity = serializers.ChoiceField(choices=Severity.choices)
    text = serializers.CharField(max_length=5000)
    detention = serializers.IntegerField(required=False, allow_null=True, default=None)
    consent = serializers.BooleanField(
        default=False, help_text="The person agreed that the finding names their case."
    )


class RecommendationInput(serializers.Serializer[Any]):
    addressee = serializers.CharField(max_length=300)
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(
        choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    text = serializers.CharField(max_length=5000)


class VisitOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    facility = serializers.IntegerField()
    visited_on = serializers.DateField()
    announced = serializers.BooleanField()
    access = serializers.ChoiceField(choices=VisitAccess.choices)
    team = serializers.ListField(child=serializers.CharField())
    findings = serializers.ListField(child=serializers.DictField())
    recommendations = serializers.ListField(child=serializers.DictField())

    class Meta:
        ref_name = "DetentionVisit"


class VisitListCreateApi(APIView):
    """Monitoring visits of the caller's organisation; POST records one."""

    token_scope = RecordKind.DETENTION
    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA)]
    pagination_class = Pagination

    class InputSerializer(serializers.Serializer[Any]):
        facility = FacilityRefField()
        visited_on = serializers.DateField()
        announced = serializers.BooleanField(default=False)
        access = serializers.ChoiceField(choices=VisitAccess.choices)
        team = serializers.ListField(child=serializers.CharField(max_length=200), default=list)
        findings = FindingInput(many=True, default=list)
        recommendations = RecommendationInput(many=True, default=list)

    @extend_schema(
        operation_id="detention_visits_list",
        responses=VisitOutputSerializer(many=True),
        tags=["detention"],
    )
    def get(self, request: Request) -> Response:
        user = _user(request)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.visits_visible_to(user=user), request, self)
        return paginator.get_paginated_response([selectors.visit_output(v) for v in page or []])

    @extend_schema(
        operation_id="detention_visits_create",
        request=InputSerializer,
        responses={201: VisitOutputSerializer},
        tags=["detention"],
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["findings"] = [dict(f) for f in data["findings"]]
        data["recommendations"] = [dict(r) for r in data["recommendations"]]
        visit = services.visit_create(actor=_user(request), **data)
        return Response(selectors.visit_output(visit), status=status.HTTP_201_CREATED)


class VisitDetailApi(APIView):
    token_scope = RecordKind.DETENTION
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA, hide=True)]

    @extend_schema(
        operation_id="detention_visit_detail", responses=VisitOutputSerializer, tags=["detention"]
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(selectors.visit_output(selectors.visit_get(user=_user(request), pk=pk)))


class StatisticsRowOutput(serializers.Serializer[Any]):
    key = serializers.CharField()
    count = serializers.IntegerField(allow_null=True, help_text="Null when suppressed.")
    suppressed = serializers.BooleanField()

    class Meta:
        ref_name = "DetentionStatisticsRow"


class DetentionStatisticsApi(APIView):
    """Counts of the caller's organisation's detention records, naming no one: by facility,
    nationality, sex, age group at admission and month of arrest; children; median length;
    consular notifications due and made on time. Every count under the deployment's k (or
    one that would give another away) is null. Refused to law-enforcement, border and
    consular organisations."""

    token_scope = RecordKind.DETENTION
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA)]

    class OutputSerializer(serializers.Serializer[Any]):
        k = serializers.IntegerField(help_text="The smallest count published.")
        total = serializers.IntegerField(allow_null=True)
        current = serializers.IntegerField(allow_null=True)
        children = serializers.IntegerField(allow_null=True)
        median_days = serializers.IntegerField(allow_null=True)
        notifications_due = serializers.IntegerField(allow_null=True)
        notifications_on_time = serializers.IntegerField(allow_null=True)
        notifications_late = serializers.IntegerField(allow_null=True)
        by_facility = StatisticsRowOutput(many=True)
        by_nationality = StatisticsRowOutput(many=True)
        by_sex = StatisticsRowOutput(many=True)
        by_age_group = StatisticsRowOutput(many=True)
        by_month = StatisticsRowOutput(many=True)

    @extend_schema(
        operation_id="detention_statistics", responses=OutputSerializer, tags=["detention"]
    )
    def get(self, request: Request) -> Response:
        user = _user(request)
        if not selectors.statistics_allowed(user):
            raise PermissionDenied(_("These counts are not shared with this organisation."))
        return Response(self.OutputSerializer(selectors.statistics_published(user=user)).data)
