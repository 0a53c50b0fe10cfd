"""From scores to a sales floor: Hot leads routed to reps within their daily
capacity (owner first, then the reps of the lead's segment), and alerts when
a lead becomes Hot or spikes."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from helpers import AS_OF, Warehouse, Warehouses, rebuild
from leadscore import cli


def expected_assignments(tiers: pd.DataFrame, leads: pd.DataFrame, reps: pd.DataFrame,
                         policy: str = "round_robin") -> dict[str, str | None]:
    """The routing rules written out plainly, apart from the SQL: each routed
    lead to its owner when the owner is an active rep (best first, within
    capacity), else to the next free slot of the reps covering its segment."""
    routed = tiers[tiers.tier_action == "route_to_sales"].merge(leads, on="lead_id")
    routed = routed.assign(ev=routed.expected_value.fillna(0)).sort_values(
        ["ev", "conversion_probability", "lead_id"], ascending=[False, False, True])
    active = reps[reps.is_active].set_index("rep_id")
    result: dict[str, str | None] = {}
    used: dict[str, int] = defaultdict(int)
    pools: dict[str, list[str]] = defaultdict(list)
    covered = set(active.segment.dropna())
    for lead in routed.itertuples():
        if lead.owner_id in active.index:
            owner = lead.owner_id
            taken = used[owner] < active.daily_capacity[owner]
            result[lead.lead_id] = owner if taken else None
            used[owner] += 1
        else:
            segment = lead.country_code.lower() if isinstance(lead.country_code, str) else ""
            pools[segment if segment in covered else "*"].append(lead.lead_id)
    for pool, pool_leads in pools.items():
        members = active[active.segment.fillna("*") == pool]
        slots = [(n, -rep.seniority, rep_id) if policy == "round_robin" else (-rep.seniority, rep_id, n)
                 for rep_id, rep in members.iterrows()
                 for n in range(min(used[rep_id], rep.daily_capacity) + 1, rep.daily_capacity + 1)]
        order = [slot[2] if policy == "round_robin" else slot[1] for slot in sorted(slots)]
        for rank, lead_id in enumerate(pool_leads):
            result[lead_id] = order[rank] if rank < len(order) else None
    return result


def routing_inputs(w: Warehouse) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return (w.query("select lead_id, tier_action, expected_value, conversion_probability from int_lead_tiers"),
            w.query("select lead_id, owner_id, country_code from stg_crm__leads"),
            w.query("select * from stg_crm__reps"))


def test_hot_leads_go_to_their_owner_or_a_segment_rep_never_beyond_capacity(warehouse: Warehouse) -> None:
    scores = warehouse.query("select * from lead_scores")
    reps = warehouse.query("select * from stg_crm__reps").set_index("rep_id")
    assigned = scores.dropna(subset=["assigned_rep_id"])
    load = assigned.groupby("assigned_rep_id").size()
    assert (load <= reps.daily_capacity[load.index]).all() and reps.is_active[load.index].all()
    assert len(load) >= 5 and (assigned.action == "route_to_sales").all()
    assert set(assigned.assignment_status) == {"suggested"}  # the default deployment_mode: assistive
    overflow = scores[scores.assignment_reason.str.startswith("over capacity", na=False)]
    assert len(overflow) > 0 and (overflow.action == "nurture").all() and overflow.assigned_rep_id.isna().all()

    routed = warehouse.query("select * from int_lead_assignments").set_index("lead_id").assigned_rep_id
    expected = expected_assignments(*routing_inputs(warehouse))
    assert routed.replace({np.nan: None}).to_dict() == expected


def test_the_seniority_policy_gives_the_best_leads_to_the_most_senior_reps_and_shadow_mode_assigns_nothing(
        warehouse: Warehouse, warehouses: Warehouses) -> None:
    before = warehouse.query("select lead_id, assigned_rep_id from int_lead_assignments").set_index("lead_id")
    copy = warehouses.copy(warehouse)
    rebuild(copy, "int_lead_assignments lead_scores", routing_policy="seniority", deployment_mode="shadow")
    after = copy.query("select lead_id, assigned_rep_id from int_lead_assignments").set_index("lead_id")
    expected = expected_assignments(*routing_inputs(copy), policy="seniority")
    assert after.assigned_rep_id.replace({np.nan: None}).to_dict() == expected
    # the same leads are taken (same capacity), by other reps
    assert set(after.dropna().index) == set(before.dropna().index)
    assert (after.assigned_rep_id != before.assigned_rep_id).any()
    statuses = copy.query("select distinct assignment_status from lead_scores where assigned_rep_id is not null")
    assert statuses.assignment_status.tolist() == ["shadow"]


@pytest.fixture(scope="module")
def jumped(warehouses: Warehouses, sample_raw) -> tuple[Warehouse, str]:
    """The sample with a quiet old lead who, in the week after AS_OF, asks for a
    demo and views pricing eight times; built at AS_OF, then rescored a week
    later (same data, same model)."""
    leads = pd.read_parquet(sample_raw / "leads.parquet")
    activities = pd.read_parquet(sample_raw / "activities.parquet")
    opportunities = pd.read_parquet(sample_raw / "opportunities.parquet")
    as_of = pd.Timestamp(AS_OF)
    quiet = leads[(leads.created_at < as_of - pd.Timedelta(days=90)) & ~leads.lead_id.isin(opportunities.lead_id)
                  & ~leads.lead_id.isin(activities[activities.occurred_at > as_of - pd.Timedelta(days=90)].lead_id)]
    lead_id = quiet.lead_id.iloc[0]
    burst = pd.DataFrame({
        "activity_id": [f"JUMP{i}" for i in range(10)], "lead_id": lead_id,
        "activity_type": ["Demo Request", "Trial Signup"] + ["Pricing Page View"] * 8,
        "occurred_at": [as_of + pd.Timedelta(days=1, hours=3 * i) for i in range(10)],
        "duration_seconds": 60, "page_path": "/pricing"})
    w = warehouses.build(warehouses.export(sample_raw, {"activities": pd.concat([activities, burst])}))
    return w, lead_id


def test_a_lead_whose_activity_jumps_raises_new_hot_and_spike_alerts_flagged_in_the_sync(
        jumped: tuple[Warehouse, str]) -> None:
    w, lead_id = jumped
    first = w.query("select * from lead_scores").set_index("lead_id")
    assert first.tier[lead_id] != "Hot" and lead_id not in set(w.query("select lead_id from alerts").lead_id)

    week_later = (pd.Timestamp(AS_OF) + pd.Timedelta(days=7)).strftime("%Y-%m-%d %H:%M:%S")
    cli.build(w.raw, w.db, w.out, week_later, {"retrain": False})
    scores = w.query("select * from lead_scores").set_index("lead_id")
    alerts = w.query("select * from alerts")
    mine = alerts[alerts.lead_id == lead_id].set_index("alert_type")
    assert scores.tier[lead_id] == "Hot" and {"new_hot", "spike"} <= set(mine.index)
    assert mine.previous_tier["new_hot"] == first.tier[lead_id] and "New Hot lead" in mine.message["new_hot"]

    # what must not alert: a lead Hot at both runs is not new
    hot_twice = set(first.index[first.tier == "Hot"]) & set(scores.index[scores.tier == "Hot"])
    assert hot_twice and not hot_twice & set(alerts[alerts.alert_type == "new_hot"].lead_id)
    sync = w.query("select * from crm_lead_score_sync").set_index("lead_id")
    assert sync.lead_is_new_hot[lead_id] and sync.lead_is_spike[lead_id]
    assert not sync.lead_is_new_hot[sorted(hot_twice)].any()
