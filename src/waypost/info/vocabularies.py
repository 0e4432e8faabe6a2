"""The info app's vocabularies (core/vocabularies.py): codes it stores, words shown."""

from __future__ import annotations

from django.utils.dates import WEEKDAYS

from waypost.info import languages
from waypost.info.hours import DAYS
from waypost.info.models import FeedbackStatus, PointKind, PublicationStatus, Topic


class ContentLanguages:
    """The content languages (info.languages), named in the reader's language by CLDR."""

    def label(self, code: str) -> str | None:
        known = languages.normalise(code)
        return languages.name(known) if known else None

    def codes(self) -> list[str]:
        return list(languages.CONTENT_LANGUAGES)


VOCABULARIES = {
    "info.topic": Topic,
    "info.point_kind": PointKind,
    "info.status": PublicationStatus,
    "info.feedback_status": FeedbackStatus,
    "info.language": ContentLanguages(),
    # Days of opening hours, named by Django's own catalogue.
    "info.weekday": {code: WEEKDAYS[number] for number, code in enumerate(DAYS)},
}
