/* fidelity.c - see fidelity.h. */
#include "bench/analysis/fidelity.h"
#include "bench/analysis/doc.h"
#include "bench/core/util.h"
#include "bench/output/csv.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The columns read, by name (compare.py's FID_COLS). */
enum { F_PYTHON, F_VERSION, F_GIL, F_SIM_MODE, F_FIGURE, F_REAL, F_REAL_LO,
       F_REAL_HI, F_SIM, F_SIM_LO, F_SIM_HI, F_RATIO, F_RATIO_LO,
       F_RATIO_HI, F_DIFF, F_DIFF_LO, F_DIFF_HI, F_TARGET, F_MET, F_NOTE,
       F__COUNT };

static const char *const fid_cols[F__COUNT] = {
	"python", "version", "gil", "sim_mode", "figure", "real", "real_lo",
	"real_hi", "sim", "sim_lo", "sim_hi", "ratio", "ratio_lo",
	"ratio_hi", "diff", "diff_lo", "diff_hi", "target", "met", "note",
};

/* Why there is no fidelity.csv: the comparison needs python3, which
 * `make bench` runs where it exists. */
#define NOT_MEASURED "not measured: this run has no fidelity.csv, so no " \
	"CPython ran beside the simulated GILs (make bench runs " \
	"python/compare.py only where python3 is installed; install it " \
	"and run `make compare-python` or `make bench` again)"

struct fid_file {
	FILE *f;
	struct csv_reader *rd;
	int idx[F__COUNT];
};

/* Open dir/fidelity.csv and map its header. 0, -ENOENT when absent,
 * -EINVAL when it is not compare.py's. */
static int fid_open(struct fid_file *ff, const char *dir)
{
	char path[4200], **f;
	long line;
	int n;

	snprintf(path, sizeof(path), "%s/fidelity.csv", dir);
	memset(ff, 0, sizeof(*ff));
	ff->f = fopen(path, "r");
	if (!ff->f)
		return -ENOENT;
	if (csv_reader_open(&ff->rd, ff->f) ||
	    (n = csv_read(ff->rd, &f, &line)) <= 0)
		return -EINVAL;
	for (int c = 0; c < F__COUNT; c++) {
		ff->idx[c] = csv_col_index(f, n, fid_cols[c]);
		if (ff->idx[c] < 0)
			return -EINVAL;
	}
	return 0;
}

static void fid_close(struct fid_file *ff)
{
	csv_reader_close(ff->rd);
	if (ff->f)
		fclose(ff->f);
}

/* The next figure's fields, or NULL at the end (or a malformed line). */
static char **fid_next(struct fid_file *ff)
{
	char **f;
	long line;
	int n = csv_read(ff->rd, &f, &line);

	for (int c = 0; n > 0 && c < F__COUNT; c++)
		if (ff->idx[c] >= n)
			return NULL;
	return n > 0 ? f : NULL;
}

#define FLD(f, ff, c) ((f)[(ff)->idx[c]])

/* Three significant digits, whole numbers from 1000 up (a rate of
 * 18540/s reads better than 1.854e+04). */
static void num(char *buf, size_t len, double v)
{
	snprintf(buf, len, fabs(v) >= 1000 ? "%.0f" : "%.3g", v);
}

/* "1.17 [1.01, 1.43]", or "-" when blank. */
static void with_interval(char *buf, size_t len, const char *v,
			  const char *lo, const char *hi)
{
	char a[32], b[32], c[32];

	if (!v[0]) {
		snprintf(buf, len, "-");
		return;
	}
	num(a, sizeof(a), atof(v));
	if (lo[0] && hi[0]) {
		num(b, sizeof(b), atof(lo));
		num(c, sizeof(c), atof(hi));
		snprintf(buf, len, "%s [%s, %s]", a, b, c);
	} else {
		snprintf(buf, len, "%s", a);
	}
}

