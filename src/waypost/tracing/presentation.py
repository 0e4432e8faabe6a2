"""Tracing records as a person reads them: every stored value with a label, in their language.

"Everything held about this person" (``person_export``) is data: field names, codes, ids,
nested objects. The JSON download gives it as it is; the page gives it through
``readable_export``: each field under its label, each code under its vocabulary's label
(core/vocabularies.py), nested values (the enquirer, further details) as labelled lists,
dates as dates. A field with no label here is shown under its own name, isolated, so that
a new field is never hidden; a test fails for every field of the demo records without one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypost.accounts.models import Organisation, User
from waypost.core.vocabularies import label as vocabulary_label

# Labels of the fields a person export holds, for the three kinds of record and their
# related rows (candidates, contact log, telling the family).
FIELD_LABELS: dict[str, str | Promise] = {
    "id": gettext_lazy("Number in Waypost"),
    "organisation": gettext_lazy("Organisation"),
    "data_category": gettext_lazy("Data category"),
    "created_at": gettext_lazy("Recorded"),
    "updated_at": gettext_lazy("Last changed"),
    "legal_hold": gettext_lazy("Kept under a legal hold"),
    "sex": gettext_lazy("Sex"),
    "age": gettext_lazy("Age (estimate)"),
    "age_date": gettext_lazy("Age estimated on"),
    "age_min": gettext_lazy("Estimated age from"),
    "age_max": gettext_lazy("Estimated age to"),
    "nationality": gettext_lazy("Nationality"),
    "status": gettext_lazy("Status"),
    "closed_reason": gettext_lazy("Reason for closing"),
    "name": gettext_lazy("Name"),
    "birth_date": gettext_lazy("Date of birth"),
    "place": gettext_lazy("Place"),
    "description": gettext_lazy("Description"),
    "document_number": gettext_lazy("Document number"),
    "details": gettext_lazy("Further details"),
    "antemortem": gettext_lazy("Antemortem data"),
    "postmortem": gettext_lazy("Postmortem data"),
    "enquirer": gettext_lazy("Enquirer"),
    "source_record_id": gettext_lazy("Number in the system it came from"),
    "source_record_index": gettext_lazy("Search key of that number"),
    "found_at_kind": gettext_lazy("Where the person was found"),
    "recovery_date": gettext_lazy("Recovery date"),
    "incident": gettext_lazy("Incident"),
    "report": gettext_lazy("Missing-person report"),
    "found_person": gettext_lazy("Found person"),
    "remains": gettext_lazy("Unidentified remains"),
    "score": gettext_lazy("Score"),
    "explanation": gettext_lazy("Why"),
    "author": gettext_lazy("Recorded by"),
    "at": gettext_lazy("When"),
    "means": gettext_lazy("Means"),
    "note": gettext_lazy("Note"),
    "candidate": gettext_lazy("Candidate"),
    "who_tells": gettext_lazy("Who tells"),
    "due_on": gettext_lazy("To be done by"),
    "language": gettext_lazy("Language"),
    "support": gettext_lazy("Support offered (psychosocial, legal, practical)"),
    "outcome": gettext_lazy("Outcome"),
    "told_on": gettext_lazy("Family told on"),
    "closed_at": gettext_lazy("Closed on"),
    "closed_note": gettext_lazy("Reason for closing, in words"),
    "merged_into": gettext_lazy("Merged into report"),
    "assigned_to": gettext_lazy("Caseworker"),
    "next_update_due": gettext_lazy("Next family update due"),
    "other_enquirers": gettext_lazy("Further enquirers"),
    "message": gettext_lazy("The person's message to their family"),
    "family_may_know": gettext_lazy("What the family may be told"),
    "referred_on": gettext_lazy("Referred on"),
    "response": gettext_lazy("Answer"),
    "to_whom": gettext_lazy("Referred to"),
    "recorded_by": gettext_lazy("Recorded by"),
}

# The keys of the nested values: the enquirer, and the further details (tracing/forms.py).
NESTED_LABELS: dict[str, str | Promise] = {
    "name": gettext_lazy("Name"),
    "relationship": gettext_lazy("Relationship"),
    "phone": gettext_lazy("Phone"),
    "language": gettext_lazy("Language"),
    "preferred_contact": gettext_lazy("How the enquirer prefers to be told"),
    "languages": gettext_lazy("Languages spoken"),
    "height": gettext_lazy("Height"),
    "build": gettext_lazy("Build"),
    "hair": gettext_lazy("Hair"),
    "eyes": gettext_lazy("Eyes"),
    "marks": gettext_lazy("Distinguishing marks (scars, tattoos)"),
    "clothing": gettext_lazy("Clothing and belongings"),
    "effects": gettext_lazy("Personal effects"),
    "reference_records": gettext_lazy(
        "Where reference DNA, dental or fingerprint records are held"
    ),
    "last_contact_date": gettext_lazy("Last contact: date"),
    "last_contact_means": gettext_lazy("Last contact: by what means"),
    "route": gettext_lazy("Route taken"),
    "destination": gettext_lazy("Intended destination"),
    "guardian_or_decision": gettext_lazy(
        "For a child: the guardian who consented, or the best-interests decision"
    ),
    "report": gettext_lazy("From report"),
    # Antemortem and postmortem data (tracing/forensic.py), and the keys of their parts.
    "height_cm": gettext_lazy("Height (cm)"),
    "dental": gettext_lazy("Dental chart (FDI notation)"),
    "dental_notes": gettext_lazy("Dental notes"),
    "medical": gettext_lazy("Medical history"),
    "implants": gettext_lazy("Implants and prostheses"),
    "fingerprints_held": gettext_lazy("Where fingerprints of the person are held"),
    "dna_references": gettext_lazy("DNA reference donors"),
    "enquirers": gettext_lazy("Other enquirers"),
    "region": gettext_lazy("Body region"),
    "description": gettext_lazy("Description"),
    "kind": gettext_lazy("Implant or prosthesis"),
    "serial": gettext_lazy("Serial number"),
    "kit": gettext_lazy("Sample kit number"),
    "laboratory": gettext_lazy("Laboratory"),
    "consents": gettext_lazy("The donor agrees to"),
    "contact": gettext_lazy("How to reach them"),
    "pm_number": gettext_lazy("PM number"),
    "body_bag": gettext_lazy("Body bag number"),
    "recovery": gettext_lazy("Recovery"),
    "morgue": gettext_lazy("Morgue"),
    "examination": gettext_lazy("Examination"),
    "age_range": gettext_lazy("Estimated age"),
    "stature_cm": gettext_lazy("Stature (cm)"),
    "sex": gettext_lazy("Sex"),
    "samples": gettext_lazy("Samples taken"),
    "type": gettext_lazy("Sample type"),
    "laboratory_ref": gettext_lazy("Laboratory reference"),
    "cause_of_death": gettext_lazy("Cause of death"),
    "manner_of_death": gettext_lazy("Manner of death"),
    "burial": gettext_lazy("Burial"),
    "cemetery": gettext_lazy("Cemetery"),
    "plot": gettext_lazy("Grave or plot"),
    "marker": gettext_lazy("Grave marker"),
    "lat": gettext_lazy("Latitude"),
    "lon": gettext_lazy("Longitude"),
    "date": gettext_lazy("Date"),
    "by": gettext_lazy("By"),
    "reason": gettext_lazy("Reason"),
    "country": gettext_lazy("Country"),
    "exhumation": gettext_lazy("Exhumation"),
    "repatriation": gettext_lazy("Repatriation"),
    "returned_to_family_on": gettext_lazy("Returned to the family on"),
    "death_certificate": gettext_lazy("Death certificate"),
}

# Codes inside antemortem and postmortem data, by key: the vocabulary that names them.
FORENSIC_VOCABULARY_OF = {
    "dental": "tracing.tooth_state",
    "region": "tracing.body_region",
    "relationship": "tracing.donor_relationship",
    "type": "tracing.sample_type",
    "consents": "tracing.dna_consent",
    "manner_of_death": "tracing.manner_of_death",
    "sex": "tracing.sex",
    "country": "core.country",
}

RELATION_LABELS: dict[str, str | Promise] = {
    "candidates": gettext_lazy("Candidates"),
    "contacts": gettext_lazy("Contact log"),
    "family_notifications": gettext_lazy("Telling the family"),
    "support_referrals": gettext_lazy("Psychosocial support"),
}

# Values stored as codes, by field: the vocabulary that names them.
VOCABULARY_OF = {
    "nationality": "core.country",
    "language": "core.language",
    "found_at_kind": "tracing.found_at",
    "means": "tracing.contact_means",
    "data_category": "protection.data_category",
    "closed_reason": "tracing.close_reason",
    "response": "tracing.support_response",
    "family_may_know": "tracing.family_may_know",
}
STATUS_VOCABULARIES = {
    "missingpersonreport": "tracing.report_status",
    "unidentifiedremains": "tracing.remains_status",
    "candidate": "tracing.candidate_status",
}
DATETIME_FIELDS = {"created_at", "updated_at", "at", "closed_at"}
USER_FIELDS = {"author", "assigned_to", "recorded_by"}


@dataclass
class Shown:
    """One value as the page shows it: a label, and a text, a list of codes' labels, or
    nested (label, Shown) pairs. ``typed`` marks text people typed (shown isolated)."""

    label: str = ""
    text: str = ""
    typed: bool = False
    nested: list[Shown] = field(default_factory=list)
    # A field this module has no label for: its own name, shown isolated like a code.
    unlabelled: bool = False


def _datetime(value: str) -> str:
    moment = datetime.fromisoformat(value)
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


def _languages(value: str) -> str:
    """ "ar, ti" as "Arabic, Tigrinya"; "" if a part is not a language code."""
    names = []
    for part in value.split(","):
        name = vocabulary_label("core.language", part.strip())
        if name is None:
            return ""
        names.append(name)
    return ", ".join(names)


def _show(name: str, value: Any, *, model: str, labels: dict[str, str | Promise]) -> Shown:
    shown = _value(name, value, model=model)
    shown.label = str(labels.get(name, name))
    shown.unlabelled = name not in labels
    return shown


def _inner_text(name: str, value: Any) -> str:
    """A value inside antemortem or postmortem data as one line: its parts labelled, its
    codes named (a dental chart: "11: Crown, 36: Missing")."""
    vocabulary = FORENSIC_VOCABULARY_OF.get(name)
    if isinstance(value, dict):
        if name == "dental":
            return ", ".join(
                f"{tooth}: {vocabulary_label('tracing.tooth_state', state) or state}"
                for tooth, state in value.items()
            )
        return ", ".join(
            f"{NESTED_LABELS.get(key, key)}: {_inner_text(key, item)}"
            for key, item in value.items()
        )
    if isinstance(value, list):
        if name in ("height_cm", "age_range", "stature_cm"):
            return "–".join(str(item) for item in value)
        return "; ".join(_inner_text(name, item) for item in value)
    if vocabulary and isinstance(value, str):
        return vocabulary_label(vocabulary, value) or value
    return str(value)


def _value(name: str, value: Any, *, model: str) -> Shown:
    if value is None or value == "" or value == {} or value == []:
        return Shown(text="—")
    if name in ("antemortem", "postmortem") and isinstance(value, dict):
        return Shown(
            nested=[
                Shown(
                    label=str(NESTED_LABELS.get(key, key)),
                    text=_inner_text(key, item),
                    typed=True,
                    unlabelled=key not in NESTED_LABELS,
                )
                for key, item in value.items()
            ]
        )
    if isinstance(value, dict):
        nested = [
            _show(key, item, model=model, labels=NESTED_LABELS) for key, item in value.items()
        ]
        return Shown(nested=nested)
    if isinstance(value, bool):
        return Shown(text=_("Yes") if value else _("No"))
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        # Further enquirers: each one a labelled group, numbered.
        return Shown(
            nested=[
                _show(str(number), item, model=model, labels={str(number): str(number)})
                for number, item in enumerate(value, start=1)
            ]
        )
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
        if name != "languages":
            return Shown(text=value, typed=True)
    if name == "sex":
        return Shown(text=vocabulary_label("tracing.sex", value) or str(value))
    if name == "status" and model in STATUS_VOCABULARIES:
        return Shown(text=vocabulary_label(STATUS_VOCABULARIES[model], value) or str(value))
    if name in VOCABULARY_OF:
        known = vocabulary_label(VOCABULARY_OF[name], value)
        return Shown(text=known) if known else Shown(text=str(value), typed=True)
    if name == "languages" and isinstance(value, str) and _languages(value):
        return Shown(text=_languages(value))
    if name in DATETIME_FIELDS and isinstance(value, str):
        return Shown(text=_datetime(value))
    if name == "organisation":
        organisation = Organisation.objects.filter(
            **({"pk": value} if isinstance(value, int) else {"slug": value})
        ).first()
        return Shown(text=organisation.name if organisation else str(value), typed=True)
    if name in USER_FIELDS:
        author = User.objects.filter(pk=value).first()
        return Shown(text=author.get_username() if author else "—", typed=True)
    if isinstance(value, float):
        return Shown(text=formats.number_format(value, 2))
    if isinstance(value, date):
        return Shown(text=value.isoformat())
    # Numbers (ids, ages) and text people typed (names, places, notes).
    return Shown(text=str(value), typed=not isinstance(value, int))


def readable_export(data: dict[str, Any]) -> dict[str, Any]:
    """``person_export``'s data as labelled values, with its related rows by relation."""
    model = str(data.get("record_type", "")).rsplit(".", 1)[-1]
    related_models = {
        "candidates": "candidate",
        "contacts": "contactlogentry",
        "support_referrals": "supportreferral",
    }
    return {
        "record": [
            _show(name, value, model=model, labels=FIELD_LABELS)
            for name, value in data["record"].items()
        ],
        "related": [
            (
                str(RELATION_LABELS.get(relation, relation)),
                [
                    [
                        _show(
                            name,
                            value,
                            model=related_models.get(relation, ""),
                            labels=FIELD_LABELS,
                        )
                        for name, value in item.items()
                    ]
                    for item in items
                ],
            )
            for relation, items in data["related"].items()
        ],
    }


def readable_details(details: dict[str, Any]) -> list[Shown]:
    """A record's further details, labelled (the record page's "Further details")."""
    return [_show(key, value, model="", labels=NESTED_LABELS) for key, value in details.items()]
