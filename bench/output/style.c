/*
 * style.c - see style.h. The modes' own looks live in their registry
 * entries (bench/modes/registry.h, struct mode_look); this file only
 * turns a colour into the terminal's escape.
 */
#include "bench/output/style.h"

#include <stdio.h>
#include <stdlib.h>

const char *style_ansi(const char *color, char *buf, size_t len)
{
	unsigned long rgb = color && *color == '#' ?
			    strtoul(color + 1, NULL, 16) : 0;

	if (!rgb)
		snprintf(buf, len, "%s", "");
	else
		snprintf(buf, len, "\033[38;2;%lu;%lu;%lum", rgb >> 16 & 255,
			 rgb >> 8 & 255, rgb & 255);
	return buf;
}
