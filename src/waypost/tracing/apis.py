"""REST API of the tracing workflow (the contract in docs/tracing.md)."""

from __future__ import annotations

from typing import Any

import pycountry
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.accounts.models import User
from waypost.accounts.permissions import api_permission
from waypost.accounts.roles import Permission
from waypost.core.api import Pagination
from waypost.core.exceptions import NotFound
from waypost.core.parsers import JSONParser
from waypost.core.validators import day_in_past
from waypost.protection.models import ConsentMethod, Purpose
from waypost.tracing import scores, selectors, services
from waypost.tracing.models import (
    CHILD_CONSENT_NEEDS_GUARDIAN,
    PARTIAL_DATE_HELP,
    CloseReason,
    FoundPerson,
    MissingPersonReport,
    PersonRecord,
    ShareConsent,
    UnidentifiedRemains,
    is_child,
    is_partial_date,
)

NATIONALITY_HELP = _("Use an ISO 3166-1 alpha-3 code, e.g. SDN.")
COUNTRY_CODES = sorted(country.alpha_3 for country in pycountry.countries)


class CountryCodeField(serializers.ChoiceField):
    """An ISO 3166-1 alpha-3 code, documented as the list of codes, read in any case."""

    def to_internal_value(self, data: Any) -> str:
        return str(super().to_internal_value(data.upper() if isinstance(data, str) else data))


# What the schema can say of a partial date; the engine's reading (is_partial_date) has the
# last word (1998-02-30 matches this and is refused).
PARTIAL_DATE_PATTERN = (
    r"^(18[5-9][0-9]|19[0-9]{2}|20[0-9]{2}|21[0-9]{2}|2200)"
    r"(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
)


def _user(request: Request) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - IsAuthenticated guarantees it
    return request.user


class PersonInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")
    sex = serializers.ChoiceField(choices=["M", "F", ""], required=False, default="")
    birth_date = serializers.RegexField(
        PARTIAL_DATE_PATTERN,
        allow_blank=True,
        required=False,
        default="",
        help_text="1998, 1998-04 or 1998-04-17.",
        error_messages={"invalid": PARTIAL_DATE_HELP},
    )
    age = serializers.IntegerField(
        min_value=0, max_value=120, required=False, allow_null=True, default=None
    )
    age_date = serializers.DateField(
        required=False, allow_null=True, default=None, validators=[day_in_past]
    )
    nationality = CountryCodeField(
        choices=["", *COUNTRY_CODES],
        required=False,
        default="",
        help_text="ISO 3166-1 alpha-3.",
        error_messages={"invalid_choice": NATIONALITY_HELP},
    )
    last_seen_place = serializers.CharField(
        max_length=300, allow_blank=True, required=False, default=""
    )
    description = serializers.CharField(
        max_length=5000, allow_blank=True, required=False, default=""
    )
    document_number = serializers.CharField(
        max_length=60, allow_blank=True, required=False, default=""
    )

    def validate_birth_date(self, value: str) -> str:
        if value and not is_partial_date(value):
            raise serializers.ValidationError(PARTIAL_DATE_HELP)
        return value

    def to_model_values(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        data["place"] = data.pop("last_seen_place")
        data["age_date"] = data["age_date"].isoformat() if data["age_date"] else ""
        return data


class MissingPersonInput(PersonInput):
    enquirer_phone = serializers.CharField(
        max_length=40, allow_blank=True, required=False, default=""
    )
    enquirer_consents = serializers.ListField(
        child=serializers.ChoiceField(choices=Purpose.choices),
        required=False,
        help_text="Purposes the enquirer agrees to; default tracing and identification.",
    )
    enquirer_consent_method = serializers.ChoiceField(
        choices=ConsentMethod.choices, required=False, default=ConsentMethod.ELECTRONIC
    )


class FoundPersonInput(PersonInput):
    consents = serializers.ListField(
        child=serializers.ChoiceField(choices=list(selectors.FOUND_PERSON_PURPOSES)),
        required=False,
        help_text="What the person allows, each a consent of its own: family_whereabouts "
        "(tell my family where I am), family_alive (tell my family I am alive, not where), "
        "tracing (share with other organisations). Default none.",
    )
    share_consent = serializers.ChoiceField(
        choices=ShareConsent.choices,
        required=False,
        help_text="Deprecated (before issue 32): read as consents when `consents` is absent: "
        "nothing = none, family = family_whereabouts, organisations = family_whereabouts "
        "and tracing.",
    )
    message = serializers.CharField(
        max_length=2000,
        allow_blank=True,
        required=False,
        default="",
        help_text="The person's safe-and-well message to their family, without whereabouts.",
    )
    guardian_or_decision = serializers.CharField(
        max_length=500,
        allow_blank=True,
        required=False,
        default="",
        help_text="For a child who shares: the guardian who consented, or the best-interests decision.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        share = attrs.get("share_consent")
        shares = bool(attrs.get("consents")) or (share not in (None, ShareConsent.NOTHING))
        if (
            shares
            and not attrs["guardian_or_decision"].strip()
            and is_child(
                birth_date=attrs["birth_date"],
                age=attrs["age"],
                age_date=attrs["age_date"].isoformat() if attrs["age_date"] else "",
                today=timezone.localdate(),
            )
        ):
            raise serializers.ValidationError(
                {"guardian_or_decision": [CHILD_CONSENT_NEEDS_GUARDIAN]}
            )
        return attrs

    def to_model_values(self) -> dict[str, Any]:
        data = super().to_model_values()
        consents = data.pop("consents", None)
        if consents is not None:
            data["found_consents"] = consents
            data.pop("share_consent", None)
        return data


class PersonOutput(serializers.Serializer[Any]):
    """The shape of a record as the API returns it (documentation of person_output)."""

    id = serializers.IntegerField()
    organisation = serializers.CharField()
    name = serializers.CharField()
    sex = serializers.CharField()
    birth_date = serializers.CharField()
    age = serializers.IntegerField(allow_null=True)
    age_date = serializers.CharField()
    nationality = serializers.CharField()
    last_seen_place = serializers.CharField()
    description = serializers.CharField()
    document_number = serializers.CharField()
    created_at = serializers.DateTimeField()
    status = serializers.CharField(required=False)
    enquirer_phone = serializers.CharField(required=False)
    enquirer_consents = serializers.ListField(child=serializers.CharField(), required=False)
    closed_reason = serializers.CharField(required=False, help_text="A close_reason code.")
    merged_into = serializers.IntegerField(
        required=False, allow_null=True, help_text="The report this one was merged into."
    )
    assigned_to = serializers.CharField(
        required=False, allow_null=True, help_text="The caseworker's username."
    )
    next_update_due = serializers.DateField(required=False, allow_null=True)
    other_enquirers = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text="Enquirers of the reports merged into this one, each with `report`.",
    )
    share_consent = serializers.CharField(
        required=False, help_text="Deprecated: the consents as the single choice of before."
    )
    consents = serializers.ListField(child=serializers.CharField(), required=False)
    message = serializers.CharField(required=False)


class CandidateOutput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=["found_person", "remains"])
    id = serializers.IntegerField()
    candidate_id = serializers.IntegerField()
    score = serializers.FloatField(
        allow_null=True,
        help_text="The probability that the two records are of the same person, from the "
        "weights of the explanation on the scale of the kind of comparison (docs/tracing.md). "
        "Null for a found person of another organisation who did not consent to "
        "share more: the score would tell what their record holds.",
    )
    likelihood = serializers.ChoiceField(
        choices=[band.code for band in scores.BANDS],
        allow_null=True,
        help_text="The score in words, by the whole percentage shown (null with the score).",
    )
    explanation = serializers.CharField()
    status = serializers.CharField()
    organisation = serializers.CharField()
    own_record = serializers.BooleanField()


