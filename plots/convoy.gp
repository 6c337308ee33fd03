# convoy.gp - round trips per second of one I/O thread beside 0, 1, 2
# CPU-bound threads, one bar per mode. Data: "cpu_threads v1 v2 ...",
# NaN where a cell was not measured.
load plotdir . "/common.gp"
set xlabel "CPU-bound threads beside the I/O thread"
set ylabel "round trips per second (log scale)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set logscale y
set yrange [1:*]
set datafile missing "NaN"
set key outside right top
set format y "%.0s%c"
plot for [i=1:nseries] datafile using (column(i + 1)):xtic(1) \
	ls i lc rgb palette[(i - 1) % 8 + 1] title series_title(i)
load plotdir . "/svg.gp"
