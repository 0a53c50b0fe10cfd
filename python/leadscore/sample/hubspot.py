"""The sample export rendered as Fivetran's HubSpot connector lands it.

`to_hubspot(raw_dir)` reads a contract-shaped export (`leadscore.sample`) and
returns HubSpot objects with Fivetran's table and column names and quirks:
numeric ids, properties as `property_<name>`, epoch-millisecond timestamps
where HubSpot's API gives them (engagement `timestamp` and `created_at`, form
submission `timestamp`), rows deleted at the source (`_fivetran_deleted`) or
archived (`is_deleted`), `_fivetran_synced`, and email events that name only
the recipient's address (in any case). Objects: contact, company, deal,
deal_contact, engagement, engagement_contact, contact_form_submission, form,
email_event, owner. `contact_property_history` is left out (not every
portal syncs it; var `hubspot__contact_property_history_enabled`).

Dropped as having no HubSpot object here: web and product events, webinar
attendance, unsubscribes, post-conversion events, activities of unknown
leads or with unusable types, repeated lead ids.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

# sample activity type key -> form name
_FORMS = {"demo_request": "Request a Demo", "content_download": "Content Download",
          "case_study_view": "Case Study Download", "webinar_registered": "Webinar Registration",
          "form_submit": "Contact Us", "trial_signup": "Free Trial Signup"}
_EMAIL_EVENTS = {"email_open": "OPEN", "email_click": "CLICK"}
_ENGAGEMENTS = {"call": "CALL", "email": "EMAIL", "linkedin": "LINKEDIN_MESSAGE"}
_SOURCES = {"organic search": "ORGANIC_SEARCH", "paid search": "PAID_SEARCH", "webinar": "OTHER_CAMPAIGNS",
            "referral": "REFERRALS", "partner": "REFERRALS", "event": "OFFLINE", "outbound": "OFFLINE",
            "content syndication": "OTHER_CAMPAIGNS", "direct": "DIRECT_TRAFFIC"}
_STAGES = {"closed_won": "closedwon", "closed_lost": "closedlost", "open": "qualifiedtobuy"}


def hs_id(key: object, base: int) -> int:
    """A HubSpot-style numeric id for a contract id (its digits, offset per object)."""
    return base + int(re.sub(r"\D", "", str(key)) or 0)


def _owners(raw_dir: Path, ids: set[int]) -> pd.DataFrame:
    """HubSpot users: names and whether active from the export's reps when it has them."""
    owners = pd.DataFrame({"owner_id": sorted(ids)})
    if not (raw_dir / "reps.parquet").exists():
        return owners
    reps = pd.read_parquet(raw_dir / "reps.parquet")
    names = reps.name.str.split(" ", n=1, expand=True)
    known = pd.DataFrame({"owner_id": _ids(reps.rep_id, 900_000), "first_name": names[0], "last_name": names[1],
                          "is_active": reps.is_active})
    return owners.merge(known, on="owner_id", how="left")


def _ids(keys: pd.Series, base: int) -> pd.Series:
    return keys.map(lambda key: hs_id(key, base) if pd.notna(key) else None).astype("Int64")


