from waypost.training.models import Module, Sex

VOCABULARIES = {"training.module": Module, "training.sex": Sex}
