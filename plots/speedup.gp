# speedup.gp - speedup over seq against workers, one line per mode, for one
# CPU-bound workload. Data: blocks "workers speedup lo hi" (charts.c).
# Workers on a linear axis: there are only a few counts (1, 2, 4, ...).
load plotdir . "/common.gp"
nrefs = 2
ref_len = 5
eval set_key
set xlabel "workers (threads or processes)"
set ylabel "speedup over seq (times faster)"
stats datafile using 1 nooutput
xmax = STATS_max
stats datafile using 4 nooutput
ymax = STATS_max > cores ? STATS_max : cores
set xrange [0.5:xmax + 0.5]
set yrange [0:ymax * 1.15]
eval set_worker_tics
set arrow 1 from cores, graph 0 to cores, graph 1 nohead dt 3 lw 2 lc rgb ref_color
set label 1 sprintf("%d cores", cores) at cores, graph 0.05 offset 0.6, 0 tc rgb ref_color
set samples 400
ideal(x) = x < 1 ? NaN : (x < cores ? x : cores)
off(i) = shift(i) * 0.045 * (xmax > 8 ? xmax / 8.0 : 1)
plot for [i=1:nseries] datafile index (i - 1) using ($1 + off(i)):2:3:4 \
	with yerrorlines lw 3 lc rgb color(i) pt point(i) dt dash(i) \
	title series_title(i), \
	ideal(x) with lines dt 2 lw 2 lc rgb ref_color title "ideal", \
	1 with lines dt 3 lw 2 lc rgb ref_color title "1x"
load plotdir . "/svg.gp"
