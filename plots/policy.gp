# policy.gp - the lock policies side by side, two panels: left, the I/O
# thread's round trips per second with no CPU thread and beside one (log
# scale); right, the work the CPU thread got done beside the I/O thread.
# One colour per policy, the same in both panels. Data: a line per
# policy, '"label" io_alone io_beside cpu_work'. Variables: nbars,
# color_I, label_I.
load plotdir . "/common.gp"
pcolor(i) = value(sprintf("color_%d", i))
plabel(i) = value(sprintf("label_%d", i))
bw = 0.8 / nbars
off(i) = (i - (nbars + 1) / 2.0) * bw
draw = 'set multiplot title chart_title font ",24"; unset title; \
	set style fill solid 0.9 border lc rgb "#333333"; \
	set key at screen 0.31, screen 0.02 center bottom horizontal Left reverse nobox samplen 1.5 width 1 maxcols 2; \
	set lmargin at screen 0.11; set rmargin at screen 0.52; \
	set tmargin at screen 0.86; set bmargin at screen 0.25; \
	set logscale y; set yrange [10:*]; set format y "%.0s%c"; \
	set xrange [-0.5:1.5]; set xtics ("no CPU thread" 0, "beside one" 1) scale 0; \
	set ylabel "I/O round trips per second"; \
	plot for [i=1:nbars] datafile every ::(i-1)::(i-1) using (0 + off(i)):2:(bw) with boxes lc rgb pcolor(i) title plabel(i), \
	     for [i=1:nbars] datafile every ::(i-1)::(i-1) using (1 + off(i)):3:(bw) with boxes lc rgb pcolor(i) notitle; \
	unset key; unset logscale y; set yrange [0:*]; set format y "%g"; \
	set lmargin at screen 0.66; set rmargin at screen 0.97; \
	set xrange [-0.5:0.5]; set xtics ("CPU thread beside I/O" 0) scale 0; \
	set ylabel "million terms per second"; \
	plot for [i=1:nbars] datafile every ::(i-1)::(i-1) using (off(i)):4:(bw) with boxes lc rgb pcolor(i) notitle; \
	unset multiplot'
set terminal pngcairo size 1280,800 font "Sans,22" linewidth 2 noenhanced
set output out . ".png"
eval draw
set terminal svg size 1280,800 font "Sans,22" linewidth 2 noenhanced background rgb "white"
set output out . ".svg"
eval draw
unset output
