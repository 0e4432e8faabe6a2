"""The protection layer's vocabularies (core/vocabularies.py): codes it stores, words shown."""

from __future__ import annotations

from waypost.protection.models import ConsentMethod, ConsentPurpose, DataCategory, Purpose

VOCABULARIES = {
    "protection.purpose": Purpose,
    "protection.data_category": DataCategory,
    "protection.consent_method": ConsentMethod,
    "protection.consent_purpose": ConsentPurpose,
}
