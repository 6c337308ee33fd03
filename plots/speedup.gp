# speedup.gp - speedup over seq against workers, one line per mode, for one
# CPU-bound workload. Data: blocks "workers speedup lo hi" (charts.c).
load plotdir . "/common.gp"
set xlabel "workers (threads or processes)"
set ylabel "speedup over seq (times faster)"
set logscale x 2
stats datafile using 1 nooutput
xmax = STATS_max
stats datafile using 4 nooutput
ymax = STATS_max > cores ? STATS_max : cores
set xrange [0.8:xmax * 1.3]
set yrange [0:ymax * 1.2]
set xtics 1, 2
set arrow 1 from cores, graph 0 to cores, graph 1 nohead dt 3 lw 2 lc rgb "#555555"
set label 1 sprintf("%d cores", cores) at cores, graph 0.04 offset 0.6, 0 tc rgb "#555555"
set key outside right top font ",16" spacing 1.0
set samples 400
ideal(x) = x < 1 ? NaN : (x < cores ? x : cores)
plot for [i=1:nseries] datafile index (i - 1) using 1:2:3:4 \
	with yerrorlines ls i title series_title(i), \
	ideal(x) with lines dt 2 lw 2 lc rgb "#000000" title "ideal: min(W, cores)", \
	1 with lines dt 3 lw 2 lc rgb "#777777" title "1x: no speedup"
load plotdir . "/svg.gp"
