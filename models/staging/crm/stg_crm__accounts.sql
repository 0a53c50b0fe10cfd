with

base as (
    select * from {{ ref('base_crm__accounts') }}
),

countries as (
    select * from {{ ref('country_aliases') }}
),

final as (
    select
        base.account_id,
        base.company_name,
        lower(base.industry) as industry,
        -- out-of-range firmographics are unknown, not zero
        case when base.employee_count > 0 then base.employee_count end as employee_count,
        case when base.annual_revenue > 0 then base.annual_revenue end as annual_revenue,
        countries.iso2 as country_code,
        -- custom fields of this CRM
        {%- for column in extra_columns(ref('base_crm__accounts'), 'accounts') %}
        base.{{ column }},
        {%- endfor %}
        base.created_at
    from base
    left join countries
        on {{ country_key('base.country') }} = countries.country_key
    where base._reject_reason is null
)

select * from final
