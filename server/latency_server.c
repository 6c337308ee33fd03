/*
 * latency_server.c - bin/latency-server, the bundled HTTP server the
 * `http` workload fetches from: a known delay and a known body, so the
 * client can verify every answer and the benchmark measures waiting, not
 * the internet.
 *
 *   latency-server [--host ADDR] [--port N]     (defaults 127.0.0.1, 0)
 *                  [--corrupt-byte K] [--listeners N]  (for the tests)
 *                  [--stats]
 *
 * prints its URL ("http://127.0.0.1:PORT") on stdout, one flushed line,
 * once it accepts connections, and serves:
 *
 *   GET /delay/MS[?bytes=N]  answers after MS milliseconds (N bytes, 64)
 *   GET /bytes/N             answers at once with N bytes
 *
 * Byte k of every body is 'a' + k % 26. Other paths get 404; a bad number,
 * or more than 60,000 ms or 64 MiB, gets 400. SIGINT or SIGTERM stops it
 * cleanly (exit 0). --corrupt-byte K serves byte K of every body wrong,
 * so the tests can show that the client checks every byte; --listeners N
 * listens on N sockets instead of 4 (one lets a test put a burst of
 * requests on one event loop). On stopping it
 * counts its connections, answers and late answers (due more than 5 s
 * before they were sent) on stderr: always with --stats, and whenever an
 * answer was late.
 *
 * How a delay holds up nothing else: libmicrohttpd runs the connections
 * of a listening socket through epoll. A delayed request is suspended
 * (MHD_suspend_connection) and its deadline goes into a min-heap; when it
 * is due the connection is resumed, the access handler runs again and
 * queues the answer. So 10,000 waiting requests cost 10,000 heap entries
 * and connection buffers of 8 KiB (about 90 MiB in all), not 10,000
 * sleeping threads. Four listening sockets share the port (LISTENERS), so
 * that 10,000 clients can connect at once.
 *
 * Each listener is one thread of ours (serve), which owns its daemon and
 * its heap: it waits on libmicrohttpd's epoll descriptor and its next
 * deadline, resumes what is due and calls MHD_run(), which never blocks.
 * libmicrohttpd's own event thread is not used: in 0.9.75 (Debian 12),
 * when one epoll_wait() returned its full 128 events it waited again with
 * the whole idle timeout (120 s) before handling them, and if nothing more
 * came, those 128 (requests read, resumes signalled) waited until the
 * clients gave up: a 30 s time-out in about one fresh server in 150 at
 * 1,024 connections. Driving the loop ourselves, the wait is ours and
 * knows everything that is pending; and with one thread per daemon, no
 * lock is needed.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#define MAX_DELAY_MS 60000u		/* the limits */
#define MAX_BYTES (64ull << 20)
#define DEFAULT_BYTES 64u		/* /delay without ?bytes= */
/* Bytes per body callback, at most: libmicrohttpd allocates (and zeroes)
 * a buffer this size for every response, so a small body gets a buffer of
 * its own size instead (10,000 answers of 64 bytes at once would
 * otherwise hold 640 MiB). */
#define BLOCK_SIZE (64u * 1024)
/* What libmicrohttpd keeps per connection for the request's headers and
 * the answer's: our clients send some 100 bytes of headers. The default,
 * 32 KiB, makes 10,000 connections cost about 500 MiB; 8 KiB, 90 MiB. A
 * request whose headers do not fit gets 431. */
#define CONN_MEMORY (8u * 1024)
/* Connections waiting to be accepted, per listening socket; the kernel
 * caps it at net.core.somaxconn (4096 on current kernels). */
#define LISTEN_BACKLOG 4096
/* Listening sockets on the one port (SO_REUSEPORT: the kernel spreads new
 * connections over them), each served by an event loop of its own. One
 * queue of 4,096 overflowed when 6,000 threads connected at once: the
 * dropped SYNs were sent again a second later, which then decided the
 * wall time. Four hold a burst of 16,384. */
#define LISTENERS 4
#define MAX_LISTENERS 64		/* --listeners */
/* Close idle keep-alive connections after this long (suspended ones are
 * never timed out by libmicrohttpd). */
