/* cpython.c - see cpython.h. */
#include "bench/analysis/trace/cpython.h"
#include "bench/analysis/model/bind.h"
#include "bench/analysis/trace/scenes.h"
#include "bench/core/stats.h"
#include "bench/core/util.h"

#include <math.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GB_CPYSCENE_COLUMNS(X)                                            \
	X(NAME, "name", name, TEXT, 0, 0, COLF_REQ)                       \
	X(TWIN, "twin", twin, TEXT, 0, 0, COLF_REQ)                       \
	X(WORKLOAD, "workload", workload, TEXT, 0, 0, 0)                  \
	X(MODE, "mode", mode, TEXT, 0, 0, 0)                              \
	X(PYTHON, "python", python, TEXT, 0, 0, 0)                        \
	X(VERSION, "version", version, TEXT, 0, 0, 0)                     \
	X(LIBRARY, "library", library, TEXT, 0, 0, 0)                     \
	X(STATUS, "status", status, WORD, 0, 0, COLF_REQ)                 \
	X(REASON, "reason", reason, TEXT, 0, 0, 0)

#define GB_CPYCOST_COLUMNS(X)                                             \
	X(NAME, "name", name, TEXT, 0, 0, COLF_REQ)                       \
	X(MODE, "mode", mode, TEXT, 0, 0, 0)                              \
	X(PYTHON, "python", python, TEXT, 0, 0, 0)                        \
	X(WORKLOAD, "workload", workload, TEXT, 0, 0, 0)                  \
	X(FIGURE, "figure", figure, TEXT, 0, 0, COLF_REQ)                 \
	X(PAIRS, "pairs", pairs, COUNT, 0, 1e6, COLF_REQ)                 \
	X(UNTRACED, "untraced", untraced, REAL, 0, 1e15, 0)               \
	X(TRACED, "traced", traced, REAL, 0, 1e15, 0)                     \
	X(RATIO, "ratio", ratio, REAL, 0, 1e6, 0)                         \
	X(RATIO_LO, "ratio_lo", ratio_lo, REAL, 0, 1e6, 0)                \
	X(RATIO_HI, "ratio_hi", ratio_hi, REAL, 0, 1e6, 0)                \
	X(COVERAGE, "coverage", coverage, REAL, 0, 1, 0)                  \
	X(BEYOND_NOISE, "beyond_noise", beyond, WORD, 0, 0, 0)            \
	X(NOTE, "note", note, TEXT, 0, 0, 0)                              \
	X(LOAD_BEFORE, "load_before", load_before, REAL, 0, 1e6, 0)       \
	X(LOAD_AFTER, "load_after", load_after, REAL, 0, 1e6, 0)

struct scene_row {
	GB_CPYSCENE_COLUMNS(SCHEMA_MEMBER)
};
struct cost_row {
	GB_CPYCOST_COLUMNS(SCHEMA_MEMBER)
};

static const struct col_spec scene_cols[] = {
#define SCHEMA_ROW struct scene_row
	GB_CPYSCENE_COLUMNS(SCHEMA_SPEC)
#undef SCHEMA_ROW
};
static const struct col_spec cost_cols[] = {
#define SCHEMA_ROW struct cost_row
	GB_CPYCOST_COLUMNS(SCHEMA_SPEC)
#undef SCHEMA_ROW
};
enum {
#define COL_ENUM(id, name, m, type, lo, hi, flags) SCENE_##id,
	GB_CPYSCENE_COLUMNS(COL_ENUM)
#undef COL_ENUM
};
enum {
#define COL_ENUM(id, name, m, type, lo, hi, flags) COST_##id,
	GB_CPYCOST_COLUMNS(COL_ENUM)
#undef COL_ENUM
};
static const char *const status_words[] = { "traced", "not traced", NULL };
static const char *const beyond_words[] = { "yes", "no", "undecided", NULL };
static const char *const *const scene_words[GB_ARRAY_LEN(scene_cols)] = {
	[SCENE_STATUS] = status_words,
};
static const char *const *const cost_words[GB_ARRAY_LEN(cost_cols)] = {
	[COST_BEYOND_NOISE] = beyond_words,
};

