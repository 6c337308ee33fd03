/*
 * tests/unit/cpus.c - cmocka tests of bench/core/cpus.c on fake trees:
 * cgroup v2 and v1 quotas (none, 1.5 CPUs, below one CPU, a tighter
 * parent, a container's own root, malformed files), and the SMT
 * siblings of a fake 16-CPU machine (8 physical cores x 2). Each test
 * builds its tree in a fresh temporary folder.
 */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "bench/core/cpus.h"

/* A fake machine: its folder, the process's cgroup file, the cgroup
 * root, the sysfs CPU folder, and an affinity mask. */
struct fake {
	char dir[64];
	char proc[128], cg[128], sys[128];
	cpu_set_t *mask;
	size_t size;
};

/* Write text into root/rel, making the folders on the way. */
static void put(const char *root, const char *rel, const char *text)
{
	size_t a = strlen(root), b = strlen(rel);
	char path[512];
	FILE *f;

	/* root/rel by hand: GCC under -fsanitize=undefined takes root for
	 * a possible NULL in a "%s" and warns. */
	assert_true(a + b + 2 <= sizeof(path));
	memcpy(path, root, a);
	path[a] = '/';
	memcpy(path + a + 1, rel, b + 1);
	mkdir(root, 0755);
	for (char *s = path + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(path, 0755);
		*s = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A machine of ncpu online CPUs, the mask holding CPUs lo..hi. */
static void fake_new(struct fake *m, unsigned ncpu, unsigned lo, unsigned hi)
{
	char online[32];

	snprintf(m->dir, sizeof(m->dir), "%s/gb-cpus.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(m->dir));
	snprintf(m->proc, sizeof(m->proc), "%s/proc-self-cgroup", m->dir);
	snprintf(m->cg, sizeof(m->cg), "%s/cgroup", m->dir);
	snprintf(m->sys, sizeof(m->sys), "%s/cpu", m->dir);
	mkdir(m->cg, 0755);
	snprintf(online, sizeof(online), "0-%u\n", ncpu - 1);
	put(m->sys, "online", online);
	m->size = CPU_ALLOC_SIZE(64);
	m->mask = CPU_ALLOC(64);
	CPU_ZERO_S(m->size, m->mask);
	for (unsigned c = lo; c <= hi; c++)
		CPU_SET_S(c, m->size, m->mask);
}

static void fake_probe(struct fake *m, struct cpus *out)
{
	const struct cpus_src src = {
		.proc_cgroup = m->proc, .cgroup_root = m->cg,
		.sysfs_cpu = m->sys, .mask = m->mask, .mask_size = m->size,
	};

	cpus_probe_at(&src, out);
}

static void fake_free(struct fake *m)
{
	char cmd[160];

	CPU_FREE(m->mask);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", m->dir);
	assert_int_equal(system(cmd), 0);
}

/* A cgroup v2 machine: the process in /a/b; cpu.max of /a/b and /a. */
static void v2(struct fake *m, const char *leaf, const char *parent)
{
	put(m->dir, "proc-self-cgroup", "0::/a/b\n");
	put(m->cg, "cgroup.controllers", "cpuset cpu io memory pids\n");
	if (leaf)
		put(m->cg, "a/b/cpu.max", leaf);
	if (parent)
		put(m->cg, "a/cpu.max", parent);
}

static void expect_quota(const struct cpus *c, const char *text)
{
	char q[32];

	cpus_quota_text(c, q, sizeof(q));
	assert_string_equal(q, text);
}

static void expect_said(const struct cpus *c, const char *text)
{
	char buf[256];

	cpus_describe(c, buf, sizeof(buf));
	assert_string_equal(buf, text);
}

static void v2_without_a_quota_leaves_the_mask(void **s)
{
	struct fake m;
	struct cpus c;

	(void)s;
	fake_new(&m, 4, 0, 3);
	v2(&m, "max 100000\n", "max 100000\n");
	fake_probe(&m, &c);
	assert_int_equal(c.online, 4);
	assert_int_equal(c.affinity, 4);
	assert_true(c.quota == 0);
	assert_int_equal(c.usable, 4);
	assert_int_equal(c.why, CPUS_WHY_ALL);
	expect_quota(&c, "none");
	expect_said(&c, "4 cores");
	fake_free(&m);
}

static void v2_quota_of_one_and_a_half_gives_two_cores(void **s)
{
	struct fake m;
	struct cpus c;

	(void)s;
	fake_new(&m, 4, 0, 3);
	v2(&m, "150000 100000\n", NULL);
	fake_probe(&m, &c);
	assert_true(c.quota == 1.5);
	assert_int_equal(c.usable, 2);
	assert_int_equal(c.why, CPUS_WHY_QUOTA);
	expect_quota(&c, "1.5");
	expect_said(&c, "2 usable cores of 4 (quota 1.5 CPUs)");
	fake_free(&m);
}

/* A quota above the mask does not raise it: usable is the mask's 2. */
static void a_quota_above_the_mask_does_not_bind(void **s)
{
	struct fake m;
	struct cpus c;

	(void)s;
	fake_new(&m, 4, 0, 1);
	v2(&m, "300000 100000\n", NULL);
	fake_probe(&m, &c);
	assert_true(c.quota == 3);
	assert_int_equal(c.affinity, 2);
	assert_int_equal(c.usable, 2);
	assert_int_equal(c.why, CPUS_WHY_AFFINITY);
	expect_quota(&c, "3");
	expect_said(&c, "2 usable cores of 4 (affinity)");
	fake_free(&m);
}

static void a_quota_below_one_cpu_is_one_core(void **s)
{
	struct fake m;
	struct cpus c;

	(void)s;
	fake_new(&m, 2, 0, 1);
	v2(&m, "25000 100000\n", NULL);
	fake_probe(&m, &c);
	assert_int_equal(c.usable, 1);
	assert_int_equal(c.why, CPUS_WHY_QUOTA);
	expect_quota(&c, "0.25");
	expect_said(&c, "1 usable core of 2 (quota 0.25 CPUs)");
	fake_free(&m);

	/* A mask of one CPU too: the quota still says why (a quarter). */
	fake_new(&m, 2, 1, 1);
	v2(&m, "25000 100000\n", NULL);
	fake_probe(&m, &c);
	assert_int_equal(c.usable, 1);
	assert_int_equal(c.why, CPUS_WHY_QUOTA);
	fake_free(&m);

	/* A quota of exactly the mask's count is the mask's. */
	fake_new(&m, 4, 0, 1);
	v2(&m, "200000 100000\n", NULL);
	fake_probe(&m, &c);
	assert_int_equal(c.usable, 2);
	assert_int_equal(c.why, CPUS_WHY_AFFINITY);
	fake_free(&m);
}

/* The parent's quota binds the child: the tightest of the walk wins,
 * whichever level it is on. */
static void a_tighter_parent_binds_its_child(void **s)
{
	struct fake m;
	struct cpus c;

	(void)s;
	fake_new(&m, 8, 0, 7);
	v2(&m, "400000 100000\n", "150000 100000\n");
	fake_probe(&m, &c);
	assert_true(c.quota == 1.5);
	assert_int_equal(c.usable, 2);
	fake_free(&m);

	fake_new(&m, 8, 0, 7);
	v2(&m, "250000 100000\n", "600000 100000\n");
	fake_probe(&m, &c);
	assert_true(c.quota == 2.5);
	assert_int_equal(c.usable, 3);
	fake_free(&m);

	/* Just over one CPU is two cores, and shown so. */
	fake_new(&m, 8, 0, 7);
	v2(&m, "100500 100000\n", NULL);
	fake_probe(&m, &c);
	assert_int_equal(c.usable, 2);
	expect_quota(&c, "1.005");
	fake_free(&m);

	/* Other periods compare as fractions: 50 ms of 20 ms is 2.5. */
	fake_new(&m, 8, 0, 7);
	v2(&m, "50000 20000\n", "max 100000\n");
	fake_probe(&m, &c);
	assert_true(c.quota == 2.5);
	assert_int_equal(c.usable, 3);
	fake_free(&m);
}

/* cgroup v1: the cpu controller mounted as "cpu,cpuacct", quota -1 in
 * the leaf, 2.5 CPUs in its parent. */
static void v1_quota_over_period(void **s)
{
	struct fake m;
	struct cpus c;

	(void)s;
	fake_new(&m, 4, 0, 3);
	put(m.dir, "proc-self-cgroup", "12:memory:/docker/x\n"
	    "4:cpu,cpuacct:/docker/x\n0::/\n");
	put(m.cg, "cpu,cpuacct/docker/x/cpu.cfs_quota_us", "-1\n");
	put(m.cg, "cpu,cpuacct/docker/x/cpu.cfs_period_us", "100000\n");
	put(m.cg, "cpu,cpuacct/docker/cpu.cfs_quota_us", "250000\n");
	put(m.cg, "cpu,cpuacct/docker/cpu.cfs_period_us", "100000\n");
	put(m.cg, "cpu,cpuacct/cpu.cfs_quota_us", "-1\n");
	put(m.cg, "cpu,cpuacct/cpu.cfs_period_us", "100000\n");
	fake_probe(&m, &c);
	assert_true(c.quota == 2.5);
	assert_int_equal(c.usable, 3);
	assert_int_equal(c.why, CPUS_WHY_QUOTA);
	expect_said(&c, "3 usable cores of 4 (quota 2.5 CPUs)");
	fake_free(&m);

	/* The controller alone on its line and its folder ("cpu"). */
	fake_new(&m, 2, 0, 1);
	put(m.dir, "proc-self-cgroup", "2:cpuacct:/\n1:cpu:/\n");
	put(m.cg, "cpu/cpu.cfs_quota_us", "50000\n");
	put(m.cg, "cpu/cpu.cfs_period_us", "100000\n");
	/* cpuacct is not cpu: its folder is never read. */
	put(m.cg, "cpuacct/cpu.cfs_quota_us", "1000\n");
	put(m.cg, "cpuacct/cpu.cfs_period_us", "100000\n");
	fake_probe(&m, &c);
	assert_true(c.quota == 0.5);
	assert_int_equal(c.usable, 1);
	fake_free(&m);
}

/* A container that mounts its own cgroup as the root, without a cgroup
 * namespace: /proc/self/cgroup names a path the root does not have, and
 * the root's own files are the container's. */
static void a_containers_own_root_is_read(void **s)
{
	struct fake m;
	struct cpus c;

	(void)s;
	fake_new(&m, 4, 0, 3);
	put(m.dir, "proc-self-cgroup", "0::/system.slice/docker-abc.scope\n");
	put(m.cg, "cgroup.controllers", "cpu\n");
	put(m.cg, "cpu.max", "100000 100000\n");
	fake_probe(&m, &c);
	assert_true(c.quota == 1);
	assert_int_equal(c.usable, 1);
	expect_said(&c, "1 usable core of 4 (quota 1 CPU)");
	fake_free(&m);
}

/* Files that are not quotas are passed over, never a crash or a zero. */
static void malformed_files_are_no_quota(void **s)
{
	static const char *const bad[] = {
		"abc\n", "150000\n", "0 100000\n", "-5 100000\n", "\n", "",
		"max\n", "150000 100000 7\n", "150000 0\n", "1e5 100000\n",
		"150000 abc\n", "0x10 100000\n",
	};
	struct fake m;
	struct cpus c;

	(void)s;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fake_new(&m, 4, 0, 3);
		v2(&m, bad[i], NULL);
		fake_probe(&m, &c);
		if (!(c.quota == 0) || c.usable != 4)
			fail_msg("cpu.max '%s': quota %g, usable %u", bad[i],
				 c.quota, c.usable);
		fake_free(&m);
	}
	/* v1: a quota without a period, or junk. */
	fake_new(&m, 4, 0, 3);
	put(m.dir, "proc-self-cgroup", "1:cpu:/\n");
	put(m.cg, "cpu/cpu.cfs_quota_us", "50000\n");
	fake_probe(&m, &c);
	assert_true(c.quota == 0);
	put(m.cg, "cpu/cpu.cfs_period_us", "soon\n");
	fake_probe(&m, &c);
	assert_true(c.quota == 0);
	assert_int_equal(c.usable, 4);
	fake_free(&m);
	/* A /proc/self/cgroup of junk lines, or none at all. */
	fake_new(&m, 4, 0, 3);
	put(m.dir, "proc-self-cgroup", "junk\n::\n0:\n1:cpu:relative\n");
	put(m.cg, "cgroup.controllers", "cpu\n");
	put(m.cg, "cpu.max", "100000 100000\n");
	fake_probe(&m, &c);
	assert_true(c.quota == 0);
	unlink(m.proc);
	fake_probe(&m, &c);
	assert_true(c.quota == 0);
	assert_int_equal(c.usable, 4);
	fake_free(&m);
}

/* Sixteen CPUs, 8 cores: CPU c and c + 8 are siblings (Intel's
 * numbering) or 2k and 2k + 1 (AMD's). */
static void sixteen(struct fake *m, int adjacent)
{
	for (unsigned c = 0; c < 16; c++) {
		char rel[64], list[32];
		unsigned a = adjacent ? c & ~1u : c % 8;

		snprintf(rel, sizeof(rel), "cpu%u/topology/"
			 "thread_siblings_list", c);
		if (adjacent)
			snprintf(list, sizeof(list), "%u-%u\n", a, a + 1);
		else
			snprintf(list, sizeof(list), "%u,%u\n", a, a + 8);
		put(m->sys, rel, list);
	}
}

static void sixteen_cpus_are_eight_physical_cores(void **s)
{
	struct fake m;
	struct cpus c;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)s;
	fake_new(&m, 16, 0, 15);
	sixteen(&m, 0);
	fake_probe(&m, &c);
	assert_int_equal(c.online, 16);
	assert_int_equal(c.usable, 16);
	assert_int_equal(c.physical, 8);
	assert_string_equal(c.siblings, "0,8;1,9;2,10;3,11;4,12;5,13;6,14;"
			    "7,15");
	expect_said(&c, "16 cores (8 physical)");
	/* The .meta keys, all of them, in order. */
	f = open_memstream(&text, &len);
	cpus_write_keys(f, &c);
	fclose(f);
	assert_string_equal(text, "cpus_online=16\ncpus_affinity=16\n"
			    "cpu_quota=none\ncpus_usable=16\n"
			    "cpus_usable_why=all\ncpus_physical=8\n"
			    "cpu_siblings=0,8;1,9;2,10;3,11;4,12;5,13;6,14;"
			    "7,15\n");
	free(text);
	fake_free(&m);

	fake_new(&m, 16, 0, 15);
	sixteen(&m, 1);
	fake_probe(&m, &c);
	assert_int_equal(c.physical, 8);
	assert_string_equal(c.siblings, "0-1;2-3;4-5;6-7;8-9;10-11;12-13;"
			    "14-15");
	fake_free(&m);
}

/* The mask picks CPUs: two siblings of one core are 1 physical; a
 * quota caps the physical cores at the usable ones. */
static void siblings_follow_the_mask_and_the_quota(void **s)
{
	struct fake m;
	struct cpus c;

	(void)s;
	fake_new(&m, 16, 0, 0);
	CPU_SET_S(8, m.size, m.mask);
	sixteen(&m, 0);
	fake_probe(&m, &c);
	assert_int_equal(c.affinity, 2);
	assert_int_equal(c.usable, 2);
	assert_int_equal(c.physical, 1);
	assert_string_equal(c.siblings, "0,8");
	expect_said(&c, "2 usable cores of 16 (affinity, 1 physical)");
	fake_free(&m);

	fake_new(&m, 16, 0, 3);
	sixteen(&m, 0);
	fake_probe(&m, &c);
	assert_int_equal(c.physical, 4);
	assert_string_equal(c.siblings, "0;1;2;3");
	fake_free(&m);

	fake_new(&m, 16, 0, 15);
	sixteen(&m, 0);
	v2(&m, "150000 100000\n", NULL);
	fake_probe(&m, &c);
	assert_int_equal(c.usable, 2);
	assert_int_equal(c.physical, 2);
	fake_free(&m);
}

/* No topology to read (a container without sysfs): unknown, not 0. */
static void no_topology_is_unknown(void **s)
{
	struct fake m;
	struct cpus c;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)s;
	fake_new(&m, 2, 0, 0);
	fake_probe(&m, &c);
	assert_int_equal(c.usable, 1);
	assert_int_equal(c.physical, 0);
	expect_said(&c, "1 usable core of 2 (affinity)");
	f = open_memstream(&text, &len);
	cpus_write_keys(f, &c);
	fclose(f);
	assert_string_equal(text, "cpus_online=2\ncpus_affinity=1\n"
			    "cpu_quota=none\ncpus_usable=1\n"
			    "cpus_usable_why=affinity\ncpus_physical=unknown\n"
			    "cpu_siblings=unknown\n");
	free(text);
	fake_free(&m);
}

