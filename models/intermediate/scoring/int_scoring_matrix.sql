{{ config(materialized='view') }}
-- The feature matrix at the scoring grain: one row per open lead at as_of
-- (its scoring snapshot). Everything that scores, words or monitors today's
-- leads reads this, so "which rows are today's" is said once.

select * from {{ ref('int_feature_matrix') }}
where snapshot_type = 'scoring'
