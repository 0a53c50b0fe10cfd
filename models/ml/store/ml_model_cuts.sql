-- The bin edges of each term of an additive model, per axis (0: its first
-- feature, 1: the second of an interaction), increasing.

select
    model_version,
    model_name,
    name as term_name,
    cast(value as {{ dbt.type_int() }}) as axis,
    cast(x as {{ dbt.type_int() }}) as cut_index,
    y as cut
from {{ model_artifacts() }}
where artifact = 'cut' and {{ is_new_version() }}
