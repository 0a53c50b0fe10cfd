{#- How reasons word each feature, read from seeds/feature_catalog.csv at
    execution time: {feature_name: (topic, template)} with the first matching
    rule's {1} / {2} filled from the name's captures. A template keeps
    '{value}' for the lead's value. Features without a rule (the catalogue
    test forbids them) are their own topic, worded "<name> = {value}". -#}
{% macro feature_phrasing(feature_names) %}
  {%- set catalogue = ref('feature_catalog') -%}
  {%- if not relations_ready([catalogue]) or not feature_names -%}{{ return({}) }}{%- endif -%}
  {%- set query -%}
    with

    features as (
        {%- for name in feature_names %}
        select '{{ name }}' as feature_name{{ ' union all' if not loop.last }}
        {%- endfor %}
    ),

    matched as (
        select
            features.feature_name,
            {{ min_by('catalogue.reason', 'catalogue.rule_order') }} as template,
            {{ min_by('catalogue.topic', 'catalogue.rule_order') }} as topic_template,
            {{ min_by('catalogue.feature_regex', 'catalogue.rule_order') }} as feature_regex
        from features
        inner join {{ catalogue }} as catalogue
            on {{ regex_matches('features.feature_name', 'catalogue.feature_regex') }}
        group by 1
    )

    select
        features.feature_name,
        coalesce({{ fill_captures('matched.topic_template', 'features.feature_name', 'matched.feature_regex') }},
                 features.feature_name) as topic,
        coalesce({{ fill_captures('matched.template', 'features.feature_name', 'matched.feature_regex') }},
                 features.feature_name || ' = {value}') as template
    from features
    left join matched
        on features.feature_name = matched.feature_name
  {%- endset -%}
  {%- set phrasing = {} -%}
  {%- for row in run_query(query).rows -%}
    {%- do phrasing.update({row[0]: (row[1], row[2])}) -%}
  {%- endfor -%}
  {{ return(phrasing) }}
{% endmacro %}


{#- Text as a SQL string literal. -#}
{% macro sql_text(text) -%}
  '{{ text | replace("'", "''") }}'
{%- endmacro %}
