{#- One bin's term of the population stability index:
    (actual - expected) * ln(actual / expected), shares smoothed by `floor`
    so that an empty bin costs a large but finite amount. PSI = sum over bins;
    < 0.1 stable, 0.1-0.25 moderate shift, > 0.25 major shift. -#}
{% macro psi_term(actual_share, expected_share, floor=0.0001) -%}
  (greatest({{ actual_share }}, {{ floor }}) - greatest({{ expected_share }}, {{ floor }}))
    * ln(greatest({{ actual_share }}, {{ floor }}) / greatest({{ expected_share }}, {{ floor }}))
{%- endmacro %}


{#- ROC AUC of `score` for binary `label` over a relation's rows, with the
    mean score and the observed rate beside it (calibration), as an aggregate
    query grouped by `group_by` (Mann-Whitney with mid-ranks for ties), so
    backtests and monitoring can measure both in the warehouse. -#}
{% macro auc_query(relation, label, score, group_by) -%}
  with ranked as (
      select
          {{ group_by | join(', ') }},
          {{ label }} as label,
          {{ score }} as score,
          -- a double before halving: a tie's mid-rank can end in .5, which
          -- PostgreSQL's integer division would drop
          cast(rank() over (partition by {{ group_by | join(', ') }} order by {{ score }})
               + rank() over (partition by {{ group_by | join(', ') }} order by {{ score }} desc) * -1
               + count(*) over (partition by {{ group_by | join(', ') }}) + 1 as {{ type_double() }}) / 2
              as mid_rank
      from {{ relation }}
  )
  select
      {{ group_by | join(', ') }},
      count(*) as rows_measured,
      sum(label) as positives,
      avg(score) as mean_score,
      avg(label) as observed_rate,
      (sum(case when label = 1 then mid_rank else 0 end) - sum(label) * (sum(label) + 1) / 2)
          / nullif(sum(label) * (count(*) - sum(label)), 0) as auc
  from ranked
  group by {{ group_by | join(', ') }}
{%- endmacro %}
