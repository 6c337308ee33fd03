/* server_proc.c - see server_proc.h. */
#include "workloads/lib/server_proc.h"
#include "bench/core/hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How long the server may take to print its URL, and to stop. */
#define START_TIMEOUT_MS 10000
#define STOP_TIMEOUT_MS 5000

/* In the child: become the server, or _exit(127). Only async-signal-safe
 * calls here (the parent may have threads). */
static void exec_server(const char *path, int out_fd, pid_t parent)
{
	sigset_t none;

	/* Die with bin/bench, however it dies; and if it already died
	 * before prctl, do not start at all. */
	if (gb_bind_to_parent(parent, SIGTERM))
		_exit(127);
	setpgid(0, 0);
	if (dup2(out_fd, STDOUT_FILENO) < 0)
		_exit(127);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execl(path, path, "--host", "127.0.0.1", "--port", "0", (char *)NULL);
	_exit(127);
}

/* Read the URL line from fd, waiting at most START_TIMEOUT_MS. 0, or
 * -ETIMEDOUT, -EINTR (stop signal), -EPIPE (EOF first), -errno. */
static int read_url(int fd, char *url, size_t len)
{
	struct timespec t0, t;
	size_t got = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (got + 1 < len) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long ms;
		ssize_t n;

		clock_gettime(CLOCK_MONOTONIC, &t);
		ms = START_TIMEOUT_MS - (t.tv_sec - t0.tv_sec) * 1000 -
		     (t.tv_nsec - t0.tv_nsec) / 1000000;
		if (ms <= 0)
			return -ETIMEDOUT;
		if (poll(&p, 1, (int)ms) < 0) {
			if (errno != EINTR)
				return -errno;
			if (gb_stop_signal)
				return -EINTR;
			continue;
		}
		n = read(fd, url + got, len - 1 - got);
		if (n < 0 && errno != EINTR && errno != EAGAIN)
			return -errno;
		if (n == 0)
			return -EPIPE;
		if (n > 0)
			got += (size_t)n;
		url[got] = '\0';
		if (strchr(url, '\n')) {
			*strchr(url, '\n') = '\0';
			return 0;
		}
	}
	return -EOVERFLOW;
}

int server_proc_start(const char *self, pid_t *pid, char *url, size_t urllen,
		      char *err, size_t errlen)
{
	char path[PATH_MAX];
	const char *slash = self ? strrchr(self, '/') : NULL;
	pid_t parent = getpid(), child;
	int fds[2], rc, status;

	if (!slash)
		snprintf(path, sizeof(path), "latency-server");
	else
		snprintf(path, sizeof(path), "%.*s/latency-server",
			 (int)(slash - self), self);
	if (access(path, X_OK) < 0) {
		rc = -errno;
		snprintf(err, errlen, "cannot run the bundled server '%s': %s "
			 "(build it with make, or pass --url)", path,
			 strerror(-rc));
		return rc;
	}
	if (pipe2(fds, O_CLOEXEC) < 0) {
		rc = -errno;
		snprintf(err, errlen, "pipe: %s", strerror(-rc));
		return rc;
	}
	fflush(NULL);
	child = fork();
	if (child == 0)
		exec_server(path, fds[1], parent);
	rc = child < 0 ? -errno : 0;
	close(fds[1]);
	if (!rc)
		rc = read_url(fds[0], url, urllen);
	close(fds[0]);
	if (!rc && strncmp(url, "http://", 7) != 0)
		rc = -EPROTO;
	if (!rc) {
		*pid = child;
		return 0;
	}
	if (child < 0) {
		snprintf(err, errlen, "cannot start '%s': %s", path,
			 strerror(-rc));
		return rc;
	}
	status = server_proc_stop(child);
	if (rc == -EPIPE) {
		char how[64];

		gb_describe_status(status, how, sizeof(how));
		snprintf(err, errlen, "the bundled server '%s' %s before it "
			 "printed its URL", path, how);
	} else {
		snprintf(err, errlen, "the bundled server '%s' did not start: "
			 "%s", path, rc == -EPROTO ? "it printed no URL"
			 : strerror(-rc));
	}
	return rc;
}

int server_proc_stop(pid_t pid)
{
	struct timespec tick = { 0, 10 * 1000000 };	/* 10 ms */
	int status = 0;

	kill(pid, SIGTERM);
	for (int waited = 0; waited < STOP_TIMEOUT_MS; waited += 10) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid || (r < 0 && errno != EINTR))
			return status;
		nanosleep(&tick, NULL);
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}
