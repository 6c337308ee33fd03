/*
 * registry.c - the one list of workloads. Adding a workload is one file
 * defining `const struct workload wl_NAME` and one line here.
 */
#include "workloads/workload.h"
#include "workloads/about.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

extern const struct workload wl_primes, wl_sieve, wl_sumsq, wl_native,
	wl_convoy, wl_ccbench, wl_http, wl_sleep;
extern const struct workload wl_empty, wl_pingpong, wl_payload;
extern const struct workload wl_race, wl_race_mutex, wl_race_atomic;
extern const struct workload wl_calib;

const struct workload *const gb_workloads[] = {
	&wl_primes,
	&wl_sieve,
	&wl_sumsq,
	&wl_native,
	&wl_convoy,
	&wl_ccbench,
	&wl_http,
	&wl_sleep,
	&wl_empty,
	&wl_pingpong,
	&wl_payload,
	&wl_race,
	&wl_race_mutex,
	&wl_race_atomic,
	&wl_calib,
};
const size_t gb_nworkloads = sizeof(gb_workloads) / sizeof(gb_workloads[0]);

const struct workload *gb_workload_find(const char *name)
{
	for (size_t i = 0; i < gb_nworkloads; i++)
		if (strcmp(gb_workloads[i]->name, name) == 0)
			return gb_workloads[i];
	return NULL;
}

int gb_workload_about(const char *name, struct workload_about *out)
{
	const struct workload *w = gb_workload_find(name);

	if (!w)
		return -1;
	*out = (struct workload_about){ wl_kind_name(w->kind), w->unit,
					w->gloss };
	return 0;
}

const char *wl_kind_name(enum wl_kind k)
{
	static const char *const names[] = {
#define WL_KIND_NAME(id, name) name,
		GB_KINDS(WL_KIND_NAME)
#undef WL_KIND_NAME
	};

	return (size_t)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

int wl_setup_none(const struct wl_params *p, void **state, char *err,
		  size_t errlen)
{
	(void)p;
	(void)err;
	(void)errlen;
	*state = NULL;
	return 0;
}

void wl_fail(struct task_out *out, int status, const char *fmt, ...)
{
	va_list ap;

	out->status = status ? status : -1;
	va_start(ap, fmt);
	vsnprintf(out->err, sizeof(out->err), fmt, ap);
	va_end(ap);
}
