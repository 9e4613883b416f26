-- A plain GET of the URL's path on every request; only adds the result line (report.lua).
dofile("bench/wrk/report.lua")
