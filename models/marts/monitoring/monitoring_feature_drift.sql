-- Population stability index per feature: the latest scoring population
-- (open leads within max_lead_age_days, the population the model was trained
-- on, a sample of at most about 20,000 leads) against the most recent
-- labelled period (test split, a sample of at most 20,000 snapshots). Bins
-- are reference deciles. Important features are the 20 that move the active
-- model's logit most: |coefficient| of a logistic model (per unit of the
-- standardised feature), the spread of its shape (largest minus smallest
-- contribution) for an additive one.

{%- set features = feature_columns(ref('int_feature_matrix')) %}
{%- set version = active_model_version() %}

with

reference_rows as (
    select matrix.*
    from {{ ref('int_feature_matrix') }} as matrix
    inner join {{ ref('int_lead_labels') }} as labels
        on matrix.lead_id = labels.lead_id
        and matrix.snapshot_at = labels.snapshot_at
    where labels.split = 'test'
        and {{ unit_hash("matrix.lead_id || cast(matrix.snapshot_at as " ~ dbt.type_string() ~ ")") }}
            < {{ divide('20000', "(select count(*) from " ~ ref('int_lead_labels') ~ " where split = 'test')") }}
),

current_population as (
    select matrix.*
    from {{ ref('int_scoring_matrix') }} as matrix
    where matrix.f_tte__lead_age_days <= {{ var('max_lead_age_days') }}
),

current_size as (
    select count(*) as leads from current_population
),

current_rows as (
    -- at most about 20,000 leads, as many as the reference: shares per decile
    -- need no more (2,000 rows a bin; 50,000 cost 9 s of a first build at 100k
    -- leads), and the long form below is features x rows
    select current_population.*
    from current_population
    cross join current_size
    where {{ unit_hash("current_population.lead_id") }} < {{ divide('20000', 'current_size.leads') }}
),

feature_names as (
    {{ text_rows(features, 'feature_name', 'feature_position') }}
),

populations as (
    select 'reference' as population, reference_rows.* from reference_rows
    union all
    select 'current' as population, current_rows.* from current_rows
),

values_long as (
    -- one scan and one CASE instead of a union per feature: a plan any engine
    -- can hold. The CASE tests the feature's position, an integer: testing
    -- its name took most of this model's time at 1M leads.
    select
        populations.population,
        feature_names.feature_name,
        case feature_names.feature_position
            {%- for feature in features %}
            when {{ loop.index }} then cast(populations.{{ feature }} as {{ type_double() }})
            {%- endfor %}
        end as value
    from populations
    cross join feature_names
),

edges as (
    select
        feature_name
        {%- for k in range(1, 10) %},
        {{ percentile_value('value', k / 10) }} as edge_{{ k }}
        {%- endfor %}
    from values_long
    where population = 'reference'
    group by 1
),

binned as (
    select
        values_long.population,
        values_long.feature_name,
        {%- for k in range(1, 10) %}
        case when values_long.value > edges.edge_{{ k }} then 1 else 0 end{{ ' +' if not loop.last }}
        {%- endfor %} as bin
    from values_long
    inner join edges
        on values_long.feature_name = edges.feature_name
),

shares as (
    select
        population,
        feature_name,
        bin,
        {{ divide('count(*)', 'sum(count(*)) over (partition by population, feature_name)') }} as share
    from binned
    group by 1, 2, 3
),

current_bins as (
    select * from shares
    where population = 'current'
),

reference_bins as (
    select * from shares
    where population = 'reference'
),

psi as (
    select
        coalesce(current_bins.feature_name, reference_bins.feature_name) as feature_name,
        sum({{ psi_term('coalesce(current_bins.share, 0)', 'coalesce(reference_bins.share, 0)') }}) as psi
    from current_bins
    full outer join reference_bins
        on current_bins.feature_name = reference_bins.feature_name
        and current_bins.bin = reference_bins.bin
    group by 1
),

weights as (
    select feature_name, abs(coefficient) as weight
    from {{ ref('model_coefficients') }}
    where model_version = '{{ version }}' and model_name = 'conversion' and feature_name <> '__intercept__'
    union all
    select feature_name, max(contribution) - min(contribution)
    from {{ ref('ml_model_shapes') }}
    where model_version = '{{ version }}' and model_name = 'conversion' and feature_name_2 is null
    group by feature_name
),

importance as (
    select
        feature_name,
        weight,
        row_number() over (order by weight desc, feature_name) as importance_rank
    from weights
)

select
    psi.feature_name,
    '{{ version }}' as model_version,
    psi.psi,
    case when psi.psi > 0.25 then 'major' when psi.psi > 0.1 then 'moderate' else 'stable' end as drift,
    importance.weight,
    importance.importance_rank,
    coalesce(importance.importance_rank <= 20, false) as is_important
from psi
left join importance
    on psi.feature_name = importance.feature_name
order by psi.psi desc
