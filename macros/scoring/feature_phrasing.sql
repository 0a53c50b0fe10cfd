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


{#- The rows of `rows` (a relation or CTE with columns `feature` and
    `feature_value`) with the phrase a rep reads for that feature at that
    value, from phrasing = feature_phrasing(...); null where the feature has
    no phrasing. Also adds the columns template_one, template_many, shown.
    Template marks, resolved at compile time into one row per feature
    (joined, so the SQL stays small on every engine):
      {value}     the value as a rep reads it (format_number: '1,250', '3.1')
      {whole}     the value rounded to a whole number (days)
      {unlogged}  exp(value) - 1, whole: the count behind a ln(1 + x) feature
      {percent}   value x 100, whole, with '%'
      [one|many]  'one' when the number shows as 1 or -1, else 'many'
    and the phrase starts with a capital ('web visit was followed by ...'). -#}
{% macro with_phrases(rows, phrasing) -%}
  {%- set plural = '\\[([^|\\]]*)\\|([^\\]]*)\\]' %}
  {%- set number = format_number('shown') %}
select
    numbered.*,
    replace(case when {{ number }} in ('1', '-1') then template_one else template_many end, '{value}', {{ number }})
        as phrase
from (
    select
        {{ rows }}.*,
        templates.template_one,
        templates.template_many,
        case templates.shows
            when 'whole' then {{ round_to(rows ~ '.feature_value', 0) }}
            when 'unlogged' then {{ round_to('exp(' ~ rows ~ '.feature_value) - 1', 0) }}
            when 'percent' then {{ round_to('100 * ' ~ rows ~ '.feature_value', 0) }}
            else {{ rows }}.feature_value
        end as shown
    from {{ rows }}
    left join (
        {%- for name, (topic, template) in phrasing.items() | sort %}
        {%- set mark = namespace(shows='value') %}
        {%- for shows in ['whole', 'unlogged', 'percent'] if '{' ~ shows ~ '}' in template %}
          {%- set mark.shows = shows %}
        {%- endfor %}
        {%- set shows = mark.shows %}
        {%- set text = template | replace('{' ~ shows ~ '}', '{value}%' if shows == 'percent' else '{value}') %}
        {%- set text = text[:1] | upper ~ text[1:] %}
        select
            '{{ name }}' as feature,
            {{ sql_text(modules.re.sub(plural, '\\1', text)) }} as template_one,
            {{ sql_text(modules.re.sub(plural, '\\2', text)) }} as template_many,
            '{{ shows }}' as shows
        {{ 'union all' if not loop.last }}
        {%- endfor %}
        {%- if not phrasing %}
        select
            cast(null as {{ dbt.type_string() }}) as feature,
            cast(null as {{ dbt.type_string() }}) as template_one,
            cast(null as {{ dbt.type_string() }}) as template_many,
            cast(null as {{ dbt.type_string() }}) as shows
        {%- endif %}
    ) as templates
        on {{ rows }}.feature = templates.feature
) as numbered
{%- endmacro %}