#define IDLE_TIMEOUT_S 120u
/* An answer queued this long after its due time is late: the event loop
 * fell behind (the server says so when it stops). 5 s is beyond a busy
 * machine's delays (answers came up to 1.4 s late at a load average of
 * 400 on 2 vCPUs) and well below the client's 30 s time-out. */
#define LATE_NS 5000000000ull

/* The stop signal; only the main thread ever takes it (see main). */
static volatile sig_atomic_t stop_signal;

/* Readable once the server stops: main writes it, each serve() polls it
 * (and never reads it, so that every listener sees it). */
static int stop_pipe[2] = { -1, -1 };

/* --corrupt-byte: the byte served wrong, or none. Set before any thread. */
static uint64_t corrupt_at = UINT64_MAX;

/* One pending delayed request. */
struct timer {
	uint64_t due_ns;		/* CLOCK_MONOTONIC */
	struct MHD_Connection *conn;
};

/* One listening socket, its daemon and the requests suspended on it.
 * Only the listener's own thread (serve) touches it once that has
 * started; main reads the counters after joining it. */
struct listener {
	struct MHD_Daemon *d;
	int epoll_fd;			/* libmicrohttpd's: readable when it has work */
	pthread_t thread;
	struct timer *heap;		/* min-heap on due_ns */
	size_t n, cap;
	int stopping;			/* no new suspensions */
	/* The server's own counters, said when it stops. */
	uint64_t connections, requests, late;
	uint64_t worst_late_ns;		/* how far past due the latest answer came */
};

/* Per request, kept in libmicrohttpd's per-request pointer. Only the
 * listener's thread touches it. */
struct req {
	int waiting;			/* suspended until due_ns */
	uint64_t due_ns;
	uint64_t bytes;
	unsigned delay_ms;
	int code;			/* 0 = success, else an error */
	char msg[160];
};

