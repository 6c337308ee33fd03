# svg.gp - draw the chart just plotted again as SVG (for the HTML report,
# which embeds it), at the PNG's size and fonts, then close the files.
set terminal svg size 1280,900 font "Sans,22" linewidth 2 noenhanced background rgb "white"
set output out . ".svg"
# The svg terminal draws points larger than pngcairo at the same size.
set pointsize 1.3
replot
unset output
