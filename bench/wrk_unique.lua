-- Each request asks a search no earlier request asked, so no cache answers: the same words and filters, with a
-- lower date bound a different day before the data each time (so every request does the same work).
-- The summary line is wrk_percentiles.lua's (wrk runs from bench/).
dofile("wrk_percentiles.lua")

local threads = 0
setup = function(thread)
  thread:set("id", threads)
  threads = threads + 1
end

counter = 0
request = function()
  counter = counter + 1
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  -- days before 2000-01-01, back to 1836 at most (a four-digit year, which the API reads), then again
  local day = os.date("!%Y-%m-%d", 946684800 - ((counter * 2 + id) % 60000) * 86400)
  return wrk.format(nil, wrk.path .. separator .. "date_received_min=" .. day)
end
