"""Shared REST plumbing: RFC 9457 problem details and pagination.

DRF's default error bodies are ad-hoc dicts; partner systems expect the standard
``application/problem+json`` shape. No maintained package renders RFC 9457 for DRF
(drf-problems follows the obsolete RFC 7807 and is unmaintained), so this small handler
does it on top of DRF's own exception handler.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler

from waypost.core.exceptions import ApplicationError

PROBLEM_CONTENT_TYPE = "application/problem+json"


class Pagination(PageNumberPagination):
    """Pages of ``{count, next, previous, results}``.

    List APIs name it as their ``pagination_class``: drf-spectacular reads that attribute
    to document the page envelope instead of a bare array.
    """

    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request: Request) -> int:
        # DRF falls back to the default page size on a page_size it cannot read; a caller
        # who asked for something is told instead. Sizes above the maximum are capped.
        raw = request.query_params.get(self.page_size_query_param, "")
        if not raw.strip():
            return int(self.page_size or 1)
        size = int(raw) if raw.strip().isdecimal() else 0
        if size < 1:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [_("Use a whole number of at least 1.")]}
            )
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] in (self.page_query_param, self.page_size_query_param):
                parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Results per page, at most {self.max_page_size} (more is capped)."
                )
        return parameters


def problem_body(status_code: int, detail: str = "", **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _status_title(status_code),
        "status": status_code,
    }
    if detail:
        body["detail"] = detail
    body.update(extra)
    return body


def problem_response(status_code: int, detail: str = "", **extra: Any) -> Response:
    return Response(
        problem_body(status_code, detail, **extra),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def problem_json_response(status_code: int, detail: str = "", **extra: Any) -> JsonResponse:
    """Problem details outside DRF: URL-level errors under /api/ (see core.views)."""
    return JsonResponse(
        problem_body(status_code, detail, **extra),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def problem_details_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = _problem_for(exc, context)
    request = context.get("request")
    if response is None or request is None:
        return response
    if response.status_code in (403, 404):
        from waypost.accounts.permissions import audit_refusal

        audit_refusal(request, response.status_code)
    # DRF renders the error with the view's negotiated renderer: the schema view would
    # write the problem as YAML, the Swagger page as HTML, both labelled
    # application/problem+json. Problems are always JSON, whatever the view serves.
    request.accepted_renderer = JSONRenderer()
    request.accepted_media_type = PROBLEM_CONTENT_TYPE
    return response


def _problem_for(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return problem_response(exc.status_code, exc.message, **exc.extra)
    response = exception_handler(exc, context)
    if response is None:
        return None
    extra: dict[str, Any] = {}
    if isinstance(exc, exceptions.ValidationError):
        detail = "The request has invalid fields."
        extra["errors"] = response.data
    elif isinstance(exc, Http404):
        detail = _("Not found.")
    else:
        data = response.data
        detail = str(data.get("detail", "")) if isinstance(data, dict) else str(data)
    problem = problem_response(response.status_code, detail, **extra)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            problem[header] = response[header]
    return problem


def _status_title(code: int) -> str:
    # RFC 9457: with type "about:blank" the title is the HTTP status phrase, in English.
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return "Error" if code >= status.HTTP_400_BAD_REQUEST else "OK"
