# wall.gp - median wall time per mode at W = cores, min-max bars. Data:
# lines "label median min max" (charts.c).
load plotdir . "/common.gp"
set xlabel "mode"
set ylabel "wall time of the tasks (s)"
set style fill solid 0.75 border -1
set boxwidth 0.6
# Room for the slowest repetition's bar.
stats datafile using 4 nooutput
set yrange [0:STATS_max * 1.35]
set xtics rotate by -30
set key top right
plot datafile using 0:2:xtic(1) with boxes lc rgb palette[1] title "median", \
	'' using 0:3:(0):($4 - $3) with vectors heads size screen 0.012,90 \
	lc rgb "#000000" lw 2 title "fastest to slowest"
load plotdir . "/svg.gp"
