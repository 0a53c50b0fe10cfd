-- Ids exported as floats read like their integer twins; epoch numbers in
-- seconds or milliseconds become UTC timestamps.
with

cases as (
    select
        cast(12345.0 as {{ type_double() }}) as float_id,
        cast(1777716000 as bigint) as epoch_seconds,
        cast(1777716000000 as bigint) as epoch_millis
)

select *
from cases
where {{ cast_raw_value('float_id', 'DOUBLE', 'string') }} <> '12345'
    or {{ cast_raw_value('epoch_seconds', 'BIGINT', 'timestamp') }} <> timestamp '2026-05-02 10:00:00'
    or {{ cast_raw_value('epoch_millis', 'BIGINT', 'timestamp') }} <> timestamp '2026-05-02 10:00:00'