class CandidateListOutput(serializers.Serializer[Any]):
    results = CandidateOutput(many=True)


def person_output(record: PersonRecord) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": record.pk,
        "organisation": record.organisation.slug,
        "name": record.name,
        "sex": record.sex,
        "birth_date": record.birth_date,
        "age": record.age,
        "age_date": record.age_date,
        "nationality": record.nationality,
        "last_seen_place": record.place,
        "description": record.description,
        "document_number": record.document_number,
        "created_at": record.created_at.isoformat(),
    }
    if isinstance(record, MissingPersonReport):
        data["status"] = record.status
        data["enquirer_phone"] = (record.enquirer or {}).get("phone", "")
        data["enquirer_consents"] = sorted(selectors.enquirer_consents(record))
    if isinstance(record, MissingPersonReport):
        data["closed_reason"] = record.closed_reason
        data["merged_into"] = record.merged_into_id
        data["assigned_to"] = record.assigned_to.get_username() if record.assigned_to else None
        data["next_update_due"] = (
            record.next_update_due.isoformat() if record.next_update_due else None
        )
        data["other_enquirers"] = record.other_enquirers or []
    if isinstance(record, FoundPerson):
        data["share_consent"] = selectors.share_consent_of(record)
        data["consents"] = sorted(selectors.found_person_consents(record))
        data["message"] = record.message
    if isinstance(record, UnidentifiedRemains):
        data["status"] = record.status
        data["age_min"], data["age_max"] = record.age_min, record.age_max
    return data


class _PersonListCreateApi(APIView):
    model: type[PersonRecord]
    input_serializer: type[PersonInput] = PersonInput
    # The contract is JSON (docs/tracing.md); forms would read "null" and "" their own way.
    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA)]
    pagination_class = Pagination

    def get(self, request: Request) -> Response:
        records = selectors.records_visible_to(
            user=_user(request), model=self.model
        ).select_related("organisation")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(records, request, view=self) or []
        selectors.records_listed(user=_user(request), model=self.model, records=list(page))
        return paginator.get_paginated_response([person_output(r) for r in page])

    def post(self, request: Request) -> Response:
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = services.record_create(
            actor=_user(request), model=self.model, **serializer.to_model_values()
        )
        return Response({"id": record.pk, **person_output(record)}, status=status.HTTP_201_CREATED)


class _PersonDetailApi(APIView):
    model: type[PersonRecord]
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA, hide=True)]

    def get(self, request: Request, pk: int) -> Response:
        return Response(
            person_output(selectors.record_get(user=_user(request), model=self.model, pk=pk))
        )


@extend_schema_view(
    get=extend_schema(
        operation_id="missing_persons_list", responses=PersonOutput(many=True), tags=["tracing"]
    ),
    post=extend_schema(
        operation_id="missing_persons_create",
        request=MissingPersonInput,
        responses={201: PersonOutput},
        tags=["tracing"],
    ),
)
class MissingPersonListCreateApi(_PersonListCreateApi):
    """Missing-person reports (a family's enquiry). POST matches the report at once."""

    model = MissingPersonReport
    input_serializer = MissingPersonInput


@extend_schema_view(
    get=extend_schema(
        operation_id="missing_person_detail", responses=PersonOutput, tags=["tracing"]
    )
)
class MissingPersonDetailApi(_PersonDetailApi):
    model = MissingPersonReport


@extend_schema_view(
    get=extend_schema(
        operation_id="found_persons_list", responses=PersonOutput(many=True), tags=["tracing"]
    ),
    post=extend_schema(
        operation_id="found_persons_create",
        request=FoundPersonInput,
        responses={201: PersonOutput},
        tags=["tracing"],
    ),
)
class FoundPersonListCreateApi(_PersonListCreateApi):
    """Persons found alive (hospital, shelter, detention, reception)."""

    model = FoundPerson
    input_serializer = FoundPersonInput


