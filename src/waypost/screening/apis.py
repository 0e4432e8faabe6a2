"""REST API of screening and referral (the contract in docs/screening.md and docs/api.md)."""

from __future__ import annotations

from typing import Any

import pycountry
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.accounts.models import User
from waypost.accounts.permissions import api_permission
from waypost.accounts.roles import Permission
from waypost.accounts.scopes import RecordKind
from waypost.core.api import Pagination
from waypost.core.exceptions import ApplicationError, NotFound
from waypost.core.parsers import JSONParser
from waypost.core.validators import day_in_past
from waypost.protection.models import ConsentMethod, Purpose
from waypost.screening import selectors, services
from waypost.screening.models import (
    AssessmentStatus,
    Priority,
    ReferralStatus,
    RiskLevel,
    ServiceStatus,
    ServiceType,
    TransferStatus,
    Travelling,
)
from waypost.screening.vocabularies import AgeMethod, TraffickingIndicator, WashingtonGroupDomain

COUNTRY_CODES = sorted(country.alpha_3 for country in pycountry.countries)
PARTIAL_DATE_PATTERN = (
    r"^(19[0-9]{2}|20[0-9]{2}|2100)(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
)
SEX_CHOICES = ["M", "F", "X", ""]
SEX_ALIASES = {"male": "M", "female": "F", "m": "M", "f": "F", "x": "X", "other": "X"}


def _user(request: Request) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - the permission class guarantees it
    return request.user


def _query_flag(request: Request, name: str) -> bool:
    """A yes/no filter of a list (``?overdue=true``, ``1`` or ``yes``)."""
    return request.query_params.get(name, "").strip().lower() in ("true", "1", "yes")


