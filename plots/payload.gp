# payload.gp - time per task against the bytes handed to each task, one
# line per mode, log scales. Data: blocks "bytes per_task lo hi" in yunit.
load plotdir . "/common.gp"
set xlabel "data handed to each task (log scale)"
set ylabel sprintf("time per task (%s, log scale)", yunit)
set logscale x 2
set logscale y 10
stats datafile using 1 nooutput
set xrange [STATS_min / 2:STATS_max * 2]
# Tics in KiB and MiB: 1 KiB, 32 KiB, 1 MiB, 32 MiB, ...
set xtics ()
do for [e=0:40:5] { b = 2.0 ** e; if (b >= STATS_min / 2 && b <= STATS_max * 2) { \
	set xtics add ((e >= 30 ? sprintf("%g GiB", b / 2**30) : e >= 20 ? sprintf("%g MiB", b / 2**20) : \
	e >= 10 ? sprintf("%g KiB", b / 2**10) : sprintf("%g B", b)) b) } }
off(i) = 2 ** (shift(i) * 0.15)
plot for [i=1:nseries] datafile index (i - 1) using ($1 * off(i)):2:3:4 \
	with yerrorlines lw 3 lc rgb color(i) pt point(i) dt dash(i) \
	title series_title(i)
load plotdir . "/svg.gp"
