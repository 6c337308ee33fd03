# scale.gp - one figure of the concurrency sweep against the tasks at once
# (tasks = workers), log-log, one line per mode in its own colour and
# shape (common.gp); with reference = 1 also the line y = 1 (perfect
# overlap). Data: blocks "tasks median lo hi", lo and hi the 95% interval
# (bench/analysis/charts_scale.c).
load plotdir . "/common.gp"
nrefs = reference ? 1 : 0
ref_len = reference ? 11 : 0
eval set_key
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
eval set_worker_tics
# Modes measured at the same size a little apart, so their bars do not
# hide each other.
off(i) = 2 ** (shift(i) * 0.04)
if (reference) {
	plot for [i=1:nseries] datafile index (i - 1) \
		using ($1 * off(i)):2:3:4 with yerrorlines lw 3 \
		lc rgb color(i) pt point(i) dt dash(i) title series_title(i), \
		1 with lines dt 2 lw 2 lc rgb ref_color title "one latency"
} else {
	plot for [i=1:nseries] datafile index (i - 1) \
		using ($1 * off(i)):2:3:4 with yerrorlines lw 3 \
		lc rgb color(i) pt point(i) dt dash(i) title series_title(i)
}
load plotdir . "/svg.gp"
