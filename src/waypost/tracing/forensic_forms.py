"""The antemortem and postmortem forms: Django forms and formsets that read and write the
objects ``forensic`` defines, field for field, so that saving a form keeps everything the
API stored (primary teeth, a relationship typed in another system) and checks it the same
way (``forensic.antemortem_clean`` / ``postmortem_clean`` after the fields' own checks)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from waypost.core.validators import day_in_past
from waypost.core.vocabularies import choices
from waypost.tracing import forensic
from waypost.tracing.models import Sex
from waypost.tracing.vocabularies import (
    BODY_REGIONS,
    DNA_CONSENTS,
    DONOR_RELATIONSHIPS,
    MANNERS_OF_DEATH,
    SAMPLE_TYPES,
    TOOTH_STATES,
)

TEXTAREA = forms.Textarea(attrs={"rows": 3})
LINES_HELP = _("One per line.")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _day(value: Any) -> str:
    return value.isoformat() if value else ""


def _coded_choices(vocabulary: dict[str, Any], value: str = "") -> list[tuple[str, str]]:
    """A select's choices from a vocabulary, with a value stored outside it kept as typed."""
    pairs = [("", "—"), *((code, str(label)) for code, label in vocabulary.items())]
    if value and value not in vocabulary:
        pairs.append((value, value))
    return pairs


