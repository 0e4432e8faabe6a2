from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypost.core.validators import day_in_past
from waypost.core.vocabularies import label_or_code
from waypost.formats.mmp import CAUSES
from waypost.incidents.models import DatePrecision


class IncidentForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        required=False,
        validators=[day_in_past],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_precision = forms.ChoiceField(
        label=_("Date precision"), choices=DatePrecision.choices, required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100, required=False)
    region = forms.CharField(label=_("Region"), max_length=80, required=False)
    country = forms.CharField(label=_("Country"), max_length=80, required=False)
    place = forms.CharField(
        label=_("Place"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    latitude = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90, required=False)
    longitude = forms.FloatField(
        label=_("Longitude"), min_value=-180, max_value=180, required=False
    )
    route = forms.CharField(label=_("Migration route"), max_length=120, required=False)
    dead = forms.IntegerField(label=_("Dead"), min_value=0, required=False)
    missing = forms.IntegerField(label=_("Missing (minimum estimate)"), min_value=0, required=False)
    survivors = forms.IntegerField(label=_("Survivors"), min_value=0, required=False)
    females = forms.IntegerField(label=_("Females"), min_value=0, required=False)
    males = forms.IntegerField(label=_("Males"), min_value=0, required=False)
    children = forms.IntegerField(label=_("Children"), min_value=0, required=False)
    # MMP's categories, ticked rather than typed: one of them holds commas of its own
    # ("... shelter, food, water"), so splitting typed text on commas broke it apart.
    causes = forms.MultipleChoiceField(
        label=_("Causes of death"),
        required=False,
        choices=[(cause, cause) for cause in CAUSES],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every cause that applies."),
    )
    origin_countries = forms.CharField(
        label=_("Countries of origin"), max_length=300, required=False
    )
    source_name = forms.CharField(label=_("Source"), required=False)
    source_url = forms.CharField(label=_("Link"), required=False)
    source_reliability = forms.ChoiceField(
        label=_("Reliability"),
        required=False,
        choices=[("", "—"), ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5")],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Causes an incident already has outside MMP's current categories (older schemes,
        # merged sources) stay choosable, so editing the incident does not drop them.
        extra = [c for c in self.initial.get("causes") or [] if c not in CAUSES]
        field = self.fields["causes"]
        assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101 - declared above
        # Shown in the reader's language; the stored value stays MMP's English category.
        field.choices = [
            (cause, label_or_code("incidents.cause", cause)) for cause in (*CAUSES, *extra)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("dead") is None and data.get("missing") is None:
            raise forms.ValidationError(
                _("Give the number of dead or of missing people (0 if none).")
            )
        return data

    def values(self) -> tuple[dict[str, Any], dict[str, Any]]:
        data = dict(self.cleaned_data)
        source = {
            "name": data.pop("source_name"),
            "url": data.pop("source_url"),
            "reliability": data.pop("source_reliability"),
            "dead": data.get("dead"),
            "missing": data.get("missing"),
        }
        data["causes"] = list(data.get("causes") or [])
        return data, source


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("MMP export (CSV or XLSX)"),
        help_text=_(
            "An export of IOM's Missing Migrants Project in any of its column schemes. "
            "Incidents already imported are updated, never duplicated."
        ),
    )
    partial = forms.BooleanField(
        label=_("The file is a selection (one region, one route, ...)"),
        help_text=_(
            "A complete export supersedes older ones: incidents of its dates that it no "
            "longer lists stop being counted. A selection lists only some of them, so it "
            "withdraws nothing."
        ),
        required=False,
    )
