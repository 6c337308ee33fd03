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
/* The most workers a suite line asks for: 2 x SUITE_MAX_CORES. */
#define SUITE_MAX_WORKERS (2 * SUITE_MAX_CORES)
/* The machine every line's est_s is written for (default.suite). */
#define SUITE_REF_CORES 2u

/* A cell an earlier line of the plan measures: its workloads, tasks,
 * size and options (key), its mode and worker count. A later line does
 * not measure it again (one usable core: `threads@cpu` is W = 1 and 2,
 * and W = 1 = cores is line 1's). */
struct seen {
	char *key;
	char mode[64];
	unsigned w;
};

struct pass {
	struct seen *v;
	size_t n, cap;
};

static int pass_has(const struct pass *s, const char *key, const char *mode,
		    unsigned w)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].w == w && strcmp(s->v[i].mode, mode) == 0 &&
		    strcmp(s->v[i].key, key) == 0)
			return 1;
	return 0;
}

static void pass_add(struct pass *s, const char *key, const char *mode,
		     unsigned w)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->v = gb_xrealloc(s->v, s->cap, sizeof(*s->v));
	}
	s->v[s->n].key = gb_xstrdup(key);
	snprintf(s->v[s->n].mode, sizeof(s->v[s->n].mode), "%s", mode);
	s->v[s->n].w = w;
	s->n++;
}

static void pass_free(struct pass *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].key);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

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

/* A number of workers, or a word: `cpu` = 1, 2, cores/2, cores,
 * 2 x cores (on 2 cores 1, 2, 4; on 1 core 1, 2: the shape of a speedup
 * on any machine, without a tail of powers of two on 16 cores), `io` =
 * 1, 2, 4, ... 64, `cores`, `2xcores`; cores are the usable ones
 * (cpus.h). sep separates the items (',' in the workers field, '/'
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
			w[n++] = 1;
			w[n++] = 2;
			if (cores > 2)
				w[n++] = cores / 2;
			w[n++] = cores;
			w[n++] = 2 * cores;
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

/* The worker counts of list (joined by sep) that no earlier line
 * measures for this key and mode, joined by '/' into left, the others
 * into gone; how many are left. */
static size_t not_seen(const struct pass *seen, const char *key,
		       const char *mode, const char *list, const char *sep,
		       char *left, char *gone, size_t len)
{
	char buf[512], *save = NULL;
	size_t n = 0;

	left[0] = gone[0] = '\0';
	snprintf(buf, sizeof(buf), "%s", list);
	for (char *t = strtok_r(buf, sep, &save); t;
	     t = strtok_r(NULL, sep, &save)) {
		unsigned w = (unsigned)strtoul(t, NULL, 10);

		if (pass_has(seen, key, mode, w)) {
			gb_appendf(gone, len, "/", "%u", w);
			continue;
		}
		gb_appendf(left, len, "/", "%u", w);
		n++;
	}
	return n;
}

/* Record the cells of a kept mode (list joined by sep) as measured. */
static void saw(struct pass *seen, const char *key, const char *mode,
		const char *list, const char *sep)
{
	char buf[512], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list);
	for (char *t = strtok_r(buf, sep, &save); t;
	     t = strtok_r(NULL, sep, &save))
		pass_add(seen, key, mode, (unsigned)strtoul(t, NULL, 10));
}

