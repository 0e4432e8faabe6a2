from waypost.training.models import Module, QuizKind, Sex

VOCABULARIES = {"training.module": Module, "training.sex": Sex, "training.quiz": QuizKind}
