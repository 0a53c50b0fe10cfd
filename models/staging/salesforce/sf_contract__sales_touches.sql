-- Rep actions on leads as the contract's sales touches (never conversion
-- features: the contract keeps them for uplift): tasks (channel from
-- task_subtype, or type where the subtype is the generic 'Task') and events
-- (meetings), by their owner. Only who_ids with the Lead key prefix 00Q are
-- leads; tasks on contacts (003) are theirs once contacts are leads too (var
-- salesforce_contacts_as_leads). Tasks are dated by created_date (when
-- the rep logged it: activity_date is a due date without time), events by
-- activity_date_time.
{%- set task_fields = {'id': 'string', 'who_id': 'string', 'created_date': 'timestamp', 'type': 'string',
                       'task_subtype': 'string', 'owner_id': 'string'} %}
{%- set event_fields = {'id': 'string', 'who_id': 'string', 'created_date': 'timestamp',
                        'activity_date_time': 'timestamp', 'owner_id': 'string'} %}

with

task as (
    {{ crm_object('salesforce', 'task', task_fields, required=['id', 'who_id', 'created_date']) }}
),

event as (
    {{ crm_object('salesforce', 'event', event_fields, required=['id', 'who_id']) }}
),

touches as (
    select
        id as touch_id,
        who_id,
        created_date as touched_at,
        case when task_subtype is null or task_subtype = 'Task' then coalesce(type, task_subtype) else task_subtype end
        as channel,
        owner_id as rep_id,
        _deleted_in_crm
    from task

    union all

    select
        id,
        who_id,
        coalesce(activity_date_time, created_date),
        'Meeting',
        owner_id,
        _deleted_in_crm
    from event
),

leads as (
    select lead_id, {{ sf_id15('lead_id') }} as lead_id15
    from {{ ref('sf_contract__leads') }}
)

select
    touches.touch_id,
    coalesce(leads.lead_id, touches.who_id) as lead_id,
    touches.touched_at,
    touches.channel,
    touches.rep_id,
    touches._deleted_in_crm
from touches
left join leads
    on {{ sf_id15('touches.who_id') }} = leads.lead_id15
where touches.who_id like '00Q%'{% if var('salesforce_contacts_as_leads') %} or touches.who_id like '003%'{% endif %}
