/*
 * charts/table.c - the charts drawn from the model, one entry each
 * (charts.h): what it reads and draws, and its title and caption with
 * the figures of the run. The claims a chart is evidence for are the
 * claims' own (claims/table.c links charts by their id).
 */
#include "bench/analysis/charts/charts.h"
#include "bench/core/util.h"

#include <math.h>

#define KIND(k) (1u << KIND_##k)

/* The key of the chart's cells (one series: they share it). */
static const struct bench_row *key(const struct ctx *x)
{
	return &x->cells[0]->key;
}

static void speedup_text(const struct ctx *x, struct text *t, struct text *c)
{
	text_setf(t, "%s: speedup over seq by workers", x->wl);
	text_setf(c, "How many times faster than seq each mode ran %s (%llu "
		  "tasks x size %llu), by the number of workers (threads or "
		  "processes). Error bars: 95%% bootstrap interval of the "
		  "speedup, paired: seq and the mode ran in the same rounds. "
		  "Grey dashed: the ideal, min(workers, cores); grey dotted: "
		  "1x, no speedup; the vertical line marks the %ld core%s.%s",
		  x->wl, (unsigned long long)key(x)->tasks,
		  (unsigned long long)key(x)->size, x->cores,
		  GB_PLURAL(x->cores), x->unpaired ?
		  " Ringed points without a bar were not measured in the same "
		  "rounds as seq (another invocation ran them): the ratio of "
		  "the two medians, unpaired, with no interval; read them as "
		  "rough." : "");
}

static void wall_text(const struct ctx *x, struct text *t, struct text *c)
{
	text_setf(t, "%s: wall time per mode at %ld worker%s", x->wl, x->cores,
		  GB_PLURAL(x->cores));
	text_setf(c, "How long %s (%llu tasks x size %llu) took in each mode "
		  "with as many workers as cores (%ld; seq uses one), in %s: "
		  "median of the repetitions. Error bars: 95%% bootstrap "
		  "interval of the median.", x->wl,
		  (unsigned long long)key(x)->tasks,
		  (unsigned long long)key(x)->size, x->cores, x->unit);
}

static void io_text(const struct ctx *x, struct text *t, struct text *c)
{
	const struct bench_row *k = key(x);

	text_setf(t, "%s: wall time over perfect overlap, %llu tasks of %g ms",
		  x->wl, (unsigned long long)k->tasks, k->latency_ms);
	text_setf(c, "%llu %s tasks that each wait %g ms, run by up to %u "
		  "workers: each mode's median wall time divided by what "
		  "perfect overlap would give, ceil(tasks / workers) x %g ms. "
		  "1 (grey dashed) is perfect: the waits overlap completely; "
		  "C4's bound is 1.5 (grey dotted). Error bars: 95%% bootstrap "
		  "interval of the median. Workers on a log scale.",
		  (unsigned long long)k->tasks, x->wl, k->latency_ms,
		  x->max_x, k->latency_ms);
}

static void gil_text(const struct ctx *x, struct text *t, struct text *c)
{
	(void)x;
	text_setf(t, "time threads waited for the GIL, by workers");
	text_setf(c, "The share of the threads' time spent waiting for the "
		  "simulated GIL (gil_wait_s / (wall x workers), median of the "
		  "repetitions), per GIL mode and CPU workload, at CPython's "
		  "default 5 ms switch interval. Grey dashed: (W-1)/W, what it "
		  "is when only one of W threads runs at a time. Error bars: "
		  "95%% bootstrap interval of the median.");
}

static void convoy_text(const struct ctx *x, struct text *t, struct text *c)
{
	text_setf(t, "%s: I/O round trips per second beside CPU threads",
		  x->wl);
	text_setf(c, "Blocking round trips per second made by one I/O thread "
		  "alone (workers 1), beside 1 CPU-bound thread (+1, workers "
		  "2) and beside 2 (+2, workers 3), per mode (in fork the CPU "
		  "work runs in processes): median of the repetitions, on a "
		  "log scale. Under a GIL the I/O thread waits up to one "
		  "switch interval for the lock after every blocking call; "
		  "hatched bars are the other switch intervals. Error bars: "
		  "95%% bootstrap interval of the median.");
}

