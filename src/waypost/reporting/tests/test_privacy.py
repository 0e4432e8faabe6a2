"""Nothing the reporter sent is readable in the database; no address is stored or logged."""

from __future__ import annotations

import logging

import pytest
from rest_framework.test import APIClient

from waypost.conftest import database_bytes
from waypost.core.logging import PrivacyFilter
from waypost.reporting.tests.conftest import SECRET_ACCOUNT, SECRET_PLACE, jpeg_with_exif

pytestmark = pytest.mark.django_db(transaction=True)

CLIENT_IP = "203.0.113.77"
CLIENT_IPV6 = "2001:db8:5:6::77"
USER_AGENT = "Mozilla/5.0 (Linux; Android 8; itel A16) Reporter-Phone-UA"
SECRETS = [
    SECRET_ACCOUNT,
    SECRET_PLACE,
    "Amina Haroun",
    "+216 55 123 456",
    "He was only sixteen",
    "SecretCam-4242",
]


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record) + repr(record.__dict__))


@pytest.fixture
def captured_logs():
    """Every logger at DEBUG, request loggers included (settings normally quiet them)."""
    collector = Collect()
    names = ["", "django.request", "django.server", "django.security.csrf", "waypost"]
    saved = {}
    for name in names:
        logger = logging.getLogger(name)
        saved[name] = logger.level
        logger.setLevel(logging.DEBUG)
        logger.addHandler(collector)
    yield collector
    for name in names:
        logging.getLogger(name).removeHandler(collector)
        logging.getLogger(name).setLevel(saved[name])


def test_nothing_the_reporter_sent_is_in_the_database_in_plaintext(
    nhri, client, tmp_path, captured_logs
):
    client.get("/en/report/?country=TUN", REMOTE_ADDR=CLIENT_IP, HTTP_USER_AGENT=USER_AGENT)
    from io import BytesIO

    photo = BytesIO(jpeg_with_exif())
    photo.name = "IMG_20250314_Sfax.jpg"
    response = client.post(
        "/en/report/",
        {
            "country": "TUN",
            "recipient": nhri.slug,
            "what_happened": SECRET_ACCOUNT + ". He was only sixteen.",
            "where": SECRET_PLACE,
            "when_day": "14",
            "when_month": "03",
            "when_year": "2025",
            "harmed": ["child"],
            "perpetrator": "authority",
            "identity_name": "Amina Haroun",
            "identity_contact": "+216 55 123 456",
            "attachments": [photo],
        },
        REMOTE_ADDR=CLIENT_IP,
        HTTP_USER_AGENT=USER_AGENT,
    )
    assert response.status_code == 201
    receipt = response.context["receipt_digits"]

    raw = database_bytes(tmp_path)

    for secret in [*SECRETS, receipt, "IMG_20250314_Sfax", CLIENT_IP, "Reporter-Phone-UA"]:
        assert secret.encode() not in raw, secret
    assert "He was only sixteen".encode("utf-16-le") not in raw
    logs = "\n".join(captured_logs.lines)
    for secret in [*SECRETS, receipt, CLIENT_IP, "Reporter-Phone-UA"]:
        assert secret not in logs, secret


def test_no_ip_address_reaches_the_database_or_the_logs(nhri, tmp_path, captured_logs):
    v4 = APIClient(REMOTE_ADDR=CLIENT_IP, HTTP_USER_AGENT=USER_AGENT)
    v6 = APIClient(REMOTE_ADDR=CLIENT_IPV6, HTTP_USER_AGENT=USER_AGENT)
    body = {
        "recipient": nhri.slug,
        "what_happened": "x",
        "where": "y",
        "when": "2024",
        "language": "fr",
        "country": "TUN",
    }
    receipt = v4.post("/api/v1/reports/", body, format="json").json()["receipt"]
    v6.post("/api/v1/reports/", body, format="json")
    v4.post("/api/v1/reports/", {**body, "when": "yesterday"}, format="json")  # 400
    for n in range(21):  # 404s, then 429
        v4.get("/api/v1/reports/status/", HTTP_X_WAYPOST_RECEIPT=f"{n:016d}")
    v6.get("/api/v1/reports/status/", HTTP_X_WAYPOST_RECEIPT=receipt)
    v4.get("/en/report/follow-up/status/")
    v4.post("/en/report/follow-up/", {"receipt": "0"})  # CSRF failure on the form
    # A control outside the reporting paths proves the logs were captured at all.
    v4.get("/en/no-such-page/")

    raw = database_bytes(tmp_path)
    logs = "\n".join(captured_logs.lines)

    assert "/en/no-such-page/" in logs
    for secret in (CLIENT_IP, CLIENT_IPV6, "2001:db8:5:6", USER_AGENT):
        assert secret.encode() not in raw
        assert secret not in logs
    assert "/report" not in logs


