"""REST API of the tracing workflow (the contract in docs/tracing.md)."""

from __future__ import annotations

from typing import Any

import pycountry
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.accounts.models import Organisation, User
from waypost.accounts.permissions import api_permission
from waypost.accounts.roles import Permission
from waypost.core.api import Pagination
from waypost.core.http import attachment_disposition
from waypost.core.parsers import JSONParser
from waypost.core.validators import day_in_past
from waypost.protection.models import ConsentMethod, Purpose
from waypost.tracing import scores, selectors, services
from waypost.tracing.models import (
    CHILD_CONSENT_NEEDS_GUARDIAN,
    PARTIAL_DATE_HELP,
    Candidate,
    CandidateStatus,
    Decision,
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
    share_consent = serializers.ChoiceField(
        choices=ShareConsent.choices,
        required=False,
        default=ShareConsent.NOTHING,
        help_text="What the person agrees may be told; default nothing beyond being alive.",
    )
    guardian_or_decision = serializers.CharField(
        max_length=500,
        allow_blank=True,
        required=False,
        default="",
        help_text="For a child who shares: the guardian who consented, or the best-interests decision.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (
            attrs["share_consent"] != ShareConsent.NOTHING
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
    share_consent = serializers.CharField(required=False)


class CandidateOutput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(
        choices=["found_person", "remains", "missing_person"],
        help_text="The kind of the other record: found_person or remains for a report's "
        "candidates, missing_person for those of a found person or remains.",
    )
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
    if isinstance(record, FoundPerson):
        data["share_consent"] = record.share_consent
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
        candidates = selectors.candidates_for_report(user=user, report_id=pk)
        return Response({"results": [candidate_row(c, user, c.other) for c in candidates]})


def candidate_row(candidate: Candidate, user: User, other: PersonRecord) -> dict[str, Any]:
    """A candidate as the lists give it, ``other`` being the record on the other side."""
    assessment = candidate.shown_assessment  # type: ignore[attr-defined]
    return {
        "kind": "missing_person" if isinstance(other, MissingPersonReport) else candidate.kind,
        "id": other.pk,
        "candidate_id": candidate.pk,
        "score": candidate.shown_score,  # type: ignore[attr-defined]
        "likelihood": assessment.band.code if assessment else None,
        "explanation": candidate.shown_explanation,  # type: ignore[attr-defined]
        "status": candidate.status,
        "organisation": other.organisation.slug,
        "own_record": other.organisation_id == user.organisation_id,
    }


class _RecordCandidatesApi(APIView):
    model: type[FoundPerson] | type[UnidentifiedRemains]
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA, hide=True)]

    def get(self, request: Request, pk: int) -> Response:
        user = _user(request)
        candidates = selectors.candidates_for_record(user=user, model=self.model, record_id=pk)
        return Response({"results": [candidate_row(c, user, c.report) for c in candidates]})


@extend_schema_view(
    get=extend_schema(
        operation_id="remains_candidates", responses=CandidateListOutput, tags=["tracing"]
    )
)
class RemainsCandidatesApi(_RecordCandidatesApi):
    """The missing-person reports that may be these remains, for the organisation holding them.

    Reports of other organisations are disclosed as a report's candidates are: kind, id,
    owner, score and explanation, under an agreement and the enquirer's consent.
    """

    model = UnidentifiedRemains


@extend_schema_view(
    get=extend_schema(
        operation_id="found_person_candidates", responses=CandidateListOutput, tags=["tracing"]
    )
)
class FoundPersonCandidatesApi(_RecordCandidatesApi):
    """The missing-person reports that may be this found person, for the organisation
    holding the record."""

    model = FoundPerson


class ReviewOutput(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=Decision.choices)
    reasons = serializers.CharField()
    reviewer = serializers.CharField()
    role = serializers.CharField()
    organisation = serializers.CharField(help_text="The side the reviewer decided for.")
    round = serializers.IntegerField(
        help_text="Reviews count within a round; reversing a confirmation starts a new one."
    )
    created_at = serializers.DateTimeField()


