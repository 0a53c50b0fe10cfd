-- One row per person: rejected and merged records are in quarantine_crm__leads.

with

base as (
    select * from {{ ref('base_crm__leads') }}
),

merge_counts as (
    select canonical_lead_id as lead_id, count(*) as merged_records
    from base
    where _reject_reason like 'merged into %'
    group by 1
),

countries as (
    select * from {{ ref('country_aliases') }}
),

final as (
    select
        -- ids
        base.lead_id,
        base.account_id,
        base.owner_id,
        -- contact
        base.email_key as email,
        base.first_name,
        base.last_name,
        {{ regex_replace('base.job_title', "'\s+'", "' '") }} as job_title,
        lower(base.lead_source) as lead_source,
        base.country as country_raw,
        countries.iso2 as country_code,
        -- custom fields of this CRM
        {%- for column in extra_columns(ref('base_crm__leads'), 'leads') %}
        base.{{ column }},
        {%- endfor %}
        -- lineage
        coalesce(merge_counts.merged_records, 0) as merged_records,
        base.created_at
    from base
    left join merge_counts
        on base.lead_id = merge_counts.lead_id
    left join countries
        on {{ country_key('base.country') }} = countries.country_key
    where base._reject_reason is null
)

select * from final
