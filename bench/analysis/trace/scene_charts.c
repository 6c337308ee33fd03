/*
 * scene_charts.c - the charts of a folder's scenes (scenes.h): each
 * timeline, the latency CDF per count of CPU threads, the lock policies
 * side by side; each a struct chart drawn by charts/trace.c.
 */
#include "bench/analysis/trace/scenes.h"
#include "bench/analysis/charts/chart.h"
#include "bench/analysis/charts/trace.h"
#include "bench/core/stats.h"
#include "bench/core/util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* The next chart of out, cleared, with its name, title and caption. */
static struct chart *next_chart(struct chart *out, size_t *n, size_t max,
				enum chart_id id, const char *name,
				const char *title, const char *caption)
{
	struct chart *c;

	if (*n == max)
		return NULL;
	c = &out[(*n)++];
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->topic = TOPIC_LOCK;
	snprintf(c->name, sizeof(c->name), "%s", name);
	text_setf(&c->title, "%s", title);
	text_setf(&c->caption, "%s", caption);
	return c;
}

/* Each timeline: the trace read again, as the scene keeps only its
 * figures. */
static int write_timelines(const struct scenes *sc, const char *dir,
			   struct chart *out, size_t *n, size_t max)
{
	for (size_t i = 0; i < sc->ntl; i++) {
		const struct timeline_scene *s = &sc->tl[i];
		char path[4500], rows[4500], err[512], *labels[8] = { 0 };
		char lab[8][48];
		struct lock_trace *t;
		struct chart *c;
		int rc;

		snprintf(path, sizeof(path), "%s/%s.csv", sc->traces, s->name);
		snprintf(rows, sizeof(rows), "%s/%s.rows.csv", sc->traces,
			 s->name);
		if (lock_trace_load(&t, path, rows, err, sizeof(err)))
			continue;
		for (unsigned k = 0; k < t->reps[0].nth && k < 8; k++) {
			scene_thread_label(&t->reps[0], k, lab[k],
					   sizeof(lab[k]));
			labels[k] = lab[k];
		}
		c = next_chart(out, n, max, CHART_TIMELINE, s->name,
			       text_str(&s->title), text_str(&s->caption));
		rc = !c ? 0 : t->n ? chart_timeline(c, dir, &t->reps[0],
				     &s->figs.w, (const char *const *)labels)
			  : -EINVAL;
		lock_trace_free(t);
		if (rc == -EINVAL) {
			charts_free(c, 1);
			(*n)--;		/* nothing to draw */
		} else if (rc) {
			return rc;
		}
	}
	return 0;
}

static int write_cdfs(const struct scenes *sc, const char *dir,
		      struct chart *out, size_t *n, size_t max)
{
	unsigned most = 0;

	for (size_t i = 0; i < sc->nlat; i++)
		if (strcmp(sc->lat[i].workload, SCENE_LATENCY_WL) == 0 &&
		    sc->lat[i].cpu_threads > most)
			most = sc->lat[i].cpu_threads;
	for (unsigned cpu = 1; cpu <= most; cpu++) {
		struct cdf_series ser[SCENE_LINES_MAX];
		char name[64], title[160];
		double mark = NAN;
		size_t k = 0;
		struct chart *c;
		int rc;

		for (size_t l = 0; l < scene_nlines; l++) {
			const struct latency_group *g = scenes_group(
				sc, SCENE_LATENCY_WL, scene_lines[l].mode,
				scene_lines[l].policy, cpu);

			if (!g || !g->n)
				continue;
			ser[k++] = (struct cdf_series){ scene_lines[l].title,
				scene_lines[l].mode, scene_lines[l].variant, NULL,
				g->us, g->n };
			if (strcmp(g->mode, "gil") == 0)
				mark = g->switch_ms;
		}
		if (!k)
			continue;
		snprintf(name, sizeof(name), SCENE_CDF_STEM, cpu);
		snprintf(title, sizeof(title), "A waking thread's wait for the "
			 "GIL beside %u CPU thread%s", cpu, cpu > 1 ? "s" : "");
		c = next_chart(out, n, max, CHART_LATENCY_CDF, name, title,
			       "The higher a line at a given wait, the more "
			       "wake-ups were served within it; the dotted grey "
			       "line is the switch interval.");
		rc = c ? chart_cdf(c, dir, "wait for the GIL after waking",
				   "wake-ups that waited at most this long",
				   ser, k, isnan(mark) ? 0 : mark,
				   "switch interval") : 0;
		if (rc)
			return rc;
	}
	return 0;
}

