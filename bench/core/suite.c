/*
 * suite.c - see suite.h: suite_plan(), pure (text and env in, plan out),
 * with nothing but util.c beside it (a fuzzer links just the two).
 * plan.c binds it to this binary's registries and the machine.
 */
#include "bench/core/suite.h"
#include "bench/core/util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 64
/* As bin/bench's --workers accepts (cli.h). */
#define SUITE_MAX_WORKERS 4096u

/* Fill err with "LINE: message"; returns -EINVAL. */
static int bad(char *err, size_t errlen, unsigned lineno, const char *fmt,
	       ...) __attribute__((format(printf, 4, 5)));
static int bad(char *err, size_t errlen, unsigned lineno, const char *fmt,
	       ...)
{
	int n = snprintf(err, errlen, "%u: ", lineno);
	va_list ap;

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < errlen)
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Whether the comma list holds item (never an empty one). */
static int in_list(const char *list, const char *item)
{
	size_t k = strlen(item);

	if (!k)
		return 0;
	for (const char *p = list; (p = strstr(p, item)); p += k)
		if ((p == list || p[-1] == ',') && (p[k] == ',' || !p[k]))
			return 1;
	return 0;
}

static void add_item(char *list, size_t len, const char *item)
{
	if (!in_list(list, item))
		gb_appendf(list, len, ",", "%s", item);
}

/* A note, once: "prefix item" lines are merged by prefix. */
static void note(struct suite_plan *p, const char *prefix, const char *item)
{
	char *at = strstr(p->notes, prefix);
	char line[512];

	if (at) {
		/* "prefix a, b\n": insert before the line's end. */
		char *end = strchr(at, '\n'), rest[2048];
		size_t head = (size_t)(end - p->notes);

		if (!end)
			return;
		snprintf(line, sizeof(line), "%.*s", (int)(end - at), at);
		if (strstr(line + strlen(prefix), item))
			return;
		snprintf(rest, sizeof(rest), "%s", end);
		snprintf(p->notes + head, sizeof(p->notes) - head, ", %s%s",
			 item, rest);
		return;
	}
	gb_appendf(p->notes, sizeof(p->notes), "", "%s%s\n", prefix, item);
}

/* A number of workers, or a word: `cpu` = 1, 2, 4, ... up to twice the
 * cores and the core count itself, `io` = 1, 2, 4, ... 64, `cores`,
 * `2xcores`. sep separates the items (',' in the workers field, '/'
 * after a mode's @). The list comes out sorted, without repeats, joined
 * by sep. */
static int expand_workers(const char *spec, unsigned cores, char *out,
			  size_t len, const char *sep)
{
	unsigned w[128];
	size_t n = 0;
	char buf[256], *save = NULL;

	if (strlen(spec) >= sizeof(buf))
		return -EINVAL;
	snprintf(buf, sizeof(buf), "%s", spec);
	for (char *t = strtok_r(buf, sep, &save); t;
	     t = strtok_r(NULL, sep, &save)) {
		uint64_t v;

		if (strcmp(t, "cpu") == 0) {
			for (unsigned k = 1; k <= 2 * cores && n < 120; k *= 2)
				w[n++] = k;
			w[n++] = cores;
		} else if (strcmp(t, "io") == 0) {
			for (unsigned k = 1; k <= 64 && n < 120; k *= 2)
				w[n++] = k;
		} else if (strcmp(t, "cores") == 0) {
			w[n++] = cores;
		} else if (strcmp(t, "2xcores") == 0) {
			w[n++] = 2 * cores;
		} else if (!gb_parse_u64(t, 1, SUITE_MAX_WORKERS, &v)) {
			w[n++] = (unsigned)v;
		} else {
			return -EINVAL;
		}
		if (n >= 120)
			return -EINVAL;
	}
	if (!n)
		return -EINVAL;
	/* Sort, drop repeats. */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && w[j - 1] > w[j]; j--) {
			unsigned t = w[j];

			w[j] = w[j - 1];
			w[j - 1] = t;
		}
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!i || w[i] != w[i - 1])
			gb_appendf(out, len, sep, "%u", w[i]);
	return 0;
}

