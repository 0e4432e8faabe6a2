"""Receipt codes: 16 random digits, shown once, stored only as a slow keyed hash.

The code is the reporter's only key to their report, so it is as strong as a short
password can be while still being easy to write down or keep in a phone's notes:
10^16 possibilities (53 bits) from the operating system's random source.

Stored form: scrypt(HMAC-SHA256(key, code), salt=key). The key never sits in the database
(environment variable or key file), so a stolen database cannot be searched for codes at
all; with the key, each guess still costs scrypt's memory and time. The hash has no
per-record salt because it is also the lookup index; the secret key plays that role.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from functools import cache
from pathlib import Path

from django.conf import settings

from waypost.conf import secret_from_file

RECEIPT_DIGITS = 16
_NON_DIGITS = re.compile(r"[\s\-.]")
# scrypt cost: about 16 MiB and a few tens of milliseconds per check on a small server.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


@cache
def _key(data_dir: str) -> bytes:
    raw = secret_from_file("WAYPOST_RECEIPT_KEY", Path(data_dir) / "receipt_key")
    return raw.encode("utf-8")


def receipt_key() -> bytes:
    return _key(str(settings.DATA_DIR))


def receipt_new() -> str:
    """A fresh receipt: 16 digits, leading zeros allowed."""
    return f"{secrets.randbelow(10**RECEIPT_DIGITS):0{RECEIPT_DIGITS}d}"


def receipt_normalise(raw: str) -> str | None:
    """The 16 digits of what the person typed (spaces and dashes allowed), or None."""
    digits = _NON_DIGITS.sub("", raw or "")
    # Arabic-Indic and other decimal digits typed on a phone keyboard count as digits.
    if len(digits) != RECEIPT_DIGITS or not digits.isdecimal():
        return None
    return "".join(str(int(char)) for char in digits)


def receipt_display(receipt: str) -> str:
    """Groups of four, easier to copy by hand: 1234 5678 9012 3456."""
    return " ".join(receipt[i : i + 4] for i in range(0, len(receipt), 4))


def receipt_hash(receipt: str) -> str:
    key = receipt_key()
    keyed = hmac.new(key, receipt.encode("ascii"), hashlib.sha256).digest()
    derived = hashlib.scrypt(
        keyed, salt=key, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=64 * 1024 * 1024, dklen=32
    )
    return derived.hex()
