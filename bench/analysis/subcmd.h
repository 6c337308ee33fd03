/*
 * subcmd.h - bin/bench's subcommands, the later stages of `make bench`:
 *
 *   bench summarize RUN   RUN/summary.csv and the charts' data (RUN/plots)
 *   bench report RUN      the same, then RUN/REPORT.md and RUN/REPORT.html
 *
 * RUN is a results folder holding bench.csv (and bench.csv.meta), or a
 * CSV file; the outputs go next to the CSV.
 */
#ifndef GB_SUBCMD_H
#define GB_SUBCMD_H

/* argv[0] is the would-be subcommand. Returns the exit status, or -1 when
 * argv[0] names no subcommand (then the usual options are parsed). */
int subcmd_run(int argc, char **argv);

#endif
