"""Custom lead fields (columns the contract does not name) become features by
their type; identifiers, contact details, free text and leaking fields never
do, and the profile says why."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from helpers import AS_OF, Warehouse, Warehouses, rebuild
from leadscore.custom_fields import write_overrides

ORIGINS = ["Landing Page Submission", "API", "Lead Add Form", "Lead Import"]


@pytest.fixture(scope="module")
def custom(warehouses: Warehouses, sample_raw) -> Warehouse:
    """The shared sample with fields of every kind added to its leads: a
    category, a number and a flag that carry signal, a date, an identifier,
    an email column, free-text notes, and a rep's rating filled in on
    converted leads (the planted leak)."""
    leads = pd.read_parquet(sample_raw / "leads.parquet")
    converted = leads.lead_id.isin(pd.read_parquet(sample_raw / "opportunities.parquet").lead_id).to_numpy()
    rng = np.random.default_rng(3)
    n = len(leads)
    origin = rng.choice(ORIGINS, n, p=[0.5, 0.3, 0.15, 0.05])
    origin[converted & (rng.random(n) < 0.4)] = "Lead Add Form"
    rating = np.where(converted, rng.choice(["High in Relevance", "Might be"], n),
                      np.where(rng.random(n) < 0.1, "Not Sure", None))
    leads = leads.assign(**{
        "Lead Origin": origin,
        "Total Time Spent on Website": np.where(converted, rng.exponential(900, n), rng.exponential(300, n)),
        "Do Not Email": rng.random(n) < 0.1,
        "Last Webinar Date": (pd.Timestamp("2026-02-01") + pd.to_timedelta(rng.integers(0, 240, n), unit="D"))
        .where(rng.random(n) < 0.4),
        "Prospect ID": [f"7927b2df-8bba-4d29-b9a2-{i:012d}" for i in range(n)],
        "Lead Number": np.arange(660_000, 660_000 + n),
        "Contact Email": [f"person{i}@example.com" for i in range(n)],
        "Notes": [f"Called on day {i}: talked about pricing, needs, timeline and a possible demo" for i in range(n)],
        "Lead Quality": rating,
        # the same key twice, and a long name past PostgreSQL's 63 characters once prefixed
        "Lead-Origin": origin,
        "Größte Priorität des Kunden für das nächste Quartal laut Erstgespräch": rng.choice(
            ["Kosten senken im gesamten Unternehmen", "Wachstum in neuen Märkten erschließen"], n),
    })
    # a region weakly tied to conversion, but one a rep re-assigns at handover:
    # only the field history gives it away
    leads["Sales Region"] = rng.choice(["EMEA", "AMER", "APAC", "LATAM"], n)
    accounts = pd.read_parquet(sample_raw / "accounts.parquet")
    accounts["Customer Tier"] = np.random.default_rng(4).choice(["Gold", "Silver", "Bronze"], len(accounts))
    history = field_history(leads, pd.read_parquet(sample_raw / "opportunities.parquet"))
    return warehouses.build(warehouses.export(sample_raw, {"leads": leads, "accounts": accounts,
                                                          "lead_field_history": history}))


def field_history(leads: pd.DataFrame, opportunities: pd.DataFrame) -> pd.DataFrame:
    """Every lead's Lead Origin and Sales Region set at creation; on converted
    leads Sales Region changed 5 hours before the first opportunity and Lead
    Origin a month before it; one change of a lead that does not exist."""
    converted = leads.merge(opportunities.groupby("lead_id", as_index=False).created_at.min()
                            .rename(columns={"created_at": "converted_at"}), on="lead_id")
    rows = [leads.assign(field_name=field, changed_at=leads.created_at, new_value=leads[field])
            for field in ("Lead Origin", "Sales Region")]
    rows.append(converted.assign(field_name="Sales Region", new_value="EMEA",
                                 changed_at=converted.converted_at - pd.Timedelta(hours=5)))
    rows.append(converted.assign(field_name="lead origin", new_value="API",
                                 changed_at=converted.converted_at - pd.Timedelta(days=30)))
    rows.append(pd.DataFrame({"lead_id": ["no-such-lead"], "field_name": ["Sales Region"],
                              "changed_at": [pd.Timestamp("2026-03-01")], "new_value": ["EMEA"]}))
    history = pd.concat(rows)[["lead_id", "field_name", "changed_at", "new_value"]]
    return history.assign(change_id=[f"h{i}" for i in range(len(history))])


def test_each_custom_field_is_a_feature_of_its_kind_or_excluded_with_a_reason(custom: Warehouse) -> None:
    profile = custom.query("select * from custom_field_profile").set_index("column_name")
    expected = {"Lead Origin": ("category", "feature"), "Total Time Spent on Website": ("number", "feature"),
                "Do Not Email": ("flag", "feature"), "Last Webinar Date": ("date", "feature"),
                "Lead Quality": ("category", "leak"), "Customer Tier": ("category", "feature"),
                "Sales Region": ("category", "leak")}
    for column, (kind, decision) in expected.items():
        assert (profile.kind[column], profile.decision[column]) == (kind, decision), column
    assert profile.table_name["Customer Tier"] == "accounts"
    long_name = "Größte Priorität des Kunden für das nächste Quartal laut Erstgespräch"
    assert profile.decision[long_name] == "feature" and profile.decision["Lead-Origin"] == "feature"
    assert profile.field_key.is_unique
    for column in ("Prospect ID", "Lead Number", "Contact Email", "Notes"):
        assert profile.decision[column] == "excluded" and profile.reason[column], column
    assert "free text" in profile.reason["Notes"] and "email" in profile.reason["Contact Email"]

    matrix = custom.query("select * from int_feature_matrix limit 1").columns
    custom_columns = {c for c in matrix if c.startswith("f_custom__")}
    assert max(map(len, custom_columns)) <= 63 and matrix.is_unique
    assert {"f_custom__lead_origin__lead_add_form", "f_custom__total_time_spent_on_website",
            "f_custom__do_not_email__yes", "f_custom__last_webinar_date__age_days",
            "f_custom__account_customer_tier__gold"} <= custom_columns
    for never in ("prospect_id", "lead_number", "contact_email", "notes", "lead_quality"):
        assert not any(c.startswith(f"f_custom__{never}") for c in matrix), never
    terms = custom.query("""select feature_name from ml_model_terms where model_name = 'conversion'
        union all select feature_name from ml_model_shapes where model_name = 'conversion'""").feature_name
    assert not terms.str.contains("lead_quality|prospect|lead_number|notes").any()


def test_the_planted_leak_is_listed_in_the_leakage_audit(custom: Warehouse) -> None:
    audit = custom.query("select * from leakage_audit where audited_item = 'custom_field'").set_index("item_name")
    assert bool(audit.is_excluded["lead_quality"]) and audit.measure["lead_quality"] >= 0.9
    assert not audit.is_excluded["lead_origin"] and not audit.is_excluded["total_time_spent_on_website"]


def test_a_field_the_history_shows_changed_around_conversion_is_a_leak_however_weak_its_values(
        custom: Warehouse, warehouses: Warehouses) -> None:
    profile = custom.query("select * from custom_field_profile").set_index("column_name")
    assert profile.separation_auc["Sales Region"] < 0.75  # its values alone would pass the audit
    assert profile.changed_near_conversion_share["Sales Region"] > 0.9
    assert "changed around conversion" in profile.reason["Sales Region"]
    # set at creation, changed a month before conversion: near it only where a
    # merged duplicate was created later than the lead it was merged into
    assert profile.changed_near_conversion_share["Lead Origin"] < 0.05 and profile.decision["Lead Origin"] == "feature"
    audit = custom.query("select * from leakage_audit where audited_item = 'custom_field_history'")
    excluded = audit.set_index("item_name").is_excluded
    assert excluded["sales_region"] and not excluded.get("lead_origin", False)
    quarantined = custom.query("select lead_id, _reject_reason from quarantine_crm__lead_field_history")
    assert ["no-such-lead", "unknown lead_id"] in quarantined.values.tolist()
    assert set(quarantined._reject_reason) == {"unknown lead_id", "missing changed_at"}  # the sample's undated leads

    # a 4-hour window no longer reaches the change 5 hours before conversion: the region is a feature again
    copy = warehouses.copy(custom)
    rebuild(copy, "int_custom_field_audit custom_field_profile", custom_field_change_hours=4)
    region = copy.query("select * from custom_field_profile").set_index("column_name").loc["Sales Region"]
    assert region.decision == "feature" and region.changed_near_conversion_share < 0.05


def test_a_date_field_is_its_age_at_each_snapshot_and_unknown_before_it_is_set(custom: Warehouse) -> None:
    rows = custom.query("""select m.snapshot_at, m.f_custom__last_webinar_date__age_days as age,
            c.d_custom__last_webinar_date as d
        from int_feature_matrix m join int_features__custom c using (lead_id)
        where c.d_custom__last_webinar_date is not null""")
    before = rows[rows.d < rows.snapshot_at]
    expected = (before.snapshot_at - before.d).dt.total_seconds() / 86400
    np.testing.assert_allclose(before.age, expected, atol=1e-9)
    assert rows.loc[rows.d >= rows.snapshot_at, "age"].isna().all() and (rows.d >= rows.snapshot_at).any()


def test_custom_fields_make_the_model_rank_better_and_read_as_reasons(custom: Warehouse, warehouse: Warehouse) -> None:
    def test_auc(w: Warehouse) -> float:
        return w.query("""select auc from model_performance where model = 'champion' and split = 'test'
            and model_version = (select model_version from model_registry where status = 'active')""").auc.item()

    assert test_auc(custom) > test_auc(warehouse)
    phrases = custom.query("select phrase from lead_score_contributions where feature like 'f_custom__%'").phrase
    assert not phrases.str.contains("f_custom|__").any() and phrases.str[0].str.isupper().all()
    for start in ("Lead origin: ", "Total time spent on website: "):  # the two that carry signal
        assert phrases.str.startswith(start).any(), start


def test_overrides_exclude_a_field_or_vouch_for_it_and_the_build_follows_them(custom: Warehouse,
                                                                             warehouses: Warehouses) -> None:
    copy = warehouses.copy(custom)
    with duckdb.connect(str(copy.db)) as con:
        con.execute("""insert into custom_field_overrides values
            ('leads', 'Lead Origin', 'exclude', null, 'test'),
            ('leads', 'Lead Quality', null, 'creation', 'test: a user vouches the rating is set at creation')""")
    rebuild(copy, "int_custom_fields int_features__custom int_custom_field_audit custom_field_profile")
    profile = copy.query("select * from custom_field_profile").set_index("column_name")
    assert profile.decision["Lead Origin"] == "excluded" and "overrides" in profile.reason["Lead Origin"]
    assert profile.decision["Lead Quality"] == "feature" and profile.known_at_creation["Lead Quality"]
    keys = {c.split("__")[1] for c in copy.query("select * from int_features__custom limit 1").columns if "__" in c}
    assert "lead_origin" not in keys and "lead_quality" in keys


def test_the_profile_is_written_into_the_overrides_file_keeping_the_users_rows(custom: Warehouse, tmp_path) -> None:
    seed = tmp_path / "custom_field_overrides.csv"
    seed.write_text("table_name,column_name,treatment,known_at,note\nleads,Lead Origin,exclude,,mine\n")
    profile = custom.query("select * from custom_field_profile")
    added = write_overrides(profile, seed)
    rows = pd.read_csv(seed, dtype=str, keep_default_na=False).set_index("column_name")
    assert added == len(profile) - 1 and rows.note["Lead Origin"] == "mine"
    assert rows.treatment["Total Time Spent on Website"] == "number"
    assert rows.treatment["Prospect ID"] == "exclude" and "identifier" in rows.note["Prospect ID"]
    assert rows.treatment["Lead Quality"] == "exclude" and "leak" in rows.note["Lead Quality"]
    assert write_overrides(profile, seed) == 0  # idempotent: every field is there now


def test_a_daily_run_keeps_the_full_builds_custom_feature_columns(custom: Warehouse, warehouses: Warehouses) -> None:
    """A day later the custom fields' frequent values may differ (here: one
    level allowed, so every category field would lose its levels, as with
    values spread thinner); the daily run keeps the columns the stored model
    learned, and its rescored leads get the rows a daily run at the full
    build's settings gives them. Before, the update lacked those columns and failed."""
    day_after = str(pd.Timestamp(AS_OF) + pd.Timedelta(days=1))
    same, fewer = warehouses.copy(custom), warehouses.copy(custom)
    rebuild(same, selector="daily", as_of=day_after, rescore="changed")
    rebuild(fewer, selector="daily", as_of=day_after, rescore="changed", category_level_limit=1)
    columns = "select * from int_features__custom order by lead_id"
    full = custom.query(columns)
    assert sum(c.startswith("f_custom__lead_origin__") for c in full.columns) >= 4
    for daily in (same, fewer):
        assert list(daily.query(columns).columns) == list(full.columns)
    pd.testing.assert_frame_equal(fewer.query(columns), same.query(columns))
    scores = "select * from lead_scores order by lead_id"
    pd.testing.assert_frame_equal(fewer.query(scores), same.query(scores))
    assert (fewer.query(scores).scored_at == pd.Timestamp(day_after)).any()
