"""Forms for reporters (no account) and for the people who handle their reports.

The reporter's forms come in two wordings: the standard one and a simple one, with
shorter sentences and everyday words (``simple=True``). Both are translated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from waypost.core.attachments import MAX_ATTACHMENTS_PER_SUBMISSION
from waypost.core.vocabularies import choices, label_or_code
from waypost.reporting import vocabularies as v
from waypost.reporting.dates import PartialDateError, partial_date_parse

MAX_TEXT = 20_000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        if len(files) > MAX_ATTACHMENTS_PER_SUBMISSION:
            raise ValidationError(_("You can attach at most 5 files at a time."))
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def country_name(code: str) -> str:
    """The country's name in the page's language, as CLDR names it (core/vocabularies.py)."""
    return label_or_code("core.country", code)


def _digits(value: str) -> str:
    """What was typed in a date box, with Arabic-Indic and other decimal digits as 0-9."""
    text = (value or "").strip()
    return "".join(str(int(char)) if char.isdecimal() else char for char in text)


def clean_partial_date(value: str) -> str:
    try:
        return partial_date_parse(value)
    except PartialDateError as exc:
        raise ValidationError(
            _(
                "Write the date as a year (2025), a month (2025-03) or a day (2025-03-14), not in the future."
            )
        ) from exc


class WithoutSilentCuts(forms.Form):
    """A browser stops taking text at an input's ``maxlength`` without a word: the reporter
    would not know the end of their account was lost. The form checks the length and says."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)


def _date_box(digits: int) -> forms.TextInput:
    return forms.TextInput(
        attrs={
            "inputmode": "numeric",
            "autocomplete": "off",
            "class": f"date-box date-box-{digits}",
            "dir": "ltr",
            # The group's hint and error describe the three boxes (reporting/_when.html).
            "aria-describedby": "when-hint",
        }
    )