static double median_of(const double *x, size_t n)
{
	return n ? stats_median(x, n) : NAN;
}

static int write_policies(const struct scenes *sc, const char *dir,
			  struct chart *out, size_t *n, size_t max)
{
	struct policy_bar bars[SCENE_LINES_MAX];
	size_t k = 0, gil = 0;
	struct chart *c;

	/* The lines of the CDF charts that are policies of the new GIL, and
	 * threads as the yardstick, in their colours. */
	for (size_t l = 0; l < scene_nlines; l++) {
		const struct latency_group *g0, *g1;

		if (strcmp(scene_lines[l].mode, "gil") &&
		    strcmp(scene_lines[l].mode, "threads"))
			continue;
		g0 = scenes_group(sc, SCENE_POLICY_WL, scene_lines[l].mode,
				  scene_lines[l].policy, 0);
		g1 = scenes_group(sc, SCENE_POLICY_WL, scene_lines[l].mode,
				  scene_lines[l].policy, 1);
		if (!g1)
			continue;
		gil += strcmp(scene_lines[l].mode, "gil") == 0;
		bars[k++] = (struct policy_bar){ scene_lines[l].short_title,
			scene_lines[l].mode, scene_lines[l].variant, NULL,
			g0 ? median_of(g0->rates, g0->nrates) : NAN,
			median_of(g1->rates, g1->nrates),
			median_of(g1->works, g1->nworks) / 1e6 };
	}
	if (gil < 2)
		return 0;
	c = next_chart(out, n, max, CHART_POLICIES, SCENE_POLICY_STEM,
		       "Who gets the lock next: the I/O thread's rate and the "
		       "CPU thread's work", "Left, the I/O thread's round trips "
		       "per second alone and beside one CPU thread (log scale); "
		       "right, the work that CPU thread got done meanwhile. A "
		       "policy that lifts the left bar lowers the right one.");
	return c ? chart_policy(c, dir, bars, k) : 0;
}

/* Each real convoy's round trips beside its simulated twin's. */
static int write_real_cdfs(const struct scenes *sc, const char *dir,
			   struct chart *out, size_t *n, size_t max)
{
	for (size_t i = 0; i < sc->ntl; i++) {
		const struct timeline_scene *s = &sc->tl[i], *t = NULL;
		struct cdf_series ser[2];
		char name[160], title[160], real[64];
		struct chart *c;
		int rc;

		for (size_t k = 0; s->real && k < sc->ntl; k++)
			if (!sc->tl[k].real &&
			    strcmp(sc->tl[k].name, s->twin) == 0)
				t = &sc->tl[k];
		if (!t || s->kind != SK_CONVOY || !s->nrt || !t->nrt)
			continue;
		snprintf(real, sizeof(real), "CPython %s (traced)", s->version);
		ser[0] = (struct cdf_series){ "gil (simulated)", t->mode, 0, NULL,
					      t->rt, t->nrt };
		ser[1] = (struct cdf_series){ real, s->version[0] == '2'
					      ? "py2-threads" : "py-threads", 0,
					      NULL, s->rt, s->nrt };
		snprintf(name, sizeof(name), "%s-cdf", s->name);
		snprintf(title, sizeof(title), "The convoy's round trips: real "
			 "CPython %s beside the model", s->version);
		c = next_chart(out, n, max, CHART_REAL_CDF, name, title,
			       "Each line: the share of the I/O thread's round "
			       "trips that took at most so long, over the whole "
			       "traced repetition. Look for the step at the "
			       "switch interval (dotted grey) in both: the round "
			       "trips that waited out an interval for the lock.");
		rc = c ? chart_cdf(c, dir, "round trip", "round trips that "
				   "took at most this long", ser, 2,
				   isnan(t->figs.switch_ms) ? 0
				   : t->figs.switch_ms, "switch interval") : 0;
		if (rc)
			return rc;
	}
	return 0;
}

int scenes_write_charts(const struct scenes *sc, const char *plots_dir,
			struct chart *out, size_t max)
{
	size_t n = 0;
	int rc = write_timelines(sc, plots_dir, out, &n, max);

	if (!rc)
		rc = write_cdfs(sc, plots_dir, out, &n, max);
	if (!rc)
		rc = write_real_cdfs(sc, plots_dir, out, &n, max);
	if (!rc)
		rc = write_policies(sc, plots_dir, out, &n, max);
	if (rc)
		charts_free(out, n);
	return rc ? rc : (int)n;
}