/* Exit with status (2 usage, 1 failure) and one line on stderr. */
static void die(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("latency-server: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- the min-heap of a listener (its thread only) ---- */

static void heap_swap(struct listener *l, size_t a, size_t b)
{
	struct timer t = l->heap[a];

	l->heap[a] = l->heap[b];
	l->heap[b] = t;
}

static int heap_push(struct listener *l, struct timer t)
{
	size_t i;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 1024;
		struct timer *h = realloc(l->heap, cap * sizeof(*h));

		if (!h)
			return -ENOMEM;
		l->heap = h;
		l->cap = cap;
	}
	i = l->n++;
	l->heap[i] = t;
	while (i && l->heap[(i - 1) / 2].due_ns > l->heap[i].due_ns) {
		heap_swap(l, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
	return 0;
}

static struct timer heap_pop(struct listener *l)
{
	struct timer top = l->heap[0];
	size_t i = 0;

	l->heap[0] = l->heap[--l->n];
	for (;;) {
		size_t a = 2 * i + 1, b = a + 1, m = i;

		if (a < l->n && l->heap[a].due_ns < l->heap[m].due_ns)
			m = a;
		if (b < l->n && l->heap[b].due_ns < l->heap[m].due_ns)
			m = b;
		if (m == i)
			break;
		heap_swap(l, i, m);
		i = m;
	}
	return top;
}

/* ---- requests ---- */

/* byte k of every body; the client checks the same pattern */
static ssize_t body_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	uint64_t total = *(const uint64_t *)cls;
	size_t n = total - pos < max ? (size_t)(total - pos) : max;
	unsigned c = (unsigned)(pos % 26);

	if (pos >= total)
		return MHD_CONTENT_READER_END_OF_STREAM;
	for (size_t i = 0; i < n; i++) {
		buf[i] = (char)('a' + c);
		c = c == 25 ? 0 : c + 1;
	}
	if (corrupt_at >= pos && corrupt_at - pos < n)
		buf[corrupt_at - pos] ^= 0x20;	/* 'a' becomes 'A' */
	return (ssize_t)n;
}

static enum MHD_Result reply_text(struct MHD_Connection *conn,
				  unsigned code, const char *text)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
		strlen(text), (void *)text, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result rc;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain");
	if (code == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	rc = MHD_queue_response(conn, code, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result reply_body(struct listener *l,
				  struct MHD_Connection *conn, struct req *rq)
{
	struct MHD_Response *r;
	enum MHD_Result rc;

	l->requests++;
	if (rq->due_ns) {
		uint64_t now = now_ns(), past = now > rq->due_ns ?
			now - rq->due_ns : 0;

		if (past > l->worst_late_ns)
			l->worst_late_ns = past;
		if (past > LATE_NS)
			l->late++;
	}

	/* The callback reads rq->bytes; rq lives until the request ends,
	 * which is after the response is sent. */
	/* The block is never empty (+1), even for an empty body. */
	r = MHD_create_response_from_callback(rq->bytes,
					      rq->bytes < BLOCK_SIZE ?
					      (size_t)rq->bytes + 1 : BLOCK_SIZE,
					      body_reader, &rq->bytes, NULL);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain");
	rc = MHD_queue_response(conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return rc;
}

/* A decimal number of at most max: digits only, no sign, no overflow.
 * 0 or -EINVAL / -ERANGE. */
static int parse_num(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!s || !len)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		if (v > (max - (uint64_t)(s[i] - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Fill rq from the path and query; rq->code says 404 or 400 on error. */
static void parse_request(struct MHD_Connection *conn, const char *url,
			  struct req *rq)
{
	static const char delay[] = "/delay/", bytes[] = "/bytes/";
	const char *num, *q;
	size_t qlen;
	uint64_t v;
	int rc;

	rq->bytes = DEFAULT_BYTES;
	if (strncmp(url, delay, sizeof(delay) - 1) == 0) {
		num = url + sizeof(delay) - 1;
		rc = parse_num(num, strlen(num), MAX_DELAY_MS, &v);
		if (rc) {
			rq->code = MHD_HTTP_BAD_REQUEST;
			snprintf(rq->msg, sizeof(rq->msg), "bad delay '%s': "
				 "expected 0 to %u ms\n", num, MAX_DELAY_MS);
			return;
		}
		rq->delay_ms = (unsigned)v;
		if (MHD_lookup_connection_value_n(conn, MHD_GET_ARGUMENT_KIND,
						  "bytes", 5, &q, &qlen) == MHD_YES) {
			rc = parse_num(q, qlen, MAX_BYTES, &rq->bytes);
			if (rc) {
				rq->code = MHD_HTTP_BAD_REQUEST;
				snprintf(rq->msg, sizeof(rq->msg), "bad bytes "
					 "'%.*s': expected 0 to %llu\n",
					 q ? (int)qlen : 0, q ? q : "",
					 (unsigned long long)MAX_BYTES);
			}
		}
	} else if (strncmp(url, bytes, sizeof(bytes) - 1) == 0) {
		num = url + sizeof(bytes) - 1;
		rc = parse_num(num, strlen(num), MAX_BYTES, &rq->bytes);
		if (rc) {
			rq->code = MHD_HTTP_BAD_REQUEST;
			snprintf(rq->msg, sizeof(rq->msg), "bad size '%s': "
				 "expected 0 to %llu bytes\n", num,
				 (unsigned long long)MAX_BYTES);
		}
	} else {
		rq->code = MHD_HTTP_NOT_FOUND;
		snprintf(rq->msg, sizeof(rq->msg), "not found: try "
			 "/delay/MS?bytes=N or /bytes/N\n");
	}
}

/* Park the connection until its deadline. Returns 0, or -1 when the
 * server is stopping (answer at once instead). */
static int suspend_until(struct listener *l, struct MHD_Connection *conn,
			 struct req *rq)
{
	struct timer t = { now_ns() + (uint64_t)rq->delay_ms * 1000000u, conn };

	if (l->stopping || heap_push(l, t))
		return -1;
	MHD_suspend_connection(conn);
	rq->due_ns = t.due_ns;
	return 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **req_cls)
{
	struct listener *l = cls;
	struct req *rq = *req_cls;

	(void)version;
	(void)upload;
	if (!rq) {
		/* First call: headers only. Answer on the next one. */
		rq = calloc(1, sizeof(*rq));
		if (!rq)
			return MHD_NO;
		*req_cls = rq;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;	/* ignore a body */
		return MHD_YES;
	}
	if (rq->waiting) {
		/* Resumed when due (or by a stop). */
		rq->waiting = 0;
		return reply_body(l, conn, rq);
	}
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return reply_text(conn, MHD_HTTP_METHOD_NOT_ALLOWED,
				  "only GET and HEAD\n");
	parse_request(conn, url, rq);
	if (rq->code)
		return reply_text(conn, (unsigned)rq->code, rq->msg);
	if (rq->delay_ms && suspend_until(l, conn, rq) == 0) {
		rq->waiting = 1;
		return MHD_YES;
	}
	return reply_body(l, conn, rq);
}

static void on_completed(void *cls, struct MHD_Connection *conn,
			 void **req_cls, enum MHD_RequestTerminationCode why)
{
	(void)cls;
	(void)conn;
	(void)why;
	free(*req_cls);
	*req_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *conn,
			  void **socket_ctx,
			  enum MHD_ConnectionNotificationCode what)
{
	struct listener *l = cls;

	(void)conn;
	(void)socket_ctx;
	if (what == MHD_CONNECTION_NOTIFY_STARTED)
		l->connections++;
}

/* ---- the event loop of a listener ---- */

/* How long serve() may wait: until libmicrohttpd's next time-out (0 when
 * it has work in hand) or the next deadline, whichever is first. NULL:
 * until something happens. */
static struct timespec *wait_time(struct listener *l, struct timespec *ts)
{
	MHD_UNSIGNED_LONG_LONG ms;
	uint64_t wait = UINT64_MAX;

	if (MHD_get_timeout(l->d, &ms) == MHD_YES)
		wait = (ms < 1000000000ull ? ms : 1000000000ull) * 1000000u;
	if (l->n) {
		uint64_t now = now_ns(), due = l->heap[0].due_ns;

		if (due <= now)
			wait = 0;
		else if (due - now < wait)
			wait = due - now;
	}
	if (wait == UINT64_MAX)
		return NULL;
	ts->tv_sec = (time_t)(wait / 1000000000u);
	ts->tv_nsec = (long)(wait % 1000000000u);
	return ts;
}

/*
 * The listener's thread: wait for network events (libmicrohttpd's epoll
 * descriptor is readable when any of its sockets is ready), the next
 * deadline or the stop; resume what is due; then MHD_run() handles it all
 * without blocking. Resuming here, just before MHD_run(), means a resume
 * can never be signalled and then lost while libmicrohttpd sleeps: it
 * happens on the same thread, and MHD_run() handles it first thing.
 */
static void *serve(void *arg)
{
	struct listener *l = arg;
	struct pollfd p[2] = {
		{ .fd = l->epoll_fd, .events = POLLIN },
		{ .fd = stop_pipe[0], .events = POLLIN },
	};

	for (;;) {
		struct timespec ts;

		if (ppoll(p, 2, wait_time(l, &ts), NULL) < 0 && errno != EINTR)
			die(1, "ppoll: %s", strerror(errno));
		if (p[1].revents)
			break;
		for (uint64_t now = now_ns(); l->n && l->heap[0].due_ns <= now;)
			MHD_resume_connection(heap_pop(l).conn);
		MHD_run(l->d);
	}
	/* Stop: no new suspensions; resume everything still waiting (their
	 * answers may not get out, which is fine), so that libmicrohttpd can
	 * close every connection. */
	l->stopping = 1;
	while (l->n)
		MHD_resume_connection(heap_pop(l).conn);
	MHD_run(l->d);
	return NULL;
}

/* ---- start-up ---- */

/* Bind and listen ourselves, so --host may be any name or address and
 * --port 0 tells us the port the kernel picked: into url, and into port
 * (NI_MAXSERV bytes) for the other listeners. */
static int listen_on(const char *host, char *port, char *url, size_t urllen)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC,
				  .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_PASSIVE };
	struct addrinfo *res, *ai;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char h[NI_MAXHOST], p[NI_MAXSERV];
	int fd = -1, one = 1, rc;

	rc = getaddrinfo(host, port, &hints, &res);
	if (rc)
		die(2, "cannot resolve --host '%s' --port '%s': %s", host, port,
		    gai_strerror(rc));
	for (ai = res; ai && fd < 0; ai = ai->ai_next) {
		/* Non-blocking: libmicrohttpd then accepts every pending
		 * connection per wake-up; with a blocking socket it takes one
		 * at a time, and a burst of connects (256 at once from an
		 * event loop) could sit unaccepted in the queue. */
		fd = socket(ai->ai_family,
			    ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
			    ai->ai_protocol);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 ||
		    listen(fd, LISTEN_BACKLOG) < 0) {
			rc = errno;
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	if (fd < 0)
		die(1, "cannot listen on %s port %s: %s", host, port,
		    strerror(rc ? rc : EADDRNOTAVAIL));
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0 ||
	    getnameinfo((struct sockaddr *)&ss, sl, h, sizeof(h), p, sizeof(p),
			NI_NUMERICHOST | NI_NUMERICSERV))
		die(1, "getsockname: %s", strerror(errno));
	snprintf(url, urllen, ss.ss_family == AF_INET6 ? "http://[%s]:%s"
		 : "http://%s:%s", h, p);
	snprintf(port, NI_MAXSERV, "%s", p);
	return fd;
}

/* 10,000 connections need more than the usual soft limit of 1,024 fds. */
static rlim_t raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return 1024;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	return rl.rlim_cur;
}

static void on_stop(int sig)
{
	stop_signal = sig;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: latency-server [--host ADDR] [--port N] [--corrupt-byte K]\n"
"                      [--listeners N] [--stats]\n"
"Serves GET /delay/MS[?bytes=N] (answer after MS ms) and GET /bytes/N\n"
"(answer at once); byte k of a body is 'a' + k %% 26. Prints its URL on\n"
"stdout once ready; stops on SIGINT or SIGTERM. Defaults: 127.0.0.1, port\n"
"0 (a free port). Limits: %u ms, %llu bytes.\n"
"--corrupt-byte K serves byte K of every body wrong (for the tests).\n"
"--listeners N: N listening sockets (event loops) on the port, not %d.\n"
"--stats: on stopping, count connections, answers and late answers on\n"
"stderr (said anyway when an answer was more than 5 s late).\n",
		MAX_DELAY_MS, (unsigned long long)MAX_BYTES, LISTENERS);
}

int main(int argc, char **argv)
{
	const char *host = "127.0.0.1";
	char port[NI_MAXSERV] = "0";
	static struct listener ls[MAX_LISTENERS];
	struct sigaction sa = { .sa_handler = on_stop };
	sigset_t sigs, waitmask;
	char url[NI_MAXHOST + 32];
	unsigned limit;
	rlim_t nofile;
	int fd[MAX_LISTENERS];
	unsigned nl = LISTENERS;
	uint64_t conns = 0, reqs = 0, late = 0, worst = 0;
	int stats = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--stats") == 0) {
			stats = 1;
		} else if (strcmp(argv[i], "--host") == 0 && i + 1 < argc) {
			host = argv[++i];
		} else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
			uint64_t v;

			i++;
			if (parse_num(argv[i], strlen(argv[i]), 65535, &v))
				die(2, "--port: '%s' is not a port (0 to 65535)",
				    argv[i]);
			snprintf(port, sizeof(port), "%s", argv[i]);
		} else if (strcmp(argv[i], "--listeners") == 0 &&
			   i + 1 < argc) {
			uint64_t v;

			i++;
			if (parse_num(argv[i], strlen(argv[i]), MAX_LISTENERS, &v) ||
			    !v)
				die(2, "--listeners: '%s' is not 1 to %d", argv[i],
				    MAX_LISTENERS);
			nl = (unsigned)v;
		} else if (strcmp(argv[i], "--corrupt-byte") == 0 &&
			   i + 1 < argc) {
			i++;
			if (parse_num(argv[i], strlen(argv[i]), MAX_BYTES,
				      &corrupt_at))
				die(2, "--corrupt-byte: '%s' is not a byte "
				    "offset", argv[i]);
		} else {
			die(2, "unknown or incomplete option '%s' (see --help)",
			    argv[i]);
		}
	}

	/* Every thread (ours and libmicrohttpd's) inherits this mask, so the
	 * stop signals reach only the main thread, in sigsuspend() below. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	pthread_sigmask(SIG_BLOCK, &sigs, &waitmask);
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGTERM);
	signal(SIGPIPE, SIG_IGN);

	nofile = raise_nofile();
	/* Leave room for the listen socket, epoll, the wake-up pipe, stdio. */
	if (nofile > 1000000)
		nofile = 1000000;
	limit = nofile > 80 ? (unsigned)nofile - 16 : 64;
	/* The first listener picks the port (--port 0), the others share it. */
	for (unsigned i = 0; i < nl; i++)
		fd[i] = listen_on(host, port, url, sizeof(url));

	if (pipe2(stop_pipe, O_CLOEXEC) < 0)
		die(1, "pipe: %s", strerror(errno));

	/* MHD_USE_EPOLL without an internal thread: serve() runs each
	 * daemon (see the top of this file). epoll, since a poll() loop
	 * looks at every open connection on every wake-up: at 10,000
	 * connections the server spent 9 s of CPU time on poll() for one
	 * 200 ms round, against 1 s with epoll. MHD_USE_TURBO reads a new
	 * connection at once instead of waiting for epoll to report it. */
	for (unsigned i = 0; i < nl; i++) {
		const union MHD_DaemonInfo *info;
		struct listener *l = &ls[i];

		l->d = MHD_start_daemon(MHD_USE_EPOLL | MHD_USE_TURBO |
					MHD_ALLOW_SUSPEND_RESUME |
					MHD_USE_ERROR_LOG,
					0, NULL, NULL, on_request, l,
					MHD_OPTION_LISTEN_SOCKET, fd[i],
					MHD_OPTION_CONNECTION_LIMIT,
					limit / nl,
					MHD_OPTION_CONNECTION_TIMEOUT,
					IDLE_TIMEOUT_S,
					MHD_OPTION_CONNECTION_MEMORY_LIMIT,
					(size_t)CONN_MEMORY,
					MHD_OPTION_NOTIFY_COMPLETED,
					on_completed, NULL,
					MHD_OPTION_NOTIFY_CONNECTION,
					on_connection, l, MHD_OPTION_END);
		if (!l->d)
			die(1, "libmicrohttpd would not start on %s", url);
		info = MHD_get_daemon_info(l->d, MHD_DAEMON_INFO_EPOLL_FD);
		if (!info || info->epoll_fd < 0)
			die(1, "libmicrohttpd has no epoll descriptor");
		l->epoll_fd = info->epoll_fd;
		if (pthread_create(&l->thread, NULL, serve, l))
			die(1, "cannot start a listener's thread");
	}
	printf("%s\n", url);
	fflush(stdout);

	while (!stop_signal)
		sigsuspend(&waitmask);

	/* Stop: each listener resumes what still waits and ends; then the
	 * daemons close every connection and their listening sockets. */
	if (write(stop_pipe[1], "", 1) < 0)
		die(1, "cannot signal the stop: %s", strerror(errno));
	for (unsigned i = 0; i < nl; i++) {
		pthread_join(ls[i].thread, NULL);
		MHD_stop_daemon(ls[i].d);
		free(ls[i].heap);
		conns += ls[i].connections;
		reqs += ls[i].requests;
		late += ls[i].late;
		if (ls[i].worst_late_ns > worst)
			worst = ls[i].worst_late_ns;
	}
	/* Its own counters, for whoever wonders where a time-out came from:
	 * always when asked (--stats), and whenever an answer was late. */
	if (stats || late)
		fprintf(stderr, "latency-server: %llu connections, %llu answers, "
			"%llu of them more than %.0f s late (at most %.1f ms past "
			"due)%s\n", (unsigned long long)conns,
			(unsigned long long)reqs, (unsigned long long)late,
			LATE_NS / 1e9, worst / 1e6, late ? ": the server's event "
			"loop fell behind" : "");
	return 0;
}
