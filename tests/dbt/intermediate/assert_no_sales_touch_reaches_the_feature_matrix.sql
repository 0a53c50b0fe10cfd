-- Sales actions follow qualification and would leak the label: no column of
-- the feature matrix may come from sales_touches (DESIGN.md section 3).
select column_name
from information_schema.columns
where table_name = 'int_feature_matrix'
    and (column_name like '%touch%' and column_name not like 'f\_seq\_\_%touch%' escape '\'
         or column_name like '%rep\_%' escape '\')
