"""Training of border and immigration officials on the human rights of migrants.

Courses are built from modules, one per guideline of the OHCHR Recommended Principles and
Guidelines on Human Rights at International Borders (``MODULES``). Participants are
pseudonymous: a code the organising authority gives, a rank and a sex, never a name. A
certificate is verified at a public URL by its code alone, which says what was passed,
where and until when, and nothing of who.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from waypost.accounts.models import Organisation

LANGUAGES = ("en", "fr", "es", "ar")


class Module(models.TextChoices):
    NON_REFOULEMENT = "non-refoulement", _("Non-refoulement")
    USE_OF_FORCE = "use-of-force", _("Use of force")
    CHILDREN = "children", _("Children at borders")
    GENDER = "gender-sgbv", _("Gender and sexual and gender-based violence")
    TRAFFICKING = "trafficking", _("Trafficking in persons")
    RESCUE = "rescue-at-sea", _("Rescue at sea")
    DETENTION = "detention", _("Detention")
    SCREENING = "screening-referral", _("Screening and referral")
    CONSULAR = "consular-access", _("Consular access")
    DATA = "data-protection", _("Data protection")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other or not said")


class Course(models.Model):
    """A version of a course: its modules, its quiz's pass mark, how long a pass lasts."""

    code = models.SlugField(max_length=60)
    version = models.PositiveIntegerField(default=1)
    title = models.JSONField(help_text="The title in each language: {'en': ..., 'ar': ...}")
    modules = models.JSONField(default=list)  # Module codes
    pass_mark = models.PositiveSmallIntegerField(default=70)  # out of 100
    max_attempts = models.PositiveSmallIntegerField(default=3)  # of the post-test quiz
    valid_months = models.PositiveSmallIntegerField(default=24)  # then a refresher is due
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="training_course_version")
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


class BorderPost(models.Model):
    """A border or immigration post of an organisation and the staff it has."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    staff = models.PositiveIntegerField(default=0)
    # Where the post is and which authority staffs it, in the reporting module's terms
    # (``reporting.authority_kind``): the key of the complaints counted against it.
    country = models.CharField(max_length=3, blank=True, default="")
    authority_kind = models.CharField(max_length=20, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="training_one_post_code")
        ]

    def __str__(self) -> str:
        return self.name


class TrainingSession(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    post = models.ForeignKey(BorderPost, on_delete=models.PROTECT, related_name="sessions")
    course = models.ForeignKey(Course, on_delete=models.PROTECT)
    trainers = models.JSONField(default=list)
    starts_on = models.DateField()
    ends_on = models.DateField()
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.course} {self.post} {self.starts_on}"


class Participant(models.Model):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="participants"
    )
    code = models.CharField(max_length=40)  # the authority's staff code, never a name
    rank = models.CharField(max_length=60, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)
    # The language the participant learns in (their certificate's); blank: the reader's.
    language = models.CharField(max_length=8, blank=True, default="")
    attended = models.BooleanField(default=False)
    pre_score = models.PositiveSmallIntegerField(null=True, blank=True)
    post_score = models.PositiveSmallIntegerField(null=True, blank=True)
    certificate_code = models.CharField(max_length=20, unique=True, null=True, blank=True)
    certified_on = models.DateField(null=True, blank=True)
    refresher_due = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "code"], name="training_one_code_per_session"
            )
        ]

    def __str__(self) -> str:
        return self.code


class Question(models.Model):
    """A multiple-choice question of a course version's quiz, on one module, in each
    language: ``text`` {'en': ...}, ``choices`` [{'en': ...}, ...], ``answer`` the index of
    the right choice."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    module = models.CharField(max_length=30, choices=Module.choices)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.JSONField()
    choices = models.JSONField()
    answer = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.course} Q{self.position}"


class QuizKind(models.TextChoices):
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")


class QuizAttempt(models.Model):
    """One sitting of a participant's pre- or post-test quiz: the answers given, the score
    out of 100 and whether it reached the course's pass mark."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attempts")
    kind = models.CharField(max_length=4, choices=QuizKind.choices)
    number = models.PositiveSmallIntegerField()  # 1, 2, ... per participant and kind
    language = models.CharField(max_length=8)
    answers = models.JSONField()  # {question id: choice index}
    correct = models.PositiveSmallIntegerField()
    questions = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    taken_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["participant", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "kind", "number"], name="training_one_attempt_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.kind} #{self.number}"
