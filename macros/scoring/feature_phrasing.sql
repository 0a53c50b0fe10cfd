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


{#- The phrase a rep reads for a feature (column `feature`) at the lead's
    value (column `value`), from phrasing = feature_phrasing(...). Template
    marks, resolved here at compile time so the SQL is one CASE:
      {value}     the value as a rep reads it (format_number: '1,250', '3.1')
      {whole}     the value rounded to a whole number (days)
      {unlogged}  exp(value) - 1, whole: the count behind a ln(1 + x) feature
      {percent}   value x 100, whole, with '%'
      [one|many]  'one' when the number shows as 1 or -1, else 'many'
    and the phrase starts with a capital ('web visit was followed by ...'). -#}
{% macro reason_phrase(feature, value, phrasing) -%}
  {%- if not phrasing %}cast(null as {{ dbt.type_string() }}){% endif %}
  {%- if phrasing %}
  case {{ feature }}
  {%- for name, (topic, template) in phrasing.items() | sort %}
    {%- if '{unlogged}' in template %}
      {%- set shown = round_to('exp(' ~ value ~ ') - 1', 0) %}
    {%- elif '{whole}' in template %}
      {%- set shown = round_to(value, 0) %}
    {%- elif '{percent}' in template %}
      {%- set shown = round_to('100 * ' ~ value, 0) %}
    {%- else %}
      {%- set shown = value %}
    {%- endif %}
    {%- set text = template | replace('{unlogged}', '{value}') | replace('{whole}', '{value}') | replace('{percent}', '{value}%') %}
    {%- set text = text[:1] | upper ~ text[1:] %}
    {%- set one = modules.re.sub('\[([^|\]]*)\|([^\]]*)\]', '\\1', text) %}
    {%- set many = modules.re.sub('\[([^|\]]*)\|([^\]]*)\]', '\\2', text) %}
    {%- set number = format_number(shown) %}
    when '{{ name }}' then
      {%- if '{value}' not in text %} {{ sql_text(text) }}
      {%- elif one == many %} replace({{ sql_text(text) }}, '{value}', {{ number }})
      {%- else %} replace(case when {{ number }} in ('1', '-1') then {{ sql_text(one) }} else {{ sql_text(many) }} end,
                          '{value}', {{ number }})
      {%- endif %}
  {%- endfor %}
  end
  {%- endif %}
{%- endmacro %}
