"""REST API for reporting.

Reporter endpoints need no account and no CSRF token (they use no cookie at all): the
receipt code travels in the ``X-Waypost-Receipt`` header. Handler endpoints need a token
of a role that handles reports.
"""

from __future__ import annotations

from typing import Any

import pycountry
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.accounts.models import User
from waypost.accounts.permissions import api_permission
from waypost.accounts.roles import Permission
from waypost.accounts.scopes import RecordKind
from waypost.core.api import Pagination
from waypost.core.attachments import MAX_ATTACHMENTS_PER_SUBMISSION
from waypost.core.exceptions import ApplicationError, NotFound
from waypost.core.parsers import JSONParser
from waypost.reporting import selectors, services
from waypost.reporting import vocabularies as v
from waypost.reporting.dates import PartialDateError, partial_date_parse
from waypost.reporting.models import Report
from waypost.reporting.privacy import (
    receipt_failed,
    receipt_succeeded,
    receipt_wait,
    submission_throttle,
)

RECEIPT_HEADER = OpenApiParameter(
    "X-Waypost-Receipt",
    # 16 digits, in groups as the reporter may have copied them (spaces or dashes).
    {"type": "string", "minLength": 16},
    OpenApiParameter.HEADER,
    required=True,
    description=(
        "The 16-digit receipt code given when the report was sent. Missing or blank: 400; "
        "a code that matches no report: 404; after 20 wrong codes in a row: 429."
    ),
)


