# common.gp - the look shared by every chart, loaded first by each script.
# Text of 22 px and more on a 1280 px wide image, so a chart projected at
# 1024 px still reads from the back of a room; the legend below the plot,
# not beside it. Variables come from NAME.vars.gp (written by bin/bench
# summarize: titles, and per series the mode's colour, point shape and
# variant from bench/output/style.c) and plotdir from scripts/plots.sh.
# Nothing here picks a colour by a series' place in the chart.
set terminal pngcairo size 1280,900 font "Sans,22" linewidth 2 noenhanced
set output out . ".png"
set encoding utf8
set title chart_title font ",24"
set grid lw 1 lc rgb "#d8d8d8"
set border lw 1.5
set tics nomirror
set pointsize 2
# No blanked circle around points (it hides the middle of error bars).
set pointintervalbox 0
set datafile missing "NaN"
series_title(i) = value(sprintf("title_%d", i))
color(i) = value(sprintf("color_%d", i))
point(i) = value(sprintf("point_%d", i))
variant(i) = value(sprintf("variant_%d", i))
# A mode's other switch intervals (or workloads): dashed lines, hatched
# bars, in the mode's own colour.
dash(i) = variant(i) == 0 ? 1 : variant(i) + 1
pattern(i) = variant(i) == 0 ? 3 : variant(i) + 3
# Series i's place among nseries, centred on 0: the offset that keeps
# error bars measured at the same x apart.
shift(i) = i - (nseries + 1) / 2.0
# xlist: the worker counts measured, as tics.
set_worker_tics = 'set xtics (); do for [w in xlist] { set xtics add (w int(w)) }'
# The legend below the plot, in as many columns as its longest title
# lets fit in the image (gnuplot sizes every column for the longest);
# each script says how many reference lines it adds (nrefs) and the
# length of their longest title (ref_len), then runs set_key.
key_chars(i) = strlen(series_title(i))
set_key = 'key_len = ref_len; do for [i=1:nseries] { key_len = key_chars(i) > key_len ? key_chars(i) : key_len }; \
	key_cols = int(1180 / (key_len * 17.5 + 80)); key_cols = key_cols < 1 ? 1 : (key_cols > 4 ? 4 : key_cols); \
	key_rows = int(ceil((nseries + nrefs) / (1.0 * key_cols))); \
	set key outside below center vertical maxrows key_rows Left reverse nobox samplen 1.5 spacing 1.1 width -1'
nrefs = 0
ref_len = 0
eval set_key