class SexField(serializers.ChoiceField):
    """M, F, X or empty; "male" and "female" are read too."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=SEX_CHOICES, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, str):
            data = SEX_ALIASES.get(data.strip().lower(), data.strip())
        return str(super().to_internal_value(data))


class CountryField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=["", *COUNTRY_CODES], **kwargs)

    def to_internal_value(self, data: Any) -> str:
        return str(super().to_internal_value(data.upper() if isinstance(data, str) else data))


# Screenings -----------------------------------------------------------------------------


class ScreeningPersonInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")
    sex = SexField(required=False, default="")
    birth_date = serializers.RegexField(
        PARTIAL_DATE_PATTERN,
        allow_blank=True,
        required=False,
        default="",
        help_text="2009, 2009-04 or 2009-04-17.",
    )
    age = serializers.IntegerField(
        min_value=0,
        max_value=120,
        required=False,
        allow_null=True,
        default=None,
        help_text="The age the person gives (kept as given; an age assessment never changes it).",
    )
    nationality = CountryField(required=False, default="", help_text="ISO 3166-1 alpha-3.")
    languages = serializers.ListField(
        child=serializers.CharField(max_length=8),
        required=False,
        default=list,
        help_text="ISO 639 codes.",
    )


class ScreeningOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    person = serializers.IntegerField()
    name = serializers.CharField()
    sex = serializers.CharField()
    birth_date = serializers.CharField()
    age = serializers.IntegerField(allow_null=True, help_text="As the person gave it.")
    age_used = serializers.IntegerField(
        allow_null=True, help_text="The age decisions use: benefit of the doubt."
    )
    nationality = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    travelling = serializers.CharField()
    place = serializers.CharField()
    screened_at = serializers.DateTimeField()
    concerns = serializers.ListField(child=serializers.CharField())
    specific_needs = serializers.ListField(child=serializers.CharField())
    washington_group = serializers.DictField(child=serializers.IntegerField())
    trafficking = serializers.ListField(child=serializers.CharField())
    determinants = serializers.DictField()
    is_child = serializers.BooleanField()
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices)
    urgent = serializers.BooleanField()
    tracing_link = serializers.CharField()

    class Meta:
        ref_name = "Screening"


class ScreeningCreateApi(APIView):
    """Screenings of the caller's organisation; POST screens a person (or re-screens one)."""

    token_scope = RecordKind.SCREENING

    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA)]
    pagination_class = Pagination

    class InputSerializer(serializers.Serializer[Any]):
        person = ScreeningPersonInput(required=False)
        person_id = serializers.IntegerField(
            required=False, help_text="Re-screen a person already screened (history kept)."
        )
        place = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")
        concerns = serializers.ListField(
            child=serializers.SlugField(max_length=60),
            required=False,
            default=list,
            help_text="The organisation's concern codes (GET /api/v1/concerns/).",
        )
        travelling = serializers.ChoiceField(
            choices=Travelling.choices, required=False, allow_blank=True, default=""
        )
        screened_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
        language = serializers.CharField(max_length=8, allow_blank=True, required=False, default="")
        interpreter = serializers.BooleanField(required=False, default=False)
        washington_group = serializers.DictField(
            child=serializers.IntegerField(min_value=1, max_value=4),
            required=False,
            default=dict,
            help_text="Washington Group Short Set: domain -> 1 (no difficulty) to 4 (cannot do at all).",
        )
        trafficking = serializers.ListField(
            child=serializers.ChoiceField(choices=TraffickingIndicator.choices),
            required=False,
            default=list,
        )
        determinants = serializers.DictField(
            required=False,
            default=dict,
            help_text="IOM determinants: level -> {risk: [...], protective: [...]}.",
        )
        urgent = serializers.BooleanField(required=False, default=False)
        notes = serializers.CharField(max_length=5000, allow_blank=True, required=False, default="")

        def validate_washington_group(self, value: dict[str, int]) -> dict[str, int]:
            unknown = set(value) - set(WashingtonGroupDomain.values)
            if unknown:
                raise serializers.ValidationError(f"Unknown domains: {', '.join(sorted(unknown))}.")
            return value

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if "person" not in attrs and "person_id" not in attrs:
                raise serializers.ValidationError({"person": ["This field is required."]})
            return attrs

    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        person = serializers.IntegerField()
        specific_needs = serializers.ListField(child=serializers.CharField())
        is_child = serializers.BooleanField()
        risk_level = serializers.ChoiceField(choices=RiskLevel.choices)
        urgent = serializers.BooleanField()

    @extend_schema(
        operation_id="screenings_list",
        responses=ScreeningOutputSerializer(many=True),
        tags=["screening"],
    )
    def get(self, request: Request) -> Response:
        user = _user(request)
        paginator = self.pagination_class()
        page = (
            paginator.paginate_queryset(
                selectors.screenings_visible_to(user=user), request, view=self
            )
            or []
        )
        selectors.screenings_listed(user=user, records=list(page))
        return paginator.get_paginated_response([selectors.screening_output(s) for s in page])

    @extend_schema(
        operation_id="screenings_create",
        request=InputSerializer,
        responses={201: OutputSerializer},
        tags=["screening"],
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        person_id = data.pop("person_id", None)
        person_record = selectors.person_get(user=user, pk=person_id) if person_id else None
        screening = services.screening_create(
            actor=user, person=data.pop("person", None), person_record=person_record, **data
        )
        view = selectors.age_view_of(screening.person)
        return Response(
            {
                "id": screening.pk,
                "person": screening.person.pk,
                "specific_needs": screening.specific_needs,
                "is_child": view.is_child,
                "risk_level": screening.risk_level,
                "urgent": screening.urgent,
            },
            status=status.HTTP_201_CREATED,
        )


class ScreeningDetailApi(APIView):
    token_scope = RecordKind.SCREENING
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA, hide=True)]

    @extend_schema(
        operation_id="screening_detail", responses=ScreeningOutputSerializer, tags=["screening"]
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(
            selectors.screening_output(selectors.screening_get(user=_user(request), pk=pk))
        )


class ConcernListApi(APIView):
    """The organisation's protection concerns and the UNHCR codes each maps to."""

    token_scope = RecordKind.SCREENING

    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA)]

    class OutputSerializer(serializers.Serializer[Any]):
        code = serializers.CharField()
        label = serializers.CharField(  # type: ignore[assignment]
            help_text="In the request's language."
        )
        specific_needs = serializers.ListField(child=serializers.CharField())
        high_risk = serializers.BooleanField()

    class ListOutputSerializer(serializers.Serializer[Any]):
        count = serializers.IntegerField()
        results = serializers.ListField(child=serializers.DictField())

    @extend_schema(operation_id="concerns_list", responses=ListOutputSerializer, tags=["screening"])
    def get(self, request: Request) -> Response:
        organisation = _user(request).organisation
        assert organisation is not None  # noqa: S101 - the role check requires one
        results = [
            {
                "code": concern.code,
                "label": selectors.concern_label(concern),
                "specific_needs": concern.specific_needs,
                "high_risk": concern.high_risk,
            }
            for concern in selectors.concerns_of(organisation)
        ]
        return Response({"count": len(results), "results": results})