class AnonymousApi(APIView):
    """No authentication at all: no session cookie is read, so no CSRF check applies."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]


def _partial_date(value: str) -> str:
    try:
        return partial_date_parse(value)
    except PartialDateError as exc:
        raise serializers.ValidationError(
            _("Use a partial ISO date: 2025, 2025-03 or 2025-03-14, not in the future.")
        ) from exc


def _report_from_header(request: Request) -> Report:
    receipt = request.headers.get("X-Waypost-Receipt", "").strip()
    if not receipt:
        # A malformed request, not a guess: it neither finds a report nor counts against
        # the client's wrong receipts.
        raise ApplicationError(_("Send the receipt code in the X-Waypost-Receipt header."))
    wait = receipt_wait(request._request)
    if wait:
        raise Throttled(wait=wait)
    try:
        report = selectors.report_for_receipt(receipt=receipt)
    except NotFound:
        receipt_failed(request._request)
        raise
    receipt_succeeded(request._request)
    return report


class ReportCreateApi(AnonymousApi):
    """Send a report without an account. The receipt is in the answer, and only there."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer[Any]):
        recipient = serializers.SlugField(
            help_text="Short name (slug) of the recipient organisation."
        )
        what_happened = serializers.CharField(max_length=20_000)
        where = serializers.CharField(max_length=300)
        when = serializers.CharField(
            max_length=10,
            required=False,
            default="",
            allow_blank=True,
            help_text="Partial ISO date: 2025, 2025-03, 2025-03-14. Give it, when_text, or both.",
        )
        when_text = serializers.CharField(
            max_length=300,
            required=False,
            default="",
            allow_blank=True,
            help_text='When, in the reporter\'s own words ("last week"), kept as written.',
        )
        language = serializers.ChoiceField(choices=list(services.LANGUAGES))
        country = serializers.CharField(
            max_length=3,
            required=False,
            default="",
            allow_blank=True,
            help_text="ISO 3166-1 alpha-3 code of the country where it happened (see "
            "report_recipient_list for the recipients of each country). May be left out "
            "when the recipient receives reports about one country, or about its own.",
        )
        harmed = serializers.ListField(
            child=serializers.ChoiceField(choices=v.HarmedGroup.choices),
            required=False,
            default=list,
        )
        harmed_count = serializers.IntegerField(
            min_value=1, max_value=10_000, required=False, allow_null=True, default=None
        )
        perpetrator = serializers.ChoiceField(
            choices=v.PerpetratorCategory.choices,
            required=False,
            default=v.PerpetratorCategory.UNKNOWN,
        )
        simple_wording = serializers.BooleanField(required=False, default=False)
        identity = serializers.DictField(
            child=serializers.CharField(max_length=300, allow_blank=True),
            required=False,
            help_text='Optional, kept apart: {"name": ..., "contact": ...}.',
        )
        attachments = serializers.ListField(
            child=serializers.FileField(),
            required=False,
            default=list,
            max_length=MAX_ATTACHMENTS_PER_SUBMISSION,
        )

        def validate_when(self, value: str) -> str:
            return _partial_date(value) if value.strip() else ""

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if not attrs.get("when") and not attrs.get("when_text", "").strip():
                raise serializers.ValidationError(
                    {"when": _("Say when it happened: a date, or in your own words.")}
                )
            return attrs

        def validate_country(self, value: str) -> str:
            # Checked here (a 400 on the field) so that the service's recipient check
            # compares like with like: channels store upper-case ISO alpha-3 codes.
            code = value.strip().upper()
            if not code:
                return code  # the service takes the recipient's country
            if len(code) != 3 or pycountry.countries.get(alpha_3=code) is None:
                raise serializers.ValidationError(
                    _("Use an ISO 3166-1 alpha-3 country code, such as TUN.")
                )
            return code

    class OutputSerializer(serializers.Serializer[Any]):
        receipt = serializers.CharField(help_text="16 digits. Keep it: it is shown only once.")
        recipient = serializers.CharField()
        status = serializers.CharField()

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer},
        operation_id="report_create",
        auth=[],
    )
    def post(self, request: Request) -> Response:
        wait = submission_throttle.wait(request._request)
        if wait:
            raise Throttled(wait=wait)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        identity = data.get("identity") or {}
        submission = services.Submission(
            recipient_slug=data["recipient"],
            what_happened=data["what_happened"],
            where=data["where"],
            when=data["when"],
            when_text=data["when_text"],
            language=data["language"],
            country=data["country"],
            harmed=list(data["harmed"]),
            harmed_count=data["harmed_count"],
            perpetrator=data["perpetrator"],
            simple_wording=data["simple_wording"],
            identity_name=str(identity.get("name", "")),
            identity_contact=str(identity.get("contact", "")),
            attachments=[upload.read() for upload in data["attachments"]],
        )
        report, receipt = services.report_submit(submission=submission)
        submission_throttle.hit(request._request)
        body = {"receipt": receipt, "recipient": report.organisation.slug, "status": report.status}
        response = Response(self.OutputSerializer(body).data, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "no-store"
        return response


class MessageSerializer(serializers.Serializer[Any]):
    sender = serializers.ChoiceField(choices=["reporter", "handler"])
    body = serializers.CharField()
    sent_on = serializers.CharField(help_text="The day only (ISO date).")


class ReportStatusApi(AnonymousApi):
    """The status, outcome and messages of a report, read with its receipt."""

    class OutputSerializer(serializers.Serializer[Any]):
        reference = serializers.CharField()
        recipient = serializers.CharField()
        submitted_on = serializers.CharField()
        status = serializers.CharField()
        status_label = serializers.CharField()
        outcome = serializers.CharField()
        outcome_label = serializers.CharField()
        messages = MessageSerializer(many=True)
        attachment_count = serializers.IntegerField()
        can_reply = serializers.BooleanField()

    @extend_schema(
        parameters=[RECEIPT_HEADER],
        responses=OutputSerializer,
        operation_id="report_status",
        auth=[],
    )
    def get(self, request: Request) -> Response:
        report = _report_from_header(request)
        view = selectors.report_reporter_view(report=report)
        response = Response(self.OutputSerializer(view).data)
        response["Cache-Control"] = "no-store"
        return response


class ReportReplyApi(AnonymousApi):
    """The reporter answers a question or adds information."""

    class InputSerializer(serializers.Serializer[Any]):
        body = serializers.CharField(max_length=20_000)

    @extend_schema(
        parameters=[RECEIPT_HEADER],
        request=InputSerializer,
        responses={201: None},
        operation_id="report_reply",
        auth=[],
    )
    def post(self, request: Request) -> Response:
        report = _report_from_header(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.reporter_message_add(report=report, body=serializer.validated_data["body"])
        return Response(status=status.HTTP_201_CREATED)


class ReportEvidenceApi(AnonymousApi):
    """The reporter adds images (multipart, field ``attachments``); metadata is removed."""

    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer[Any]):
        attachments = serializers.ListField(
            child=serializers.FileField(), min_length=1, max_length=MAX_ATTACHMENTS_PER_SUBMISSION
        )

    @extend_schema(
        parameters=[RECEIPT_HEADER],
        request=InputSerializer,
        responses={201: None},
        operation_id="report_evidence_add",
        auth=[],
    )
    def post(self, request: Request) -> Response:
        report = _report_from_header(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        count = services.reporter_evidence_add(
            report=report, attachments=[f.read() for f in serializer.validated_data["attachments"]]
        )
        return Response({"added": count}, status=status.HTTP_201_CREATED)


class ReportRecipientListApi(AnonymousApi):
    """Organisations that receive reports about a country (never law enforcement)."""

    class OutputSerializer(serializers.Serializer[Any]):
        slug = serializers.CharField()
        name = serializers.CharField()
        kind = serializers.CharField()

    class InputSerializer(serializers.Serializer[Any]):
        country = serializers.RegexField(
            r"^[A-Za-z]{3}$",
            error_messages={"invalid": _("Use an ISO 3166-1 alpha-3 country code, such as TUN.")},
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "country",
                {"type": "string", "pattern": "^[A-Za-z]{3}$"},
                required=True,
                description="ISO 3166-1 alpha-3.",
            )
        ],
        responses=OutputSerializer(many=True),
        operation_id="report_recipient_list",
        auth=[],
    )
    def get(self, request: Request) -> Response:
        query = self.InputSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        country = query.validated_data["country"].upper()
        recipients = selectors.recipients_for_country(country=country)
        return Response(self.OutputSerializer(recipients, many=True).data)


class CellSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label"
    count = serializers.IntegerField(allow_null=True, help_text="null: fewer than 5 (suppressed).")


class ReportStatisticsApi(AnonymousApi):
    """Public counts without identities; counts under 5 are suppressed (null)."""

    class OutputSerializer(serializers.Serializer[Any]):
        total_reports = serializers.IntegerField(allow_null=True)
        threshold = serializers.IntegerField()
        by_violation = CellSerializer(many=True)
        by_country = CellSerializer(many=True)
        by_perpetrator = CellSerializer(many=True)
        by_outcome = CellSerializer(many=True)

    @extend_schema(responses=OutputSerializer, operation_id="report_statistics", auth=[])
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(selectors.report_statistics()).data)


# Handlers


def _user(request: Request) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - the permission guarantees it
    return request.user


class ReportListApi(APIView):
    """Reports addressed to the caller's organisation (workflow fields, no content)."""

    token_scope = RecordKind.REPORTS
    permission_classes = [api_permission(Permission.HANDLE_REPORTS)]
    pagination_class = Pagination

    class OutputSerializer(serializers.ModelSerializer[Report]):
        reference = serializers.CharField()

        class Meta:
            model = Report
            fields = [
                "public_id",
                "reference",
                "submitted_on",
                "status",
                "priority",
                "outcome",
                "kept_for_case",
                "expires_on",
                "awaiting_handler",
                "updated_on",
            ]

    @extend_schema(responses=OutputSerializer(many=True), operation_id="report_list")
    def get(self, request: Request) -> Response:
        reports = selectors.reports_for_handler(
            user=_user(request), status=request.query_params.get("status", "")
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(reports, request, view=self)
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)


class ReportDetailApi(APIView):
    """One report with its content and conversation; the read is audited."""

    token_scope = RecordKind.REPORTS
    permission_classes = [api_permission(Permission.HANDLE_REPORTS)]

    class OutputSerializer(serializers.Serializer[Any]):
        public_id = serializers.UUIDField()
        reference = serializers.CharField()
        submitted_on = serializers.DateField()
        status = serializers.CharField()
        priority = serializers.CharField()
        outcome = serializers.CharField()
        kept_for_case = serializers.BooleanField()
        expires_on = serializers.DateField()
        content = serializers.DictField()
        has_identity = serializers.BooleanField()
        messages = serializers.SerializerMethodField()

        def get_messages(self, report: Report) -> list[dict[str, str]]:
            return [
                {"sender": m.sender, "body": m.body, "sent_on": m.sent_on.isoformat()}
                for m in report.messages.all()
            ]

    @extend_schema(responses=OutputSerializer, operation_id="report_detail")
    def get(self, request: Request, public_id: str) -> Response:
        report = selectors.report_get_for_handler(user=_user(request), public_id=public_id)
        return Response(self.OutputSerializer(report).data)


class ReportMessageCreateApi(APIView):
    """A handler writes to the reporter (who reads it with the receipt)."""

    token_scope = RecordKind.REPORTS
    permission_classes = [api_permission(Permission.HANDLE_REPORTS)]

    class InputSerializer(serializers.Serializer[Any]):
        body = serializers.CharField(max_length=20_000)

    @extend_schema(
        request=InputSerializer, responses={201: None}, operation_id="report_message_create"
    )
    def post(self, request: Request, public_id: str) -> Response:
        user = _user(request)
        report = selectors.report_get_for_handler(user=user, public_id=public_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.handler_message_add(
            actor=user, report=report, body=serializer.validated_data["body"]
        )
        return Response(status=status.HTTP_201_CREATED)


class ReportTriageApi(APIView):
    """Set status, priority, outcome and whether the report is kept for a case."""

    token_scope = RecordKind.REPORTS
    permission_classes = [api_permission(Permission.HANDLE_REPORTS)]

    class InputSerializer(serializers.Serializer[Any]):
        status = serializers.ChoiceField(choices=v.ReportStatus.choices)
        priority = serializers.ChoiceField(choices=v.Priority.choices)
        kept_for_case = serializers.BooleanField(default=False)
        outcome = serializers.ChoiceField(choices=v.Outcome.choices, required=False)

    @extend_schema(request=InputSerializer, responses={200: None}, operation_id="report_triage")
    def post(self, request: Request, public_id: str) -> Response:
        user = _user(request)
        report = selectors.report_get_for_handler(user=user, public_id=public_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.report_triage(
            actor=user,
            report=report,
            status=data["status"],
            priority=data["priority"],
            kept_for_case=data["kept_for_case"],
        )
        if "outcome" in data:
            services.report_outcome_set(actor=user, report=report, outcome=data["outcome"])
        return Response({"status": report.status, "outcome": report.outcome})
