/* task.c - see task.h. */
#include "bench/core/task.h"
#include "bench/core/trace.h"
#include "bench/core/util.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

int gb_fault_in_process;

static const char *const kinds[] = {
	[FAULT_CRASH] = "crash", [FAULT_KILL] = "kill",
	[FAULT_EXIT] = "exit", [FAULT_HANG] = "hang",
};

const char *gb_fault_name(int kind)
{
	return kind > FAULT_NONE && kind <= FAULT_HANG ? kinds[kind] : "none";
}

int gb_fault_parse(const char *s, int *kind, uint64_t *task)
{
	const char *colon = strchr(s, ':');

	if (!colon)
		return -EINVAL;
	for (int k = FAULT_CRASH; k <= FAULT_HANG; k++) {
		if (strlen(kinds[k]) == (size_t)(colon - s) &&
		    strncmp(s, kinds[k], (size_t)(colon - s)) == 0) {
			*kind = k;
			return gb_parse_u64(colon + 1, 0, UINT64_MAX, task);
		}
	}
	return -EINVAL;
}

/* Called before task i runs: injects the fault if it is the one. Returns
 * non-zero when the task must not run (the fault was recorded in out). */
static int fault_maybe(const struct job *job, uint64_t i, struct task_out *out)
{
	if (job->fault_kind == FAULT_NONE || i != job->fault_task)
		return 0;
	if (!gb_fault_in_process) {
		wl_fail(out, -EFAULT, "task %llu: injected fault %s",
			(unsigned long long)i, kinds[job->fault_kind]);
		return 1;
	}
	switch (job->fault_kind) {
	case FAULT_CRASH:
		/* Reset the handler in case a sanitizer installed its own. */
		signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV);
		break;
	case FAULT_KILL:
		raise(SIGKILL);
		break;
	case FAULT_EXIT:
		_exit(7);
	case FAULT_HANG:
		for (;;)
			pause();
	}
	return 0;
}

/* The running task's input, per thread: a pool may run several tasks at
 * once, each with its own. */
static _Thread_local const void *tls_input;
static _Thread_local size_t tls_input_len;

const void *wl_input(size_t *len)
{
	*len = tls_input_len;
	return tls_input;
}

/* A task cut short by a stop request (its kernel returned from a
 * checkpoint) has no answer: it fails, whatever it left in out. */
static void mark_interrupted(uint64_t i, struct task_out *out)
{
	memset(out, 0, sizeof(*out));
	out->errors = 1;
	wl_fail(out, -EINTR, "task %llu: interrupted", (unsigned long long)i);
}

void gb_task_run_input(const struct job *job, void *wstate, uint64_t i,
		       const void *in, size_t len, struct task_out *out)
{
	memset(out, 0, sizeof(*out));
	/* Stopping: the rest of the tasks do not start. */
	if (gb_stopping()) {
		mark_interrupted(i, out);
		return;
	}
	if (fault_maybe(job, i, out))
		return;
	tls_input = in;
	tls_input_len = len;
	if (gb_tracing())
		gb_trace_task(i);
	job->wl->run_task(job->state, wstate, i, out);
	if (gb_tracing())
		gb_trace_task(UINT64_MAX);
	tls_input = NULL;
	tls_input_len = 0;
	if (gb_stopping())
		mark_interrupted(i, out);
}

void gb_task_run(const struct job *job, void *wstate, uint64_t i,
		 struct task_out *out)
{
	const void *in = NULL;
	size_t len = 0;

	if (job->wl->task_input)
		in = job->wl->task_input(job->state, i, &len);
	gb_task_run_input(job, wstate, i, in, len, out);
}

void gb_task_blame(struct task_out *out, uint64_t i, const char *who,
		   const char *why)
{
	memset(out, 0, sizeof(*out));
	wl_fail(out, -ECHILD, "task %llu: %s %s", (unsigned long long)i, who,
		why);
}
