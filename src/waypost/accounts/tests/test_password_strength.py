"""Strength feedback where a person sets a password (ASVS 2.1.8)."""

from __future__ import annotations

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from waypost.accounts.models import User
from waypost.accounts.password_strength import password_strength
from waypost.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "level"),
    [
        ("aaaaaaaaaaaaaaaa", 0),  # one character repeated: long, still very weak
        ("abcdefghijklmnop", 0),  # a sequence
        ("123456789012345", 0),  # numbers only (Django refuses them)
        ("password1234", 0),  # on Django's list of common passwords
        ("mountainlake", 1),  # twelve lower-case letters
        ("river-stone-7", 2),
        ("Tr0ub4dor&3xyz", 3),
        ("correct horse battery staple", 4),
        ("kJ8#mQ2!vX9@pL4z", 4),
    ],
)
def test_the_estimate_discounts_repeats_sequences_and_common_passwords(password, level):
    assert password_strength(password).level == level


def test_validator_messages_come_with_the_estimate(caseworker):
    strength = password_strength(caseworker.username + "2024", caseworker)

    assert strength.level == 0
    assert any("too similar" in problem for problem in strength.problems)
    assert strength.label == "very weak"


def test_a_refused_new_password_shows_its_strength_without_echoing_it(client, caseworker):
    assert client.login(username=caseworker.username, password=PASSWORD)
    weak = "aaaaaaaaaaaaaaaaaa"

    page = client.post(
        "/en/accounts/password/",
        {"old_password": PASSWORD, "new_password1": weak, "new_password2": "different"},
    )

    body = page.content.decode()
    assert page.status_code == 200
    assert "Strength of the new password you sent: very weak" in body
    assert '<meter min="0" max="4" low="2" high="3" optimum="4" value="0">' in body
    assert "A longer password is stronger" in body
    assert weak not in body
    assert 'src="/static/waypost/password-strength.js"' in body


def test_a_changed_password_is_told_its_strength(client, caseworker):
    assert client.login(username=caseworker.username, password=PASSWORD)
    new = "mountainlake"

    done = client.post(
        "/en/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )

    assert done.status_code == 302
    home = client.get(done["Location"]).content.decode()
    assert "Strength of your new password: weak (an estimate)." in home


def test_the_invitation_page_has_the_meter_and_the_feedback(client, admin):
    member = User.objects.create(
        username="yasmin", organisation=admin.organisation, role=admin.role
    )
    member.set_unusable_password()
    member.save()
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    token = default_token_generator.make_token(member)
    form_page = client.get(f"/en/accounts/invitation/{uid}/{token}/", follow=True)
    set_password_url = form_page.redirect_chain[-1][0]
    assert 'src="/static/waypost/password-strength.js"' in form_page.content.decode()

    refused = client.post(set_password_url, {"new_password1": "yasmin", "new_password2": "yasmin"})
    assert "Strength of the new password you sent: very weak" in refused.content.decode()

    strong = "olive tree by the quiet sea"
    done = client.post(set_password_url, {"new_password1": strong, "new_password2": strong})
    assert done.status_code == 302
    login_page = client.get(done["Location"]).content.decode()
    assert "Strength of your new password: very strong (an estimate)." in login_page
