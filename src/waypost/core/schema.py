"""OpenAPI schema generation (drf-spectacular) tuned to Waypost's API conventions.

Kept apart from core.api: DRF imports the pagination class while drf-spectacular imports
DRF's generic views, so one module holding both would import itself in a circle.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


class AutoSchema(SpectacularAutoSchema):
    """Names schema components after their endpoint: ``MeApi.OutputSerializer`` → ``MeOutput``.

    Endpoints nest serializers called ``InputSerializer``/``OutputSerializer`` (STYLE 11);
    without this every endpoint's components would share the names "Input" and "Output".
    """

    def _get_serializer_name(
        self, serializer: Any, direction: str, bypass_extensions: bool = False
    ) -> str:
        name: str = super()._get_serializer_name(serializer, direction, bypass_extensions)
        qualname = type(serializer).__qualname__
        if "." in qualname and not getattr(getattr(serializer, "Meta", None), "ref_name", None):
            outer = qualname.split(".")[-2].removesuffix("Api")
            if not name.startswith(outer):
                name = outer + name
        return name


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details, as every error under /api/ is written.",
    "properties": {
        "type": {"type": "string", "description": 'Always "about:blank" today.'},
        "title": {"type": "string", "description": "The HTTP status phrase, in English."},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "What went wrong, in the request's language."},
        "errors": {
            "type": "object",
            "additionalProperties": True,
            "description": "For invalid fields: the messages of each field, by field name.",
        },
        "missing_scope": {
            "type": "string",
            "description": "For a 403 to an API token: the scope it lacks, e.g. tracing:write.",
        },
    },
    "required": ["type", "title", "status"],
    "additionalProperties": True,
}

# (status, description, which operations can answer it)
_PROBLEMS: tuple[tuple[str, str, str], ...] = (
    ("400", "The request is malformed or has invalid fields.", "all"),
    ("401", "No valid credentials: a missing, wrong, revoked or expired token.", "authenticates"),
    (
        "403",
        "The caller's role does not allow this, or the token lacks the scope (missing_scope).",
        "requires_auth",
    ),
    ("404", "No such record, or one the caller may not see (never 403 for those).", "all"),
    ("415", "The request body is not JSON, a form or multipart.", "has_body"),
    ("429", "Too many requests: wait for Retry-After seconds.", "all"),
)


def api_conventions(result: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Postprocessing hook: what every operation shares, documented once.

    The error answers every operation can give, as problem details, and empty query
    parameters, which every view reads as absent.

    Views document their successful answers; the errors come from shared plumbing
    (authentication, permissions, parsers, throttles, core.api) and are the same for all,
    so they are added here rather than repeated on each view.
    """
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in ("get", "put", "patch", "post", "delete"):
                continue
            security = operation.get("security") or []
            applies = {
                "all": True,
                "authenticates": bool(security),
                "requires_auth": any(requirement for requirement in security),
                "has_body": "requestBody" in operation,
            }
            # Query parameters sent empty, as forms send them, count as not sent: DRF's
            # fields read "" as no value, and the paginator does the same.
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
            responses = operation.setdefault("responses", {})
            for status, description, when in _PROBLEMS:
                if applies[when] and status not in responses:
                    responses[status] = {"description": description, "content": problem}
            if "429" in responses:
                responses["429"].setdefault(
                    "headers",
                    {
                        "Retry-After": {
                            "schema": {"type": "integer"},
                            "description": "Seconds to wait before trying again.",
                        }
                    },
                )
    return result
