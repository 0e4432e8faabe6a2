from __future__ import annotations

from typing import Any

import pycountry
from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from waypost.accounts.models import User
from waypost.accounts.roles import Permission
from waypost.core.validators import day_in_past, day_in_range
from waypost.core.vocabularies import choices, language_code_examples
from waypost.protection.models import ConsentMethod, ConsentPurpose, Purpose
from waypost.tracing.models import (
    CHILD_CONSENT_NEEDS_GUARDIAN,
    PARTIAL_DATE_HELP,
    CloseReason,
    Decision,
    DnaConclusion,
    Sex,
    SupportResponse,
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


FOUND_CONSENT_CHOICES = [
    (ConsentPurpose.FAMILY_WHEREABOUTS, _("Tell my family where I am")),
    (ConsentPurpose.FAMILY_ALIVE, _("Tell my family I am alive, but not where")),
    (ConsentPurpose.TRACING, _("Share my record with other tracing organisations")),
]


class FoundConsentForm(forms.Form):
    """What the found person allows, purpose by purpose; each can be withdrawn at once."""

    found_consents = forms.MultipleChoiceField(
        label=_("The person allows"),
        choices=FOUND_CONSENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Ask the person for each one separately. With none ticked, the family is told nothing."
        ),
    )
    guardian_or_decision = forms.CharField(
        label=_("For a child: the guardian who consented, or the best-interests decision"),
        max_length=500,
        required=False,
    )

    # The found person whose consents change (the consent page); on the new-record form
    # the person's age is read from the form itself.
    person: Any = None

    def _is_child(self, data: dict[str, Any]) -> bool:
        if self.person is not None:
            birth_date, age, age_date = (
                self.person.birth_date,
                self.person.age,
                self.person.age_date,
            )
        else:
            birth_date, age = data.get("birth_date", ""), data.get("age")
            age_date = data["age_date"].isoformat() if data.get("age_date") else ""
        return is_child(
            birth_date=birth_date, age=age, age_date=age_date, today=timezone.localdate()
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("found_consents")
            and not data.get("guardian_or_decision", "").strip()
            and self._is_child(data)
        ):
            self.add_error("guardian_or_decision", CHILD_CONSENT_NEEDS_GUARDIAN)
        return data


class FoundPersonForm(PersonForm, FoundConsentForm):
    found_at_kind = forms.ChoiceField(
        label=_("Where the person was found"),
        choices=FoundAt.choices,
    )
    message = forms.CharField(
        label=_("The person's message to their family (safe and well)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "In the person's words. Leave out where they are: it is relayed to the family "
            'even when they allow only "alive, not where".'
        ),
    )

    def clean(self) -> dict[str, Any]:
        return FoundConsentForm.clean(self)


class FoundMessageForm(forms.Form):
    message = FoundPersonForm.base_fields["message"]


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


class MissingPersonEditForm(MissingPersonForm):
    """The report's identity and enquirer, as the caseworker corrects them (consents have
    their own form on the report's page)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("enquirer_consents", "enquirer_consent_method"):
            del self.fields[name]

    @classmethod
    def initial_of(cls, report: Any) -> dict[str, Any]:
        enquirer = report.enquirer or {}
        details = report.details or {}
        initial: dict[str, Any] = {
            name: getattr(report, name)
            for name in (
                "name",
                "sex",
                "birth_date",
                "age",
                "nationality",
                "place",
                "description",
                "document_number",
            )
        }
        initial["age_date"] = report.age_date or None
        initial.update({name: details.get(name, "") for name in cls.DETAIL_FIELDS})
        initial.update(
            enquirer_name=enquirer.get("name", ""),
            enquirer_relationship=enquirer.get("relationship", ""),
            enquirer_phone=enquirer.get("phone", ""),
            enquirer_language=enquirer.get("language", ""),
            preferred_contact=enquirer.get("preferred_contact", ""),
        )
        return initial

    def values(self) -> dict[str, Any]:
        data = super().values()
        data.pop("enquirer_consents", None)
        data.pop("enquirer_consent_method", None)
        return data


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=CloseReason.choices)
    note = forms.CharField(
        label=_('In words (needed for "Other")'),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == CloseReason.OTHER and not data.get("note", "").strip():
            self.add_error("note", _("Say why the case is closed."))
        return data


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the case is reopened"), widget=forms.Textarea(attrs={"rows": 2})
    )


class CaseForm(forms.Form):
    assigned_to: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Caseworker"), queryset=User.objects.none(), required=False, empty_label="—"
    )
    next_update_due = forms.DateField(
        label=_("Next family update due"),
        required=False,
        validators=[day_in_range],
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = [
            u.pk
            for u in User.objects.filter(organisation_id=organisation_id, is_active=True)
            if u.has_role_permission(Permission.EDIT_CASES)
        ]
        field = self.fields["assigned_to"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = User.objects.filter(pk__in=people).order_by("username")


class SupportReferralForm(forms.Form):
    to_whom = forms.CharField(label=_("Referred to (service or person)"), max_length=300)
    referred_on = forms.DateField(
        label=_("Referred on"),
        validators=[day_in_past],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    response = forms.ChoiceField(
        label=_("Answer"), choices=SupportResponse.choices, initial=SupportResponse.PENDING
    )


class SupportAnswerForm(forms.Form):
    response = forms.ChoiceField(label=_("Answer"), choices=SupportResponse.choices)
