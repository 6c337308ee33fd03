/*
 * cpus.c - see cpus.h. Start at cpus_probe_at(): the online list, the
 * affinity mask cut to it, the cgroup quota (quota_find), then the
 * sibling groups of the mask (siblings_find).
 */
#include "bench/core/cpus.h"
#include "bench/core/util.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The most CPUs looked at: Linux's NR_CPUS goes to 8,192. */
#define CPUS_MAX 8192u

static const char *const why_names[] = {
#define X(id, name) name,
	CPUS_WHY(X)
#undef X
};

const char *cpus_why_name(enum cpus_why why)
{
	return (size_t)why < GB_ARRAY_LEN(why_names) ? why_names[why] : "?";
}

/* The first line of path, without its newline. 0 or -errno. */
static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	int rc = 0;

	if (!f)
		return -errno;
	if (!fgets(buf, (int)len, f))
		rc = -EINVAL;
	else
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
	return rc;
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* A kernel CPU list ("0-3,8,10-11"): each CPU below 8 x size bytes is
 * set in set (when not NULL). Returns how many CPUs it names, or -EINVAL
 * (an empty list names none). */
static long list_parse(const char *s, cpu_set_t *set, size_t size)
{
	long n = 0;

	while (*s == ' ')
		s++;
	if (!*s)
		return 0;
	for (;;) {
		unsigned long lo, hi;
		char *end;

		if (*s < '0' || *s > '9')
			return -EINVAL;
		lo = strtoul(s, &end, 10);
		hi = lo;
		if (*end == '-') {
			s = end + 1;
			if (*s < '0' || *s > '9')
				return -EINVAL;
			hi = strtoul(s, &end, 10);
		}
		if (hi < lo || hi >= CPUS_MAX)
			return -EINVAL;
		for (unsigned long c = lo; c <= hi; c++)
			if (set && c < 8 * size)
				CPU_SET_S(c, size, set);
		n += (long)(hi - lo + 1);
		s = end;
		if (*s == ',') {
			s++;
			continue;
		}
		while (*s == ' ')
			s++;
		return *s ? -EINVAL : n;
	}
}

/* The CPUs of set as a kernel list, runs as ranges: "0-3,8". */
static void list_text(const cpu_set_t *set, size_t size, char *buf,
		      size_t len)
{
	unsigned nbits = (unsigned)(8 * size);

	buf[0] = '\0';
	for (unsigned c = 0; c < nbits; c++) {
		unsigned e = c;

		if (!CPU_ISSET_S(c, size, set))
			continue;
		while (e + 1 < nbits && CPU_ISSET_S(e + 1, size, set))
			e++;
		if (e == c)
			gb_appendf(buf, len, ",", "%u", c);
		else
			gb_appendf(buf, len, ",", "%u-%u", c, e);
		c = e;
	}
}

/* ---- the quota ---- */

/* The tightest quota so far, as quota and period (microseconds). */
struct quota {
	uint64_t q, p;
};

static void quota_take(struct quota *best, uint64_t q, uint64_t p)
{
	if (!q || !p)
		return;
	if (!best->p || (double)q / (double)p < (double)best->q /
						     (double)best->p) {
		best->q = q;
		best->p = p;
	}
}

/* A positive whole number of microseconds; a quota of years is still
 * one. */
static int micros(const char *s, uint64_t *out)
{
	return gb_parse_u64(s, 1, UINT64_C(1) << 50, out);
}

/* cgroup v2: dir/cpu.max is "max PERIOD" (no quota) or "QUOTA PERIOD".
 * Anything else is not a quota we can read, and is passed over. */
static void quota_v2(const char *dir, struct quota *best)
{
	char path[PATH_MAX + 16], line[128], *save = NULL, *q, *p;
	uint64_t qv, pv;

	snprintf(path, sizeof(path), "%s/cpu.max", dir);
	if (read_line(path, line, sizeof(line)))
		return;
	q = strtok_r(line, " \t", &save);
	p = strtok_r(NULL, " \t", &save);
	if (!q || !p || strtok_r(NULL, " \t", &save) || strcmp(q, "max") == 0)
		return;
	if (!micros(q, &qv) && !micros(p, &pv))
		quota_take(best, qv, pv);
}

/* cgroup v1: cpu.cfs_quota_us (-1: none) over cpu.cfs_period_us. */
static void quota_v1(const char *dir, struct quota *best)
{
	char path[PATH_MAX + 24], q[64], p[64];
	uint64_t qv, pv;

	snprintf(path, sizeof(path), "%s/cpu.cfs_quota_us", dir);
	if (read_line(path, q, sizeof(q)))
		return;
	snprintf(path, sizeof(path), "%s/cpu.cfs_period_us", dir);
	if (read_line(path, p, sizeof(p)))
		return;
	if (!micros(q, &qv) && !micros(p, &pv))
		quota_take(best, qv, pv);
}

