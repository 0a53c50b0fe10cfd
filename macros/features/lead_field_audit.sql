{#- Lead fields the features read as current state, each with the SQL that
    says it is filled (on stg_crm__leads as `leads`): audited by
    int_lead_field_audit. -#}
{% macro audited_lead_fields() %}
  {{ return({
      'account_id': 'leads.account_id is not null',
      'job_title': "nullif(trim(leads.job_title), '') is not null",
      'lead_source': "nullif(trim(leads.lead_source), '') is not null",
      'country_code': 'leads.country_code is not null',
  }) }}
{% endmacro %}


{#- One row, one boolean <field>_kept per audited field: false when the audit
    found the field filled at conversion (true on an
    empty audit: nothing to judge). Feature groups cross join it and
    read a field only where it is kept. -#}
{% macro lead_fields_kept() %}
    select
        {%- for field in audited_lead_fields() %}
        coalesce(max(case when field_name = '{{ field }}' and filled_at_conversion then 1 end), 0) = 0
            as {{ field }}_kept{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('int_lead_field_audit') }}
{% endmacro %}