def epoch_ms(moments: pd.Series) -> pd.Series:
    """Timestamps as milliseconds since 1970-01-01 (how HubSpot's API gives them)."""
    return ((moments - pd.Timestamp("1970-01-01")) // pd.Timedelta(milliseconds=1)).astype("Int64")


def _key(text: pd.Series) -> pd.Series:
    return text.astype("string").str.lower().str.replace(r"[^a-z0-9]+", "_", regex=True).str.strip("_")


def _synced(frame: pd.DataFrame, synced: pd.Timestamp, marker: str = "", every: int = 0) -> pd.DataFrame:
    """Fivetran's _fivetran_synced, and `marker` (is_deleted or _fivetran_deleted) on every every-th row."""
    if marker:
        frame[marker] = (np.arange(len(frame)) % every == every - 1) if every else False
    frame["_fivetran_synced"] = synced
    return frame


def to_hubspot(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """HubSpot objects (Fivetran's table and column names) of the export in raw_dir."""
    raw = {name: pd.read_parquet(raw_dir / f"{name}.parquet")
           for name in ("leads", "accounts", "opportunities", "sales_touches", "activities")}
    leads = raw["leads"].dropna(subset=["lead_id"]).drop_duplicates("lead_id").reset_index(drop=True)
    synced = pd.Timestamp(raw["activities"].occurred_at.quantile(0.99)).ceil("D") + pd.Timedelta(hours=3)
    known = set(leads.lead_id)

    accounts = raw["accounts"].drop_duplicates("account_id").reset_index(drop=True)
    company = _synced(pd.DataFrame({
        "id": _ids(accounts.account_id, 5_000_000), "property_name": accounts.company_name,
        "property_industry": accounts.industry, "property_numberofemployees": accounts.employee_count,
        "property_annualrevenue": accounts.annual_revenue, "property_country": accounts.country,
        "property_createdate": accounts.created_at}), synced, "is_deleted", 97)

    firm = leads.merge(accounts, how="left", on="account_id", suffixes=("", "_account"))
    contact = _synced(pd.DataFrame({
        "id": _ids(leads.lead_id, 0), "property_createdate": leads.created_at, "property_email": leads.email,
        "property_firstname": leads.first_name, "property_lastname": leads.last_name,
        "property_jobtitle": leads.job_title, "property_company": firm.company_name,
        "property_industry": firm.industry, "property_numberofemployees": firm.employee_count,
        "property_annualrevenue": firm.annual_revenue, "property_country": leads.country,
        "property_hs_analytics_source": leads.lead_source.map(_SOURCES),
        "property_associatedcompanyid": _ids(leads.account_id, 5_000_000),
        "property_hubspot_owner_id": _ids(leads.owner_id, 900_000)}), synced, "_fivetran_deleted", 89)

    opportunities = raw["opportunities"].dropna(subset=["lead_id", "created_at"])
    opportunities = opportunities[opportunities.lead_id.isin(known)]
    deal = _synced(pd.DataFrame({
        "deal_id": _ids(opportunities.opportunity_id, 7_000_000), "property_createdate": opportunities.created_at,
        "property_closedate": opportunities.closed_at, "property_amount": opportunities.amount,
        "property_dealstage": opportunities.stage.map(_STAGES), "deal_pipeline_stage_id": "default",
        "property_hs_is_closed_won": opportunities.stage == "closed_won",
        "property_hs_is_closed": opportunities.stage != "open"}), synced, "is_deleted", 71)
    deal_contact = _synced(pd.DataFrame({"deal_id": deal.deal_id, "contact_id": _ids(opportunities.lead_id, 0),
                                         "type_id": 3, "category": "HUBSPOT_DEFINED"}), synced)

    engagement, engagement_contact = _engagements(raw["sales_touches"], known, synced)
    submission, form = _forms(raw["activities"], known, synced)
    owner_ids = set(engagement.owner_id.dropna()) | set(contact.property_hubspot_owner_id.dropna())
    owner = _synced(_owners(raw_dir, owner_ids), synced)
    return {"contact": contact, "company": company, "deal": deal, "deal_contact": deal_contact,
            "engagement": engagement, "engagement_contact": engagement_contact,
            "contact_form_submission": submission, "form": form,
            "email_event": _email_events(raw["activities"], leads, synced), "owner": owner}


def _engagements(touches: pd.DataFrame, known: set[str], synced: pd.Timestamp) -> tuple[pd.DataFrame,
                                                                                          pd.DataFrame]:
    """One engagement per touch (every tenth call a meeting) and a note beside every seventh."""
    touches = touches.dropna(subset=["lead_id", "touched_at"])
    touches = touches[touches.lead_id.isin(known)].reset_index(drop=True)
    kind = touches.channel.map(_ENGAGEMENTS).where(~((touches.channel == "call") & (touches.index % 10 == 1)),
                                                    "MEETING")
    rows = pd.DataFrame({"id": _ids(touches.touch_id, 20_000_000), "type": kind, "contact_id": _ids(touches.lead_id, 0),
                         "owner_id": _ids(touches.rep_id, 900_000), "moment": touches.touched_at})
    notes = rows.iloc[::7].assign(id=lambda f: f.id + 50_000_000, type="NOTE",
                                  moment=lambda f: f.moment + pd.Timedelta(minutes=5))
    rows = pd.concat([rows, notes], ignore_index=True)
    # logged a few minutes after it happened; both in epoch milliseconds
    engagement = _synced(rows.assign(timestamp=epoch_ms(rows.moment), created_at=epoch_ms(rows.moment) + 180_000,
                                     active=True).drop(columns=["contact_id", "moment"]),
                         synced, "_fivetran_deleted", 53)
    engagement_contact = _synced(rows[["id", "contact_id"]].rename(columns={"id": "engagement_id"}), synced)
    return engagement, engagement_contact


def _forms(activities: pd.DataFrame, known: set[str], synced: pd.Timestamp) -> tuple[pd.DataFrame, pd.DataFrame]:
    events = activities.assign(key=_key(activities.activity_type)).dropna(subset=["occurred_at"])
    events = events[events.key.isin(list(_FORMS)) & events.lead_id.isin(known)].reset_index(drop=True)
    guids = {key: f"f{number:07d}-hubspot-form" for number, key in enumerate(_FORMS, start=1)}
    submission = _synced(pd.DataFrame({
        "conversion_id": "c-" + events.activity_id.astype("string"), "contact_id": _ids(events.lead_id, 0),
        "form_id": events.key.map(guids), "timestamp": epoch_ms(events.occurred_at),
        "title": "Acme | " + events.key.map(_FORMS), "page_url": "https://www.example.com/" + events.key,
        "portal_id": 4_200_001}), synced)
    form = _synced(pd.DataFrame({"guid": list(guids.values()), "name": list(_FORMS.values())}), synced)
    return submission, form


def _email_events(activities: pd.DataFrame, leads: pd.DataFrame, synced: pd.Timestamp) -> pd.DataFrame:
    """Opens and clicks by recipient address, each after a DELIVERED event (not the lead's doing)."""
    emails = leads.set_index("lead_id").email.dropna()
    events = activities.assign(key=_key(activities.activity_type)).dropna(subset=["occurred_at"])
    events = events[events.key.isin(list(_EMAIL_EVENTS)) & events.lead_id.isin(emails.index)].reset_index(drop=True)
    recipient = events.lead_id.map(emails)
    opened = pd.DataFrame({"id": "ev-" + events.activity_id.astype("string"), "type": events.key.map(_EMAIL_EVENTS),
                           "created": events.occurred_at,
                           "recipient": recipient.where(events.index % 6 != 0, recipient.str.upper())})
    delivered = opened.assign(id="dl-" + events.activity_id.astype("string"), type="DELIVERED",
                              created=opened.created - pd.Timedelta(minutes=30))
    return _synced(pd.concat([opened, delivered], ignore_index=True).assign(email_campaign_id=310_001), synced)
