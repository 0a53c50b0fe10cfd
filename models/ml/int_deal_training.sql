-- Won deals known at as_of with the lead's firmographic and contact features:
-- the training rows of the deal-value model.

with

won_deals as (
    select
        lead_id,
        amount,
        row_number() over (partition by lead_id order by created_at, opportunity_id) as deal_number
    from {{ ref('stg_crm__opportunities') }}
    where stage = 'closed_won'
        and amount > 0
        and coalesce(closed_at, created_at) < {{ as_of() }}
),

won as (
    select lead_id, amount from won_deals where deal_number = 1
)

select
    won.lead_id,
    won.amount
    {%- for column in feature_columns(ref('int_features__firmographic')) %},
    firmographic.{{ column }}
    {%- endfor %}
    {%- for column in feature_columns(ref('int_features__contact')) %},
    contact.{{ column }}
    {%- endfor %}
from won
inner join {{ ref('int_features__firmographic') }} as firmographic
    on won.lead_id = firmographic.lead_id
inner join {{ ref('int_features__contact') }} as contact
    on won.lead_id = contact.lead_id
