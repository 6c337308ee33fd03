/* human.c - see human.h. */
#include "bench/output/human.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* v (>= 0) with three significant digits, no exponent. */
static void sig3(char *buf, size_t len, double v)
{
	if (v >= 99.95)
		snprintf(buf, len, "%.0f", v);
	else if (v >= 9.995)
		snprintf(buf, len, "%.1f", v);
	else
		snprintf(buf, len, "%.2f", v);
}

/* v in the first unit (of factor to the base) where it stays below
 * 1000 once rounded: the units step by 1000 (or 1024). */
static char *scaled(char *buf, size_t len, double v, const double *factor,
		    const char *const *unit, size_t nunits)
{
	char num[32];
	size_t u = 0;

	/* The smallest unit whose value reaches 1 (or the first). */
	while (u + 1 < nunits && v >= factor[u + 1])
		u++;
	sig3(num, sizeof(num), v / factor[u]);
	/* 999.7 us rounds to "1000": say 1.00 ms instead. */
	if (u + 1 < nunits && strcmp(num, "1000") == 0 &&
	    factor[u + 1] / factor[u] <= 1000.5) {
		u++;
		sig3(num, sizeof(num), v / factor[u]);
	}
	snprintf(buf, len, "%s %s", num, unit[u]);
	return buf;
}

char *human_seconds(char *buf, size_t len, double s)
{
	static const double f[] = { 1e-9, 1e-6, 1e-3, 1, 60 };
	static const char *const u[] = { "ns", "us", "ms", "s", "min" };

	if (isnan(s) || s < 0) {
		snprintf(buf, len, "-");
		return buf;
	}
	if (s == 0) {
		snprintf(buf, len, "0");
		return buf;
	}
	/* Minutes only from 10 minutes on: "189 s" reads better than
	 * "3.15 min" for a benchmark's wall time. */
	if (s < 600)
		return scaled(buf, len, s, f, u, 4);
	return scaled(buf, len, s, f, u, 5);
}

char *human_range(char *buf, size_t len, double lo, double hi)
{
	char a[HUMAN_LEN], b[HUMAN_LEN];

	snprintf(buf, len, "%s to %s", human_seconds(a, sizeof(a), lo),
		 human_seconds(b, sizeof(b), hi));
	return buf;
}

char *human_bytes(char *buf, size_t len, double bytes)
{
	static const double f[] = { 1, 1024, 1048576, 1073741824.0,
				    1099511627776.0 };
	static const char *const u[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	char num[32];
	size_t k = 0;

	if (isnan(bytes) || bytes < 0) {
		snprintf(buf, len, "-");
		return buf;
	}
	while (k + 1 < sizeof(u) / sizeof(u[0]) && bytes >= f[k + 1])
		k++;
	/* Exact powers, the usual payload sizes, print without decimals:
	 * "64 MiB", not "64.0 MiB". */
	if (fmod(bytes, f[k]) == 0)
		snprintf(num, sizeof(num), "%.0f", bytes / f[k]);
	else
		sig3(num, sizeof(num), bytes / f[k]);
	snprintf(buf, len, "%s %s", num, u[k]);
	return buf;
}

/* Digits of a whole number, with a comma every three. */
static void grouped(char *buf, size_t len, double v)
{
	char digits[64], out[96];
	size_t n, o = 0;
	int neg = v < 0;

	snprintf(digits, sizeof(digits), "%.0f", fabs(v));
	n = strlen(digits);
	if (neg)
		out[o++] = '-';
	for (size_t i = 0; i < n && o + 2 < sizeof(out); i++) {
		if (i && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	snprintf(buf, len, "%s", out);
}

char *human_count(char *buf, size_t len, double v)
{
	if (isnan(v)) {
		snprintf(buf, len, "-");
		return buf;
	}
	if (fabs(v) >= 999.5 || v == floor(v)) {
		grouped(buf, len, v);
		return buf;
	}
	if (v < 0) {
		char pos[32];

		sig3(pos, sizeof(pos), -v);
		snprintf(buf, len, "-%s", pos);
		return buf;
	}
	/* Below 1, three significant digits need more decimals. */
	if (v < 0.9995)
		snprintf(buf, len, "%.3g", v);
	else
		sig3(buf, len, v);
	return buf;
}

char *human_ratio(char *buf, size_t len, double x)
{
	if (isnan(x)) {
		snprintf(buf, len, "-");
		return buf;
	}
	if (x >= 9.995)
		snprintf(buf, len, "%.1fx", x);
	else if (x >= 0.995 || x == 0)
		snprintf(buf, len, "%.2fx", x);
	else if (x >= 0.0995)
		snprintf(buf, len, "%.2fx", x);
	else if (x >= 0.001)
		/* Two significant digits: 0.013x, 0.0025x. */
		snprintf(buf, len, "%.2gx", x);
	else
		snprintf(buf, len, "<0.001x");
	return buf;
}

char *human_metric(char *buf, size_t len, const char *name, double v)
{
	char num[HUMAN_LEN];

	if (strcmp(name, "round_trips_per_s") == 0)
		snprintf(buf, len, "%s round trips/s",
			 human_count(num, sizeof(num), v));
	else if (strcmp(name, "us_per_task") == 0)
		snprintf(buf, len, "%s per task",
			 human_seconds(num, sizeof(num), v * 1e-6));
	else if (strcmp(name, "lost_updates") == 0)
		snprintf(buf, len, "%s lost updates",
			 human_count(num, sizeof(num), v));
	else
		snprintf(buf, len, "%s %s", name,
			 human_count(num, sizeof(num), v));
	return buf;
}
