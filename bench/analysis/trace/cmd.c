/*
 * trace/cmd.c - `bin/bench trace FILE`: the figures of one trace of the
 * lock (locktrace.h, scenes.h) on a terminal, and its timeline's chart
 * data (charts/trace.h) when asked.
 */
#include "bench/analysis/trace/scenes.h"
#include "bench/analysis/charts/trace.h"
#include "bench/core/util.h"

#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_rep(const struct lt_rep *r, double from_ms, double len_ms)
{
	struct scene_figs f;
	char lab[48];

	scene_figures(r, from_ms, len_ms, &f);
	printf("%s %s workers=%u tasks=%llu rep=%u", r->workload, r->mode,
	       r->workers, (unsigned long long)r->tasks, r->rep);
	if (r->policy[0])
		printf(" policy=%s", r->policy);
	if (!isnan(r->switch_ms))
		printf(" switch_ms=%g", r->switch_ms);
	printf("\n  window_ms=%.3f from_ms=%.3f threads=%u%s\n", f.window_ms,
	       (double)f.w.t0 / 1e6, r->nth,
	       f.full ? " (a buffer filled: the trace stops early)" : "");
	printf("  handoffs=%zu handoff_median_ms=%.4f\n", f.handoffs,
	       f.handoff_med_ms);
	printf("  drop_requests=%llu forced_drops=%llu futile=%llu "
	       "futile_run=%llu\n", (unsigned long long)f.drop_requests,
	       (unsigned long long)f.forced, (unsigned long long)f.futile,
	       (unsigned long long)f.futile_all);
	printf("  overlap=%.4f\n", f.overlap);
	for (unsigned k = 0; k < r->nth && k < 8; k++) {
		scene_thread_label(r, k, lab, sizeof(lab));
		printf("  thread=%u label=\"%s\" run=%.4f wait=%.4f "
		       "block=%.4f\n", k + 1, lab, f.run_share[k],
		       f.wait_share[k], f.block_share[k]);
	}
	if (f.round_trips)
		printf("  round_trips=%zu rate_per_s=%.1f p50_us=%.2f "
		       "p90_us=%.2f p99_us=%.2f max_us=%.2f\n", f.round_trips,
		       f.rt_rate, f.rt_p50_us, f.rt_p90_us, f.rt_p99_us,
		       f.rt_max_us);
	if (r->have_row && !isnan(r->metric))
		printf("  row: metric=%.6g metric2=%.6g verified=%s\n",
		       r->metric, r->metric2, r->verified ? "true" : "false");
}

static void usage_trace(void)
{
	gb_die(GB_EXIT_USAGE, "usage: bench trace FILE [--rows CSV] [--from "
	       "MS] [--window MS] [--timeline DIR [--title TEXT]]  (FILE: "
	       "written by --trace; the window defaults to %.0f ms, 0 for "
	       "as long as every thread was there; --timeline writes the "
	       "first repetition's chart data, NAME.dat and NAME.vars.gp, "
	       "into DIR)", SCENE_WINDOW_MS);
}

int trace_cmd(int argc, char **argv)
{
	const char *file = NULL, *rows = NULL, *tl_dir = NULL, *title = NULL;
	double from_ms = 0, len_ms = SCENE_WINDOW_MS;
	char err[4400], rows_guess[4200], stem[256], *tmp;
	struct lock_trace *t;
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--rows") == 0 && v)
			rows = argv[++i];
		else if (strcmp(a, "--timeline") == 0 && v)
			tl_dir = argv[++i];
		else if (strcmp(a, "--title") == 0 && v)
			title = argv[++i];
		else if (strcmp(a, "--from") == 0 && v) {
			if (gb_parse_double(argv[++i], 0, 1e9, &from_ms))
				usage_trace();
		} else if (strcmp(a, "--window") == 0 && v) {
			if (gb_parse_double(argv[++i], 0, 1e9, &len_ms))
				usage_trace();
		} else if (a[0] != '-' && !file)
			file = a;
		else
			usage_trace();
	}
	if (!file)
		usage_trace();
	/* NAME.csv's rows are NAME.rows.csv, as scripts/trace.sh names
	 * them. */
	snprintf(stem, sizeof(stem), "%s", file);
	if (strlen(stem) > 4 && strcmp(stem + strlen(stem) - 4, ".csv") == 0)
		stem[strlen(stem) - 4] = '\0';
	snprintf(rows_guess, sizeof(rows_guess), "%s.rows.csv", stem);
	rc = lock_trace_load(&t, file, rows ? rows : rows_guess, err,
			     sizeof(err));
	if (rc) {
		gb_warn("trace: %s", err);
		return GB_EXIT_USAGE;
	}
	for (size_t i = 0; i < t->n; i++)
		print_rep(&t->reps[i], from_ms, len_ms);
	if (tl_dir && t->n) {
		const struct lt_rep *r = &t->reps[0];
		struct scene_figs f;
		char lab[8][48], *labels[8] = { 0 }, def[200];

		scene_figures(r, from_ms, len_ms, &f);
		for (unsigned k = 0; k < r->nth && k < 8; k++) {
			scene_thread_label(r, k, lab[k], sizeof(lab[k]));
			labels[k] = lab[k];
		}
		snprintf(def, sizeof(def), "%s under %s%s%s, %u threads",
			 r->workload, r->mode, r->policy[0] &&
			 strcmp(r->mode, "gil") == 0 ? " " : "",
			 r->policy[0] && strcmp(r->mode, "gil") == 0
			 ? r->policy : "", r->nth);
		tmp = gb_xstrdup(stem);
		{
			struct chart c = { .id = CHART_TIMELINE };

			snprintf(c.name, sizeof(c.name), "%s", basename(tmp));
			text_setf(&c.title, "%s", title ? title : def);
			rc = chart_timeline(&c, tl_dir, r, &f.w,
					    (const char *const *)labels);
			charts_free(&c, 1);
		}
		free(tmp);
		if (rc) {
			gb_warn("trace: cannot write the timeline into '%s': "
				"%s", tl_dir, strerror(-rc));
			lock_trace_free(t);
			return GB_EXIT_FAIL;
		}
	}
	lock_trace_free(t);
	return 0;
}
