-- One row per bin of each term of an additive model: the term (one feature,
-- or two for an interaction), the bin on each axis and its contribution to
-- the logit. Bin 0 is a missing value; bin k >= 1 holds the values with k - 1
-- cuts (ml_model_cuts) at or below them.

with

shapes as (
    select * from {{ model_artifacts() }}
    where artifact = 'shape' and {{ is_new_version() }}
),

final as (
    select
        model_version,
        model_name,
        name as term_name,
        {{ dbt.split_part('name', "' x '", 1) }} as feature_name,
        case when name like '% x %' then {{ dbt.split_part('name', "' x '", 2) }} end as feature_name_2,
        cast(x as {{ dbt.type_int() }}) as bin_index,
        cast(y as {{ dbt.type_int() }}) as bin_index_2,
        value as contribution
    from shapes
)

select * from final
