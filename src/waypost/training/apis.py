"""Training through the API: sessions, their results, and the indicators of a post."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.accounts.models import User
from waypost.accounts.permissions import api_permission
from waypost.accounts.roles import Permission
from waypost.accounts.scopes import RecordKind
from waypost.core.exceptions import NotFound
from waypost.core.validators import day_in_range
from waypost.training import selectors, services
from waypost.training.models import LANGUAGES, QuizKind, Sex


class TrainingParticipantInput(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=40)
    rank = serializers.CharField(max_length=60, required=False, default="", allow_blank=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, default="", allow_blank=True)
    language = serializers.ChoiceField(
        choices=[(language, language) for language in LANGUAGES],
        required=False,
        default="",
        allow_blank=True,
        help_text="The language the participant learns in: their certificate's.",
    )


class TrainingSessionOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    post = serializers.CharField(source="post.code")
    course = serializers.CharField(source="course.code")
    course_version = serializers.IntegerField(source="course.version")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    completed = serializers.SerializerMethodField()
    participants = serializers.SerializerMethodField()

    def get_completed(self, session: Any) -> bool:
        return session.completed_at is not None

    def get_participants(self, session: Any) -> list[dict[str, Any]]:
        return [
            {
                "code": p.code,
                "attended": p.attended,
                "pre_score": p.pre_score,
                "post_score": p.post_score,
                "certificate": p.certificate_code,
                "refresher_due": p.refresher_due.isoformat() if p.refresher_due else None,
            }
            for p in session.participants.order_by("code")
        ]


class TrainingParticipantOutput(serializers.Serializer[Any]):
    code = serializers.CharField()
    attended = serializers.BooleanField()
    pre_score = serializers.IntegerField(allow_null=True)
    post_score = serializers.IntegerField(allow_null=True)
    certificate = serializers.CharField(allow_null=True)
    refresher_due = serializers.DateField(allow_null=True)


class TrainingSessionSchema(TrainingSessionOutput):
    completed = serializers.BooleanField()  # type: ignore[assignment]
    participants = TrainingParticipantOutput(many=True)  # type: ignore[assignment]


class TrainingSessionInput(serializers.Serializer[Any]):
    post = serializers.SlugField()
    course = serializers.SlugField()
    trainers = serializers.ListField(child=serializers.CharField(max_length=100), max_length=20)
    starts_on = serializers.DateField(validators=[day_in_range])
    ends_on = serializers.DateField(validators=[day_in_range])
    participants = TrainingParticipantInput(many=True)


@extend_schema_view(
    post=extend_schema(
        operation_id="training_session_create",
        request=TrainingSessionInput,
        responses={201: TrainingSessionSchema},
        tags=["training"],
    )
)
class SessionCreateApi(APIView):
    """Record a training session at a post with its pseudonymous participants."""

    token_scope = RecordKind.TRAINING

    permission_classes = [api_permission(Permission.MANAGE_MEMBERS)]

    def post(self, request: Request) -> Response:
        data = TrainingSessionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user: User = request.user  # type: ignore[assignment]
        session = services.session_create(
            actor=user,
            post_code=values["post"],
            course_code=values["course"],
            trainers=values["trainers"],
            starts_on=values["starts_on"],
            ends_on=values["ends_on"],
            participants=[services.ParticipantInput(**p) for p in values["participants"]],
        )
        return Response(TrainingSessionOutput(session).data, status=status.HTTP_201_CREATED)


class TrainingResultInput(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=40)
    attended = serializers.BooleanField()
    pre_score = serializers.IntegerField(
        min_value=0, max_value=100, required=False, allow_null=True, default=None
    )
    post_score = serializers.IntegerField(
        min_value=0, max_value=100, required=False, allow_null=True, default=None
    )


@extend_schema_view(
    post=extend_schema(
        operation_id="training_session_results",
        request=TrainingResultInput(many=True),
        responses={200: TrainingSessionSchema},
        tags=["training"],
    )
)
class SessionResultsApi(APIView):
    """Attendance and pre/post-test scores; certifies who passed and completes the session."""

    token_scope = RecordKind.TRAINING

    permission_classes = [api_permission(Permission.MANAGE_MEMBERS)]

    def post(self, request: Request, session_id: int) -> Response:
        data = TrainingResultInput(data=request.data, many=True)
        data.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        session = services.session_results_record(
            actor=user,
            session_id=session_id,
            results=[services.ResultInput(**r) for r in data.validated_data],
        )
        return Response(TrainingSessionOutput(session).data)


class TrainingGain(serializers.Serializer[Any]):
    module = serializers.CharField()
    participants = serializers.IntegerField()
    mean_gain = serializers.FloatField()


class TrainingComplaintCell(serializers.Serializer[Any]):
    violation = serializers.CharField()
    count = serializers.IntegerField(allow_null=True, help_text="null: suppressed")


class TrainingComplaints(serializers.Serializer[Any]):
    """Reports naming the post's kind of authority as perpetrator in its country, from
    the reporting module's published statistics: counts only, small ones suppressed."""

    country = serializers.CharField()
    authority = serializers.CharField()
    since = serializers.DateField()
    total = serializers.IntegerField(allow_null=True, help_text="null: suppressed")
    suppressed_below = serializers.IntegerField()
    by_violation = TrainingComplaintCell(many=True)


