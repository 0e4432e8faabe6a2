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
