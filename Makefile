# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi
# make run is for development; production sets APP_ENV=production, a SECRET_KEY and BASE_URL.
export APP_ENV ?= development

.PHONY: run test lint format bench install install-test lock vendor vendor-axe clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## run: install, migrate, seed the plan and the demo accounts, serve on http://127.0.0.1:$(PORT)
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask seed --demo
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

## test: install with the test extras, lint, and run the suite (again on PostgreSQL if
## TEST_DATABASE_URL is set)
test: install-test lint
	env -u TEST_DATABASE_URL $(BIN)/pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== the same suite on $$TEST_DATABASE_URL"; \
		$(BIN)/pytest; \
	fi

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## lock: re-pin every installed package (direct ones are pinned in pyproject.toml)
lock: install-test
	$(BIN)/pip freeze --exclude-editable > constraints.txt

## vendor: refresh Bootstrap and plotly.js (basic bundle) in static/vendor from the npm registry;
## after a version change, update the paths in templates/ (grep for the old version)
BOOTSTRAP_VERSION := 5.3.9
PLOTLY_JS_VERSION := 3.7.0
vendor:
	rm -rf static/vendor/bootstrap-* static/vendor/plotly-basic-*
	mkdir -p static/vendor/bootstrap-$(BOOTSTRAP_VERSION) static/vendor/plotly-basic-$(PLOTLY_JS_VERSION)
	tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent bootstrap@$(BOOTSTRAP_VERSION) \
		plotly.js-basic-dist-min@$(PLOTLY_JS_VERSION) >/dev/null \
	&& mkdir b p && tar xzf bootstrap-*.tgz -C b && tar xzf plotly.js-basic-dist-min-*.tgz -C p \
	&& cp b/package/dist/css/bootstrap.min.css b/package/dist/js/bootstrap.bundle.min.js \
		b/package/LICENSE $(CURDIR)/static/vendor/bootstrap-$(BOOTSTRAP_VERSION)/ \
	&& cp p/package/plotly-basic.min.js p/package/LICENSE \
		$(CURDIR)/static/vendor/plotly-basic-$(PLOTLY_JS_VERSION)/ \
	&& rm -rf $$tmp

## vendor-axe: refresh axe-core (the accessibility rules the browser tests run; tests only)
## in tests/browser/vendor/axe-core from the npm registry
AXE_CORE_VERSION := 4.14.1
vendor-axe:
	rm -rf tests/browser/vendor/axe-core && mkdir -p tests/browser/vendor/axe-core
	tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent axe-core@$(AXE_CORE_VERSION) >/dev/null \
	&& tar xzf axe-core-*.tgz && cp package/axe.min.js package/LICENSE \
		package/LICENSE-3RD-PARTY.txt $(CURDIR)/tests/browser/vendor/axe-core/ \
	&& rm -rf $$tmp

## bench: load-test the pages against a fortunes baseline on the same gunicorn (not in make test);
## SQLite, or the PostgreSQL database of BENCH_DATABASE_URL (emptied first); BENCH_DURATION=10s
bench: install-test
	@command -v wrk >/dev/null || { [ "$$(id -u)" -eq 0 ] && apt-get install -y -qq wrk >/dev/null || sudo apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build/static build/static.lock
