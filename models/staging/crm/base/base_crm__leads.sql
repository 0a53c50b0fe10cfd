{{ config(materialized='table') }}
-- Every raw lead row, typed, with why it is rejected (null = kept) and the
-- lead it is one person with: records sharing an email (any case) merge into
-- the earliest created, which keeps its lead_id.

{%- set columns = [] %}
{%- for name in raw_columns('leads') + ['email_key'] %}{% do columns.append(adapter.quote(name)) %}{% endfor %}

with

raw as (
    {{ raw_table('leads') }}
),

checked as (
    select
        *,
        lower(email) as email_key,
        case
            {{ deleted_in_crm_rule('leads') }}
            when lead_id is null then 'missing lead_id'
            when created_at is null and _cast_errors like '%created_at%' then 'unparseable created_at'
            when created_at is null then 'missing created_at'
            when {{ is_impossible_timestamp('created_at') }} then 'impossible created_at'
        end as _reject_reason
    from raw
),

id_ranked as (
    select
        *,
        row_number() over (partition by lead_id order by created_at, _source_file) as id_rank
    from checked
    where _reject_reason is null
),

unique_ids as (
    select
        *,
        first_value(lead_id) over (
            partition by coalesce(email_key, lead_id) order by created_at, lead_id
        ) as canonical_lead_id
    from id_ranked
    where id_rank = 1
),

final as (
    select
        {{ columns | join(', ') }},
        _reject_reason,
        canonical_lead_id,
        case when canonical_lead_id <> lead_id then 'merged into ' || canonical_lead_id end as _reject_reason_dedup
    from unique_ids

    union all

    select
        {{ columns | join(', ') }},
        _reject_reason,
        cast(null as {{ dbt.type_string() }}) as canonical_lead_id,
        'duplicate lead_id' as _reject_reason_dedup
    from id_ranked
    where id_rank > 1

    union all

    select
        {{ columns | join(', ') }},
        _reject_reason,
        cast(null as {{ dbt.type_string() }}) as canonical_lead_id,
        cast(null as {{ dbt.type_string() }}) as _reject_reason_dedup
    from checked
    where _reject_reason is not null
)

select
    {{ columns | join(', ') }},
    canonical_lead_id,
    coalesce(_reject_reason, _reject_reason_dedup) as _reject_reason
from final
