"""The detention app's vocabularies (core/vocabularies.py): codes it stores, words shown."""

from __future__ import annotations

from waypost.detention.models import (
    EventKind,
    FacilityStatus,
    FacilityType,
    FindingAspect,
    RecommendationStatus,
    ReleaseKind,
    Severity,
    VisitAccess,
)
from waypost.detention.rules import RegisterItem

VOCABULARIES = {
    "detention.facility_type": FacilityType,
    "detention.facility_status": FacilityStatus,
    "detention.release_kind": ReleaseKind,
    "detention.event_kind": EventKind,
    "detention.register_item": RegisterItem,
    "detention.visit_access": VisitAccess,
    "detention.finding_aspect": FindingAspect,
    "detention.severity": Severity,
    "detention.recommendation_status": RecommendationStatus,
}