class LanguageTextFieldForward(serializers.DictField):
    """Text by language: {"en": "...", "ar": "..."}."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=serializers.CharField(max_length=200, allow_blank=True), **kwargs)


class ConcernDetailApi(APIView):
    """An organisation admin adds or changes one of its concerns and the codes it maps to."""

    token_scope = RecordKind.SCREENING

    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.MANAGE_MEMBERS)]

    class InputSerializer(serializers.Serializer[Any]):
        specific_needs = serializers.ListField(
            child=serializers.CharField(max_length=10),
            help_text="UNHCR specific needs codes (docs/screening.md).",
        )
        labels = LanguageTextFieldForward(required=False)
        high_risk = serializers.BooleanField(required=False, allow_null=True, default=None)
        active = serializers.BooleanField(required=False, default=True)

    @extend_schema(
        operation_id="concern_set",
        request=InputSerializer,
        responses=ConcernListApi.OutputSerializer,
        tags=["screening"],
    )
    def put(self, request: Request, code: str) -> Response:
        user = _user(request)
        assert user.organisation is not None  # noqa: S101 - the role check requires one
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        concern = services.concern_set(
            actor=user,
            organisation=user.organisation,
            code=code,
            specific_needs_codes=list(data["specific_needs"]),
            labels=data.get("labels"),
            high_risk=data["high_risk"],
            active=data["active"],
        )
        return Response(
            {
                "code": concern.code,
                "label": selectors.concern_label(concern),
                "specific_needs": concern.specific_needs,
                "high_risk": concern.high_risk,
            }
        )


# Services -------------------------------------------------------------------------------


class LocationInput(serializers.Serializer[Any]):
    lat = serializers.FloatField(
        min_value=-90, max_value=90, required=False, allow_null=True, default=None
    )
    lon = serializers.FloatField(
        min_value=-180, max_value=180, required=False, allow_null=True, default=None
    )
    place = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")


class LanguageTextField(serializers.DictField):
    """Text by language: {"en": "...", "ar": "..."}."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=serializers.CharField(max_length=2000, allow_blank=True), **kwargs)


class EligibilityField(serializers.DictField):
    """Who may use the service: {"age_min", "age_max", "sex"}, and any further conditions."""

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        value: dict[str, Any] = dict(super().to_internal_value(data))
        for key in ("age_min", "age_max"):
            if value.get(key) is not None and (
                not isinstance(value[key], int) or not 0 <= value[key] <= 120
            ):
                raise serializers.ValidationError({key: ["A whole number from 0 to 120."]})
        return value


