/* childargv.c - see childargv.h. */
#include "bench/core/childargv.h"
#include "bench/core/task.h"
#include "bench/core/util.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The most strings: room for mpirun's own options as the lead. */
#define MAX_ARGS 96

struct argv_list {
	char *item[MAX_ARGS];
	size_t n;
	int failed;
};

static void add_arg(struct argv_list *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add_arg(struct argv_list *l, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (l->n == GB_ARRAY_LEN(l->item) || vasprintf(&s, fmt, ap) < 0)
		l->failed = 1;
	else
		l->item[l->n++] = s;
	va_end(ap);
}

static void add_all(struct argv_list *l, char *const *v)
{
	for (size_t i = 0; v && v[i]; i++)
		add_arg(l, "%s", v[i]);
}

static void add_job(struct argv_list *l, const struct job *job)
{
	const struct wl_params *p = job->params;

	add_arg(l, "--workload");
	add_arg(l, "%s", job->wl->name);
	if (p) {
		/* setup() saw p->tasks (the sweep's largest), not this
		 * cell's count: the worker's state must be the parent's. */
		add_arg(l, "--tasks");
		add_arg(l, "%" PRIu64, p->tasks);
		add_arg(l, "--size");
		add_arg(l, "%" PRIu64, p->size);
		add_arg(l, "--seed");
		add_arg(l, "%" PRIu64, p->seed);
		/* %.17g: the double comes back bit for bit. */
		add_arg(l, "--latency-ms");
		add_arg(l, "%.17g", p->latency_ms);
		add_arg(l, "--bytes");
		add_arg(l, "%" PRIu64, p->bytes);
		if (p->url) {
			add_arg(l, "--url");
			add_arg(l, "%s", p->url);
		}
		if (p->url_file) {
			add_arg(l, "--url-file");
			add_arg(l, "%s", p->url_file);
		}
	}
	if (job->task_timeout_s > 0) {
		/* The worker's transfers and sleeps end at it too. */
		add_arg(l, "--task-timeout");
		add_arg(l, "%.17g", job->task_timeout_s);
	}
	if (job->fault_kind) {
		add_arg(l, "--fault");
		add_arg(l, "%s:%" PRIu64, gb_fault_name(job->fault_kind),
			job->fault_task);
	}
}

char **child_argv(const struct job *job, char *const *lead, char *const *tail)
{
	struct argv_list l = { .n = 0 };
	size_t bytes = 0;
	char **argv = NULL, *at;

	add_all(&l, lead);
	add_job(&l, job);
	add_all(&l, tail);
	/* One block: the pointers, then the strings. */
	for (size_t i = 0; i < l.n; i++)
		bytes += strlen(l.item[i]) + 1;
	if (!l.failed)
		argv = malloc((l.n + 1) * sizeof(*argv) + bytes);
	if (argv) {
		at = (char *)(argv + l.n + 1);
		for (size_t i = 0; i < l.n; i++) {
			argv[i] = strcpy(at, l.item[i]);
			at += strlen(at) + 1;
		}
		argv[l.n] = NULL;
	}
	for (size_t i = 0; i < l.n; i++)
		free(l.item[i]);
	return argv;
}
