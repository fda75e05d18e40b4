-- GET a random path from BENCH_PATHS (one path with its query string per line), with the demo tenant's key.
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (tid or 0))
end

wrk.headers["Authorization"] = "Bearer test_demo_0000000000000000"

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
