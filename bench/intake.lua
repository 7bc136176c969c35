-- wrk script for bench/intake.sh: every request carries new alerts (distinct label sets and
-- fingerprints), in the receiver's own format.
--
--   wrk -t2 -c64 -d20s -s bench/intake.lua URL -- TARGET PER_REQUEST TAG SYSTEMS STARTS_AT
--
-- TARGET      mim: an Alertmanager webhook body (version 4) with PER_REQUEST alerts;
--             am:  an Alertmanager /api/v2/alerts array with the same PER_REQUEST alerts.
-- TAG         0–255, part of every alert's identity: a run with the same TAG sends the same
--             alerts (the mim run and the Alertmanager run of one comparison share it).
-- SYSTEMS     comma-separated system ids for the `system` label (mim's demo systems).
-- STARTS_AT   RFC 3339 time for startsAt.
--
-- At the end one line "BENCH_JSON {...}" gives requests, duration, errors and latency
-- percentiles (µs) for bench/intake.py.

local target, per_request, tag, systems, starts_at
local counter = 0

local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local function split(s)
  local out = {}
  for part in string.gmatch(s, "[^,]+") do
    table.insert(out, part)
  end
  return out
end

function init(args)
  target = args[1] or "mim"
  per_request = tonumber(args[2] or "1")
  tag = tonumber(args[3] or "0")
  systems = split(args[4] or "wilma")
  starts_at = args[5] or "2026-01-01T00:00:00Z"
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  if target == "mim" then
    wrk.headers["Authorization"] = "Bearer " .. (os.getenv("MIM_INTAKE_TOKEN") or "mim_i_demo_alertmanager")
  end
end

local names = { "InstanceDown", "HighErrorRate", "HighLatency", "DiskWillFillIn4Hours",
                "TargetMissing", "CertificateExpiring", "PodCrashLooping", "BackendUnhealthy" }

-- One alert's labels as a JSON object, and its fingerprint (16 hex digits).
local function alert_parts(n, system)
  local name = names[(n % #names) + 1]
  local severity = (n % 10 == 0) and "critical" or "warning"
  local instance = string.format("app-%d-%d-%d.kuusijarvi.example:9100", tag, tid, n)
  local labels = string.format(
    '{"alertname":"%s","system":"%s","severity":"%s","instance":"%s","job":"node","env":"prod","team":"tietohallinto"}',
    name, system, severity, instance)
  local annotations = string.format(
    '{"summary":"%s on %s","description":"%s has fired on %s for 5 minutes.","runbook_url":"https://wiki.kuusijarvi.example/runbooks/%s"}',
    name, instance, name, instance, name)
  local fingerprint = string.format("%02x%02x%012x", tag % 256, tid % 256, n)
  return labels, annotations, fingerprint, name
end

local function body()
  counter = counter + 1
  -- A batch is about one system (Alertmanager groups by it); single alerts rotate.
  local system = systems[((counter + tid) % #systems) + 1]
  local parts = {}
  local first_name
  for i = 1, per_request do
    local n = (counter - 1) * per_request + i
    local labels, annotations, fingerprint, name = alert_parts(n, system)
    first_name = first_name or name
    if target == "mim" then
      parts[i] = string.format(
        '{"status":"firing","labels":%s,"annotations":%s,"startsAt":"%s","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus.kuusijarvi.example:9090/graph?g0.expr=up","fingerprint":"%s"}',
        labels, annotations, starts_at, fingerprint)
    else
      parts[i] = string.format(
        '{"labels":%s,"annotations":%s,"startsAt":"%s","generatorURL":"http://prometheus.kuusijarvi.example:9090/graph?g0.expr=up"}',
        labels, annotations, starts_at)
    end
  end
  local alerts = table.concat(parts, ",")
  if target == "mim" then
    local single = per_request == 1
    return string.format(
      '{"version":"4","groupKey":"{}:{system=\\"%s\\"}","truncatedAlerts":0,"status":"firing","receiver":"mim","groupLabels":{"system":"%s"},"commonLabels":{"system":"%s","job":"node","env":"prod"%s},"commonAnnotations":{},"externalURL":"http://alertmanager.kuusijarvi.example:9093","alerts":[%s]}',
      system, system, system, single and string.format(',"alertname":"%s"', first_name) or "", alerts)
  end
  return "[" .. alerts .. "]"
end

function request()
  return wrk.format(nil, nil, nil, body())
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"non_2xx":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
