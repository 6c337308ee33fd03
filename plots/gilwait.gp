# gilwait.gp - share of the threads' time spent waiting for the simulated
# GIL, against workers. Data: blocks "workers percent".
load plotdir . "/common.gp"
set xlabel "workers (threads)"
set ylabel "time waiting for the GIL (% of thread time)"
set logscale x 2
stats datafile using 1 nooutput
set xrange [0.8:STATS_max * 1.3]
set xtics 1, 2
set yrange [0:105]
set key left top
set samples 400
plot for [i=1:nseries] datafile index (i - 1) using 1:2 \
	with linespoints ls i title series_title(i), \
	100 * (x - 1) / x with lines dt 2 lw 2 lc rgb "#000000" \
	title "one thread runs at a time: (W-1)/W"
load plotdir . "/svg.gp"
