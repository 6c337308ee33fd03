# common.gp - the look shared by every chart, loaded first by each script.
# Large fonts and thick lines so a chart reads from the back of a room.
# Variables come from NAME.vars.gp (written by bin/bench summarize) and
# plotdir from scripts/plots.sh.
set terminal pngcairo size 1280,800 font "Sans,18" linewidth 2 noenhanced
set output out . ".png"
set encoding utf8
set title chart_title font ",22"
set grid lw 1 lc rgb "#d0d0d0"
set border lw 1.5
set key box opaque samplen 2 spacing 1.1
set tics nomirror
set pointsize 1.6
# No blanked circle around points (it hides the middle of error bars).
set pointintervalbox 0
# A palette that stays distinct for colour-blind readers (Okabe-Ito).
array palette[8] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", \
		     "#E69F00", "#56B4E9", "#000000", "#F0E442"]
do for [i=1:8] {
	set style line i lc rgb palette[i] lw 2.5 pt (i % 7) + 4 ps 1.6
}
series_title(i) = value(sprintf("title_%d", i))
