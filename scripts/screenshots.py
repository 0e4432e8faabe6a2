#!/usr/bin/env python3
"""Screenshots of Waypost's main pages in English and Arabic, for the docs.

Starts a fresh demo (`waypost demo --no-serve`, SQLite in a temporary data directory) and
`waypost serve` on a free local port, signs in as the demo roles in Chromium (Playwright,
the test extra) and writes ``<page>-<language>.png`` into the output folder.

    make screenshots                                  # docs/screenshots/
    python scripts/screenshots.py --out /tmp/shots --only home statistics

Needs: pip install -e ".[test]" and Chromium (/usr/bin/chromium, or WAYPOST_CHROMIUM).
Nothing is fetched from elsewhere: the demo serves every file itself.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

LANGUAGES = ("en", "ar")
VIEWPORT = {"width": 1280, "height": 800}
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


@dataclass(frozen=True)
class Shot:
    name: str  # the file's stem: <name>-<language>.png
    user: str | None  # a demo login, or None for a visitor
    path: str  # without the language prefix
    # Where to look: the top of the page, or one element (the map).
    element: str | None = None
    # Before the picture: follow the first link matching this selector (a record's page).
    follow: str | None = None


SHOTS = [
    Shot("home", "caseworker", "/"),
    Shot("report", None, "/report/"),
    Shot("statistics", None, "/incidents/statistics/"),
    Shot("incident-map", "analyst", "/incidents/statistics/", element="#incident-map"),
    Shot("incidents", "caseworker", "/incidents/"),
    Shot("missing-person", "caseworker", "/tracing/missing/", follow="main table a[href]"),
    Shot("review", "reviewer", "/tracing/review/"),
    Shot("reports", "caseworker", "/reports/"),
    Shot("audit", "auditor", "/protection/audit/"),
]


def totp(secret_base32: str, at: float | None = None) -> str:
    """The code an authenticator app shows (RFC 6238: SHA-1, 30 s, 6 digits)."""
    key = base64.b32decode(secret_base32.replace(" ", "").upper())
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def demo_server() -> Iterator[tuple[str, dict[str, str]]]:
    """A fresh demo served on a free local port: (base URL, {username: password})."""
    data = Path(tempfile.mkdtemp(prefix="waypost-screenshots-"))
    environment = {**os.environ, "WAYPOST_DATA_DIR": str(data)}
    waypost = shutil.which("waypost") or sys.exit("The waypost command is not installed.")
    subprocess.run(  # noqa: S603 - our own command
        [waypost, "demo", "--no-serve"], env=environment, check=True, stdout=subprocess.DEVNULL
    )
    passwords = json.loads((data / "demo-logins.json").read_text(encoding="utf-8"))
    port = free_port()
    log = (data / "serve.log").open("w")
    server = subprocess.Popen(  # noqa: S603 - our own command
        [waypost, "serve", "--port", str(port)], env=environment, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310 - local
                    break
            except OSError:
                time.sleep(0.5)
        else:
            sys.exit(f"The demo server did not start: see {data / 'serve.log'}")
        yield base, passwords
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
        shutil.rmtree(data, ignore_errors=True)


def sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/en/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    if "/accounts/two-factor/" in page.url:
        # First sign-in of a role that sees personal data: enrol the second factor.
        page.locator("#id_code").fill(totp(page.locator("code.secret").inner_text()))
        with page.expect_navigation():
            page.locator("form.form button[type=submit]").click()
    if "/accounts/two-factor/recovery-codes/" in page.url:
        # Recovery codes are offered after enrolment: the screenshots do without.
        with page.expect_navigation():
            page.locator("#skip-recovery-codes").click()
    if "/accounts/" in page.url:
        sys.exit(f"Could not sign in as {username}: {page.url}")


def wait_until_drawn(page: Page) -> None:
    """The interactive map draws after the page has loaded: wait for its incidents."""
    if page.locator("#incident-map").count():
        page.wait_for_function("() => document.getElementById('incident-map').dataset.markers")
        page.wait_for_timeout(500)


def take(page: Page, shot: Shot, language: str, out: Path) -> Path:
    page.goto(f"/{language}{shot.path}")
    if shot.follow:
        href = page.locator(shot.follow).first.get_attribute("href")
        page.goto(href or "")
    wait_until_drawn(page)
    path = out / f"{shot.name}-{language}.png"
    if shot.element:
        target = page.locator(shot.element)
        target.scroll_into_view_if_needed()
        target.screenshot(path=str(path))
    else:
        page.screenshot(path=str(path))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--only", nargs="*", help="names of the shots to take (default: all)")
    options = parser.parse_args(argv)
    shots = [shot for shot in SHOTS if not options.only or shot.name in options.only]
    options.out.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("WAYPOST_CHROMIUM") or next(
        (path for path in CHROMIUM_PATHS if os.path.exists(path)), None
    )
    if chromium is None:
        sys.exit("No Chromium found: apt-get install chromium, or set WAYPOST_CHROMIUM.")
    report: Callable[[str], None] = print
    with demo_server() as (base, passwords), sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
        )
        # One browser context per person: each signs in once (a code is good only once).
        for user in dict.fromkeys(shot.user for shot in shots):
            context = browser.new_context(
                base_url=base, viewport=VIEWPORT, locale="en-GB", device_scale_factor=1
            )
            page = context.new_page()
            if user is not None:
                sign_in(page, user, passwords[user])
            for shot in (shot for shot in shots if shot.user == user):
                for language in LANGUAGES:
                    report(str(take(page, shot, language, options.out)))
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
