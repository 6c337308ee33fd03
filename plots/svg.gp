# svg.gp - draw the chart just plotted again as SVG (for the HTML report,
# which embeds it), then close the files.
set terminal svg size 1280,800 font "Sans,18" linewidth 2 noenhanced background rgb "white"
set output out . ".svg"
replot
unset output
