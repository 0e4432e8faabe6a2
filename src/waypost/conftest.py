"""Shared test personas (STYLE 27): organisations and people every app's tests can use.

def test_it_hides_other_organisations_records(caseworker, other_caseworker, api_client): ...
"""

from __future__ import annotations

import base64
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from rest_framework.test import APIClient

from waypost.accounts import services
from waypost.accounts.models import Organisation, SealedTOTPDevice, User
from waypost.accounts.roles import OrganisationKind, Role

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PASSWORD = "correct-horse-battery-staple"


def database_bytes(tmp_path: Path) -> bytes:
    """The raw bytes of the whole database: a copy of the SQLite file, or what ``pg_dump``
    writes on PostgreSQL (every committed row: use with ``django_db(transaction=True)``)."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = tmp_path / "copy.sqlite3"
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return target.read_bytes()
    if shutil.which("pg_dump") is None:
        pytest.fail("the PostgreSQL plaintext checks read a pg_dump: install PostgreSQL's client")
    params = connection.get_connection_params()
    environment = {**os.environ, "PGPASSWORD": str(params.get("password") or "")}
    command = ["pg_dump", "--dbname", str(params["dbname"])]
    for option, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if params.get(key):
            command += [option, str(params[key])]
    return subprocess.run(  # noqa: S603 - fixed program, arguments from the settings
        command, env=environment, check=True, capture_output=True, timeout=300
    ).stdout


class VerifiedClient(Client):
    """A test client whose logins also pass the second factor.

    For tests about everything else; the second factor itself is tested with a plain
    ``Client`` in accounts/tests/test_two_factor.py and in the browser tests.
    """

    def _verify(self, user: User) -> None:
        device = SealedTOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = SealedTOTPDevice.objects.create(
                user=user, name="test", key_sealed=SealedTOTPDevice.new_sealed_key(user.pk)
            )
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    def login(self, **credentials: Any) -> bool:
        signed_in = super().login(**credentials)
        if signed_in:
            self._verify(User.objects.get(username=credentials["username"]))
        return signed_in

    def force_login(self, user: Any, backend: str | None = None) -> None:
        super().force_login(user, backend)
        self._verify(user)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Throttling counters (sign-in lockout, receipts) live in the cache, which the live
    server's thread shares: one test's lockout must not lock the next test's persona out."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_until_a_test_asks() -> Iterator[None]:
    """A request to a /fr/ page leaves French active in the thread: messages a later test
    reads straight from a service would then come in French."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _own_audit_witness(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test's database starts empty, so each gets an empty audit witness too: a
    checkpoint another test wrote would make its log look rewound."""
    settings.AUDIT_WITNESS_PATH = tmp_path_factory.mktemp("witness") / "audit-witness.jsonl"


@pytest.fixture
def client() -> VerifiedClient:
    return VerifiedClient()


def totp_code(secret_base32: str) -> str:
    """The current code an authenticator app would show for ``secret_base32``."""
    return f"{totp(base64.b32decode(secret_base32)):06d}"


def browser_sign_in(
    page: Page, username: str, password: str = PASSWORD, language: str = "en"
) -> None:
    """Sign in as a person does: password, then the second factor (enrolling on first use)."""
    page.goto(f"/{language}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    if "/accounts/two-factor/" in page.url:
        secret = page.locator("code.secret")
        if not secret.count():
            raise AssertionError("This test user has a device whose key the test does not know.")
        page.locator("#id_code").fill(totp_code(secret.inner_text()))
        with page.expect_navigation():
            page.locator("form.form button[type=submit]").click()
        if "/accounts/two-factor/recovery-codes/" in page.url:  # offered after enrolment
            with page.expect_navigation():
                page.locator("#skip-recovery-codes").click()


@pytest.fixture
def make_organisation(db: None) -> Callable[..., Organisation]:
    counter = iter(range(1, 10_000))

    def make(
        kind: str = OrganisationKind.NGO, country: str = "ITA", name: str | None = None
    ) -> Organisation:
        return services.organisation_create(
            name=name or f"Organisation {next(counter)}",
            kind=kind,
            country=country,
            languages=["en"],
        )

    return make


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def make(
        organisation: Organisation, role: str = Role.CASEWORKER, username: str | None = None
    ) -> User:
        return services.user_create(
            username=username or f"{role}-{next(counter)}",
            organisation=organisation,
            role=role,
            password=PASSWORD,
        )

    return make


@pytest.fixture
def organisation(make_organisation: Callable[..., Organisation]) -> Organisation:
    return make_organisation(name="Sahel Family Links", country="NER")


@pytest.fixture
def other_organisation(make_organisation: Callable[..., Organisation]) -> Organisation:
    return make_organisation(name="Red Sea Tracing Desk", country="SDN")


@pytest.fixture
def enforcement_organisation(make_organisation: Callable[..., Organisation]) -> Organisation:
    return make_organisation(kind=OrganisationKind.LAW_ENFORCEMENT, name="Coastal Police")


@pytest.fixture
def admin(make_user: Callable[..., User], organisation: Organisation) -> User:
    return make_user(organisation, Role.ADMIN, username="admin")


@pytest.fixture
def caseworker(make_user: Callable[..., User], organisation: Organisation) -> User:
    return make_user(organisation, Role.CASEWORKER, username="caseworker")


@pytest.fixture
def other_caseworker(make_user: Callable[..., User], other_organisation: Organisation) -> User:
    return make_user(other_organisation, Role.CASEWORKER, username="other-caseworker")


@pytest.fixture
def enforcement_user(
    make_user: Callable[..., User], enforcement_organisation: Organisation
) -> User:
    return make_user(enforcement_organisation, Role.CASEWORKER, username="police")


@pytest.fixture
def api_client_for() -> Callable[[User], APIClient]:
    """An API client authenticated with a real Bearer token of ``user``."""

    def make(user: User) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {services.token_create(user=user)}")
        return client

    return make


# Real data that is not in the repository (IOM's Missing Migrants Project exports, the
# cross-script name set) lies in ../shared beside a development checkout. A plain clone has
# none: its tests skip with the reason; CI sets WAYPOST_REQUIRE_SHARED_DATA=1 so they must run.
SHARED = Path(__file__).resolve().parents[3] / "shared"


def shared_data(relative: str) -> Path:
    """The path of ``../shared/<relative>``, or skip (fail in CI) when it is not there."""
    path = SHARED / relative
    if not path.exists():
        if os.environ.get("WAYPOST_REQUIRE_SHARED_DATA"):
            pytest.fail(f"WAYPOST_REQUIRE_SHARED_DATA is set but {path} is missing.")
        pytest.skip(f"needs ../shared/{relative} beside the checkout (CI provides it)")
    return path


@pytest.fixture
def mmp_data() -> Path:
    """The Missing Migrants Project exports (README in that folder)."""
    return shared_data("data/mmp")


# Browser tests: a real Chromium (Debian's package) against the live test server.
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    path = os.environ.get("WAYPOST_CHROMIUM") or next(
        (candidate for candidate in CHROMIUM_PATHS if os.path.exists(candidate)), None
    )
    if path is None:
        if os.environ.get("WAYPOST_REQUIRE_BROWSER"):
            pytest.fail("WAYPOST_REQUIRE_BROWSER is set but no Chromium was found.")
        pytest.skip("No Chromium here: browser tests run in CI (apt-get install chromium).")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the
    # test body are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(chromium: Browser, live_server: Any) -> Iterator[Page]:
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot_dir() -> Path:
    """Screenshots from browser tests land here (kept by CI as evidence)."""
    path = Path(os.environ.get("WAYPOST_SCREENSHOT_DIR", "test-results"))
    path.mkdir(parents=True, exist_ok=True)
    return path
