"""HubSpot objects as Fivetran lands them (source_system: hubspot): the sample
export rendered in HubSpot's shape, landed as tables of schema `hubspot`, and
leadscore built on them as an installed package of a throw-away host project."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from helpers import (
    AS_OF,
    INTERNAL,
    MARTS,
    Warehouse,
    Warehouses,
    host_dbt,
    host_project,
    plain_logistic_regression,
)
from leadscore.sample.hubspot import epoch_ms, to_hubspot

HUBSPOT = {"source_system": "hubspot", "hubspot_schema": "hubspot"}
PLANTED = pd.Timestamp("2026-03-14 15:09:26.535")  # one form submission's time, landed as epoch ms


def build(host: Path, *args: str, check: bool = True, **variables: object) -> str:
    return host_dbt(host, "build", *args, "--vars", json.dumps({**HUBSPOT, **variables}), check=check)


def hosted(warehouses: Warehouses, sample_raw: Path, objects: dict[str, pd.DataFrame]) -> tuple[Path, Warehouse]:
    warehouse = warehouses.landed_frames(sample_raw, objects, "hubspot")
    return host_project(warehouse), warehouse


@pytest.fixture(scope="module")
def objects(sample_raw: Path) -> dict[str, pd.DataFrame]:
    objects = to_hubspot(sample_raw)
    objects["contact_form_submission"].loc[0, "timestamp"] = epoch_ms(pd.Series([PLANTED]))[0]
    return objects


@pytest.fixture(scope="module")
def hubspot(warehouses: Warehouses, sample_raw: Path, objects: dict[str, pd.DataFrame]) -> Warehouse:
    host, warehouse = hosted(warehouses, sample_raw, objects)
    build(host, "--select", "package:leadscore")
    return warehouse


def test_every_open_undeleted_contact_is_scored_once(hubspot: Warehouse, objects: dict[str, pd.DataFrame]) -> None:
    contact, deal, as_of = objects["contact"], objects["deal"], pd.Timestamp(AS_OF)
    live_deals = objects["deal_contact"].merge(deal[~deal.is_deleted], on="deal_id")
    converted_at = contact.id.map(live_deals.groupby("contact_id").property_createdate.min())
    is_open = (contact.property_createdate < as_of) & ~(converted_at < as_of)
    open_contacts = set(contact.id[~contact._fivetran_deleted & is_open].astype(str))
    # the contract's own rejections of live contacts (merged by email, no created date) are not scored either
    rejected = set(hubspot.query(f"select lead_id from {INTERNAL}.quarantine_crm__leads "
                                 "where _reject_reason <> 'deleted in the CRM'").lead_id)
    scores = hubspot.query(f"select lead_id from {MARTS}.lead_scores")
    assert scores.lead_id.is_unique and len(scores) > 1500
    assert set(scores.lead_id) == open_contacts - rejected


def test_deleted_rows_are_quarantined_and_counted(hubspot: Warehouse, objects: dict[str, pd.DataFrame]) -> None:
    contact, engagement, deal = objects["contact"], objects["engagement"], objects["deal"]
    deleted = set(contact.id[contact._fivetran_deleted].astype(str))
    quarantined = hubspot.query(f"select lead_id from {INTERNAL}.quarantine_crm__leads "
                                "where _reject_reason = 'deleted in the CRM'")
    assert set(quarantined.lead_id) == deleted and len(deleted) > 20
    scorecard = hubspot.query(f"select table_name, failing_rows from {MARTS}.data_quality_scorecard "
                              "where check_name = 'deleted in the CRM'").set_index("table_name").failing_rows
    assert scorecard["leads"] == len(deleted)
    # notes are not touches, so a deleted note is not counted among them
    assert scorecard["sales_touches"] == (engagement._fivetran_deleted & (engagement.type != "NOTE")).sum() > 0
    assert scorecard["opportunities"] == deal.is_deleted.sum() > 0
    assert scorecard["accounts"] == objects["company"].is_deleted.sum() > 0


def test_epoch_millisecond_timestamps_are_read_as_utc_instants(hubspot: Warehouse,
                                                                 objects: dict[str, pd.DataFrame]) -> None:
    planted = objects["contact_form_submission"].iloc[0]
    activity_id = f"form-{planted.conversion_id}-{planted.contact_id}"
    staged = hubspot.query(f"select occurred_at from {INTERNAL}.hs_contract__activities "
                           f"where activity_id = '{activity_id}'")
    assert staged.occurred_at.tolist() == [PLANTED]
    touches = hubspot.query(f"select touched_at from {INTERNAL}.stg_crm__sales_touches")
    assert touches.touched_at.between(pd.Timestamp("2020-01-01"), pd.Timestamp("2027-01-01")).all()


def test_forms_and_email_events_land_in_the_catalogue(hubspot: Warehouse) -> None:
    types = hubspot.query(f"select activity_type_key, catalogue_category from {INTERNAL}.int_activity_types")
    assert types.catalogue_category.notna().all()
    assert {"email_open", "email_click", "request_a_demo", "content_download"} <= set(types.activity_type_key)
    # deliveries are the sender's doing, notes the rep's: neither is an activity or a touch
    assert not set(hubspot.query(f"select activity_type from {INTERNAL}.stg_crm__activities").activity_type) & {
        "Email delivered"}
    channels = set(hubspot.query(f"select channel from {INTERNAL}.stg_crm__sales_touches").channel)
    assert channels == {"call", "email", "meeting", "linkedin_message"}


def test_model_beats_the_legacy_rules_and_a_plain_logistic_regression(hubspot: Warehouse) -> None:
    auc = hubspot.query(f"select model, auc from {MARTS}.model_performance where split = 'test'").set_index("model").auc
    plain = plain_logistic_regression(hubspot.query(f"select * from {INTERNAL}.int_training_set"))
    assert auc["champion"] > auc["legacy_rules"]
    assert auc["champion"] >= plain["auc_floor"]


def test_resynced_records_never_duplicate_and_lifecycle_history_converts(
        warehouses: Warehouses, sample_raw: Path, objects: dict[str, pd.DataFrame]) -> None:
    contact = objects["contact"]
    # an older sync of every tenth contact (another title) and of every engagement
    old = contact.iloc[::10].assign(property_jobtitle="Old title",
                                    _fivetran_synced=contact._fivetran_synced - pd.Timedelta(days=30))
    engagement = objects["engagement"]
    stale = engagement.assign(_fivetran_synced=engagement._fivetran_synced - pd.Timedelta(days=1))
    # five open contacts without a deal became customers (property history only)
    no_deal = contact[~contact.id.isin(objects["deal_contact"].contact_id) & ~contact._fivetran_deleted]
    customers = no_deal.iloc[:5]
    history = pd.DataFrame({"contact_id": customers.id, "name": "lifecyclestage", "value": "customer",
                            "timestamp": customers.property_createdate + pd.Timedelta(days=3),
                            "source": "CRM_UI", "_fivetran_synced": customers._fivetran_synced})
    host, landed = hosted(warehouses, sample_raw, {**objects, "contact": pd.concat([contact, old]),
                                                   "engagement": pd.concat([engagement, stale]),
                                                   "contact_property_history": history})
    selection = ("--select", "+stg_crm__leads", "+stg_crm__sales_touches", "+stg_crm__opportunities",
                 "--indirect-selection", "cautious")
    build(host, *selection)
    staged = landed.query(f"select lead_id, job_title from {INTERNAL}.stg_crm__leads")
    assert staged.lead_id.is_unique and "Old title" not in set(staged.job_title)
    reasons = landed.query(f"select _reject_reason from {INTERNAL}.base_crm__leads").value_counts()
    assert "duplicate lead_id" not in reasons.index
    touches = landed.query(f"select touch_id from {INTERNAL}.base_crm__sales_touches")
    assert touches.touch_id.is_unique
    lifecycle = landed.query(f"select lead_id, created_at from {INTERNAL}.stg_crm__opportunities "
                             "where opportunity_id like 'lifecycle-%'")
    assert set(lifecycle.lead_id) == set(customers.id.astype(str))
    # switched off: the history is not read, so they did not convert
    build(host, *selection, hubspot__contact_property_history_enabled=False)
    assert landed.query(f"select count(*) as n from {INTERNAL}.stg_crm__opportunities "
                        "where opportunity_id like 'lifecycle-%'").n[0] == 0


def test_a_missing_field_names_system_object_field_and_var(
        warehouses: Warehouses, sample_raw: Path, objects: dict[str, pd.DataFrame]) -> None:
    host, landed = hosted(warehouses, sample_raw, {"contact": objects["contact"]})
    with duckdb.connect(str(landed.db)) as con:
        con.execute("alter table hubspot.contact drop column property_createdate")
    output = build(host, "--select", "hs_contract__leads", check=False)
    assert all(word in output for word in ("leadscore: hubspot", "'contact'", "'property_createdate'",
                                           "hubspot_contact_fields"))
    # the var names the column that holds it
    with duckdb.connect(str(landed.db)) as con:
        con.execute("alter table hubspot.contact add column created_on timestamp")
        con.execute("update hubspot.contact set created_on = timestamp '2026-01-02 03:04:05'")
    build(host, "--select", "hs_contract__leads", hubspot_contact_fields={"property_createdate": "created_on"})
    created = landed.query(f"select distinct created_at from {INTERNAL}.hs_contract__leads").created_at
    assert created.tolist() == [pd.Timestamp("2026-01-02 03:04:05")]


def test_listed_custom_properties_become_custom_fields(warehouses: Warehouses, sample_raw: Path,
                                                       objects: dict[str, pd.DataFrame]) -> None:
    contact = objects["contact"].copy()
    contact["property_lead_origin"] = np.random.default_rng(2).choice(["Form", "Import", "Chat"], len(contact))
    contact["property_hs_lead_status"] = "OPEN"  # not listed: never read
    # a region a rep re-assigns an hour before the deal: the property history gives it away
    contact["property_region"] = np.random.default_rng(3).choice(["EMEA", "AMER", "APAC"], len(contact))
    deals = objects["deal_contact"].merge(objects["deal"], on="deal_id").groupby("contact_id").property_createdate.min()
    history = pd.DataFrame({"contact_id": deals.index, "name": "region", "value": "EMEA",
                            "timestamp": deals.to_numpy() - pd.Timedelta(hours=1), "source": "CRM_UI",
                            "_fivetran_synced": contact._fivetran_synced.max()})
    host, warehouse = hosted(warehouses, sample_raw, objects | {"contact": contact,
                                                                "contact_property_history": history})
    build(host, "--select", "package:leadscore",
          hubspot_contact_custom_fields=["property_lead_origin", "property_region"])
    profile = warehouse.query(f"select * from {MARTS}.custom_field_profile").set_index("column_name")
    assert set(profile.index) == {"lead_origin", "region"} and profile.decision["lead_origin"] == "feature"
    assert profile.decision["region"] == "leak" and profile.changed_near_conversion_share["region"] > 0.9
    # owners of contacts are the reps, the inactive ones never assigned
    reps = warehouse.query(f"select * from {INTERNAL}.stg_crm__reps").set_index("rep_id")
    assert reps.is_active.any() and not reps.is_active.all()
    assigned = warehouse.query(f"select assigned_rep_id, count(*) as n from {MARTS}.lead_scores group by 1").dropna()
    assert len(assigned) > 0 and reps.is_active[assigned.assigned_rep_id].all() and (assigned.n <= 5).all()
