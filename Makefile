# leadscore: two commands on a fresh machine with only Python 3.11:
#   make demo   set up, generate sample data, build everything, print a summary
#   make test   set up, run dbt data and unit tests and pytest
#   make test-spark   the same project on a real local Spark, checked against DuckDB
#   make test-postgres   the same on a throw-away local PostgreSQL server
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.in constraints.txt pyproject.toml | cksum | cut -d' ' -f1)
export DBT_PROFILES_DIR := $(CURDIR)/profiles
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: setup demo test score report bench lint clean lock chromium spark-setup java test-spark postgres-setup postgres test-postgres

$(STAMP): requirements.in constraints.txt pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -r requirements.in
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@rm -f $(VENV)/.installed-*; touch $(STAMP)

setup: $(STAMP)

# Spark extras (dbt-spark session method + pyspark) go into the same venv.
SPARK_STAMP := $(VENV)/.spark-installed-$(shell cat requirements-spark.in constraints-spark.txt | cksum | cut -d' ' -f1)
$(SPARK_STAMP): $(STAMP) requirements-spark.in constraints-spark.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -c constraints-spark.txt -r requirements-spark.in
	@rm -f $(VENV)/.spark-installed-*; touch $(SPARK_STAMP)

spark-setup: $(SPARK_STAMP)

# PostgreSQL extras (dbt-postgres, psycopg2): same dbt-core, same venv.
POSTGRES_STAMP := $(VENV)/.postgres-installed-$(shell cat requirements-postgres.in constraints-postgres.txt | cksum | cut -d' ' -f1)
$(POSTGRES_STAMP): $(STAMP) requirements-postgres.in constraints-postgres.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -c constraints-postgres.txt -r requirements-postgres.in
	@rm -f $(VENV)/.postgres-installed-*; touch $(POSTGRES_STAMP)

postgres-setup: $(POSTGRES_STAMP)

# The PostgreSQL server binaries (Debian package when missing); the tests
# start their own cluster with them, the package's service is not used.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || \
		{ apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; }

# Spark needs a Java 17+ runtime (Debian package when missing).
java:
	@command -v java >/dev/null || { apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null; }

demo: setup
	$(BIN)/python -m leadscore demo

score: setup
	@test -n "$(RAW)" -a -n "$(OUT)" || { echo "usage: make score RAW=<dir> AS_OF=<timestamp> OUT=<dir> [FAST=1]"; exit 2; }
	$(BIN)/python -m leadscore score --raw "$(RAW)" --out "$(OUT)" $(if $(AS_OF),--as-of "$(AS_OF)") $(if $(FAST),--fast)

# Benchmark (not a test): first build, stored-model run and changed-only run at
# LEADS (100000) with about 85 activities per lead; figures go to docs/benchmarks.md.
LEADS ?= 100000
ACTIVITY_SCALE ?= 2.75
bench: setup
	$(BIN)/python -m leadscore.bench --leads $(LEADS) --activity-scale $(ACTIVITY_SCALE)

# Headless Chromium renders the HTML report in the tests (Debian package).
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

report: setup
	$(BIN)/python -m leadscore report

# SQL: sqlfluff renders every model and singular test with its Jinja templater
# (no warehouse, no dbt parse); rules and dbt stand-ins in .sqlfluff, sqlfluff_libs/.
lint: setup
	$(BIN)/ruff check python tests models sqlfluff_libs
	$(BIN)/sqlfluff lint models tests/dbt --processes 0

test: setup lint chromium
	$(BIN)/python -m pytest

# The whole project on local Spark (dbt-spark, session method) on a small
# sample, trained through the CLI, compared lead by lead with DuckDB.
test-spark: spark-setup java
	$(BIN)/python -m pytest tests/spark

# The same on a throw-away local PostgreSQL (tests/postgres/conftest.py starts
# it): the CRM tables loaded into it, trained through the CLI, compared with DuckDB.
test-postgres: postgres-setup postgres
	$(BIN)/python -m pytest tests/postgres

clean:
	rm -rf target logs leadscore.duckdb exports/*.parquet exports/*.csv data/sample spark

# Regenerate the constraints (lock) file from requirements.in in a scratch venv.
lock:
	rm -rf /tmp/leadscore-lock && $(PYTHON) -m venv /tmp/leadscore-lock
	/tmp/leadscore-lock/bin/pip install --quiet -r requirements.in
	/tmp/leadscore-lock/bin/pip freeze > constraints.txt