const struct csv_schema cpython_scenes_csv = {
	.what = "the cpython-scenes.csv python/trace_cpython.py writes",
	.cols = scene_cols, .ncols = GB_ARRAY_LEN(scene_cols),
	.row_size = sizeof(struct scene_row), .words = scene_words,
};
const struct csv_schema cpython_cost_csv = {
	.what = "the cpython-overhead.csv python/trace_cpython.py writes",
	.cols = cost_cols, .ncols = GB_ARRAY_LEN(cost_cols),
	.row_size = sizeof(struct cost_row), .words = cost_words,
};

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src) ? (src) : "")

static int scene_row(void *ctx, const void *row, char *err, size_t errlen)
{
	struct cpython_traces *t = ctx;
	const struct scene_row *v = row;
	struct real_scene *s;

	(void)err;
	(void)errlen;
	t->scene = gb_xrealloc(t->scene, t->nscene + 1, sizeof(*t->scene));
	s = &t->scene[t->nscene++];
	memset(s, 0, sizeof(*s));
	COPY(s->name, v->name);
	COPY(s->twin, v->twin);
	COPY(s->workload, v->workload);
	COPY(s->mode, v->mode);
	COPY(s->version, v->version);
	COPY(s->reason, v->reason);
	s->traced = strcmp(v->status, "traced") == 0;
	return 0;
}

static int cost_row(void *ctx, const void *row, char *err, size_t errlen)
{
	struct cpython_traces *t = ctx;
	const struct cost_row *v = row;
	struct trace_cost *c;

	(void)err;
	(void)errlen;
	t->cost = gb_xrealloc(t->cost, t->ncost + 1, sizeof(*t->cost));
	c = &t->cost[t->ncost++];
	memset(c, 0, sizeof(*c));
	COPY(c->name, v->name);
	COPY(c->figure, v->figure);
	COPY(c->beyond, v->beyond);
	COPY(c->note, v->note);
	c->pairs = (unsigned)v->pairs;
	c->untraced = v->untraced;
	c->traced = v->traced;
	c->ratio = v->ratio;
	c->lo = v->ratio_lo;
	c->hi = v->ratio_hi;
	return 0;
}

/* Read one file into t; an absent one is none. */
static void load_one(struct cpython_traces *t, const char *dir,
		     const char *file, const struct csv_schema *s,
		     csv_row_fn fn)
{
	char path[4200], err[512];
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	rc = csv_load_file(s, path, fn, t, err, sizeof(err));
	if (rc && rc != -ENOENT && !t->err[0])
		snprintf(t->err, sizeof(t->err), "%s", err);
}

void cpython_traces_load(struct cpython_traces *t, const char *dir)
{
	char path[4200];
	FILE *f;

	memset(t, 0, sizeof(*t));
	load_one(t, dir, "cpython-scenes.csv", &cpython_scenes_csv, scene_row);
	load_one(t, dir, "cpython-overhead.csv", &cpython_cost_csv, cost_row);
	snprintf(path, sizeof(path), "%s/cpython.notrun", dir);
	f = fopen(path, "r");
	if (f) {
		if (fgets(t->notrun, sizeof(t->notrun), f))
			t->notrun[strcspn(t->notrun, "\n")] = '\0';
		fclose(f);
	}
}

void cpython_traces_free(struct cpython_traces *t)
{
	free(t->scene);
	free(t->cost);
	memset(t, 0, sizeof(*t));
}

/* ---- fidelity from the traces ---------------------------------------- */

#define FID_RESAMPLES 2000
#define FID_SEED 0x7261636555ull

static const struct timeline_scene *twin_of(const struct scenes *sc,
					    const struct timeline_scene *s)
{
	for (size_t i = 0; i < sc->ntl; i++)
		if (!sc->tl[i].real && strcmp(sc->tl[i].name, s->twin) == 0)
			return &sc->tl[i];
	return NULL;
}

/* What tracing did to the scene's own figure, from the overhead rows:
 * beyond noise, or moved far (outside [0.67, 1.5]) but not beyond it,
 * said with what decided that. */
