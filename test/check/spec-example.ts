// The complete example of spec section 1, copied verbatim.
export const SPEC_EXAMPLE = `
# Channel program for FY21.
program "Channel Plus" {
  version "FY21-Q1"
  currency USD
  rounding half_up
}

input partner_id: text key
input region: one of "AMS", "EMEA", "APJ"
input revenue: money min 0
input sales_target: money min 0
input deals_registered: integer min 0
input deals_won: integer min 0
input csat: number min 0 max 10 optional
input delivery_days: number min 0 optional
input services: list of "DaaS", "Managed Print"
input investment: money min 0
input shares_data: boolean
input inventory_units: integer min 0 confidential

kpi attainment = revenue / sales_target otherwise 0   as "Sales attainment"
kpi conversion = deals_won / deals_registered         as "Deal conversion rate"

tier Member {
  require shares_data                 as "Data-sharing agreement signed"
  require revenue >= 10k
  benefit "Standard program benefits"
}

tier Premier extends Member {
  require investment >= 250k          as "Minimum partner investment"
  require attainment >= 90%
  benefit "Marketing support"
  benefit "Dedicated technical resources"
}

subtier "Premier Services" of Premier {
  require "Managed Print" in services or "DaaS" in services
  require csat >= 8
  benefit "Managed-services specialists"
}

scorecard performance {
  attainment     weight 50%  threshold 80%  target 100%  max 120%
  conversion     weight 30%  threshold 10%  target 30%
  delivery_days  weight 20%  threshold 10   target 3
}

table base_rate by tier {
  Member:  1%
  Premier: 2%
}

table growth by attainment {
  below 80%:      0
  80% to 100%:    1
  100% to 120%:   1.25
  120% and above: 1.5
}

incentive rebate as "Quarterly sales rebate" {
  when tier >= Member and performance >= 50%
  amount revenue * base_rate * performance * growth
  cap 250k
}

incentive services_bonus {
  when "Premier Services" in subtiers
  amount revenue * 0.5%
}

test "a strong Premier partner earns the capped rebate" {
  given {
    partner_id: "P-1", region: "EMEA", revenue: 20M, sales_target: 16M,
    deals_registered: 100, deals_won: 40, csat: 9, delivery_days: 2,
    services: ["DaaS"], investment: 300k, shares_data: true, inventory_units: 10
  }
  expect tier = Premier
  expect "Premier Services" in subtiers
  expect rebate = 250k
  expect services_bonus = 100k
}
`;