class TrainingIndicatorsOutput(serializers.Serializer[Any]):
    post = serializers.CharField()
    staff = serializers.IntegerField()
    complaints_last_12_months = TrainingComplaints(allow_null=True)
    trained_last_12_months = serializers.IntegerField()
    share_trained_last_12_months = serializers.FloatField(allow_null=True)
    overdue_refreshers = serializers.IntegerField()
    gain_per_module = TrainingGain(many=True)


@extend_schema_view(
    get=extend_schema(
        operation_id="training_indicators",
        parameters=[OpenApiParameter("post", str, required=True)],
        responses=TrainingIndicatorsOutput,
        tags=["training"],
    )
)
class IndicatorsApi(APIView):
    """Indicators of a post of the caller's organisation: counts, never individuals."""

    token_scope = RecordKind.TRAINING

    permission_classes = [api_permission(Permission.VIEW_STATISTICS)]

    class InputSerializer(serializers.Serializer[Any]):
        post = serializers.SlugField()

    def get(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        result = selectors.indicators(
            organisation_id=user.organisation_id or 0, post_code=data.validated_data["post"]
        )
        if not result:
            raise NotFound("No such post.")
        return Response(TrainingIndicatorsOutput(result).data)


class TrainingQuizQuestion(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    module = serializers.CharField()
    text = serializers.CharField()
    choices = serializers.ListField(child=serializers.CharField())


class TrainingQuizOutput(serializers.Serializer[Any]):
    session = serializers.IntegerField()
    language = serializers.CharField()
    pass_mark = serializers.IntegerField()
    max_attempts = serializers.IntegerField()
    questions = TrainingQuizQuestion(many=True)


def _language_choices() -> list[tuple[str, str]]:
    return [(language, language) for language in LANGUAGES]


@extend_schema_view(
    get=extend_schema(
        operation_id="training_session_quiz",
        parameters=[OpenApiParameter("lang", str, enum=list(LANGUAGES), required=False)],
        responses=TrainingQuizOutput,
        tags=["training"],
    )
)
class SessionQuizApi(APIView):
    """The quiz of a session's course in one language, without its answers: for a device
    that lets participants sit it and sends the attempts back."""

    token_scope = RecordKind.TRAINING

    permission_classes = [api_permission(Permission.MANAGE_MEMBERS)]

    class InputSerializer(serializers.Serializer[Any]):
        lang = serializers.ChoiceField(choices=_language_choices(), required=False, default="en")

    def get(self, request: Request, session_id: int) -> Response:
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        session = selectors.session_of(
            organisation_id=user.organisation_id or 0, session_id=session_id
        )
        if session is None:
            raise NotFound("No such session.")
        language = data.validated_data["lang"]
        return Response(
            TrainingQuizOutput(
                {
                    "session": session.pk,
                    "language": language,
                    "pass_mark": session.course.pass_mark,
                    "max_attempts": session.course.max_attempts,
                    "questions": selectors.quiz(session, language),
                }
            ).data
        )


class TrainingAnswerInput(serializers.Serializer[Any]):
    question = serializers.IntegerField()
    choice = serializers.IntegerField(min_value=0)


class TrainingAttemptInput(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=40)
    kind = serializers.ChoiceField(choices=QuizKind.choices)
    language = serializers.ChoiceField(choices=_language_choices())
    answers = serializers.ListField(child=TrainingAnswerInput(), max_length=200)


class TrainingAttemptOutput(serializers.Serializer[Any]):
    code = serializers.CharField(source="participant.code")
    kind = serializers.CharField()
    number = serializers.IntegerField()
    correct = serializers.IntegerField()
    questions = serializers.IntegerField()
    score = serializers.IntegerField()
    passed = serializers.BooleanField()
    certificate = serializers.CharField(source="participant.certificate_code", allow_null=True)


@extend_schema_view(
    post=extend_schema(
        operation_id="training_session_attempt",
        request=TrainingAttemptInput,
        responses={201: TrainingAttemptOutput},
        tags=["training"],
    )
)
class SessionAttemptApi(APIView):
    """One sitting of the quiz by a participant: scored, kept, and on a pass of the
    post-test the certificate (there is none without a pass)."""

    token_scope = RecordKind.TRAINING

    permission_classes = [api_permission(Permission.MANAGE_MEMBERS)]

    def post(self, request: Request, session_id: int) -> Response:
        data = TrainingAttemptInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user: User = request.user  # type: ignore[assignment]
        attempt = services.quiz_attempt_record(
            actor=user,
            session_id=session_id,
            code=values["code"],
            kind=values["kind"],
            answers={answer["question"]: answer["choice"] for answer in values["answers"]},
            language=values["language"],
        )
        return Response(TrainingAttemptOutput(attempt).data, status=status.HTTP_201_CREATED)
