-- POSTs a complaint to the public API (JSON), each with its own narrative; prints the summary line.
dofile("wrk_percentiles.lua")
local counter = 0
request = function()
  counter = counter + 1
  local body = string.format('{"complainant_role": "relative", "lender": "L%03d", "collector_kind": "agency", '
    .. '"agency": "A%03d", "categories": ["contact_blasting"], "occurred_on": "2026-10-03", "channel": "call", '
    .. '"narrative": "催收员打电话给我，说我表哥欠钱不还。负载测试 %d"}', counter % 50, counter % 200, counter)
  return wrk.format("POST", "/api/v1/complaints/", {["Content-Type"] = "application/json"}, body)
end
