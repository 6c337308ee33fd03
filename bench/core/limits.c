/*
 * limits.c - see limits.h. What a cell needs is the mode's to say
 * (needs() in modes/mode.h: a thread pool a thread per worker and the
 * descriptors its workload keeps per worker, a process pool a process per
 * worker and two pipe ends each in the parent, async the descriptors of
 * every operation in flight). What the machine allows is read from the
 * kernel's own limits (/proc/sys, the cgroup's pids.max, getrlimit), less
 * what is in use now.
 */
#include "bench/core/limits.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* Descriptors beyond the cell's own: stdio, the CSV, a server's pipes,
 * libraries' own (libcurl's, the resolver's). */
#define FD_MARGIN 64

void limits_raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* A number from a one-line file (/proc/sys/...), or fallback. "max" (a
 * cgroup without a limit) reads as fallback too. */
static long read_long(const char *path, long fallback)
{
	FILE *f = fopen(path, "r");
	long v;

	if (!f)
		return fallback;
	if (fscanf(f, "%ld", &v) != 1)
		v = fallback;
	fclose(f);
	return v;
}

/* Threads on the whole machine now: the fourth field of /proc/loadavg,
 * "running/total", counts every task (thread) the kernel has. */
static long threads_in_use(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	long total = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%*s %*s %*s %*d/%ld", &total) != 1)
		total = 0;
	fclose(f);
	return total;
}

static long open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	long n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;	/* the directory's own descriptor */
}

/* How many more tasks (threads or processes) the cgroup we are in, or one
 * of its parents, allows: LONG_MAX without a limit. Sets *max to the
 * tightest pids.max. */
static long cgroup_room(long *max)
{
	char line[512], path[700];
	FILE *f = fopen("/proc/self/cgroup", "r");
	long room = LONG_MAX;

	*max = 0;
	if (!f)
		return room;
	/* cgroup v2: one line "0::/path". */
	while (fgets(line, sizeof(line), f)) {
		char *p;

		if (strncmp(line, "0::", 3) != 0)
			continue;
		line[strcspn(line, "\n")] = '\0';
		for (p = line + 3; *p;) {
			long lim, cur;
			char *slash;

			snprintf(path, sizeof(path), "/sys/fs/cgroup%s/pids.max",
				 strcmp(p, "/") ? p : "");
			lim = read_long(path, -1);
			snprintf(path, sizeof(path), "/sys/fs/cgroup%s/pids.current",
				 strcmp(p, "/") ? p : "");
			cur = read_long(path, -1);
			if (lim > 0 && cur >= 0 && lim - cur < room) {
				room = lim - cur;
				*max = lim;
			}
			slash = strrchr(p, '/');
			if (!slash || slash == p)
				break;
			*slash = '\0';
		}
	}
	fclose(f);
	return room;
}

/* This user's threads now, for RLIMIT_NPROC (which counts them all). */
static long user_threads(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	uid_t me = getuid();
	long n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[300], line[256];
		long uid = -1, threads = 0;
		FILE *f;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/status", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			sscanf(line, "Uid: %ld", &uid);
			sscanf(line, "Threads: %ld", &threads);
		}
		fclose(f);
		if (uid == (long)me)
			n += threads;
	}
	closedir(d);
	return n;
}

