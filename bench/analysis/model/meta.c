/*
 * model/meta.c - what a run's .meta sidecar says beside its rows, read
 * once into the model: the machine (its core count), and what bin/bench's
 * registries said of the run's modes and workloads (their look and
 * gloss, a workload's kind and unit: output/meta.c writes them), so the
 * report describes a run from its data, whichever binary reports it.
 * A run without them (an older one, a fixture) falls back on this
 * binary's registries.
 */
#include "bench/analysis/model/internal.h"
#include "bench/analysis/model/modes.h"
#include "bench/core/cpus.h"
#include "bench/core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The entry of name in the model's table, added when missing. */
static struct about *about_of(struct model *m, const char *kind,
			      const char *name)
{
	for (size_t i = 0; i < m->nabout; i++)
		if (strcmp(m->about[i].kind, kind) == 0 &&
		    strcmp(m->about[i].name, name) == 0)
			return &m->about[i];
	m->about = gb_xrealloc(m->about, m->nabout + 1, sizeof(*m->about));
	memset(&m->about[m->nabout], 0, sizeof(m->about[0]));
	m->about[m->nabout].kind = model_intern(m, kind);
	m->about[m->nabout].name = model_intern(m, name);
	return &m->about[m->nabout++];
}

/* "mode.NAME.KEY=VALUE" or "workload.NAME.KEY=VALUE". */
static void about_line(struct model *m, char *line)
{
	char *eq = strchr(line, '='), *dot1 = strchr(line, '.'), *dot2;
	struct about *a;
	const char *v;

	if (!eq || !dot1 || dot1 > eq)
		return;
	dot2 = memrchr(line, '.', (size_t)(eq - line));
	if (!dot2 || dot2 == dot1)
		return;
	*dot1 = *dot2 = *eq = '\0';
	a = about_of(m, line, dot1 + 1);
	v = model_intern(m, eq + 1);
	if (strcmp(dot2 + 1, "color") == 0)
		a->look.color = v;
	else if (strcmp(dot2 + 1, "point") == 0)
		a->look.point = atoi(v);
	else if (strcmp(dot2 + 1, "glyph") == 0)
		a->look.glyph = v;
	else if (strcmp(dot2 + 1, "shape") == 0)
		a->look.shape = v;
	else if (strcmp(dot2 + 1, "gloss") == 0)
		a->look.gloss = a->wl.gloss = v;
	else if (strcmp(dot2 + 1, "unit") == 0)
		a->wl.unit = v;
	else if (strcmp(dot2 + 1, "kind") == 0)
		a->wl.kind = v;
}

/* A section's machine keys into mc; returns 1 for one of them. */
static int machine_line(struct machine *mc, const char *line)
{
	static const char *const keys[] = { "cpus_online=", "cpus_affinity=",
					    "cpus_usable=", "cpu_quota=",
					    "cpus_physical=" };
	long *const counts[] = { &mc->online, &mc->affinity, &mc->cores };
	size_t k;

	for (k = 0; k < GB_ARRAY_LEN(keys); k++)
		if (strncmp(line, keys[k], strlen(keys[k])) == 0)
			break;
	if (k == GB_ARRAY_LEN(keys))
		return 0;
	line += strlen(keys[k]);
	if (k < GB_ARRAY_LEN(counts))
		*counts[k] = atol(line);
	else if (k == 3)
		mc->quota = strcmp(line, "none") ? atof(line) : 0;
	else
		mc->physical = atol(line);	/* "unknown": 0 */
	return 1;
}

/* Keep the section that could use the most cores (online as usable in
 * an older .meta). */
static void machine_keep(struct model *m, struct machine *sec)
{
	if (!sec->cores)
		sec->cores = sec->online;
	if (sec->cores > m->machine.cores) {
		m->machine = *sec;
		if (!m->machine.why)
			m->machine.why = "";
	}
	memset(sec, 0, sizeof(*sec));
}

void model_read_meta(struct model *m, const char *meta_path)
{
	FILE *f = fopen(meta_path, "r");
	struct machine sec = { 0 };
	char line[4096];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '[')
			machine_keep(m, &sec);
		else if (strncmp(line, "mode.", 5) == 0 ||
			 strncmp(line, "workload.", 9) == 0)
			about_line(m, line);
		else if (strncmp(line, "cpus_usable_why=", 16) == 0)
			sec.why = model_intern(m, line + 16);
		else
			machine_line(&sec, line);
	}
	machine_keep(m, &sec);
	fclose(f);
}

void machine_describe(const struct machine *mc, char *buf, size_t len)
{
	/* In the terminal's words (core/cpus.c), from the run's keys. */
	struct cpus c = {
		.online = (unsigned)mc->online,
		.affinity = (unsigned)(mc->affinity ? mc->affinity
				       : mc->online),
		.quota = mc->quota,
		.usable = (unsigned)mc->cores,
		.why = CPUS_WHY_ALL,
		.physical = (unsigned)mc->physical,
	};

	if (mc->why && strcmp(mc->why, "quota") == 0)
		c.why = CPUS_WHY_QUOTA;
	else if ((mc->why && strcmp(mc->why, "affinity") == 0) ||
		 mc->online > mc->cores)
		c.why = CPUS_WHY_AFFINITY;
	cpus_describe(&c, buf, len);
}

const struct mode_look *model_mode_look(const struct model *m,
					const char *mode)
{
	for (size_t i = 0; m && i < m->nabout; i++)
		if (strcmp(m->about[i].kind, "mode") == 0 &&
		    strcmp(m->about[i].name, mode) == 0 &&
		    m->about[i].look.color && m->about[i].look.glyph)
			return &m->about[i].look;
	return mode_look(mode);
}

int model_workload_about(const struct model *m, const char *wl,
			 struct workload_about *out)
{
	for (size_t i = 0; m && i < m->nabout; i++)
		if (strcmp(m->about[i].kind, "workload") == 0 &&
		    strcmp(m->about[i].name, wl) == 0 && m->about[i].wl.gloss) {
			*out = m->about[i].wl;
			return 0;
		}
	return gb_workload_about(wl, out);
}
