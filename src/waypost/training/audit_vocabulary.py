"""Audit codes of the training app."""

from django.utils.translation import gettext_lazy as _

AUDIT_SENTENCES = {
    "waypost.training.session_created": _("recorded a training session"),
    "waypost.training.results_recorded": _("recorded the results of a training session"),
    "waypost.training.quiz_attempt_recorded": _("recorded a quiz attempt in a training session"),
}
