# speedup.gp - speedup over seq against workers, one line per mode, for one
# CPU-bound workload. Data: blocks "workers speedup lo hi paired"
# (charts.c): a point whose cells never ran in the same round as seq's
# (paired 0) is a ratio of medians with no honest interval, so it is
# drawn apart: no bar, no line to it, a grey ring around it.
# Workers on a linear axis: there are only a few counts (1, 2, 4, ...).
load plotdir . "/common.gp"
unpaired = strlen(unpaired_series) > 0
nrefs = unpaired ? 3 : 2
ref_len = unpaired ? 8 : 5
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
# The legend from keyentry: a series whose every point is unpaired has
# no line, and gnuplot would leave a plot without valid points out of it.
# paired_series and unpaired_series (NAME.vars.gp) list the series that
# have such points ("1 3"): the plot command is built from them, so that
# no layer is plotted without a point (gnuplot runs a loop's body once
# even for zero iterations, and warns of the empty layer).
layer(i, using, style) = sprintf("datafile index %d using %s with %s, ", \
	i - 1, using, style)
cmd = "plot "
do for [s in paired_series] {
	i = s + 0
	cmd = cmd . layer(i, sprintf("($1 + off(%d)):($5 > 0 ? $2 : NaN):3:4", i), \
		sprintf("yerrorlines lw 3 lc rgb color(%d) pt point(%d) dt dash(%d) notitle", i, i, i))
}
do for [i=1:nseries] {
	cmd = cmd . sprintf("keyentry with yerrorlines lw 3 lc rgb color(%d) pt point(%d) dt dash(%d) title series_title(%d), ", i, i, i, i)
}
do for [s in unpaired_series] {
	i = s + 0
	cmd = cmd . layer(i, sprintf("($1 + off(%d)):($5 > 0 ? NaN : $2)", i), \
		sprintf("points lc rgb color(%d) pt point(%d) notitle", i, i))
	cmd = cmd . layer(i, sprintf("($1 + off(%d)):($5 > 0 ? NaN : $2)", i), \
		sprintf("points lc rgb ref_color pt 6 ps 3.6 lw 1.5 title \"%s\"", \
		s eq word(unpaired_series, 1) ? "unpaired" : ""))
}
eval cmd . 'ideal(x) with lines dt 2 lw 2 lc rgb ref_color title "ideal", ' . \
	'1 with lines dt 3 lw 2 lc rgb ref_color title "1x"'
load plotdir . "/svg.gp"
