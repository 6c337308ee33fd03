/* util.c - see util.h. */
#include "bench/core/util.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static void vmsg(const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);

	fputs("bench: ", stderr);
	vfprintf(stderr, fmt, ap);
	if (n && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void gb_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	exit(status);
}

void gb_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

void *gb_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		gb_die(GB_EXIT_FAIL, "out of memory (%zu bytes)", n);
	return p;
}

void *gb_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		gb_die(GB_EXIT_FAIL, "out of memory (%zu x %zu bytes)", n, size);
	return p;
}

char *gb_xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		gb_die(GB_EXIT_FAIL, "out of memory");
	return p;
}

/* Copy s without underscores that sit between two digits. */
static int strip_underscores(const char *s, char *buf, size_t size)
{
	size_t j = 0;

	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '_') {
			if (i == 0 || !isdigit((unsigned char)s[i - 1]) ||
			    !isdigit((unsigned char)s[i + 1]))
				return -EINVAL;
			continue;
		}
		if (j + 1 >= size)
			return -ERANGE;
		buf[j++] = s[i];
	}
	buf[j] = '\0';
	return 0;
}

int gb_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	char buf[64], *end;
	unsigned long long v;
	int rc;

	if (!s || !isdigit((unsigned char)s[0]))
		return -EINVAL;
	rc = strip_underscores(s, buf, sizeof(buf));
	if (rc)
		return rc;
	errno = 0;
	v = strtoull(buf, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int gb_parse_double(const char *s, double min, double max, double *out)
{
	char buf[64], *end;
	double v;
	int rc;

	if (!s || !(isdigit((unsigned char)s[0]) || s[0] == '.' || s[0] == '-'))
		return -EINVAL;
	rc = strip_underscores(s, buf, sizeof(buf));
	if (rc)
		return rc;
	errno = 0;
	v = strtod(buf, &end);
	if (end == buf || *end || isnan(v))
		return -EINVAL;
	if (errno == ERANGE || isinf(v) || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

static int opt_error(const char *opt, const char *val, int rc,
		     const char *range, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: '%s' is %s (expected %s)", opt, val,
		 rc == -ERANGE ? "out of range" : "not a valid number", range);
	return rc;
}

int gb_opt_u64(const char *opt, const char *val, uint64_t min, uint64_t max,
	       const char *range, uint64_t *out, char *err, size_t errlen)
{
	int rc = gb_parse_u64(val, min, max, out);

	return rc ? opt_error(opt, val, rc, range, err, errlen) : 0;
}

int gb_opt_double(const char *opt, const char *val, double min, double max,
		  const char *range, double *out, char *err, size_t errlen)
{
	int rc = gb_parse_double(val, min, max, out);

	return rc ? opt_error(opt, val, rc, range, err, errlen) : 0;
}

double gb_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double gb_wall_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int gb_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

long gb_read_full(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, p + got, len - got);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return got ? -EPIPE : 0;
		got += (size_t)n;
	}
	return (long)got;
}

atomic_int gb_stop_signal;

void gb_close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

int gb_bind_to_parent(pid_t parent, int sig)
{
	if (prctl(PR_SET_PDEATHSIG, sig) < 0)
		return -errno;
	return getppid() == parent ? 0 : -ESRCH;
}

void gb_describe_status(int status, char *buf, size_t len)
{
	if (WIFSIGNALED(status))
		snprintf(buf, len, "killed by signal %d (%s)",
			 WTERMSIG(status), strsignal(WTERMSIG(status)));
	else if (WIFEXITED(status))
		snprintf(buf, len, "exited with status %d",
			 WEXITSTATUS(status));
	else
		snprintf(buf, len, "stopped (status 0x%x)", status);
}

uint64_t gb_rand_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void gb_appendf(char *buf, size_t len, const char *sep, const char *fmt, ...)
{
	size_t used = strnlen(buf, len);
	va_list ap;

	if (used && used + strlen(sep) < len) {
		memcpy(buf + used, sep, strlen(sep) + 1);
		used += strlen(sep);
	}
	va_start(ap, fmt);
	if (used < len)
		vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}