static void startup_text(const struct ctx *x, struct text *t, struct text *c)
{
	double server = NAN;

	/* forkserver's server starts once per workload: shown apart. */
	for (size_t i = 0; i < x->n; i++)
		if (!isnan(x->cells[i]->med[FIG_SERVER]))
			server = x->cells[i]->med[FIG_SERVER];
	text_setf(t, "starting a pool: time per worker");
	text_setf(c, "How long creating a pool took per worker (start-up "
		  "until every worker is ready, over the number of workers), "
		  "in %s on a log scale: threads share the parent's memory, "
		  "fork copies its page tables, spawn starts the program "
		  "afresh. From the empty workload, whose tasks do nothing. "
		  "Error bars: 95%% bootstrap interval of the median. Workers "
		  "on a log scale.", x->unit);
	if (!isnan(server))
		text_addf(c, " ", "forkserver forks each worker from a server "
			  "started once, in %.1f ms here (not in its points, "
			  "as Python pays it once per program).", 1000 * server);
}

static void payload_text(const struct ctx *x, struct text *t, struct text *c)
{
	text_setf(t, "handing data to a worker: time per task by size");
	text_setf(c, "How long one task took, in %s, against the size of the "
		  "data handed to it (log scales): threads read it where it "
		  "is, fork copies it through a pipe to the worker process, "
		  "fork-shm lets the worker read it from shared memory. Median "
		  "wall time over the tasks; error bars: 95%% bootstrap "
		  "interval of the median.", x->unit);
}

static void mem_text(const struct ctx *x, struct text *t, struct text *c)
{
	text_setf(t, "%s: memory per task by tasks at once (%g ms)", x->wl,
		  key(x)->latency_ms);
	text_setf(c, "Peak resident memory above what bin/bench held when the "
		  "cell started (start_rss_kb), over the tasks at once (tasks "
		  "= workers), log-log; bars: 95%% bootstrap interval of the "
		  "median. A thread costs its stack's touched pages and its "
		  "share of malloc's per-thread arenas; an event loop's task "
		  "only its own state. A mode missing at a size rose by "
		  "nothing the kernel's resident count showed (a rise of 0 "
		  "has no place on a log scale).");
}

static void cpu_text(const struct ctx *x, struct text *t, struct text *c)
{
	text_setf(t, "%s: CPU time per task by tasks at once (%g ms)", x->wl,
		  key(x)->latency_ms);
	text_setf(c, "User + system time of a repetition (starting and "
		  "stopping the pool included) over its tasks, log-log; bars: "
		  "95%% bootstrap interval of the median. Points at zero (a "
		  "repetition too short to be charged a tick) are left out.");
}

static void latency_text(const struct ctx *x, struct text *t,
			 struct text *c)
{
	text_setf(t, "%s: wall / one latency by tasks at once (%g ms)", x->wl,
		  key(x)->latency_ms);
	text_setf(c, "Median wall time of all the tasks over one task's "
		  "latency, log-log: 1 (the dashed line) is perfect overlap, "
		  "all of them waiting at once; above it, the time to start, "
		  "switch between and finish that many. Bars: 95%% bootstrap "
		  "interval of the median.");
}

/* The sweep's charts name their axis, and draw 1 on the wall's. */
static void scale_vars(const struct ctx *x, struct chart_out *o)
{
	chart_var_str(o, "ylabel", x->sp->y == Y_MEM_PER_TASK
		      ? "memory per task (KiB, log scale)"
		      : x->sp->y == Y_CPU_PER_TASK
		      ? "CPU time per task (us, log scale)"
		      : "wall time / one latency (log scale)");
	chart_var(o, "reference", "%d", x->sp->y == Y_OVER_LATENCY);
}

#define SPEEDUP_HEAD "workers speedup lo hi paired, one block per series " \
	"(paired 0: the ratio of medians of cells that never ran in the " \
	"same round)"
#define WALL_HEAD "label median lo hi (%s), one line per series"
#define SCALE_HEAD "tasks median lo hi, one block per mode"