@extend_schema_view(
    get=extend_schema(operation_id="found_person_detail", responses=PersonOutput, tags=["tracing"])
)
class FoundPersonDetailApi(_PersonDetailApi):
    model = FoundPerson


@extend_schema_view(
    get=extend_schema(
        operation_id="remains_list", responses=PersonOutput(many=True), tags=["tracing"]
    ),
    post=extend_schema(
        operation_id="remains_create",
        request=PersonInput,
        responses={201: PersonOutput},
        tags=["tracing"],
    ),
)
class RemainsListCreateApi(_PersonListCreateApi):
    """Unidentified remains (post-mortem data)."""

    model = UnidentifiedRemains


@extend_schema_view(
    get=extend_schema(operation_id="remains_detail", responses=PersonOutput, tags=["tracing"])
)
class RemainsDetailApi(_PersonDetailApi):
    model = UnidentifiedRemains


@extend_schema_view(
    get=extend_schema(
        operation_id="missing_person_candidates", responses=CandidateListOutput, tags=["tracing"]
    )
)
class MissingPersonCandidatesApi(APIView):
    """Possible matches for a report, best first, across organisations that share for tracing.

    Records of other organisations are disclosed minimally: kind, id, owner, score and the
    explanation, never their personal fields.
    """

    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA, hide=True)]

    def get(self, request: Request, pk: int) -> Response:
        user = _user(request)
        results = []
        for candidate in selectors.candidates_for_report(user=user, report_id=pk):
            other = candidate.other
            assessment = candidate.shown_assessment  # type: ignore[attr-defined]
            results.append(
                {
                    "kind": candidate.kind,
                    "id": other.pk,
                    "candidate_id": candidate.pk,
                    "score": candidate.shown_score,  # type: ignore[attr-defined]
                    "likelihood": assessment.band.code if assessment else None,
                    "explanation": candidate.shown_explanation,  # type: ignore[attr-defined]
                    "status": candidate.status,
                    "organisation": other.organisation.slug,
                    "own_record": other.organisation_id == user.organisation_id,
                }
            )
        return Response({"results": results})


def _report_of(request: Request, pk: int) -> MissingPersonReport:
    report = selectors.record_get(user=_user(request), model=MissingPersonReport, pk=pk)
    assert isinstance(report, MissingPersonReport)  # noqa: S101
    return report


class MissingPersonCloseApi(APIView):
    """Close a case with a reason from the vocabulary; "other" needs a note."""

    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.EDIT_CASES, hide=True)]

    class InputSerializer(serializers.Serializer[Any]):
        reason = serializers.ChoiceField(choices=CloseReason.choices)
        note = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")

    @extend_schema(
        operation_id="missing_person_close",
        request=InputSerializer,
        responses=PersonOutput,
        tags=["tracing"],
    )
    def post(self, request: Request, pk: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.report_close(
            actor=_user(request), report=_report_of(request, pk), **serializer.validated_data
        )
        return Response(person_output(report))


class MissingPersonReopenApi(APIView):
    """Reopen a closed case, saying why (not a report merged into another)."""

    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.EDIT_CASES, hide=True)]

    class InputSerializer(serializers.Serializer[Any]):
        reason = serializers.CharField(max_length=2000)

    @extend_schema(
        operation_id="missing_person_reopen",
        request=InputSerializer,
        responses=PersonOutput,
        tags=["tracing"],
    )
    def post(self, request: Request, pk: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.report_reopen(
            actor=_user(request), report=_report_of(request, pk), **serializer.validated_data
        )
        return Response(person_output(report))


class MissingPersonMergeApi(APIView):
    """Merge the report ``duplicate`` into this one; both enquirers are kept."""

    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.EDIT_CASES, hide=True)]

    class InputSerializer(serializers.Serializer[Any]):
        duplicate = serializers.IntegerField(
            help_text="The id of the report to merge into this one (it is closed as a "
            "duplicate pointing here, never deleted)."
        )

    @extend_schema(
        operation_id="missing_person_merge",
        request=InputSerializer,
        responses=PersonOutput,
        tags=["tracing"],
    )
    def post(self, request: Request, pk: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        kept = _report_of(request, pk)
        duplicate = _report_of(request, serializer.validated_data["duplicate"])
        report = services.report_merge(actor=_user(request), kept=kept, duplicate=duplicate)
        return Response(person_output(report))


class DuplicateOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    report = serializers.IntegerField(help_text="The other report of the pair.")
    score = serializers.FloatField()
    explanation = serializers.CharField()
    status = serializers.CharField()


class DuplicateListOutput(serializers.Serializer[Any]):
    results = DuplicateOutput(many=True)


class MissingPersonDuplicatesApi(APIView):
    """The report's possible duplicates among the organisation's reports, best first."""

    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA, hide=True)]

    @extend_schema(
        operation_id="missing_person_duplicates",
        responses=DuplicateListOutput,
        tags=["tracing"],
    )
    def get(self, request: Request, pk: int) -> Response:
        user = _user(request)
        report = _report_of(request, pk)
        results = [
            {
                "id": pair.pk,
                "report": pair.other_report.pk,
                "score": round(pair.shown_assessment.probability, 4),
                "explanation": pair.shown_explanation,
                "status": pair.status,
            }
            for pair in selectors.duplicates_for_report(user=user, report=report)
        ]
        return Response({"results": results})


