{#- What the CRM sync hands over, decided here only (crm_lead_score_sync_log
    writes it, crm_lead_score_sync shows the latest row per lead). -#}

{#- The CRM's own record id of a lead (Salesforce Lead / Contact Id, HubSpot
    contact id), from a relation with the contract's lead columns. The
    contract has only lead_id, so today it is lead_id; a Salesforce or
    HubSpot adapter that maps the CRM's id onto another column changes this
    one expression. -#}
{% macro crm_record_id(leads) -%}
  {{ leads }}.lead_id
{%- endmacro %}


{#- The reasons on one line for a rep, strongest first, each starting with
    its words and ending with its direction: 'Viewed pricing 3 times in the
    last 7 days (raises score); Free email domain (lowers score)'. Text that
    starts with a word is not something a spreadsheet runs, so the CSV guard
    leaves it alone. Null when the lead has no reasons. -#}
{% macro crm_reasons(scores) -%}
  nullif(concat_ws('; '
    {%- for i in range(1, 4) %},
    case
        when {{ scores }}.reason_{{ i }} is not null
            then {{ scores }}.reason_{{ i }} || case when {{ scores }}.reason_{{ i }}_contribution > 0
                then ' (raises score)' else ' (lowers score)' end
    end
    {%- endfor %}
  ), '')
{%- endmacro %}


{#- The instant before which a tombstone (a lead that left lead_scores) is no
    longer shown in crm_lead_score_sync: var sync_tombstone_retention_days
    before as_of. -#}
{% macro sync_tombstone_cutoff() -%}
  {{ add_days(as_of(), -var('sync_tombstone_retention_days')) }}
{%- endmacro %}


{#- Post-hook of crm_lead_score_sync: on an incremental run, delete the
    tombstones that passed the retention (a full build leaves them out). -#}
{% macro expire_sync_tombstones(relation) -%}
  {%- if is_incremental() -%}
  delete from {{ relation }} where sync_status <> 'active' and left_at_utc < {{ sync_tombstone_cutoff() }}
  {%- endif -%}
{%- endmacro %}