const struct chart_spec chart_specs[] = {
	{ CHART_SPEEDUP_CPU, "speedup-%s", "speedup.gp", TOPIC_CPU, KIND(CPU),
	  NULL, FROM_MAIN, SHAPE_XY, X_WORKERS, Y_SPEEDUP, UNIT_NONE, NULL,
	  L_POOLS, 1, 0, 0, { NULL }, SPEEDUP_HEAD, speedup_text, NULL },
	{ CHART_WALL_CPU, "wall-%s", "wall.gp", TOPIC_CPU, KIND(CPU), NULL,
	  FROM_MAIN, SHAPE_BARS, X_WORKERS, Y_WALL, UNIT_TIME, NULL, 0, 2, 0,
	  0, { NULL }, WALL_HEAD, wall_text, NULL },
	{ CHART_SPEEDUP_NATIVE, "speedup-%s", "speedup.gp", TOPIC_NATIVE,
	  KIND(NATIVE), NULL, FROM_MAIN, SHAPE_XY, X_WORKERS, Y_SPEEDUP,
	  UNIT_NONE, NULL, L_POOLS, 1, 0, 0, { NULL }, SPEEDUP_HEAD,
	  speedup_text, NULL },
	{ CHART_WALL_NATIVE, "wall-%s", "wall.gp", TOPIC_NATIVE, KIND(NATIVE),
	  NULL, FROM_MAIN, SHAPE_BARS, X_WORKERS, Y_WALL, UNIT_TIME, NULL, 0,
	  2, 0, 0, { NULL }, WALL_HEAD, wall_text, NULL },
	{ CHART_IO, "io-%s", "io.gp", TOPIC_IO, KIND(IO), NULL, FROM_MAIN,
	  SHAPE_XY, X_WORKERS, Y_OVER_IDEAL, UNIT_NONE, NULL, 0, 1, 1, 0,
	  { NULL }, "workers wall/ideal lo hi, one block per series", io_text,
	  NULL },
	{ CHART_CONVOY, "convoy-%s", "convoy.gp", TOPIC_CONVOY, KIND(CONVOY),
	  NULL, FROM_MAIN, SHAPE_GROUPS, X_CPU_THREADS, Y_RATE, UNIT_NONE,
	  "round trips/s", 0, 1, 0, 3,
	  { "alone", "+1 CPU thread", "+2 CPU threads" },
	  "label, then per series: round trips per second, lo, hi (NaN: not "
	  "measured)", convoy_text, NULL },
	{ CHART_STARTUP, "startup-per-worker", "startup.gp", TOPIC_COST,
	  0, "empty", FROM_MAIN, SHAPE_XY, X_WORKERS,
	  Y_STARTUP_PER_WORKER, UNIT_TIME, NULL, L_POOLS | L_POSITIVE, 1, 1, 0,
	  { NULL }, "workers startup_per_worker lo hi (%s), one block per "
	  "series", startup_text, NULL },
	{ CHART_PAYLOAD, "payload", "payload.gp", TOPIC_COST, 0,
	  "payload", FROM_WORKLOAD, SHAPE_XY, X_SIZE, Y_PER_TASK, UNIT_TIME,
	  NULL, 0, 1, 2, 0, { NULL }, "bytes per_task lo hi (%s), one block "
	  "per series", payload_text, NULL },
	{ CHART_GIL_WAIT, "gil-wait", "gilwait.gp", TOPIC_GIL,
	  KIND(CPU) | KIND(NATIVE), NULL,
	  FROM_KIND, SHAPE_XY, X_WORKERS, Y_GIL_PERCENT, UNIT_NONE, "%",
	  L_DEFAULT_OPTS, 1, 1, 0, { NULL }, "workers wait_percent lo hi, one "
	  "block per series", gil_text, NULL },
	{ CHART_SCALE_MEM, "scale-mem-%s", "scale.gp", TOPIC_SCALE, KIND(IO),
	  NULL, FROM_SWEEP, SHAPE_XY, X_WORKERS, Y_MEM_PER_TASK, UNIT_NONE,
	  NULL, L_POSITIVE, 1, 2, 0, { NULL }, SCALE_HEAD, mem_text,
	  scale_vars },
	{ CHART_SCALE_CPU, "scale-cpu-%s", "scale.gp", TOPIC_SCALE, KIND(IO),
	  NULL, FROM_SWEEP, SHAPE_XY, X_WORKERS, Y_CPU_PER_TASK, UNIT_NONE,
	  NULL, L_POSITIVE, 1, 2, 0, { NULL }, SCALE_HEAD, cpu_text,
	  scale_vars },
	{ CHART_SCALE_WALL, "scale-wall-%s", "scale.gp", TOPIC_SCALE, KIND(IO),
	  NULL, FROM_SWEEP, SHAPE_XY, X_WORKERS, Y_OVER_LATENCY, UNIT_NONE,
	  NULL, L_POSITIVE, 1, 2, 0, { NULL }, SCALE_HEAD, latency_text,
	  scale_vars },
};
const size_t chart_nspecs = GB_ARRAY_LEN(chart_specs);
