{{ config(materialized=daily_incremental(), incremental_strategy='delete+insert', unique_key='lead_id') }}
-- Firmographics of the lead's company (one row per lead: current account
-- state, see docs/design.md on why this is accepted). Unknown is a level of
-- its own: every attribute has a missing flag, never an imputed guess.
-- Accounts created after as_of did not exist then; an account link or a
-- country the CRM fills in at conversion (int_lead_field_audit) is no
-- feature: the attributes stay for people, the f_ columns read them as unknown.

{%- set industries = feature_levels('f_firmo__industry_', ref('stg_crm__accounts'), 'industry',
                                   var('category_level_limit')) %}
{%- set size_bands = [('1_10', 1, 10), ('11_50', 11, 50), ('51_200', 51, 200), ('201_1000', 201, 1000),
                      ('1001_5000', 1001, 5000), ('5001_plus', 5001, none)] %}
{%- set regions = ['north_america', 'latin_america', 'emea_west', 'emea_other', 'apac'] %}

with

leads as (
    select lead_id, account_id, country_code from {{ ref('stg_crm__leads') }}
    where {{ only_rescored_leads() }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
    where created_at is null or created_at < {{ as_of() }}
),

kept as (
    {{ lead_fields_kept() }}
),

countries as (
    select distinct iso2, region from {{ ref('country_aliases') }}
),

joined as (
    select
        leads.lead_id,
        accounts.account_id is null as account_missing,
        {{ name_key('accounts.industry') }} as industry_key,
        accounts.employee_count,
        accounts.annual_revenue,
        countries.region,
        feature_countries.region as feature_region,
        kept.account_id_kept
    from leads
    cross join kept
    left join accounts
        on leads.account_id = accounts.account_id
    left join countries
        on coalesce(accounts.country_code, leads.country_code) = countries.iso2
    left join countries as feature_countries
        on coalesce(
            case when kept.account_id_kept then accounts.country_code end,
            case when kept.country_code_kept then leads.country_code end
        ) = feature_countries.iso2
),

-- what the f_ columns read: the account only when its link is kept
featured as (
    select
        *,
        case when account_id_kept then industry_key end as feature_industry,
        case when account_id_kept then employee_count end as feature_employees,
        case when account_id_kept then annual_revenue end as feature_revenue,
        account_missing or not account_id_kept as feature_account_missing
    from joined
)

select
    lead_id,
    -- the attributes themselves, for fairness cuts and people
    industry_key as industry,
    case
        {%- for band, low, high in size_bands %}
        when employee_count >= {{ low }} {% if high %}and employee_count < {{ high + 1 }}{% endif %} then '{{ band }}'
        {%- endfor %}
    end as size_band,
    region,
    case when feature_account_missing then 1 else 0 end as f_firmo__account_missing,
    coalesce(ln(1 + feature_employees), 0) as f_firmo__log_employees,
    case when feature_employees is null then 1 else 0 end as f_firmo__employees_missing,
    {%- for band, low, high in size_bands %}
    case when feature_employees >= {{ low }} {% if high %}and feature_employees < {{ high + 1 }}{% endif %}
        then 1 else 0 end as f_firmo__size_{{ band }},
    {%- endfor %}
    coalesce(ln(1 + feature_revenue), 0) as f_firmo__log_revenue,
    case when feature_revenue is null then 1 else 0 end as f_firmo__revenue_missing,
    case when feature_industry is null then 1 else 0 end as f_firmo__industry_missing,
    {%- for industry in industries %}
    case when feature_industry = '{{ industry }}' then 1 else 0 end as f_firmo__industry_{{ industry }},
    {%- endfor %}
    case when feature_region is null then 1 else 0 end as f_firmo__region_missing
    {%- for region in regions %},
    case when feature_region = '{{ region }}' then 1 else 0 end as f_firmo__region_{{ region }}
    {%- endfor %}
from featured
