"""Forms of the screening pages."""

from __future__ import annotations

from typing import Any

import pycountry
from django import forms
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from waypost.core.validators import day_in_past, day_in_range
from waypost.core.vocabularies import choices, language_code_examples
from waypost.screening import services
from waypost.screening.models import (
    AssessmentStatus,
    Concern,
    Priority,
    ServiceStatus,
    ServiceType,
    Sex,
    Travelling,
)
from waypost.screening.specific_needs import groups as specific_need_groups
from waypost.screening.specific_needs import specific_needs
from waypost.screening.vocabularies import (
    AgeMethod,
    DeterminantLevel,
    TraffickingIndicator,
    WashingtonGroupAnswer,
    WashingtonGroupDomain,
)

DATE = forms.DateInput(attrs={"type": "date"})


def _codes(text: str) -> list[str]:
    return [part.strip().lower() for part in text.replace(";", ",").split(",") if part.strip()]


class ScreeningForm(forms.Form):
    name = forms.CharField(label=_("Name (any script, as written)"), max_length=300, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, required=False)
    birth_date = forms.CharField(
        label=_("Date of birth"),
        max_length=10,
        required=False,
        help_text=_("Year, year and month, or full date: 1998, 1998-04 or 1998-04-17."),
    )
    age = forms.IntegerField(label=_("Age given"), min_value=0, max_value=120, required=False)
    nationality = forms.ChoiceField(label=_("Nationality"), required=False)
    languages = forms.CharField(
        label=_("Languages spoken"),
        max_length=100,
        required=False,
        help_text=lazy(lambda: language_code_examples("ar", "ti", "fr"), SafeString)(),
    )
    travelling = forms.ChoiceField(
        label=_("Travelling"), choices=[("", "—"), *Travelling.choices], required=False
    )
    place = forms.CharField(label=_("Place of screening"), max_length=300, required=False)
    language = forms.CharField(label=_("Language of the interview"), max_length=8, required=False)
    interpreter = forms.BooleanField(label=_("With an interpreter"), required=False)
    concerns = forms.MultipleChoiceField(
        label=_("Protection concerns"), required=False, widget=forms.CheckboxSelectMultiple
    )
    trafficking = forms.MultipleChoiceField(
        label=_("Indicators of trafficking"),
        choices=TraffickingIndicator.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    urgent = forms.BooleanField(label=_("Urgent"), required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, concerns: list[Concern], **kwargs: Any) -> None:
        from waypost.screening.selectors import concern_label

        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = [("", "—"), *choices("core.country")]  # type: ignore[attr-defined]
        self.fields["concerns"].choices = [(c.code, concern_label(c)) for c in concerns]  # type: ignore[attr-defined]
        # The Washington Group Short Set: one question per domain, in its own words.
        for domain, label in WashingtonGroupDomain.choices:
            self.fields[f"wg_{domain}"] = forms.ChoiceField(
                label=label, choices=[("", "—"), *WashingtonGroupAnswer.choices], required=False
            )
        # The IOM determinants of vulnerability: risk and protective factors by level.
        for level, label in DeterminantLevel.choices:
            self.fields[f"risk_{level}"] = forms.CharField(
                label=_("Risk factors: %(level)s") % {"level": label},
                max_length=500,
                required=False,
            )
            self.fields[f"protective_{level}"] = forms.CharField(
                label=_("Protective factors: %(level)s") % {"level": label},
                max_length=500,
                required=False,
            )

    def clean_nationality(self) -> str:
        value: str = self.cleaned_data["nationality"].strip().upper()
        if value and pycountry.countries.get(alpha_3=value) is None:
            raise forms.ValidationError(_("Use an ISO 3166-1 alpha-3 code, e.g. SDN."))
        return value

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "person": {
                "name": data["name"],
                "sex": data["sex"],
                "birth_date": data["birth_date"].strip(),
                "age": data["age"],
                "nationality": data["nationality"],
                "languages": _codes(data["languages"]),
            },
            "travelling": data["travelling"],
            "place": data["place"],
            "language": data["language"].strip().lower(),
            "interpreter": data["interpreter"],
            "concerns": list(data["concerns"]),
            "trafficking": list(data["trafficking"]),
            "urgent": data["urgent"],
            "notes": data["notes"],
            "washington_group": {
                domain: int(data[f"wg_{domain}"])
                for domain in WashingtonGroupDomain.values
                if data.get(f"wg_{domain}")
            },
            "determinants": {
                level: {
                    "risk": [t.strip() for t in data[f"risk_{level}"].split(",") if t.strip()],
                    "protective": [
                        t.strip() for t in data[f"protective_{level}"].split(",") if t.strip()
                    ],
                }
                for level in DeterminantLevel.values
                if data[f"risk_{level}"] or data[f"protective_{level}"]
            },
        }


class ReferralForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), required=False)
    organisation = forms.SlugField(
        label=_("Or an organisation (its short name)"), max_length=60, required=False
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    shared_fields = forms.MultipleChoiceField(
        label=_("Fields to share"), widget=forms.CheckboxSelectMultiple
    )
    given_by = forms.CharField(
        label=_("Consent given by"),
        max_length=300,
        required=False,
        help_text=_("The person, or for a child the guardian, by name."),
    )
    consent_date = forms.DateField(
        label=_("Consent given on"), required=False, validators=[day_in_past], widget=DATE
    )
    override_reason = forms.CharField(
        label=_("Without consent: the reason (supervisors only)"),
        max_length=1000,
        required=False,
    )
    note = forms.CharField(
        label=_("Note to the receiving organisation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, service_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", "—"), *service_choices]  # type: ignore[attr-defined]
        self.fields["shared_fields"].choices = [  # type: ignore[attr-defined]
            (field, label) for field, label in SHARED_FIELD_LABELS.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("service") and not data.get("organisation"):
            raise forms.ValidationError(_("Choose a service or name an organisation."))
        return data

    def consent(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data["given_by"].strip():
            return None
        return {
            "given_by": data["given_by"],
            "date": data["consent_date"],
            "purposes": [services.PURPOSE],
            "fields": list(data["shared_fields"]),
        }


class TransferForm(forms.Form):
    organisation = forms.SlugField(
        label=_("Receiving organisation (its short name)"), max_length=60
    )
    given_by = forms.CharField(
        label=_("Consent given by"),
        max_length=300,
        required=False,
        help_text=_("The person, or for a child the guardian, by name."),
    )
    consent_date = forms.DateField(
        label=_("Consent given on"), required=False, validators=[day_in_past], widget=DATE
    )
    override_reason = forms.CharField(
        label=_("Without consent: the reason (supervisors only)"),
        max_length=1000,
        required=False,
    )
    note = forms.CharField(
        label=_("Why the case is transferred"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def consent(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data["given_by"].strip():
            return None
        return {
            "given_by": data["given_by"],
            "date": data["consent_date"],
            "purposes": [services.PURPOSE],
        }


def specific_needs_choices() -> list[tuple[SafeString, list[tuple[str, SafeString]]]]:
    """UNHCR's codes by group, as UNHCR words them (the codes are not translated: they
    are UNHCR's, in English); codes outside proGres's table are marked."""
    by_group: dict[str, list[tuple[str, SafeString]]] = {
        code: [] for code in specific_need_groups()
    }
    unverified = _("not in the proGres list")
    for code, need in specific_needs().items():
        # UNHCR's English words, marked as English on every page's language.
        label = format_html('<span lang="en">{} — {}</span>', code, need.label)
        if not need.verified:
            label = format_html("{} ({})", label, unverified)
        by_group.setdefault(need.group, []).append((code, label))
    names = specific_need_groups()
    return [
        (format_html('<span lang="en">{} — {}</span>', group, names.get(group, group)), codes)
        for group, codes in by_group.items()
    ]


class ConcernForm(forms.Form):
    """An organisation's concern: its words in each language and the UNHCR codes it maps to."""

    code = forms.SlugField(
        label=_("Short code"),
        max_length=60,
        help_text=_("Letters, digits, hyphens and underscores; it cannot change later."),
    )
    label_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    label_fr = forms.CharField(label=_("Name in French"), max_length=200, required=False)
    label_es = forms.CharField(label=_("Name in Spanish"), max_length=200, required=False)
    label_ar = forms.CharField(label=_("Name in Arabic"), max_length=200, required=False)
    specific_needs = forms.MultipleChoiceField(
        label=_("UNHCR specific needs codes"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Workers pick the concern; the screening gets these codes."),
    )
    high_risk = forms.BooleanField(label=_("High risk"), required=False)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args: Any, new: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["specific_needs"].choices = specific_needs_choices()  # type: ignore[attr-defined]
        if not new:
            del self.fields["code"]

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"])
        if code == "new":
            raise forms.ValidationError(_("Choose another code."))
        return code

    def labels(self) -> dict[str, str]:
        return {
            language: self.cleaned_data[f"label_{language}"].strip()
            for language in ("en", "fr", "es", "ar")
        }


SHARED_FIELD_LABELS = {
    "name": _("Name"),
    "sex": _("Sex"),
    "birth_date": _("Date of birth"),
    "age": _("Age given"),
    "nationality": _("Nationality"),
    "languages": _("Languages spoken"),
    "concerns": _("Protection concerns"),
    "specific_needs": _("UNHCR specific needs codes"),
}


class StepForm(forms.Form):
    text = forms.CharField(
        label=_("Reason or outcome"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ServiceForm(forms.Form):
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    name_fr = forms.CharField(label=_("Name in French"), max_length=200, required=False)
    name_es = forms.CharField(label=_("Name in Spanish"), max_length=200, required=False)
    name_ar = forms.CharField(label=_("Name in Arabic"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("Type"), choices=ServiceType.choices)
    languages = forms.CharField(
        label=_("Languages spoken"),
        max_length=100,
        required=False,
        help_text=lazy(lambda: language_code_examples("ar", "ti", "fr"), SafeString)(),
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    latitude = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90, required=False)
    longitude = forms.FloatField(
        label=_("Longitude"), min_value=-180, max_value=180, required=False
    )
    hours = forms.CharField(label=_("Opening hours"), max_length=300, required=False)
    age_min = forms.IntegerField(label=_("From age"), min_value=0, max_value=120, required=False)
    age_max = forms.IntegerField(label=_("Up to age"), min_value=0, max_value=120, required=False)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=0, required=False)
    contact = forms.CharField(label=_("Contact"), max_length=300, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ServiceStatus.choices)

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        eligibility = {k: data[k] for k in ("age_min", "age_max") if data[k] is not None}
        return {
            "names": {
                lang: data[f"name_{lang}"]
                for lang in ("en", "fr", "es", "ar")
                if data[f"name_{lang}"]
            },
            "type": data["type"],
            "languages": _codes(data["languages"]),
            "place": data["place"],
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            "hours": data["hours"],
            "eligibility": eligibility,
            "capacity": data["capacity"],
            "contact": data["contact"],
            "status": data["status"],
        }


class AgeAssessmentForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=AssessmentStatus.choices,
    )
    methods = forms.MultipleChoiceField(
        label=_("Methods, least intrusive first"),
        choices=AgeMethod.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    documents = forms.CharField(label=_("Documents seen"), max_length=500, required=False)
    professionals = forms.CharField(
        label=_("Professionals involved (multidisciplinary)"), max_length=500, required=False
    )
    age_min = forms.IntegerField(label=_("Lowest age"), min_value=0, max_value=120, required=False)
    age_max = forms.IntegerField(label=_("Highest age"), min_value=0, max_value=120, required=False)
    notified_on = forms.DateField(
        label=_("Person notified on"), required=False, validators=[day_in_past], widget=DATE
    )
    appeal = forms.CharField(label=_("Appeal"), max_length=1000, required=False)

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["methods"] = list(data["methods"])
        data["documents"] = [d.strip() for d in data["documents"].split(",") if d.strip()]
        data["professionals"] = [p.strip() for p in data["professionals"].split(",") if p.strip()]
        return data


class BiaForm(forms.Form):
    care_arrangement = forms.CharField(
        label=_("Care arrangement"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    family = forms.CharField(
        label=_("Family and contacts"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    wishes = forms.CharField(
        label=_("The child's wishes, as the child said them"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    risks = forms.CharField(
        label=_("Risks"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    interventions = forms.CharField(
        label=_("Interventions"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class BiaDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Return for changes"))],
        coerce=lambda value: value == "1",
    )
    comment = forms.CharField(label=_("Comment"), max_length=1000, required=False)


class BidForm(forms.Form):
    decided_on = forms.DateField(label=_("Panel date"), validators=[day_in_past], widget=DATE)
    members = forms.CharField(
        label=_("Panel members"), max_length=500, help_text=_("Names separated by commas.")
    )
    evidence = forms.CharField(
        label=_("Evidence considered"), widget=forms.Textarea(attrs={"rows": 2})
    )
    decision = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}))
    review_on = forms.DateField(
        label=_("Review date"), required=False, validators=[day_in_range], widget=DATE
    )

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["members"] = [m.strip() for m in data["members"].split(",") if m.strip()]
        return data


class GuardianForm(forms.Form):
    guardian = forms.CharField(label=_("Guardian"), max_length=300)
    appointed_on = forms.DateField(label=_("Appointed on"), validators=[day_in_past], widget=DATE)


class TracingLinkForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Tracing record"),
        choices=[("found", _("Found persons")), ("missing", _("Missing-person reports"))],
    )
    record = forms.IntegerField(label=_("Record number"), min_value=1)