/* "5+1" = 5 timed repetitions after 1 warm-up; "5" has the warm-up 1. */
static int parse_reps(const char *s, uint64_t *rep, uint64_t *warm)
{
	char buf[64];
	char *plus;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	snprintf(buf, sizeof(buf), "%s", s);
	plus = strchr(buf, '+');
	*warm = 1;
	if (plus) {
		*plus = '\0';
		if (gb_parse_u64(plus + 1, 0, 100000, warm))
			return -EINVAL;
	}
	return gb_parse_u64(buf, 1, 100000, rep);
}

static void push(struct suite_plan *p, const struct suite_line *l)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 32;
		p->lines = gb_xrealloc(p->lines, p->cap, sizeof(*p->lines));
	}
	p->lines[p->n++] = *l;
	p->est_s += l->est_s;
}

/* A "!" line: "! est_s COMMAND". */
static int shell_line(char *line, unsigned lineno,
		      const struct suite_env *env, struct suite_plan *p,
		      char *err, size_t errlen)
{
	struct suite_line l = { .lineno = lineno, .shell = 1 };
	char *s = line + 1, *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strcspn(s, " \t");
	if (end == s || !*end)
		return bad(err, errlen, lineno, "expected '! est_s COMMAND'");
	*end = '\0';
	if (gb_parse_double(s, 0, 1e6, &l.est_s))
		return bad(err, errlen, lineno, "'%s' is not a number of "
			   "seconds", s);
	s = end + 1;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return bad(err, errlen, lineno, "expected '! est_s COMMAND'");
	snprintf(l.args, sizeof(l.args), "%s", s);
	if (env->command_usable && !env->command_usable(l.args, env->ctx)) {
		note(p, "not available here, skipped: ", l.args);
		return 0;
	}
	push(p, &l);
	return 0;
}

static int run_line(char *line, unsigned lineno, const struct suite_env *env,
		    struct suite_plan *p, char *err, size_t errlen)
{
	char *word[MAX_WORDS], *save = NULL, workers[512], why[512];
	char mode_args[512] = "";
	struct suite_line l = { .lineno = lineno };
	size_t n = 0, nmodes = 0, kept = 0;
	uint64_t rep, warm;
	double est;