void fidelity_section(struct doc *d, const char *dir)
{
	const char *head[] = { "interpreter", "figure", "CPython", "model",
			       "model vs CPython", "target", "met" };
	struct fid_file ff;
	char **f;
	int rc = fid_open(&ff, dir), rows = 0;

	if (rc) {
		doc_para(d, "%s", rc == -ENOENT ? NOT_MEASURED :
			 "not measured: fidelity.csv is not the one "
			 "python/compare.py writes (a missing column)");
		fid_close(&ff);
		return;
	}
	doc_para(d, "The simulated GILs beside the real ones, measured in this "
		 "run, interleaved: `gil` against CPython 3, `gil-legacy` "
		 "against CPython 2.7 (a free-threaded CPython beside "
		 "`threads`). Speedups are compared by their difference, rates "
		 "by their ratio, each with a 95%% interval; **met** is yes when "
		 "the whole interval lies inside the target, no when wholly "
		 "outside, inconclusive when it straddles a bound (this run's "
		 "noise cannot decide). docs/GIL.md explains the models.");
	doc_table_begin(d, GB_ARRAY_LEN(head), head);
	while ((f = fid_next(&ff))) {
		char who[128], real[128], sim[128], cmp[160];
		const char *cell[GB_ARRAY_LEN(head)];
		const char *py = strrchr(FLD(f, &ff, F_PYTHON), '/');

		if (!FLD(f, &ff, F_SIM)[0])
			continue;	/* CPython only: nothing to compare */
		snprintf(who, sizeof(who), "%s %s (%s) vs `%s`",
			 py ? py + 1 : FLD(f, &ff, F_PYTHON),
			 FLD(f, &ff, F_VERSION),
			 strcmp(FLD(f, &ff, F_GIL), "yes") ? "no GIL" : "GIL",
			 FLD(f, &ff, F_SIM_MODE));
		with_interval(real, sizeof(real), FLD(f, &ff, F_REAL),
			      FLD(f, &ff, F_REAL_LO), FLD(f, &ff, F_REAL_HI));
		with_interval(sim, sizeof(sim), FLD(f, &ff, F_SIM),
			      FLD(f, &ff, F_SIM_LO), FLD(f, &ff, F_SIM_HI));
		if (FLD(f, &ff, F_DIFF)[0]) {
			char v[128];

			with_interval(v, sizeof(v), FLD(f, &ff, F_DIFF),
				      FLD(f, &ff, F_DIFF_LO),
				      FLD(f, &ff, F_DIFF_HI));
			snprintf(cmp, sizeof(cmp), "difference %s", v);
		} else {
			char v[128];

			with_interval(v, sizeof(v), FLD(f, &ff, F_RATIO),
				      FLD(f, &ff, F_RATIO_LO),
				      FLD(f, &ff, F_RATIO_HI));
			snprintf(cmp, sizeof(cmp), "ratio %s", v);
		}
		cell[0] = who;
		cell[1] = FLD(f, &ff, F_FIGURE);
		cell[2] = real;
		cell[3] = sim;
		cell[4] = cmp;
		cell[5] = FLD(f, &ff, F_TARGET);
		cell[6] = FLD(f, &ff, F_MET);
		doc_table_row(d, cell);
		rows++;
	}
	doc_table_end(d);
	if (!rows)
		doc_para(d, "fidelity.csv holds CPython's figures only: no "
			 "simulated cell was measured beside them.");
	fid_close(&ff);
}

void fidelity_line(const char *dir, char *buf, size_t len)
{
	struct fid_file ff;
	unsigned yes = 0, no = 0, unsure = 0;
	char **f;

	if (fid_open(&ff, dir)) {
		snprintf(buf, len, "fidelity: not measured: no fidelity.csv, "
			 "so no CPython ran beside the simulated GILs (make "
			 "compare-python adds it where python3 is installed)");
		fid_close(&ff);
		return;
	}
	while ((f = fid_next(&ff))) {
		const char *met = FLD(f, &ff, F_MET);

		yes += strcmp(met, "yes") == 0;
		no += strcmp(met, "no") == 0;
		unsure += strcmp(met, "inconclusive") == 0;
	}
	fid_close(&ff);
	snprintf(buf, len, "fidelity (simulated GILs beside CPython): %u "
		 "figures met their target, %u did not, %u inconclusive "
		 "(the table is in the report)", yes, no, unsure);
}
