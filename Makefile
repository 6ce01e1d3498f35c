# Two commands do all the set-up on a fresh Debian machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app portal
STAMP  := $(VENV)/.installed
# What WeasyPrint needs from Debian: pango, harfbuzz's subsetter (5x faster PDFs), fonts with full
# Vietnamese coverage (Liberation Serif is the Times-metric face Decree 30/2020 asks for); and
# poppler's tools, which the tests use to check what is issued independently of our own code;
# Graphviz, which draws each procedure's workflow for its catalogue page.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 poppler-utils graphviz
# The browser the real-browser journeys drive (tests/test_browser_journeys.py); Playwright
# never downloads one. axe-core, for their accessibility check, comes from npm when it is there.
# Both optional: without them those tests are skipped, with the reason.
BROWSER_PACKAGES := chromium
AXE := .cache/node/node_modules/axe-core/axe.min.js

.PHONY: run serve test bench pdf-samples install system-packages browser-packages translations translations-update db clean

run: install db
	$(FLASK) demo
	@echo "Portal: http://127.0.0.1:5000"
	PORTAL_OUTBOX_AUTOSEND=1 $(FLASK) run --host 127.0.0.1 --port 5000

# Production-style serving: gunicorn sync workers (steadier latency than gthread here).
serve: install db
	$(BIN)/gunicorn --workers $${WORKERS:-4} --worker-class sync --bind $${BIND:-127.0.0.1:8000} \
		--access-logfile - 'portal:create_app()' 

# Both cores (JOBS=0: all in one process); worksteal, as test durations range from 0.1 s to a
# minute. On PostgreSQL each worker makes and drops a database of its own (tests/conftest.py).
JOBS ?= 2
PYTEST := $(BIN)/pytest -n $(JOBS) --dist worksteal

test: install
	$(PYTEST)
	@if [ -n "$$PORTAL_TEST_POSTGRES_URL" ]; then \
		echo "== the same suite on PostgreSQL =="; \
		PORTAL_TEST_DATABASE_URL="$$PORTAL_TEST_POSTGRES_URL" $(PYTEST); \
	else \
		echo "PostgreSQL half skipped: set PORTAL_TEST_POSTGRES_URL to run the suite on PostgreSQL too."; \
	fi

# Figures, with a PASS or FAIL line for each target (a FAIL does not stop the others): start-up
# beside importing Flask; issuance beside a bare render, and memory over 300 issuances; the pages
# (queue, dossier, verification, applicant list, the leaders' dashboard within 2x of the queue)
# beside a bare endpoint, under gunicorn, at
# 100,000 dossiers in a fresh PostgreSQL database (ARGS=--million for 1,000,000, ARGS=--sqlite for
# SQLite; BENCH_DOSSIERS=n for any other size); then the write path under load and through a
# database outage, on a PostgreSQL server of its own (pg_ctl), nothing lost or doubled.
bench: install
	-$(BIN)/python bench/startup.py
	-$(BIN)/python bench/issuance.py
	-$(BIN)/python bench/pages.py $(ARGS)
	-$(BIN)/python bench/writepath.py
	-$(BIN)/python bench/reconcile.py

# Every document, letter and decision with the longest realistic content, as PDF and a PNG per
# page, for a reviewer (nothing is kept in the database).
pdf-samples: db
	rm -rf instance/samples
	$(FLASK) documents samples instance/samples
	for f in instance/samples/*.pdf; do pdftoppm -png -r 70 "$$f" "$${f%.pdf}"; done
	@echo "Samples: instance/samples/"

install: system-packages browser-packages $(STAMP) translations $(AXE)

$(AXE):
	@if command -v npm >/dev/null; then npm install --silent --no-audit --no-fund --prefix .cache/node axe-core@4 \
		|| echo "npm could not fetch axe-core: the browser journeys will be skipped"; \
	else echo "npm not found: the browser journeys will be skipped (install nodejs and npm)"; fi

system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing system packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else \
			echo "Missing system packages:$$missing (run: sudo apt-get install$$missing)"; exit 1; \
		fi; \
	fi

browser-packages:
	@missing=""; for p in $(BROWSER_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing system packages:$$missing"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) \
				|| echo "Could not install$$missing: the browser journeys will be skipped"; \
		else \
			echo "Missing$$missing (sudo apt-get install$$missing): the browser journeys will be skipped"; \
		fi; \
	fi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

translations: $(STAMP)
	$(BIN)/pybabel compile -f -d portal/translations 2>&1 | grep -v "^compiling" || true

db: install
	$(FLASK) db upgrade

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

# After changing user-facing text: refresh the catalogue, then translate the new entries.
translations-update: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l --no-location --sort-output -o portal/translations/messages.pot .
	$(BIN)/pybabel update -i portal/translations/messages.pot -d portal/translations --no-fuzzy-matching
