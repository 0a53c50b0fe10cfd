-- Campaign responses as the contract's activities: a campaign member who
-- responded (has_responded, or a status in var salesforce_responded_statuses)
-- is one event, typed '<campaign type> - <member status>' (e.g. 'Webinar -
-- Attended', matched in seeds/activity_types.csv), at the member's
-- created_date. Members are leads (lead_id, 15 or 18 characters), and
-- contacts (contact_id) once var salesforce_contacts_as_leads scores them.
{%- set member_fields = {'id': 'string', 'campaign_id': 'string', 'lead_id': 'string', 'contact_id': 'string',
                         'status': 'string', 'has_responded': 'boolean', 'created_date': 'timestamp'} %}
{%- set campaign_fields = {'id': 'string', 'type': 'string'} %}
{%- set responded = var('salesforce_responded_statuses') | map('lower') | list %}

with

member as (
    select
        *,
        coalesce(lead_id, {{ 'contact_id' if var('salesforce_contacts_as_leads') else 'null' }}) as member_id
    from (
        {{ crm_object('salesforce', 'campaign_member', member_fields,
                      required=['id', 'lead_id', 'status', 'created_date']) }}
    ) as members
),

campaign as (
    {{ crm_object('salesforce', 'campaign', campaign_fields, required=['id']) }}
),

leads as (
    select lead_id, {{ sf_id15('lead_id') }} as lead_id15
    from {{ ref('sf_contract__leads') }}
)

select
    member.id as activity_id,
    coalesce(leads.lead_id, member.member_id) as lead_id,
    coalesce(campaign.type, 'Campaign') || ' - ' || member.status as activity_type,
    member.created_date as occurred_at,
    cast(null as {{ type_double() }}) as duration_seconds,
    cast(null as {{ dbt.type_string() }}) as page_path,
    member._deleted_in_crm
from member
left join campaign
    on {{ sf_id15('member.campaign_id') }} = {{ sf_id15('campaign.id') }}
left join leads
    on {{ sf_id15('member.member_id') }} = leads.lead_id15
where
    member.member_id is not null
    and (
        member.has_responded
        or lower(member.status) in (
            '{{ responded | join("', '") }}'
        )
    )
