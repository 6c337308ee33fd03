# policy.gp - the lock policies side by side, two panels: left, the I/O
# thread's round trips per second with no CPU thread and beside one (log
# scale); right, the work the CPU thread got done beside the I/O thread.
# Each bar in its mode's colour, the new GIL's other policies hatched
# (variant_I, common.gp's pattern), the same in both panels. Data: a line per
# policy, '"label" io_alone io_beside cpu_work'. Variables: nbars,
# color_I, variant_I, label_I.
# common.gp sizes a legend for nseries series; this script places its
# own, so it has none of that kind.
nseries = 0
load plotdir . "/common.gp"
pcolor(i) = value(sprintf("color_%d", i))
plabel(i) = value(sprintf("title_%d", i))
bw = 0.8 / nbars
off(i) = (i - (nbars + 1) / 2.0) * bw
draw = 'set multiplot title chart_title font ",24"; unset title; \
	\
	set key at screen 0.5, screen 0.01 center bottom horizontal Left reverse nobox samplen 1.5 width 2 maxrows 2 maxcols 2; \
	set lmargin at screen 0.11; set rmargin at screen 0.52; \
	set tmargin at screen 0.88; set bmargin at screen 0.24; \
	set logscale y; set yrange [10:*]; set format y "%.0s%c"; \
	set xrange [-0.5:1.5]; set xtics ("no CPU thread" 0, "beside one" 1) scale 0; \
	set ylabel "I/O round trips per second"; \
	plot for [i=1:nbars] datafile every ::(i-1)::(i-1) using (0 + off(i)):2:(bw) with boxes lc rgb pcolor(i) fs pattern pattern(i) border lc rgb "#333333" title plabel(i), \
	     for [i=1:nbars] datafile every ::(i-1)::(i-1) using (1 + off(i)):3:(bw) with boxes lc rgb pcolor(i) fs pattern pattern(i) border lc rgb "#333333" notitle; \
	unset key; unset logscale y; set yrange [0:*]; set format y "%g"; \
	set lmargin at screen 0.66; set rmargin at screen 0.97; \
	set xrange [-0.5:0.5]; set xtics ("CPU thread beside I/O" 0) scale 0; \
	set ylabel "million terms per second"; \
	plot for [i=1:nbars] datafile every ::(i-1)::(i-1) using (off(i)):4:(bw) with boxes lc rgb pcolor(i) fs pattern pattern(i) border lc rgb "#333333" notitle; \
	unset multiplot'
set terminal pngcairo size 1280,900 font "Sans,22" linewidth 2 noenhanced
set output out . ".png"
eval draw
set terminal svg size 1280,900 font "Sans,22" linewidth 2 noenhanced background rgb "white"
set output out . ".svg"
eval draw
unset output
