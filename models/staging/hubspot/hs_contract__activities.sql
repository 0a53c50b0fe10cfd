-- The lead's own actions as the contract's activities: form submissions
-- (typed by the form's name, else the page title: the catalogue knows common
-- names such as 'Request a Demo' and frequent others get features of their
-- own), marketing email events of the types in var hubspot_email_event_types
-- ('Email open', 'Email click'; sends, deliveries and bounces are not the
-- lead's doing) and incoming emails (replies). Email events carry only the
-- recipient's address: they go to the earliest live contact with it.
{%- set submission_fields = {'conversion_id': 'string', 'contact_id': 'string', 'form_id': 'string',
                             'title': 'string', 'timestamp': 'timestamp'} %}
{%- set event_fields = {'id': 'string', 'recipient': 'string', 'type': 'string', 'created': 'timestamp'} %}
{%- set engagement_fields = {'id': 'string', 'type': 'string', 'timestamp': 'timestamp', 'created_at': 'timestamp'} %}
{%- set email_types = var('hubspot_email_event_types') | map('upper') | list %}

with

submission as (
    {{ crm_object('hubspot', 'contact_form_submission', submission_fields,
                  required=['conversion_id', 'contact_id', 'timestamp'], key=['conversion_id', 'contact_id']) }}
),

form as (
    {{ crm_object('hubspot', 'form', {'guid': 'string', 'name': 'string'}, required=['guid'], key=['guid']) }}
),

email_event as (
    {{ crm_object('hubspot', 'email_event', event_fields, required=['id', 'recipient', 'type', 'created']) }}
),

engagement as (
    {{ crm_object('hubspot', 'engagement', engagement_fields, required=['id', 'type']) }}
),

engagement_contact as (
    {{ crm_object('hubspot', 'engagement_contact', {'engagement_id': 'string', 'contact_id': 'string'},
                  required=['engagement_id', 'contact_id'], key=['engagement_id', 'contact_id']) }}
),

contact as (
    {{ crm_object('hubspot', 'contact', {'id': 'string', 'property_createdate': 'timestamp',
                                         'property_email': 'string'}, required=['id'], required_object=true) }}
),

recipients as (
    select
        lower(property_email) as email,
        cast(id as {{ dbt.type_string() }}) as lead_id,
        row_number() over (partition by lower(property_email) order by _deleted_in_crm, property_createdate, id)
        as contact_rank
    from contact
    where property_email is not null
)

select
    'form-' || cast(submission.conversion_id as {{ dbt.type_string() }})
    || '-' || cast(submission.contact_id as {{ dbt.type_string() }})
    as activity_id,
    cast(submission.contact_id as {{ dbt.type_string() }}) as lead_id,
    coalesce(form.name, submission.title, 'Form Submission') as activity_type,
    submission.timestamp as occurred_at,
    cast(null as {{ type_double() }}) as duration_seconds,
    cast(null as {{ dbt.type_string() }}) as page_path,
    submission._deleted_in_crm
from submission
left join form
    on
        cast(submission.form_id as {{ dbt.type_string() }}) = cast(form.guid as {{ dbt.type_string() }})
        and not form._deleted_in_crm

union all

select
    'email-' || cast(email_event.id as {{ dbt.type_string() }}),
    recipients.lead_id,
    'Email ' || lower(email_event.type),
    email_event.created,
    cast(null as {{ type_double() }}),
    cast(null as {{ dbt.type_string() }}),
    email_event._deleted_in_crm
from email_event
inner join recipients
    on lower(email_event.recipient) = recipients.email and recipients.contact_rank = 1
where
    upper(email_event.type) in (
        '{{ email_types | join("', '") }}'
    )

union all

select
    'engagement-' || cast(engagement.id as {{ dbt.type_string() }})
    || '-' || cast(engagement_contact.contact_id as {{ dbt.type_string() }}),
    cast(engagement_contact.contact_id as {{ dbt.type_string() }}),
    'Incoming Email',
    coalesce(engagement.timestamp, engagement.created_at),
    cast(null as {{ type_double() }}),
    cast(null as {{ dbt.type_string() }}),
    engagement._deleted_in_crm
from engagement
inner join engagement_contact
    on
        cast(engagement.id as {{ dbt.type_string() }})
        = cast(engagement_contact.engagement_id as {{ dbt.type_string() }})
        and not engagement_contact._deleted_in_crm
where upper(engagement.type) = 'INCOMING_EMAIL'
