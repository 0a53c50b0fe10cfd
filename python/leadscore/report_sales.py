"""What a sales manager reads first: pure functions from mart frames to the
report's sentences and tables. None for a frame means its table is not in
the warehouse; every function then returns what the page can still say.
"""

from __future__ import annotations

import pandas as pd

Frame = pd.DataFrame | None


def headline(shadow: Frame, legacy: Frame) -> tuple[str, float | None, float | None]:
    """The sentence the page opens with, and the two shares it names: the
    conversions the Hot tier caught against the old points rules on a list of
    the same size, from the last closed shadow run (the latest open one when
    none has closed), else from the test split's top 20%."""
    if shadow is not None and not shadow.empty:
        runs = shadow.groupby(["scored_at", "window_closed"], as_index=False).conversions.sum()
        runs = runs[runs.conversions > 0].sort_values(["window_closed", "scored_at"])
        if not runs.empty:
            run = runs.iloc[-1]
            rows = shadow[shadow.scored_at == run.scored_at].set_index("comparison_group").conversions
            model = (rows.get("both", 0) + rows.get("model_only", 0)) / run.conversions
            rules = (rows.get("both", 0) + rows.get("legacy_only", 0)) / run.conversions
            when = ("in the last closed run" if run.window_closed
                    else "so far in the latest run (its label window is still open)")
            return (f"The Hot tier caught {model:.0%} of conversions {when} ({run.scored_at:%Y-%m-%d}); "
                    f"the old points rules, on a list of the same size, caught {rules:.0%}.", model, rules)
    if legacy is not None and {"model_top_20pct", "legacy_rules_top_20pct"} <= set(legacy.policy):
        shares = legacy.set_index("policy").share_of_conversions
        model, rules = float(shares["model_top_20pct"]), float(shares["legacy_rules_top_20pct"])
        return (f"The model's top 20% of leads caught {model:.0%} of conversions in the held-out test period "
                f"(no closed scoring run to compare yet); the old points rules, on a list of the same size, "
                f"caught {rules:.0%}.", model, rules)
    return ("No comparison with the old points rules yet: no shadow_comparison runs and no legacy_vs_model mart.",
            None, None)


def rep_load(assigned: pd.DataFrame, reps: Frame) -> pd.DataFrame:
    """Per active rep (every rep with leads today when there is no reps
    table): Hot leads assigned today, daily capacity and free slots."""
    counts = assigned.set_index("rep_id")
    if reps is None:
        return counts.reset_index().rename(columns={"rep_id": "rep"}).assign(capacity=pd.NA, free=pd.NA)
    active = reps[reps.is_active.fillna(False).astype(bool)].copy()
    active["assigned"] = active.rep_id.map(counts.assigned).fillna(0).astype(int)
    active["free"] = (active.daily_capacity - active.assigned).clip(lower=0)
    load = active.rename(columns={"rep_name": "rep", "daily_capacity": "capacity"})
    load["segment"] = load.segment.fillna("any")
    return load.sort_values(["assigned", "rep"], ascending=[False, True])[
        ["rep", "segment", "seniority", "assigned", "capacity", "free"]]


def rep_names(reps: Frame) -> dict[str, str]:
    return {} if reps is None else dict(zip(reps.rep_id, reps.rep_name, strict=True))


def people(frame: pd.DataFrame, leads: Frame, accounts: Frame, reps: Frame) -> pd.DataFrame:
    """`frame` (with lead_id, maybe assigned_rep_id) with the lead's name,
    company and owner added from the CRM staging models, when present."""
    out = frame.copy()
    if leads is not None:
        out = out.merge(leads, on="lead_id", how="left")
        out["name"] = (out.first_name.fillna("") + " " + out.last_name.fillna("")).str.strip()
    else:
        out["name"], out["owner_id"], out["account_id"] = out.lead_id, None, None
    companies = {} if accounts is None else dict(zip(accounts.account_id, accounts.company_name, strict=True))
    names = rep_names(reps)
    out["company"] = out.account_id.map(companies).fillna("")
    out["owner"] = out.owner_id.map(lambda r: names.get(r, r) if isinstance(r, str) else "unowned")
    if "assigned_rep_id" in out:
        out["suggested rep"] = out.assigned_rep_id.map(lambda r: names.get(r, r) if isinstance(r, str) else "")
    return out


def movers(scores: pd.DataFrame, n: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The open leads the model ranks far above, and far below, the old points
    rules: ranks 1 = best under each, and how many places the model moves them."""
    ranked = scores.dropna(subset=["legacy_score"]).copy()
    ranked["model rank"] = ranked.score.rank(ascending=False, method="min").astype(int)
    ranked["rules rank"] = ranked.legacy_score.rank(ascending=False, method="min").astype(int)
    ranked["places up"] = ranked["rules rank"] - ranked["model rank"]
    ranked = ranked.sort_values(["places up", "score"], ascending=[False, False])
    down = ranked.tail(n).iloc[::-1]
    return ranked.head(n), down.assign(**{"places up": -down["places up"]}).rename(columns={"places up": "places down"})
