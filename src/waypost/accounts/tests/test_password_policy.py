"""The password rules (settings.AUTH_PASSWORD_VALIDATORS), wherever a password is set."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.exceptions import ValidationError

from waypost.accounts import services


def create(organisation, password: str):
    return services.user_create(
        username="amina", organisation=organisation, role="caseworker", password=password
    )


def test_a_password_needs_at_least_12_characters(organisation):
    with pytest.raises(ValidationError, match="at least 12 characters"):
        create(organisation, "olive-tree1")  # 11 characters


@pytest.mark.parametrize("length", [12, 64, 128])
def test_long_passphrases_are_allowed_up_to_128_characters(organisation, length):
    password = ("the olive tree by the sea " * 6)[:length]

    user = create(organisation, password)

    assert user.check_password(password)


def test_a_password_of_more_than_128_characters_is_refused(organisation):
    with pytest.raises(ValidationError, match="at most 128 characters"):
        create(organisation, ("the olive tree by the sea " * 6)[:129])


def test_the_forms_say_how_long_a_password_may_be(db):
    texts = " ".join(password_validators_help_texts())

    assert "at least 12 characters" in texts
    assert "at most 128 characters" in texts