class ServiceListCreateApi(APIView):
    """The service directory: published services, and the caller's organisation's drafts."""

    token_scope = RecordKind.SCREENING

    parser_classes = [JSONParser]
    pagination_class = Pagination

    # Everyone who works with the directory reads it; providers keep their own entries.
    permission_classes = [api_permission(Permission.VIEW_INCIDENTS)]

    class InputSerializer(serializers.Serializer[Any]):
        name = LanguageTextField(help_text="The name in each language.")
        description = LanguageTextField(required=False, default=dict)
        type = serializers.ChoiceField(choices=ServiceType.choices)
        languages = serializers.ListField(
            child=serializers.CharField(max_length=8), required=False, default=list
        )
        location = LocationInput(required=False)
        hours = serializers.JSONField(required=False, help_text="Text or an object.")
        eligibility = EligibilityField(required=False, default=dict)
        detention = serializers.BooleanField(
            required=False, default=False, help_text="People are held there (any type)."
        )
        capacity = serializers.IntegerField(
            min_value=0, required=False, allow_null=True, default=None
        )
        contact = serializers.CharField(
            max_length=300, allow_blank=True, required=False, default=""
        )
        status = serializers.ChoiceField(
            choices=ServiceStatus.choices, required=False, default=ServiceStatus.DRAFT
        )

        def to_service_values(self) -> dict[str, Any]:
            data = dict(self.validated_data)
            location = dict(data.pop("location", None) or {})
            return {
                "names": data.pop("name"),
                "descriptions": data.pop("description"),
                "latitude": location.get("lat"),
                "longitude": location.get("lon"),
                "place": location.get("place", ""),
                "eligibility": dict(data.pop("eligibility") or {}),
                "hours": data.pop("hours", ""),
                **data,
            }

    class CreatedSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()

    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        organisation = serializers.CharField()
        name = serializers.DictField(child=serializers.CharField())
        description = serializers.DictField(child=serializers.CharField())
        type = serializers.ChoiceField(choices=ServiceType.choices)
        languages = serializers.ListField(child=serializers.CharField())
        location = serializers.DictField()
        hours = serializers.JSONField()
        eligibility = serializers.DictField()
        capacity = serializers.IntegerField(allow_null=True)
        contact = serializers.CharField()
        status = serializers.ChoiceField(choices=ServiceStatus.choices)
        detention = serializers.BooleanField()

    @extend_schema(
        operation_id="services_list",
        responses=OutputSerializer(many=True),
        parameters=[OpenApiParameter("type", OpenApiTypes.STR, enum=ServiceType.values)],
        tags=["screening"],
    )
    def get(self, request: Request) -> Response:
        services_ = selectors.services_visible_to(user=_user(request))
        kind = request.query_params.get("type", "").strip()
        if kind:
            services_ = services_.filter(type=kind)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(services_, request, view=self) or []
        return paginator.get_paginated_response([selectors.service_output(s) for s in page])

    @extend_schema(
        operation_id="services_create",
        request=InputSerializer,
        responses={201: CreatedSerializer},
        tags=["screening"],
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        service = services.service_create(actor=_user(request), **serializer.to_service_values())
        return Response(
            {"id": service.pk, **selectors.service_output(service)},
            status=status.HTTP_201_CREATED,
        )


class ServiceDetailApi(APIView):
    token_scope = RecordKind.SCREENING
    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.VIEW_INCIDENTS, hide=True)]

    class InputSerializer(serializers.Serializer[Any]):
        status = serializers.ChoiceField(choices=ServiceStatus.choices, required=False)
        capacity = serializers.IntegerField(min_value=0, required=False, allow_null=True)
        hours = serializers.JSONField(required=False)
        contact = serializers.CharField(max_length=300, allow_blank=True, required=False)
        name = LanguageTextField(required=False)
        description = LanguageTextField(required=False)

    @extend_schema(
        operation_id="service_detail",
        responses=ServiceListCreateApi.OutputSerializer,
        tags=["screening"],
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(selectors.service_output(selectors.service_get(user=_user(request), pk=pk)))

    @extend_schema(
        operation_id="service_update",
        request=InputSerializer,
        responses=ServiceListCreateApi.OutputSerializer,
        tags=["screening"],
    )
    def patch(self, request: Request, pk: int) -> Response:
        service = selectors.service_get(user=_user(request), pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        if "name" in values:
            values["names"] = values.pop("name")
        if "description" in values:
            values["descriptions"] = values.pop("description")
        service = services.service_update(actor=_user(request), service=service, **values)
        return Response(selectors.service_output(service))


# Referrals ------------------------------------------------------------------------------


class ConsentInput(serializers.Serializer[Any]):
    given_by = serializers.CharField(
        max_length=300,
        help_text="Who consented: the person, or for a child the guardian (named).",
    )
    date = serializers.DateField(
        required=False, default=None, allow_null=True, validators=[day_in_past]
    )
    purposes = serializers.ListField(
        child=serializers.ChoiceField(choices=Purpose.choices),
        help_text="The protection layer's purposes; protection_referral is required.",
    )
    # DRF's metaclass takes declared fields off the class: this does not hide .fields.
    fields = serializers.ListField(  # type: ignore[assignment]
        child=serializers.ChoiceField(choices=services.SHAREABLE_FIELDS),
        required=False,
        help_text="The fields consented to (default: the shared fields).",
    )
    method = serializers.ChoiceField(choices=ConsentMethod.choices, required=False)


class ReferralOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    priority = serializers.ChoiceField(choices=Priority.choices)
    due_at = serializers.DateTimeField()
    overdue = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    sender = serializers.CharField(help_text="The sending organisation's slug.")
    organisation = serializers.CharField(help_text="The receiving organisation's slug.")
    service = serializers.IntegerField(allow_null=True)
    shared_fields = serializers.ListField(child=serializers.CharField())
    name = serializers.CharField(required=False)
    sex = serializers.CharField(required=False)
    birth_date = serializers.CharField(required=False)
    age = serializers.IntegerField(required=False, allow_null=True)
    nationality = serializers.CharField(required=False)
    languages = serializers.ListField(child=serializers.CharField(), required=False)
    concerns = serializers.ListField(child=serializers.CharField(), required=False)
    specific_needs = serializers.ListField(child=serializers.CharField(), required=False)
    reason = serializers.CharField(required=False)
    outcome = serializers.CharField(required=False)
    screening = serializers.IntegerField(required=False, help_text="Sender only.")
    consent = serializers.DictField(required=False, help_text="Sender only.")

    class Meta:
        ref_name = "Referral"


class ReferralListCreateApi(APIView):
    """Referrals the caller's organisation sent or received."""

    token_scope = RecordKind.SCREENING

    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA)]
    pagination_class = Pagination

    class InputSerializer(serializers.Serializer[Any]):
        screening = serializers.IntegerField()
        service = serializers.IntegerField(required=False, allow_null=True, default=None)
        organisation = serializers.SlugField(
            required=False,
            allow_blank=True,
            default="",
            help_text="The receiving organisation's slug (when not a service).",
        )
        priority = serializers.ChoiceField(choices=Priority.choices)
        shared_fields = serializers.ListField(
            child=serializers.ChoiceField(choices=services.SHAREABLE_FIELDS), allow_empty=False
        )
        consent = ConsentInput(required=False, allow_null=True, default=None)
        override_reason = serializers.CharField(
            max_length=1000,
            allow_blank=True,
            required=False,
            default="",
            help_text="Without consent: a supervisor's reason (audited).",
        )
        note = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")

    class CreatedSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        due_at = serializers.DateTimeField()
        status = serializers.CharField()

    @extend_schema(
        operation_id="referrals_list",
        parameters=[
            OpenApiParameter("overdue", OpenApiTypes.BOOL, description="Only overdue referrals."),
            OpenApiParameter("box", OpenApiTypes.STR, enum=["in", "out"]),
        ],
        responses=ReferralOutputSerializer(many=True),
        tags=["screening"],
    )
    def get(self, request: Request) -> Response:
        user = _user(request)
        overdue = _query_flag(request, "overdue")
        box = request.query_params.get("box", "").strip()
        paginator = self.pagination_class()
        page = (
            paginator.paginate_queryset(
                selectors.referrals_for(user=user, box=box, overdue=overdue), request, view=self
            )
            or []
        )
        selectors.referrals_listed(user=user, records=list(page))
        return paginator.get_paginated_response(
            [selectors.referral_output(r, user=user) for r in page]
        )

    @extend_schema(
        operation_id="referrals_create",
        request=InputSerializer,
        responses={201: CreatedSerializer},
        tags=["screening"],
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["service"] is None and not data["organisation"]:
            raise ApplicationError(
                "Name the service or the organisation to refer to.",
                extra={"errors": {"service": ["Give a service or an organisation."]}},
            )
        screening = selectors.screening_get(user=user, pk=data["screening"])
        service = selectors.service_get(user=user, pk=data["service"]) if data["service"] else None
        organisation = (
            services.organisation_for_referral(data["organisation"]) if service is None else None
        )
        referral = services.referral_create(
            actor=user,
            screening=screening,
            service=service,
            organisation=organisation,
            priority=data["priority"],
            shared_fields=data["shared_fields"],
            consent=dict(data["consent"]) if data["consent"] else None,
            override_reason=data["override_reason"],
            note=data["note"],
        )
        return Response(
            {"id": referral.pk, "due_at": referral.due_at.isoformat(), "status": referral.status},
            status=status.HTTP_201_CREATED,
        )


class ReferralDetailApi(APIView):
    """A referral: the sender reads it whole, the receiver only the shared fields."""

    token_scope = RecordKind.SCREENING

    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA, hide=True)]

    @extend_schema(
        operation_id="referral_detail", responses=ReferralOutputSerializer, tags=["screening"]
    )
    def get(self, request: Request, pk: int) -> Response:
        user = _user(request)
        return Response(
            selectors.referral_output(selectors.referral_get(user=user, pk=pk), user=user)
        )


