/*
 * plan.c - `bin/bench plan [--cores N] FILE` (suite.h): suite_plan() with
 * this binary's registries and the machine for its environment: the
 * usable cores (cpus.h), or N, so that a test can show the plan of a
 * 16-core laptop or of one core.
 */
#include "bench/core/cli.h"
#include "bench/core/cpus.h"
#include "bench/core/suite.h"
#include "bench/core/util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *registry_kind(const char *name, void *ctx)
{
	const struct workload *w = gb_workload_find(name);

	(void)ctx;
	return w ? wl_kind_name(w->kind) : NULL;
}

/* A mode is usable when its family's checks pass with the defaults and
 * the mode selected: that is where a mode says it is not built here. */
static int registry_mode(const char *name, char *why, size_t len, void *ctx)
{
	const struct mode *m = gb_mode_find(name);
	const struct mode_family *f;
	static const unsigned none[64];
	struct wl_params params = { .latency_ms = 50, .bytes = 64,
				    .timeout_s = 30 };
	struct mode_check mc = { .selected = 1, .given = none,
				 .params = &params };
	unsigned char opts[GB_FAMILY_OPTS_MAX] __attribute__((aligned(16)));

	(void)ctx;
	if (!m)
		return -1;
	f = m->family;
	if (!f || !f->check)
		return 1;
	if (f->opts_size > sizeof(opts))
		return 1;
	memset(opts, 0, sizeof(opts));
	if (f->opts_default)
		memcpy(opts, f->opts_default, f->opts_size);
	return f->check(opts, &mc, why, len) ? 0 : 1;
}

static int on_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];

	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	while (path && *path) {
		size_t k = strcspn(path, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)k,
			 k ? path : ".", prog);
		if (access(buf, X_OK) == 0)
			return 1;
		path += k + (path[k] == ':');
	}
	return 0;
}

/* Its program is on the PATH, and every .py or .sh file it names is
 * there (relative to the current folder, the project's). */
static int registry_command(const char *command, void *ctx)
{
	char buf[2048], *save = NULL;
	int first = 1;

	(void)ctx;
	snprintf(buf, sizeof(buf), "%s", command);
	for (char *w = strtok_r(buf, " \t", &save); w;
	     w = strtok_r(NULL, " \t", &save)) {
		size_t k = strlen(w);

		if (first && !on_path(w))
			return 0;
		first = 0;
		if (k > 3 && (strcmp(w + k - 3, ".py") == 0 ||
			      strcmp(w + k - 3, ".sh") == 0) &&
		    access(w, R_OK) != 0)
			return 0;
	}
	return 1;
}

int suite_main(int argc, char **argv)
{
	struct suite_env env = { .workload_kind = registry_kind,
				 .mode_usable = registry_mode,
				 .command_usable = registry_command };
	struct suite_plan plan;
	char *text = NULL, err[1024];
	size_t len = 0, cap = 0;
	uint64_t cores = cpus_here()->usable;
	const char *file;
	FILE *f;

	if (argc == 4 && strcmp(argv[1], "--cores") == 0) {
		if (gb_opt_u64("--cores", argv[2], 1, SUITE_MAX_CORES,
			       "1 to 2048", &cores, err, sizeof(err)))
			gb_die(GB_EXIT_USAGE, "plan %s", err);
		argv += 2;
		argc -= 2;
	}
	if (argc != 2)
		gb_die(GB_EXIT_USAGE, "usage: bench plan [--cores N] "
		       "SUITE_FILE");
	file = argv[1];
	f = fopen(file, "r");
	if (!f)
		gb_die(GB_EXIT_USAGE, "plan: cannot read '%s':", file);
	for (;;) {
		size_t got;

		if (len == cap) {
			cap = cap ? 2 * cap : 8192;
			text = realloc(text, cap);
			if (!text)
				gb_die(GB_EXIT_FAIL, "out of memory");
		}
		got = fread(text + len, 1, cap - len, f);
		if (!got)
			break;
		len += got;
	}
	fclose(f);
	env.cores = (unsigned)cores;
	if (suite_plan(text, len, &env, &plan, err, sizeof(err))) {
		free(text);
		gb_die(GB_EXIT_USAGE, "%s:%s", file, err);
	}
	free(text);
	fputs(plan.notes, stderr);
	for (size_t i = 0; i < plan.n; i++) {
		const struct suite_line *l = &plan.lines[i];

		printf("%s\t%u\t%.2f\t%s\t%s\t%s\t%s\n", l->shell ? "sh" : "run",
		       l->lineno, l->est_s, l->workloads[0] ? l->workloads : "-",
		       l->kinds[0] ? l->kinds : "-",
		       l->modes[0] ? l->modes : "-", l->args);
	}
	suite_plan_free(&plan);
	return 0;
}
