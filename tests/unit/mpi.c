/*
 * tests/unit/mpi.c - cmocka tests of the mpi mode: the lines the coordinator
 * rank writes (mpiwire), the hostfile check, and the pool run twice on
 * one job (skipped when bin/bench-mpi is not built). No timing
 * assertions; the rest is tested end to end in tests/e2e/mpi.sh.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "bench/modes/mpi/hostfile.h"
#include "bench/modes/mode.h"
#include "bench/modes/mpi/mpi.h"
#include "bench/modes/mpi/wire.h"

static enum mpiwire_kind round_trip(const struct mpiwire_msg *in,
				    struct mpiwire_msg *out)
{
	char line[MPIWIRE_LINE_MAX];
	size_t n = mpiwire_format(line, sizeof(line), in);

	assert_true(n > 0 && n < sizeof(line));
	assert_int_equal(line[n - 1], '\n');
	assert_int_equal(strlen(line), n);
	return mpiwire_parse(line, out);
}

static void wire_round_trips_every_kind(void **s)
{
	struct mpiwire_msg in = { .kind = MPIWIRE_HOST, .rank = 3 }, out;

	(void)s;
	snprintf(in.host, sizeof(in.host), "node7.lab");
	assert_int_equal(round_trip(&in, &out), MPIWIRE_HOST);
	assert_int_equal(out.rank, 3);
	assert_string_equal(out.host, "node7.lab");
	assert_string_equal(out.boot, "");
	snprintf(in.boot, sizeof(in.boot),
		 "5c1e0c43-6bd2-4a0b-9c6e-2f1d1e6f8a41");
	assert_int_equal(round_trip(&in, &out), MPIWIRE_HOST);
	assert_string_equal(out.host, "node7.lab");
	assert_string_equal(out.boot, in.boot);

	in = (struct mpiwire_msg){ .kind = MPIWIRE_READY, .workers = 4096 };
	assert_int_equal(round_trip(&in, &out), MPIWIRE_READY);
	assert_int_equal(out.workers, 4096);

	in = (struct mpiwire_msg){ .kind = MPIWIRE_SENT, .task = 99999999,
				   .rank = 2 };
	assert_int_equal(round_trip(&in, &out), MPIWIRE_SENT);
	assert_int_equal(out.task, 99999999);
	assert_int_equal(out.rank, 2);

	in = (struct mpiwire_msg){ .kind = MPIWIRE_DONE, .seconds = 1.25 };
	assert_int_equal(round_trip(&in, &out), MPIWIRE_DONE);
	assert_true(out.seconds > 1.2499 && out.seconds < 1.2501);
}

static void wire_result_is_exact(void **s)
{
	struct mpiwire_msg in = { .kind = MPIWIRE_OUT, .task = 7, .rank = 1 };
	struct mpiwire_msg out;

	(void)s;
	/* Every bit of the value and the metric survives the text form. */
	in.out.value = UINT64_MAX;
	in.out.metric = 0.1 + 0.2;
	in.out.status = -110;
	in.out.errors = 3;
	snprintf(in.out.err, sizeof(in.out.err),
		 "task 7: a message with spaces, \"quotes\" and %%");
	assert_int_equal(round_trip(&in, &out), MPIWIRE_OUT);
	assert_int_equal(out.task, 7);
	assert_int_equal(out.rank, 1);
	assert_true(out.out.value == UINT64_MAX);
	assert_true(out.out.metric == 0.1 + 0.2);
	assert_int_equal(out.out.status, -110);
	assert_int_equal(out.out.errors, 3);
	assert_string_equal(out.out.err, in.out.err);

	/* The longest message fits a line. */
	memset(in.out.err, 'x', sizeof(in.out.err) - 1);
	in.out.err[sizeof(in.out.err) - 1] = '\0';
	assert_int_equal(round_trip(&in, &out), MPIWIRE_OUT);
	assert_string_equal(out.out.err, in.out.err);

	/* No message at all. */
	in.out.err[0] = '\0';
	assert_int_equal(round_trip(&in, &out), MPIWIRE_OUT);
	assert_string_equal(out.out.err, "");
}

static void wire_rejects_malformed_lines(void **s)
{
	static const char *const bad[] = {
		"@gb ready\n",
		"@gb ready 2 3\n",
		"@gb ready -1\n",
		"@gb sent 1\n",
		"@gb sent x 1\n",
		"@gb host 1\n",
		"@gb host 1 three words here\n",
		"@gb host 1 name \n",			/* empty boot id */
		"@gb out 1 2 3 0 0 0x0p+0\n",
		"@gb out 1 2 3 0 0 0x0p+0 abc\n",	/* odd hex */
		"@gb out 1 2 3 0 0 0x0p+0 zz\n",	/* not hex */
		"@gb out 1 2 3 0 0 0x0p+0 \n",		/* empty, not "-" */
		"@gb done soon\n",
		"@gb launch\n",
	};
	struct mpiwire_msg m;

	(void)s;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (mpiwire_parse(bad[i], &m) != MPIWIRE_BAD)
			fail_msg("accepted: %s", bad[i]);
	}
	/* Lines that are not ours (Open MPI's, a workload's) are skipped. */
	assert_int_equal(mpiwire_parse("[vm:123] *** Process received signal",
				       &m), MPIWIRE_NONE);
	assert_int_equal(mpiwire_parse("@gbx ready 1", &m), MPIWIRE_NONE);
	/* A carriage return (a terminal in between) is not part of it. */
	assert_int_equal(mpiwire_parse("@gb ready 2\r\n", &m), MPIWIRE_READY);
	assert_int_equal(m.workers, 2);
}

