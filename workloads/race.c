/*
 * race.c - the articles' `counter += 1` from several threads, three ways:
 *
 *   race         unsynchronised: a plain int, read, add one, write back
 *   race-mutex   the same under a mutex (`with lock: counter += 1`)
 *   race-atomic  one atomic fetch-and-add
 *
 * One task per worker (WL_F_TASKS_ARE_WORKERS); each does --size
 * increments (default 100,000, as in the articles) of one shared counter.
 * The tasks wait for each other at a start line, so they really run at the
 * same time. Each task answers the increments it made; task 0 also waits
 * for the others to finish and reports the counter: for race-mutex and
 * race-atomic its answer is the final counter, which must be exactly
 * tasks x size; for race its metric is the updates lost (tasks x size
 * minus the final counter), which the unsynchronised version loses and the
 * others never do.
 *
 * The counters live in a MAP_SHARED mapping, so forked workers race on
 * them too. Spawned workers share nothing, so spawn refuses these
 * workloads (WL_F_SHARED_MEMORY); a task that finds itself in such a
 * process anyway says so.
 *
 * The unsynchronised increment is a deliberate data race, confined to
 * race_unsync_add() so ThreadSanitizer can be told to accept that one
 * function by name (tests/tsan.supp); `volatile` makes the compiler do
 * every load and store, as the CPython bytecodes do, instead of folding
 * the loop into one addition. Checkpoints fall between increments, never
 * inside one, as in CPython 3.10+ (which checks its eval breaker on
 * backward jumps and calls only): under `gil` no update is lost.
 */
#include "workloads/workload.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>


/* How long a task waits for the others at the start and finish lines:
 * far more than 100,000 increments take, short enough to fail a run that
 * cannot meet (spawned workers) instead of hanging it. */
#define RACE_WAIT_S 10.0

enum race_kind { RACE_UNSYNC, RACE_MUTEX, RACE_ATOMIC };

struct race_shared {
	volatile int counter;		/* race: the racy one */
	int locked_counter;		/* race-mutex: under mu */
	atomic_int atomic_counter;	/* race-atomic */
	pthread_mutex_t mu;		/* process-shared */
	atomic_uint arrived, finished;	/* the start and finish lines */
	uint64_t ntasks;		/* this repetition's, from rep_begin */
};

struct race {
	enum race_kind kind;
	uint64_t n;			/* increments per task */
	struct race_shared *sh;		/* MAP_SHARED */
};

/* CPython runs `counter += 1` as LOAD_GLOBAL, LOAD_CONST, BINARY_OP,
 * STORE_GLOBAL: between reading the counter and writing it back lie two
 * bytecodes, a few tens of nanoseconds. A bare C increment leaves a
 * window of about a nanosecond, which threads on a busy machine rarely
 * hit. So each increment does this much interpreter-like work, 32 dependent
 * multiplies (about 40 ns): the racy one between its read and its write,
 * the others beside their increment, so all three do the same work. */
#define RACE_GAP_STEPS 32

static inline void interpreter_gap(void)
{
	uint64_t x = 1;

	for (int s = 0; s < RACE_GAP_STEPS; s++) {
		x = x * 6364136223846793005ull + 1;
		__asm__ volatile("" : "+r"(x));	/* keep every step */
	}
}

/* The data race, on purpose: two threads may both read the same value and
 * both write value + 1, and one update is lost. */
__attribute__((noinline)) static void race_unsync_add(volatile int *c,
						       uint64_t n)
{
	for (uint64_t k = 0; k < n; k++) {
		int v = *c;

		interpreter_gap();
		*c = v + 1;
		if (gb_checkpoint())
			return;
	}
}

static void race_mutex_add(pthread_mutex_t *mu, int *c, uint64_t n)
{
	for (uint64_t k = 0; k < n; k++) {
		int v;

		/* Waiting for a lock is a blocking call (it releases a
		 * simulated GIL, as Python's Lock.acquire does). */
		gb_blocking_begin();
		pthread_mutex_lock(mu);
		gb_blocking_end();
		v = *c;
		interpreter_gap();
		*c = v + 1;
		pthread_mutex_unlock(mu);
		if (gb_checkpoint())
			return;
	}
}

static void race_atomic_add(atomic_int *c, uint64_t n)
{
	for (uint64_t k = 0; k < n; k++) {
		interpreter_gap();
		atomic_fetch_add(c, 1);
		if (gb_checkpoint())
			return;
	}
}

/* Wait until `count` tasks have passed `line`; 0, or -ETIMEDOUT. */
static int wait_line(atomic_uint *line, uint64_t count)
{
	double until = gb_now() + RACE_WAIT_S;
	int rc = 0;

	gb_blocking_begin();
	while (atomic_load(line) < count) {
		if (gb_now() > until || gb_stopping()) {
			rc = -ETIMEDOUT;
			break;
		}
		sched_yield();
	}
	gb_blocking_end();
	return rc;
}

static void race_task(void *state, void *wstate, uint64_t i,
		      struct task_out *out)
{
	struct race *st = state;
	struct race_shared *sh = st->sh;
	uint64_t total = sh->ntasks * st->n;
	int final;