class CountryForm(forms.Form):
    country = forms.ChoiceField(label=_("Country where it happened"))

    def __init__(
        self, *args: Any, countries: list[str], simple: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = [(code, country_name(code)) for code in countries]
        if simple:
            field.label = _("In which country did it happen?")


# Simple wording: same fields, shorter questions in everyday words.
SIMPLE_LABELS: dict[str, tuple[Any, Any]] = {
    "recipient": (
        _("Who should get your report?"),
        _("Only this group will read it. Never the police."),
    ),
    "what_happened": (_("What happened?"), _("Tell it in your own words.")),
    "where": (_("Where?"), _("A town, a road, a camp, a boat, a border post.")),
    "when_text": (
        _("Or tell us when in your own words"),
        _("For example: last week, in the winter, two days before we reached the sea."),
    ),
    "harmed": (_("Who was hurt?"), ""),
    "harmed_count": (_("How many people were hurt?"), ""),
    "perpetrator": (_("Who did it?"), ""),
    "attachments": (
        _("Photos (you can skip this)"),
        _("We remove hidden data from photos, like the place where they were taken."),
    ),
    "identity_name": (
        _("Your name (you can skip this)"),
        _("Only if you want. We keep it locked away."),
    ),
    "identity_contact": (
        _("How can we reach you safely? (you can skip this)"),
        _("A phone number, a messaging app, or a person we can ask for you."),
    ),
}


class ReportForm(WithoutSilentCuts):
    recipient = forms.ChoiceField(
        label=_("Organisation that will receive your report"),
        widget=forms.RadioSelect,
        help_text=_(
            "Only this organisation can read your report. Police and border authorities can never receive it."
        ),
    )
    what_happened = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT,
        help_text=_("Describe what happened, in your own words and language."),
    )
    where = forms.CharField(
        label=_("Where it happened"),
        max_length=300,
        help_text=_(
            "The place, as precisely as you wish: town, road, camp, border crossing, at sea."
        ),
    )
    # When: a date as far as it is known (any of day, month, year, GOV.UK's date input),
    # or words ("last week", "في الشتاء"), or both; none is cut or forced into a date.
    when_day = forms.CharField(
        label=pgettext_lazy("date part", "Day"), required=False, widget=_date_box(2)
    )
    when_month = forms.CharField(
        label=pgettext_lazy("date part", "Month"), required=False, widget=_date_box(2)
    )
    when_year = forms.CharField(
        label=pgettext_lazy("date part", "Year"), required=False, widget=_date_box(4)
    )
    when_text = forms.CharField(
        label=_("Or say when in your own words"),
        max_length=300,
        required=False,
        help_text=_("For example: last week, in the winter, two days after we crossed the border."),
    )
    harmed = forms.MultipleChoiceField(
        label=_("Who was harmed"),
        choices=v.HarmedGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    harmed_count = forms.IntegerField(
        label=_("How many people were harmed"), min_value=1, max_value=10_000, required=False
    )
    perpetrator = forms.ChoiceField(
        label=_("Who did it"),
        choices=v.PerpetratorCategory.choices,
        widget=forms.RadioSelect,
        initial=v.PerpetratorCategory.UNKNOWN,
    )
    attachments = MultipleFileField(
        label=_("Photos or images (optional)"),
        help_text=_(
            "Up to 5 images (JPEG, PNG, WebP), 8 MB each. Hidden data such as the location and time a photo was taken is removed."
        ),
    )
    identity_name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=200,
        required=False,
        help_text=_(
            "You can stay anonymous. If you give your name, it is kept apart and shown to a handler only with the approval of a senior person of the organisation."
        ),
    )
    identity_contact = forms.CharField(
        label=_("A safe way to contact you (optional)"),
        max_length=300,
        required=False,
        help_text=_("A phone number, a messaging account, or a trusted person."),
    )
    reprisal_fear = forms.ChoiceField(
        label=_("Are you afraid of reprisals if someone learns of this report? (optional)"),
        choices=[("yes", _("Yes")), ("no", _("No")), ("unsure", _("I am not sure"))],
        widget=forms.RadioSelect,
        required=False,
        help_text=_("It helps the organisation protect you and the witnesses."),
    )
    safe_contact_channel = forms.ChoiceField(
        label=_("If the organisation needs to contact you, how may it do so? (optional)"),
        choices=v.ContactChannel.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    safe_contact_when = forms.CharField(
        label=_("When is it safe to contact you? (optional)"),
        max_length=300,
        required=False,
        help_text=_("For example: only after 8 in the evening; never on Fridays."),
    )
    safe_contact_words = forms.CharField(
        label=_("Words the organisation should say first (optional)"),
        max_length=300,
        required=False,
        help_text=_(
            "So that you know it is them, and nobody near you learns why they call. For example: a question about a blue bicycle."
        ),
    )

    def __init__(
        self,
        *args: Any,
        recipients: Sequence[tuple[str, str]],
        simple: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        recipient = self.fields["recipient"]
        assert isinstance(recipient, forms.ChoiceField)  # noqa: S101
        recipient.choices = recipients
        if len(recipients) == 1:
            recipient.initial = recipients[0][0]
        self.when_legend = _("When?") if simple else _("When it happened")
        self.when_hint = (
            _("If you know. For example: 3 2025 for March 2025.")
            if simple
            else _(
                "If you know it: the day, month and year, or only the month and year, or only the year. For example: 14 3 2025."
            )
        )
        if simple:
            for name, (label, help_text) in SIMPLE_LABELS.items():
                self.fields[name].label = label
                self.fields[name].help_text = help_text

    @property
    def date_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.DATE_PARTS]

    @property
    def date_errors(self) -> list[str]:
        return [str(error) for name in self.DATE_PARTS for error in self.errors.get(name, [])]

    # The day, month and year boxes, shown as one question (reporting/_when.html).
    DATE_PARTS = ("when_day", "when_month", "when_year")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, month, year = (_digits(data.get(name, "")) for name in self.DATE_PARTS)
        data["when"] = ""
        if not (day or month or year):
            if not data.get("when_text") and "when_text" not in self.errors:
                self.add_error(
                    "when_year",
                    _("Say when it happened: the year if you know it, or in your own words."),
                )
            return data
        if not year:
            self.add_error("when_year", _("Give the year, or leave the day and month empty."))
        elif day and not month:
            self.add_error("when_month", _("Give the month too, or leave the day empty."))
        else:
            partial = "-".join([year.zfill(4)] + [part.zfill(2) for part in (month, day) if part])
            try:
                data["when"] = clean_partial_date(partial)
            except ValidationError:
                self.add_error(
                    "when_day" if day else "when_month" if month else "when_year",
                    _(
                        "This date does not exist or is in the future. Check the day, month and year."
                    ),
                )
        return data


class ReceiptForm(WithoutSilentCuts):
    receipt = forms.CharField(
        label=_("Your receipt code"),
        max_length=40,
        help_text=_("The 16 digits you were given when you sent your report."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "inputmode": "numeric",
                "spellcheck": "false",
                "autocapitalize": "off",
                "dir": "ltr",
                "class": "receipt-input",
            }
        ),
    )