	for (char *t = strtok_r(line, " \t", &save); t;
	     t = strtok_r(NULL, " \t", &save)) {
		if (n == MAX_WORDS)
			return bad(err, errlen, lineno, "more than %d words",
				   MAX_WORDS);
		word[n++] = t;
	}
	if (n < 7)
		return bad(err, errlen, lineno, "expected 'workload modes "
			   "workers tasks size reps est_s [options]'");
	if (expand_workers(word[2], env->cores, workers, sizeof(workers), ","))
		return bad(err, errlen, lineno, "workers '%s' is not a list of "
			   "numbers, cpu, io or cores", word[2]);
	if (strcmp(word[3], "-") && strspn(word[3], "0123456789,_") !=
	    strlen(word[3]))
		return bad(err, errlen, lineno, "tasks '%s' is not -, a number "
			   "or a comma list", word[3]);
	if (strcmp(word[4], "-") && strspn(word[4], "0123456789_") !=
	    strlen(word[4]))
		return bad(err, errlen, lineno, "size '%s' is not - or a "
			   "number", word[4]);
	if (parse_reps(word[5], &rep, &warm))
		return bad(err, errlen, lineno, "reps '%s' is not R or R+W",
			   word[5]);
	if (gb_parse_double(word[6], 0, 1e6, &est))
		return bad(err, errlen, lineno, "est_s '%s' is not a number "
			   "of seconds", word[6]);
	{
		char buf[512], *s2 = NULL;

		if (strlen(word[0]) >= sizeof(buf))
			return bad(err, errlen, lineno, "workload list too long");
		snprintf(buf, sizeof(buf), "%s", word[0]);
		for (char *t = strtok_r(buf, ",", &s2); t;
		     t = strtok_r(NULL, ",", &s2)) {
			const char *kind = env->workload_kind(t, env->ctx);

			if (!kind) {
				note(p, "not in this binary, skipped: "
				     "workloads ", t);
				continue;
			}
			add_item(l.workloads, sizeof(l.workloads), t);
			add_item(l.kinds, sizeof(l.kinds), kind);
		}
		if (strlen(word[1]) >= sizeof(buf))
			return bad(err, errlen, lineno, "mode list too long");
		snprintf(buf, sizeof(buf), "%s", word[1]);
		for (char *t = strtok_r(buf, ",", &s2); t;
		     t = strtok_r(NULL, ",", &s2)) {
			char *at = strchr(t, '@'), own[128] = "", item[192];
			int u;

			/* MODE@W/W: the mode at its own worker counts. */
			if (at) {
				*at = '\0';
				if (at == t)
					return bad(err, errlen, lineno, "'@%s' "
						   "has no mode before the @",
						   at + 1);
				if (expand_workers(at + 1, env->cores, own,
						   sizeof(own), "/"))
					return bad(err, errlen, lineno, "mode "
						   "%s: '%s' is not a list of "
						   "worker counts", t, at + 1);
			}
			nmodes++;
			why[0] = '\0';
			u = env->mode_usable(t, why, sizeof(why), env->ctx);
			if (u < 0) {
				note(p, "not in this binary, skipped: modes ",
				     t);
				continue;
			}
			if (u == 0) {
				/* why names the mode and the remedy. */
				note(p, "dropped from the suite: ", why[0] ? why
				     : t);
				continue;
			}
			add_item(l.modes, sizeof(l.modes), t);
			snprintf(item, sizeof(item), "%s%s%s", t, own[0] ? "@"
				 : "", own);
			gb_appendf(mode_args, sizeof(mode_args), ",", "%s",
				   item);
			kept++;
		}
	}
	if (!l.workloads[0] || !kept)
		return 0;
	l.est_s = est * (double)kept / (double)nmodes;
	snprintf(l.args, sizeof(l.args), "--workload %s --mode %s --workers "
		 "%s --repeat %llu --warmup %llu", l.workloads, mode_args,
		 workers, (unsigned long long)rep, (unsigned long long)warm);
	if (strcmp(word[3], "-"))
		gb_appendf(l.args, sizeof(l.args), " ", "--tasks %s", word[3]);
	if (strcmp(word[4], "-"))
		gb_appendf(l.args, sizeof(l.args), " ", "--size %s", word[4]);
	for (size_t i = 7; i < n; i++)
		gb_appendf(l.args, sizeof(l.args), " ", "%s", word[i]);
	push(p, &l);
	return 0;
}

int suite_plan(const char *text, size_t len, const struct suite_env *env,
	       struct suite_plan *plan, char *err, size_t errlen)
{
	size_t at = 0;
	unsigned lineno = 0;
	int rc = 0;

	memset(plan, 0, sizeof(*plan));
	while (at < len && !rc) {
		size_t end = at, k;
		char line[4096];

		while (end < len && text[end] != '\n')
			end++;
		lineno++;
		k = end - at;
		if (k >= sizeof(line)) {
			rc = bad(err, errlen, lineno, "longer than %zu "
				 "characters", sizeof(line) - 1);
			break;
		}
		memcpy(line, text + at, k);
		line[k] = '\0';
		at = end + 1;
		if (memchr(line, '\0', k)) {
			rc = bad(err, errlen, lineno, "a NUL byte");
			break;
		}
		line[strcspn(line, "\r")] = '\0';
		/* A "!" line keeps its '#'s: they may be the command's. */
		{
			char *s = line + strspn(line, " \t");

			if (*s == '!') {
				rc = shell_line(s, lineno, env, plan, err,
						errlen);
				continue;
			}
			line[strcspn(line, "#")] = '\0';
			if (!s[strspn(s, " \t")])
				continue;
			rc = run_line(s, lineno, env, plan, err, errlen);
		}
	}
	if (rc) {
		suite_plan_free(plan);
		return rc;
	}
	return 0;
}

void suite_plan_free(struct suite_plan *plan)
{
	free(plan->lines);
	plan->lines = NULL;
	plan->n = plan->cap = 0;
}
