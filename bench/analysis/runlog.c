/* runlog.c - see runlog.h. */
#include "bench/analysis/runlog.h"
#include "bench/core/util.h"
#include "bench/output/csv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each row of path as fields, by the header's names; calls row() per
 * record. 0, -ENOENT for no file, -EINVAL for a malformed one. */
static int each_row(const char *path, const char *const *cols, size_t ncols,
		    int (*row)(void *ctx, char **v), void *ctx, char *err,
		    size_t errlen)
{
	FILE *f = fopen(path, "r");
	struct csv_reader *rd;
	char **fl, *v[8];
	int idx[8], n, nhead, rc = 0;
	long line = 0;

	if (!f)
		return -ENOENT;
	if (csv_reader_open(&rd, f)) {
		fclose(f);
		return -ENOMEM;
	}
	nhead = csv_read(rd, &fl, &line);
	for (size_t c = 0; c < ncols && nhead > 0; c++)
		idx[c] = csv_col_index(fl, nhead, cols[c]);
	if (nhead <= 0) {
		snprintf(err, errlen, "%s:1: no header line", path);
		rc = -EINVAL;
	}
	while (!rc && (n = csv_read(rd, &fl, &line)) != 0) {
		if (n != nhead) {
			snprintf(err, errlen, "%s:%ld: %d fields, the header "
				 "has %d", path, line, n, nhead);
			rc = -EINVAL;
			break;
		}
		for (size_t c = 0; c < ncols; c++)
			v[c] = idx[c] >= 0 ? fl[idx[c]] : "";
		rc = row(ctx, v);
		if (rc)
			snprintf(err, errlen, "%s:%ld: a bad value", path, line);
	}
	csv_reader_close(rd);
	fclose(f);
	return rc;
}

static int notrun_row(void *ctx, char **v)
{
	struct runlog *log = ctx;
	struct runlog_notrun *n;

	log->notrun = gb_xrealloc(log->notrun, log->nnotrun + 1,
				  sizeof(*log->notrun));
	n = &log->notrun[log->nnotrun++];
	memset(n, 0, sizeof(*n));
	n->line = (unsigned)strtoul(v[0], NULL, 10);
	n->status = atoi(v[1]);
	snprintf(n->workloads, sizeof(n->workloads), "%s", v[2]);
	snprintf(n->kinds, sizeof(n->kinds), "%s", v[3]);
	snprintf(n->modes, sizeof(n->modes), "%s", v[4]);
	snprintf(n->command, sizeof(n->command), "%s", v[5]);
	snprintf(n->err, sizeof(n->err), "%s", v[6]);
	return 0;
}

static int phase_row(void *ctx, char **v)
{
	struct runlog *log = ctx;
	struct runlog_phase *p;

	if (log->nphases == RUNLOG_MAX_PHASES)
		return 0;
	p = &log->phases[log->nphases++];
	snprintf(p->name, sizeof(p->name), "%s", v[0]);
	p->seconds = strtod(v[1], NULL);
	snprintf(p->detail, sizeof(p->detail), "%s", v[2]);
	return 0;
}

int runlog_load(struct runlog *log, const char *dir, char *err,
		size_t errlen)
{
	static const char *const nr[] = { "line", "status", "workloads",
					  "kinds", "modes", "command",
					  "stderr" };
	static const char *const ph[] = { "phase", "seconds", "detail" };
	char path[4200];
	int rc;

	memset(log, 0, sizeof(*log));
	snprintf(path, sizeof(path), "%s/notrun.csv", dir);
	rc = each_row(path, nr, GB_ARRAY_LEN(nr), notrun_row, log, err, errlen);
	if (rc && rc != -ENOENT)
		return rc;
	snprintf(path, sizeof(path), "%s/phases.csv", dir);
	rc = each_row(path, ph, GB_ARRAY_LEN(ph), phase_row, log, err, errlen);
	return rc == -ENOENT ? 0 : rc;
}

void runlog_free(struct runlog *log)
{
	free(log->notrun);
	memset(log, 0, sizeof(*log));
}

/* Whether the comma lists a and b share an item (NULL a: any). */
static int overlap(const char *a, const char *b)
{
	char buf[512], *save = NULL;

	if (!a)
		return 1;
	snprintf(buf, sizeof(buf), "%s", b);
	for (char *t = strtok_r(buf, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		size_t k = strlen(t);

		for (const char *p = a; (p = strstr(p, t)); p += k)
			if ((p == a || p[-1] == ',') &&
			    (p[k] == ',' || p[k] == '\0'))
				return 1;
	}
	return 0;
}

int runlog_fed(const struct runlog_notrun *n, const struct claim *c)
{
	if (!n->workloads[0])
		return 0;	/* a shell command: what it fed is unknown */
	if (!overlap(c->modes, n->modes))
		return 0;
	if (c->workloads && overlap(c->workloads, n->workloads))
		return 1;
	return c->kinds && overlap(c->kinds, n->kinds);
}

void runlog_attach(const struct runlog *log, const struct claim *claims,
		   size_t nclaims, struct claim_result *res)
{
	for (size_t i = 0; i < nclaims; i++) {
		char lines[128] = "";
		unsigned n = 0;

		for (size_t k = 0; k < log->nnotrun; k++) {
			if (!runlog_fed(&log->notrun[k], &claims[i]))
				continue;
			gb_appendf(lines, sizeof(lines), ", ", "%u (exit %d)",
				   log->notrun[k].line, log->notrun[k].status);
			n++;
		}
		if (!n)
			continue;
		gb_appendf(res[i].reason, sizeof(res[i].reason), "; ",
			   "suite line%s %s, which feed%s this claim, did not "
			   "run to the end (see \"Did not run\")",
			   n > 1 ? "s" : "", lines, n > 1 ? "" : "s");
	}
}
