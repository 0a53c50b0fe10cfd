{#- Generic test: no rep holds more leads of `model` than their daily capacity
    in stg_crm__reps. -#}
{% test no_rep_over_capacity(model) %}
select assigned.assigned_rep_id, count(*) as leads, max(reps.daily_capacity) as daily_capacity
from {{ model }} as assigned
inner join {{ ref('stg_crm__reps') }} as reps
    on assigned.assigned_rep_id = reps.rep_id
group by 1
having count(*) > max(reps.daily_capacity)
{% endtest %}
