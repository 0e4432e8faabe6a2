"""The rules of the register and of consular notification, over plain values.

- Register (Nelson Mandela Rule 7): the items each record must hold, and which are missing.
- Consular notification (VCCR art. 36(1), Body of Principles 16): which rule applies to a
  pair of States, the deadline it sets from the moment the clocks started (the arrest,
  then each transfer), whether the person's choice lets the consulate be notified, and the
  UNHCR rule that the State an asylum seeker fled never learns of them without their
  express consent, whatever a treaty says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy

# "Without delay" (VCCR art. 36(1)(b)) when no treaty gives a number: hours, settable.
DEFAULT_WITHOUT_DELAY_HOURS = 72
# Body of Principles 16(1): the family is told "promptly" after arrest and each transfer.
DEFAULT_FAMILY_HOURS = 24
# How many days before the legal maximum duration the alert is raised.
DEFAULT_MAX_DURATION_WARNING_DAYS = 7
VCCR_RULE = "vccr-36"


def without_delay_hours() -> int:
    return int(getattr(settings, "DETENTION_WITHOUT_DELAY_HOURS", DEFAULT_WITHOUT_DELAY_HOURS))


def family_hours() -> int:
    return int(getattr(settings, "DETENTION_FAMILY_HOURS", DEFAULT_FAMILY_HOURS))


def max_duration_warning_days() -> int:
    return int(
        getattr(settings, "DETENTION_MAX_DURATION_WARNING_DAYS", DEFAULT_MAX_DURATION_WARNING_DAYS)
    )


class RegisterItem(models.TextChoices):
    """Nelson Mandela Rule 7 (a)-(g), as the record holds them: identity (a); reasons,
    authority, arrest (b); admission (c); injuries and ill-treatment (d); property (e);
    family (f); emergency contact (g)."""

    IDENTITY = "identity", pgettext_lazy("rule 7", "Identity")
    REASONS = "reasons", pgettext_lazy("rule 7", "Reasons and legal basis")
    AUTHORITY = "authority", pgettext_lazy("rule 7", "Responsible authority")
    ARREST = "arrest", pgettext_lazy("rule 7", "Date, time and place of arrest")
    ADMISSION = "admission", pgettext_lazy("rule 7", "Day and hour of admission")
    INJURIES = "injuries", pgettext_lazy("rule 7", "Visible injuries")
    ILL_TREATMENT = (
        "ill_treatment",
        pgettext_lazy("rule 7", "Complaints of prior ill-treatment"),
    )
    PROPERTY = "property", pgettext_lazy("rule 7", "Inventory of personal property")
    FAMILY = "family", pgettext_lazy("rule 7", "Family members, including children")
    EMERGENCY_CONTACT = (
        "emergency_contact",
        pgettext_lazy("rule 7", "Emergency contact and next of kin"),
    )


@dataclass(frozen=True)
class RegisterValues:
    name: str
    sex: str
    birth_date: str
    age: int | None
    nationality: str
    legal_basis: str
    reasons: str
    authority: str
    arrested_at: datetime | None
    arrest_place: str
    admitted_at: datetime | None
    injuries: str
    ill_treatment: str
    property: list[str] | None
    family: list[dict[str, object]] | None
    emergency_contact: str


def register_missing(values: RegisterValues) -> list[str]:
    """The Rule 7 items the record does not hold, in the Rule's order.

    An item is held when something was written, "none" included: a monitor who writes
    "no visible injury" or an empty inventory (``[]``) has recorded the item; a value never
    given (empty text, ``None``) has not.
    """
    held = {
        RegisterItem.IDENTITY: bool(values.name)
        and (bool(values.birth_date) or values.age is not None)
        and bool(values.nationality),
        RegisterItem.REASONS: bool(values.legal_basis) and bool(values.reasons),
        RegisterItem.AUTHORITY: bool(values.authority),
        RegisterItem.ARREST: values.arrested_at is not None and bool(values.arrest_place),
        RegisterItem.ADMISSION: values.admitted_at is not None,
        RegisterItem.INJURIES: bool(values.injuries),
        RegisterItem.ILL_TREATMENT: bool(values.ill_treatment),
        RegisterItem.PROPERTY: values.property is not None,
        RegisterItem.FAMILY: values.family is not None,
        RegisterItem.EMERGENCY_CONTACT: bool(values.emergency_contact),
    }
    return [item.value for item in RegisterItem if not held[item]]


@dataclass(frozen=True)
class Rule:
    code: str  # "USA-CHN" for a row of the table, "vccr-36" without one
    mandatory: bool
    max_hours: int | None
    exceptions: str
    source: str


@dataclass(frozen=True)
class Event:
    kind: str
    at: datetime


@dataclass(frozen=True)
class ConsularState:
    rule: str
    mandatory: bool
    due_at: datetime | None
    blocked: bool
    choice: str  # "requested", "declined", "opposed" or "" (not asked yet)
    informed_at: datetime | None
    informed_due_at: datetime | None
    informed_overdue: bool  # not told of the right "without delay" (VCCR art. 36(1)(b))
    notified_at: datetime | None
    overdue: bool
    family_due_at: datetime | None
    family_notified_at: datetime | None
    family_overdue: bool
    consent: bool


CHOICES = ("requested", "declined", "opposed")
# The express consent an asylum seeker gives (recorded by a legal officer) is also their
# request that the consulate be told.
CHOICE_KINDS = (*CHOICES, "consent")


def _choice(ordered: list[Event]) -> tuple[str, datetime | None]:
    choices = [e for e in ordered if e.kind in CHOICE_KINDS]
    if not choices:
        return "", None
    last = choices[-1]
    return ("requested" if last.kind == "consent" else last.kind), last.at


def consular_state(
    *,
    rule: Rule,
    asylum_seeker: bool,
    clock_started_at: datetime,
    events: list[Event],
    ended: bool,
    now: datetime,
    arrested_at: datetime | None = None,
) -> ConsularState:
    """Where a detention stands with the consulate and the family.

    The clocks run from ``clock_started_at``: the arrest, then each transfer (Body of
    Principles 16: notification "promptly after arrest and after each transfer"), so a
    notification made before a transfer no longer counts. An asylum seeker or refugee is
    ``blocked`` until a legal officer records their express consent: no deadline, never
    overdue, and no notification can be recorded.
    """
    ordered = sorted(events, key=lambda e: e.at)
    choice, chosen_at = _choice(ordered)
    consent = any(e.kind == "consent" for e in ordered)
    blocked = asylum_seeker and not consent
    informed = [e.at for e in ordered if e.kind == "informed"]
    informed_at = informed[0] if informed else None
    since = [e.at for e in ordered if e.kind == "notified" and e.at >= clock_started_at]
    notified_at = since[0] if since else None
    hours = rule.max_hours if rule.max_hours is not None else without_delay_hours()
    due_at: datetime | None = None
    if blocked:
        due_at = None
    elif rule.mandatory and not asylum_seeker:
        due_at = clock_started_at + timedelta(hours=hours)
    elif choice == "requested" and chosen_at is not None:
        due_at = max(chosen_at, clock_started_at) + timedelta(hours=hours)
    overdue = bool(due_at and not notified_at and not ended and now > due_at)
    family_since = [
        e.at for e in ordered if e.kind == "family_notified" and e.at >= clock_started_at
    ]
    family_due_at = clock_started_at + timedelta(hours=family_hours())
    # The person is told of the right once, after the arrest; a transfer does not restart it.
    informed_due_at = (arrested_at or clock_started_at) + timedelta(hours=without_delay_hours())
    family_notified_at = family_since[0] if family_since else None
    return ConsularState(
        rule=rule.code,
        mandatory=rule.mandatory,
        due_at=due_at,
        blocked=blocked,
        choice=choice,
        informed_at=informed_at,
        informed_due_at=informed_due_at,
        informed_overdue=informed_at is None and not ended and now > informed_due_at,
        notified_at=notified_at,
        overdue=overdue,
        family_due_at=family_due_at,
        family_notified_at=family_notified_at,
        family_overdue=not family_notified_at and not ended and now > family_due_at,
        consent=consent,
    )


def may_notify(*, rule: Rule, asylum_seeker: bool, events: list[Event]) -> str:
    """Why the consulate may not be notified now ("" when it may)."""
    ordered = sorted(events, key=lambda e: e.at)
    if asylum_seeker and not any(e.kind == "consent" for e in ordered):
        return "asylum"
    if rule.mandatory and not asylum_seeker:
        return ""
    if _choice(ordered)[0] != "requested":
        return "not_requested"
    return ""
