# つなぐ — run `make help` for the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1:8000
ADMIN_USER ?= admin
ADMIN_PASSWORD ?= tsunagu-admin

.DEFAULT_GOAL := help
.PHONY: help install seed admin setup run serve worker test lint format bench eval clean prod loadtest

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed ## Create .venv and install the dependencies

seed: install ## Migrate, load the five seed cities, set up city roles and workflows (idempotent)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_seeds
	$(MANAGE) setup_city_roles

admin: install ## Create the local admin user (dev only; credentials below)
	$(MANAGE) ensure_dev_admin --username $(ADMIN_USER) --password $(ADMIN_PASSWORD)

# make run's set-up, skipped while the database was set up from the same migrations, seeds and importer code
# (scripts/seed_stamp.py keeps a hash of them beside the database; make seed always runs).
setup: install
	@if ADMIN_USER=$(ADMIN_USER) ADMIN_PASSWORD=$(ADMIN_PASSWORD) $(PY) scripts/seed_stamp.py check; then \
		echo "Database already set up from these migrations and seeds: skipping migrate and seed (make seed forces them)"; \
	else \
		$(MANAGE) migrate --noinput && $(MANAGE) load_seeds && $(MANAGE) setup_city_roles && \
		$(MANAGE) ensure_dev_admin --username $(ADMIN_USER) --password $(ADMIN_PASSWORD) && \
		$(MANAGE) apply_corrections --editor $(ADMIN_USER) --moderator $(ADMIN_USER) && \
		ADMIN_USER=$(ADMIN_USER) ADMIN_PASSWORD=$(ADMIN_PASSWORD) $(PY) scripts/seed_stamp.py write; \
	fi

run: setup ## Set everything up (once; again only when migrations or seeds change) and serve http://127.0.0.1:8000
	@echo "Portal: http://$(HOST)/  Admin: http://$(HOST)/admin/ ($(ADMIN_USER) / $(ADMIN_PASSWORD), dev only)"
	@echo "Background worker (admin uploads): manage.py db_worker --backend imports, started here and stopped with the server"
	@$(MANAGE) db_worker --backend imports --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	$(MANAGE) runserver $(HOST)

serve: ## Serve again without migrating or seeding (after a first `make run`; starts in seconds)
	@echo "Portal: http://$(HOST)/  Admin: http://$(HOST)/admin/ (no migrate, no seed: use make run after pulling changes)"
	@$(MANAGE) db_worker --backend imports --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	$(MANAGE) runserver $(HOST)

worker: install ## Run only the background worker (admin uploads), next to your own runserver
	$(MANAGE) db_worker --backend imports

# The browser suite's npm packages (axe-core, HTML_CodeSniffer), installed again whenever package-lock.json changes.
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund; \
	else echo "npm not found: the browser suite will be skipped. Install it with: sudo apt-get install -y nodejs npm"; fi

test: install node_modules/.package-lock.json ## Run the whole test suite, browser and accessibility tests included
	@test -x $${TSUNAGU_CHROMIUM:-/usr/bin/chromium} || echo "Chromium not found: the browser suite will be skipped. Install it with: sudo apt-get install -y chromium fonts-noto-cjk"
	$(PY) -m pytest

lint: install ## ruff check + format check + Django checks
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run

format: install ## Apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

prod: install ## Production stack here: PostgreSQL, Redis, gunicorn, import worker, scheduled publishing (.env)
	scripts/prod.sh

loadtest: install ## Bounded load bench against the running `make prod` (loopback; prints req/s, p50/p95/p99)
	$(PY) scripts/loadtest.py --base-url http://$${TSUNAGU_BIND:-127.0.0.1:8000}

eval: seed ## Search quality on the public dev set
	$(MANAGE) search_eval data/eval/dev-queries.tsv --k 3

bench: install ## Pages, search, API and index build on the synthetic national corpus (built once in var/bench)
	$(MANAGE) bench_site --cities 1741 --per-city 60
	$(MANAGE) bench_search --cities 1741 --per-city 60

clean: ## Remove the venv and the local database
	rm -rf $(VENV) db.sqlite3 db.sqlite3.seeded media staticfiles
