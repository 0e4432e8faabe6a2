"""Forms of the detention pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypost.core.validators import day_in_past
from waypost.core.vocabularies import choices
from waypost.detention.models import (
    EventKind,
    Facility,
    FindingAspect,
    RecommendationStatus,
    ReleaseKind,
    Severity,
    VisitAccess,
)

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
SEX_CHOICES = [("", _("Unknown")), ("M", _("Male")), ("F", _("Female")), ("X", _("Other"))]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class FacilityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Facility) -> str:
        return f"{obj.name} ({obj.country})"


class DetentionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    sex = forms.ChoiceField(label=_("Sex"), choices=SEX_CHOICES, required=False)
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[day_in_past],
    )
    age = forms.IntegerField(label=_("Age given"), min_value=0, max_value=120, required=False)
    nationality = forms.ChoiceField(label=_("Nationality"), required=False)
    asylum_seeker = forms.BooleanField(
        label=_("Seeks asylum or is a refugee"),
        required=False,
        help_text=_("Their country's consulate will never be told without their express consent."),
    )
    facility = FacilityChoiceField(label=_("Facility"), queryset=Facility.objects.all())
    arrested_at = forms.DateTimeField(label=_("Arrested at"), widget=DATETIME)
    arrest_place = forms.CharField(label=_("Place of arrest"), max_length=300, required=False)
    admitted_at = forms.DateTimeField(label=_("Admitted at"), widget=DATETIME, required=False)
    authority = forms.CharField(label=_("Responsible authority"), max_length=300, required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=2000, required=False)
    reasons = forms.CharField(
        label=_("Reasons for detention"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    max_days = forms.IntegerField(
        label=_("Maximum duration under the applicable law (days)"),
        min_value=1,
        max_value=3650,
        required=False,
    )
    injuries = forms.CharField(
        label=_("Visible injuries"),
        required=False,
        help_text=_("Write “none visible” if there are none: the register needs an answer."),
    )
    ill_treatment = forms.CharField(
        label=_("Complaints of prior ill-treatment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    property = forms.CharField(
        label=_("Personal property, one item a line"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    no_property = forms.BooleanField(label=_("No personal property"), required=False)
    family = forms.CharField(
        label=_("Family members, including children: one a line (name, relationship, age, where)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    no_family = forms.BooleanField(label=_("No family members to record"), required=False)
    emergency_contact = forms.CharField(
        label=_("Emergency contact and next of kin"), max_length=500, required=False
    )
    lawyer = forms.CharField(label=_("Legal representation"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = [("", "—")] + choices("core.country")  # type: ignore[attr-defined]

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        person = {
            "name": data["name"],
            "sex": data["sex"],
            "birth_date": data["birth_date"].isoformat() if data["birth_date"] else "",
            "age": data["age"],
            "nationality": data["nationality"],
        }
        values: dict[str, Any] = {
            key: data[key]
            for key in (
                "arrest_place",
                "authority",
                "legal_basis",
                "reasons",
                "injuries",
                "ill_treatment",
                "emergency_contact",
                "lawyer",
            )
        }
        items = _lines(data["property"])
        values["property"] = items if items or data["no_property"] else None
        members = [{"name": line} for line in _lines(data["family"])]
        values["family"] = members if members or data["no_family"] else None
        return {
            "person": person,
            "facility": data["facility"],
            "arrested_at": data["arrested_at"],
            "admitted_at": data["admitted_at"],
            "asylum_seeker": data["asylum_seeker"],
            "max_days": data["max_days"],
            **values,
        }


class DetentionEditForm(DetentionForm):
    """Complete or correct the register; the facility changes by a transfer, the arrest
    time never (the clocks run from it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["facility"]
        del self.fields["arrested_at"]

    @classmethod
    def initial_for(cls, detention: Any) -> dict[str, Any]:
        birth_date = detention.birth_date or ""
        return {
            "name": detention.name or "",
            "sex": detention.sex,
            "birth_date": birth_date if len(birth_date) == 10 else None,
            "age": detention.age_at_admission,
            "nationality": detention.nationality,
            "asylum_seeker": detention.asylum_seeker,
            "admitted_at": detention.admitted_at,
            "max_days": detention.max_days,
            "arrest_place": detention.arrest_place or "",
            "authority": detention.authority or "",
            "legal_basis": detention.legal_basis or "",
            "reasons": detention.reasons or "",
            "injuries": detention.injuries or "",
            "ill_treatment": detention.ill_treatment or "",
            "property": "\n".join(detention.property or []),
            "no_property": detention.property == [],
            "family": "\n".join(str(m.get("name", "")) for m in detention.family or []),
            "no_family": detention.family == [],
            "emergency_contact": detention.emergency_contact or "",
            "lawyer": detention.lawyer or "",
        }

    def update_values(self, detention: Any) -> dict[str, Any]:
        data = self.cleaned_data
        person = {
            "name": data["name"],
            "sex": data["sex"],
            "age": data["age"],
            "nationality": data["nationality"],
        }
        if data["birth_date"] or len(detention.birth_date or "") == 10:
            # A partial birth date ("1991") that the date field cannot show is kept.
            person["birth_date"] = data["birth_date"].isoformat() if data["birth_date"] else ""
        values: dict[str, Any] = {
            key: data[key]
            for key in (
                "arrest_place",
                "authority",
                "legal_basis",
                "reasons",
                "injuries",
                "ill_treatment",
                "emergency_contact",
                "lawyer",
                "admitted_at",
                "max_days",
                "asylum_seeker",
            )
        }
        items = _lines(data["property"])
        values["property"] = items if items or data["no_property"] else None
        old = {str(m.get("name", "")): m for m in detention.family or []}
        members = [old.get(line, {"name": line}) for line in _lines(data["family"])]
        values["family"] = members if members or data["no_family"] else None
        return {"person": person, **values}


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"))
    at = forms.DateTimeField(label=_("When"), widget=DATETIME)
    language = forms.CharField(label=_("Language (ISO 639)"), max_length=8, required=False)
    means = forms.CharField(label=_("How"), max_length=60, required=False)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)

    def __init__(self, *args: Any, with_consent: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (value, label)
            for value, label in EventKind.choices
            if value != EventKind.CONSENT or with_consent
        ]


