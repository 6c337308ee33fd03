/* text.c - see text.h. */
#include "bench/core/text.h"
#include "bench/core/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void vadd(struct text *t, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	if (n <= 0)
		return;
	if (t->len + (size_t)n + 1 > t->cap) {
		t->cap = (t->len + (size_t)n + 1) * 2;
		t->s = gb_xrealloc(t->s, t->cap, 1);
	}
	vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
	t->len += (size_t)n;
}

void text_addf(struct text *t, const char *sep, const char *fmt, ...)
{
	va_list ap;

	if (t->len && sep && sep[0])
		text_addf(t, NULL, "%s", sep);
	va_start(ap, fmt);
	vadd(t, fmt, ap);
	va_end(ap);
}

void text_vsetf(struct text *t, const char *fmt, va_list ap)
{
	t->len = 0;
	if (t->s)
		t->s[0] = '\0';
	vadd(t, fmt, ap);
}

void text_setf(struct text *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	text_vsetf(t, fmt, ap);
	va_end(ap);
}

const char *text_str(const struct text *t)
{
	return t->s ? t->s : "";
}

void text_free(struct text *t)
{
	free(t->s);
	memset(t, 0, sizeof(*t));
}