/* Write text to a fresh temporary file; returns its path (static). */
static const char *temp_file(const char *text)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/gb-hostfile-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static int check_text(const char *text, struct hostfile_info *hi, char *err,
		      size_t len)
{
	const char *path = temp_file(text);
	int rc = hostfile_check(path, hi, err, len);

	unlink(path);
	return rc;
}

static void hostfile_accepts_open_mpi_syntax(void **s)
{
	struct hostfile_info hi;
	char err[512] = "";
	int rc;

	(void)s;
	rc = check_text("# lab machines\n"
			"\n"
			"localhost slots=2   # this one\n"
			"node1.lab slots=4 max_slots=8\n"
			"alice@node2\tslots=1\n"
			"10.0.0.3\n", &hi, err, sizeof(err));
	if (rc)
		fail_msg("rejected: %s", err);
	assert_int_equal(hi.hosts, 4);
	assert_int_equal(hi.remote, 3);
	assert_int_equal(hi.slots, 7);

	rc = check_text("localhost\n127.0.0.1 slots=1\n", &hi, err, sizeof(err));
	assert_int_equal(rc, 0);
	assert_int_equal(hi.remote, 0);
}

static void hostfile_errors_name_file_line_and_text(void **s)
{
	static const struct { const char *text, *want; } cases[] = {
		{ "localhost\nnode1 slots=0\n", "line 2: 'slots=0' is not slots=N" },
		{ "node1 slots=-3\n", "line 1: 'slots=-3'" },
		{ "node1 slots\n", "line 1: 'slots'" },
		{ "node1 colour=blue\n", "line 1: 'colour=blue'" },
		{ "no/de\n", "line 1: 'no/de' is not a host name" },
		{ "-oProxyCommand=x\n", "is not a host name" },
		{ "", "names no host" },
		{ "# nothing\n   \n", "names no host" },
	};
	struct hostfile_info hi;
	char err[512];

	(void)s;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		assert_int_equal(check_text(cases[i].text, &hi, err,
					    sizeof(err)), -EINVAL);
		if (!strstr(err, cases[i].want) || !strstr(err, "--hostfile: "))
			fail_msg("'%s': got '%s', want '%s'", cases[i].text, err,
				 cases[i].want);
		assert_null(strchr(err, '\n'));
	}
	assert_int_equal(hostfile_check("/nonexistent/hosts", &hi, err,
					sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "cannot read '/nonexistent/hosts'"));
	assert_int_equal(hostfile_check("/tmp", &hi, err, sizeof(err)), -EISDIR);
}

static void hostfile_knows_this_machine(void **s)
{
	char self[256];

	(void)s;
	assert_int_equal(gethostname(self, sizeof(self)), 0);
	assert_true(hostfile_is_local(self));
	assert_true(hostfile_is_local("localhost"));
	assert_true(hostfile_is_local("bob@localhost"));
	assert_true(hostfile_is_local("::1"));
	assert_false(hostfile_is_local("node-elsewhere.invalid"));
	assert_false(hostfile_is_local("localhostx"));
}

/* The pool runs every task once per run, twice on the same job (a pool
 * may be reused), and leaves no process behind. */
static void pool_mpi_runs_each_task_once_per_run(void **s)
{
	const struct mode *m = gb_mode_find("mpi");
	const struct workload *wl = gb_workload_find("sumsq");
	struct wl_params p = { .tasks = 9, .size = 1000 };
	char err[256], prog[4096];
	struct pool_stats st = { 0 };
	struct task_out outs[9];
	void *state = NULL, *pool = NULL;

	(void)s;
	if (mpi_mode_check(err, sizeof(err))) {
		print_message("skipped: %s\n", err);
		skip();
	}
	assert_int_equal(mpi_rank_program(prog, sizeof(prog)), 0);
	assert_non_null(m);
	assert_int_equal(wl->setup(&p, &state, err, sizeof(err)), 0);
	{
		struct job job = { .wl = wl, .state = state, .params = &p,
				   .ntasks = 9, .workers = 2 };

		assert_int_equal(m->create(&pool, &job), 0);
		for (int run = 0; run < 2; run++) {
			memset(outs, 0xff, sizeof(outs));
			assert_int_equal(m->run(pool, outs), 0);
			for (uint64_t i = 0; i < 9; i++) {
				assert_int_equal(outs[i].status, 0);
				assert_int_equal(outs[i].value,
						 wl->expect(state, i));
			}
		}
		m->destroy(pool, &st);
	}
	/* The ranks' CPU time came back through mpirun. */
	assert_true(st.child_user_s + st.child_sys_s > 0);
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
	if (wl->teardown)
		wl->teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wire_round_trips_every_kind),
		cmocka_unit_test(wire_result_is_exact),
		cmocka_unit_test(wire_rejects_malformed_lines),
		cmocka_unit_test(hostfile_accepts_open_mpi_syntax),
		cmocka_unit_test(hostfile_errors_name_file_line_and_text),
		cmocka_unit_test(hostfile_knows_this_machine),
		cmocka_unit_test(pool_mpi_runs_each_task_once_per_run),
	};

	return cmocka_run_group_tests_name("mpi", tests, NULL, NULL);
}