static int run_line(char *line, unsigned lineno, const struct suite_env *env,
		    struct suite_plan *p, struct pass *seen, char *err,
		    size_t errlen)
{
	char *word[MAX_WORDS], *save = NULL, workers[512], why[512];
	char mode_args[512] = "", key[2048];
	struct suite_line l = { .lineno = lineno };
	struct pass mine = { 0 };
	size_t n = 0, kept = 0;
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
		/* What makes two lines' cells the same: the workloads, the
		 * tasks, the size and the options, but not the repetitions
		 * nor --capacity (cells beside them, not of them). */
		snprintf(key, sizeof(key), "%s\t%s\t%s", l.workloads, word[3],
			 word[4]);
		for (size_t i = 7; i < n; i++)
			if (strcmp(word[i], "--capacity"))
				gb_appendf(key, sizeof(key), "\t", "%s",
					   word[i]);
		if (strlen(word[1]) >= sizeof(buf))
			return bad(err, errlen, lineno, "mode list too long");
		snprintf(buf, sizeof(buf), "%s", word[1]);
		for (char *t = strtok_r(buf, ",", &s2); t;
		     t = strtok_r(NULL, ",", &s2)) {
			char *at = strchr(t, '@'), own[128] = "", item[192];
			char left[128], gone[128];
			int u;

			/* MODE@W/W: the mode at its own worker counts. */
			if (at) {
				*at = '\0';
				if (at == t) {
					pass_free(&mine);
					return bad(err, errlen, lineno, "'@%s' "
						   "has no mode before the @",
						   at + 1);
				}
				if (expand_workers(at + 1, env->cores, own,
						   sizeof(own), "/")) {
					pass_free(&mine);
					return bad(err, errlen, lineno, "mode "
						   "%s: '%s' is not a list of "
						   "worker counts", t, at + 1);
				}
			}
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
			/* The worker counts an earlier line has not
			 * measured; the mode gets its own list when some
			 * were. */
			{
				const char *list = own[0] ? own : workers;
				const char *sep = own[0] ? "/" : ",";
				size_t k = not_seen(seen, key, t, list, sep,
						    left, gone, sizeof(left));

				/* Not a note: every suite has them (the
				 * sweep's `cpu` holds the first lines'
				 * cores). */
				if (!k)
					continue;
				if (gone[0])
					snprintf(own, sizeof(own), "%s", left);
				saw(&mine, key, t, own[0] ? own : workers,
				    own[0] ? "/" : ",");
				l.cells += (unsigned)k;
			}
			add_item(l.modes, sizeof(l.modes), t);
			snprintf(item, sizeof(item), "%s%s%s", t, own[0] ? "@"
				 : "", own);
			gb_appendf(mode_args, sizeof(mode_args), ",", "%s",
				   item);
			kept++;
		}
	}
	/* This line's cells are measured once it has run. */
	for (size_t i = 0; i < mine.n; i++)
		pass_add(seen, mine.v[i].key, mine.v[i].mode, mine.v[i].w);
	pass_free(&mine);
	if (!l.workloads[0] || !kept)
		return 0;
	l.est_s = est;
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

/* One pass over the text at env's cores: est_s as the lines say it. */
static int plan_pass(const char *text, size_t len,
		     const struct suite_env *env, struct suite_plan *plan,
		     char *err, size_t errlen)
{
	struct pass seen = { 0 };
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
			rc = run_line(s, lineno, env, plan, &seen, err,
				      errlen);
		}
	}
	pass_free(&seen);
	if (rc)
		suite_plan_free(plan);
	return rc;
}

/* The reference machine of the estimates has every workload and mode. */
static const char *any_kind(const char *name, void *ctx)
{
	(void)name;
	(void)ctx;
	return "-";
}

static int any_mode(const char *name, char *why, size_t len, void *ctx)
{
	(void)name;
	(void)why;
	(void)len;
	(void)ctx;
	return 1;
}

int suite_plan(const char *text, size_t len, const struct suite_env *env,
	       struct suite_plan *plan, char *err, size_t errlen)
{
	const struct suite_env ref_env = { .cores = SUITE_REF_CORES,
					   .workload_kind = any_kind,
					   .mode_usable = any_mode };
	struct suite_plan ref;
	char ref_err[16];
	int rc = plan_pass(text, len, env, plan, err, errlen);

	if (rc)
		return rc;
	/* A line's est_s is its time on the reference machine, with every
	 * mode: scaled by the cells it has here over the cells it has
	 * there (a mode not built here, cells an earlier line measured). */
	if (plan_pass(text, len, &ref_env, &ref, ref_err, sizeof(ref_err)))
		memset(&ref, 0, sizeof(ref));
	plan->est_s = 0;
	for (size_t i = 0; i < plan->n; i++) {
		struct suite_line *l = &plan->lines[i];

		for (size_t k = 0; k < ref.n && !l->shell; k++)
			if (ref.lines[k].lineno == l->lineno &&
			    ref.lines[k].cells)
				l->est_s *= (double)l->cells /
					    (double)ref.lines[k].cells;
		plan->est_s += l->est_s;
	}
	suite_plan_free(&ref);
	return 0;
}

void suite_plan_free(struct suite_plan *plan)
{
	free(plan->lines);
	plan->lines = NULL;
	plan->n = plan->cap = 0;
}
