/*
 * http.c - I/O-bound work: each task is one HTTP GET through libcurl.
 *
 * By default bin/bench starts its bundled server (bin/latency-server, see
 * server_proc.h) on a free loopback port and every task fetches
 *
 *     /delay/<--latency-ms>?bytes=<--bytes>
 *
 * whose body is known: byte k is 'a' + k % 26. A task checks the status
 * (200), the length and every byte against that pattern while it
 * arrives, and returns the sum of the bytes; expect() knows that sum from
 * a closed form. With --url or --url-file the bodies are unknown: a task
 * checks status 200 and a non-empty body, and its known answer is the
 * status itself (200).
 *
 * libcurl as its own examples use it: curl_global_init once in main()
 * before any thread or fork; one easy handle per worker, made in
 * worker_init (after fork, in a process pool) and reused, so its
 * connection is kept alive from task to task; CURLOPT_NOSIGNAL because
 * workers are threads. The transfer is a blocking section, so the GIL
 * modes release the lock around it as CPython does. The async mode
 * drives up to --workers transfers on one thread with the multi
 * interface's socket API and epoll (run_async below, as curl's
 * ephiperfifo.c example), which holds 10,000 transfers in flight.
 */
#include "workloads/workload.h"
#include "workloads/lib/server_proc.h"
#include "workloads/lib/urllist.h"

#include <curl/curl.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>

#define NO_BAD_BYTE UINT64_MAX

struct http {
	int bundled;		/* bodies are the bundled server's pattern */
	pid_t server;		/* the bundled server we started, or 0 */
	char url[128];		/* bundled: what every task fetches */
	struct urllist list;	/* --url / --url-file: task i gets i % n */
	uint64_t bytes;		/* bundled: body length */
	long connect_ms, total_ms;
	double task_timeout_s;	/* --task-timeout, or 0 */
};

/* One transfer: an easy handle and what its body callback has seen. */
struct xfer {
	CURL *h;
	const struct http *st;
	const char *url;
	uint64_t task;
	uint64_t got;		/* body bytes received */
	uint64_t sum;		/* their sum, the task's value */
	uint64_t bad_at;	/* first byte off the pattern, or NO_BAD_BYTE */
	int blocking;		/* inside curl_easy_perform's blocking section */
	int sock_errno;		/* socket() failed with it (EMFILE), or 0 */
	char errbuf[CURL_ERROR_SIZE];
};

/* The sum of bytes 0..n-1 of a bundled body, 'a' + k % 26, in closed
 * form: every full run of 26 adds 0 + 1 + ... + 25 = 325 above 'a'. */
static uint64_t pattern_sum(uint64_t n)
{
	uint64_t r = n % 26;

	return 97 * n + 325 * (n / 26) + (r ? r * (r - 1) / 2 : 0);
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * nmemb;
	unsigned c = (unsigned)(x->got % 26);

	/* Handling the data is the program's own work: in CPython the read
	 * releases the GIL, the code that looks at what was read holds it.
	 * So under a GIL mode the check of each chunk takes the lock. */
	if (x->blocking)
		gb_blocking_end();
	for (size_t i = 0; i < len; i++) {
		unsigned char b = (unsigned char)p[i];

		x->sum += b;
		if (b != 'a' + c && x->bad_at == NO_BAD_BYTE)
			x->bad_at = x->got + i;
		c = c == 25 ? 0 : c + 1;
	}
	x->got += len;
	if (x->blocking)
		gb_blocking_begin();
	return len;
}

/* Called by libcurl about once a second and on progress: a non-zero
 * answer aborts the transfer, so Ctrl-C does not wait for a slow server. */
static int on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut,
		       curl_off_t un)
{
	(void)arg; (void)dt; (void)dn; (void)ut; (void)un;
	return gb_stop_signal != 0;
}

/* libcurl's socket(), ours so that a failure keeps its errno (libcurl
 * reports only "Couldn't connect to server"), and close-on-exec so that
 * a worker spawned meanwhile does not inherit the connection. */
static curl_socket_t open_socket(void *arg, curlsocktype purpose,
				 struct curl_sockaddr *a)
{
	struct xfer *x = arg;
	int fd = socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);

	(void)purpose;
	if (fd < 0) {
		x->sock_errno = errno;
		return CURL_SOCKET_BAD;
	}
	return fd;
}