class ReporterMessageForm(WithoutSilentCuts):
    body = forms.CharField(
        label=_("Your message or answer"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_TEXT,
    )


class EvidenceForm(forms.Form):
    attachments = MultipleFileField(
        label=_("Add photos or images"),
        help_text=_("Up to 5 images (JPEG, PNG, WebP), 8 MB each. Hidden data is removed."),
    )

    def clean_attachments(self) -> list[Any]:
        files = self.cleaned_data["attachments"]
        if not files:
            raise ValidationError(_("Choose at least one file."))
        return list(files)


# Handler forms


class HandlerMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the reporter"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_TEXT,
        help_text=_("The reporter reads it with their receipt code. Ask questions here."),
    )


class TriageForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=v.ReportStatus.choices)
    priority = forms.ChoiceField(label=_("Priority"), choices=v.Priority.choices)
    kept_for_case = forms.BooleanField(
        label=_("Keep for a case (the report does not expire)"), required=False
    )
    closed_reason = forms.ChoiceField(
        label=_("Reason for closing"),
        choices=[("", "—"), *v.ClosedReason.choices],
        required=False,
        help_text=_("When you close the report: the reporter reads this reason."),
    )


class AssignForm(forms.Form):
    handler = forms.TypedChoiceField(
        label=_("Handler"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, handlers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].choices = [  # type: ignore[attr-defined]
            ("", _("Nobody in particular")),
            *((h.pk, h.get_full_name() or h.get_username()) for h in handlers),
        ]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=v.Outcome.choices,
        required=False,
        help_text=_("The reporter sees this outcome in general terms."),
    )


class DisclosureRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you need the reporter's identity"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class EventForm(forms.Form):
    title = forms.CharField(label=_("Event title"), max_length=200)
    country = forms.ChoiceField(label=_("Country"))
    locality = forms.CharField(label=_("Locality"), max_length=200, required=False)
    start_date = forms.CharField(
        label=_("Start date"), max_length=10, help_text=_("2025, 2025-03 or 2025-03-14.")
    )
    end_date = forms.CharField(label=_("End date"), max_length=10, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = choices("core.country")

    def clean_start_date(self) -> str:
        return clean_partial_date(self.cleaned_data["start_date"])

    def clean_end_date(self) -> str:
        value = self.cleaned_data["end_date"]
        return clean_partial_date(value) if value else ""


class VictimForm(forms.Form):
    label = forms.CharField(
        label=_("Victim (pseudonym or description)"),
        max_length=200,
        help_text=_("Do not write a real name here: use a pseudonym such as Victim A."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=v.Sex.choices)
    age_group = forms.ChoiceField(label=_("Age group"), choices=v.AgeGroup.choices)
    count = forms.IntegerField(label=_("Number of people"), min_value=1, initial=1)


class PerpetratorForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=v.PerpetratorCategory.choices)
    authority_kind = forms.ChoiceField(
        label=_("Authority"), choices=v.AuthorityKind.choices, required=False
    )
    description = forms.CharField(label=_("Description"), max_length=500, required=False)


class ActForm(forms.Form):
    violation_type = forms.ChoiceField(label=_("Violation"), choices=v.ViolationType.choices)
    victim = forms.TypedChoiceField(label=_("Victim"), coerce=int, required=False, empty_value=None)
    perpetrator = forms.TypedChoiceField(
        label=_("Perpetrator"), coerce=int, required=False, empty_value=None
    )
    date = forms.CharField(label=_("Date"), max_length=10, required=False)
    notes = forms.CharField(
        label=_("Notes"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        victims: list[tuple[int, str]],
        perpetrators: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        blank = [("", "—")]
        self.fields["victim"].choices = blank + victims  # type: ignore[attr-defined]
        self.fields["perpetrator"].choices = blank + perpetrators  # type: ignore[attr-defined]

    def clean_date(self) -> str:
        value = self.cleaned_data["date"]
        return clean_partial_date(value) if value else ""


class SourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of source"), choices=v.SourceKind.choices)
    reliability = forms.ChoiceField(label=_("Reliability"), choices=v.Reliability.choices)
    notes = forms.CharField(
        label=_("Notes"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InterventionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Intervention"), choices=v.InterventionKind.choices)
    body = forms.CharField(
        label=_("Competent body or recipient"),
        max_length=200,
        help_text=_("For example: Public Prosecutor of Sfax; Ombudsperson; Labour Inspectorate."),
    )
    date = forms.CharField(label=_("Date"), max_length=10)
    status = forms.ChoiceField(label=_("Status"), choices=v.InterventionStatus.choices)
    notes = forms.CharField(
        label=_("Notes"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_date(self) -> str:
        return clean_partial_date(self.cleaned_data["date"])


# Handling: referral, transfer, protection (the report's page, section "Handling").


class ReferralForm(forms.Form):
    body = forms.TypedChoiceField(label=_("Competent body"), coerce=int)
    content = forms.MultipleChoiceField(
        label=_("What is sent (the reporter consents to exactly this)"),
        choices=v.ReferralContent.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, bodies: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [  # type: ignore[attr-defined]
            (b.pk, f"{b.name} ({v.BodyKind(b.kind).label})") for b in bodies
        ]


class ReferralSentForm(forms.Form):
    reference = forms.CharField(label=_("The body's reference"), max_length=200, required=False)


class ReferralResponseForm(forms.Form):
    kind = forms.ChoiceField(label=_("The body's answer"), choices=v.BodyResponse.choices)
    received_on = forms.DateField(label=_("Received on"), required=False)
    notes = forms.CharField(
        label=_("Notes"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TransferForm(forms.Form):
    recipient = forms.ChoiceField(label=_("Organisation that would take the report"))

    def __init__(self, *args: Any, recipients: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = [(o.slug, o.name) for o in recipients]  # type: ignore[attr-defined]


class RiskForm(forms.Form):
    level = forms.ChoiceField(label=_("Risk of reprisal"), choices=v.RiskLevel.choices)
    factors = forms.MultipleChoiceField(
        label=_("Factors"),
        choices=v.RiskFactor.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    review_on = forms.DateField(label=_("Review on"), required=False)


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Protective measure"), choices=v.MeasureKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=v.MeasureStatus.choices)
    review_on = forms.DateField(label=_("Review on"), required=False)
    notes = forms.CharField(
        label=_("Notes"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EventLinkForm(forms.Form):
    """Link a report to an event of the organisation, or to a new one."""

    event = forms.ChoiceField(label=_("Event other reports describe"), required=False)
    title = forms.CharField(label=_("Event title"), max_length=200, required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    start_date = forms.CharField(
        label=_("Date"), max_length=10, required=False, help_text=_("2025, 2025-03 or 2025-03-14.")
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    violation_types = forms.MultipleChoiceField(
        label=_("Violation types"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=v.ViolationType.choices,
    )

    def __init__(self, *args: Any, events: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [  # type: ignore[attr-defined]
            ("", _("A new event")),
            *((str(e.public_id), f"{e.reference} · {e.start_date} · {e.country}") for e in events),
        ]
        field = self.fields["country"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = [("", "—"), *choices("core.country")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("event"):
            if not data.get("title"):
                self.add_error("title", _("Give the new event a short title."))
            if not data.get("country"):
                self.add_error("country", _("Choose the country of the new event."))
            if not data.get("start_date"):
                self.add_error("start_date", _("Give the date of the new event."))
            else:
                data["start_date"] = clean_partial_date(data["start_date"])
        return data
