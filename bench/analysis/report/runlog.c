/* runlog.c - see runlog.h. Both files are read by the one reader
 * (model/bind.h) with their schemas. */
#include "bench/analysis/report/runlog.h"
#include "bench/analysis/model/bind.h"
#include "bench/core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct notrun_row {
	GB_NOTRUN_COLUMNS(SCHEMA_MEMBER)
};
struct phase_row {
	GB_PHASES_COLUMNS(SCHEMA_MEMBER)
};

static const struct col_spec notrun_cols[] = {
#define SCHEMA_ROW struct notrun_row
	GB_NOTRUN_COLUMNS(SCHEMA_SPEC)
#undef SCHEMA_ROW
};
static const struct col_spec phase_cols[] = {
#define SCHEMA_ROW struct phase_row
	GB_PHASES_COLUMNS(SCHEMA_SPEC)
#undef SCHEMA_ROW
};
const struct csv_schema notrun_csv = {
	.what = "the notrun.csv scripts/bench.sh writes",
	.cols = notrun_cols, .ncols = GB_ARRAY_LEN(notrun_cols),
	.row_size = sizeof(struct notrun_row),
};
const struct csv_schema phases_csv = {
	.what = "the phases.csv scripts/bench.sh writes",
	.cols = phase_cols, .ncols = GB_ARRAY_LEN(phase_cols),
	.row_size = sizeof(struct phase_row),
};

static int notrun_row(void *ctx, const void *row, char *err, size_t errlen)
{
	const struct notrun_row *v = row;
	struct runlog *log = ctx;
	struct runlog_notrun *n;

	(void)err;
	(void)errlen;
	log->notrun = gb_xrealloc(log->notrun, log->nnotrun + 1,
				  sizeof(*log->notrun));
	n = &log->notrun[log->nnotrun++];
	n->line = (unsigned)v->line;
	n->status = (int)v->status;
	n->workloads = gb_xstrdup(v->workloads ? v->workloads : "");
	n->kinds = gb_xstrdup(v->kinds ? v->kinds : "");
	n->modes = gb_xstrdup(v->modes ? v->modes : "");
	n->command = gb_xstrdup(v->command ? v->command : "");
	n->err = gb_xstrdup(v->stderr_line ? v->stderr_line : "");
	return 0;
}

static int phase_row(void *ctx, const void *row, char *err, size_t errlen)
{
	const struct phase_row *v = row;
	struct runlog *log = ctx;
	struct runlog_phase *p;

	(void)err;
	(void)errlen;
	log->phases = gb_xrealloc(log->phases, log->nphases + 1,
				  sizeof(*log->phases));
	p = &log->phases[log->nphases++];
	p->name = gb_xstrdup(v->phase);
	p->seconds = v->seconds;
	p->detail = gb_xstrdup(v->detail ? v->detail : "");
	return 0;
}

int runlog_load(struct runlog *log, const char *dir, char *err,
		size_t errlen)
{
	char path[4200];
	int rc;

	memset(log, 0, sizeof(*log));
	snprintf(path, sizeof(path), "%s/notrun.csv", dir);
	rc = csv_load_file(&notrun_csv, path, notrun_row, log, err, errlen);
	if (rc && rc != -ENOENT)
		return rc;
	snprintf(path, sizeof(path), "%s/phases.csv", dir);
	rc = csv_load_file(&phases_csv, path, phase_row, log, err, errlen);
	return rc == -ENOENT ? 0 : rc;
}

void runlog_free(struct runlog *log)
{
	for (size_t i = 0; i < log->nnotrun; i++) {
		struct runlog_notrun *n = &log->notrun[i];

		free(n->workloads);
		free(n->kinds);
		free(n->modes);
		free(n->command);
		free(n->err);
	}
	for (size_t i = 0; i < log->nphases; i++) {
		free(log->phases[i].name);
		free(log->phases[i].detail);
	}
	free(log->notrun);
	free(log->phases);
	memset(log, 0, sizeof(*log));
}
/* Whether the comma list holds word. */
static int in_list(const char *list, const char *word)
{
	size_t k = strlen(word);

	for (const char *p = list; k && (p = strstr(p, word)); p += k)
		if ((p == list || p[-1] == ',') && (p[k] == ',' || !p[k]))
			return 1;
	return 0;
}

/* Whether one of words (NULL-terminated; NULL: any) is in the list. */
static int any_in(const char *const *words, const char *list)
{
	for (size_t i = 0; words && words[i]; i++)
		if (in_list(list, words[i]))
			return 1;
	return !words;
}

int runlog_fed(const struct runlog_notrun *n, const struct claim *c)
{
	if (!n->workloads[0])
		return 0;	/* a shell command: what it fed is unknown */
	if (!any_in(c->modes, n->modes))
		return 0;
	if (c->workloads && any_in(c->workloads, n->workloads))
		return 1;
	for (int k = 0; k < KIND__COUNT; k++)
		if ((c->kinds & 1u << k) && in_list(n->kinds, kind_name(k)))
			return 1;
	return 0;
}

void runlog_attach(const struct runlog *log, struct claim_result *res)
{
	for (size_t i = 0; i < CLAIM__COUNT; i++) {
		struct text lines = { 0 };
		unsigned n = 0;

		for (size_t k = 0; k < log->nnotrun; k++) {
			if (!runlog_fed(&log->notrun[k], &gb_claims[i]))
				continue;
			text_addf(&lines, ", ", "%u (exit %d)",
				  log->notrun[k].line, log->notrun[k].status);
			n++;
		}
		if (n)
			text_addf(&res[i].reason, "; ", "suite line%s %s, which "
				  "feed%s this claim, did not run to the end "
				  "(see \"Did not run\")", n > 1 ? "s" : "",
				  text_str(&lines), n > 1 ? "" : "s");
		text_free(&lines);
	}
}