/* From the process's cgroup base + rel up to base itself, every level's
 * quota: a parent's quota binds its children too. When rel is not under
 * base (a container that mounts its own cgroup as the root, without a
 * cgroup namespace), base is the process's cgroup. */
static void quota_walk(const char *base, const char *rel, int v2,
		       struct quota *best)
{
	char dir[PATH_MAX];
	size_t nb = strlen(base);

	if ((size_t)snprintf(dir, sizeof(dir), "%s%s", base, rel) >=
	    sizeof(dir) || !is_dir(dir))
		snprintf(dir, sizeof(dir), "%s", base);
	for (;;) {
		size_t n = strlen(dir);
		char *slash;

		while (n > nb && dir[n - 1] == '/')
			dir[--n] = '\0';
		if (v2)
			quota_v2(dir, best);
		else
			quota_v1(dir, best);
		if (n <= nb || !(slash = strrchr(dir, '/')) ||
		    (size_t)(slash - dir) < nb)
			break;
		*slash = '\0';
	}
}

/* Whether the comma list names the controller exactly. */
static int has_controller(const char *list, const char *name)
{
	size_t k = strlen(name);

	for (const char *p = list;; p++) {
		size_t n = strcspn(p, ",");

		if (n == k && strncmp(p, name, k) == 0)
			return 1;
		p += n;
		if (!*p)
			return 0;
	}
}

/* The tightest quota over the cgroups of the process (its lines in
 * proc_cgroup: "0::/path" for v2, "N:cpu,cpuacct:/path" for v1's cpu
 * controller), looked up under root. */
static void quota_find(const char *proc_cgroup, const char *root,
		       struct quota *best)
{
	FILE *f = fopen(proc_cgroup, "re");
	char line[PATH_MAX + 128], base[PATH_MAX], probe[PATH_MAX + 32];
	size_t nr = strlen(root);

	if (!f)
		return;
	while (nr > 1 && root[nr - 1] == '/')
		nr--;
	while (fgets(line, sizeof(line), f)) {
		char *c1 = strchr(line, ':'), *c2, *ctl, *rel;

		line[strcspn(line, "\n")] = '\0';
		if (!c1 || !(c2 = strchr(c1 + 1, ':')))
			continue;
		*c1 = *c2 = '\0';
		ctl = c1 + 1;
		rel = c2 + 1;
		if (rel[0] != '/')
			continue;
		if (strcmp(line, "0") == 0 && !*ctl) {
			/* v2: the unified tree at the root, or beside the
			 * v1 controllers (a hybrid machine). */
			snprintf(base, sizeof(base), "%.*s", (int)nr, root);
			snprintf(probe, sizeof(probe), "%s/cgroup.controllers",
				 base);
			if (!exists(probe)) {
				snprintf(base, sizeof(base), "%.*s/unified",
					 (int)nr, root);
				snprintf(probe, sizeof(probe), "%s/cgroup."
					 "controllers", base);
				if (!exists(probe))
					continue;
			}
			quota_walk(base, rel, 1, best);
		} else if (has_controller(ctl, "cpu")) {
			/* v1: mounted under its controllers' names
			 * ("cpu,cpuacct"), or "cpu" as a link to it. */
			snprintf(base, sizeof(base), "%.*s/%s", (int)nr, root,
				 ctl);
			if (!is_dir(base))
				snprintf(base, sizeof(base), "%.*s/cpu",
					 (int)nr, root);
			if (is_dir(base))
				quota_walk(base, rel, 0, best);
		}
	}
	fclose(f);
}

/* ---- the siblings ---- */

/* Group the CPUs of mask by physical core, from each one's
 * thread_siblings_list; the groups' count, or 0 when a list cannot be
 * read (no sysfs: unknown). */