	(void)wstate;
	/* rep_begin runs in the parent only: a worker that cannot see what
	 * it set up shares no memory with the parent (spawn). */
	if (!sh->ntasks) {
		wl_fail(out, -EXDEV, "race: task %llu runs in a process that "
			"shares no memory with the parent (spawn); run it "
			"under threads or fork", (unsigned long long)i);
		return;
	}
	atomic_fetch_add(&sh->arrived, 1);
	if (wait_line(&sh->arrived, sh->ntasks)) {
		wl_fail(out, -ETIMEDOUT, "race: task %llu: only %u of %llu "
			"tasks met at the start line; they must share memory "
			"(threads or fork, not spawn), one worker per task",
			(unsigned long long)i, atomic_load(&sh->arrived),
			(unsigned long long)sh->ntasks);
		return;
	}
	switch (st->kind) {
	case RACE_UNSYNC: race_unsync_add(&sh->counter, st->n); break;
	case RACE_MUTEX: race_mutex_add(&sh->mu, &sh->locked_counter, st->n); break;
	case RACE_ATOMIC: race_atomic_add(&sh->atomic_counter, st->n); break;
	}
	atomic_fetch_add(&sh->finished, 1);
	out->value = st->n;
	if (i != 0)
		return;
	if (wait_line(&sh->finished, sh->ntasks)) {
		wl_fail(out, -ETIMEDOUT, "race: the other tasks did not finish "
			"within %g s", RACE_WAIT_S);
		return;
	}
	switch (st->kind) {
	case RACE_UNSYNC: final = sh->counter; break;
	case RACE_MUTEX:
		pthread_mutex_lock(&sh->mu);
		final = sh->locked_counter;
		pthread_mutex_unlock(&sh->mu);
		break;
	default: final = atomic_load(&sh->atomic_counter); break;
	}
	out->metric = (double)total - final;
	if (st->kind != RACE_UNSYNC)
		out->value = (uint64_t)final;
}

/* Task 0 of the synchronised kinds answers the whole counter. */
static uint64_t race_expect(void *state, uint64_t i)
{
	const struct race *st = state;

	if (i == 0 && st->kind != RACE_UNSYNC)
		return st->sh->ntasks * st->n;
	return st->n;
}

static void race_rep_begin(void *state, uint64_t ntasks)
{
	struct race_shared *sh = ((struct race *)state)->sh;

	sh->counter = 0;
	sh->locked_counter = 0;
	atomic_store(&sh->atomic_counter, 0);
	atomic_store(&sh->arrived, 0);
	atomic_store(&sh->finished, 0);
	sh->ntasks = ntasks;
}

static int race_setup(const struct wl_params *p, void **state, char *err,
		      size_t errlen, enum race_kind kind)
{
	struct race *st;
	pthread_mutexattr_t ma;
	void *m;

	if (p->tasks && p->size > (uint64_t)INT_MAX / p->tasks) {
		snprintf(err, errlen, "race: workers x size passes %d, the "
			 "counter's range; use a smaller --size", INT_MAX);
		return -ERANGE;
	}
	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	m = mmap(NULL, sizeof(*st->sh), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		free(st);
		return -ENOMEM;
	}
	st->sh = m;
	st->kind = kind;
	st->n = p->size;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&st->sh->mu, &ma);
	pthread_mutexattr_destroy(&ma);
	*state = st;
	return 0;
}

static int race_setup_unsync(const struct wl_params *p, void **state,
			     char *err, size_t errlen)
{
	return race_setup(p, state, err, errlen, RACE_UNSYNC);
}

static int race_setup_mutex(const struct wl_params *p, void **state,
			    char *err, size_t errlen)
{
	return race_setup(p, state, err, errlen, RACE_MUTEX);
}

static int race_setup_atomic(const struct wl_params *p, void **state,
			     char *err, size_t errlen)
{
	return race_setup(p, state, err, errlen, RACE_ATOMIC);
}

static void race_teardown(void *state)
{
	struct race *st = state;

	pthread_mutex_destroy(&st->sh->mu);
	munmap(st->sh, sizeof(*st->sh));
	free(st);
}

#define RACE_WORKLOAD(id, wname, wdesc, setup_fn, wgloss)                   \
	const struct workload id = {                                        \
		.name = wname,                                              \
		.kind = WL_RACE,                                             \
		.desc = wdesc,                                              \
		.size_doc = "increments per task (one task per worker)",    \
		.default_tasks = 3,                                         \
		.default_size = 100000,                                     \
		.max_size = INT_MAX,                                        \
		.metric = "lost_updates",                                   \
		.flags = WL_F_TASKS_ARE_WORKERS | WL_F_SHARED_MEMORY |      \
			 WL_F_TOGETHER,                                     \
		.setup = setup_fn,                                          \
		.teardown = race_teardown,                                  \
		.rep_begin = race_rep_begin,                                \
		.run_task = race_task,                                      \
		.expect = race_expect,                                      \
		.unit = "increments per thread",                            \
		.gloss = wgloss,                                            \
	}

RACE_WORKLOAD(wl_race, "race",
	      "counter += 1 from every worker at once, unsynchronised",
	      race_setup_unsync,
	      "`counter += 1` from 3 threads at once, with no lock.");
RACE_WORKLOAD(wl_race_mutex, "race-mutex",
	      "counter += 1 from every worker at once, under a mutex",
	      race_setup_mutex,
	      "The same under a mutex (Python's `threading.Lock`).");
RACE_WORKLOAD(wl_race_atomic, "race-atomic",
	      "counter += 1 from every worker at once, as an atomic add",
	      race_setup_atomic,
	      "The same as one atomic add per increment.");
