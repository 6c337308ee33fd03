# timeline.gp - one row per thread over a window of a traced run: a bar
# coloured by state (holds the GIL, waits for it, in a blocking call or
# native code), and marks: drop requests above the bar of the thread that
# asked, forced drops as a black stroke across the bar of the thread
# forced off, futile wake-ups above the bar of the thread woken in vain. Data (bin/bench summarize, or
# bin/bench trace --timeline): blocks 0-2 "row from_ms to_ms" per state,
# blocks 3-5 "ms row" per mark. Variables: nthreads, window_ms,
# label_K, state_color_S, state_title_S, mark_title_M, mark_color_M
# (the colours from bench/output/style.h).
# common.gp sizes a legend for nseries series; this script places its
# own, so it has none of that kind.
nseries = 0
load plotdir . "/common.gp"
label(k) = value(sprintf("label_%d", k))
scolor(s) = value(sprintf("state_color_%d", s))
stitle(s) = value(sprintf("state_title_%d", s))
mtitle(m) = value(sprintf("mark_title_%d", m))
mcolor(m) = value(sprintf("mark_color_%d", m))
# A bar is 0.5 of a row; marks sit just outside it.
h = 0.25
draw = 'set title chart_title font ",24"; \
	set xlabel "milliseconds after every thread had started"; \
	set xrange [0:window_ms]; set yrange [nthreads + 0.75 : 0.25]; \
	set ytics scale 0 (); do for [k=1:nthreads] { set ytics add (label(k) k) }; \
	unset grid; set grid xtics lw 1 lc rgb "#d0d0d0"; \
	set key outside below center horizontal Left reverse nobox samplen 1.5 width 2 maxcols 3; \
	set bmargin 7; \
	set style fill solid 1.0 noborder; \
	plot datafile index 0 using (($2+$3)/2):1:2:3:($1-h):($1+h) with boxxyerror fc rgb scolor(1) title stitle(1), \
	     datafile index 1 using (($2+$3)/2):1:2:3:($1-h):($1+h) with boxxyerror fc rgb scolor(2) title stitle(2), \
	     datafile index 2 using (($2+$3)/2):1:2:3:($1-h):($1+h) with boxxyerror fc rgb scolor(3) title stitle(3), \
	     datafile index 3 using 1:($2-h-0.12) with points pt 11 ps 1.5 lc rgb mcolor(1) title mtitle(1), \
	     datafile index 4 using 1:($2-h):(0):(2*h) with vectors nohead lw 3 lc rgb mcolor(2) title mtitle(2), \
	     datafile index 5 using 1:($2-h-0.12) with points pt 2 ps 1.2 lw 2 lc rgb mcolor(3) title mtitle(3)'
# Text of 22 px and more on 1280 px (legible projected).
set terminal pngcairo size 1280,800 font "Sans,22" linewidth 2 noenhanced
set output out . ".png"
eval draw
set terminal svg size 1280,800 font "Sans,22" linewidth 2 noenhanced background rgb "white"
set output out . ".svg"
eval draw
unset output
