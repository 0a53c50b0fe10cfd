"""Synthetic CRM export for leadscore: eight raw tables shaped like the raw data contract (README).

Why this exists: the dbt project has to be demonstrable and testable without anyone's
real CRM, and the features and models only prove something if the data behaves like a
B2B funnel rather than uniform noise:

* a latent propensity (firmographics, seniority, source, email type) decides who is a
  buyer; buyers' engagement ramps up (content -> case study -> pricing -> demo/trial with
  product usage) in the weeks *before* their opportunity is created;
* tire-kickers, long-tail nurture leads, unsubscribers, students and bots add the
  look-alikes a model must tell apart;
* reps touch leads that look good (confounding), except for a randomised holdout, and
  touches change conversion by a segment-dependent amount (the uplift signal);
* everything is censored at the export instant `end`, as a real export is;
* the dirt of real exports is present (case-variant duplicate leads, duplicate and
  orphan activity rows, re-used activity ids, junk types, future and missing timestamps, missing
  firmographics, messy country names, negative amounts, dangling account ids).

Reproducibility: all randomness comes from numpy Generators seeded by
`SeedSequence([seed, stream, chunk])`; nothing reads the wall clock or relies on hash
order, so the same arguments give byte-identical files. Scale: leads are simulated and
written in fixed chunks of `CHUNK_LEADS`, with numpy doing the per-event work, so memory
stays bounded at a million leads. Internally a timestamp is a float64 count of days since
the Unix epoch (NaN = missing); it becomes whole-second UTC `timestamp[us]` on output.

The modules, in the order data flows: `config` (run parameters, random streams),
`vocab` (names, titles, industries, countries, activity types, e-mail domains),
`people` (accounts and leads), `plan` (each lead's latent story), `events` (activity
streams), `dirt` (the deliberate export dirt), `lead_table` and `tables` (the exported
rows), `export` (chunking and writing: `generate`), `cli` (`python -m leadscore.sample`).
`contract`, `columns` and `draws` hold the schemas and the Arrow and numpy helpers.
`salesforce` and `hubspot` render a written export as those CRMs' objects land in a
warehouse through Fivetran (`to_salesforce`, `to_hubspot`).
"""

from leadscore.sample.cli import main
from leadscore.sample.config import CHUNK_LEADS, DEFAULT_END
from leadscore.sample.contract import SCHEMAS, TABLES
from leadscore.sample.dirt import RE_EXPORTED_ID_EVERY
from leadscore.sample.export import Timers, generate
from leadscore.sample.vocab import POST_CONVERSION_TYPES

__all__ = [
    "CHUNK_LEADS",
    "DEFAULT_END",
    "POST_CONVERSION_TYPES",
    "RE_EXPORTED_ID_EVERY",
    "SCHEMAS",
    "TABLES",
    "Timers",
    "generate",
    "main",
]
