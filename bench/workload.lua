-- Copied from the shared benchmark references (shared/bench/workload.lua). Changed: LIST_OP=in
-- makes the kintone list filter `status in ("X")` instead of `status = "X"`: kintone (and
-- daicho) accept only in / not in on a DROP_DOWN field and answer GAIA_IQ03 to "="; the floor
-- reads the quoted value either way.
-- wrk workload script, one file for every workload and every target API.
-- Selected by environment variables (run-workloads.sh sets them from a target file):
--   WL        get | list | update | create | bulk | hello
--   FLAVOR    directus | nocodb | kintone   (request shapes below)
--   AUTH      one header line "Name: value" sent with every request (empty = none)
--   MAXID     random ids are drawn from 1..MAXID            (default 100000)
--   OFFSET_MAX list offset drawn from 0..OFFSET_MAX          (default 5000)
--   BULK_N    records per bulk request                       (default 100)
--   APP       kintone app id (default 1); TABLE_ID  NocoDB table id
--   HELLO_PATH path for WL=hello (default /hello)
--   LIST_OP   eq | in: list filter `status = "X"` (default) or `status in ("X")` (kintone)
--   PROBE=1   print status and start of the first responses (sanity check, slow)
-- The base URL (with an optional path prefix) is wrk's URL argument.
-- done() prints one JSON line: requests/s and latency percentiles (ms).

local wl       = os.getenv("WL") or "get"
local flavor   = os.getenv("FLAVOR") or "kintone"
local auth     = os.getenv("AUTH") or ""
local maxid    = tonumber(os.getenv("MAXID") or "100000")
local offmax   = tonumber(os.getenv("OFFSET_MAX") or "5000")
local bulkn    = tonumber(os.getenv("BULK_N") or "100")
local app      = os.getenv("APP") or "1"
local tableid  = os.getenv("TABLE_ID") or ""
local hello    = os.getenv("HELLO_PATH") or "/hello"
local listop   = os.getenv("LIST_OP") or "eq"
local statuses = { "new", "open", "waiting", "done", "closed" }
local lorem    = "Received at the counter; documents checked and forwarded to the section in charge. " ..
                 "Follow-up call scheduled, applicant informed of the expected processing time and required fees."

local prefix = ""
local hdrs = {}
local bodyhdrs = {}

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function fields(n)
  return string.format("Case w%d bench", n), math.random(0, 999999), statuses[math.random(1, 5)],
         string.format("2025-%02d-%02d", math.random(1, 12), math.random(1, 28)),
         string.format("Note w%d: %s", n, lorem)
end

local function rec_plain(n)
  local t, a, s, d, no = fields(n)
  return string.format('{"title":"%s","amount":%d,"status":"%s","due":"%s","note":"%s"}', t, a, s, d, no)
end

local function rec_kintone(n)
  local t, a, s, d, no = fields(n)
  return string.format('{"title":{"value":"%s"},"amount":{"value":"%d"},"status":{"value":"%s"},"due":{"value":"%s"},"note":{"value":"%s"}}', t, a, s, d, no)
end

