from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.accounts.models import User
from waypost.accounts.scopes import RecordKind
from waypost.jobs import selectors
from waypost.jobs.models import Job


class JobDetailApi(APIView):
    """A job's status and progress (for scripts that start imports and wait)."""

    # Jobs are incident imports today (incidents.services); a job of another kind of
    # record will need its own scope check.
    token_scope = RecordKind.INCIDENTS

    class OutputSerializer(serializers.ModelSerializer[Job]):
        class Meta:
            model = Job
            fields = [
                "id",
                "kind",
                "title",
                "status",
                "done",
                "total",
                "percent",
                "message",
                "result",
                "created_at",
                "started_at",
                "finished_at",
            ]

    @extend_schema(responses=OutputSerializer, operation_id="job_detail")
    def get(self, request: Request, job_id: str) -> Response:
        assert isinstance(request.user, User)  # noqa: S101 - IsAuthenticated guarantees it
        job = selectors.job_get(user=request.user, job_id=str(job_id))
        return Response(self.OutputSerializer(job).data)
