{{ config(materialized=daily_incremental(), incremental_strategy='delete+insert', unique_key='lead_id') }}
-- The person: seniority and department parsed from the free-text job title
-- (first matching rule of seeds/seniority_rules.csv per dimension), email
-- domain type and lead source. One row per lead. A title or source the CRM
-- fills in at conversion (int_lead_field_audit) is no feature: the
-- attributes stay for people and legacy rules, the f_ columns read unknown.

{%- set seniorities = ['c_level', 'vp', 'director', 'head', 'manager', 'senior_ic', 'individual', 'student'] %}
{%- set departments = ['executive', 'sales', 'marketing', 'it', 'engineering', 'product', 'finance',
                       'operations', 'hr', 'legal', 'customer_success', 'data', 'education'] %}
{%- set domain_types = ['free', 'education', 'disposable', 'isp', 'corporate', 'missing'] %}
{#- levels from leads known at as_of only: a later lead must not change the columns -#}
{%- set sources = feature_levels('f_contact__source_', ref('stg_crm__leads'), 'lead_source',
                                 var('category_level_limit'), 'created_at < ' ~ as_of()) %}

with

leads as (
    select
        lead_id,
        {{ title_key('job_title') }} as title_key,
        split_part(email, '@', 2) as email_domain,
        {{ name_key('lead_source') }} as source_key
    from {{ ref('stg_crm__leads') }}
    where {{ only_rescored_leads() }}
),

titles as (
    select distinct title_key from leads where title_key is not null
),

title_matches as (
    -- the first matching rule of seeds/seniority_rules.csv per dimension
    select
        title_key,
        {{ first_matching_rule('title_key', ref('seniority_rules'), 'seniority') }} as seniority,
        {{ first_matching_rule('title_key', ref('seniority_rules'), 'department') }} as department
    from titles
),

domains as (
    select * from {{ ref('email_domains') }}
),

kept as (
    {{ lead_fields_kept() }}
),

classified as (
    select
        leads.lead_id,
        leads.title_key,
        title_matches.seniority,
        title_matches.department,
        leads.source_key,
        case
            when leads.email_domain is null or leads.email_domain = '' then 'missing'
            when domains.domain_type is not null then domains.domain_type
            when {{ regex_matches('leads.email_domain', "'(\.edu|\.ac\.[a-z]{2}|\.edu\.[a-z]{2}|\.k12\.[a-z.]+)$'") }}
                then 'education'
            else 'corporate'
        end as email_domain_type,
        kept.job_title_kept,
        kept.lead_source_kept
    from leads
    cross join kept
    left join title_matches
        on leads.title_key = title_matches.title_key
    left join domains
        on leads.email_domain = domains.domain
),

-- what the f_ columns read
featured as (
    select
        *,
        case when job_title_kept then title_key end as feature_title_key,
        case when job_title_kept then seniority end as feature_seniority,
        case when job_title_kept then department end as feature_department,
        case when lead_source_kept then source_key end as feature_source_key
    from classified
)

select
    lead_id,
    -- the parsed attributes themselves, for legacy rules, fairness and people
    seniority,
    department,
    email_domain_type,
    source_key,
    case when feature_title_key is null then 1 else 0 end as f_contact__title_missing,
    {%- for level in seniorities %}
    case when feature_seniority = '{{ level }}' then 1 else 0 end as f_contact__seniority_{{ level }},
    {%- endfor %}
    {%- for department in departments %}
    case when feature_department = '{{ department }}' then 1 else 0 end as f_contact__department_{{ department }},
    {%- endfor %}
    {%- for domain_type in domain_types %}
    case when email_domain_type = '{{ domain_type }}' then 1 else 0 end as f_contact__email_{{ domain_type }},
    {%- endfor %}
    {%- for source in sources %}
    case when feature_source_key = '{{ source }}' then 1 else 0 end as f_contact__source_{{ source }},
    {%- endfor %}
    case when feature_source_key is null then 1 else 0 end as f_contact__source_missing
from featured
