# scale.gp - one figure of the concurrency sweep against the tasks at once
# (tasks = workers), log-log, one line per mode; with reference = 1 also
# the line y = 1 (perfect overlap). Data: blocks "tasks median lo hi"
# (bench/analysis/charts_scale.c).
load plotdir . "/common.gp"
set xlabel "tasks at once (tasks = workers, log scale)"
set ylabel ylabel
set logscale xy
stats datafile using 1 nooutput
set xrange [STATS_min / 1.5:STATS_max * 1.5]
stats datafile using 3 nooutput
ymin = STATS_min
stats datafile using 4 nooutput
ymax = STATS_max
if (reference) { ymin = ymin < 1 ? ymin : 1; }
set yrange [ymin / 2:ymax * 2]
set format x "%.0f"
set key outside right top font ",16" spacing 1.0
if (reference) {
	plot for [i=1:nseries] datafile index (i - 1) using 1:2:3:4 \
		with yerrorlines ls i title series_title(i), \
		1 with lines dt 2 lw 3 lc rgb "#000000" title "one latency"
} else {
	plot for [i=1:nseries] datafile index (i - 1) using 1:2:3:4 \
		with yerrorlines ls i title series_title(i)
}
load plotdir . "/svg.gp"