class ReferralStepApi(APIView):
    """accept, reject (reason), done (outcome) by the receiver; revoke by the sender."""

    token_scope = RecordKind.SCREENING

    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA, hide=True)]

    class InputSerializer(serializers.Serializer[Any]):
        reason = serializers.CharField(
            max_length=2000, allow_blank=True, required=False, default=""
        )
        outcome = serializers.CharField(
            max_length=2000, allow_blank=True, required=False, default=""
        )

    @extend_schema(
        operation_id="referral_step",
        request=InputSerializer,
        responses=ReferralOutputSerializer,
        tags=["screening"],
    )
    def post(self, request: Request, pk: int, step: str) -> Response:
        user = _user(request)
        if step not in services.STEPS:
            raise NotFound("Not found.")
        serializer = self.InputSerializer(data=request.data or {})
        serializer.is_valid(raise_exception=True)
        referral = selectors.referral_get(user=user, pk=pk)
        text = serializer.validated_data["reason"] or serializer.validated_data["outcome"]
        referral = services.referral_step(actor=user, referral=referral, step=step, text=text)
        return Response(selectors.referral_output(referral, user=user))


# Transfers ------------------------------------------------------------------------------


class TransferOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=TransferStatus.choices)
    created_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)
    sender = serializers.CharField(help_text="The sending organisation's slug.")
    organisation = serializers.CharField(help_text="The receiving organisation's slug.")
    is_child = serializers.BooleanField(help_text="A child when the transfer was asked for.")
    note = serializers.CharField(help_text="The sender's reason for transferring the case.")
    moved = serializers.DictField(
        child=serializers.IntegerField(), help_text="Records moved, by kind (once accepted)."
    )
    person = serializers.IntegerField(
        required=False, help_text="The person's id, for the organisation that owns the case."
    )
    screening = serializers.IntegerField(
        required=False, allow_null=True, help_text="The person's latest screening, for the owner."
    )
    reason = serializers.CharField(required=False, help_text="Why the receiver rejected it.")
    consent = serializers.DictField(required=False, help_text="Sender only.")

    class Meta:
        ref_name = "Transfer"


