"""The information team's forms: a point, an article's draft, and an article's text in one
more language."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from waypost.core.vocabularies import language_code_examples
from waypost.info import languages
from waypost.info.models import PointKind, PublicationStatus, Topic


def _hours(text: str) -> Any:
    """Hours as typed: ranges (``08:00-18:00``) or an object by weekday as JSON."""
    text = (text or "").strip()
    if text.startswith("{"):
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise forms.ValidationError(_("Write the hours by day as JSON, or as ranges.")) from exc
        if not isinstance(value, dict):
            raise forms.ValidationError(_("Write the hours by day as JSON, or as ranges."))
        return value
    return text


def _hours_help() -> SafeString:
    """The forms of hours, as code (the same in every language), in a translated sentence."""
    return format_html(
        gettext("{ranges}, or by day: {by_day}."),
        ranges=format_html_join(
            ", ",
            "<code>{}</code>",
            [(text,) for text in ("08:00-18:00", "08:00-12:00, 14:00-18:00", "24/7")],
        ),
        by_day=format_html("<code>{}</code>", '{"mon": "08:00-17:00", "sat": "09:00-12:00"}'),
    )


HOURS_HELP = lazy(_hours_help, SafeString)()


class LanguageChoiceField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=languages.choices, **kwargs)


class PointForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PointKind.choices)
    language = LanguageChoiceField(label=_("Language of the name and description"))
    name = forms.CharField(label=_("Name"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    latitude = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90, required=False)
    longitude = forms.FloatField(
        label=_("Longitude"), min_value=-180, max_value=180, required=False
    )
    hours = forms.CharField(
        label=_("Opening hours"), max_length=500, required=False, help_text=HOURS_HELP
    )
    women_only_hours = forms.CharField(
        label=_("Women-only hours"), max_length=500, required=False, help_text=HOURS_HELP
    )
    spoken = forms.CharField(
        label=_("Languages spoken"),
        max_length=200,
        required=False,
        help_text=lazy(lambda: language_code_examples("ar", "ti", "fr"), SafeString)(),
    )
    accessibility = forms.CharField(label=_("Accessibility"), max_length=1000, required=False)
    wheelchair_accessible = forms.BooleanField(label=_("Wheelchair accessible"), required=False)
    child_friendly = forms.BooleanField(label=_("Child-friendly space"), required=False)
    contact = forms.CharField(label=_("Contact"), max_length=300, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(c, label) for c, label in PublicationStatus.choices if c != "in_review"],
    )

    def clean_hours(self) -> Any:
        return _hours(self.cleaned_data["hours"])

    def clean_women_only_hours(self) -> Any:
        return _hours(self.cleaned_data["women_only_hours"])

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        language = data["language"]
        return {
            "kind": data["kind"],
            "names": {language: data["name"]},
            "descriptions": {language: data["description"]} if data["description"] else {},
            "accessibility": {language: data["accessibility"]} if data["accessibility"] else {},
            "place": data["place"],
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            "hours": data["hours"],
            "women_only_hours": data["women_only_hours"],
            "languages": [code.strip() for code in data["spoken"].split(",") if code.strip()],
            "wheelchair_accessible": data["wheelchair_accessible"],
            "child_friendly": data["child_friendly"],
            "contact": data["contact"],
            "status": data["status"],
        }


class ArticleTextForm(forms.Form):
    language = LanguageChoiceField(label=_("Language"))
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=480,
        required=False,
        help_text=_("A sentence or two: what an SMS answer sends."),
    )
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}))
    audio_url = forms.CharField(label=_("Audio version (address)"), max_length=500, required=False)

    def translations(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {
            data["language"]: {
                "title": data["title"],
                "summary": data["summary"],
                "body": data["body"],
                "audio_url": data["audio_url"],
            }
        }


class ArticleForm(ArticleTextForm):
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    nationality = forms.CharField(
        label=_("For nationals of"),
        max_length=3,
        required=False,
        help_text=_("Consular contacts: the ISO 3166-1 alpha-3 code (SDN, ERI)."),
    )
    review_by = forms.DateField(
        label=_("Review by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    field_order = ["topic", "nationality", "review_by", "language", "title", "summary", "body"]
