"""The sample export rendered as Fivetran's Salesforce connector lands it.

`to_salesforce(raw_dir)` reads a contract-shaped export (`leadscore.sample`)
and returns Salesforce objects with Fivetran's column names and quirks:
18-character case-sensitive ids (some references 15 characters), soft-deleted
rows (`is_deleted`) and rows deleted at the source (`_fivetran_deleted`),
`_fivetran_synced`, dates without time where Salesforce has them
(`converted_date`, `close_date`, `activity_date`). Objects: lead, account,
opportunity, task, event, campaign, campaign_member, user. No
`outreach_experiment` or `lead_feedback` (Salesforce has no such objects).

What has no Salesforce equivalent is dropped: web and product events (page
and pricing views, logins, feature use, trials, chats), unsubscribes,
post-conversion events, activities of unknown leads or with unusable types,
repeated lead ids, and every opportunity of a lead but its first (a lead
converts once).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"

# sample activity type key -> (campaign type, member status, has_responded)
_CAMPAIGN_RESPONSES: dict[str, tuple[str, str, bool]] = {
    "webinar_registered": ("Webinar", "Registered", True),
    "webinar_attended": ("Webinar", "Attended", True),
    "content_download": ("Content", "Downloaded", True),
    "case_study_view": ("Content", "Downloaded", True),
    "form_submit": ("Website", "Form Submitted", True),
    "demo_request": ("Website", "Demo Requested", True),
    "email_click": ("Email", "Clicked", True),
    "email_open": ("Email", "Opened", False),
}
# when one lead answers one campaign twice, the member keeps the furthest status
_STATUS_RANK = {"Opened": 0, "Registered": 0, "Downloaded": 0, "Form Submitted": 0, "Clicked": 1,
                "Attended": 1, "Demo Requested": 1}
_TASKS = {"call": ("Call", "Call", "Call"), "email": ("Email", "Email", "Email: Following up"),
          "linkedin": ("LinkedIn", "Task", "LinkedIn InMail")}
_STAGES = {"closed_won": "Closed Won", "closed_lost": "Closed Lost", "open": "Prospecting"}


def sf_id(prefix: str, key: object) -> str:
    """A deterministic 18-character Salesforce id (key prefix + 12 characters +
    Salesforce's case-encoding suffix) for a contract id."""
    digits = re.sub(r"\D", "", str(key)) or "0"
    number = (int(digits) * 2654435761 + 12345) % 62**12
    body = ""
    for _ in range(12):
        number, digit = divmod(number, 62)
        body = _BASE62[digit] + body
    id15 = prefix + body
    suffix = "".join(
        _SUFFIX[sum(1 << i for i, char in enumerate(id15[chunk:chunk + 5]) if char.isupper())]
        for chunk in (0, 5, 10))
    return id15 + suffix


def _users(raw_dir: Path, rep_ids: set[str]) -> pd.DataFrame:
    """Salesforce users: the reps' names and whether active from the export's reps when it has them."""
    users = pd.DataFrame({"rep_id": sorted(rep_ids)})
    if (raw_dir / "reps.parquet").exists():
        users = users.merge(pd.read_parquet(raw_dir / "reps.parquet")[["rep_id", "name", "is_active"]],
                            on="rep_id", how="left")
    else:
        users = users.assign(name=lambda f: "Rep " + f.rep_id, is_active=True)
    return users.assign(id=_ids("005", users.rep_id)).drop(columns="rep_id")


def _ids(prefix: str, keys: pd.Series) -> pd.Series:
    return keys.map(lambda key: sf_id(prefix, key) if pd.notna(key) else None)


def _key(text: pd.Series) -> pd.Series:
    return text.astype("string").str.lower().str.replace(r"[^a-z0-9]+", "_", regex=True).str.strip("_")


def _number(ids: pd.Series) -> pd.Series:
    return pd.to_numeric(ids.astype("string").str.replace(r"\D", "", regex=True), errors="coerce").fillna(0)


def _sync_columns(frame: pd.DataFrame, synced: pd.Timestamp, deleted_every: int = 0,
                  gone_every: int = 0) -> pd.DataFrame:
    """Fivetran's columns: is_deleted on every deleted_every-th row (Salesforce's
    recycle bin), _fivetran_deleted on every gone_every-th (deleted at the source)."""
    position = np.arange(len(frame))
    frame["is_deleted"] = (position % deleted_every == deleted_every - 1) if deleted_every else False
    frame["_fivetran_deleted"] = (position % gone_every == gone_every // 2) if gone_every else False
    frame["_fivetran_synced"] = synced
    return frame


def to_salesforce(raw_dir: Path, contacts_every: int = 0) -> dict[str, pd.DataFrame]:
    """Salesforce objects (Fivetran's table and column names) of the export in raw_dir.

    Every converted lead has its contact (converted_contact_id). With
    contacts_every=n, every n-th lead is created as a Contact instead (account-
    based selling): its opportunity is linked by an opportunity contact role,
    its tasks and campaign memberships name the contact."""
    raw = {name: pd.read_parquet(raw_dir / f"{name}.parquet")
           for name in ("leads", "accounts", "opportunities", "sales_touches", "activities")}
    leads = raw["leads"].dropna(subset=["lead_id"]).drop_duplicates("lead_id").reset_index(drop=True)
    # the last sync: after nearly every event (the sample has some from the far future on purpose)
    synced = pd.Timestamp(raw["activities"].occurred_at.quantile(0.99)).ceil("D") + pd.Timedelta(hours=3)

    accounts = raw["accounts"].drop_duplicates("account_id")
    account = _sync_columns(pd.DataFrame({
        "id": _ids("001", accounts.account_id), "name": accounts.company_name, "industry": accounts.industry,
        "number_of_employees": accounts.employee_count, "annual_revenue": accounts.annual_revenue,
        "billing_country": accounts.country, "created_date": accounts.created_at}), synced)

    opportunities = raw["opportunities"].dropna(subset=["lead_id", "created_at"]).sort_values("created_at")
    opportunity = _sync_columns(pd.DataFrame({
        "id": _ids("006", opportunities.opportunity_id), "account_id": _ids("001", opportunities.account_id),
        "created_date": opportunities.created_at, "stage_name": opportunities.stage.map(_STAGES),
        "close_date": opportunities.closed_at.dt.normalize(), "is_closed": opportunities.stage != "open",
        "is_won": opportunities.stage == "closed_won", "amount": opportunities.amount}), synced)

    firsts = opportunities.drop_duplicates("lead_id").set_index("lead_id")
    firm = leads.merge(accounts, how="left", on="account_id", suffixes=("", "_account"))
    converted = leads.lead_id.map(firsts.opportunity_id)
    as_contact = (np.arange(len(leads)) % contacts_every == contacts_every - 1 if contacts_every
                  else np.zeros(len(leads), bool))
    prefix = pd.Series(np.where(as_contact, "003", "00Q"), index=leads.lead_id)
    lead = _sync_columns(pd.DataFrame({
        "id": _ids("00Q", leads.lead_id), "created_date": leads.created_at, "email": leads.email,
        "first_name": leads.first_name, "last_name": leads.last_name, "title": leads.job_title,
        "lead_source": leads.lead_source, "country": leads.country, "company": firm.company_name,
        "industry": firm.industry, "number_of_employees": firm.employee_count,
        "annual_revenue": firm.annual_revenue, "status": np.where(converted.notna(), "Converted", "Open"),
        "is_converted": converted.notna(), "converted_date": leads.lead_id.map(firsts.created_at).dt.normalize(),
        "converted_opportunity_id": _ids("006", converted),
        "converted_account_id": _ids("001", leads.lead_id.map(firsts.account_id)),
        "converted_contact_id": _ids("003", leads.lead_id.where(converted.notna())),
        # unowned leads wait in a queue (a Group id, 00G)
        "owner_id": _ids("005", leads.owner_id).fillna(sf_id("00G", 1))}), synced, deleted_every=97, gone_every=89)
    contact = _contacts(lead, leads, as_contact, synced)
    lead = lead[~as_contact].reset_index(drop=True)
    direct = opportunities.lead_id.map(prefix) == "003"
    opportunity_contact_role = _sync_columns(pd.DataFrame({
        "id": _ids("00K", opportunities.opportunity_id[direct]),
        "contact_id": _ids("003", opportunities.lead_id[direct]),
        "opportunity_id": _ids("006", opportunities.opportunity_id[direct]),
        "role": "Decision Maker", "is_primary": True,
        "created_date": opportunities.created_at[direct]}).drop_duplicates("id"), synced)

    known = set(leads.lead_id)
    touches = raw["sales_touches"].dropna(subset=["lead_id", "touched_at"])
    touches = touches[touches.lead_id.isin(known)].reset_index(drop=True)
    who = touches.lead_id.map(lambda key: sf_id(prefix[key], key))
    who = who.where(touches.index % 5 != 0, who.str[:15])  # some integrations write 15-character ids
    meeting = (touches.channel == "call") & (touches.index % 10 == 1)
    kinds = touches.channel.map(_TASKS)
    rows = pd.DataFrame({
        "who_id": who, "owner_id": _ids("005", touches.rep_id), "activity_date": touches.touched_at.dt.normalize(),
        "type": kinds.str[0], "task_subtype": kinds.str[1], "subject": kinds.str[2], "created_date": touches.touched_at,
        "key": touches.touch_id})
    task = _sync_columns(rows[~meeting].assign(id=lambda f: _ids("00T", f.key), status="Completed")
                         .drop(columns="key"), synced, deleted_every=53)
    event = rows[meeting].assign(id=lambda f: _ids("00U", f.key), type="Meeting", subject="Discovery meeting",
                                 activity_date_time=lambda f: f.created_date)
    event = _sync_columns(event.drop(columns=["key", "task_subtype"]), synced)

    campaign, campaign_member = _campaigns(raw["activities"], known, prefix, synced)
    user = _sync_columns(_users(raw_dir, set(touches.rep_id.dropna()) | set(leads.owner_id.dropna())), synced)
    return {"lead": lead, "contact": contact, "account": account, "opportunity": opportunity,
            "opportunity_contact_role": opportunity_contact_role, "task": task, "event": event,
            "campaign": campaign, "campaign_member": campaign_member, "user": user}


def _contacts(lead: pd.DataFrame, leads: pd.DataFrame, as_contact: np.ndarray, synced: pd.Timestamp) -> pd.DataFrame:
    """Contacts: the leads created as contacts (at the lead's creation, under
    its account) and the contacts converted leads became (at conversion)."""
    made = lead.converted_contact_id.notna() & ~as_contact
    rows = pd.DataFrame({
        "id": _ids("003", leads.lead_id), "account_id": _ids("001", leads.account_id),
        "created_date": lead.created_date.where(as_contact, lead.converted_date),
        "email": lead.email, "first_name": lead.first_name, "last_name": lead.last_name, "title": lead.title,
        "lead_source": lead.lead_source, "mailing_country": lead.country, "owner_id": lead.owner_id})
    return _sync_columns(rows[as_contact | made].reset_index(drop=True), synced, deleted_every=101)


def _campaigns(activities: pd.DataFrame, known: set[str], prefix: pd.Series,
               synced: pd.Timestamp) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One campaign per (campaign type, month); one member per (campaign, lead)."""
    events = activities.assign(key=_key(activities.activity_type)).dropna(subset=["occurred_at"])
    events = events[events.key.isin(list(_CAMPAIGN_RESPONSES)) & events.lead_id.isin(known)]
    response = events.key.map(_CAMPAIGN_RESPONSES)
    events = events.assign(type=response.str[0], status=response.str[1], has_responded=response.str[2],
                           month=events.occurred_at.dt.strftime("%Y-%m"))
    events = events.assign(rank=events.status.map(_STATUS_RANK)).sort_values(["rank", "occurred_at"])
    members = events.groupby(["type", "month", "lead_id"], as_index=False).agg(
        status=("status", "last"), has_responded=("has_responded", "max"), created_date=("occurred_at", "min"),
        activity_id=("activity_id", "first"))
    names = members[["type", "month"]].drop_duplicates().sort_values(["month", "type"]).reset_index(drop=True)
    names["id"] = [sf_id("701", number) for number in range(1, len(names) + 1)]
    campaign = _sync_columns(names.assign(name=names.month + " " + names.type, status="Completed")
                             .drop(columns="month"), synced)
    members = members.merge(names[["type", "month", "id"]].rename(columns={"id": "campaign_id"}),
                            on=["type", "month"]).sort_values(["created_date", "activity_id"])
    members = members.reset_index(drop=True)
    lead_ids = _ids("00Q", members.lead_id)
    lead_ids = lead_ids.where(members.index % 7 != 3, lead_ids.str[:15])
    is_contact = members.lead_id.map(prefix).eq("003")
    member = pd.DataFrame({
        "id": _ids("00v", members.activity_id), "campaign_id": members.campaign_id,
        "lead_id": lead_ids.where(~is_contact), "contact_id": _ids("003", members.lead_id).where(is_contact),
        "status": members.status,
        "has_responded": members.has_responded.astype(bool), "created_date": members.created_date,
        "first_responded_date": members.created_date.dt.normalize().where(members.has_responded.astype(bool))})
    # newsletters sent to every tenth lead, never answered: not activities
    sent = members.drop_duplicates("lead_id").iloc[::10]
    newsletter = sf_id("701", len(names) + 1)
    member = pd.concat([member, pd.DataFrame({
        "id": _ids("00v", "9" + sent.activity_id.astype("string")), "campaign_id": newsletter,
        "lead_id": _ids("00Q", sent.lead_id).to_numpy(), "contact_id": None, "status": "Sent", "has_responded": False,
        "created_date": sent.created_date.to_numpy(), "first_responded_date": pd.NaT})], ignore_index=True)
    campaign = pd.concat([campaign, pd.DataFrame({"type": ["Email"], "id": [newsletter], "name": ["Newsletter"],
                                                  "status": ["In Progress"], "is_deleted": [False],
                                                  "_fivetran_deleted": [False], "_fivetran_synced": [synced]})],
                         ignore_index=True)
    return campaign, _sync_columns(member, synced, deleted_every=61)
