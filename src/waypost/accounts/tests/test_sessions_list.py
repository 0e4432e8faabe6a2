"""A person sees their sessions and ends any or all of them; an admin signs a member out
everywhere; ending sessions goes through an index, never a scan (issue 42, ASVS 3.3.4)."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from waypost.accounts import services
from waypost.accounts.devices import browser_of, device_of
from waypost.accounts.models import HashedSession
from waypost.accounts.roles import Role
from waypost.accounts.sessions import SessionStore
from waypost.conftest import PASSWORD, VerifiedClient
from waypost.protection.models import AuditEntry

PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
COMPUTER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def sign_in(username: str, user_agent: str) -> Client:
    """A browser signing in with its password, as a person does (analysts need no second
    factor, so the whole sign-in is the form)."""
    browser = Client(HTTP_USER_AGENT=user_agent)
    response = browser.post("/en/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return browser


def test_user_agents_become_a_kind_of_device_and_a_browser_family():
    assert (device_of(PHONE), browser_of(PHONE)) == ("phone", "chrome")
    assert (device_of(COMPUTER), browser_of(COMPUTER)) == ("computer", "firefox")
    ipad = "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) Version/17.5 Mobile Safari/604.1"
    assert (device_of(ipad), browser_of(ipad)) == ("tablet", "safari")
    edge = "Mozilla/5.0 (Windows NT 10.0) Chrome/126.0 Safari/537.36 Edg/126.0"
    assert (device_of(edge), browser_of(edge)) == ("computer", "edge")
    assert (device_of("curl/8.5"), browser_of("curl/8.5")) == ("other", "other")


def test_a_person_sees_their_sessions_with_device_and_times_but_no_address(make_user, organisation):
    analyst = make_user(organisation, Role.ANALYST, username="analyst")
    phone = sign_in("analyst", PHONE)
    sign_in("analyst", COMPUTER)

    page = phone.get("/en/accounts/sessions/").content.decode()

    assert "Phone · Chrome" in page
    assert "Computer · Firefox" in page
    assert page.count("(this session)") == 1
    sessions = HashedSession.objects.filter(user=analyst)
    assert sessions.count() == 2
    for session in sessions:
        assert session.created_at is not None and session.last_seen_at is not None
        assert "127.0.0.1" not in session.get_decoded().values()
        assert PHONE not in str(session.get_decoded())
    assert "127.0.0.1" not in page


def test_ending_a_session_from_another_browser_signs_the_first_out_at_once(make_user, organisation):
    make_user(organisation, Role.ANALYST, username="analyst")
    phone = sign_in("analyst", PHONE)
    computer = sign_in("analyst", COMPUTER)
    assert phone.get("/en/accounts/sessions/").status_code == 200
    phone_session = HashedSession.objects.get(device="phone")

    response = computer.post("/en/accounts/sessions/end/", {"session": phone_session.pk})

    assert response.status_code == 302
    after = phone.get("/en/accounts/sessions/")
    assert after.status_code == 302
    assert "/accounts/login/" in after["Location"]
    assert computer.get("/en/accounts/sessions/").status_code == 200
    assert AuditEntry.objects.filter(action="waypost.accounts.session.ended").count() == 1


def test_ending_all_other_sessions_keeps_this_one(make_user, organisation):
    make_user(organisation, Role.ANALYST, username="analyst")
    others = [sign_in("analyst", PHONE), sign_in("analyst", PHONE)]
    computer = sign_in("analyst", COMPUTER)

    computer.post("/en/accounts/sessions/end/", {"others": "1"})

    assert all(other.get("/en/accounts/sessions/").status_code == 302 for other in others)
    assert computer.get("/en/accounts/sessions/").status_code == 200
    entry = AuditEntry.objects.get(action="waypost.accounts.session.ended_others")
    assert entry.detail == {"sessions_ended": 2}


def test_ending_this_session_signs_out(make_user, organisation):
    make_user(organisation, Role.ANALYST, username="analyst")
    phone = sign_in("analyst", PHONE)

    phone.post("/en/accounts/sessions/end/", {"session": HashedSession.objects.get().pk})

    assert not HashedSession.objects.filter(user__username="analyst").exists()
    assert phone.get("/en/accounts/sessions/").status_code == 302


def test_nobody_ends_another_persons_session(make_user, organisation):
    make_user(organisation, Role.ANALYST, username="analyst")
    make_user(organisation, Role.ANALYST, username="colleague")
    sign_in("analyst", PHONE)
    colleague = sign_in("colleague", COMPUTER)
    theirs = HashedSession.objects.get(user__username="analyst")

    response = colleague.post("/en/accounts/sessions/end/", {"session": theirs.pk})

    assert response.status_code == 404
    assert HashedSession.objects.filter(pk=theirs.pk).exists()


def test_an_admin_signs_a_member_out_everywhere(admin, make_user, organisation):
    make_user(organisation, Role.ANALYST, username="analyst")
    phone = sign_in("analyst", PHONE)
    computer = sign_in("analyst", COMPUTER)
    admin_browser = VerifiedClient()
    admin_browser.force_login(admin)
    member = HashedSession.objects.filter(device="phone").get().user
    assert "Sign" in admin_browser.get("/en/accounts/members/").content.decode()

    admin_browser.post(f"/en/accounts/members/{member.pk}/sessions/end/")

    assert phone.get("/en/accounts/sessions/").status_code == 302
    assert computer.get("/en/accounts/sessions/").status_code == 302
    assert admin_browser.get("/en/accounts/members/").status_code == 200
    entry = AuditEntry.objects.get(action="waypost.accounts.member.sessions_ended")
    assert entry.detail == {"sessions_ended": 2}


def test_an_admin_cannot_end_sessions_of_another_organisations_member(
    admin, other_caseworker, make_user
):
    VerifiedClient().force_login(other_caseworker)
    admin_browser = VerifiedClient()
    admin_browser.force_login(admin)

    response = admin_browser.post(f"/en/accounts/members/{other_caseworker.pk}/sessions/end/")

    assert response.status_code == 404
    assert HashedSession.objects.filter(user=other_caseworker).exists()


def test_ending_a_members_sessions_reads_no_other_session(
    admin, caseworker, make_user, organisation
):
    # Many other people's sessions: the delete must not look at them.
    for _ in range(30):
        store = SessionStore()
        store[SESSION_KEY] = str(make_user(organisation, Role.ANALYST).pk)
        store.create()
    VerifiedClient().force_login(caseworker)

    with CaptureQueriesContext(connection) as queries:
        ended = services.member_sessions_end(actor=admin, member=caseworker)

    assert ended == 1
    session_queries = [q["sql"] for q in queries if "accounts_hashedsession" in q["sql"]]
    assert session_queries, "the sessions were not touched"
    assert all("session_data" not in sql for sql in session_queries)
    assert all('"user_id"' in sql for sql in session_queries)
    assert HashedSession.objects.count() == 30


def test_the_sessions_migration_gives_existing_sessions_their_owner(caseworker):
    store = SessionStore()
    store[SESSION_KEY] = str(caseworker.pk)
    store.create()
    HashedSession.objects.update(user=None)

    from importlib import import_module

    from django.apps import apps

    migration = import_module("waypost.accounts.migrations.0008_session_owner_and_device")
    migration.own_existing_sessions(apps, None)

    assert HashedSession.objects.get().user_id == caseworker.pk
