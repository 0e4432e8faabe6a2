"""The nginx block of docs/deployment.md carries Mozilla's intermediate TLS profile.

ASVS 9.1.2 (strong cipher suites only), 9.1.3 (TLS 1.2 and 1.3 only), 9.2.4 (OCSP stapling):
Waypost terminates TLS at the documented proxy, so the guide's configuration is what is
checked. The cipher list is Mozilla's guidelines 6.0 "intermediate" list, in its order.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DEPLOYMENT = Path(__file__).resolve().parents[4] / "docs" / "deployment.md"
INTERMEDIATE_CIPHERS = [
    "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-ECDSA-CHACHA20-POLY1305",
    "ECDHE-RSA-CHACHA20-POLY1305",
]


@pytest.fixture(scope="module")
def directives() -> dict[str, list[str]]:
    """The directives of the guide's one nginx ``server`` block, name to values."""
    text = DEPLOYMENT.read_text(encoding="utf-8")
    blocks = re.findall(r"```nginx\n(.*?)```", text, re.DOTALL)
    servers = [block for block in blocks if "listen 443 ssl" in block]
    assert len(servers) == 1, "one HTTPS server block in docs/deployment.md"
    found: dict[str, list[str]] = {}
    for line in servers[0].splitlines():
        line = line.split("#", 1)[0].strip()
        if line.endswith(";"):
            name, _space, value = line[:-1].partition(" ")
            found.setdefault(name, []).append(value.strip())
    return found


def test_only_tls_1_2_and_1_3(directives):
    assert directives["ssl_protocols"] == ["TLSv1.2 TLSv1.3"]


def test_only_the_intermediate_cipher_suites_in_their_order(directives):
    [ciphers] = directives["ssl_ciphers"]
    assert ciphers.split(":") == INTERMEDIATE_CIPHERS
    # Every suite has forward secrecy (ECDHE) and authenticated encryption (GCM, ChaCha20).
    assert all(
        c.startswith("ECDHE-") and ("GCM" in c or "CHACHA20" in c) for c in ciphers.split(":")
    )
    assert directives["ssl_prefer_server_ciphers"] == ["off"]


def test_curves_session_tickets_and_cache(directives):
    curves = directives["ssl_ecdh_curve"][0].split(":")
    assert curves[-3:] == ["X25519", "prime256v1", "secp384r1"]
    assert directives["ssl_session_tickets"] == ["off"]
    assert directives["ssl_session_timeout"] == ["1d"]
    assert directives["ssl_session_cache"][0].startswith("shared:")


def test_ocsp_stapling_is_on_and_verified(directives):
    assert directives["ssl_stapling"] == ["on"]
    assert directives["ssl_stapling_verify"] == ["on"]
    assert directives["ssl_trusted_certificate"]
    assert directives["resolver"]