-- paths per flavor -----------------------------------------------------------
local P = {}
P.directus = {
  one    = function(id) return "/items/cases/" .. id end,
  list   = function(s, o) return "/items/cases?filter%5Bstatus%5D%5B_eq%5D=" .. s .. "&sort=-id&limit=100&offset=" .. o end,
  coll   = function() return "/items/cases" end,
  update = function(id, amount, s) return "PATCH", "/items/cases/" .. id, string.format('{"amount":%d,"status":"%s"}', amount, s) end,
  create = function(n) return "/items/cases", rec_plain(n) end,
  bulk   = function(recs) return "/items/cases", "[" .. table.concat(recs, ",") .. "]" end,
  rec    = rec_plain,
}
P.nocodb = {
  one    = function(id) return "/api/v2/tables/" .. tableid .. "/records/" .. id end,
  list   = function(s, o) return "/api/v2/tables/" .. tableid .. "/records?where=" .. urlencode("(status,eq," .. s .. ")") .. "&sort=-Id&limit=100&offset=" .. o end,
  update = function(id, amount, s) return "PATCH", "/api/v2/tables/" .. tableid .. "/records", string.format('{"Id":%d,"amount":%d,"status":"%s"}', id, amount, s) end,
  create = function(n) return "/api/v2/tables/" .. tableid .. "/records", rec_plain(n) end,
  bulk   = function(recs) return "/api/v2/tables/" .. tableid .. "/records", "[" .. table.concat(recs, ",") .. "]" end,
  rec    = rec_plain,
}
P.kintone = {
  one    = function(id) return "/k/v1/record.json?app=" .. app .. "&id=" .. id end,
  list   = function(s, o) return "/k/v1/records.json?app=" .. app .. "&query=" .. urlencode(string.format(listop == "in" and 'status in ("%s") order by $id desc limit 100 offset %d' or 'status = "%s" order by $id desc limit 100 offset %d', s, o)) end,
  update = function(id, amount, s) return "PUT", "/k/v1/record.json", string.format('{"app":%s,"id":%d,"record":{"amount":{"value":"%d"},"status":{"value":"%s"}}}', app, id, amount, s) end,
  create = function(n) return "/k/v1/record.json", string.format('{"app":%s,"record":%s}', app, rec_kintone(n)) end,
  bulk   = function(recs) return "/k/v1/records.json", string.format('{"app":%s,"records":[%s]}', app, table.concat(recs, ",")) end,
  rec    = rec_kintone,
}
local F = P[flavor] or error("unknown FLAVOR " .. flavor)

-- per-thread state -----------------------------------------------------------
local nthreads = 0
function setup(thread)            -- runs in the main Lua state; thread_no becomes a global in each thread
  thread:set("thread_no", nthreads)
  nthreads = nthreads + 1
end

local pool = {}     -- pre-built bodies for create / bulk (cycled)
local pooli = 0
local serial = 0

function init(args)
  math.randomseed(os.time() * 1000 + (thread_no or 0) * 7919)
  for _ = 1, 10 do math.random() end
  if wrk.path and wrk.path ~= "/" then prefix = wrk.path:gsub("/$", "") end
  if auth ~= "" then
    local k, v = auth:match("^%s*([^:]+):%s*(.*)$")
    hdrs[k] = v; bodyhdrs[k] = v
  end
  bodyhdrs["Content-Type"] = "application/json"
  local base = (thread_no or 0) * 10000000
  if wl == "create" then
    for i = 1, 64 do local p, b = F.create(base + i); pool[i] = { p, b } end
  elseif wl == "bulk" then
    for i = 1, 16 do
      local recs = {}
      for j = 1, bulkn do recs[j] = F.rec(base + i * 1000 + j) end
      local p, b = F.bulk(recs); pool[i] = { p, b }
    end
  end
end

function request()
  if wl == "get" then
    return wrk.format("GET", prefix .. F.one(math.random(1, maxid)), hdrs)
  elseif wl == "list" then
    return wrk.format("GET", prefix .. F.list(statuses[math.random(1, 5)], math.random(0, offmax)), hdrs)
  elseif wl == "update" then
    local m, p, b = F.update(math.random(1, maxid), math.random(0, 999999), statuses[math.random(1, 5)])
    return wrk.format(m, prefix .. p, bodyhdrs, b)
  elseif wl == "create" or wl == "bulk" then
    pooli = pooli % #pool + 1
    return wrk.format("POST", prefix .. pool[pooli][1], bodyhdrs, pool[pooli][2])
  elseif wl == "hello" then
    return wrk.format("GET", prefix .. hello, hdrs)
  end
  error("unknown WL " .. wl)
end

if os.getenv("PROBE") == "1" then
  local shown = 0
  function response(status, headers, body)
    if shown < 2 then
      shown = shown + 1
      io.write(string.format("PROBE status=%d body=%s\n", status, (body or ""):sub(1, 240):gsub("\n", " ")))
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    '{"wl":"%s","flavor":"%s","requests":%d,"duration_s":%.3f,"rps":%.2f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"mean_ms":%.3f,"bytes":%d,"err_connect":%d,"err_read":%d,"err_write":%d,"err_status":%d,"err_timeout":%d,"bulk_n":%d}\n',
    wl, flavor, summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout, (wl == "bulk") and bulkn or 1))
end
