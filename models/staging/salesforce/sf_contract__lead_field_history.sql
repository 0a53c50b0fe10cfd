-- Lead field changes (LeadHistory) as the contract's lead_field_history:
-- one row per change, the field named as staging names the lead's column (a
-- custom field without __c). Salesforce records only the fields an admin
-- tracks; the row with field 'created' is the record's creation, not a
-- field.
{%- set history_fields = {'id': 'string', 'lead_id': 'string', 'field': 'string', 'new_value': 'string',
                          'created_date': 'timestamp'} %}

with

lead_history as (
    {{ crm_object('salesforce', 'lead_history', history_fields, required=['id', 'lead_id', 'field', 'created_date']) }}
)

select
    id as change_id,
    lead_id,
    {{ regex_replace('lower(field)', "'__c$'", "''") }} as field_name,
    created_date as changed_at,
    cast(new_value as {{ dbt.type_string() }}) as new_value,
    _deleted_in_crm
from lead_history
where lower(field) <> 'created'
