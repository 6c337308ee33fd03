/* measure.c - see measure.h. */
#include "bench/core/measure.h"
#include "bench/core/util.h"

#include <dirent.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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

/* The machine's busy CPU time so far, in seconds, from the first line
 * of /proc/stat: user, nice, system, irq, softirq and steal (guest time
 * is already inside user); idle and iowait are not busy. NAN when the
 * file cannot be read. */
static double busy_s(void)
{
	unsigned long long v[8] = { 0 };
	long hz = sysconf(_SC_CLK_TCK);
	FILE *f = fopen("/proc/stat", "r");
	int n;

	if (!f)
		return NAN;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0],
		   &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
	fclose(f);
	if (n < 8 || hz <= 0)
		return NAN;
	/* user nice system idle iowait irq softirq steal */
	return (double)(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / (double)hz;
}

/* The CPU time (user + sys, seconds) of this process's living
 * descendants, itself excluded: the helpers a workload keeps running
 * (bin/latency-server, an echo process), whose time is the run's own
 * but in no rusage until they are reaped. One pass over /proc (a few
 * tenths of a millisecond), outside every timed interval. */
static double descendants_cpu_s(void)
{
	struct proc { int pid, ppid, mark; double cpu; } *p = NULL;
	size_t n = 0, cap = 0;
	long hz = sysconf(_SC_CLK_TCK);
	int self = (int)getpid(), changed = 1;
	double sum = 0;
	DIR *d = opendir("/proc");
	struct dirent *e;

	if (!d || hz <= 0) {
		if (d)
			closedir(d);
		return 0;
	}
	while ((e = readdir(d))) {
		char path[300], buf[1024], *r;
		unsigned long ut, st;
		int fd, ppid;
		ssize_t k;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		k = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (k <= 0)
			continue;
		buf[k] = '\0';
		/* "pid (comm) state ppid ...": comm may hold anything, so
		 * read after its last ')'; utime and stime are fields 14
		 * and 15. */
		r = strrchr(buf, ')');
		if (!r || sscanf(r + 2, "%*c %d %*d %*d %*d %*d %*u %*u %*u "
				 "%*u %*u %lu %lu", &ppid, &ut, &st) != 3)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			p = realloc(p, cap * sizeof(*p));
			if (!p) {
				closedir(d);
				return 0;
			}
		}
		p[n++] = (struct proc){ atoi(e->d_name), ppid,
					atoi(e->d_name) == self,
					(double)(ut + st) / (double)hz };
	}
	closedir(d);
	/* Mark the descendants: a few passes, one per generation. */
	while (changed) {
		changed = 0;
		for (size_t i = 0; i < n; i++) {
			if (p[i].mark)
				continue;
			for (size_t j = 0; j < n; j++) {
				if (p[j].mark && p[j].pid == p[i].ppid) {
					p[i].mark = changed = 1;
					break;
				}
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		if (p[i].mark && p[i].pid != self)
			sum += p[i].cpu;
	free(p);
	return sum;
}

void measure_begin(struct measure *m)
{
	reset_peak_rss();
	m->rss0_kb = status_kb("VmRSS");
	m->t0 = gb_now();
	m->tree0 = descendants_cpu_s();
	m->busy0 = busy_s();
	getrusage(RUSAGE_SELF, &m->ru0);
	m->t_ru0 = gb_now();
}

void measure_end(const struct measure *m, const struct pool_stats *st,
		 struct usage *out)
{
	struct rusage ru1;
	double t_ru1 = gb_now();

	getrusage(RUSAGE_SELF, &ru1);
	out->cpu_clock_s = t_ru1 - m->t_ru0;
	out->user_s = tv_s(ru1.ru_utime) - tv_s(m->ru0.ru_utime) +
		      st->child_user_s;
	out->sys_s = tv_s(ru1.ru_stime) - tv_s(m->ru0.ru_stime) +
		     st->child_sys_s;
	out->max_rss_kb = status_kb("VmHWM") + st->child_maxrss_kb;
	out->start_rss_kb = m->rss0_kb;
	out->vol_cs = ru1.ru_nvcsw - m->ru0.ru_nvcsw + st->child_vcs;
	out->invol_cs = ru1.ru_nivcsw - m->ru0.ru_nivcsw + st->child_ivcs;
	out->minflt = ru1.ru_minflt - m->ru0.ru_minflt + st->child_minflt;
	out->other_cpu_s = busy_s() - m->busy0 - out->user_s - out->sys_s -
			   (descendants_cpu_s() - m->tree0) +
			   st->child_alive_cpu_s;
	out->span_s = gb_now() - m->t0;
	/* The two sides are counted differently (ticks against exact
	 * times), so an idle machine can come out a tick or two below
	 * zero: that is none. */
	if (out->other_cpu_s < 0)
		out->other_cpu_s = 0;
}

void measure_add_child(struct pool_stats *st, const struct rusage *ru)
{
	st->child_user_s += tv_s(ru->ru_utime);
	st->child_sys_s += tv_s(ru->ru_stime);
	st->child_maxrss_kb += ru->ru_maxrss;
	st->child_vcs += ru->ru_nvcsw;
	st->child_ivcs += ru->ru_nivcsw;
	st->child_minflt += ru->ru_minflt;
}

void measure_add_pool(struct pool_stats *to, const struct pool_stats *from)
{
	to->child_user_s += from->child_user_s;
	to->child_sys_s += from->child_sys_s;
	to->child_maxrss_kb += from->child_maxrss_kb;
	to->child_vcs += from->child_vcs;
	to->child_ivcs += from->child_ivcs;
	to->child_minflt += from->child_minflt;
	to->workers_replaced += from->workers_replaced;
	to->child_alive_cpu_s += from->child_alive_cpu_s;
}
