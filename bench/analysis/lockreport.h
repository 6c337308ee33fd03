/*
 * lockreport.h - the lock seen from inside: the report's section on the
 * traced scenes (scenes.h), and `bin/bench trace`, which prints the
 * figures of one trace and can write its timeline's chart data.
 */
#ifndef GB_LOCKREPORT_H
#define GB_LOCKREPORT_H

struct doc;

/* The section "The lock, seen from inside" of run_dir's report: the
 * timelines, the convoy's latency distributions and the policies, each
 * chart with what to look for; "not measured" when the run traced no
 * scene. The caller writes the heading (report.c's sections[]). */
void lockreport_section(struct doc *d, const char *run_dir);

/* bench summarize: the charts' data of the scenes into plots_dir.
 * Returns how many, or -errno. */
int lockreport_charts(const char *run_dir, const char *plots_dir);

/* `bench trace FILE [--rows FILE] [--from MS] [--window MS]
 * [--timeline DIR [--title TEXT]]`: argv[0] is "trace". Returns the exit
 * status. */
int lockreport_cmd(int argc, char **argv);

#endif