class FoundConsentsOutput(serializers.Serializer[Any]):
    consents = serializers.ListField(
        child=serializers.ChoiceField(choices=list(selectors.FOUND_PERSON_PURPOSES))
    )
    share_consent = serializers.CharField(help_text="Deprecated: the single choice of before.")


def _found_of(request: Request, pk: int) -> FoundPerson:
    person = selectors.record_get(user=_user(request), model=FoundPerson, pk=pk)
    assert isinstance(person, FoundPerson)  # noqa: S101
    return person


def _consents_output(person: FoundPerson) -> dict[str, Any]:
    return {
        "consents": sorted(selectors.found_person_consents(person)),
        "share_consent": selectors.share_consent_of(person),
    }


class FoundPersonConsentsApi(APIView):
    """What the found person allows; POST gives one consent (at once)."""

    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA, hide=True)]

    class InputSerializer(serializers.Serializer[Any]):
        purpose = serializers.ChoiceField(choices=list(selectors.FOUND_PERSON_PURPOSES))
        method = serializers.ChoiceField(choices=ConsentMethod.choices, required=False, default="")
        guardian_or_decision = serializers.CharField(
            max_length=500, allow_blank=True, required=False, default=""
        )

    @extend_schema(
        operation_id="found_person_consents", responses=FoundConsentsOutput, tags=["tracing"]
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(_consents_output(_found_of(request, pk)))

    @extend_schema(
        operation_id="found_person_consent_give",
        request=InputSerializer,
        responses=FoundConsentsOutput,
        tags=["tracing"],
    )
    def post(self, request: Request, pk: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = _found_of(request, pk)
        services.found_person_consent_set(
            actor=_user(request), person=person, given=True, **serializer.validated_data
        )
        return Response(_consents_output(person))


class FoundPersonConsentWithdrawApi(APIView):
    """Withdraw one of the found person's consents, at once."""

    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA, hide=True)]

    @extend_schema(
        operation_id="found_person_consent_withdraw",
        responses=FoundConsentsOutput,
        tags=["tracing"],
    )
    def delete(self, request: Request, pk: int, purpose: str) -> Response:
        person = _found_of(request, pk)
        if purpose not in selectors.FOUND_PERSON_PURPOSES:
            raise NotFound("Not found.")
        services.found_person_consent_set(
            actor=_user(request), person=person, purpose=purpose, given=False
        )
        return Response(_consents_output(person))
