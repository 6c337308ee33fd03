/* measure.c - see measure.h. */
#include "bench/core/measure.h"

#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static double tv_s(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec * 1e-6;
}

/* Reset the kernel's peak-RSS mark (VmHWM), so each repetition's peak is
 * its own. Not fatal where it is unsupported. The mark restarts from what
 * is resident now, so first hand back to the kernel what earlier pools
 * freed: glibc keeps it, and after 6,000 threads the next cell started
 * 110 MiB up. */
static void reset_peak_rss(void)
{
	int fd;

#ifdef __GLIBC__
	malloc_trim(0);
#endif
	fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (write(fd, "5", 1) < 0) { /* unsupported: keep the old mark */ }
		close(fd);
	}
}

/* A kB figure of /proc/self/status: "VmHWM" (the peak), "VmRSS". */
static long status_kb(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	size_t len = strlen(field);
	char line[256];
	long kb = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, field, len) == 0 && line[len] == ':' &&
		    sscanf(line + len + 1, "%ld", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

void measure_begin(struct measure *m)
{
	reset_peak_rss();
	m->rss0_kb = status_kb("VmRSS");
	getrusage(RUSAGE_SELF, &m->ru0);
}

void measure_end(const struct measure *m, const struct pool_stats *st,
		 struct usage *out)
{
	struct rusage ru1;

	getrusage(RUSAGE_SELF, &ru1);
	out->user_s = tv_s(ru1.ru_utime) - tv_s(m->ru0.ru_utime) +
		      st->child_user_s;
	out->sys_s = tv_s(ru1.ru_stime) - tv_s(m->ru0.ru_stime) +
		     st->child_sys_s;
	out->max_rss_kb = status_kb("VmHWM") + st->child_maxrss_kb;
	out->start_rss_kb = m->rss0_kb;
	out->vol_cs = ru1.ru_nvcsw - m->ru0.ru_nvcsw + st->child_vcs;
	out->invol_cs = ru1.ru_nivcsw - m->ru0.ru_nivcsw + st->child_ivcs;
}

void measure_add_child(struct pool_stats *st, const struct rusage *ru)
{
	st->child_user_s += tv_s(ru->ru_utime);
	st->child_sys_s += tv_s(ru->ru_stime);
	st->child_maxrss_kb += ru->ru_maxrss;
	st->child_vcs += ru->ru_nvcsw;
	st->child_ivcs += ru->ru_nivcsw;
}

void measure_add_pool(struct pool_stats *to, const struct pool_stats *from)
{
	to->child_user_s += from->child_user_s;
	to->child_sys_s += from->child_sys_s;
	to->child_maxrss_kb += from->child_maxrss_kb;
	to->child_vcs += from->child_vcs;
	to->child_ivcs += from->child_ivcs;
	to->workers_replaced += from->workers_replaced;
}
