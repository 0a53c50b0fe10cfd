{{ config(materialized='table') }}
-- Label and time split of every training snapshot. label = the lead converted
-- in (snapshot_at, snapshot_at + label_window_days]. Splits are by snapshot
-- date, latest last (train < valid < test, about var valid_fraction and
-- test_fraction of the snapshots), with one label window of gap before valid
-- and before test so that no label of an earlier split peeks into a later one.

with

snapshots as (
    select * from {{ ref('int_lead_snapshots') }}
    where snapshot_type = 'training'
),

leads as (
    select lead_id, converted_at from {{ ref('int_leads') }}
),

test_boundary as (
    -- cut by share of snapshots, not of calendar time: lead volume grows, so
    -- equal time slices would leave training with the fewest rows
    select
        {{ percentile_timestamp('snapshot_at', 1 - var('test_fraction')) }} as test_start
    from snapshots
),

boundaries as (
    -- validation: the latest valid_fraction of all snapshots that end a label
    -- window before the test period starts (a left join, so that a history
    -- too short for validation leaves it empty instead of dropping every row)
    select
        test_boundary.test_start,
        {{ add_days('test_boundary.test_start', -var('label_window_days')) }} as valid_end,
        {{ percentile_timestamp('snapshots.snapshot_at',
                                1 - var('valid_fraction') / (1 - var('test_fraction'))) }} as valid_start
    from test_boundary
    left join snapshots
        on snapshots.snapshot_at < {{ add_days('test_boundary.test_start', -var('label_window_days')) }}
    group by 1, 2
),

final as (
    select
        snapshots.lead_id,
        snapshots.snapshot_at,
        {{ conversion_label('leads.converted_at', 'snapshots.snapshot_at') }} as label,
        case
            when snapshots.snapshot_at >= boundaries.test_start then 'test'
            when snapshots.snapshot_at >= boundaries.valid_start
                and snapshots.snapshot_at < boundaries.valid_end then 'valid'
            when snapshots.snapshot_at < {{ add_days('boundaries.valid_start', -var('label_window_days')) }}
                then 'train'
            else 'gap'
        end as split
    from snapshots
    inner join leads
        on snapshots.lead_id = leads.lead_id
    cross join boundaries
)

select * from final
