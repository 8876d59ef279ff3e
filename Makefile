# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi
# make run is for development; production sets APP_ENV=production and a SECRET_KEY.
export APP_ENV ?= development

.PHONY: run test lint format bench install install-test lock vendor clean

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

## vendor: refresh Bootstrap in static/vendor from the npm registry
BOOTSTRAP_VERSION := 5.3.9
vendor:
	rm -rf static/vendor/bootstrap-* && mkdir -p static/vendor/bootstrap-$(BOOTSTRAP_VERSION)
	cd /tmp && npm pack --silent bootstrap@$(BOOTSTRAP_VERSION) && tar xzf bootstrap-$(BOOTSTRAP_VERSION).tgz
	cp /tmp/package/dist/css/bootstrap.min.css /tmp/package/dist/js/bootstrap.bundle.min.js \
		/tmp/package/LICENSE static/vendor/bootstrap-$(BOOTSTRAP_VERSION)/
	rm -rf /tmp/package /tmp/bootstrap-$(BOOTSTRAP_VERSION).tgz

## bench: load-test the province page, the overview, /healthz and a trivial route (not in make test)
bench: install-test
	@command -v wrk >/dev/null || { [ "$$(id -u)" -eq 0 ] && apt-get install -y -qq wrk >/dev/null || sudo apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