def test_the_filter_drops_request_lines_and_strips_server_errors():
    drop = logging.LogRecord(
        "django.server",
        logging.INFO,
        "",
        0,
        '"%s" %s %s',
        ("GET /ar/report/ HTTP/1.1", "200", "12"),
        None,
    )
    keep = logging.LogRecord(
        "django.server",
        logging.INFO,
        "",
        0,
        '"%s" %s %s',
        ("GET /en/accounts/login/ HTTP/1.1", "200", "12"),
        None,
    )
    error = logging.LogRecord(
        "django.request",
        logging.ERROR,
        "",
        0,
        "Internal Server Error: %s",
        ("/api/v1/reports/",),
        None,
    )

    assert PrivacyFilter().filter(drop) is False
    assert PrivacyFilter().filter(keep) is True
    assert PrivacyFilter().filter(error) is True
    assert "/api/v1/reports/" not in error.getMessage()


class _RecordFormatter(logging.Formatter):
    """The usual line plus every attribute a handler could forward (Sentry, e-mail)."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record) + repr(record.__dict__)


@pytest.fixture
def configured_output():
    """What the handlers configured in settings.LOGGING write (the pytest ones aside)."""
    import io

    handlers = {
        handler
        for logger in (logging.getLogger(), logging.getLogger("django.request"))
        for handler in logger.handlers
        if type(handler) is logging.StreamHandler
    }
    assert handlers, "settings.LOGGING configures a console handler"
    output = io.StringIO()
    # Swapped by hand: setStream() would flush the old stream, which an earlier test's
    # reconfiguration of logging may have bound to a capture pytest has since closed.
    saved = [(handler, handler.stream, handler.formatter) for handler in handlers]
    for handler in handlers:
        handler.stream = output
        handler.setFormatter(_RecordFormatter("%(levelname)s %(name)s: %(message)s"))
    yield output
    for handler, stream, formatter in saved:
        handler.stream = stream
        handler.setFormatter(formatter)


@pytest.mark.parametrize("path", ["/en/report/", "/api/v1/reports/status/", "/ar/reports/"])
def test_a_disallowed_host_on_a_reporting_path_is_logged_without_the_request(
    nhri, configured_output, path
):
    client = APIClient(REMOTE_ADDR=CLIENT_IP, HTTP_USER_AGENT=USER_AGENT)

    response = client.get(path, HTTP_HOST="reporter-7.evil.example")
    client.get("/en/accounts/login/", HTTP_HOST="control.evil.example")

    assert response.status_code == 400
    logs = configured_output.getvalue()
    assert "control.evil.example" in logs  # outside reporting paths the line is whole
    assert "django.security.DisallowedHost" in logs  # the event itself is kept
    for secret in (path, "/report", CLIENT_IP, USER_AGENT, "reporter-7.evil.example"):
        assert secret not in logs, secret


def test_a_request_too_large_on_a_reporting_path_is_logged_without_the_request(
    nhri, configured_output, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    client = APIClient(REMOTE_ADDR=CLIENT_IP, HTTP_USER_AGENT=USER_AGENT)

    response = client.post(
        "/en/report/follow-up/", {"receipt": "1" * 2_000}, HTTP_USER_AGENT=USER_AGENT
    )

    assert response.status_code == 400
    logs = configured_output.getvalue()
    assert "django.security.RequestDataTooBig" in logs
    for secret in ("/report", CLIENT_IP, USER_AGENT):
        assert secret not in logs, secret


def test_every_configured_handler_applies_the_privacy_filter(settings):
    for name, handler in settings.LOGGING["handlers"].items():
        assert "privacy" in handler.get("filters", []), name
