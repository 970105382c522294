-- Each request asks a query no earlier request asked (an ignored parameter `r` grows), so no cache answers.
-- The summary line is wrk_percentiles.lua's (wrk runs from bench/).
dofile("wrk_percentiles.lua")

counter = 0
request = function()
  counter = counter + 1
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "r=" .. counter .. "-" .. math.random(1, 1000000000))
end
