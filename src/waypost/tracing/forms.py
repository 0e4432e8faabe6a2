from __future__ import annotations

from typing import Any

import pycountry
from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from waypost.core.validators import day_in_past, day_in_range
from waypost.core.vocabularies import choices, language_code_examples
from waypost.protection.models import ConsentMethod, Purpose
from waypost.tracing.models import (
    CHILD_CONSENT_NEEDS_GUARDIAN,
    PARTIAL_DATE_HELP,
    Decision,
    DnaConclusion,
    Sex,
    ShareConsent,
    is_child,
    is_partial_date,
)
from waypost.tracing.vocabularies import ContactMeans, FoundAt

# The languages a person is asked for by name: ISO 639-1's, as CLDR names them.
ISO_639_1 = sorted(
    language.alpha_2 for language in pycountry.languages if hasattr(language, "alpha_2")
)


class CountryCodeField(forms.ChoiceField):
    """A country chosen by name; its code posted in any letter case is the same country."""

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).upper()


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Name (any script, as written)"), max_length=300, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, required=False)
    birth_date = forms.CharField(
        label=_("Date of birth"),
        max_length=10,
        required=False,
        help_text=_("Year, year and month, or full date: 1998, 1998-04 or 1998-04-17."),
    )
    age = forms.IntegerField(label=_("Age (estimate)"), min_value=0, max_value=120, required=False)
    age_date = forms.DateField(
        label=_("Age estimated on"),
        required=False,
        validators=[day_in_past],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    # Chosen by name in the reader's language; stored as the ISO 3166-1 alpha-3 code.
    nationality = CountryCodeField(label=_("Nationality"), required=False)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description (physical features, marks, clothing)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    languages = forms.CharField(
        label=_("Languages spoken"),
        max_length=100,
        required=False,
        help_text=lazy(lambda: language_code_examples("ar", "ti", "fr"), SafeString)(),
    )
    height = forms.CharField(label=_("Height"), max_length=30, required=False)
    build = forms.CharField(label=_("Build"), max_length=60, required=False)
    hair = forms.CharField(label=_("Hair"), max_length=60, required=False)
    eyes = forms.CharField(label=_("Eyes"), max_length=60, required=False)
    marks = forms.CharField(
        label=_("Distinguishing marks (scars, tattoos)"), max_length=300, required=False
    )
    clothing = forms.CharField(label=_("Clothing and belongings"), max_length=300, required=False)
    reference_records = forms.CharField(
        label=_("Where reference DNA, dental or fingerprint records are held"),
        max_length=300,
        required=False,
        help_text=_("A reference only (who holds them), never the genetic data itself."),
    )

    DETAIL_FIELDS: tuple[str, ...] = (
        "languages",
        "height",
        "build",
        "hair",
        "eyes",
        "marks",
        "clothing",
        "reference_records",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Named in the language of the page: built for each form, not once at import.
        for name, vocabulary, codes in (
            ("nationality", "core.country", None),
            ("enquirer_language", "core.language", ISO_639_1),
        ):
            field = self.fields.get(name)
            if isinstance(field, forms.ChoiceField):
                field.choices = [("", "—"), *choices(vocabulary, codes)]

    def clean_birth_date(self) -> str:
        value: str = self.cleaned_data["birth_date"].strip()
        if value and not is_partial_date(value):
            raise forms.ValidationError(PARTIAL_DATE_HELP)
        return value

    def clean_nationality(self) -> str:
        value: str = self.cleaned_data["nationality"].strip().upper()
        if value and pycountry.countries.get(alpha_3=value) is None:
            raise forms.ValidationError(_("Use an ISO 3166-1 alpha-3 code, e.g. SDN."))
        return value

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["age_date"] = data["age_date"].isoformat() if data.get("age_date") else ""
        details = {name: data.pop(name) for name in self.DETAIL_FIELDS if name in data}
        data["details"] = {name: value for name, value in details.items() if value}
        return data


class EnquirerConsentForm(forms.Form):
    """What the enquirer agrees to, purpose by purpose; each can be withdrawn later."""

    enquirer_consents = forms.MultipleChoiceField(
        label=_("The enquirer agrees to"),
        choices=[
            (Purpose.TRACING, _("searching for the person among other organisations' records")),
            (Purpose.IDENTIFICATION, _("comparing the report with unidentified remains")),
            (Purpose.PROTECTION_REFERRAL, _("referral to a protection service")),
            (Purpose.STATISTICS, _("counting the case in shared statistics, without names")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=[Purpose.TRACING, Purpose.IDENTIFICATION],
    )
    enquirer_consent_method = forms.ChoiceField(
        label=_("How the consent was given"),
        choices=ConsentMethod.choices,
        initial=ConsentMethod.ORAL,
        required=False,
    )


class MissingPersonForm(PersonForm, EnquirerConsentForm):
    enquirer_name = forms.CharField(label=_("Enquirer's name"), max_length=200, required=False)
    enquirer_relationship = forms.CharField(
        label=_("Relationship to the missing person"), max_length=100, required=False
    )
    enquirer_phone = forms.CharField(label=_("Enquirer's phone"), max_length=40, required=False)
    enquirer_language = forms.ChoiceField(label=_("Enquirer's language"), required=False)
    preferred_contact = forms.CharField(
        label=_("How the enquirer prefers to be told"), max_length=200, required=False
    )
    last_contact_date = forms.CharField(
        label=_("Last contact: date"),
        max_length=10,
        required=False,
        help_text=_("1998, 1998-04 or 1998-04-17."),
    )
    last_contact_means = forms.CharField(
        label=_("Last contact: by what means"), max_length=100, required=False
    )
    route = forms.CharField(label=_("Route taken"), max_length=200, required=False)
    destination = forms.CharField(label=_("Intended destination"), max_length=200, required=False)

    DETAIL_FIELDS = (
        *PersonForm.DETAIL_FIELDS,
        "last_contact_date",
        "last_contact_means",
        "route",
        "destination",
    )

    def clean_last_contact_date(self) -> str:
        value: str = self.cleaned_data["last_contact_date"].strip()
        if value and not is_partial_date(value):
            raise forms.ValidationError(PARTIAL_DATE_HELP)
        return value

    def values(self) -> dict[str, Any]:
        data = super().values()
        data["enquirer"] = {
            "name": data.pop("enquirer_name"),
            "relationship": data.pop("enquirer_relationship"),
            "language": data.pop("enquirer_language"),
            "preferred_contact": data.pop("preferred_contact"),
        }
        return data


class FoundPersonForm(PersonForm):
    found_at_kind = forms.ChoiceField(
        label=_("Where the person was found"),
        choices=FoundAt.choices,
    )
    share_consent = forms.ChoiceField(
        label=_("What the person agrees may be told"), choices=ShareConsent.choices
    )
    guardian_or_decision = forms.CharField(
        label=_("For a child: the guardian who consented, or the best-interests decision"),
        max_length=500,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("share_consent", ShareConsent.NOTHING) != ShareConsent.NOTHING
            and not data.get("guardian_or_decision", "").strip()
            and is_child(
                birth_date=data.get("birth_date", ""),
                age=data.get("age"),
                age_date=data["age_date"].isoformat() if data.get("age_date") else "",
                today=timezone.localdate(),
            )
        ):
            self.add_error("guardian_or_decision", CHILD_CONSENT_NEEDS_GUARDIAN)
        return data


class RemainsForm(PersonForm):
    recovery_date = forms.DateField(
        label=_("Recovery date"),
        required=False,
        validators=[day_in_past],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    age_min = forms.IntegerField(
        label=_("Estimated age from"), min_value=0, max_value=120, required=False
    )
    age_max = forms.IntegerField(
        label=_("Estimated age to"), min_value=0, max_value=120, required=False
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(d.value, d.label) for d in (Decision.CONFIRM, Decision.EXCLUDE)],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))


class ReverseForm(forms.Form):
    """Withdrawing a confirmation: the reasons are required, the decision is implied."""

    decision = forms.CharField(widget=forms.HiddenInput, initial=Decision.REVERSE)
    reasons = forms.CharField(
        label=_("Why the identification must be reversed"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_decision(self) -> str:
        return str(Decision.REVERSE)


class DnaResultForm(forms.Form):
    laboratory = forms.CharField(label=_("Laboratory"), max_length=200)
    reference = forms.CharField(label=_("Laboratory's case reference"), max_length=200)
    conclusion = forms.ChoiceField(
        label=_("Conclusion reported"), choices=DnaConclusion.choices, widget=forms.RadioSelect
    )
    reported_on = forms.DateField(
        label=_("Reported on"),
        validators=[day_in_past],
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ContactForm(forms.Form):
    means = forms.ChoiceField(
        label=_("Means"),
        choices=ContactMeans.choices,
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class NotificationForm(forms.Form):
    due_on = forms.DateField(
        label=_("To be done by"),
        required=False,
        validators=[day_in_range],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    language = forms.CharField(label=_("Language"), max_length=8, required=False)
    support = forms.CharField(
        label=_("Support offered (psychosocial, legal, practical)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    outcome = forms.CharField(
        label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    done = forms.BooleanField(label=_("The family has been told"), required=False)
