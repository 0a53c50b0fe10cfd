-- Sales actions follow qualification and would leak the label: no column of
-- the feature matrix may come from sales_touches (they are the uplift
-- model's treatment, never a conversion feature).
select column_name
from ({{ column_name_rows(ref('int_feature_matrix')) }}) as matrix_columns
where (column_name like '%touch%' and not column_name like 'f!_seq!_!_%touch%' escape '!')
    or column_name like '%rep!_%' escape '!'
