/*
 * glossary.h - the words of the report explained once, for a reader who
 * is learning them: what each mode and workload is, the terms of the
 * tables (W, CV, MAD, interval, ...), and the articles the claims cite
 * by number, with their titles. All of it is text in the repository
 * (glossary.c): the report never reads files outside it.
 */
#ifndef GB_GLOSSARY_H
#define GB_GLOSSARY_H

#include <stddef.h>

struct gloss {
	const char *term;
	const char *text;	/* plain text with `code` and **bold** */
	const char *unit;	/* workloads: what --size counts; else NULL */
};

/* Modes and workloads in the registries' order, then the terms. */
extern const struct gloss gb_gloss_modes[], gb_gloss_workloads[],
	gb_gloss_terms[];
extern const size_t gb_ngloss_modes, gb_ngloss_workloads, gb_ngloss_terms;

/* The entry for name in one of the lists, or NULL. */
const struct gloss *gloss_find(const struct gloss *list, size_t n,
			       const char *name);


/* The articles (the project's seeds) the claims cite: "000" .. "004". */
struct article {
	const char *id;
	const char *title;
	const char *source;	/* publisher or course, "" when unnamed */
};
extern const struct article gb_articles[];
extern const size_t gb_narticles;

#endif
