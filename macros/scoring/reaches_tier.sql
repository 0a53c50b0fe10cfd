{#- A scored row reaches a tier of seeds/tier_policy.csv when its probability
    reaches the tier's min_probability, where one is set, else when its score
    reaches min_score. The best tier reached wins (lowest tier_rank). -#}
{% macro reaches_tier(scores, policy) -%}
  coalesce(
    {{ scores }}.conversion_probability >= {{ policy }}.min_probability,
    {{ round_to(scores ~ '.score', 0) }} >= {{ policy }}.min_score
  )
{%- endmacro %}
