"""What dbt hands a model at compile time, for sqlfluff's Jinja templater.

`make lint` renders the models with plain Jinja (the dbt templater would need
a built warehouse and takes minutes). sqlfluff's `apply_dbt_builtins` covers
ref, source, config, is_incremental, this and return, but its `var` returns a
placeholder string, and the project's macros also use adapter, dbt's own
macros, target and execute. This module supplies those (every name below is
put in the template context by `library_path` in .sqlfluff); the project
macros that read the warehouse get fixed answers from the `mock_*` functions
through `[sqlfluff:templater:jinja:macros]` in .sqlfluff.
"""

import re as _re
from importlib.util import find_spec as _find_spec
from pathlib import Path as _Path

import yaml as _yaml
from jinja2 import pass_context as _pass_context

_PROJECT_VARS = _yaml.safe_load((_Path(__file__).parents[1] / "dbt_project.yml").read_text())["vars"]

# As during `dbt run`: macros take their execution-time branch, which the
# mocks below answer without a warehouse.
execute = True


class _Flags:
    WHICH = "run"  # a build: compile-only guards (macros/pipeline/compile_only.sql) stay off


flags = _Flags()


class _Modules:
    """dbt's `modules` (the Python modules a macro may use): re is the one the project uses."""

    re = _re


modules = _Modules()


def var(name, default=None):
    """dbt_project.yml's value (vars are never passed on the command line here)."""
    return _PROJECT_VARS.get(name, default)


class _Target:
    type = "duckdb"
    name = "dev"
    database = "leadscore"
    schema = "main"


target = _Target()


class _Column:
    def __init__(self, name):
        self.name = name
        self.dtype = "VARCHAR"

    def is_string(self):
        return True


class _Adapter:
    @_pass_context
    def dispatch(self, context, macro_name, macro_namespace=None):
        """The duckdb__ implementation of a macro, else its default__ one."""
        for prefix in ("duckdb__", "default__"):
            macro = context.get(prefix + macro_name)
            if macro is not None:
                return macro
        raise ValueError(f"sqlfluff_libs: no duckdb__ or default__ implementation of {macro_name}")

    def quote(self, name):
        return f'"{name}"'

    def get_columns_in_relation(self, relation):
        return [_Column(name) for name in ("lead_id", "snapshot_at", "f_lint__first", "f_lint__second")]

    def get_relation(self, database=None, schema=None, identifier=None):
        return identifier


adapter = _Adapter()


def _dbt_utils_source():
    """dbt's cross-database macros (global project and dbt-duckdb), as one template."""
    folders = [_Path(_find_spec(package).origin).parent / "macros" / "utils"
               for package in ("dbt.include.global_project", "dbt.include.duckdb")]
    return "\n".join(path.read_text() for folder in folders for path in sorted(folder.glob("*.sql")))


class _DbtNamespace:
    """`dbt.dateadd(...)` and the like: dbt's own macros, rendered as dbt-duckdb does."""

    _modules = {}

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)

        @_pass_context
        def call(context, *args, **kwargs):
            key = id(context.environment)
            if key not in self._modules:
                # dbt's Jinja also has loop controls ({% continue %})
                environment = context.environment.overlay(extensions=["jinja2.ext.loopcontrols"])
                template = environment.from_string(_dbt_utils_source(), globals=context.parent)
                self._modules[key] = template.module
            return context.environment.call(context, getattr(self._modules[key], name), *args, **kwargs)

        return call


dbt = _DbtNamespace()


class _ApiColumn:
    @staticmethod
    def translate_type(name):
        return name


class _Api:
    Column = _ApiColumn


api = _Api()


class _Exceptions:
    def raise_compiler_error(self, message):
        raise RuntimeError(message)


exceptions = _Exceptions()


class _EmptyResult:
    """An agate table without rows."""

    rows = []

    class _EmptyColumn:
        def values(self):
            return []

    columns = [_EmptyColumn()]


def run_query(sql):
    """The warehouse is empty (no raw files, no trained model): macros that read
    it must cope, or get a fixed answer in .sqlfluff."""
    return _EmptyResult()


def log(message, info=False):
    return ""


def load_relation(relation):
    return relation


# Fixed answers of the project macros that read the warehouse. Two topics,
# one with two features, so that both branches of the per-topic SQL render.
_FEATURES = {"f_lint__first": "lint_topic_a", "f_lint__second": "lint_topic_a", "f_lint__third": "lint_topic_b"}


def mock_model_terms():
    """[(term, feature, contribution)] as model_terms() gives them: a linear term and an additive shape."""
    linear = "cast('0.75' as double) * ((ln(1 + least(greatest({}, 0), 9.5)) - 0.5) / 1.25)"
    shape = "(case when {0} is null then 0 when {0} < cast('1.5' as double) then -0.25 else 0.5 end)"
    return [(name, name, (shape if i % 2 else linear).format(name)) for i, name in enumerate(_FEATURES)]


def mock_feature_phrasing(feature_names):
    """{feature: (topic, template)} as feature_phrasing() gives them."""
    return {name: (_FEATURES.get(name, name), name + " = {value} [time|times]") for name in feature_names}


def mock_custom_fields(table_name):
    """custom_fields() as it profiles a CRM: one field of each kind, and an excluded one."""

    def field(key, kind, levels=(), reason=None):
        return {"table": table_name, "field": key.title(), "key": key, "quoted": f'"{key.title()}"', "kind": kind,
                "used": kind is not None, "reason": reason, "distinct_values": 3, "fill_rate": 0.5,
                "levels": list(levels), "level_columns": {level: level for level in levels},
                "known_at_creation": key == "demo_date"}

    if table_name == "accounts":
        return [field("account_tier", "category", ["gold", "silver"])]
    return [field("lead_origin", "category", ["api", "lead_import"]), field("time_on_site", "number"),
            field("do_not_email", "flag"), field("demo_date", "date"),
            field("prospect_id", None, reason="an identifier")]


def mock_contract_table(table_name):
    """A table of the raw contract as its `crm` source node gives it."""
    columns = {
        "lead_id": {"data_type": "string", "meta": {"required": True}},
        "created_at": {"data_type": "timestamp", "meta": {"required": True}},
        "amount": {"data_type": "double", "meta": {}},
    }
    return {"name": table_name, "columns": columns, "meta": {"key": "lead_id"}}


invocation_id = "00000000-0000-0000-0000-000000000000"
run_started_at = "2026-09-01 00:00:00+00:00"
