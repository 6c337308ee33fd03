# gilwait.gp - share of the threads' time spent waiting for the simulated
# GIL, against workers. Data: blocks "workers percent lo hi".
load plotdir . "/common.gp"
nrefs = 1
ref_len = 22
eval set_key
set xlabel "workers (threads)"
set ylabel "time waiting for the GIL (% of thread time)"
stats datafile using 1 nooutput
xmax = STATS_max
set xrange [0.5:xmax + 0.5]
set yrange [0:105]
eval set_worker_tics
set samples 400
off(i) = shift(i) * 0.04 * (xmax > 8 ? xmax / 8.0 : 1)
plot for [i=1:nseries] datafile index (i - 1) using ($1 + off(i)):2:3:4 \
	with yerrorlines lw 3 lc rgb color(i) pt point(i) dt dash(i) \
	title series_title(i), \
	(x < 1 ? NaN : 100 * (x - 1) / x) with lines dt 2 lw 2 lc rgb ref_color \
	title "(W-1)/W: one at a time"
load plotdir . "/svg.gp"