class AwaitedSideOutput(serializers.Serializer[Any]):
    organisation = serializers.CharField()
    record = serializers.ChoiceField(choices=["report", "remains", "found_person"])
    forensic = serializers.BooleanField(
        help_text="Only a forensic specialist of that organisation may decide for it."
    )


class CandidateDetailOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["found_person", "remains"])
    status = serializers.ChoiceField(choices=CandidateStatus.choices)
    score = serializers.FloatField(allow_null=True)
    likelihood = serializers.ChoiceField(
        choices=[band.code for band in scores.BANDS], allow_null=True
    )
    explanation = serializers.CharField()
    reviews = ReviewOutput(many=True)
    awaiting = AwaitedSideOutput(
        many=True, help_text="The sides whose decision the candidate waits for now."
    )


def candidate_detail_output(candidate: Candidate) -> dict[str, Any]:
    assessment = candidate.shown_assessment  # type: ignore[attr-defined]
    return {
        "id": candidate.pk,
        "kind": candidate.kind,
        "status": candidate.status,
        "score": candidate.shown_score,  # type: ignore[attr-defined]
        "likelihood": assessment.band.code if assessment else None,
        "explanation": candidate.shown_explanation,  # type: ignore[attr-defined]
        "reviews": [
            {
                "decision": review.decision,
                "reasons": review.reasons,
                "reviewer": review.reviewer.get_username(),
                "role": review.reviewer_role,
                "organisation": review.organisation.slug if review.organisation else "",
                "round": review.round,
                "created_at": review.created_at.isoformat(),
            }
            for review in selectors.candidate_reviews(candidate)
        ],
        "awaiting": [
            {
                "organisation": Organisation.objects.get(pk=side.organisation_id).slug,
                "record": side.record,
                "forensic": side.forensic,
            }
            for side in selectors.awaited_sides(candidate)
        ],
    }


@extend_schema_view(
    get=extend_schema(
        operation_id="candidate_detail", responses=CandidateDetailOutput, tags=["tracing"]
    )
)
class CandidateDetailApi(APIView):
    """A candidate, to reviewers of either organisation that holds one of its records."""

    permission_classes = [api_permission(Permission.REVIEW_CANDIDATES, hide=True)]

    def get(self, request: Request, pk: int) -> Response:
        candidate = selectors.candidate_get(user=_user(request), pk=pk)
        return Response(candidate_detail_output(candidate))


class CandidateReviewInput(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(
        choices=Decision.choices,
        help_text="confirm or exclude an open candidate; reverse a confirmed one.",
    )
    reasons = serializers.CharField(max_length=5000)


@extend_schema_view(
    post=extend_schema(
        operation_id="candidate_review",
        request=CandidateReviewInput,
        responses={201: CandidateDetailOutput},
        tags=["tracing"],
    )
)
class CandidateReviewCreateApi(APIView):
    """Record the caller's decision on a candidate (board rules: docs/tracing.md).

    A decision takes effect once each side has given it: for remains, a forensic
    specialist of the organisation holding them and a reviewer of the organisation holding
    the report. A decision the rules refuse (already decided, already reviewed, reversing
    what is not confirmed) is a 400 problem.
    """

    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.REVIEW_CANDIDATES, hide=True)]

    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        candidate = selectors.candidate_get(user=user, pk=pk)
        serializer = CandidateReviewInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.candidate_review(actor=user, candidate=candidate, **serializer.validated_data)
        shown = selectors.candidate_get(user=user, pk=pk)
        return Response(candidate_detail_output(shown), status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        operation_id="candidate_identification_report",
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The signed identification report, in the family's language.",
            )
        },
        tags=["tracing"],
    )
)
class CandidateIdentificationReportApi(APIView):
    """The signed identification report of a confirmed candidate (PDF), to either side."""

    permission_classes = [api_permission(Permission.REVIEW_CANDIDATES, hide=True)]

    def get(self, request: Request, pk: int) -> HttpResponse:
        _candidate, pdf = selectors.identification_report(user=_user(request), pk=pk)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = attachment_disposition(f"waypost-identification-{pk}.pdf")
        response["Cache-Control"] = "no-store"
        return response
