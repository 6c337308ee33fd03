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

void model_read_meta(struct model *m, const char *meta_path)
{
	FILE *f = fopen(meta_path, "r");
	char line[4096];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "mode.", 5) == 0 ||
		    strncmp(line, "workload.", 9) == 0)
			about_line(m, line);
		else if (strncmp(line, "cpus_online=", 12) == 0 &&
			 atol(line + 12) > m->machine.online)
			m->machine.online = atol(line + 12);
	}
	fclose(f);
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
