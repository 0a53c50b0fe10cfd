"""The eight tables of the raw data contract (README), as Arrow schemas.

They live apart from the simulation because both the table builders and the writers
need them, and because this is the one place the sample's shape has to match the
contract the dbt project reads.
"""

from __future__ import annotations

import pyarrow as pa

TABLES = (
    "leads",
    "accounts",
    "activities",
    "opportunities",
    "sales_touches",
    "outreach_experiment",
    "lead_feedback",
    "reps",
)
TS = pa.timestamp("us")
SCHEMAS: dict[str, pa.Schema] = {
    "leads": pa.schema(
        [
            ("lead_id", pa.string()),
            ("created_at", TS),
            ("account_id", pa.string()),
            ("email", pa.string()),
            ("first_name", pa.string()),
            ("last_name", pa.string()),
            ("job_title", pa.string()),
            ("lead_source", pa.string()),
            ("country", pa.string()),
            ("owner_id", pa.string()),
            ("utm_campaign", pa.string()),
            ("is_partner_referral", pa.bool_()),
        ]
    ),
    "accounts": pa.schema(
        [
            ("account_id", pa.string()),
            ("company_name", pa.string()),
            ("industry", pa.string()),
            ("employee_count", pa.int64()),
            ("annual_revenue", pa.float64()),
            ("country", pa.string()),
            ("created_at", TS),
        ]
    ),
    "activities": pa.schema(
        [
            ("activity_id", pa.string()),
            ("lead_id", pa.string()),
            ("activity_type", pa.string()),
            ("occurred_at", TS),
            ("duration_seconds", pa.int64()),
            ("page_path", pa.string()),
        ]
    ),
    "opportunities": pa.schema(
        [
            ("opportunity_id", pa.string()),
            ("lead_id", pa.string()),
            ("account_id", pa.string()),
            ("created_at", TS),
            ("stage", pa.string()),
            ("closed_at", TS),
            ("amount", pa.float64()),
        ]
    ),
    "sales_touches": pa.schema(
        [
            ("touch_id", pa.string()),
            ("lead_id", pa.string()),
            ("touched_at", TS),
            ("channel", pa.string()),
            ("rep_id", pa.string()),
        ]
    ),
    "outreach_experiment": pa.schema([("lead_id", pa.string()), ("group_name", pa.string()), ("assigned_at", TS)]),
    "lead_feedback": pa.schema(
        [
            ("feedback_id", pa.string()),
            ("lead_id", pa.string()),
            ("created_at", TS),
            ("verdict", pa.string()),
            ("rep_id", pa.string()),
            ("comment", pa.string()),
        ]
    ),
    "reps": pa.schema(
        [
            ("rep_id", pa.string()),
            ("name", pa.string()),
            ("daily_capacity", pa.int64()),
            ("segment", pa.string()),
            ("seniority", pa.int64()),
            ("is_active", pa.bool_()),
        ]
    ),
}
