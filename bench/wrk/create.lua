-- POST one appointment request per call. Env:
--   BENCH_MODE     patient_led | choose_a_time   (the raw baseline gets the patient-led body)
--   BENCH_PATIENT  a patient id of org_demo
--   BENCH_WINDOWS  file with one window id per line (choose_a_time); requests are spread over them round-robin
local mode = os.getenv("BENCH_MODE") or "patient_led"
local patient = os.getenv("BENCH_PATIENT") or "p_missing"
local windows = {}
local windows_file = os.getenv("BENCH_WINDOWS")
if windows_file and windows_file ~= "" then
  for line in io.lines(windows_file) do
    if line ~= "" then windows[#windows + 1] = line end
  end
end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer test_demo_0000000000000000"

function request()
  counter = counter + 1
  local t = tid or 0
  local window = ""
  if mode == "choose_a_time" then
    window = '"windowId":"' .. windows[((counter * 2 + t) % #windows) + 1] .. '",'
  end
  local body = '{"patientId":"' .. patient .. '","taskId":"tsk_bloodtest",' .. window ..
    '"phone":"+447911123456","location":{"line1":"1 High Street","town":"London","postcode":"SW1A 1AA"},' ..
    '"externalRef":"load-' .. t .. '-' .. counter .. '","metadata":{"source":"bench"}}'
  return wrk.format(nil, nil, nil, body)
end