/* The mask is cut to the online CPUs: a CPU that went offline is not
 * usable. */
static void the_mask_is_cut_to_online_cpus(void **s)
{
	struct fake m;
	struct cpus c;

	(void)s;
	fake_new(&m, 4, 0, 7);
	put(m.sys, "online", "0-1,3\n");
	fake_probe(&m, &c);
	assert_int_equal(c.online, 3);
	assert_int_equal(c.affinity, 3);
	assert_int_equal(c.usable, 3);
	assert_int_equal(c.why, CPUS_WHY_ALL);
	fake_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(v2_without_a_quota_leaves_the_mask),
		cmocka_unit_test(v2_quota_of_one_and_a_half_gives_two_cores),
		cmocka_unit_test(a_quota_above_the_mask_does_not_bind),
		cmocka_unit_test(a_quota_below_one_cpu_is_one_core),
		cmocka_unit_test(a_tighter_parent_binds_its_child),
		cmocka_unit_test(v1_quota_over_period),
		cmocka_unit_test(a_containers_own_root_is_read),
		cmocka_unit_test(malformed_files_are_no_quota),
		cmocka_unit_test(sixteen_cpus_are_eight_physical_cores),
		cmocka_unit_test(siblings_follow_the_mask_and_the_quota),
		cmocka_unit_test(no_topology_is_unknown),
		cmocka_unit_test(the_mask_is_cut_to_online_cpus),
	};

	return cmocka_run_group_tests_name("cpus", tests, NULL, NULL);
}
