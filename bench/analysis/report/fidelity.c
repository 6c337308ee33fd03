/* fidelity.c - see fidelity.h. fidelity.csv is read by the one reader
 * (model/bind.h) with its schema; each row goes straight into the table. */
#include "bench/analysis/report/fidelity.h"
#include "bench/analysis/report/doc.h"
#include "bench/analysis/report/sections.h"
#include "bench/analysis/model/bind.h"
#include "bench/analysis/model/modes.h"
#include "bench/core/util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

struct fid_row {
	GB_FIDELITY_COLUMNS(SCHEMA_MEMBER)
};

static const struct col_spec cols[] = {
#define SCHEMA_ROW struct fid_row
	GB_FIDELITY_COLUMNS(SCHEMA_SPEC)
#undef SCHEMA_ROW
};
static const char *const yes_no[] = { "yes", "no", NULL };
enum {
#define FID_ENUM(id, name, m, type, lo, hi, flags) FID_##id,
	GB_FIDELITY_COLUMNS(FID_ENUM)
#undef FID_ENUM
};
static const char *const *const words[GB_ARRAY_LEN(cols)] = {
	[FID_GIL] = yes_no,
};
const struct csv_schema fidelity_csv = {
	.what = "the fidelity.csv python/compare.py writes",
	.cols = cols, .ncols = GB_ARRAY_LEN(cols),
	.row_size = sizeof(struct fid_row), .words = words,
};

/* Why there is no fidelity.csv: the comparison needs python3, which
 * `make bench` runs where it exists. */
#define NOT_MEASURED "not measured: this run has no fidelity.csv, so no " \
	"CPython ran beside the simulated GILs (make bench runs " \
	"python/compare.py only where python3 is installed; install it " \
	"and run `make compare-python` or `make bench` again)"

/* Three significant digits, whole numbers from 1000 up (a rate of
 * 18540/s reads better than 1.854e+04). */
static void num(char *buf, size_t len, double v)
{
	snprintf(buf, len, fabs(v) >= 1000 ? "%.0f" : "%.3g", v);
}

/* "1.17 [1.01, 1.43]", or "-" when blank. */
static void with_interval(char *buf, size_t len, double v, double lo,
			  double hi)
{
	char a[32], b[32], c[32];

	if (isnan(v)) {
		snprintf(buf, len, "-");
		return;
	}
	num(a, sizeof(a), v);
	if (isnan(lo) || isnan(hi)) {
		snprintf(buf, len, "%s", a);
		return;
	}
	num(b, sizeof(b), lo);
	num(c, sizeof(c), hi);
	snprintf(buf, len, "%s [%s, %s]", a, b, c);
}

struct table {
	struct doc *d;
	unsigned rows, met[3];	/* yes, no, inconclusive */
};

static int table_row(void *ctx, const void *row, char *err, size_t errlen)
{
	const struct fid_row *f = row;
	struct table *t = ctx;
	char who[160], real[128], sim[128], cmp[160], v[128];
	const char *py = strrchr(f->python, '/');

	(void)err;
	(void)errlen;
	t->met[0] += strcmp(f->met, "yes") == 0;
	t->met[1] += strcmp(f->met, "no") == 0;
	t->met[2] += strcmp(f->met, "inconclusive") == 0;
	if (!t->d || isnan(f->sim))
		return 0;	/* CPython only: nothing to compare */
	if (f->rows && f->rows[0]) {
		/* The interpreter as its rows name it: pyftgil and pytwin
		 * both have a GIL, and are not the same thing. */
		char seq[48];

		snprintf(seq, sizeof(seq), "%s-seq", f->rows);
		snprintf(who, sizeof(who), "%s %s (%s- rows) vs `%s`",
			 mode_interpreter(seq) ? mode_interpreter(seq)
			 : f->rows, f->version, f->rows, f->sim_mode);
	} else {
		snprintf(who, sizeof(who), "%s %s (%s) vs `%s`",
			 py ? py + 1 : f->python, f->version,
			 strcmp(f->gil, "yes") ? "no GIL" : "GIL", f->sim_mode);
	}
	with_interval(real, sizeof(real), f->real, f->real_lo, f->real_hi);
	with_interval(sim, sizeof(sim), f->sim, f->sim_lo, f->sim_hi);
	if (!isnan(f->diff)) {
		with_interval(v, sizeof(v), f->diff, f->diff_lo, f->diff_hi);
		snprintf(cmp, sizeof(cmp), "difference %s", v);
	} else {
		with_interval(v, sizeof(v), f->ratio, f->ratio_lo, f->ratio_hi);
		snprintf(cmp, sizeof(cmp), "ratio %s", v);
	}
	if (!t->rows++) {
		static const char *const head[] = {
			"interpreter", "figure", "CPython", "model",
			"model vs CPython", "target", "met" };

		doc_table_begin(t->d, GB_ARRAY_LEN(head), head);
	}
	doc_row(t->d, who, f->figure, real, sim, cmp, f->target, f->met);
	return 0;
}

/* Read dir/fidelity.csv into t: 0, -ENOENT when there is none, or
 * -EINVAL with the reader's message in err. */
static int read_fidelity(const char *dir, struct table *t, char *err,
			 size_t errlen)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/fidelity.csv", dir);
	return csv_load_file(&fidelity_csv, path, table_row, t, err, errlen);
}

void report_fidelity(struct doc *d, const struct report_in *in)
{
	const char *dir = in->dir;
	struct table t = { .d = d };
	char err[4400];
	int rc;

	doc_para(d, "The simulated GILs beside the real ones, measured in this "
		 "run, interleaved: `gil` against CPython 3, `gil-legacy` "
		 "against CPython 2.7 (a free-threaded CPython beside "
		 "`threads`). Speedups are compared by their difference, rates "
		 "by their ratio, each with a 95%% interval; **met** is yes when "
		 "the whole interval lies inside the target, no when wholly "
		 "outside, inconclusive when it straddles a bound (this run's "
		 "noise cannot decide). docs/GIL.md explains the models.");
	rc = read_fidelity(dir, &t, err, sizeof(err));
	if (t.rows)
		doc_table_end(d);
	if (rc == -ENOENT)
		doc_para(d, "%s", NOT_MEASURED);
	else if (rc)
		doc_para(d, "not measured: fidelity.csv could not be read: %s",
			 err);
	else if (!t.rows)
		doc_para(d, "fidelity.csv holds CPython's figures only: no "
			 "simulated cell was measured beside them.");
}

void fidelity_line(const char *dir, char *buf, size_t len)
{
	struct table t = { .d = NULL };
	char err[4400];
	int rc = read_fidelity(dir, &t, err, sizeof(err));

	if (rc == -ENOENT)
		snprintf(buf, len, "fidelity: not measured: no fidelity.csv, "
			 "so no CPython ran beside the simulated GILs (make "
			 "compare-python adds it where python3 is installed)");
	else if (rc)
		snprintf(buf, len, "fidelity: not measured: %s", err);
	else
		snprintf(buf, len, "fidelity (simulated GILs beside CPython): "
			 "%u figures met their target, %u did not, %u "
			 "inconclusive (the table is in the report)", t.met[0],
			 t.met[1], t.met[2]);
}