class _CodedRow(forms.Form):
    """A formset row whose select keeps a stored value its vocabulary does not know."""

    CODED: dict[str, dict[str, Any]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, vocabulary in self.CODED.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101
            stored = self.data.get(self.add_prefix(name)) if self.is_bound else None
            field.choices = _coded_choices(
                vocabulary, str(stored or (self.initial or {}).get(name) or "")
            )


class MarkForm(_CodedRow):
    CODED = {"region": BODY_REGIONS}
    region = forms.ChoiceField(label=_("Body region"), required=False)
    description = forms.CharField(
        label=_("Mark, scar or tattoo"), max_length=forensic.TEXT_MAX, required=False
    )


class ImplantForm(forms.Form):
    kind = forms.CharField(
        label=_("Implant or prosthesis"), max_length=forensic.TEXT_MAX, required=False
    )
    serial = forms.CharField(label=_("Serial number"), max_length=forensic.TEXT_MAX, required=False)


class DnaReferenceForm(_CodedRow):
    CODED = {"relationship": DONOR_RELATIONSHIPS}
    relationship = forms.ChoiceField(label=_("Relationship to the missing person"), required=False)
    name = forms.CharField(label=_("Donor's name"), max_length=forensic.TEXT_MAX, required=False)
    kit = forms.CharField(
        label=_("Sample kit number"), max_length=forensic.TEXT_MAX, required=False
    )
    laboratory = forms.CharField(
        label=_("Laboratory and its reference"), max_length=forensic.TEXT_MAX, required=False
    )
    consents = forms.MultipleChoiceField(
        label=_("The donor agrees to"),
        choices=list(DNA_CONSENTS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class EnquirerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=forensic.TEXT_MAX, required=False)
    relationship = forms.CharField(
        label=_("Relationship to the missing person"), max_length=forensic.TEXT_MAX, required=False
    )
    contact = forms.CharField(
        label=_("How to reach them"), max_length=forensic.TEXT_MAX, required=False
    )


class SampleForm(_CodedRow):
    CODED = {"type": SAMPLE_TYPES}
    type = forms.ChoiceField(label=_("Sample type"), required=False)
    laboratory_ref = forms.CharField(
        label=_("Laboratory reference"), max_length=forensic.TEXT_MAX, required=False
    )


# Two empty rows below those saved: enough to add one or two at a time without a script.
MarkFormSet = formset_factory(MarkForm, extra=2)
ImplantFormSet = formset_factory(ImplantForm, extra=2)
DnaReferenceFormSet = formset_factory(DnaReferenceForm, extra=2)
EnquirerFormSet = formset_factory(EnquirerForm, extra=2)
SampleFormSet = formset_factory(SampleForm, extra=2)


def _rows(formset: forms.BaseFormSet, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", {}) or {}
        row = {key: data.get(key) for key in keys if data.get(key) not in (None, "", [])}
        if row:
            rows.append(row)
    return rows


QUADRANT_LABELS = {
    "1": _("Upper jaw, the person's right"),
    "2": _("Upper jaw, the person's left"),
    "3": _("Lower jaw, the person's left"),
    "4": _("Lower jaw, the person's right"),
    "5": _("Upper jaw, the person's right (primary teeth)"),
    "6": _("Upper jaw, the person's left (primary teeth)"),
    "7": _("Lower jaw, the person's left (primary teeth)"),
    "8": _("Lower jaw, the person's right (primary teeth)"),
}
PRIMARY_ROWS = (
    (tuple(str(55 - i) for i in range(5)), tuple(str(61 + i) for i in range(5))),
    (tuple(str(85 - i) for i in range(5)), tuple(str(71 + i) for i in range(5))),
)


class Quadrant:
    def __init__(self, form: forms.Form, teeth: tuple[str, ...]) -> None:
        self.number = teeth[0][0]
        self.label = QUADRANT_LABELS[self.number]
        self.teeth = [(tooth, form[f"tooth_{tooth}"]) for tooth in teeth]


class DentalChartForm(forms.Form):
    """One select per tooth (FDI), laid out by the template as the mouth's quadrants."""

    def __init__(self, *args: Any, chart: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        states = [("", "—"), *((code, str(label)) for code, label in TOOTH_STATES.items())]
        for tooth in forensic.TEETH:
            self.fields[f"tooth_{tooth}"] = forms.ChoiceField(
                label=gettext("Tooth %(number)s") % {"number": tooth},
                choices=states,
                required=False,
                initial=(chart or {}).get(tooth, ""),
            )

    def chart_rows(self) -> list[list[Quadrant]]:
        return [[Quadrant(self, half) for half in row] for row in forensic.CHART_ROWS]

    def primary_rows(self) -> list[list[Quadrant]]:
        return [[Quadrant(self, half) for half in row] for row in PRIMARY_ROWS]

    def has_primary(self) -> bool:
        return any(self[f"tooth_{tooth}"].value() for tooth in forensic.PRIMARY_TEETH)

    def dental(self) -> dict[str, str]:
        return {
            tooth: self.cleaned_data[f"tooth_{tooth}"]
            for tooth in forensic.TEETH
            if self.cleaned_data.get(f"tooth_{tooth}")
        }


def _range_initial(value: list[int] | None) -> tuple[int | None, int | None]:
    return (value[0], value[1]) if value else (None, None)


def _range_value(form: forms.Form, low: str, high: str) -> list[int] | None:
    first, second = form.cleaned_data.get(low), form.cleaned_data.get(high)
    if first is None and second is None:
        return None
    if first is None or second is None:
        form.add_error(high if second is None else low, gettext("Give both, from and to."))
        return None
    if first > second:
        form.add_error(high, gettext("This must not be below the value before it."))
        return None
    return [first, second]


class _ForensicForm(DentalChartForm):
    """A form whose formsets (``FORMSETS``: name, class, keys) are part of it."""

    FORMSETS: tuple[tuple[str, type[forms.BaseFormSet], tuple[str, ...]], ...] = ()

    def __init__(
        self, data: Any = None, *, stored: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        stored = stored or {}
        initial = {**self.initial_from(stored), **kwargs.pop("initial", {})}
        super().__init__(data, chart=stored.get("dental"), initial=initial, **kwargs)
        self.formsets = {
            name: formset_class(data, prefix=name, initial=list(stored.get(name, [])) or None)
            for name, formset_class, _keys in self.FORMSETS
        }

    def initial_from(self, stored: dict[str, Any]) -> dict[str, Any]:
        """The form's own fields filled from the stored object: each form (antemortem,
        postmortem) says which; this base is never used alone (Django's form metaclass
        does not mix with ``abc``)."""
        raise NotImplementedError

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return all([valid, *(formset.is_valid() for formset in self.formsets.values())])

    def rows(self, name: str) -> list[dict[str, Any]]:
        keys = next(keys for formset_name, _cls, keys in self.FORMSETS if formset_name == name)
        return _rows(self.formsets[name], keys)

    def show_errors(self, errors: dict[str, Any]) -> None:
        """A service's errors of the object (rendered, by path) on the fields that hold
        them ("burial.lat" on burial_lat), the others above the form."""
        for path, message in forensic.flat(errors):
            name = path.replace(".", "_")
            if name in self.fields:
                self.add_error(name, message)
            else:
                self.add_error(None, f"{path}: {message}")


class AntemortemForm(_ForensicForm):
    height_min = forms.IntegerField(
        label=_("Height from (cm)"),
        min_value=forensic.HEIGHT_CM[0],
        max_value=forensic.HEIGHT_CM[1],
        required=False,
    )
    height_max = forms.IntegerField(
        label=_("Height to (cm)"),
        min_value=forensic.HEIGHT_CM[0],
        max_value=forensic.HEIGHT_CM[1],
        required=False,
    )
    build = forms.CharField(label=_("Build"), max_length=forensic.TEXT_MAX, required=False)
    hair = forms.CharField(label=_("Hair"), max_length=forensic.TEXT_MAX, required=False)
    eyes = forms.CharField(label=_("Eyes"), max_length=forensic.TEXT_MAX, required=False)
    dental_notes = forms.CharField(
        label=_("Dental notes (dentist, X-rays, treatment)"),
        max_length=forensic.LONG_TEXT_MAX,
        widget=TEXTAREA,
        required=False,
    )
    medical = forms.CharField(
        label=_("Medical history (fractures, operations, illnesses)"),
        widget=TEXTAREA,
        required=False,
        help_text=LINES_HELP,
    )
    clothing = forms.CharField(
        label=_("Clothing last worn"), widget=TEXTAREA, required=False, help_text=LINES_HELP
    )
    effects = forms.CharField(
        label=_("Personal effects (jewellery, documents, phone)"),
        widget=TEXTAREA,
        required=False,
        help_text=LINES_HELP,
    )
    fingerprints_held = forms.CharField(
        label=_("Where fingerprints of the person are held"),
        max_length=forensic.TEXT_MAX,
        required=False,
    )

    FORMSETS = (
        ("marks", MarkFormSet, ("region", "description")),
        ("implants", ImplantFormSet, ("kind", "serial")),
        (
            "dna_references",
            DnaReferenceFormSet,
            ("relationship", "name", "kit", "laboratory", "consents"),
        ),
        ("enquirers", EnquirerFormSet, ("name", "relationship", "contact")),
    )

    def initial_from(self, stored: dict[str, Any]) -> dict[str, Any]:
        low, high = _range_initial(stored.get("height_cm"))
        return {
            "height_min": low,
            "height_max": high,
            **{key: stored.get(key, "") for key in ("build", "hair", "eyes", "dental_notes")},
            "fingerprints_held": stored.get("fingerprints_held", ""),
            **{key: "\n".join(stored.get(key, [])) for key in ("medical", "clothing", "effects")},
        }

    def value(self, stored: dict[str, Any]) -> dict[str, Any]:
        """The antemortem object this form says, with what it does not show kept from
        ``stored`` (an enquirer's language given through the API)."""
        data = self.cleaned_data
        enquirers = self.rows("enquirers")
        languages = {e.get("name"): e.get("language") for e in stored.get("enquirers", [])}
        for enquirer in enquirers:
            if languages.get(enquirer.get("name")):
                enquirer["language"] = languages[enquirer["name"]]
        return {
            "height_cm": _range_value(self, "height_min", "height_max"),
            "build": data["build"],
            "hair": data["hair"],
            "eyes": data["eyes"],
            "marks": self.rows("marks"),
            "dental": self.dental(),
            "dental_notes": data["dental_notes"],
            "medical": _lines(data["medical"]),
            "implants": self.rows("implants"),
            "clothing": _lines(data["clothing"]),
            "effects": _lines(data["effects"]),
            "fingerprints_held": data["fingerprints_held"],
            "dna_references": self.rows("dna_references"),
            "enquirers": enquirers,
        }


class PostmortemForm(_ForensicForm):
    pm_number = forms.CharField(label=_("PM number"), max_length=forensic.TEXT_MAX, required=False)
    body_bag = forms.CharField(
        label=_("Body bag number"), max_length=forensic.TEXT_MAX, required=False
    )
    incident = forms.IntegerField(
        label=_("Number of the incident in the register"),
        min_value=1,
        required=False,
        help_text=_("The number in the address of the incident's page; empty to unlink."),
    )
    recovery_date = forms.DateField(
        label=_("Recovered on"),
        required=False,
        validators=[day_in_past],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    recovery_place = forms.CharField(
        label=_("Recovered where"), max_length=forensic.TEXT_MAX, required=False
    )
    recovery_by = forms.CharField(
        label=_("Recovered by"), max_length=forensic.TEXT_MAX, required=False
    )
    recovery_lat = forms.FloatField(
        label=_("Recovery latitude"), min_value=-90, max_value=90, required=False
    )
    recovery_lon = forms.FloatField(
        label=_("Recovery longitude"), min_value=-180, max_value=180, required=False
    )
    morgue = forms.CharField(label=_("Morgue"), max_length=forensic.TEXT_MAX, required=False)
    age_min = forms.IntegerField(
        label=_("Estimated age from"), min_value=0, max_value=120, required=False
    )
    age_max = forms.IntegerField(
        label=_("Estimated age to"), min_value=0, max_value=120, required=False
    )
    sex = forms.ChoiceField(label=_("Sex (examination)"), choices=Sex.choices, required=False)
    stature_min = forms.IntegerField(
        label=_("Stature from (cm)"),
        min_value=forensic.HEIGHT_CM[0],
        max_value=forensic.HEIGHT_CM[1],
        required=False,
    )
    stature_max = forms.IntegerField(
        label=_("Stature to (cm)"),
        min_value=forensic.HEIGHT_CM[0],
        max_value=forensic.HEIGHT_CM[1],
        required=False,
    )
    cause_of_death = forms.CharField(
        label=_("Cause of death"),
        max_length=forensic.LONG_TEXT_MAX,
        widget=TEXTAREA,
        required=False,
    )
    manner_of_death = forms.ChoiceField(
        label=_("Manner of death"),
        choices=[("", "—"), *MANNERS_OF_DEATH.items()],
        required=False,
    )
    burial_cemetery = forms.CharField(
        label=_("Cemetery"), max_length=forensic.TEXT_MAX, required=False
    )
    burial_plot = forms.CharField(
        label=_("Grave or plot"), max_length=forensic.TEXT_MAX, required=False
    )
    burial_marker = forms.CharField(
        label=_("Grave marker (what is written on it)"),
        max_length=forensic.TEXT_MAX,
        required=False,
    )
    burial_date = forms.DateField(
        label=_("Buried on"),
        required=False,
        validators=[day_in_past],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    burial_lat = forms.FloatField(
        label=_("Grave latitude"), min_value=-90, max_value=90, required=False
    )
    burial_lon = forms.FloatField(
        label=_("Grave longitude"), min_value=-180, max_value=180, required=False
    )
    exhumation_date = forms.DateField(
        label=_("Exhumed on"),
        required=False,
        validators=[day_in_past],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    exhumation_by = forms.CharField(
        label=_("Exhumed by"), max_length=forensic.TEXT_MAX, required=False
    )
    exhumation_reason = forms.CharField(
        label=_("Why it was exhumed"),
        max_length=forensic.LONG_TEXT_MAX,
        widget=TEXTAREA,
        required=False,
    )
    repatriation_date = forms.DateField(
        label=_("Repatriated on"),
        required=False,
        validators=[day_in_past],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    repatriation_country = forms.ChoiceField(label=_("Repatriated to"), required=False)
    repatriation_by = forms.CharField(
        label=_("Repatriation arranged by"), max_length=forensic.TEXT_MAX, required=False
    )
    returned_to_family_on = forms.DateField(
        label=_("Returned to the family on"),
        required=False,
        validators=[day_in_past],
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only for identified remains: they are then marked returned."),
    )
    death_certificate = forms.CharField(
        label=_("Death certificate (number, issued by)"),
        max_length=forensic.TEXT_MAX,
        required=False,
    )

    FORMSETS = (("samples", SampleFormSet, ("type", "laboratory_ref")),)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["repatriation_country"]
        assert isinstance(country, forms.ChoiceField)  # noqa: S101
        country.choices = [("", "—"), *choices("core.country")]

    def initial_from(self, stored: dict[str, Any]) -> dict[str, Any]:
        exam = stored.get("examination", {})
        age_min, age_max = _range_initial(exam.get("age_range"))
        stature_min, stature_max = _range_initial(exam.get("stature_cm"))
        initial = {
            key: stored.get(key, "")
            for key in (
                "pm_number",
                "body_bag",
                "morgue",
                "cause_of_death",
                "manner_of_death",
                "returned_to_family_on",
                "death_certificate",
            )
        }
        for group in ("recovery", "burial", "exhumation", "repatriation"):
            for key, value in stored.get(group, {}).items():
                initial[f"{group}_{key}"] = value
        return {
            **initial,
            "age_min": age_min,
            "age_max": age_max,
            "sex": exam.get("sex", ""),
            "stature_min": stature_min,
            "stature_max": stature_max,
        }

    def value(self) -> dict[str, Any]:
        data = self.cleaned_data

        def group(name: str, keys: tuple[str, ...]) -> dict[str, Any]:
            values = {key: data.get(f"{name}_{key}") for key in keys}
            return {
                key: _day(value) if key == "date" else value
                for key, value in values.items()
                if value not in (None, "")
            }

        examination = {
            "age_range": _range_value(self, "age_min", "age_max"),
            "sex": data["sex"],
            "stature_cm": _range_value(self, "stature_min", "stature_max"),
        }
        return {
            "pm_number": data["pm_number"],
            "body_bag": data["body_bag"],
            "recovery": group("recovery", ("date", "place", "by", "lat", "lon")),
            "morgue": data["morgue"],
            "examination": {k: v for k, v in examination.items() if v not in (None, "")},
            "dental": self.dental(),
            "samples": self.rows("samples"),
            "cause_of_death": data["cause_of_death"],
            "manner_of_death": data["manner_of_death"],
            "burial": group("burial", ("cemetery", "plot", "marker", "date", "lat", "lon")),
            "exhumation": group("exhumation", ("date", "by", "reason")),
            "repatriation": group("repatriation", ("date", "country", "by")),
            "returned_to_family_on": _day(data["returned_to_family_on"]),
            "death_certificate": data["death_certificate"],
        }
