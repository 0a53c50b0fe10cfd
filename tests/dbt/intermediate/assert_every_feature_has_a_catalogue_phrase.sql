-- Every f_ column of the matrix has a row in seeds/feature_catalog.csv, so
-- reps never see a raw column name as a reason.
with

features as (
    select column_name
    from ({{ column_name_rows(ref('int_feature_matrix')) }}) as matrix_columns
    where column_name like 'f!_%' escape '!'
)

select features.column_name
from features
left join {{ ref('feature_catalog') }} as catalogue
    on {{ regex_matches('features.column_name', 'catalogue.feature_regex') }}
group by 1
having count(catalogue.feature_regex) = 0
