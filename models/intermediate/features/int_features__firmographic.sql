-- Firmographics of the lead's company (one row per lead: current account
-- state, see docs/design.md on why this is accepted). Unknown is a level of
-- its own: every attribute has a missing flag, never an imputed guess.

{%- set industries = top_levels(ref('stg_crm__accounts'), 'industry', var('category_level_limit')) %}
{%- set size_bands = [('1_10', 1, 10), ('11_50', 11, 50), ('51_200', 51, 200), ('201_1000', 201, 1000),
                      ('1001_5000', 1001, 5000), ('5001_plus', 5001, none)] %}
{%- set regions = ['north_america', 'latin_america', 'emea_west', 'emea_other', 'apac'] %}

with

leads as (
    select lead_id, account_id, country_code from {{ ref('stg_crm__leads') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
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
        countries.region
    from leads
    left join accounts
        on leads.account_id = accounts.account_id
    left join countries
        on coalesce(accounts.country_code, leads.country_code) = countries.iso2
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
    case when account_missing then 1 else 0 end as f_firmo__account_missing,
    coalesce(ln(1 + employee_count), 0) as f_firmo__log_employees,
    case when employee_count is null then 1 else 0 end as f_firmo__employees_missing,
    {%- for band, low, high in size_bands %}
    case when employee_count >= {{ low }} {% if high %}and employee_count < {{ high + 1 }}{% endif %}
        then 1 else 0 end as f_firmo__size_{{ band }},
    {%- endfor %}
    coalesce(ln(1 + annual_revenue), 0) as f_firmo__log_revenue,
    case when annual_revenue is null then 1 else 0 end as f_firmo__revenue_missing,
    case when industry_key is null then 1 else 0 end as f_firmo__industry_missing,
    {%- for industry in industries %}
    case when industry_key = '{{ industry }}' then 1 else 0 end as f_firmo__industry_{{ industry }},
    {%- endfor %}
    case when region is null then 1 else 0 end as f_firmo__region_missing
    {%- for region in regions %},
    case when region = '{{ region }}' then 1 else 0 end as f_firmo__region_{{ region }}
    {%- endfor %}
from joined
