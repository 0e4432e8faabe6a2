"""Settings for the test suite: production settings with a throw-away data directory.

The data directory must be chosen before ``waypost.settings`` is imported, so tests never
touch a real installation's secret key, encryption keys or database.
"""

import os
import tempfile

os.environ.setdefault("WAYPOST_DATA_DIR", tempfile.mkdtemp(prefix="waypost-test-"))
# Parallel workers (pytest-xdist) each keep their own keys, database and files: a data
# directory of their own under the one given, which the commands they start inherit.
if worker := os.environ.get("PYTEST_XDIST_WORKER"):
    worker_dir = os.path.join(os.environ["WAYPOST_DATA_DIR"], worker)
    os.makedirs(worker_dir, mode=0o700, exist_ok=True)
    os.environ["WAYPOST_DATA_DIR"] = worker_dir

from waypost.settings import *  # noqa: E402, F403

# Tests create many users; Argon2 is deliberately slow. Production keeps Argon2 first.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303
