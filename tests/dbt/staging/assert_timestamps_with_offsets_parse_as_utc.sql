-- Raw text timestamps: offsets are converted to UTC, a trailing Z is UTC,
-- a plain date is midnight UTC, US-style exports parse, junk becomes null.
with

cases as (
    select listed.raw_value, listed.expected from (values
        ('2026-05-02T10:00:00+02:00', timestamp '2026-05-02 08:00:00'),
        ('2026-05-02T10:00:00Z', timestamp '2026-05-02 10:00:00'),
        ('2026-05-02', timestamp '2026-05-02 00:00:00'),
        ('05/02/2026 13:30', timestamp '2026-05-02 13:30:00'),
        ('yesterday', cast(null as timestamp))
    ) as listed (raw_value, expected)
)

select raw_value, expected, {{ cast_raw_value('raw_value', 'VARCHAR', 'timestamp') }} as parsed
from cases
where {{ cast_raw_value('raw_value', 'VARCHAR', 'timestamp') }} is distinct from expected
