{{ config(materialized='view') }}
-- What this build reads the CRM from (macro raw_provenance: the raw
-- directory, or database.schema of the tables landed in the warehouse).
-- ml_model_artifacts records it with each version and trains anew when it
-- changes: a model is reused only on the input it was trained on. A model,
-- not a config value, because yml configs cannot call the macro that decides.

select {{ sql_text(raw_provenance()) }} as raw_input
