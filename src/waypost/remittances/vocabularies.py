"""Words of the World Bank's Remittance Prices Worldwide (RPW) as a migrant reads them.

RPW writes its firm types, payment instruments, ways of receiving and speeds in English,
with varying capitals ("Credit Card", "Credit card"): they are looked up without regard
to case. A value RPW adds later is shown as written.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from waypost.remittances.models import AlertKind


class RpwTerms:
    def __init__(self, terms: Mapping[str, str | Promise]) -> None:
        self.terms = dict(terms)
        self.folded = {code.casefold(): label for code, label in terms.items()}

    def label(self, code: str) -> str | None:
        label = self.folded.get(" ".join(code.split()).casefold())
        return None if label is None else str(label)

    def codes(self) -> list[str]:
        return list(self.terms)


FIRM_TYPES = {
    "Bank": pgettext_lazy("remittance firm type", "Bank"),
    "Money Transfer Operator": pgettext_lazy("remittance firm type", "Money transfer operator"),
    "Post office": pgettext_lazy("remittance firm type", "Post office"),
    "Mobile operator": pgettext_lazy("remittance firm type", "Mobile operator"),
    "Bank/MTO": pgettext_lazy("remittance firm type", "Bank or money transfer operator"),
    "Building Society": pgettext_lazy("remittance firm type", "Building society"),
    "Non-bank FI": pgettext_lazy("remittance firm type", "Non-bank financial institution"),
}
INSTRUMENTS = {
    "Cash": pgettext_lazy("remittance instrument", "Cash"),
    "Bank account": pgettext_lazy("remittance instrument", "Bank account"),
    "Debit card": pgettext_lazy("remittance instrument", "Debit card"),
    "Credit card": pgettext_lazy("remittance instrument", "Credit card"),
    "Mobile money": pgettext_lazy("remittance instrument", "Mobile money"),
    "Online": pgettext_lazy("remittance instrument", "Online"),
    "Home delivery": pgettext_lazy("remittance instrument", "Home delivery"),
    "Card": pgettext_lazy("remittance instrument", "Card"),
    "Other": pgettext_lazy("remittance instrument", "Other"),
}
SPEEDS = {
    "Less than one hour": pgettext_lazy("remittance speed", "Less than an hour"),
    "Same day": pgettext_lazy("remittance speed", "The same day"),
    "Next day": pgettext_lazy("remittance speed", "The next day"),
    "2 days": pgettext_lazy("remittance speed", "2 days"),
    "3-5 days": pgettext_lazy("remittance speed", "3 to 5 days"),
    "6 days or more": pgettext_lazy("remittance speed", "6 days or more"),
}
BREAKDOWN_TITLES = {
    "corridor": pgettext_lazy("remittance breakdown", "Corridor"),
    "source": pgettext_lazy("remittance breakdown", "Sending country"),
    "destination": pgettext_lazy("remittance breakdown", "Receiving country"),
    "firm_type": pgettext_lazy("remittance breakdown", "Firm type"),
    "instrument": pgettext_lazy("remittance breakdown", "How to pay"),
}

VOCABULARIES = {
    "remittances.firm_type": RpwTerms(FIRM_TYPES),
    "remittances.instrument": RpwTerms(INSTRUMENTS),
    "remittances.speed": RpwTerms(SPEEDS),
    "remittances.breakdown": BREAKDOWN_TITLES,
    "remittances.alert": AlertKind,
}
