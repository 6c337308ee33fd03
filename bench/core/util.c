/* util.c - see util.h. */
#include "bench/core/util.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
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

void *gb_xrealloc(void *p, size_t n, size_t size)
{
	void *q;

	if (!n)
		n = 1;
	if (!size)
		size = 1;
	if (n > SIZE_MAX / size)
		gb_die(GB_EXIT_FAIL, "out of memory (%zu x %zu bytes)", n, size);
	q = realloc(p, n * size);
	if (!q)
		gb_die(GB_EXIT_FAIL, "out of memory (%zu x %zu bytes)", n, size);
	return q;
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
	/* Decimal only: strtod also reads hex floats ("0x10" is 16) and
	 * "inf"/"nan" after a sign, which no option means. */
	if (s[strspn(s, "0123456789._eE+-")])
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
	/* "-0" is zero: recorded as 0, not "-0". */
	*out = v == 0 ? 0.0 : v;
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

int gb_self_exe(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);

	if (n < 0)
		return -errno;
	if ((size_t)n >= len - 1)
		return -ENAMETOOLONG;
	buf[n] = '\0';
	return 0;
}

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

int gb_lock(int fd)
{
	while (flock(fd, LOCK_EX) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

void gb_unlock(int fd)
{
	(void)flock(fd, LOCK_UN);
}

/* 0 when the file of fd (size bytes) is empty or ends in a newline,
 * -EBADMSG when it does not, or -errno when it cannot be read. */
static int check_last_byte(int fd, off_t size)
{
	char c;
	ssize_t n;

	if (size == 0)
		return 0;
	do
		n = pread(fd, &c, 1, size - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n == 1 && c == '\n' ? 0 : -EBADMSG;
}

int gb_append_locked(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	struct stat before, after;
	size_t done = 0;
	int rc = gb_lock(fd);

	if (rc)
		return rc;
	if (fstat(fd, &before) < 0) {
		rc = -errno;
		goto out;
	}
	rc = check_last_byte(fd, before.st_size);
	while (!rc && done < len) {
		ssize_t n = write(fd, p + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			rc = n < 0 ? -errno : -EIO;
		else
			done += (size_t)n;
	}
	/* Cut off our own part of a row, and nothing more: if the file grew
	 * by anything else meanwhile (a writer that does not lock), its
	 * bytes stay, and so does our part. */
	if (rc && done && fstat(fd, &after) == 0 &&
	    after.st_size == before.st_size + (off_t)done &&
	    ftruncate(fd, before.st_size) < 0) {
		/* As short as the system allows; keep rc. */
	}
out:
	gb_unlock(fd);
	return rc;
}

void gb_escape(char *out, size_t outlen, const void *in, size_t inlen)
{
	const unsigned char *s = in;
	size_t used = 0;

	if (!outlen)
		return;
	for (size_t i = 0; i < inlen; i++) {
		char tmp[8];
		size_t n;

		if (s[i] == '\\')
			n = (size_t)snprintf(tmp, sizeof(tmp), "\\\\");
		else if (s[i] >= 0x20 && s[i] < 0x7f)
			n = (size_t)snprintf(tmp, sizeof(tmp), "%c", s[i]);
		else
			n = (size_t)snprintf(tmp, sizeof(tmp), "\\x%02x", s[i]);
		/* Keep room for "..." unless this is the last byte. */
		if (used + n + (i + 1 < inlen ? 4 : 1) > outlen) {
			snprintf(out + used, outlen - used, "...");
			return;
		}
		memcpy(out + used, tmp, n);
		used += n;
	}
	out[used] = '\0';
}

int gb_snapshot_file(const char *path, size_t max, int *fd, char *err,
		     size_t errlen)
{
	int in = open(path, O_RDONLY | O_CLOEXEC), out, rc = 0;
	size_t total = 0;
	char buf[65536];

	if (in < 0) {
		rc = -errno;
		snprintf(err, errlen, "cannot open '%s': %s", path,
			 strerror(-rc));
		return rc;
	}
	out = memfd_create("gilbench-snapshot", MFD_CLOEXEC |
			   MFD_ALLOW_SEALING);
	if (out < 0) {
		rc = -errno;
		snprintf(err, errlen, "cannot copy '%s': %s", path,
			 strerror(-rc));
		close(in);
		return rc;
	}
	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno;
			snprintf(err, errlen, "cannot read '%s': %s", path,
				 strerror(-rc));
			break;
		}
		if (n == 0)
			break;
		total += (size_t)n;
		if (total > max) {	/* /dev/zero, or the wrong file */
			rc = -EFBIG;
			snprintf(err, errlen, "'%s' is larger than %zu MiB", path,
				 max >> 20);
			break;
		}
		if ((rc = gb_write_all(out, buf, (size_t)n))) {
			snprintf(err, errlen, "cannot copy '%s': %s", path,
				 strerror(-rc));
			break;
		}
	}
	close(in);
	if (!rc && fcntl(out, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW |
			 F_SEAL_WRITE | F_SEAL_SEAL) < 0) {
		rc = -errno;
		snprintf(err, errlen, "cannot seal the copy of '%s': %s", path,
			 strerror(-rc));
	}
	if (rc) {
		close(out);
		return rc;
	}
	*fd = out;
	return 0;
}

struct gb_afile {
	FILE *f;
	int fd;
	int err;		/* the first failed write's -errno, or 0 */
	char *path, *tmp;
};

/* The stream's writes, so that the first error keeps its errno. */
static ssize_t afile_write(void *cookie, const char *buf, size_t len)
{
	struct gb_afile *a = cookie;
	int rc;

	if (a->err)
		return 0;
	rc = gb_write_all(a->fd, buf, len);
	if (rc) {
		a->err = rc;
		return 0;	/* fopencookie: 0 is an error */
	}
	return (ssize_t)len;
}

static void afile_free(struct gb_afile *a, int remove_tmp)
{
	if (a->f)
		fclose(a->f);
	if (a->fd >= 0)
		close(a->fd);
	if (remove_tmp && a->tmp)
		unlink(a->tmp);
	free(a->path);
	free(a->tmp);
	free(a);
}

int gb_afile_open(struct gb_afile **out, const char *path, FILE **f)
{
	const cookie_io_functions_t io = { .write = afile_write };
	struct gb_afile *a = calloc(1, sizeof(*a));
	mode_t mask;
	int rc;

	if (!a)
		return -ENOMEM;
	a->fd = -1;
	a->path = strdup(path);
	/* Beside the file, so the rename stays in one file system. */
	if (!a->path || asprintf(&a->tmp, "%s.part-XXXXXX", path) < 0) {
		a->tmp = NULL;
		afile_free(a, 0);
		return -ENOMEM;
	}
	a->fd = mkostemp(a->tmp, O_CLOEXEC);
	if (a->fd < 0) {
		rc = -errno;
		free(a->tmp);
		a->tmp = NULL;
		afile_free(a, 0);
		return rc;
	}
	/* mkstemp makes 0600; the file it replaces was made under umask. */
	mask = umask(0);
	umask(mask);
	if (fchmod(a->fd, 0666 & ~mask) < 0) { /* keep 0600 */ }
	a->f = fopencookie(a, "w", io);
	if (!a->f) {
		afile_free(a, 1);
		return -ENOMEM;
	}
	*out = a;
	*f = a->f;
	return 0;
}

int gb_afile_sync(struct gb_afile *a)
{
	if (fflush(a->f) && !a->err)
		a->err = -EIO;
	if (!a->err && fsync(a->fd) < 0)
		a->err = -errno;
	return a->err;
}

int gb_afile_commit(struct gb_afile *a)
{
	int rc = gb_afile_sync(a);

	if (!rc && rename(a->tmp, a->path) < 0)
		rc = -errno;
	if (!rc) {
		/* The rename itself must reach the disk too. */
		char *dir = strdup(a->path), *slash = dir ? strrchr(dir, '/') : NULL;
		int dfd;

		if (dir) {
			if (slash)
				*(slash == dir ? slash + 1 : slash) = '\0';
			dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY |
				   O_CLOEXEC);
			if (dfd >= 0) {
				(void)fsync(dfd);
				close(dfd);
			}
			free(dir);
		}
	}
	afile_free(a, rc != 0);
	return rc;
}

void gb_afile_abort(struct gb_afile *a)
{
	if (a)
		afile_free(a, 1);
}
