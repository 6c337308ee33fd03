/* fault.c - see fault.h. */
#include "bench/core/fault.h"
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

int gb_fault_maybe(const struct job *job, uint64_t i, struct task_out *out)
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
