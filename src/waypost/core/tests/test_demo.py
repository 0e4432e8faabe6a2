from __future__ import annotations

import pytest
from django.contrib.auth import authenticate

from waypost.accounts.models import Organisation, User
from waypost.accounts.roles import Role
from waypost.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_prints_a_working_login_for_every_role(capsys):
    logins = load_demo(progress=lambda message: None)

    roles = {login.role for login in logins}
    assert {str(role.label) for role in Role} <= roles
    for login in logins:
        assert authenticate(username=login.username, password=login.password) is not None


def test_loading_the_demo_twice_keeps_the_same_logins_and_duplicates_nothing():
    first = load_demo(progress=lambda message: None)
    organisations, users = Organisation.objects.count(), User.objects.count()

    second = load_demo(progress=lambda message: None)

    assert [(login.username, login.password) for login in first] == [
        (login.username, login.password) for login in second
    ]
    assert (Organisation.objects.count(), User.objects.count()) == (organisations, users)


def test_the_demo_has_an_organisation_of_each_kind_used_on_routes():
    load_demo(progress=lambda message: None)

    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert {"ngo", "forensic", "nhri", "consulate", "border-authority"} <= kinds