static unsigned siblings_find(const char *sysfs, const cpu_set_t *mask,
			      size_t size, char *buf, size_t len)
{
	cpu_set_t *done = CPU_ALLOC(8 * size), *sib = CPU_ALLOC(8 * size);
	unsigned groups = 0, nbits = (unsigned)(8 * size);
	int ok = done && sib;

	buf[0] = '\0';
	if (ok)
		CPU_ZERO_S(size, done);
	for (unsigned c = 0; ok && c < nbits; c++) {
		char path[PATH_MAX + 64], line[4096], group[1024];

		if (!CPU_ISSET_S(c, size, mask) || CPU_ISSET_S(c, size, done))
			continue;
		snprintf(path, sizeof(path), "%s/cpu%u/topology/"
			 "thread_siblings_list", sysfs, c);
		CPU_ZERO_S(size, sib);
		if (read_line(path, line, sizeof(line)) ||
		    list_parse(line, sib, size) < 0) {
			ok = 0;
			break;
		}
		CPU_SET_S(c, size, sib);
		CPU_AND_S(size, sib, sib, mask);
		CPU_OR_S(size, done, done, sib);
		list_text(sib, size, group, sizeof(group));
		if (strlen(buf) + strlen(group) + 5 < len)
			gb_appendf(buf, len, ";", "%s", group);
		else if (!strstr(buf, ";..."))
			gb_appendf(buf, len, "", ";...");
		groups++;
	}
	CPU_FREE(done);
	CPU_FREE(sib);
	if (!ok) {
		buf[0] = '\0';
		return 0;
	}
	return groups;
}

/* ---- all together ---- */

/* This process's affinity mask, in a set large enough for it. */
static cpu_set_t *own_mask(size_t *size)
{
	for (unsigned n = 1024; n <= CPUS_MAX; n *= 2) {
		cpu_set_t *s = CPU_ALLOC(n);

		if (!s)
			return NULL;
		*size = CPU_ALLOC_SIZE(n);
		if (sched_getaffinity(0, *size, s) == 0)
			return s;
		CPU_FREE(s);
		if (errno != EINVAL)
			break;
	}
	return NULL;
}

void cpus_probe_at(const struct cpus_src *src, struct cpus *out)
{
	const char *sysfs = src->sysfs_cpu ? src->sysfs_cpu
					   : "/sys/devices/system/cpu";
	size_t size = CPU_ALLOC_SIZE(CPUS_MAX), msize = 0;
	cpu_set_t *online = CPU_ALLOC(CPUS_MAX), *mask = NULL;
	struct quota best = { 0, 0 };
	char path[PATH_MAX + 16], line[4096];
	long n = -1;

	memset(out, 0, sizeof(*out));
	if (online) {
		CPU_ZERO_S(size, online);
		snprintf(path, sizeof(path), "%s/online", sysfs);
		if (!read_line(path, line, sizeof(line)))
			n = list_parse(line, online, size);
		if (n <= 0) {
			/* No sysfs: CPUs 0 .. N-1. */
			long k = sysconf(_SC_NPROCESSORS_ONLN);

			CPU_ZERO_S(size, online);
			for (long c = 0; c < k && c < (long)CPUS_MAX; c++)
				CPU_SET_S((size_t)c, size, online);
		}
		out->online = (unsigned)CPU_COUNT_S(size, online);
	}
	if (!out->online)
		out->online = 1;
	/* The mask, cut to the online CPUs (a fake sysfs may have fewer). */
	if (src->mask) {
		msize = src->mask_size;
		mask = CPU_ALLOC(8 * msize);
		if (mask)
			memcpy(mask, src->mask, msize);
	} else {
		mask = own_mask(&msize);
	}
	if (mask && online) {
		for (size_t c = 0; c < 8 * msize; c++)
			if (c >= 8 * size || !CPU_ISSET_S(c, size, online))
				CPU_CLR_S(c, msize, mask);
		out->affinity = (unsigned)CPU_COUNT_S(msize, mask);
	}
	if (!out->affinity) {
		/* No mask to read: every online CPU is in it. */
		CPU_FREE(mask);
		mask = online;
		msize = size;
		online = NULL;
		out->affinity = out->online;
	}

	quota_find(src->proc_cgroup ? src->proc_cgroup : "/proc/self/cgroup",
		   src->cgroup_root ? src->cgroup_root : "/sys/fs/cgroup",
		   &best);
	out->usable = out->affinity;
	out->why = out->affinity < out->online ? CPUS_WHY_AFFINITY
					       : CPUS_WHY_ALL;
	if (best.p) {
		/* ceil(q / p), in whole numbers: 150000/100000 -> 2. */
		uint64_t whole = best.q / best.p + (best.q % best.p != 0);

		out->quota = (double)best.q / (double)best.p;
		/* The quota is the reason when it allows less than the mask
		 * has CPUs (half a CPU under taskset -c 0 is still the
		 * quota's doing). */
		if (best.q < (uint64_t)out->usable * best.p) {
			out->usable = (unsigned)whole;
			out->why = CPUS_WHY_QUOTA;
		}
	}
	if (mask) {
		out->physical = siblings_find(sysfs, mask, msize,
					      out->siblings,
					      sizeof(out->siblings));
		if (out->physical > out->usable)
			out->physical = out->usable;
	}
	CPU_FREE(mask);
	CPU_FREE(online);
}

