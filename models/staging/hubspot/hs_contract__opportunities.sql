-- A contact's conversion: each deal it is on (deal_contact), one row per
-- deal and contact ('<deal_id>-<contact_id>'), created when the deal was;
-- the amount on the deal's earliest contact only, so that a deal with three
-- contacts is not worth three times its amount. Won or lost from
-- property_hs_is_closed_won / property_hs_is_closed where landed, else the
-- stage ('closedwon', 'closedlost'). A contact whose lifecycle stage reached
-- one in var hubspot_converted_lifecycle_stages without any deal (property
-- history) converted then, as a Salesforce lead converted without an
-- opportunity does. Deals with no contact are not conversions of a lead.
{%- set deal_fields = {'deal_id': 'string', 'property_createdate': 'timestamp', 'property_closedate': 'timestamp',
                       'property_amount': 'double', 'property_dealstage': 'string',
                       'deal_pipeline_stage_id': 'string', 'property_hs_is_closed_won': 'boolean',
                       'property_hs_is_closed': 'boolean'} %}
{%- set history_fields = {'contact_id': 'string', 'name': 'string', 'value': 'string', 'timestamp': 'timestamp'} %}
{%- set converted_stages = var('hubspot_converted_lifecycle_stages') | map('lower') | list %}

with

deal as (
    {{ crm_object('hubspot', 'deal', deal_fields, required=['deal_id', 'property_createdate'],
                  required_object=true, key=['deal_id']) }}
),

deal_contact as (
    {{ crm_object('hubspot', 'deal_contact', {'deal_id': 'string', 'contact_id': 'string'},
                  required=['deal_id', 'contact_id'], required_object=true, key=['deal_id', 'contact_id']) }}
),

contact as (
    {{ crm_object('hubspot', 'contact', {'id': 'string', 'property_createdate': 'timestamp'}, required=['id'],
                  required_object=true) }}
),

history as (
    {{ crm_object('hubspot', 'contact_property_history', history_fields,
                  required=['contact_id', 'name', 'timestamp'], key=['contact_id', 'name', 'timestamp']) }}
),

deal_leads as (
    select
        cast(deal.deal_id as {{ dbt.type_string() }}) as deal_id,
        cast(deal_contact.contact_id as {{ dbt.type_string() }}) as lead_id,
        deal.property_createdate as created_at,
        case
            when deal.property_hs_is_closed_won then 'closedwon'
            when deal.property_hs_is_closed then 'closedlost'
            else coalesce(deal.property_dealstage, deal.deal_pipeline_stage_id)
        end as stage,
        deal.property_closedate,
        deal.property_amount,
        deal._deleted_in_crm,
        row_number() over (
            partition by deal.deal_id
            order by contact.property_createdate, cast(deal_contact.contact_id as {{ dbt.type_string() }})
        ) as contact_rank
    from deal
    inner join deal_contact
        on
            cast(deal.deal_id as {{ dbt.type_string() }}) = cast(deal_contact.deal_id as {{ dbt.type_string() }})
            and not deal_contact._deleted_in_crm
    left join contact
        on cast(deal_contact.contact_id as {{ dbt.type_string() }}) = cast(contact.id as {{ dbt.type_string() }})
),

lifecycle as (
    select
        cast(history.contact_id as {{ dbt.type_string() }}) as lead_id,
        min(history.timestamp) as converted_at
    from history
    where
        history.name = 'lifecyclestage'
        and not history._deleted_in_crm
        and lower(history.value) in (
            '{{ converted_stages | join("', '") }}'  -- noqa: LT05
        )
    group by 1
)

select
    deal_id || '-' || lead_id as opportunity_id,
    lead_id,
    created_at,
    cast(null as {{ dbt.type_string() }}) as account_id,
    stage,
    case when lower(stage) in ('closedwon', 'closedlost') then property_closedate end as closed_at,
    case when contact_rank = 1 then property_amount end as amount,
    _deleted_in_crm
from deal_leads

union all

select
    'lifecycle-' || lifecycle.lead_id,
    lifecycle.lead_id,
    lifecycle.converted_at,
    cast(null as {{ dbt.type_string() }}),
    cast(null as {{ dbt.type_string() }}),
    cast(null as timestamp),
    cast(null as {{ type_double() }}),
    false
from lifecycle
where not exists (select 1 from deal_leads where deal_leads.lead_id = lifecycle.lead_id)
