/*
 * text.h - a growable string: what the analysis writes for a person (a
 * verdict's figure and reason, a caption) is built in one, never in a
 * fixed array that would cut it short without a word.
 */
#ifndef GB_TEXT_H
#define GB_TEXT_H

#include <stdarg.h>
#include <stddef.h>

struct text {
	char *s;		/* NULL until something is added */
	size_t len, cap;
};

/* Append formatted text, with sep before it unless t is empty. */
void text_addf(struct text *t, const char *sep, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Replace t's text. */
void text_setf(struct text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void text_vsetf(struct text *t, const char *fmt, va_list ap);
/* The text; "" when empty. */
const char *text_str(const struct text *t);
void text_free(struct text *t);

#endif
