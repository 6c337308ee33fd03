# latcdf.gp - cumulative distributions of latencies (a waking thread's
# wait for the GIL): for each series, the share of samples that took at
# most x. Data: a block per series, "latency_us share" (0 is drawn at
# xmin). Variables: nseries, title_I, color_I, variant_I (0 solid, else
# dashed: a mode's other policies, as in every chart), xmin, xmax (us),
# xlabel_text, ylabel_text, mark_us and mark_label (a reference line,
# the switch interval; mark_us < 0 for none).
# The legend below the plot, as in every chart (common.gp).
load plotdir . "/common.gp"
stitle(i) = value(sprintf("title_%d", i))
scolor(i) = value(sprintf("color_%d", i))
draw = 'set title chart_title font ",24"; \
	set logscale x; set xrange [xmin:xmax]; set yrange [0:1.02]; \
	set xtics ("0.1 us" 0.1, "1 us" 1, "10 us" 10, "100 us" 100, "1 ms" 1000, "10 ms" 1e4, "100 ms" 1e5, "1 s" 1e6); \
	set ytics ("0" 0, "25%%" 0.25, "50%%" 0.5, "75%%" 0.75, "100%%" 1); \
	set xlabel xlabel_text . " (log scale)"; \
	set ylabel ylabel_text; \
	eval set_key; \
	unset arrow; unset label; \
	if (mark_us > 0) { set arrow from mark_us, graph 0 to mark_us, graph 1 nohead dt 3 lw 2 lc rgb "#666666"; \
		set label mark_label at mark_us, graph 0.06 offset -0.5, 0 right tc rgb "#444444" }; \
	plot for [i=1:nseries] datafile index (i - 1) using ($1 < xmin ? xmin : $1):2 with steps lw (5 - 0.6 * i) dt dash(i) lc rgb scolor(i) title stitle(i)'
set terminal pngcairo size 1280,900 font "Sans,22" linewidth 2 noenhanced
set output out . ".png"
eval draw
set terminal svg size 1280,900 font "Sans,22" linewidth 2 noenhanced background rgb "white"
set output out . ".svg"
eval draw
unset output
