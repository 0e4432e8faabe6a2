# Developer tasks. `make check` before every commit; `make test` runs the suite on SQLite.
.PHONY: check test test-postgres test-browser messages lock schemathesis vendor screenshots supply-chain

check:
	ruff format --check src
	ruff check src
	mypy
	waypost manage makemigrations --check --dry-run

test:
	pytest -n auto --dist loadfile

test-postgres:
	WAYPOST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pytest -n auto --dist loadfile -m "not browser"

test-browser:
	WAYPOST_REQUIRE_BROWSER=1 pytest -m browser

# Schemathesis over the whole API against a live demo server (needs: pip install schemathesis).
schemathesis:
	scripts/schemathesis.sh

# Refresh the catalogs after changing strings, then translate and compile (docs/contributing.md).
messages:
	cd src/waypost && waypost manage makemessages -l en -l fr -l es -l ar --no-obsolete --no-location --ignore "*/tests/*"
	msgen -o src/waypost/locale/en/LC_MESSAGES/django.po src/waypost/locale/en/LC_MESSAGES/django.po
	cd src/waypost && waypost manage compilemessages

# Refresh requirements/lock.txt (the versions CI and the README's commands install) after
# changing dependencies in pyproject.toml. Needs pip-tools (pip install pip-tools).
# Also writes requirements/production.txt: what a server needs, at the same versions, each
# with the hashes of its files, for `pip install --require-hashes` (docs/deployment.md).
lock:
	pip-compile -q --extra test --extra audit --extra spark --extra postgres --extra redis --extra bench --strip-extras --no-emit-index-url --no-emit-find-links --no-emit-options -o requirements/lock.txt pyproject.toml
	pip-compile -q --generate-hashes --allow-unsafe --extra postgres --extra redis --strip-extras --no-emit-index-url --no-emit-find-links --no-emit-options -c requirements/lock.txt -o requirements/production.txt pyproject.toml

# Refresh the vendored front-end packages (MapLibre GL JS, the Natural Earth basemap, axe-core
# for the tests) from frontend/package-lock.json, with their licences; commit what changes.
# Needs Node.js and npm; a plain `pip install` needs neither (docs/contributing.md).
vendor:
	cd frontend && npm ci --ignore-scripts --no-audit --no-fund && npm run vendor

# Screenshots of the main pages in English and Arabic for the docs, from a fresh demo
# (needs the test extra and Chromium).
screenshots:
	python scripts/screenshots.py --out docs/screenshots

# Dependency audit and SBOM (docs/security/supply-chain.md): writes build/supply-chain/ and
# fails on a pinned package with a known vulnerability that a release fixes. Needs the
# audit extra and the network (pip-audit); the tests never run it.
supply-chain:
	python scripts/supply_chain.py
