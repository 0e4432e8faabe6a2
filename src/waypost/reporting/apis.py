"""REST API for reporting.

Reporter endpoints need no account and no CSRF token (they use no cookie at all): the
receipt code travels in the ``X-Waypost-Receipt`` header. Handler endpoints need a token
of a role that handles reports.
"""

from __future__ import annotations

from typing import Any

import pycountry
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
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


class SafeContactSerializer(serializers.Serializer[Any]):
    channel = serializers.ChoiceField(choices=v.ContactChannel.choices)
    when = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    words = serializers.CharField(
        max_length=300,
        required=False,
        default="",
        allow_blank=True,
        help_text="Words the organisation says first, so the reporter knows it is them.",
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
        reprisal_fear = serializers.ChoiceField(
            choices=["", "yes", "no", "unsure"],
            required=False,
            default="",
            allow_blank=True,
            help_text="Does the reporter fear reprisals? The first assessment of the risk.",
        )
        safe_contact = SafeContactSerializer(
            required=False,
            allow_null=True,
            default=None,
            help_text="When, how and under what words the organisation may contact the "
            "reporter outside the report's messages (sealed).",
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
            reprisal_fear=data["reprisal_fear"],
            safe_contact=dict(data["safe_contact"]) if data["safe_contact"] else None,
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


class HistorySerializer(serializers.Serializer[Any]):
    date = serializers.CharField(help_text="The day (ISO date).")
    status = serializers.ChoiceField(choices=v.HistoryStatus.choices)
    text = serializers.CharField(help_text="In the language of the request.")


class ReporterReferralSerializer(serializers.Serializer[Any]):
    id = serializers.CharField()
    body_kind = serializers.ChoiceField(choices=v.BodyKind.choices)
    body_kind_label = serializers.CharField()
    body_name = serializers.CharField()
    content = serializers.ListField(
        child=serializers.ChoiceField(choices=v.ReferralContent.choices)
    )
    content_labels = serializers.ListField(child=serializers.CharField())
    status = serializers.ChoiceField(choices=v.ReferralStatus.choices)
    status_label = serializers.CharField()
    near_authorities = serializers.BooleanField(
        help_text="The body is part of, or works with, authorities (prosecutor, Frontex)."
    )
    can_answer = serializers.BooleanField()


class ReporterTransferSerializer(serializers.Serializer[Any]):
    id = serializers.CharField()
    to = serializers.CharField(help_text="The organisation that would take the report.")
    status = serializers.ChoiceField(choices=v.TransferStatus.choices)
    status_label = serializers.CharField()
    can_answer = serializers.BooleanField()


class ConsentSerializer(serializers.Serializer[Any]):
    consent = serializers.BooleanField()


class IdStatusSerializer(serializers.Serializer[Any]):
    id = serializers.CharField()
    status = serializers.CharField()


class ReportReferralConsentApi(AnonymousApi):
    """The reporter consents (or not) to a proposed referral; nothing is sent before."""

    @extend_schema(
        parameters=[RECEIPT_HEADER],
        request=ConsentSerializer,
        responses=IdStatusSerializer,
        operation_id="report_referral_consent",
        auth=[],
    )
    def post(self, request: Request, report_referral_id: str) -> Response:
        report = _report_from_header(request)
        serializer = ConsentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        referral = services.referral_consent(
            report=report,
            referral_id=report_referral_id,
            consent=serializer.validated_data["consent"],
        )
        return Response({"id": str(referral.public_id), "status": referral.status})


class ReportTransferConsentApi(AnonymousApi):
    """The reporter consents (or not) to passing the report to another organisation."""

    @extend_schema(
        parameters=[RECEIPT_HEADER],
        request=ConsentSerializer,
        responses=IdStatusSerializer,
        operation_id="report_transfer_consent",
        auth=[],
    )
    def post(self, request: Request, transfer_id: str) -> Response:
        report = _report_from_header(request)
        serializer = ConsentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        transfer = services.transfer_consent(
            report=report, transfer_id=transfer_id, consent=serializer.validated_data["consent"]
        )
        return Response({"id": str(transfer.public_id), "status": transfer.status})


class ReportSafeContactApi(AnonymousApi):
    """The reporter sets when, how and under what words they may be contacted."""

    @extend_schema(
        parameters=[RECEIPT_HEADER],
        request=SafeContactSerializer,
        responses=inline_serializer("SafeContactSet", {"channel": serializers.CharField()}),
        operation_id="report_safe_contact_set",
        auth=[],
    )
    def post(self, request: Request) -> Response:
        report = _report_from_header(request)
        serializer = SafeContactSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.safe_contact_set(report=report, safe_contact=dict(serializer.validated_data))
        return Response({"channel": serializer.validated_data["channel"]})


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
        history = HistorySerializer(many=True)
        referrals = ReporterReferralSerializer(many=True)
        transfers = ReporterTransferSerializer(many=True)
        safe_contact = SafeContactSerializer(allow_null=True)

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
                "assigned_to",
                "acknowledge_due_on",
                "acknowledged_on",
                "feedback_due_on",
                "feedback_on",
            ]

    class QuerySerializer(serializers.Serializer[Any]):
        status = serializers.ChoiceField(
            choices=v.ReportStatus.choices, required=False, allow_blank=True
        )
        overdue = serializers.ChoiceField(
            choices=list(selectors.OVERDUE), required=False, allow_blank=True
        )
        assigned = serializers.ChoiceField(choices=["me"], required=False, allow_blank=True)

    @extend_schema(
        parameters=[QuerySerializer],
        responses=OutputSerializer(many=True),
        operation_id="report_list",
    )
    def get(self, request: Request) -> Response:
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        reports = selectors.reports_for_handler(
            user=_user(request),
            status=query.validated_data.get("status", ""),
            overdue=query.validated_data.get("overdue", ""),
            assigned_to_me=query.validated_data.get("assigned") == "me",
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
        closed_reason = serializers.ChoiceField(
            choices=v.ClosedReason.choices,
            required=False,
            default="",
            allow_blank=True,
            help_text="Why the report is closed (shown to the reporter).",
        )

    @extend_schema(
        request=InputSerializer,
        responses=inline_serializer(
            "ReportTriaged",
            {"status": serializers.CharField(), "outcome": serializers.CharField()},
        ),
        operation_id="report_triage",
    )
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
            closed_reason=data["closed_reason"],
        )
        if "outcome" in data:
            services.report_outcome_set(actor=user, report=report, outcome=data["outcome"])
        return Response({"status": report.status, "outcome": report.outcome})


class HandlerApi(APIView):
    token_scope = RecordKind.REPORTS
    permission_classes = [api_permission(Permission.HANDLE_REPORTS)]


class ReportAssignApi(HandlerApi):
    """Give the report to a handler of the organisation (null: to no one in particular)."""

    class InputSerializer(serializers.Serializer[Any]):
        handler = serializers.IntegerField(allow_null=True, help_text="A user id, or null.")

    @extend_schema(
        request=InputSerializer,
        responses=inline_serializer(
            "ReportAssigned", {"assigned_to": serializers.IntegerField(allow_null=True)}
        ),
        operation_id="report_assign",
    )
    def post(self, request: Request, public_id: str) -> Response:
        user = _user(request)
        report = selectors.report_get_for_handler(user=user, public_id=public_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        handler_id = serializer.validated_data["handler"]
        assignee = None
        if handler_id is not None:
            assignee = next(
                (h for h in selectors.handlers_for_assignment(user=user) if h.pk == handler_id),
                None,
            )
            if assignee is None:
                raise ApplicationError(
                    _("Choose someone of your organisation who handles reports.")
                )
        services.report_assign(actor=user, report=report, assignee=assignee)
        return Response({"assigned_to": assignee.pk if assignee else None})


class ReportAcknowledgeApi(HandlerApi):
    """Acknowledge the report to the reporter (its history shows it); feedback is then due."""

    @extend_schema(
        request=None,
        responses=inline_serializer(
            "ReportAcknowledged",
            {
                "acknowledged_on": serializers.DateField(allow_null=True),
                "feedback_due_on": serializers.DateField(allow_null=True),
            },
        ),
        operation_id="report_acknowledge",
    )
    def post(self, request: Request, public_id: str) -> Response:
        user = _user(request)
        report = selectors.report_get_for_handler(user=user, public_id=public_id)
        services.report_acknowledge(actor=user, report=report)
        return Response(
            {
                "acknowledged_on": report.acknowledged_on.isoformat()
                if report.acknowledged_on
                else None,
                "feedback_due_on": report.feedback_due_on.isoformat()
                if report.feedback_due_on
                else None,
            }
        )


class ReportTransferApi(HandlerApi):
    """Propose to pass the report to another recipient organisation (never law enforcement);
    it moves, re-sealed, when the reporter consents."""

    class InputSerializer(serializers.Serializer[Any]):
        recipient = serializers.SlugField(help_text="Slug of the receiving organisation.")

    @extend_schema(
        request=InputSerializer,
        responses={201: IdStatusSerializer},
        operation_id="report_transfer",
    )
    def post(self, request: Request, public_id: str) -> Response:
        user = _user(request)
        report = selectors.report_get_for_handler(user=user, public_id=public_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        transfer = services.transfer_propose(
            actor=user, report=report, to_slug=serializer.validated_data["recipient"]
        )
        return Response(
            {"id": str(transfer.public_id), "status": transfer.status},
            status=status.HTTP_201_CREATED,
        )


class ReferralResponseSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=v.BodyResponse.choices)
    received_on = serializers.DateField()
    notes = serializers.CharField()


class HandlerReferralSerializer(serializers.Serializer[Any]):
    id = serializers.CharField(source="public_id")
    body = serializers.IntegerField(source="body_id")
    body_kind = serializers.CharField(source="body.kind")
    content = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField()
    consent = serializers.BooleanField(allow_null=True)
    consent_on = serializers.DateField(allow_null=True)
    sent_on = serializers.DateField(allow_null=True)
    response_due_on = serializers.DateField(allow_null=True)
    body_reference = serializers.CharField()
    responses = ReferralResponseSerializer(many=True)


class ReportReferralListApi(HandlerApi):
    """Referrals of a report; POST proposes one (it waits for the reporter's consent)."""

    class InputSerializer(serializers.Serializer[Any]):
        body = serializers.IntegerField(help_text="The body's id in the directory.")
        content = serializers.ListField(
            child=serializers.ChoiceField(choices=v.ReferralContent.choices), min_length=1
        )

    @extend_schema(
        responses=HandlerReferralSerializer(many=True), operation_id="report_referral_list"
    )
    def get(self, request: Request, public_id: str) -> Response:
        user = _user(request)
        report = selectors.report_get_for_handler(user=user, public_id=public_id)
        referrals = selectors.report_handling(user=user, report=report)["referrals"]
        return Response(HandlerReferralSerializer(referrals, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={201: IdStatusSerializer},
        operation_id="report_referral_create",
    )
    def post(self, request: Request, public_id: str) -> Response:
        user = _user(request)
        report = selectors.report_get_for_handler(user=user, public_id=public_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        body = selectors.body_get(body_id=serializer.validated_data["body"])
        referral = services.referral_propose(
            actor=user, report=report, body=body, content=serializer.validated_data["content"]
        )
        return Response(
            {"id": str(referral.public_id), "status": referral.status},
            status=status.HTTP_201_CREATED,
        )


class ReportReferralPackageApi(HandlerApi):
    """What goes to the body, in its expected shape and language; only after consent."""

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        operation_id="report_referral_package",
        description="Keys by the body's shape: alleged_victims, alleged_perpetrators, date, "
        "place, facts, domestic_steps, attachments, author, as consented.",
    )
    def get(self, request: Request, public_id: str, report_referral_id: str) -> Response:
        user = _user(request)
        report = selectors.report_get_for_handler(user=user, public_id=public_id)
        referral = selectors.referral_get_for_handler(
            user=user, report=report, referral_id=report_referral_id
        )
        package = selectors.referral_package(user=user, report=report, referral=referral)
        response = Response(package)
        response["Cache-Control"] = "no-store"
        return response


class ReportReferralSentApi(HandlerApi):
    """Record that the referral went to the body, with its reference: after consent only."""

    class InputSerializer(serializers.Serializer[Any]):
        reference = serializers.CharField(
            max_length=200, required=False, default="", allow_blank=True
        )
        sent_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(
        request=InputSerializer,
        responses={200: IdStatusSerializer},
        operation_id="report_referral_sent",
    )
    def post(self, request: Request, public_id: str, report_referral_id: str) -> Response:
        user = _user(request)
        report = selectors.report_get_for_handler(user=user, public_id=public_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        referral = services.referral_sent(
            actor=user,
            report=report,
            referral_id=report_referral_id,
            reference=serializer.validated_data["reference"],
            sent_on=serializer.validated_data["sent_on"],
        )
        return Response({"id": str(referral.public_id), "status": referral.status})


class ReportReferralResponseApi(HandlerApi):
    """Record a dated answer of the body (the reporter's history shows it)."""

    class InputSerializer(serializers.Serializer[Any]):
        kind = serializers.ChoiceField(choices=v.BodyResponse.choices)
        received_on = serializers.DateField(required=False, allow_null=True, default=None)
        notes = serializers.CharField(
            max_length=20_000, required=False, default="", allow_blank=True
        )
        reference = serializers.CharField(
            max_length=200, required=False, default="", allow_blank=True
        )

    @extend_schema(
        request=InputSerializer,
        responses={201: IdStatusSerializer},
        operation_id="report_referral_response_create",
    )
    def post(self, request: Request, public_id: str, report_referral_id: str) -> Response:
        user = _user(request)
        report = selectors.report_get_for_handler(user=user, public_id=public_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        response = services.referral_response_add(
            actor=user,
            report=report,
            referral_id=report_referral_id,
            kind=data["kind"],
            received_on=data["received_on"],
            notes=data["notes"],
            reference=data["reference"],
        )
        return Response(
            {"id": str(response.referral.public_id), "status": response.referral.status},
            status=status.HTTP_201_CREATED,
        )


class ReportRiskApi(HandlerApi):
    """Assess the risk of reprisal against the reporter or witnesses, with a review day."""

    class InputSerializer(serializers.Serializer[Any]):
        level = serializers.ChoiceField(choices=v.RiskLevel.choices)
        factors = serializers.ListField(
            child=serializers.ChoiceField(choices=v.RiskFactor.choices),
            required=False,
            default=list,
        )
        review_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(
        request=InputSerializer, responses={201: None}, operation_id="report_risk_assess"
    )
    def post(self, request: Request, public_id: str) -> Response:
        user = _user(request)
        report = selectors.report_get_for_handler(user=user, public_id=public_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assessment = services.risk_assess(
            actor=user,
            report=report,
            level=data["level"],
            factors=list(data["factors"]),
            review_on=data["review_on"],
        )
        return Response({"level": assessment.level}, status=status.HTTP_201_CREATED)


class ReportMeasureApi(HandlerApi):
    """Record a protective measure, or review one (``measure``: its id)."""

    class InputSerializer(serializers.Serializer[Any]):
        measure = serializers.IntegerField(required=False, allow_null=True, default=None)
        kind = serializers.ChoiceField(choices=v.MeasureKind.choices)
        status = serializers.ChoiceField(choices=v.MeasureStatus.choices)
        review_on = serializers.DateField(required=False, allow_null=True, default=None)
        notes = serializers.CharField(
            max_length=5_000, required=False, default="", allow_blank=True
        )

    @extend_schema(
        request=InputSerializer, responses={201: None}, operation_id="report_measure_record"
    )
    def post(self, request: Request, public_id: str) -> Response:
        user = _user(request)
        report = selectors.report_get_for_handler(user=user, public_id=public_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        measure = services.measure_record(
            actor=user,
            report=report,
            kind=data["kind"],
            status=data["status"],
            review_on=data["review_on"],
            notes=data["notes"],
            measure_id=data["measure"],
        )
        return Response(
            {"id": measure.pk, "status": measure.status}, status=status.HTTP_201_CREATED
        )


class BodyListApi(HandlerApi):
    """The directory of competent bodies, with what a submission to each must contain."""

    pagination_class = Pagination

    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        slug = serializers.CharField()
        name = serializers.CharField()
        kind = serializers.ChoiceField(choices=v.BodyKind.choices)
        countries = serializers.ListField(child=serializers.CharField())
        violations = serializers.ListField(child=serializers.CharField())
        languages = serializers.ListField(child=serializers.CharField())
        requirements = serializers.ListField(
            child=serializers.ChoiceField(choices=v.ReferralContent.choices)
        )
        requirements_note = serializers.CharField()
        contact = serializers.CharField()
        response_days = serializers.IntegerField()

    class QuerySerializer(serializers.Serializer[Any]):
        country = serializers.RegexField(r"^[A-Za-z]{3}$", required=False)
        violation = serializers.ChoiceField(
            choices=[*v.ViolationType.values, *v.VIOLATION_ALIASES], required=False
        )
        kind = serializers.ChoiceField(choices=v.BodyKind.choices, required=False)

    @extend_schema(
        parameters=[QuerySerializer],
        responses=OutputSerializer(many=True),
        operation_id="body_list",
    )
    def get(self, request: Request) -> Response:
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        bodies = selectors.bodies_list(
            country=query.validated_data.get("country", ""),
            violation=query.validated_data.get("violation", ""),
            kind=query.validated_data.get("kind", ""),
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(bodies, request, view=self)
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)


# Patterns: events several reports describe (issue 39, part 4).


class SharedEventReportSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(source="public_id")
    reference = serializers.CharField()
    submitted_on = serializers.DateField()
    status = serializers.CharField()


class TimelineEntrySerializer(serializers.Serializer[Any]):
    date = serializers.CharField(help_text="A partial ISO date: YYYY, YYYY-MM or YYYY-MM-DD.")
    kind = serializers.ChoiceField(
        choices=["event", "happened", "received", "acknowledged", "linked"]
    )
    report = serializers.CharField(help_text="The report's reference; empty for the event.")
    text = serializers.CharField()


class SharedEventListApi(HandlerApi):
    """Events of the caller's organisation that several reports describe; POST links
    reports of the organisation into a new event (each link audited)."""

    pagination_class = Pagination

    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.UUIDField(source="public_id")
        reference = serializers.CharField()
        country = serializers.CharField()
        date = serializers.CharField(source="start_date")
        violation_types = serializers.ListField(child=serializers.CharField())
        reports = serializers.SerializerMethodField()

        def get_reports(self, obj: Any) -> int:
            return len(obj.links.all())

    class InputSerializer(serializers.Serializer[Any]):
        reports = serializers.ListField(child=serializers.UUIDField(), min_length=1)
        title = serializers.CharField(max_length=200)
        country = serializers.CharField(max_length=3)
        date = serializers.CharField(max_length=10, help_text="YYYY, YYYY-MM or YYYY-MM-DD.")
        place = serializers.CharField(max_length=200, required=False, allow_blank=True)
        violation_types = serializers.ListField(
            child=serializers.CharField(), required=False, default=list
        )

    @extend_schema(responses=OutputSerializer(many=True), operation_id="report_event_list")
    def get(self, request: Request) -> Response:
        events = selectors.shared_events_for_handler(user=_user(request))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(events, request, view=self)
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={201: OpenApiTypes.OBJECT},
        operation_id="report_event_create",
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        reports = [selectors.report_for_link(user=user, public_id=r) for r in data["reports"]]
        event = services.shared_event_create(
            actor=user,
            reports=reports,
            title=data["title"],
            country=data["country"],
            start_date=data["date"],
            place=data.get("place", ""),
            violation_types=data["violation_types"],
        )
        return Response(
            {"id": str(event.public_id), "reports": [str(r.public_id) for r in reports]},
            status=status.HTTP_201_CREATED,
        )


class SharedEventDetailApi(HandlerApi):
    """One event with its reports (those of the caller's organisation) and a dated
    timeline; the read is audited on each report."""

    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.UUIDField()
        reference = serializers.CharField()
        title = serializers.CharField()
        country = serializers.CharField()
        place = serializers.CharField()
        date = serializers.CharField()
        violation_types = serializers.ListField(child=serializers.CharField())
        reports = SharedEventReportSerializer(many=True)
        timeline = TimelineEntrySerializer(many=True)

    @extend_schema(responses=OutputSerializer, operation_id="report_event_detail")
    def get(self, request: Request, event_id: str) -> Response:
        view = selectors.shared_event_get_for_handler(user=_user(request), public_id=event_id)
        event = view.event
        data = {
            "id": event.public_id,
            "reference": event.reference,
            "title": event.title,
            "country": event.country,
            "place": event.place,
            "date": event.start_date,
            "violation_types": list(event.violation_types),
            "reports": view.reports,
            "timeline": [e.__dict__ for e in view.timeline],
        }
        return Response(self.OutputSerializer(data).data)


class SharedEventReportsApi(HandlerApi):
    """Link one more report of the organisation to the event (audited)."""

    class InputSerializer(serializers.Serializer[Any]):
        report = serializers.UUIDField()

    @extend_schema(
        request=InputSerializer,
        responses={201: OpenApiTypes.OBJECT},
        operation_id="report_event_link",
    )
    def post(self, request: Request, event_id: str) -> Response:
        user = _user(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = selectors.shared_event_get_for_change(user=user, public_id=event_id)
        report = selectors.report_for_link(user=user, public_id=serializer.validated_data["report"])
        link = services.shared_event_link(actor=user, event=event, report=report)
        return Response(
            {"report": str(report.public_id), "linked_on": link.linked_on.isoformat()},
            status=status.HTTP_201_CREATED,
        )


class SharedEventReportUnlinkApi(HandlerApi):
    """Take a report out of the event (audited)."""

    @extend_schema(request=None, responses={204: None}, operation_id="report_event_unlink")
    def delete(self, request: Request, event_id: str, public_id: str) -> Response:
        user = _user(request)
        event = selectors.shared_event_get_for_change(user=user, public_id=event_id)
        report = selectors.report_for_link(user=user, public_id=public_id)
        services.shared_event_unlink(actor=user, event=event, report=report)
        return Response(status=status.HTTP_204_NO_CONTENT)
