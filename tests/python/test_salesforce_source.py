"""Salesforce objects as Fivetran lands them (source_system: salesforce): the
sample export rendered in Salesforce's shape, landed as tables of schema
`salesforce`, built without raw_path and scored."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from helpers import AS_OF, Warehouse, Warehouses, plain_logistic_regression
from leadscore import cli
from leadscore.sample.salesforce import to_salesforce

SALESFORCE = {"source_system": "salesforce", "salesforce_schema": "salesforce"}


def build(warehouse: Warehouse, *args: str, **variables: object) -> Warehouse:
    cli.run_dbt(["build", *args], warehouse.db, {"export_path": str(warehouse.out), "as_of": AS_OF,
                                                 "retrain": False, **SALESFORCE, **variables})
    return warehouse


@pytest.fixture(scope="module")
def objects(sample_raw: Path) -> dict[str, pd.DataFrame]:
    return to_salesforce(sample_raw)


@pytest.fixture(scope="module")
def salesforce(warehouses: Warehouses, sample_raw: Path, objects: dict[str, pd.DataFrame]) -> Warehouse:
    return build(warehouses.landed_frames(sample_raw, objects, "salesforce"))


def test_every_open_undeleted_lead_is_scored_once(salesforce: Warehouse, objects: dict[str, pd.DataFrame]) -> None:
    lead, as_of = objects["lead"], pd.Timestamp(AS_OF)
    # open at as_of: created before it, not converted before it (the opportunity's creation)
    converted_at = lead.converted_opportunity_id.map(objects["opportunity"].set_index("id").created_date)
    is_open = (lead.created_date < as_of) & ~(converted_at < as_of)
    open_leads = set(lead.id[~lead.is_deleted & ~lead._fivetran_deleted & is_open])
    # the contract's own rejections of live leads (merged by email, no created date) are not scored either
    rejected = set(salesforce.query(
        "select lead_id from quarantine_crm__leads where _reject_reason <> 'deleted in the CRM'").lead_id)
    scores = salesforce.query("select lead_id from lead_scores")
    assert scores.lead_id.is_unique and len(scores) > 1500
    assert set(scores.lead_id) == open_leads - rejected
    assert len(objects["contact"]) > 100  # converted leads' contacts: not leads unless asked for


def test_contacts_as_leads_convert_through_their_contact_roles(warehouses: Warehouses, sample_raw: Path) -> None:
    objects = to_salesforce(sample_raw, contacts_every=5)
    landed = build(warehouses.landed_frames(sample_raw, objects, "salesforce"), salesforce_contacts_as_leads=True)
    contact, role, as_of = objects["contact"], objects["opportunity_contact_role"], pd.Timestamp(AS_OF)
    became = set(objects["lead"].converted_contact_id.dropna())
    converted_at = contact.id.map(role.groupby("contact_id").created_date.min())
    live = ~contact.is_deleted & ~contact._fivetran_deleted & (contact.created_date < as_of)
    open_contacts = set(contact.id[live & ~(converted_at < as_of)]) - became
    scored = set(landed.query("select lead_id from lead_scores").lead_id)
    rejected = set(landed.query("select lead_id from quarantine_crm__leads").lead_id)
    assert len(open_contacts) > 200
    assert {id_ for id_ in scored if id_.startswith("003")} == open_contacts - rejected
    assert not scored & became  # a converted lead's contact is that lead, not a second one
    # contacts' deals, rep tasks and campaign responses are theirs
    staged = landed.query("""select
        (select count(*) from stg_crm__opportunities where lead_id like '003%') as deals,
        (select count(*) from stg_crm__sales_touches where lead_id like '003%') as touches,
        (select count(*) from stg_crm__activities where lead_id like '003%') as activities""").iloc[0]
    staged_contacts = set(landed.query("select lead_id from stg_crm__leads").lead_id)
    assert staged.deals == role.contact_id.isin(staged_contacts).sum() > 50
    assert staged.touches > 0 and staged.activities > 0


def test_deleted_rows_are_quarantined_and_counted(salesforce: Warehouse, objects: dict[str, pd.DataFrame]) -> None:
    lead = objects["lead"]
    deleted = set(lead.id[lead.is_deleted | lead._fivetran_deleted])
    quarantined = salesforce.query(
        "select lead_id from quarantine_crm__leads where _reject_reason = 'deleted in the CRM'")
    assert set(quarantined.lead_id) == deleted and len(deleted) > 20
    scorecard = salesforce.query("select table_name, failing_rows from data_quality_scorecard "
                                 "where check_name = 'deleted in the CRM'").set_index("table_name").failing_rows
    assert scorecard["leads"] == len(deleted)
    assert scorecard["sales_touches"] == objects["task"].is_deleted.sum()
    assert scorecard["activities"] > 0


def test_fifteen_character_ids_attach_to_their_lead(salesforce: Warehouse, objects: dict[str, pd.DataFrame]) -> None:
    task = objects["task"]
    short = task[(task.who_id.str.len() == 15) & ~task.is_deleted]
    # the touch's own lead (staging then moves merged leads' touches to the surviving lead)
    staged = salesforce.query("select touch_id, lead_id from base_crm__sales_touches where _reject_reason is null")
    staged = staged.set_index("touch_id").lead_id
    attached = staged.reindex(short.id).dropna()
    assert len(attached) > 100  # the rest belong to deleted or merged leads
    assert (attached.str.len() == 18).all()
    assert (attached.str[:15] == short.set_index("id").who_id[attached.index]).all()


def test_campaign_responses_land_in_the_catalogue(salesforce: Warehouse) -> None:
    types = salesforce.query("select activity_type_key, catalogue_category from int_activity_types")
    assert types.catalogue_category.notna().all()
    assert {"webinar_attended", "email_clicked", "content_downloaded"} <= set(types.activity_type_key)
    # members only sent a newsletter did not respond: no activity
    assert salesforce.query("select count(*) as n from stg_crm__activities where activity_type like '%Sent'").n[0] == 0


def test_model_beats_the_legacy_rules_and_a_plain_logistic_regression(salesforce: Warehouse) -> None:
    auc = salesforce.query("select model, auc from model_performance where split = 'test'").set_index("model").auc
    plain = plain_logistic_regression(salesforce.query("select * from int_training_set"))
    assert auc["champion"] > auc["legacy_rules"]
    assert auc["champion"] >= plain["auc_floor"]


def test_updates_history_mode_and_switched_off_objects(
        warehouses: Warehouses, sample_raw: Path, objects: dict[str, pd.DataFrame]) -> None:
    # history mode: an older version of every tenth lead (another title), and one lead whose only
    # version is inactive (deleted); campaign members not synced at all
    lead = objects["lead"].assign(_fivetran_active=True)
    old = lead.iloc[::10].assign(title="Old title", _fivetran_active=False,
                                 _fivetran_synced=lead._fivetran_synced - pd.Timedelta(days=30))
    gone = lead.iloc[1]
    lead.loc[1, "_fivetran_active"] = False
    landed = warehouses.landed_frames(sample_raw, {**objects, "lead": pd.concat([lead, old])}, "salesforce")
    build(landed, "--select", "+stg_crm__leads", "+stg_crm__activities", "--indirect-selection", "cautious",
          salesforce__campaign_member_enabled=False)
    staged = landed.query("select lead_id, job_title from stg_crm__leads")
    assert staged.lead_id.is_unique and "Old title" not in set(staged.job_title)
    reasons = landed.query("select lead_id, _reject_reason from base_crm__leads").set_index("lead_id")
    assert reasons._reject_reason[gone.id] == "deleted in the CRM"
    assert reasons.index.is_unique and "duplicate lead_id" not in set(reasons._reject_reason)
    assert landed.query("select count(*) as n from stg_crm__activities").n[0] == 0


@pytest.mark.parametrize(("column", "variables"), [
    ("gone", {}),
    ("CreatedDate", {}),  # Airbyte's name is found as it is
    ("lead_created", {"salesforce_lead_fields": {"created_date": "lead_created"}}),
])
def test_a_missing_field_names_system_object_field_and_var(
        column: str, variables: dict[str, object],
        warehouses: Warehouses, sample_raw: Path, objects: dict[str, pd.DataFrame]) -> None:
    landed = warehouses.landed_frames(sample_raw, {"lead": objects["lead"]}, "salesforce")
    with duckdb.connect(str(landed.db)) as con:
        if column == "gone":
            con.execute("alter table salesforce.lead drop column created_date")
        else:
            con.execute(f"alter table salesforce.lead rename column created_date to {column}")
    if column != "gone":
        build(landed, "--select", "sf_contract__leads", **variables)
        assert len(landed.query("select created_at from sf_contract__leads where created_at is not null")) > 1000
        return
    with pytest.raises(cli.UsageError) as raised:
        build(landed, "--select", "sf_contract__leads")
    message = str(raised.value)
    assert all(word in message for word in ("salesforce", "'lead'", "'created_date'", "salesforce_lead_fields"))


def test_custom_fields_become_features_and_a_leaking_one_stays_out(warehouses: Warehouses, sample_raw: Path,
                                                                  objects: dict[str, pd.DataFrame]) -> None:
    """Salesforce `__c` fields reach staging without their suffix and are
    profiled like any custom field: a rating the rep sets on converted
    leads is a leak, a source detail with signal is a feature."""
    lead = objects["lead"].copy()
    rng = np.random.default_rng(8)
    converted = lead["is_converted"].fillna(False).to_numpy(dtype=bool)
    lead["rating__c"] = np.where(converted, "Hot", np.where(rng.random(len(lead)) < 0.05, "Warm", None))
    lead["web_form__c"] = np.where(converted & (rng.random(len(lead)) < 0.5), "Contact us",
                                   rng.choice(["Newsletter", "Ebook", "Contact us"], len(lead)))
    # a region a rep re-assigns two hours before the opportunity: LeadHistory gives it away
    lead["region__c"] = rng.choice(["EMEA", "AMER", "APAC"], len(lead))
    opportunity = objects["opportunity"].set_index("id").created_date
    handover = lead[converted].assign(created_date=lambda f: f.converted_opportunity_id.map(opportunity)
                                      - pd.Timedelta(hours=2), field="Region__c", new_value="EMEA")
    created = lead.assign(field="created", new_value=None)  # the record's creation row, not a field
    history = pd.concat([handover, created])[["id", "created_date", "field", "new_value"]].rename(
        columns={"id": "lead_id"}).assign(id=lambda f: [f"017{i:015d}" for i in range(len(f))], is_deleted=False)
    landed = build(warehouses.landed_frames(sample_raw, objects | {"lead": lead, "lead_history": history},
                                            "salesforce"))
    profile = landed.query("select * from custom_field_profile").set_index("column_name")
    assert profile.decision["rating"] == "leak" and profile.decision["web_form"] == "feature"
    assert profile.decision["region"] == "leak" and profile.changed_near_conversion_share["region"] > 0.9
    assert profile.separation_auc["region"] < 0.75
    # the users who own leads are the reps Hot leads are routed to, at the default capacity
    reps = landed.query("select * from stg_crm__reps")
    assert len(reps) > 0 and set(reps.rep_id) <= set(lead.owner_id) and (reps.daily_capacity == 5).all()
    routed = landed.query("select assigned_rep_id, count(*) as n from lead_scores group by 1").dropna()
    assert len(routed) > 0 and set(routed.assigned_rep_id) <= set(reps.rep_id) and (routed.n <= 5).all()
    matrix = landed.query("select * from int_feature_matrix limit 1").columns
    assert any(c.startswith("f_custom__web_form__") for c in matrix)
    assert not any(c.startswith("f_custom__rating") for c in matrix)