class TransferForm(forms.Form):
    facility = FacilityChoiceField(label=_("To"), queryset=Facility.objects.all())
    at = forms.DateTimeField(label=_("When"), widget=DATETIME)


class ReviewForm(forms.Form):
    """A judicial review or hearing of the detention."""

    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.CharField(
        label=_("Review or hearing"),
        max_length=60,
        help_text=_("For example: judicial review, bail hearing, appeal."),
    )
    outcome = forms.CharField(label=_("Outcome"), max_length=1000, required=False)


class AlternativeForm(forms.Form):
    """An alternative to detention considered or offered."""

    measure = forms.CharField(
        label=_("Alternative to detention"),
        max_length=300,
        help_text=_("For example: reporting to the police, release on bail, a shelter."),
    )
    offered = forms.BooleanField(label=_("Offered to the person"), required=False)
    why_not = forms.CharField(label=_("Why it was not used"), max_length=1000, required=False)


class ReleaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("How it ended"), choices=ReleaseKind.choices)
    at = forms.DateTimeField(label=_("When"), widget=DATETIME)
    notes = forms.CharField(label=_("Note"), max_length=2000, required=False)


class VisitForm(forms.Form):
    facility = FacilityChoiceField(label=_("Facility"), queryset=Facility.objects.all())
    visited_on = forms.DateField(
        label=_("Visited on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[day_in_past],
    )
    announced = forms.BooleanField(label=_("Announced in advance"), required=False)
    access = forms.ChoiceField(label=_("Access"), choices=VisitAccess.choices)
    team = forms.CharField(
        label=_("Team, one person a line"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    aspect = forms.ChoiceField(label=_("Aspect of the finding"), choices=FindingAspect.choices)
    standard = forms.CharField(label=_("Standard it refers to"), max_length=200, required=False)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    finding = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}))
    addressee = forms.CharField(label=_("Recommendation to"), max_length=300, required=False)
    due_on = forms.DateField(
        label=_("Recommendation due on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
    )
    recommendation = forms.CharField(
        label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        recommendations = []
        if data["recommendation"]:
            recommendations.append(
                {
                    "addressee": data["addressee"],
                    "due_on": data["due_on"],
                    "text": data["recommendation"],
                }
            )
        return {
            "facility": data["facility"],
            "visited_on": data["visited_on"],
            "announced": data["announced"],
            "access": data["access"],
            "team": _lines(data["team"]),
            "findings": [
                {
                    "aspect": data["aspect"],
                    "standard": data["standard"],
                    "severity": data["severity"],
                    "text": data["finding"],
                }
            ],
            "recommendations": recommendations,
        }


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Follow-up"), choices=RecommendationStatus.choices)