static pthread_once_t here_once = PTHREAD_ONCE_INIT;
static struct cpus here;

static void here_probe(void)
{
	const struct cpus_src src = {
		.proc_cgroup = getenv("GB_PROC_CGROUP"),
		.cgroup_root = getenv("GB_CGROUP_ROOT"),
		.sysfs_cpu = getenv("GB_SYSFS_CPU_ROOT"),
	};

	cpus_probe_at(&src, &here);
}

const struct cpus *cpus_here(void)
{
	pthread_once(&here_once, here_probe);
	return &here;
}

void cpus_quota_text(const struct cpus *c, char *buf, size_t len)
{
	if (!(c->quota > 0))
		snprintf(buf, len, "none");
	else if (c->quota < 1000)
		/* Four significant digits, no trailing zeros: 1.5, 0.25, 2,
		 * and 1.005 (two decimals would say 1 of a quota that gives
		 * 2 cores). */
		snprintf(buf, len, "%.4g", c->quota);
	else
		snprintf(buf, len, "%.0f", c->quota);
}

void cpus_describe(const struct cpus *c, char *buf, size_t len)
{
	char q[32], phys[32] = "";

	if (c->physical && c->physical < c->usable)
		snprintf(phys, sizeof(phys), "%u physical", c->physical);
	if (c->why == CPUS_WHY_ALL) {
		snprintf(buf, len, "%u core%s%s%s%s", c->usable,
			 c->usable == 1 ? "" : "s", phys[0] ? " (" : "", phys,
			 phys[0] ? ")" : "");
		return;
	}
	cpus_quota_text(c, q, sizeof(q));
	snprintf(buf, len, "%u usable core%s of %u (", c->usable,
		 c->usable == 1 ? "" : "s", c->online);
	if (c->why == CPUS_WHY_QUOTA)
		gb_appendf(buf, len, "", "quota %s CPU%s", q,
			   c->quota == 1 ? "" : "s");
	else
		gb_appendf(buf, len, "", "affinity");
	gb_appendf(buf, len, "", "%s%s)", phys[0] ? ", " : "", phys);
}

void cpus_write_keys(FILE *f, const struct cpus *c)
{
	char q[32];

	cpus_quota_text(c, q, sizeof(q));
	fprintf(f, "cpus_online=%u\n", c->online);
	fprintf(f, "cpus_affinity=%u\n", c->affinity);
	fprintf(f, "cpu_quota=%s\n", q);
	fprintf(f, "cpus_usable=%u\n", c->usable);
	fprintf(f, "cpus_usable_why=%s\n", cpus_why_name(c->why));
	if (c->physical)
		fprintf(f, "cpus_physical=%u\n", c->physical);
	else
		fprintf(f, "cpus_physical=unknown\n");
	fprintf(f, "cpu_siblings=%s\n", c->siblings[0] ? c->siblings
						       : "unknown");
}

int cpus_main(int argc, char **argv)
{
	const struct cpus *c = cpus_here();
	char words[256], *text = NULL;
	size_t len = 0;
	FILE *f;

	if (argc > 2)
		gb_die(GB_EXIT_USAGE, "usage: bench cpus [KEY] (KEY: "
		       "cpus_usable, cpus_online, ...)");
	if (argc == 1) {
		cpus_describe(c, words, sizeof(words));
		printf("# %s\n", words);
		cpus_write_keys(stdout, c);
		return fflush(stdout) ? GB_EXIT_FAIL : GB_EXIT_OK;
	}
	f = open_memstream(&text, &len);
	if (!f)
		gb_die(GB_EXIT_FAIL, "out of memory");
	cpus_write_keys(f, c);
	fclose(f);
	for (char *l = text, *nl; l && *l; l = nl ? nl + 1 : NULL) {
		size_t k = strlen(argv[1]);

		nl = strchr(l, '\n');
		if (strncmp(l, argv[1], k) == 0 && l[k] == '=') {
			printf("%.*s\n", (int)((nl ? nl : l + strlen(l)) -
					       (l + k + 1)), l + k + 1);
			free(text);
			return fflush(stdout) ? GB_EXIT_FAIL : GB_EXIT_OK;
		}
	}
	free(text);
	gb_die(GB_EXIT_USAGE, "cpus: no key '%s' (the keys: cpus_online, "
	       "cpus_affinity, cpu_quota, cpus_usable, cpus_usable_why, "
	       "cpus_physical, cpu_siblings)", argv[1]);
}
