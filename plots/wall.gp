# wall.gp - median wall time per mode at W = cores, one bar per mode in
# the mode's colour, 95% intervals. Data: lines "label median lo hi" in
# the unit yunit (charts.c).
load plotdir . "/common.gp"
nrefs = 1
ref_len = 26
eval set_key
unset xlabel
set ylabel sprintf("wall time of the tasks (%s)", yunit)
set style fill solid 0.85 border lc rgb "#000000"
set boxwidth 0.7
stats datafile using 4 nooutput
set yrange [0:STATS_max * 1.2]
set xrange [0.4:nseries + 0.6]
if (nseries > 6) set xtics rotate by -30
plot for [i=1:nseries] datafile every ::(i - 1)::(i - 1) \
	using (i):2:xtic(1) with boxes lc rgb color(i) notitle, \
	for [i=1:nseries] datafile every ::(i - 1)::(i - 1) \
	using (i):3:(0):($4 - $3) with vectors heads size screen 0.012,90 \
	lc rgb "#000000" lw 2 title (i == 1 ? "95% interval of the median" : "")
load plotdir . "/svg.gp"
