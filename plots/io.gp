# io.gp - I/O: wall time over perfect overlap against workers, one line per
# mode. Data: blocks "workers ratio lo hi" (charts.c); 1 is perfect.
load plotdir . "/common.gp"
nrefs = 2
ref_len = 19
eval set_key
set xlabel "workers (concurrent requests, log scale)"
set ylabel "wall time / perfect overlap"
set logscale x 2
stats datafile using 1 nooutput
set xrange [0.7:STATS_max * 1.45]
# The range follows the medians, not the widest interval: one noisy
# cell's error bar is cut at the top rather than squashing every line.
stats datafile using 2 nooutput
ymax = STATS_max * 1.25 > 1.6 ? STATS_max * 1.25 : 1.6
set yrange [0.9:ymax]
eval set_worker_tics
off(i) = 2 ** (shift(i) * 0.05)
plot for [i=1:nseries] datafile index (i - 1) using ($1 * off(i)):2:3:4 \
	with yerrorlines lw 3 lc rgb color(i) pt point(i) dt dash(i) \
	title series_title(i), \
	1 with lines dt 2 lw 2 lc rgb ref_color title "perfect overlap (1)", \
	1.5 with lines dt 3 lw 2 lc rgb ref_color title "C4's bound (1.5)"
load plotdir . "/svg.gp"
