# io.gp - I/O wall time against workers, log scales, one line per mode and
# the perfect-overlap line last. Data: blocks "workers median min max".
load plotdir . "/common.gp"
set xlabel "workers (concurrent requests)"
set ylabel "wall time (s, log scale)"
set logscale xy
stats datafile using 1 nooutput
set xrange [0.8:STATS_max * 1.3]
# Every point and the whole reference line inside, with a margin.
stats datafile using 3 nooutput
ymin = STATS_min
stats datafile using 4 nooutput
set yrange [ymin / 1.6:STATS_max * 1.6]
set xtics 1, 2
set key outside right top font ",16" spacing 1.0
plot for [i=1:nseries - 1] datafile index (i - 1) using 1:2:3:4 \
	with yerrorlines ls i title series_title(i), \
	datafile index (nseries - 1) using 1:2 with lines dt 2 lw 3 \
	lc rgb "#000000" title series_title(nseries)
load plotdir . "/svg.gp"
