"""Forms of the training pages: a session, its results, a participant's quiz."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypost.core.vocabularies import label_or_code
from waypost.training.models import LANGUAGES, BorderPost, Course, Sex
from waypost.training.services import ParticipantInput


def parse_participants(text: str) -> list[ParticipantInput]:
    """One participant a line: ``code, rank, sex, language`` (all but the code optional);
    sex and language as their codes (female, male, other; en, fr, es, ar)."""
    participants = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split(",")]
        if len(cells) > 4:
            raise ValidationError(
                _("Line %(number)s: write code, rank, sex, language.") % {"number": number}
            )
        code, rank, sex, language = (cells + ["", "", ""])[:4]
        if sex and sex not in Sex.values:
            raise ValidationError(
                _("Line %(number)s: sex is one of %(codes)s.")
                % {"number": number, "codes": ", ".join(Sex.values)}
            )
        if language and language not in LANGUAGES:
            raise ValidationError(
                _("Line %(number)s: language is one of %(codes)s.")
                % {"number": number, "codes": ", ".join(LANGUAGES)}
            )
        participants.append(ParticipantInput(code=code, rank=rank, sex=sex, language=language))
    if not participants:
        raise ValidationError(_("Write one participant a line."))
    return participants


class SessionForm(forms.Form):
    post = forms.ChoiceField(label=gettext_lazy("Post"), choices=())
    course = forms.ChoiceField(label=gettext_lazy("Course"), choices=())
    starts_on = forms.DateField(
        label=gettext_lazy("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Last day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    trainers = forms.CharField(
        label=gettext_lazy("Trainers"),
        help_text=gettext_lazy("One a line."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    participants = forms.CharField(
        label=gettext_lazy("Participants"),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "ltr"}),
    )

    def __init__(self, *args: Any, posts: list[BorderPost], courses: list[Course], **kwargs: Any):
        super().__init__(*args, **kwargs)
        # The codes typed are the same in every language; each is shown with its name.
        self.fields["participants"].help_text = format_html(
            _(
                "One a line: staff code, rank, sex ({sexes}), language they learn in "
                "({languages}). No names: the code is the authority's own."
            ),
            sexes=format_html_join(", ", "<code>{}</code> ({})", Sex.choices),
            languages=format_html_join(
                ", ",
                "<code>{}</code> ({})",
                ((code, label_or_code("core.language", code)) for code in LANGUAGES),
            ),
        )
        cast(forms.ChoiceField, self.fields["post"]).choices = [
            (post.code, post.name) for post in posts
        ]
        cast(forms.ChoiceField, self.fields["course"]).choices = [
            (course.code, course.title_text)  # type: ignore[attr-defined]
            for course in courses
        ]

    def clean_participants(self) -> list[ParticipantInput]:
        return parse_participants(self.cleaned_data["participants"])

    def clean_trainers(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["trainers"].splitlines() if line.strip()]


class ResultsForm(forms.Form):
    """Attendance and the pre- and post-test scores of each participant of a session."""

    def __init__(self, *args: Any, codes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.codes = codes
        for index, code in enumerate(codes):
            self.fields[f"attended_{index}"] = forms.BooleanField(
                label=_("%(code)s attended") % {"code": code}, required=False
            )
            for kind, label in (("pre", _("pre-test")), ("post", _("post-test"))):
                self.fields[f"{kind}_{index}"] = forms.IntegerField(
                    label=_("%(code)s: %(test)s score") % {"code": code, "test": label},
                    min_value=0,
                    max_value=100,
                    required=False,
                )

    def rows(self) -> list[tuple[str, Any, Any, Any]]:
        return [
            (code, self[f"attended_{i}"], self[f"pre_{i}"], self[f"post_{i}"])
            for i, code in enumerate(self.codes)
        ]

    def results(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {
                "code": code,
                "attended": data[f"attended_{i}"],
                "pre_score": data[f"pre_{i}"],
                "post_score": data[f"post_{i}"],
            }
            for i, code in enumerate(self.codes)
        ]


class QuizForm(forms.Form):
    """A participant's sitting of the quiz: each question a set of choices, in the
    language of the page."""

    def __init__(self, *args: Any, questions: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            self.fields[f"q{question['id']}"] = forms.TypedChoiceField(
                label=f"{number}. {question['text']}",
                choices=list(enumerate(question["choices"])),
                coerce=int,
                widget=forms.RadioSelect,
                required=False,
            )

    def answers(self) -> dict[int, int]:
        return {
            question["id"]: self.cleaned_data[f"q{question['id']}"]
            for question in self.questions
            if self.cleaned_data.get(f"q{question['id']}") not in (None, "")
        }
