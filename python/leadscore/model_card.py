"""The model card: what the active model predicts, on what data, how well, and its known limits."""

from __future__ import annotations

import pandas as pd


def cell(value: object) -> str:
    """A table cell as text: floats to 4 significant digits, missing values blank."""
    if isinstance(value, float):
        return "" if pd.isna(value) else f"{value:.4g}"
    return "" if value is None or value is pd.NA else str(value)


def _markdown(frame: pd.DataFrame) -> str:
    lines = ["| " + " | ".join(map(str, frame.columns)) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


KIND_TEXT = {
    "logistic": "Logistic regression on standardised point-in-time features",
    "additive": "Additive model (an Explainable Boosting Machine: one monotone-where-expected shape per feature "
                "and a few pairwise interactions) on point-in-time features",
}


def model_card(registry: pd.Series, performance: pd.DataFrame, fairness: pd.DataFrame,
               leakage: pd.DataFrame) -> str:
    flagged = fairness[fairness.is_flagged]
    excluded = leakage[leakage.decision != "kept"]
    splits = pd.DataFrame([(split, registry[f"window_{split}_from"], registry[f"window_{split}_to"],
                            f'{registry[f"rows_{split}"]:,.0f}', f'{registry[f"positives_{split}"]:,.0f}')
                           for split in ("train", "valid", "test")],
                          columns=["split", "from", "to", "rows", "conversions"])
    return f"""# Model card: leadscore conversion model {registry.model_version}

## What it predicts
Calibrated probability that an open lead converts (first opportunity, or
closed-won per `conversion_definition`) within the label window after the
scoring instant. {KIND_TEXT.get(str(registry.champion_kind), KIND_TEXT["logistic"])}, then
{registry.calibration_method} calibration; the champion of the two candidates (var champion); trained
{registry.trained_at} because: {registry.trained_because}.

## Data
{_markdown(splits)}

Features: {registry.features:.0f} (see `seeds/feature_catalog.csv`). Training rows may be a reweighted
sample (`max_train_rows`).

## Performance on the held-out test split
{_markdown(performance)}

## Fairness
Segments (industry, company size, region, seniority) whose mean predicted
probability misses their observed conversion rate by more than
`fairness_max_calibration_gap`: {len(flagged)} of {len(fairness)}.
{"".join(f"- {r.dimension} = {r.segment}: predicted {r.mean_probability:.3f}, observed {r.observed_rate:.3f}" + chr(10)
         for r in flagged.itertuples())}
## Known limits
- Leakage rules (`leakage_audit`): sales-driven activity types, types crowding into the hours before conversion
  and lead fields filled in at conversion are kept out; here: {", ".join(
      f"{r.item_name} ({r.decision})" for r in excluded.itertuples()) or "none"}.
- Firmographics, title, source and country are current state (no history in the contract); a value a rep
  overwrites after a deal would leak unseen.
- Sales touches are never features (they follow qualification); uplift comes from the randomised holdout only.
- Leads older than `max_lead_age_days` are scored by extrapolation (their age is clipped to the training range).
- Scores describe the population the model was trained on; watch `retrain_triggers` and `monitoring_feature_drift`.
"""
