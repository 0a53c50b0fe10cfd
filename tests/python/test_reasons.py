"""Reasons a rep reads: exact contributions that sum to the logit, and
phrases worded from the catalogue with correct plurals and numbers."""

from __future__ import annotations

import json
import math
import os
import subprocess

import numpy as np
import pytest

from helpers import AS_OF, DBT, Warehouse
from leadscore import champion, cli
from leadscore.additive import AdditiveModel
from leadscore.artifacts import model_from_rows

# (feature, the lead's value, the phrase a rep must read)
WORDING = [
    ("f_product__integrations", 1, "Connected 1 integration"),
    ("f_product__integrations", 3, "Connected 3 integrations"),
    ("f_window__pricing_view_7d", 1, "Viewed pricing 1 time in the last 7 days"),
    ("f_window__pricing_view_30d", 12, "Viewed pricing 12 times in the last 30 days"),
    ("f_firmo__log_employees", math.log(1201), "Company of about 1,200 employees"),
    ("f_firmo__log_employees", math.log(2), "Company of about 1 employee"),
    ("f_firmo__size_1_10", 1, "Company of 1 to 10 employees"),
    ("f_firmo__size_5001_plus", 1, "Company of 5001 or more employees"),
    ("f_decay__pricing_view_hl7d", 3.14, "About 3.1 recent pricing page views (one 7 days old counts half)"),
    ("f_recency__days_since_activity", 0.96, "Last engaged 1 day ago"),
    ("f_recency__days_since_activity", 14.2, "Last engaged 14 days ago"),
    ("f_email__click_rate", 0.25, "Clicked 25% of the marketing emails opened"),
    ("f_seq__transition_web_visit_to_pricing_view", 2, "Web visit was directly followed by pricing view 2 times"),
    ("f_seq__distinct_types", 1, "1 kind of activity"),
    ("f_tte__lead_age_days", 1234.4, "Lead is 1,234 days old"),
]


def worded(warehouse: Warehouse, cases: list[tuple[str, float, str]]) -> list[str]:
    """The phrases macro with_phrases gives, run by dbt on the warehouse's own catalogue."""
    rows = " union all ".join(f"select {i} as n, '{f}' as feature, cast({v!r} as double) as feature_value"
                              for i, (f, v, _) in enumerate(cases))
    features = [f for f, _, _ in cases]
    sql = (f"with cases as ({rows}) select n, phrase "
           f"from ({{{{ with_phrases('cases', feature_phrasing({features})) }}}}) as worded order by n")
    env = os.environ | {"LEADSCORE_DB": str(warehouse.db), "DBT_PROFILES_DIR": str(cli.PROFILES_DIR)}
    variables = json.dumps({"raw_path": str(warehouse.raw), "export_path": str(warehouse.out), "as_of": AS_OF})
    result = subprocess.run([str(DBT), "--quiet", "show", "--inline", sql, "--output", "json", "--limit", "-1",
                             "--project-dir", str(cli.PROJECT_DIR), "--vars", variables],
                            cwd=cli.PROJECT_DIR, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    return [row["phrase"] for row in json.loads(result.stdout)["show"]]


def test_reasons_are_worded_with_plurals_and_readable_numbers(warehouse: Warehouse) -> None:
    assert worded(warehouse, WORDING) == [phrase for _, _, phrase in WORDING]


def test_no_reason_shows_an_internal_code(warehouse: Warehouse) -> None:
    phrases = warehouse.query("""
        select reason_1 as phrase from lead_scores union all select reason_2 from lead_scores
        union all select reason_3 from lead_scores
        union all select distinct phrase from lead_score_contributions""").phrase.dropna()
    assert len(phrases) > 1000
    leaked = phrases[phrases.str.contains(r"f_|__|[{}\[\]|]|\b1 (?:times|days|events|employees)\b|\d{5,}")]
    assert leaked.empty, leaked.head(10).tolist()


@pytest.fixture(scope="module")
def active_model(warehouse: Warehouse) -> champion.Champion:
    rows = warehouse.query("""select * from ml_model_artifacts where model_name = 'conversion'
        and model_version = (select model_version from model_registry where status = 'active')""")
    return model_from_rows(rows)


def test_contributions_are_the_models_own_and_sum_to_the_logit(warehouse: Warehouse,
                                                               active_model: champion.Champion) -> None:
    """Per lead and term, lead_score_contributions equals the Python model's
    contribution (an independent computation), and with the intercept row
    each lead's terms sum to the logit that scored it."""
    leads = warehouse.query("select * from int_feature_matrix where snapshot_type = 'scoring' order by lead_id")
    contributions = warehouse.query("select lead_id, term, contribution from lead_score_contributions")
    wide = contributions.pivot(index="lead_id", columns="term", values="contribution").loc[leads.lead_id]
    terms = ([t.name for t in active_model.terms] if isinstance(active_model, AdditiveModel)
             else active_model.feature_names)
    assert set(wide.columns) == {*terms, "intercept"}
    np.testing.assert_allclose(wide[terms].to_numpy(), champion.contributions(active_model, leads), atol=1e-9)
    logit = warehouse.query("""select lead_id, logit from int_snapshot_scores
        where snapshot_type = 'scoring' order by lead_id""")
    np.testing.assert_allclose(wide.sum(axis=1).to_numpy(), logit.logit.to_numpy(), atol=1e-9)
    np.testing.assert_allclose(wide.sum(axis=1).to_numpy(), champion.logit(active_model, leads), atol=1e-9)
