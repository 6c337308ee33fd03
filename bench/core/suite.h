/*
 * suite.h - a suite file (suites/NAME.suite) expanded into the invocations
 * this build can run: `bin/bench plan FILE`, which scripts/bench.sh
 * reads. The parsing is one pure function of the text and an environment
 * (suite_plan), so tests and a fuzzer can call it without a registry.
 *
 * A suite line is "workload modes workers tasks size reps est_s
 * [options]" or "! est_s COMMAND" (the format is documented in
 * suites/default.suite); a mode may carry its own worker counts,
 * MODE@W/W (gil-legacy@cores). Workloads and modes this binary does not have,
 * and modes it lists but cannot run here (mpi without bin/bench-mpi), are
 * dropped from their lines with one note each; a line left with no
 * workload or no mode is dropped whole.
 *
 * The plan, one invocation a line, tab-separated ("-" for an empty
 * field, since tabs run together in a shell's read):
 *
 *   run<TAB>LINE<TAB>EST_S<TAB>WORKLOADS<TAB>KINDS<TAB>MODES<TAB>ARGS
 *   sh<TAB>LINE<TAB>EST_S<TAB>-<TAB>-<TAB>-<TAB>COMMAND
 *
 * ARGS are bin/bench's arguments, blank-separated, without --csv.
 */
#ifndef GB_SUITE_H
#define GB_SUITE_H

#include <stddef.h>

/* What the plan may ask of the machine and of this build. */
/* The most cores a plan is made for (2 x cores workers at most). */
#define SUITE_MAX_CORES 2048u

struct suite_env {
	unsigned cores;		/* usable cores (cpus.h): `cores`, `cpu` */
	/* The kind of the workload called name ("cpu", "io", ...), or NULL
	 * when this binary has none. */
	const char *(*workload_kind)(const char *name, void *ctx);
	/* 1 when mode name is in this binary and can run here; 0 with
	 * the reason in why when it is listed but cannot (-1 when it is not
	 * listed at all). */
	int (*mode_usable)(const char *name, char *why, size_t len,
			   void *ctx);
	/* 1 when a "!" line can run: its program is on the PATH and the
	 * .py/.sh files it names exist. */
	int (*command_usable)(const char *command, void *ctx);
	void *ctx;
};

struct suite_line {
	unsigned lineno;
	int shell;		/* a "!" line */
	double est_s;		/* seconds, scaled by cells (suite_plan) */
	unsigned cells;		/* mode x workers pairs it measures */
	char workloads[256], kinds[128], modes[256];
	char args[2048];	/* bin/bench's, or the shell command */
};

struct suite_plan {
	struct suite_line *lines;
	size_t n, cap;
	double est_s;		/* all of them */
	char notes[2048];	/* what was dropped, one line each */
};

/* Parse text (len bytes, not necessarily NUL-terminated) into *plan.
 * 0, or -EINVAL with "LINE: what is wrong" in err; *plan is then empty.
 * suite_plan_free() in every case. */
int suite_plan(const char *text, size_t len, const struct suite_env *env,
	       struct suite_plan *plan, char *err, size_t errlen);
void suite_plan_free(struct suite_plan *plan);

/* `bin/bench plan FILE`: the plan of FILE for this binary on stdout, the
 * notes on stderr. Returns the exit status (2: no such file, or a
 * malformed line). */
int suite_main(int argc, char **argv);

#endif