/* Room for `want` more threads or processes; 0, or -EAGAIN with *why. */
static int check_tasks(unsigned long want, const char *what, char *why,
		       size_t len)
{
	long tmax = read_long("/proc/sys/kernel/threads-max", LONG_MAX);
	long pmax = read_long("/proc/sys/kernel/pid_max", LONG_MAX);
	long used = threads_in_use(), cgmax, cg = cgroup_room(&cgmax);
	struct rlimit rl;

	if (tmax - used < (long)want || pmax - used < (long)want) {
		long room = tmax < pmax ? tmax - used : pmax - used;

		snprintf(why, len, "needs %lu %s and %ld more can start "
			 "(kernel.threads-max %ld, kernel.pid_max %ld, %ld in "
			 "use)", want, what, room > 0 ? room : 0, tmax, pmax,
			 used);
		return -EAGAIN;
	}
	if (cg < (long)want) {
		snprintf(why, len, "needs %lu %s and its cgroup allows %ld "
			 "more (pids.max %ld)", want, what, cg > 0 ? cg : 0,
			 cgmax);
		return -EAGAIN;
	}
	/* Root is not held to RLIMIT_NPROC. */
	if (geteuid() != 0 && getrlimit(RLIMIT_NPROC, &rl) == 0 &&
	    rl.rlim_cur != RLIM_INFINITY && want > rl.rlim_cur / 2) {
		long room = (long)rl.rlim_cur - user_threads();

		if (room < (long)want) {
			snprintf(why, len, "needs %lu %s and ulimit -u (%ld) "
				 "allows %ld more", want, what,
				 (long)rl.rlim_cur, room > 0 ? room : 0);
			return -EAGAIN;
		}
	}
	return 0;
}

/* Room for `want` more descriptors, raising the limit if that is all it
 * takes (the hard one too, when we may); 0, or -EMFILE with *why. */
static int check_fds(unsigned long want, unsigned per, char *why, size_t len)
{
	unsigned long need = (unsigned long)open_fds() + want + FD_MARGIN;
	long nr_open = read_long("/proc/sys/fs/nr_open", 1048576);
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur >= need)
		return 0;
	if (rl.rlim_max >= need) {
		rl.rlim_cur = need;
	} else if ((long)need <= nr_open) {
		/* Allowed with CAP_SYS_RESOURCE (root), refused otherwise. */
		rl.rlim_cur = rl.rlim_max = need;
	}
	if (rl.rlim_cur >= need && setrlimit(RLIMIT_NOFILE, &rl) == 0)
		return 0;
	getrlimit(RLIMIT_NOFILE, &rl);
	snprintf(why, len, "needs about %lu open files (%u per worker) and "
		 "the limit is %llu (ulimit -Hn; root can raise it)", need, per,
		 (unsigned long long)rl.rlim_max);
	return -EMFILE;
}

int limits_check(const struct mode *m, const struct job *job, char *why,
		 size_t len)
{
	struct mode_needs n = { 0 };
	int rc;

	why[0] = '\0';
	if (m->needs)
		m->needs(job, &n);
	if (n.threads && (rc = check_tasks(n.threads, "threads", why, len)))
		return rc;
	if (n.procs && (rc = check_tasks(n.procs, "processes", why, len)))
		return rc;
	return n.fds ? check_fds(n.fds, n.fds_per, why, len) : 0;
}

void limits_explain(int rc, char *buf, size_t len)
{
	struct rlimit rl = { 0, 0 };
	long avail_kb = 0;
	char line[256];
	FILE *f;

	buf[0] = '\0';
	if (rc != -EAGAIN && rc != -ENOMEM && rc != -EMFILE && rc != -ENFILE)
		return;
	f = fopen("/proc/meminfo", "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %ld kB", &avail_kb) == 1)
			break;
	if (f)
		fclose(f);
	getrlimit(rc == -EMFILE || rc == -ENFILE ? RLIMIT_NOFILE : RLIMIT_NPROC,
		  &rl);
	if (rc == -EMFILE || rc == -ENFILE)
		snprintf(buf, len, " (ulimit -n %llu, %ld open)",
			 (unsigned long long)rl.rlim_cur, open_fds());
	else
		snprintf(buf, len, " (%ld threads in use, kernel.threads-max "
			 "%ld, ulimit -u %lld, %ld MiB available)",
			 threads_in_use(),
			 read_long("/proc/sys/kernel/threads-max", -1),
			 rl.rlim_cur == RLIM_INFINITY ? -1LL :
			 (long long)rl.rlim_cur, avail_kb / 1024);
}
