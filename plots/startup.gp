# startup.gp - start-up per worker against workers, one line per pool
# mode, log scales. Data: blocks "workers per_worker lo hi" in yunit.
load plotdir . "/common.gp"
set xlabel "workers (log scale)"
set ylabel sprintf("start-up per worker (%s, log scale)", yunit)
set logscale xy 2
set logscale y 10
stats datafile using 1 nooutput
set xrange [0.7:STATS_max * 1.45]
eval set_worker_tics
off(i) = 2 ** (shift(i) * 0.05)
plot for [i=1:nseries] datafile index (i - 1) using ($1 * off(i)):2:3:4 \
	with yerrorlines lw 3 lc rgb color(i) pt point(i) dt dash(i) \
	title series_title(i)
load plotdir . "/svg.gp"
