from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from waypost.accounts.models import Organisation
from waypost.core.validators import DayInRange, day_in_range
from waypost.protection.models import DataCategory, Purpose


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Username"), required=False)
    action = forms.CharField(label=_("Action code starts with"), required=False)
    record = forms.CharField(label=_("Record (type:id or id)"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AgreementForm(forms.Form):
    recipient = forms.ModelChoiceField(
        label=_("Organisation that receives"), queryset=Organisation.objects.none()
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    categories = forms.MultipleChoiceField(
        label=_("Data categories"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(
        label=_("Starts on"),
        required=False,
        help_text=_("Nothing is shared before this day. Empty: today."),
        validators=[day_in_range],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    # Agreements are reviewed long before ten years; leave it empty for no end date.
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        validators=[DayInRange(years_ahead=10)],
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: object, provider: Organisation, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        recipient = self.fields["recipient"]
        assert isinstance(recipient, forms.ModelChoiceField)  # noqa: S101
        recipient.queryset = Organisation.objects.filter(is_active=True).exclude(pk=provider.pk)