class TransferListCreateApi(APIView):
    """Transfers of cases the caller's organisation asked for or was asked to take."""

    token_scope = RecordKind.SCREENING

    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA)]
    pagination_class = Pagination

    class InputSerializer(serializers.Serializer[Any]):
        person = serializers.IntegerField(required=False, allow_null=True, default=None)
        screening = serializers.IntegerField(
            required=False, allow_null=True, default=None, help_text="Instead of person."
        )
        organisation = serializers.SlugField(help_text="The receiving organisation's slug.")
        consent = ConsentInput(required=False, allow_null=True, default=None)
        override_reason = serializers.CharField(
            max_length=1000,
            allow_blank=True,
            required=False,
            default="",
            help_text="Without consent: a supervisor's reason (audited).",
        )
        note = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")

    class CreatedSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        status = serializers.CharField()

    @extend_schema(
        operation_id="transfers_list",
        parameters=[
            OpenApiParameter("pending", OpenApiTypes.BOOL, description="Only those waiting."),
            OpenApiParameter("box", OpenApiTypes.STR, enum=["in", "out"]),
        ],
        responses=TransferOutputSerializer(many=True),
        tags=["screening"],
    )
    def get(self, request: Request) -> Response:
        user = _user(request)
        pending = _query_flag(request, "pending")
        box = request.query_params.get("box", "").strip()
        paginator = self.pagination_class()
        page = (
            paginator.paginate_queryset(
                selectors.transfers_for(user=user, box=box, pending=pending), request, view=self
            )
            or []
        )
        selectors.transfers_listed(user=user, records=list(page))
        return paginator.get_paginated_response(
            [selectors.transfer_output(t, user=user) for t in page]
        )

    @extend_schema(
        operation_id="transfers_create",
        request=InputSerializer,
        responses={201: CreatedSerializer},
        tags=["screening"],
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["person"] is not None:
            person = selectors.person_get(user=user, pk=data["person"])
        elif data["screening"] is not None:
            person = selectors.screening_get(user=user, pk=data["screening"]).person
        else:
            raise ApplicationError(
                "Name the person (or a screening of the person) to transfer.",
                extra={"errors": {"person": ["Give a person or a screening."]}},
            )
        transfer = services.transfer_request(
            actor=user,
            person=person,
            recipient=services.organisation_for_referral(data["organisation"]),
            consent=dict(data["consent"]) if data["consent"] else None,
            override_reason=data["override_reason"],
            note=data["note"],
        )
        return Response(
            {"id": transfer.pk, "status": transfer.status}, status=status.HTTP_201_CREATED
        )


class TransferDetailApi(APIView):
    """A transfer's envelope, for the sender and the receiver."""

    token_scope = RecordKind.SCREENING

    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA, hide=True)]

    @extend_schema(
        operation_id="transfer_detail", responses=TransferOutputSerializer, tags=["screening"]
    )
    def get(self, request: Request, pk: int) -> Response:
        user = _user(request)
        return Response(
            selectors.transfer_output(selectors.transfer_get(user=user, pk=pk), user=user)
        )


