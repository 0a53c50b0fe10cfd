"""The custom-field profile as the overrides file a user edits.

`leadscore custom-fields` writes every custom field of the last build
(mart custom_field_profile) into seeds/custom_field_overrides.csv with the
treatment the profile chose, so that a user reviews one file, changes a
treatment or marks a field known at creation, and the next build follows it.
Rows already in the file are the user's and are kept as they are.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

COLUMNS = ["table_name", "column_name", "treatment", "known_at", "note"]


def overrides_from_profile(profile: pd.DataFrame, existing: pd.DataFrame) -> pd.DataFrame:
    """existing rows first, then one row per profiled field not in them:
    treatment = the kind of a feature, exclude for anything else, with why."""
    known = set(zip(existing["table_name"], existing["column_name"], strict=True))
    new = profile[[(t, c) not in known for t, c in zip(profile["table_name"], profile["column_name"], strict=True)]]
    rows = pd.DataFrame({
        "table_name": new["table_name"],
        "column_name": new["column_name"],
        "treatment": [k if d == "feature" else "exclude" for k, d in zip(new["kind"], new["decision"], strict=True)],
        "known_at": "",
        "note": [f"profiled: {d}" + (f" ({r})" if isinstance(r, str) and r else "")
                 for d, r in zip(new["decision"], new["reason"], strict=True)],
    })
    return pd.concat([existing.reindex(columns=COLUMNS), rows], ignore_index=True)


def write_overrides(profile: pd.DataFrame, path: Path) -> int:
    """Add the profile's new fields to the overrides file at `path`; returns how many were added."""
    existing = pd.read_csv(path, dtype=str, keep_default_na=False) if path.exists() else pd.DataFrame(columns=COLUMNS)
    merged = overrides_from_profile(profile, existing)
    merged.to_csv(path, index=False)
    return len(merged) - len(existing)
