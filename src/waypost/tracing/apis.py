"""REST API of the tracing workflow (the contract in docs/tracing.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pycountry
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.accounts.models import Organisation, User
from waypost.accounts.permissions import api_permission
from waypost.accounts.roles import Permission
from waypost.accounts.scopes import RecordKind
from waypost.core.api import Pagination
from waypost.core.exceptions import NotFound
from waypost.core.http import attachment_disposition
from waypost.core.parsers import JSONParser
from waypost.core.validators import day_in_past
from waypost.incidents.selectors import incident_visible_to
from waypost.protection.models import ConsentMethod, Purpose
from waypost.tracing import forensic, scores, selectors, services
from waypost.tracing.models import (
    CHILD_CONSENT_NEEDS_GUARDIAN,
    PARTIAL_DATE_HELP,
    Candidate,
    CandidateStatus,
    CloseReason,
    Decision,
    FoundPerson,
    MissingPersonReport,
    PersonRecord,
    RemainsStatus,
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


# The antemortem and postmortem objects as OpenAPI describes them, from the codes and limits
# ``forensic`` validates with, so that the schema cannot say otherwise than the check.
def _text_schema(limit: int = forensic.TEXT_MAX) -> dict[str, Any]:
    return {"type": "string", "maxLength": limit}


def _list_schema(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items, "maxItems": forensic.LIST_MAX}


def _range_schema(bounds: tuple[int, int], what: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "integer", "minimum": bounds[0], "maximum": bounds[1]},
        "minItems": 2,
        "maxItems": 2,
        "description": f"{what}: [from, to], from not above to.",
    }


def _object_schema(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _codes_schema(codes: tuple[str, ...], what: str) -> dict[str, Any]:
    return {
        **_text_schema(),
        "description": f"{what}: one of {', '.join(codes)}, or as typed.",
    }


DAY_SCHEMA = {"type": "string", "format": "date", "description": "1900 to today."}
LAT_SCHEMA = {"type": "number", "minimum": -90, "maximum": 90}
LON_SCHEMA = {"type": "number", "minimum": -180, "maximum": 180}
DENTAL_SCHEMA = {
    "type": "object",
    "description": "FDI (ISO 3950) tooth number (11-48 permanent, 51-85 primary) to state; "
    "teeth not charted are left out.",
    "additionalProperties": {"type": "string", "enum": list(forensic.TOOTH_STATES)},
}
ANTEMORTEM_SCHEMA = _object_schema(
    {
        "height_cm": _range_schema(forensic.HEIGHT_CM, "Height in centimetres"),
        "build": _text_schema(),
        "hair": _text_schema(),
        "eyes": _text_schema(),
        "marks": _list_schema(
            _object_schema(
                {
                    "region": _codes_schema(forensic.BODY_REGIONS, "Body region"),
                    "description": _text_schema(),
                }
            )
        ),
        "dental": DENTAL_SCHEMA,
        "dental_notes": _text_schema(forensic.LONG_TEXT_MAX),
        "medical": _list_schema(_text_schema()),
        "implants": _list_schema(
            _object_schema({"kind": _text_schema(), "serial": _text_schema()})
        ),
        "clothing": _list_schema(_text_schema()),
        "effects": _list_schema(_text_schema()),
        "fingerprints_held": _text_schema(),
        "dna_references": _list_schema(
            _object_schema(
                {
                    "relationship": _codes_schema(
                        forensic.DONOR_RELATIONSHIPS, "Relationship to the missing person"
                    ),
                    "name": _text_schema(),
                    "kit": _text_schema(),
                    "laboratory": _text_schema(),
                    "consents": {
                        "type": "array",
                        "items": {"type": "string", "enum": list(forensic.DNA_CONSENTS)},
                    },
                },
                "A reference sample donor: a reference to the sample, never a profile.",
            )
        ),
        "enquirers": _list_schema(
            _object_schema(
                {
                    "name": _text_schema(),
                    "relationship": _text_schema(),
                    "contact": _text_schema(),
                    "language": _text_schema(),
                }
            )
        ),
    },
    "Structured antemortem data (docs/tracing.md). Fields left empty are left out.",
)
POSTMORTEM_SCHEMA = _object_schema(
    {
        "pm_number": _text_schema(),
        "body_bag": _text_schema(),
        "recovery": _object_schema(
            {
                "date": DAY_SCHEMA,
                "place": _text_schema(),
                "by": _text_schema(),
                "lat": LAT_SCHEMA,
                "lon": LON_SCHEMA,
            }
        ),
        "morgue": _text_schema(),
        "examination": _object_schema(
            {
                "age_range": _range_schema(forensic.AGE_YEARS, "Estimated age in years"),
                "sex": {"type": "string", "enum": list(forensic.SEXES)},
                "stature_cm": _range_schema(forensic.HEIGHT_CM, "Stature in centimetres"),
            }
        ),
        "dental": DENTAL_SCHEMA,
        "samples": _list_schema(
            _object_schema(
                {
                    "type": _codes_schema(forensic.SAMPLE_TYPES, "Sample type"),
                    "laboratory_ref": _text_schema(),
                }
            )
        ),
        "cause_of_death": _text_schema(forensic.LONG_TEXT_MAX),
        "manner_of_death": {"type": "string", "enum": list(forensic.MANNERS_OF_DEATH)},
        "burial": _object_schema(
            {
                "cemetery": _text_schema(),
                "plot": _text_schema(),
                "marker": _text_schema(),
                "date": DAY_SCHEMA,
                "lat": LAT_SCHEMA,
                "lon": LON_SCHEMA,
            }
        ),
        "exhumation": _object_schema(
            {"date": DAY_SCHEMA, "by": _text_schema(), "reason": _text_schema(5000)}
        ),
        "repatriation": _object_schema(
            {
                "date": DAY_SCHEMA,
                "country": {"type": "string", "pattern": "^[A-Za-z]{3}$"},
                "by": _text_schema(),
            }
        ),
        "returned_to_family_on": DAY_SCHEMA,
        "death_certificate": _text_schema(),
    },
    "Structured postmortem data and the remains' path (docs/tracing.md).",
)


class _ForensicField(serializers.Field):
    """An antemortem or postmortem object, read by ``forensic`` (errors by path)."""

    clean = staticmethod(forensic.antemortem_clean)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        try:
            return self.clean(
                data, today=timezone.localdate(), partial=bool(self.root and self.root.partial)
            )
        except forensic.Invalid as invalid:
            raise serializers.ValidationError(forensic.render(invalid.errors, gettext)) from invalid

    def to_representation(self, value: Any) -> dict[str, Any]:
        return dict(value or {})


@extend_schema_field(ANTEMORTEM_SCHEMA)
class AntemortemField(_ForensicField):
    clean = staticmethod(forensic.antemortem_clean)


@extend_schema_field(POSTMORTEM_SCHEMA)
class PostmortemField(_ForensicField):
    clean = staticmethod(forensic.postmortem_clean)


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
        """The values to store; for a PATCH (``partial``) only those it gives."""
        data = dict(self.validated_data)
        if "last_seen_place" in data:
            data["place"] = data.pop("last_seen_place")
        if "age_date" in data:
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
    antemortem = AntemortemField(
        help_text="Structured antemortem data; in a PATCH each field given replaces the "
        "stored one, null removes it (docs/tracing.md)."
    )

    def to_model_values(self) -> dict[str, Any]:
        data = super().to_model_values()
        if "antemortem" in data:
            data["antemortem"] = _merged(
                self.context.get("record"), "antemortem", data["antemortem"], self.partial
            )
        return data


def _merged(record: PersonRecord | None, name: str, given: Any, partial: bool) -> dict[str, Any]:
    """A POST's object as given; a PATCH's merged into the stored one (null clears it)."""
    if given is None:
        return {}
    if not partial or record is None:
        return {key: value for key, value in given.items() if value is not None}
    return forensic.merge(getattr(record, name), given)


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
        if self.partial and "share_consent" not in attrs and "consents" not in attrs:
            return attrs  # the consents stay as recorded, with their guardian or decision
        record = self.context.get("record")
        stored: dict[str, Any] = (
            {
                "birth_date": record.birth_date or "",
                "age": record.age,
                "age_date": date.fromisoformat(record.age_date) if record.age_date else None,
                "guardian_or_decision": "",
            }
            if record is not None
            else {}
        )
        attrs_or_stored = {**stored, **attrs}
        share = attrs.get("share_consent")
        shares = bool(attrs.get("consents")) or (share not in (None, ShareConsent.NOTHING))
        if (
            shares
            and not attrs_or_stored["guardian_or_decision"].strip()
            and is_child(
                birth_date=attrs_or_stored["birth_date"],
                age=attrs_or_stored["age"],
                age_date=attrs_or_stored["age_date"].isoformat()
                if attrs_or_stored["age_date"]
                else "",
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


class RemainsInput(PersonInput):
    recovery_date = serializers.DateField(
        required=False, allow_null=True, default=None, validators=[day_in_past]
    )
    age_min = serializers.IntegerField(
        min_value=0, max_value=120, required=False, allow_null=True, default=None
    )
    age_max = serializers.IntegerField(
        min_value=0, max_value=120, required=False, allow_null=True, default=None
    )
    incident = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        help_text="The id of the incident in the register (GET /api/v1/incidents/) the "
        "remains come from; null unlinks.",
    )
    status = serializers.ChoiceField(
        choices=[RemainsStatus.RETURNED.value],
        required=False,
        help_text="PATCH only: returned, for identified remains returned to the family "
        "(identification itself is the reviewers' decision).",
    )
    postmortem = PostmortemField(
        help_text="Structured postmortem data; in a PATCH each field given replaces the "
        "stored one, null removes it (docs/tracing.md)."
    )

    def validate_incident(self, value: int | None) -> Any:
        if value is None:
            return None
        incident = incident_visible_to(user=self.context["user"], pk=value)
        if incident is None:
            raise serializers.ValidationError(gettext("No such incident."))
        return incident

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not self.partial and "status" in attrs:
            raise serializers.ValidationError(
                {"status": [gettext("New remains are unidentified; change it in a PATCH.")]}
            )
        record = self.context.get("record")
        low = attrs.get("age_min", getattr(record, "age_min", None))
        high = attrs.get("age_max", getattr(record, "age_max", None))
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError(
                {"age_max": [gettext("The estimated age to must not be below the age from.")]}
            )
        return attrs

    def to_model_values(self) -> dict[str, Any]:
        data = super().to_model_values()
        if "postmortem" in data:
            data["postmortem"] = _merged(
                self.context.get("record"), "postmortem", data["postmortem"], self.partial
            )
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
    antemortem = AntemortemField(help_text="Missing-person reports: the antemortem data.")
    age_min = serializers.IntegerField(required=False, allow_null=True)
    age_max = serializers.IntegerField(required=False, allow_null=True)
    recovery_date = serializers.DateField(required=False, allow_null=True)
    incident = serializers.IntegerField(
        required=False, allow_null=True, help_text="Remains: the id of their incident."
    )
    postmortem = PostmortemField(help_text="Remains: the postmortem data.")
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
        data["antemortem"] = record.antemortem or {}
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
        data["recovery_date"] = record.recovery_date.isoformat() if record.recovery_date else None
        data["incident"] = record.incident_id
        data["postmortem"] = record.postmortem or {}
    return data


class _PersonListCreateApi(APIView):
    token_scope = RecordKind.TRACING
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
        serializer = self.input_serializer(data=request.data, context={"user": _user(request)})
        serializer.is_valid(raise_exception=True)
        record = services.record_create(
            actor=_user(request), model=self.model, **serializer.to_model_values()
        )
        return Response({"id": record.pk, **person_output(record)}, status=status.HTTP_201_CREATED)


class _PersonDetailApi(APIView):
    token_scope = RecordKind.TRACING
    model: type[PersonRecord]
    input_serializer: type[PersonInput] = PersonInput
    parser_classes = [JSONParser]
    permission_classes = [api_permission(Permission.VIEW_PERSONAL_DATA, hide=True)]

    def get(self, request: Request, pk: int) -> Response:
        return Response(
            person_output(selectors.record_get(user=_user(request), model=self.model, pk=pk))
        )

    def patch(self, request: Request, pk: int) -> Response:
        """Change the fields given, audited, and match the record again at once."""
        user = _user(request)
        record = selectors.record_get(user=user, model=self.model, pk=pk)
        serializer = self.input_serializer(
            data=request.data, partial=True, context={"user": user, "record": record}
        )
        serializer.is_valid(raise_exception=True)
        record = services.record_update(actor=user, record=record, **serializer.to_model_values())
        return Response(person_output(record))


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
    ),
    patch=extend_schema(
        operation_id="missing_person_update",
        request=MissingPersonInput,
        responses=PersonOutput,
        tags=["tracing"],
    ),
)
class MissingPersonDetailApi(_PersonDetailApi):
    model = MissingPersonReport
    input_serializer = MissingPersonInput


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
    get=extend_schema(operation_id="found_person_detail", responses=PersonOutput, tags=["tracing"]),
    patch=extend_schema(
        operation_id="found_person_update",
        request=FoundPersonInput,
        responses=PersonOutput,
        tags=["tracing"],
    ),
)
class FoundPersonDetailApi(_PersonDetailApi):
    model = FoundPerson
    input_serializer = FoundPersonInput


@extend_schema_view(
    get=extend_schema(
        operation_id="remains_list", responses=PersonOutput(many=True), tags=["tracing"]
    ),
    post=extend_schema(
        operation_id="remains_create",
        request=RemainsInput,
        responses={201: PersonOutput},
        tags=["tracing"],
    ),
)
class RemainsListCreateApi(_PersonListCreateApi):
    """Unidentified remains (post-mortem data)."""

    model = UnidentifiedRemains
    input_serializer = RemainsInput


@extend_schema_view(
    get=extend_schema(operation_id="remains_detail", responses=PersonOutput, tags=["tracing"]),
    patch=extend_schema(
        operation_id="remains_update",
        request=RemainsInput,
        responses=PersonOutput,
        tags=["tracing"],
    ),
)
class RemainsDetailApi(_PersonDetailApi):
    model = UnidentifiedRemains
    input_serializer = RemainsInput


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

    token_scope = RecordKind.TRACING

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
    token_scope = RecordKind.TRACING
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

    token_scope = RecordKind.TRACING
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

    token_scope = RecordKind.TRACING
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

    token_scope = RecordKind.TRACING
    permission_classes = [api_permission(Permission.REVIEW_CANDIDATES, hide=True)]

    def get(self, request: Request, pk: int) -> HttpResponse:
        _candidate, pdf = selectors.identification_report(user=_user(request), pk=pk)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = attachment_disposition(f"waypost-identification-{pk}.pdf")
        response["Cache-Control"] = "no-store"
        return response


def _report_of(request: Request, pk: int) -> MissingPersonReport:
    report = selectors.record_get(user=_user(request), model=MissingPersonReport, pk=pk)
    assert isinstance(report, MissingPersonReport)  # noqa: S101
    return report


class MissingPersonCloseApi(APIView):
    """Close a case with a reason from the vocabulary; "other" needs a note."""

    token_scope = RecordKind.TRACING
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

    token_scope = RecordKind.TRACING
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

    token_scope = RecordKind.TRACING
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

    token_scope = RecordKind.TRACING
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

    token_scope = RecordKind.TRACING
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

    token_scope = RecordKind.TRACING
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
