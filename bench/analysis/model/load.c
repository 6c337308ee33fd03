/*
 * load.c - bench.csv into a model (model.h), through the one reader of
 * the suite's files (bind.h) and bench.csv's schema (row.h): every value
 * is checked there, a bad one reported as FILE:LINE.
 */
#include "bench/analysis/model/internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int add_row(void *ctx, const void *row, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	model_add(ctx, row);
	return 0;
}

/* The rows of fp, and the sidecar's facts before the model is finished
 * (its usable cores are what "W = cores" means). */
static int load(struct model **out, FILE *fp, const char *name,
		const char *meta, char *err, size_t errlen)
{
	struct model *m = model_new();
	int rc = csv_load_stream(&bench_csv, fp, name, add_row, m, err,
				 errlen);

	*out = NULL;
	if (rc) {
		model_free(m);
		return rc;
	}
	if (meta)
		model_read_meta(m, meta);
	model_finish(m);
	*out = m;
	return 0;
}

int model_load_stream(struct model **out, FILE *fp, const char *name,
		      char *err, size_t errlen)
{
	return load(out, fp, name, NULL, err, errlen);
}

int model_load(struct model **out, const char *csv_path, char *err,
	       size_t errlen)
{
	FILE *fp = fopen(csv_path, "r");
	char meta[4200];
	int rc;

	*out = NULL;
	if (!fp) {
		rc = -errno;
		snprintf(err, errlen, "cannot read '%s': %s", csv_path,
			 strerror(-rc));
		return rc;
	}
	snprintf(meta, sizeof(meta), "%s.meta", csv_path);
	rc = load(out, fp, csv_path, meta, err, errlen);
	fclose(fp);
	return rc;
}
