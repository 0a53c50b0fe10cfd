-- Rep actions on contacts as the contract's sales touches (never conversion
-- features: the contract keeps them for uplift): engagements of the types in
-- var hubspot_sales_touch_types (calls, emails, meetings, LinkedIn messages),
-- one touch per engagement and contact, channel the engagement's type, rep
-- its owner, at the engagement's timestamp (when it happened; created_at is
-- when it was logged). Notes and tasks are a rep's records, not contact with
-- the lead; incoming emails are the lead's own (hs_contract__activities).
{%- set engagement_fields = {'id': 'string', 'type': 'string', 'timestamp': 'timestamp', 'created_at': 'timestamp',
                             'owner_id': 'string'} %}
{%- set touch_types = var('hubspot_sales_touch_types') | map('upper') | list %}

with

engagement as (
    {{ crm_object('hubspot', 'engagement', engagement_fields, required=['id', 'type']) }}
),

engagement_contact as (
    {{ crm_object('hubspot', 'engagement_contact', {'engagement_id': 'string', 'contact_id': 'string'},
                  required=['engagement_id', 'contact_id'], key=['engagement_id', 'contact_id']) }}
)

select
    cast(engagement.id as {{ dbt.type_string() }})
    || '-' || cast(engagement_contact.contact_id as {{ dbt.type_string() }}) as touch_id,
    cast(engagement_contact.contact_id as {{ dbt.type_string() }}) as lead_id,
    coalesce(engagement.timestamp, engagement.created_at) as touched_at,
    lower(engagement.type) as channel,
    cast(engagement.owner_id as {{ dbt.type_string() }}) as rep_id,
    engagement._deleted_in_crm
from engagement
inner join engagement_contact
    on
        cast(engagement.id as {{ dbt.type_string() }})
        = cast(engagement_contact.engagement_id as {{ dbt.type_string() }})
        and not engagement_contact._deleted_in_crm
where
    upper(engagement.type) in (
        '{{ touch_types | join("', '") }}'
    )