class TransferStepApi(APIView):
    """accept or reject (reason) by the receiver; cancel by the sender."""

    token_scope = RecordKind.SCREENING

    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA, hide=True)]

    class InputSerializer(serializers.Serializer[Any]):
        reason = serializers.CharField(
            max_length=2000, allow_blank=True, required=False, default=""
        )

    @extend_schema(
        operation_id="transfer_step",
        request=InputSerializer,
        responses=TransferOutputSerializer,
        tags=["screening"],
    )
    def post(self, request: Request, pk: int, step: str) -> Response:
        user = _user(request)
        if step not in services.TRANSFER_STEPS:
            raise NotFound("Not found.")
        serializer = self.InputSerializer(data=request.data or {})
        serializer.is_valid(raise_exception=True)
        transfer = selectors.transfer_get(user=user, pk=pk)
        transfer = services.transfer_step(
            actor=user, transfer=transfer, step=step, text=serializer.validated_data["reason"]
        )
        return Response(selectors.transfer_output(transfer, user=user))


# Age assessments ------------------------------------------------------------------------


class AgeAssessmentInputFields(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=AssessmentStatus.choices, required=False)
    methods = serializers.ListField(
        child=serializers.ChoiceField(choices=AgeMethod.choices), required=False
    )
    documents = serializers.ListField(child=serializers.CharField(max_length=300), required=False)
    professionals = serializers.ListField(
        child=serializers.CharField(max_length=300),
        required=False,
        help_text="The disciplines or people of a multidisciplinary assessment.",
    )
    age_min = serializers.IntegerField(min_value=0, max_value=120, required=False, allow_null=True)
    age_max = serializers.IntegerField(min_value=0, max_value=120, required=False, allow_null=True)
    range = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=120),
        required=False,
        help_text='The result as a range: {"min": 16, "max": 19}.',
    )
    notified_on = serializers.DateField(required=False, allow_null=True, validators=[day_in_past])
    appeal = serializers.CharField(max_length=2000, allow_blank=True, required=False)

    def assessment_values(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        result = data.pop("range", None) or {}
        if "min" in result:
            data["age_min"] = result["min"]
        if "max" in result:
            data["age_max"] = result["max"]
        data.pop("screening", None)
        data.pop("person", None)
        data.pop("claimed_age", None)
        return data


class AgeAssessmentOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    person = serializers.IntegerField()
    status = serializers.ChoiceField(choices=AssessmentStatus.choices)
    claimed_age = serializers.IntegerField(allow_null=True, help_text="As given; never changed.")
    age_min = serializers.IntegerField(allow_null=True)
    age_max = serializers.IntegerField(allow_null=True)
    methods = serializers.ListField(child=serializers.CharField())
    documents = serializers.ListField(child=serializers.CharField())
    decided_on = serializers.DateField(allow_null=True)
    notified_on = serializers.DateField(allow_null=True)
    appeal = serializers.CharField()
    is_child = serializers.BooleanField(help_text="Pending: always true (benefit of the doubt).")
    age_used = serializers.IntegerField(allow_null=True, help_text="The lowest age of the range.")

    class Meta:
        ref_name = "AgeAssessment"


class AgeAssessmentCreateApi(APIView):
    token_scope = RecordKind.SCREENING
    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA)]

    class InputSerializer(AgeAssessmentInputFields):
        screening = serializers.IntegerField(required=False)
        person = serializers.IntegerField(required=False)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if "screening" not in attrs and "person" not in attrs:
                raise serializers.ValidationError({"screening": ["Give a screening or a person."]})
            return attrs

    @extend_schema(
        operation_id="age_assessments_create",
        request=InputSerializer,
        responses={201: AgeAssessmentOutputSerializer},
        tags=["screening"],
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "screening" in data:
            person = selectors.screening_get(user=user, pk=data["screening"]).person
        else:
            person = selectors.person_get(user=user, pk=data["person"])
        assessment = services.age_assessment_save(
            actor=user, person=person, **serializer.assessment_values()
        )
        return Response(selectors.age_assessment_output(assessment), status=status.HTTP_201_CREATED)


class AgeAssessmentDetailApi(APIView):
    token_scope = RecordKind.SCREENING
    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA, hide=True)]

    @extend_schema(
        operation_id="age_assessment_detail",
        responses=AgeAssessmentOutputSerializer,
        tags=["screening"],
    )
    def get(self, request: Request, pk: int) -> Response:
        assessment = selectors.age_assessment_get(user=_user(request), pk=pk)
        return Response(selectors.age_assessment_output(assessment))

    @extend_schema(
        operation_id="age_assessment_update",
        request=AgeAssessmentInputFields,
        responses=AgeAssessmentOutputSerializer,
        tags=["screening"],
    )
    def patch(self, request: Request, pk: int) -> Response:
        user = _user(request)
        assessment = selectors.age_assessment_get(user=user, pk=pk)
        serializer = AgeAssessmentInputFields(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.assessment_values()
        values.setdefault("status", assessment.status)
        assessment = services.age_assessment_save(
            actor=user, person=assessment.person, assessment=assessment, **values
        )
        return Response(selectors.age_assessment_output(assessment))


@extend_schema(exclude=True)
class ReferralStepSlashApi(ReferralStepApi):
    """The same steps with a trailing slash (documented once, without it)."""
