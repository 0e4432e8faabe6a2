"""How strong a new password is, told to the person who chose it (ASVS 2.1.8).

An estimate, not a rule: the rules are Django's validators (settings.AUTH_PASSWORD_VALIDATORS),
which a password must pass. The estimate counts the bits an attacker must guess: the
length, discounting characters that repeat or continue a sequence (``aaaa``, ``1234``,
``abcd``), times the bits of the kinds of character used; a password on the common list or
refused by a validator is very weak whatever its length. ``waypost/password-strength.js``
computes the same estimate in the browser while the person types; the server's, shown
after sending, is the one that counts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from waypost.accounts.models import User

# Bits at which each level starts: 0 very weak, 1 weak, 2 fair, 3 strong, 4 very strong.
LEVEL_BITS = (0, 40, 60, 80, 100)
LEVELS: tuple[Promise, ...] = (
    _("very weak"),
    _("weak"),
    _("fair"),
    _("strong"),
    _("very strong"),
)
# The characters a guesser must try for each kind used.
POOLS = (
    (str.islower, 26),
    (str.isupper, 26),
    (str.isdigit, 10),
)
SYMBOLS = 33  # printable ASCII punctuation and the space
OTHER = 100  # letters of other scripts: a modest guess, not their full alphabets


@dataclass(frozen=True)
class Strength:
    level: int  # 0 to 4
    bits: int
    problems: tuple[str, ...]  # the validators' messages, translated

    @property
    def label(self) -> str:
        return str(LEVELS[self.level])


def _pool(password: str) -> int:
    pool = 0
    for test, size in POOLS:
        if any(test(c) and c.isascii() for c in password):
            pool += size
    if any(c.isascii() and not c.isalnum() for c in password):
        pool += SYMBOLS
    if any(not c.isascii() for c in password):
        pool += OTHER
    return pool


def _effective_length(password: str) -> float:
    """The length, with a character repeating or continuing a sequence counting a quarter."""
    length = 0.0
    previous = None
    for char in password.lower():
        if previous is not None and abs(ord(char) - ord(previous)) <= 1:
            length += 0.25
        else:
            length += 1
        previous = char
    return length


def _common(password: str) -> bool:
    for validator in password_validation.get_default_password_validators():
        if isinstance(validator, password_validation.CommonPasswordValidator):
            return password.lower().strip() in validator.passwords
    return False


def password_strength(password: str, user: User | None = None) -> Strength:
    """The estimate for ``password`` (of ``user``, whose name and address it should not use)."""
    problems: tuple[str, ...] = ()
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        problems = tuple(str(message) for message in error.messages)
    pool = _pool(password)
    bits = int(_effective_length(password) * math.log2(pool)) if pool else 0
    if problems or _common(password):
        level = 0
    else:
        level = max(i for i, floor in enumerate(LEVEL_BITS) if bits >= floor)
    return Strength(level=level, bits=bits, problems=problems)
