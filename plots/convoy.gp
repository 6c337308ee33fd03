# convoy.gp - round trips per second of one I/O thread alone and beside 1
# and 2 CPU-bound threads, one bar per mode with its 95% interval. Data:
# "label y1 lo1 hi1 y2 lo2 hi2 ...", NaN where a cell was not measured.
load plotdir . "/common.gp"
set xlabel "the I/O thread (workers = 1 + CPU threads)"
set ylabel "round trips per second (log scale)"
set style data histograms
set style histogram errorbars gap 2 lw 2
set style fill solid 0.85 border lc rgb "#000000"
set boxwidth 0.9
set logscale y
set format y "%.0s%c"
stats datafile using 3 nooutput
ymin = STATS_min
do for [i=2:nseries] { stats datafile using (column(3 * i)) nooutput; ymin = STATS_min < ymin ? STATS_min : ymin }
set yrange [ymin / 3:*]
plot for [i=1:nseries] datafile using (column(3 * i - 1)):(column(3 * i)):(column(3 * i + 1)):xtic(1) \
	lc rgb color(i) fs pattern pattern(i) border lc rgb "#000000" \
	title series_title(i)
load plotdir . "/svg.gp"