/*
 * Sockets to the bundled server close with a reset (SO_LINGER 0) instead
 * of the usual handshake, so that they leave no TIME_WAIT behind. Our side
 * closes first, at the end of a repetition, so every connection would
 * otherwise hold its local port for 60 s: three repetitions of 10,000
 * connections to the same server need more ports than the 28,232 of
 * Linux's default ephemeral range, and the next connects fail at once.
 * The answers are all in by then; only the idle connections are reset.
 */
static int no_time_wait(void *arg, curl_socket_t fd, curlsocktype purpose)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	(void)arg;
	if (purpose == CURLSOCKTYPE_IPCXN)
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	return CURL_SOCKOPT_OK;
}

/* Make x's easy handle, with every option that does not change per task. */
static int xfer_init(struct xfer *x, const struct http *st)
{
	memset(x, 0, sizeof(*x));
	x->st = st;
	x->h = curl_easy_init();
	if (!x->h)
		return -ENOMEM;
	curl_easy_setopt(x->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(x->h, CURLOPT_CONNECTTIMEOUT_MS, st->connect_ms);
	curl_easy_setopt(x->h, CURLOPT_TIMEOUT_MS, st->total_ms);
	curl_easy_setopt(x->h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(x->h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(x->h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(x->h, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(x->h, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(x->h, CURLOPT_PRIVATE, x);
	curl_easy_setopt(x->h, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(x->h, CURLOPT_OPENSOCKETDATA, x);
	curl_easy_setopt(x->h, CURLOPT_USERAGENT, "gilbench");
	/* http and https only, also where a redirect leads: the URLs were
	 * checked to be http(s), and a redirect must not take a task to
	 * ftp://, file:// or anything else libcurl speaks. */
#if LIBCURL_VERSION_NUM >= 0x075500	/* 7.85.0: the _STR options */
	curl_easy_setopt(x->h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(x->h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(x->h, CURLOPT_PROTOCOLS,
			 (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl_easy_setopt(x->h, CURLOPT_REDIR_PROTOCOLS,
			 (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	if (st->bundled) {
		/* Loopback only: never through a proxy from the environment. */
		curl_easy_setopt(x->h, CURLOPT_PROXY, "");
		curl_easy_setopt(x->h, CURLOPT_SOCKOPTFUNCTION, no_time_wait);
		/* A receive buffer the size of the answer (its headers are
		 * some 150 bytes), not libcurl's 16 KiB: each handle's buffer is
		 * resident, and at 6,000 transfers the default took 130 of the
		 * 220 MiB of the async mode. */
		curl_easy_setopt(x->h, CURLOPT_BUFFERSIZE,
				 st->bytes + 1024 < CURL_MAX_WRITE_SIZE ?
				 (long)st->bytes + 1024 : (long)CURL_MAX_WRITE_SIZE);
	} else {
		/* Real sites redirect (http to https, a trailing slash). */
		curl_easy_setopt(x->h, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(x->h, CURLOPT_MAXREDIRS, 5L);
	}
	return 0;
}

static void xfer_begin(struct xfer *x, uint64_t task)
{
	const struct http *st = x->st;

	x->task = task;
	x->url = st->bundled ? st->url : st->list.urls[task % st->list.n];
	x->got = x->sum = 0;
	x->bad_at = NO_BAD_BYTE;
	x->sock_errno = 0;
	x->errbuf[0] = '\0';
	curl_easy_setopt(x->h, CURLOPT_URL, x->url);
}

/* Where a timed-out transfer stood, for its message: a server that never
 * answered a request it had accepted is a different fault from a
 * connection that never got set up (a full listen queue drops SYNs). "" when
 * the transfer did not time out. */
static const char *timeout_stage(struct xfer *x, CURLcode rc)
{
	curl_off_t connected_us = 0;
	long sent = 0;

	if (rc != CURLE_OPERATION_TIMEDOUT)
		return "";
	curl_easy_getinfo(x->h, CURLINFO_CONNECT_TIME_T, &connected_us);
	curl_easy_getinfo(x->h, CURLINFO_REQUEST_SIZE, &sent);
	if (!connected_us)
		return " (never connected: the server's side did not "
		       "complete the TCP handshake)";
	if (!sent)
		return " (connected, but the request was not sent)";
	if (!x->got)
		return " (connected and sent the request; the server "
		       "did not answer)";
	return " (connected and sent the request; the answer stopped "
	       "part-way)";
}

/* A failed transfer whose cause libcurl words poorly: out of descriptors
 * reads "Couldn't connect to server", a refused redirect "Protocol not
 * supported". Returns 1 when *out got a clearer message. */
static int explain_failure(struct xfer *x, CURLcode rc, struct task_out *out)
{
	const struct http *st = x->st;
	long oserr = x->sock_errno;
	char *where = NULL;

	if (!oserr)
		curl_easy_getinfo(x->h, CURLINFO_OS_ERRNO, &oserr);
	if (oserr == EMFILE || oserr == ENFILE) {
		struct rlimit rl = { 0, 0 };

		getrlimit(RLIMIT_NOFILE, &rl);
		wl_fail(out, -(int)oserr, "GET %s: out of file descriptors "
			"(%s; this process may have %llu open, see ulimit -n: "
			"raise it or use fewer workers)", x->url,
			oserr == EMFILE ? "EMFILE" : "ENFILE, the system's limit",
			(unsigned long long)rl.rlim_cur);
		return 1;
	}
	if (rc == CURLE_UNSUPPORTED_PROTOCOL &&
	    curl_easy_getinfo(x->h, CURLINFO_EFFECTIVE_URL, &where) ==
	    CURLE_OK && where && strcmp(where, x->url)) {
		wl_fail(out, -EPROTO, "GET %s: redirected to '%.60s', which is "
			"not http:// or https:// (not followed)", x->url, where);
		return 1;
	}
	if (rc == CURLE_OPERATION_TIMEDOUT && st->task_timeout_s > 0) {
		wl_fail(out, -ETIMEDOUT, "GET %s: timed out after %g s "
			"(--task-timeout)%s", x->url, st->task_timeout_s,
			timeout_stage(x, rc));
		return 1;
	}
	return 0;
}

/* Judge a finished transfer into *out. */
static void xfer_end(struct xfer *x, CURLcode rc, struct task_out *out)
{
	const struct http *st = x->st;
	long code = 0;

	memset(out, 0, sizeof(*out));
	out->errors = 1;	/* until proven otherwise */
	if (rc == CURLE_ABORTED_BY_CALLBACK) {
		wl_fail(out, -EINTR, "GET %s: interrupted", x->url);
		return;
	}
	if (rc != CURLE_OK && explain_failure(x, rc, out))
		return;
	if (rc != CURLE_OK) {
		long os_errno = 0;

		/* The system's reason too: at 10,000 connections "Couldn't
		 * connect" may be a refused SYN, no free port or no fd. */
		curl_easy_getinfo(x->h, CURLINFO_OS_ERRNO, &os_errno);
		wl_fail(out, -EIO, "GET %s: %s%s%s%s%s", x->url,
			x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc),
			os_errno ? " (" : "",
			os_errno ? strerror((int)os_errno) : "",
			os_errno ? ")" : "", timeout_stage(x, rc));
		return;
	}
	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &code);
	if (code != 200) {
		wl_fail(out, -EPROTO, "GET %s: HTTP status %ld, expected 200",
			x->url, code);
		return;
	}
	if (!st->bundled) {
		if (!x->got) {
			wl_fail(out, -EPROTO, "GET %s: empty body", x->url);
			return;
		}
		out->value = 200;
	} else if (x->got != st->bytes) {
		wl_fail(out, -EPROTO, "GET %s: body of %llu bytes, expected %llu",
			x->url, (unsigned long long)x->got,
			(unsigned long long)st->bytes);
		return;
	} else if (x->bad_at != NO_BAD_BYTE) {
		wl_fail(out, -EPROTO, "GET %s: body byte %llu is not 'a' + k %% 26",
			x->url, (unsigned long long)x->bad_at);
		return;
	} else {
		out->value = x->sum;
	}
	out->errors = 0;
}

/* --- the workload --- */

/* --url, or --url-file as the parent read it (p->url_fd) when it did. */
static int load_list(const struct wl_params *p, struct urllist *l,
		     char *err, size_t errlen)
{
	if (p->url)
		return urllist_one(l, p->url, err, errlen);
	if (p->url_fd >= 0)
		return urllist_load_fd(l, p->url_file, p->url_fd, err, errlen);
	return urllist_load(l, p->url_file, err, errlen);
}

static int http_check(const struct wl_params *p, char *err, size_t errlen)
{
	struct urllist l;
	int rc = 0;

	if (p->url_file || p->url) {
		rc = load_list(p, &l, err, errlen);
		if (!rc)
			urllist_free(&l);
	} else if (p->latency_ms != floor(p->latency_ms)) {
		snprintf(err, errlen, "--latency-ms: '%g' is not whole "
			 "milliseconds, as the http workload's bundled server "
			 "needs", p->latency_ms);
		rc = -EINVAL;
	}
	return rc;
}

static void http_teardown(void *state)
{
	struct http *st = state;

	if (st->server > 0) {
		int status = server_proc_stop(st->server);

		/* It stops cleanly on SIGTERM; anything else is a bug (or a
		 * sanitizer's report) worth seeing. */
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			gb_warn("http: the bundled server did not stop cleanly "
				"(wait status 0x%x)", status);
	}
	urllist_free(&st->list);
	free(st);
}

static int http_setup(const struct wl_params *p, void **state, char *err,
		      size_t errlen)
{
	struct http *st = calloc(1, sizeof(*st));
	char base[96];
	int rc;

	if (!st)
		return -ENOMEM;
	/* 1,000 concurrent transfers need 1,000 sockets: main() raised the
	 * descriptor limit for as many workers. */
	st->connect_ms = (long)(p->timeout_s * 1000);
	st->total_ms = st->connect_ms;
	if (p->url || p->url_file) {
		rc = load_list(p, &st->list, err, errlen);
	} else {
		st->bundled = 1;
		st->bytes = p->bytes;
		/* The answer itself takes latency_ms: time out after it. */
		st->total_ms += (long)p->latency_ms;
		rc = server_proc_start(p->self, &st->server, base, sizeof(base),
				       err, errlen);
	}
	/* --task-timeout is a task's whole time, in every mode: a thread
	 * cannot be killed, but its transfer can be cut at the limit. */
	if (p->task_timeout_s > 0) {
		st->task_timeout_s = p->task_timeout_s;
		st->total_ms = (long)ceil(p->task_timeout_s * 1000);
		if (st->connect_ms > st->total_ms)
			st->connect_ms = st->total_ms;
	}
	if (!rc && st->bundled)
		snprintf(st->url, sizeof(st->url), "%s/delay/%.0f?bytes=%llu",
			 base, p->latency_ms, (unsigned long long)p->bytes);
	if (rc) {
		http_teardown(st);
		return rc;
	}
	*state = st;
	return 0;
}

static int http_worker_init(void *state, void **wstate)
{
	struct xfer *x = malloc(sizeof(*x));
	int rc;

	if (!x)
		return -ENOMEM;
	rc = xfer_init(x, state);
	if (rc) {
		free(x);
		return rc;
	}
	*wstate = x;
	return 0;
}

static void http_worker_fini(void *wstate)
{
	struct xfer *x = wstate;

	curl_easy_cleanup(x->h);
	free(x);
}

static void http_task(void *state, void *wstate, uint64_t i,
		      struct task_out *out)
{
	struct xfer *x = wstate;
	CURLcode rc;

	(void)state;
	xfer_begin(x, i);
	gb_blocking_begin();
	x->blocking = 1;
	rc = curl_easy_perform(x->h);
	x->blocking = 0;
	gb_blocking_end();
	xfer_end(x, rc, out);
}

static uint64_t http_expect(void *state, uint64_t i)
{
	const struct http *st = state;

	(void)i;
	return st->bundled ? pattern_sum(st->bytes) : 200;
}

/*
 * The event loop: up to `inflight` transfers on one multi handle; each
 * finished transfer's handle takes the next task.
 *
 * It is libcurl's socket interface driven by epoll (as curl's
 * ephiperfifo.c example), not curl_multi_perform + curl_multi_poll:
 * those look at every transfer on every wake-up, which at 10,000
 * transfers in flight took 4 s of CPU time for one round of 200 ms.
 * Here libcurl tells us which sockets to watch (on_socket) and when to
 * call it back (on_timer), and each wake-up costs only the sockets that
 * are ready.
 */
struct loop {
	CURLM *m;
	int ep;			/* epoll */
	double due;		/* libcurl's timer (gb_now), or 0: none */
};

static int on_socket(CURL *e, curl_socket_t s, int what, void *arg,
		     void *sockp)
{
	struct loop *l = arg;
	struct epoll_event ev = { .data.fd = s };

	(void)e;
	(void)sockp;
	if (what == CURL_POLL_REMOVE) {
		/* Closed sockets leave epoll by themselves: ENOENT is fine. */
		epoll_ctl(l->ep, EPOLL_CTL_DEL, s, NULL);
		return 0;
	}
	ev.events = (what & CURL_POLL_IN ? EPOLLIN : 0u) |
		    (what & CURL_POLL_OUT ? EPOLLOUT : 0u);
	if (epoll_ctl(l->ep, EPOLL_CTL_MOD, s, &ev) < 0 &&
	    epoll_ctl(l->ep, EPOLL_CTL_ADD, s, &ev) < 0)
		return -1;
	return 0;
}

static int on_timer(CURLM *m, long ms, void *arg)
{
	struct loop *l = arg;

	(void)m;
	l->due = ms < 0 ? 0 : gb_now() + (double)ms / 1000;
	return 0;
}

/* The milliseconds epoll may wait: until libcurl's timer, at most 200 ms
 * so that a stop signal is seen promptly. */
static int wait_ms(const struct loop *l)
{
	double left;

	if (!l->due)
		return 200;
	left = (l->due - gb_now()) * 1000;
	return left <= 0 ? 0 : left >= 200 ? 200 : (int)left + 1;
}

static int http_run_async(void *state, uint64_t n, unsigned inflight,
			  struct task_out *outs)
{
	struct http *st = state;
	unsigned nx = n < inflight ? (unsigned)n : inflight, made = 0;
	struct xfer *xs = calloc(nx ? nx : 1, sizeof(*xs));
	unsigned char *busy = calloc(nx ? nx : 1, 1);
	struct epoll_event evs[256];
	struct loop l = { .m = curl_multi_init(), .ep = -1 };
	uint64_t next = 0;
	unsigned active = 0;
	int rc = 0, running;

	if (!xs || !busy || !l.m) {
		rc = -ENOMEM;
		goto out;
	}
	l.ep = epoll_create1(EPOLL_CLOEXEC);
	if (l.ep < 0) {
		rc = -errno;
		goto out;
	}
	/* Keep every connection for reuse, as each easy handle does. */
	curl_multi_setopt(l.m, CURLMOPT_MAXCONNECTS, (long)nx);
	curl_multi_setopt(l.m, CURLMOPT_SOCKETFUNCTION, on_socket);
	curl_multi_setopt(l.m, CURLMOPT_SOCKETDATA, &l);
	curl_multi_setopt(l.m, CURLMOPT_TIMERFUNCTION, on_timer);
	curl_multi_setopt(l.m, CURLMOPT_TIMERDATA, &l);
	for (; made < nx && !rc; made++)
		rc = xfer_init(&xs[made], st);
	for (unsigned k = 0; k < nx && !rc; k++) {
		xfer_begin(&xs[k], next++);
		/* libcurl 7.88 looks for a connection to reuse by walking
		 * every connection to the host, and after each transfer that
		 * kept its connection walks the whole cache again when the
		 * handle is removed: at 10,000 in flight that is 10^8 steps
		 * per round, seconds of CPU. The first wave can reuse nothing
		 * (no connection is idle yet), so it skips the search; and when
		 * every handle runs one task only (tasks <= in flight, as in
		 * the concurrency sweep) its connection would only idle until
		 * the end of the repetition, so it closes when the answer is
		 * in and leaves nothing to walk. */
		curl_easy_setopt(xs[k].h, CURLOPT_FRESH_CONNECT, 1L);
		if (nx == n)
			curl_easy_setopt(xs[k].h, CURLOPT_FORBID_REUSE, 1L);
		if (curl_multi_add_handle(l.m, xs[k].h) != CURLM_OK) {
			rc = -ENOMEM;
		} else {
			busy[k] = 1;
			active++;
		}
	}
	while (active && !rc && !gb_stop_signal) {
		struct CURLMsg *msg;
		int left, got;

		gb_blocking_begin();
		got = epoll_wait(l.ep, evs, (int)(sizeof(evs) / sizeof(*evs)),
				 wait_ms(&l));
		gb_blocking_end();
		if (got < 0 && errno != EINTR) {
			rc = -errno;
			break;
		}
		for (int k = 0; k < got; k++) {
			int how = (evs[k].events & EPOLLIN ? CURL_CSELECT_IN : 0) |
				  (evs[k].events & EPOLLOUT ? CURL_CSELECT_OUT : 0) |
				  (evs[k].events & (EPOLLERR | EPOLLHUP) ?
				   CURL_CSELECT_ERR : 0);

			curl_multi_socket_action(l.m, evs[k].data.fd, how,
						 &running);
		}
		if (l.due && gb_now() >= l.due) {
			l.due = 0;
			curl_multi_socket_action(l.m, CURL_SOCKET_TIMEOUT, 0,
						 &running);
		}
		while ((msg = curl_multi_info_read(l.m, &left))) {
			struct xfer *x;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
					  (char **)&x);
			curl_multi_remove_handle(l.m, x->h);
			xfer_end(x, msg->data.result, &outs[x->task]);
			busy[x - xs] = 0;
			active--;
			if (next < n && !gb_stop_signal) {
				xfer_begin(x, next++);
				curl_easy_setopt(x->h, CURLOPT_FRESH_CONNECT, 0L);
				if (curl_multi_add_handle(l.m, x->h) == CURLM_OK) {
					busy[x - xs] = 1;
					active++;
				} else {
					wl_fail(&outs[x->task], -ENOMEM,
						"GET %s: cannot start", x->url);
				}
			}
		}
	}
	/* Ctrl-C: the transfers still in flight end as interrupted. */
	for (unsigned k = 0; k < made && !rc; k++)
		if (busy[k])
			xfer_end(&xs[k], CURLE_ABORTED_BY_CALLBACK,
				 &outs[xs[k].task]);
	/* Tasks never started (Ctrl-C) fail rather than read as zero. */
	for (; next < n && !rc; next++) {
		outs[next].errors = 1;
		wl_fail(&outs[next], -EINTR, "task %llu: interrupted before "
			"it started", (unsigned long long)next);
	}
out:
	for (unsigned k = 0; k < made; k++) {
		curl_multi_remove_handle(l.m, xs[k].h);
		curl_easy_cleanup(xs[k].h);
	}
	if (l.m)
		curl_multi_cleanup(l.m);
	if (l.ep >= 0)
		close(l.ep);
	free(busy);
	free(xs);
	return rc;
}

const struct workload wl_http = {
	.name = "http",
	.kind = WL_IO,
	.desc = "one HTTP GET per task through libcurl (bundled server by default)",
	.size_doc = "unused; see --latency-ms, --bytes, --url, --url-file",
	.default_tasks = 64,
	.default_size = 1,
	.max_size = UINT64_MAX,
	/* The bundled server listens on loopback: every rank must share it. */
	.flags = WL_F_LOOPBACK,
	/* Its connection, and the socketpair libcurl 7.x keeps per easy
	 * handle to wake it (curl_easy_perform makes a multi handle of its
	 * own); in the async mode the multi handle's one pair serves all. */
	.fds_per_worker = 3,
	.fds_per_async = 1,
	.check = http_check,
	.setup = http_setup,
	.teardown = http_teardown,
	.worker_init = http_worker_init,
	.worker_fini = http_worker_fini,
	.run_task = http_task,
	.expect = http_expect,
	.run_async = http_run_async,
	.unit = "unused (the delay is the work)",
	.gloss = "One HTTP request per task to a local server that answers "
		 "after a set delay (`--latency-ms`). I/O-bound.",
};
