{{ config(materialized='table') }}
-- One row per lead field that features read as current state (the value
-- now, not at the snapshot): how often it is filled on leads that converted
-- and on leads that did not. A field a CRM fills in at conversion (the
-- account a rep links, a title a rep types in) is filled on nearly every
-- converted lead and few others; as a feature it would be the label itself,
-- so feature groups read it only when this audit keeps it.

with

leads as (
    select
        leads.*,
        known.converted_at is not null as converted
    from {{ ref('stg_crm__leads') }} as leads
    inner join {{ ref('int_leads') }} as known
        on leads.lead_id = known.lead_id
),

fill as (
    {%- for field, filled in audited_lead_fields().items() %}
    select
        '{{ field }}' as field_name,
        count(case when leads.converted then 1 end) as converted_leads,
        {{ divide('count(case when leads.converted and ' ~ filled ~ ' then 1 end)',
                  'nullif(count(case when leads.converted then 1 end), 0)') }} as fill_rate_converted,
        count(case when not leads.converted then 1 end) as other_leads,
        {{ divide('count(case when not leads.converted and ' ~ filled ~ ' then 1 end)',
                  'nullif(count(case when not leads.converted then 1 end), 0)') }} as fill_rate_other
    from leads
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

final as (
    select
        *,
        fill_rate_converted - fill_rate_other as fill_gap,
        coalesce(
            converted_leads >= {{ var('leakage_min_events') }}
            and fill_rate_converted - fill_rate_other >= {{ var('current_state_fill_gap') }},
            false
        ) as filled_at_conversion
    from fill
)

select
    field_name,
    converted_leads,
    fill_rate_converted,
    other_leads,
    fill_rate_other,
    fill_gap,
    filled_at_conversion,
    case when filled_at_conversion then 'filled at conversion (fill-rate audit)' end as excluded_because
from final
