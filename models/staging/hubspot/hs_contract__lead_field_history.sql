-- Contact property changes as the contract's lead_field_history: one row
-- per contact, property and time, the property named as staging names the
-- lead's column (without property_).
{%- set history_fields = {'contact_id': 'string', 'name': 'string', 'value': 'string', 'timestamp': 'timestamp'} %}

with

history as (
    {{ crm_object('hubspot', 'contact_property_history', history_fields,
                  required=['contact_id', 'name', 'timestamp'], key=['contact_id', 'name', 'timestamp']) }}
)

select
    cast(history.contact_id as {{ dbt.type_string() }}) || '-' || history.name || '-'
    || cast(history.timestamp as {{ dbt.type_string() }}) as change_id,
    cast(history.contact_id as {{ dbt.type_string() }}) as lead_id,
    history.name as field_name,
    history.timestamp as changed_at,
    cast(history.value as {{ dbt.type_string() }}) as new_value,
    history._deleted_in_crm
from history
