"""Settings for the test suite: production settings with a throw-away data directory.

The data directory must be chosen before ``waypost.settings`` is imported, so tests never
touch a real installation's secret key, encryption keys or database.
"""

import os
import tempfile

os.environ.setdefault("WAYPOST_DATA_DIR", tempfile.mkdtemp(prefix="waypost-test-"))

from waypost.settings import *  # noqa: E402, F403

# Tests create many users; Argon2 is deliberately slow. Production keeps Argon2 first.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303