static void cost_note(const struct scenes *sc, const char *name, char *buf,
		      size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; i < sc->real.ncost; i++) {
		const struct trace_cost *c = &sc->real.cost[i];
		char why[96];

		if (strcmp(c->name, name) || isnan(c->ratio))
			continue;
		if (strcmp(c->beyond, "yes") == 0) {
			snprintf(buf, len, "tracing changed it beyond noise: "
				 "%s traced / untraced %.2f [%.2f, %.2f]",
				 c->figure, c->ratio, c->lo, c->hi);
			return;
		}
		if (c->ratio >= 0.67 && c->ratio <= 1.5)
			continue;
		if (strcmp(c->beyond, "no") == 0)
			snprintf(why, sizeof(why), ": within the noise");
		else if (isnan(c->lo) || isnan(c->hi))
			snprintf(why, sizeof(why), ": too few to call it "
				 "beyond noise");
		else	/* too few pairs for a 95% interval, but their range
			 * says how far apart they all were */
			snprintf(why, sizeof(why), ", from %.2f to %.2f: too "
				 "few for a 95%% interval", c->lo, c->hi);
		snprintf(buf, len, "tracing moved %s to %.2f of its untraced "
			 "value (%u pairs%s)", c->figure, c->ratio, c->pairs,
			 why);
		return;
	}
}

static const char *judge(double lo, double hi, double point, double t)
{
	if (isnan(lo) || isnan(hi)) {
		int in = point >= 1 / t && point <= t;

		return in ? "yes (point)" : "no (point)";
	}
	if (lo >= 1 / t && hi <= t)
		return "yes";
	if (hi < 1 / t || lo > t)
		return "no";
	return "inconclusive";
}

static double quantile(const double *x, size_t n, double q)
{
	double *t = gb_xcalloc(n, sizeof(*t)), v;

	memcpy(t, x, n * sizeof(*t));
	stats_sort(t, n);
	v = stats_quantile_sorted(t, n, q);
	free(t);
	return v;
}

/* One row: q-quantile of real over simulated samples, or the point
 * rates when rate is set. */
static int row(struct trace_fid *f, const struct timeline_scene *s,
	       const struct timeline_scene *t, const char *figure,
	       const double *rx, size_t rn, const double *sx, size_t sn,
	       double q, int rate)
{
	struct stats_interval iv;

	memset(f, 0, sizeof(*f));
	snprintf(f->figure, sizeof(f->figure), "%s", figure);
	if (rate) {
		if (!(s->span_ms > 0) || !(t->span_ms > 0) || !rn || !sn)
			return 0;
		f->real = 1000.0 * (double)rn / s->span_ms;
		f->sim = 1000.0 * (double)sn / t->span_ms;
		f->ratio = f->real / f->sim;
		f->lo = f->hi = NAN;
	} else {
		if (stats_boot_quantile_ratio(rx, rn, sx, sn, q, FID_RESAMPLES,
					      FID_SEED, &iv))
			return 0;
		f->ratio = iv.point;
		f->lo = iv.lo;
		f->hi = iv.hi;
		f->real = quantile(rx, rn, q);
		f->sim = quantile(sx, sn, q);
	}
	return 1;
}

size_t cpython_fidelity(const struct scenes *sc, struct trace_fid *out,
			size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < sc->ntl && n + 2 <= max; i++) {
		const struct timeline_scene *s = &sc->tl[i], *t;
		int legacy = s->kind == SK_LEGACY_CPU;
		size_t k = n;

		if (!s->real || !(t = twin_of(sc, s)))
			continue;
		if (s->kind == SK_CONVOY) {
			n += row(&out[n], s, t, "round trip p50", s->rt, s->nrt,
				 t->rt, t->nrt, 0.5, 0);
			n += row(&out[n], s, t, "round trip p99", s->rt, s->nrt,
				 t->rt, t->nrt, 0.99, 0);
		} else {
			n += row(&out[n], s, t, "median hand-off gap", s->gaps,
				 s->ngaps, t->gaps, t->ngaps, 0.5, 0);
			n += row(&out[n], s, t, "hand-offs per second",
				 s->gaps, s->ngaps, t->gaps, t->ngaps, 0, 1);
		}
		for (; k < n; k++) {
			struct trace_fid *f = &out[k];

			f->real_scene = s->name;
			f->twin = t->name;
			f->version = s->version;
			f->sim_mode = t->mode;
			f->target = legacy ? TRACE_TARGET_LEGACY
				    : TRACE_TARGET_GIL;
			f->met = judge(f->lo, f->hi, f->ratio, f->target);
			/* CPython 2's lock beside the new GIL's model (its
			 * convoy has no old-GIL twin): shown, not judged. */
			if ((s->version[0] == '2') !=
			    (strcmp(t->mode, "gil-legacy") == 0)) {
				f->target = NAN;
				f->met = "- (another lock)";
			}
			cost_note(sc, s->name, f->cost_note,
				  sizeof(f->cost_note));
		}
	}
	return n;
}
